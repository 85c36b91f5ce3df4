package sqlite

import (
	"context"
	"database/sql"
	"sort"
	"strconv"
	"time"

	"github.com/rapporteur/rapporteur"
)

// Attention over time (issue 15): how many articles or statements match a
// search on each day. Counting every match of a common word in a million
// articles would read a million dates; instead the days are counted
// exactly while the matches are few, and past attentionSample they are
// estimated from a stratified sample: the id range of the candidates is
// cut into attentionStrata strata, and each stratum counts its first
// matches in id order, weighted by the share of the stratum's ids they
// cover. Ids follow the order of storing, so the strata spread the sample
// over the whole period, and each stratum's weight corrects for how dense
// its matches are.
//
// A statement's date is in its row, which the full-text index does not
// hold, so each statement read costs a row; statements get the smaller
// sample.
var (
	attentionSample          = 10000 // articles read at most
	attentionStatementSample = 4000  // statements read at most
	attentionStrata          = 100
)

// ArticleDays returns the number of articles an ArticleFilter finds (its
// Cursor, Limit and Order aside) per UTC day of article date, days
// without any left out, oldest first; exact is false when the counts are
// estimates from a sample.
func (db *DB) ArticleDays(ctx context.Context, f rapporteur.ArticleFilter) (days []rapporteur.DayCount, exact bool, err error) {
	l, err := db.articleList(f)
	if err != nil {
		return nil, false, err
	}
	return db.days(ctx, l, "article days")
}

// StatementDays is ArticleDays for the statements a StatementFilter finds,
// by the date of their article.
func (db *DB) StatementDays(ctx context.Context, f rapporteur.StatementFilter) (days []rapporteur.DayCount, exact bool, err error) {
	l, err := db.statementList(f)
	if err != nil {
		return nil, false, err
	}
	return db.days(ctx, l, "statement days")
}

func (db *DB) days(ctx context.Context, l *list, what string) ([]rapporteur.DayCount, bool, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, false, errorf("%s: %w", what, err)
	}
	defer tx.Rollback()
	counts, exact, err := countDays(ctx, tx, l)
	if err != nil {
		return nil, false, errorf("%s: %w", what, err)
	}
	keys := make([]int64, 0, len(counts))
	for d := range counts {
		keys = append(keys, d)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	out := make([]rapporteur.DayCount, 0, len(keys))
	for _, d := range keys {
		if n := int(counts[d] + 0.5); n > 0 {
			out = append(out, rapporteur.DayCount{Day: time.Unix(d*86400, 0).UTC(), Count: n})
		}
	}
	return out, exact, nil
}

// candidates is the SQL that lists a target's candidate rows in id order,
// each with its id, date and whether it passes the list's conditions,
// from a first id (inclusive) to a last (exclusive), the two last
// arguments; the arguments before them are returned.
func candidates(l *list) (string, []any) {
	t := l.t
	where, wargs := l.conds.where()
	cols := func(id string) string {
		return "SELECT " + id + " AS id, " + t.alias + ".date AS date, (1 = 1" + where + ") AS pass FROM "
	}
	if l.s.match != "" {
		id := t.fts + ".rowid"
		return cols(id) + t.windowFrom + " WHERE " + t.fts + " MATCH ? AND " + id + " >= ? AND " + id + " < ? ORDER BY " + id,
			append(wargs, l.s.match)
	}
	from := "articles a INDEXED BY articles_narrow"
	if t == statementsTarget {
		from = "statements s JOIN articles a INDEXED BY articles_narrow ON a.id = s.article_id"
	}
	id := t.alias + ".id"
	return cols(id) + from + " WHERE " + id + " >= ? AND " + id + " < ? ORDER BY " + id, wargs
}

