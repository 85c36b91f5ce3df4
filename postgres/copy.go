package postgres

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/rapporteur/rapporteur"
)

// A group of puts (putGroupTx) sends its articles' statements with one
// COPY at its end instead of an INSERT each in the articles' batches:
// COPY costs the server about half the CPU per row (0.042 ms against
// 0.082, measured on 70,752 imported statements; the indexes and the
// speaker key check cost the same either way), and statements are most
// of the rows an article writes. Nothing the group does reads statements
// before its end but a speaker's type vote, which adds the rows still
// waiting (stmtCopy.types), and the rare writes that rework stored
// statements (an article stored again, a speaker merged), before which
// the rows waiting are sent (copyFlush).

// qStatementCopy is the COPY of stmtCopy's rows, in qStatementIns's
// columns.
const qStatementCopy = `COPY statements (article_id, speaker_id, date, source_id, kind, confidence,
	content_start, content_end, cue_start, cue_end, cue, speaker_type, speaker_name, role, affiliation,
	mention_start, mention_end, mention, source_start, source_end, source_text, via, content, mode,
	act, target, responds_to, more_roles, tsv) FROM STDIN`

// stmtCopy holds statement rows in COPY's text format until they are
// sent.
type stmtCopy struct {
	buf bytes.Buffer
	// types counts the rows waiting per speaker: statements typed a
	// person, and an organization (the type vote counts them).
	types map[int64][2]int64
}

// row appends a row of qStatementCopy's columns: nil is NULL; int64,
// int, *int, float64 and string values.
func (c *stmtCopy) row(vals ...any) {
	for i, v := range vals {
		if i > 0 {
			c.buf.WriteByte('\t')
		}
		switch v := v.(type) {
		case nil:
			c.buf.WriteString(`\N`)
		case int64:
			c.buf.WriteString(strconv.FormatInt(v, 10))
		case int:
			c.buf.WriteString(strconv.Itoa(v))
		case float64:
			switch {
			case math.IsInf(v, 1):
				c.buf.WriteString("Infinity")
			case math.IsInf(v, -1):
				c.buf.WriteString("-Infinity")
			default:
				c.buf.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
			}
		case string:
			copyText(&c.buf, v)
		default:
			panic("stmtCopy: a value of an unexpected type")
		}
	}
	c.buf.WriteByte('\n')
}

// count adds a row of speaker sp, typed typ, to the rows waiting.
func (c *stmtCopy) count(sp int64, typ string) {
	k := -1
	switch typ {
	case rapporteur.Person:
		k = 0
	case rapporteur.Organization:
		k = 1
	}
	if k < 0 {
		return
	}
	if c.types == nil {
		c.types = map[int64][2]int64{}
	}
	n := c.types[sp]
	n[k]++
	c.types[sp] = n
}

var copyEscaper = strings.NewReplacer("\\", `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`)

// copyText writes s as a COPY text field.
func copyText(b *bytes.Buffer, s string) {
	if strings.ContainsAny(s, "\\\t\n\r") {
		copyEscaper.WriteString(b, s)
		return
	}
	b.WriteString(s)
}

// copyFlush sends the statements waiting, after the writes queued (the
// speakers they name may wait there).
func (w *writer) copyFlush() error {
	c := w.stmts
	if c == nil || c.buf.Len() == 0 {
		return nil
	}
	if err := w.sendQueued(); err != nil {
		return err
	}
	if _, err := w.tx.tx.Conn().PgConn().CopyFrom(w.ctx, &c.buf, qStatementCopy); err != nil {
		return errorf("copy statements: %w", err)
	}
	c.buf.Reset()
	c.types = nil
	return nil
}

// A write without a COPY (WriteTx: one article in a job's transaction,
// where a COPY would be one more round trip) sends its article's
// statements in one INSERT of many rows, in the article's batch: an INSERT
// per statement was one more statement for the server to run each, and
// fired the statement-level triggers of migration 015 once per statement
// (11,885 times for 2,000 tosca articles, now once per article).

// statementValues is the number of values of a statement row.
var statementValues = strings.Count(qStatementIns[strings.Index(qStatementIns, "VALUES"):], "?")

// maxInsertRows bounds the rows of one INSERT: a statement takes at most
// 65,535 parameters.
const maxInsertRows = 1000

// queueStatements queues the INSERT of rows, the values of statement rows
// (qStatementIns's columns) one after the other, in b.
func queueStatements(b *pgx.Batch, rows []any) {
	for len(rows) > 0 {
		n := min(len(rows)/statementValues, maxInsertRows)
		b.Queue(statementInsert(n), rows[:n*statementValues]...)
		rows = rows[n*statementValues:]
	}
}

var statementInserts sync.Map // rows -> SQL

// statementInsert returns the INSERT of n statement rows.
func statementInsert(n int) string {
	if q, ok := statementInserts.Load(n); ok {
		return q.(string)
	}
	i := strings.Index(qStatementIns, "VALUES")
	head, row := qStatementIns[:i+len("VALUES")], strings.TrimSpace(qStatementIns[i+len("VALUES"):])
	var q strings.Builder
	q.WriteString(head)
	for k := range n {
		if k > 0 {
			q.WriteByte(',')
		}
		q.WriteString("\n\t\t")
		q.WriteString(row)
	}
	out := number(q.String())
	statementInserts.Store(n, out)
	return out
}