// countDays counts the list's matches per day (days since 1970), exactly
// when they are at most attentionSample, else estimated per stratum.
func countDays(ctx context.Context, tx querier, l *list) (map[int64]float64, bool, error) {
	lo, hi, err := idRange(ctx, tx, l)
	if err != nil || hi <= lo {
		return map[int64]float64{}, true, err
	}
	q, args := candidates(l)
	counts := map[int64]float64{}
	sample := attentionSample
	if l.t == statementsTarget {
		sample = attentionStatementSample
	}
	// Few enough matches: all of them. (A filter's own index yields
	// article ids, so it leads a count of articles only.)
	if l.s.match != "" || l.t == articlesTarget && l.conds.canDrive() {
		n, err := countUpTo(ctx, tx, l, lo, hi, sample+1)
		if err != nil {
			return nil, false, err
		}
		if n <= sample {
			_, days, err := scanDays(ctx, tx, q, append(args, lo, hi), -1)
			for _, d := range days {
				counts[d]++
			}
			return counts, true, err
		}
	}
	k := int64(attentionStrata)
	width := (hi - lo + k - 1) / k
	per := max(sample/attentionStrata, 1)
	exact := true
	for start := lo; start < hi; start += width {
		end := min(start+width, hi)
		last, days, err := scanDays(ctx, tx, q, append(append([]any(nil), args...), start, end), per)
		if err != nil {
			return nil, false, err
		}
		// The stratum's first per candidates cover ids start..last; when
		// they are not all of it, what they count is scaled to it.
		w := 1.0
		if last.n == per {
			exact = false
			w = float64(end-start) / float64(last.id-start+1)
		}
		for _, d := range days {
			counts[d] += w
		}
	}
	return counts, exact, nil
}

// idRange returns the ids a list's candidates can have, [lo, hi): for
// articles, the blocks of ids whose dates meet the list's date ranges
// (migration 007); for statements, all of them.
func idRange(ctx context.Context, tx querier, l *list) (lo, hi int64, err error) {
	if l.t == statementsTarget {
		var mn, mx sql.NullInt64
		err = tx.QueryRowContext(ctx, "SELECT min(id), max(id) FROM statements").Scan(&mn, &mx)
		return mn.Int64, mx.Int64 + 1, err
	}
	var c conds
	for _, d := range l.s.dates {
		if !d.From.IsZero() {
			c.add("max_date >= ?", d.From.Unix())
		}
		if !d.To.IsZero() {
			c.add("min_date < ?", d.To.Unix())
		}
	}
	where, args := c.where()
	var bl, bh sql.NullInt64
	if err := tx.QueryRowContext(ctx, "SELECT min(block), max(block) FROM article_blocks WHERE 1 = 1"+where, args...).Scan(&bl, &bh); err != nil || !bl.Valid {
		return 0, 0, err
	}
	return bl.Int64 << 10, (bh.Int64 + 1) << 10, nil
}

// countUpTo counts the candidates that a list's text or a filter's own
// index yields in [lo, hi), stopping at limit.
func countUpTo(ctx context.Context, tx querier, l *list, lo, hi int64, limit int) (int, error) {
	var q string
	var args []any
	if l.s.match != "" {
		q = "SELECT 1 FROM " + l.t.fts + " WHERE " + l.t.fts + " MATCH ? AND rowid >= ? AND rowid < ?"
		args = []any{l.s.match, lo, hi}
	} else {
		dwhere, dargs := l.conds.join(true)
		q = "SELECT 1 FROM articles a INDEXED BY articles_narrow WHERE a.id >= ? AND a.id < ?" + dwhere
		args = append([]any{lo, hi}, dargs...)
	}
	var n int
	err := tx.QueryRowContext(ctx, "SELECT count(*) FROM ("+q+" LIMIT "+strconv.Itoa(limit)+")", args...).Scan(&n)
	return n, err
}

// scanned is how far a scan of candidates read: how many, and the id of
// the last.
type scanned struct {
	n  int
	id int64
}

// scanDays reads up to limit candidates of q (all for a negative limit)
// and returns the day of each that passes.
func scanDays(ctx context.Context, tx querier, q string, args []any, limit int) (scanned, []int64, error) {
	if limit >= 0 {
		q += " LIMIT " + strconv.Itoa(limit)
	}
	var s scanned
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return s, nil, err
	}
	defer rows.Close()
	var days []int64
	for rows.Next() {
		var date int64
		var pass bool
		if err := rows.Scan(&s.id, &date, &pass); err != nil {
			return s, nil, err
		}
		s.n++
		if pass {
			days = append(days, floorDiv(date, 86400))
		}
	}
	return s, days, rows.Err()
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
