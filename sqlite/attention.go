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
// estimated from a systematic sample of the id range: attentionWindows
// windows of consecutive ids, evenly spaced, together a share f of the
// range, each counted whole, and every match counted 1/f times. A window
// is a run of consecutive stored items, so the sample is spread over the
// whole range whatever the order of dates and ids, and the estimate of
// each day is unbiased. The share starts at what the sample allows if
// every item matched, and grows once when the matches are rarer.
//
// A statement's date is in its row, which the full-text index does not
// hold, so each statement read costs a row; statements get the smaller
// sample.
var (
	attentionSample          = 10000 // articles read at most, about
	attentionStatementSample = 4000  // statements read at most, about
	attentionWindows         = 500
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

// candidates is the SQL that lists a target's candidate rows from a
// first id (inclusive) to a last (exclusive), the two last arguments,
// each with its id, date and whether it passes the list's conditions;
// the arguments before those two are returned.
func candidates(l *list) (string, []any) { return candidatesIn(l, "", "?", "?") }

// candidatesIn is candidates with the SQL of the bounds given, after the
// FROM item from.
func candidatesIn(l *list, from, lo, hi string) (string, []any) {
	t := l.t
	where, wargs := l.conds.where()
	cols := func(id string) string {
		return "SELECT " + id + " AS id, " + t.alias + ".date AS date, coalesce((1 = 1" + where + "), 0) AS pass FROM "
	}
	if l.s.match != "" {
		id := t.fts + ".rowid"
		return cols(id) + from + t.windowFrom + " WHERE " + t.fts + " MATCH ? AND " + id + " >= " + lo + " AND " + id + " < " + hi,
			append(wargs, l.s.match)
	}
	id := t.alias + ".id"
	return cols(id) + from + plainCandidates(t) + " WHERE " + id + " >= " + lo + " AND " + id + " < " + hi, wargs
}

// plainCandidates is the FROM of a target's rows without a text to match.
func plainCandidates(t *target) string {
	if t == statementsTarget {
		return "statements s JOIN articles a INDEXED BY articles_narrow ON a.id = s.article_id"
	}
	return "articles a INDEXED BY articles_narrow"
}

// countDays counts the list's matches per day (days since 1970), exactly
// when they are at most the target's sample, else estimated from windows.
func countDays(ctx context.Context, tx querier, l *list) (map[int64]float64, bool, error) {
	lo, hi, err := idRange(ctx, tx, l)
	if err != nil || hi <= lo {
		return map[int64]float64{}, true, err
	}
	counts := map[int64]float64{}
	if hi-lo <= int64(wholeStore) {
		// A small store: every candidate, whatever the matches number.
		q, args := candidates(l)
		err := addDays(ctx, tx, counts, "SELECT date, pass FROM ("+q+")", append(args, lo, hi), 1)
		return counts, true, err
	}
	sample := attentionSample
	if l.t == statementsTarget {
		sample = attentionStatementSample
	}
	// Few enough matches: all of them. (A filter's own index yields
	// article ids, so it leads a count of articles only.)
	if l.s.match != "" || l.t == articlesTarget && l.conds.canDrive() || hi-lo <= int64(sample) {
		n := int(hi - lo)
		if l.s.match != "" || l.t == articlesTarget && l.conds.canDrive() {
			if n, err = countUpTo(ctx, tx, l, lo, hi, sample+1); err != nil {
				return nil, false, err
			}
		}
		if n <= sample {
			q, args := candidates(l)
			args = append(args, lo, hi)
			if l.s.match == "" && l.t == articlesTarget && l.conds.canDrive() {
				// Through the filter's own index, not every article of
				// the range.
				dwhere, dargs := l.conds.join(true)
				q, args = "SELECT a.date AS date, 1 AS pass FROM articles a INDEXED BY articles_narrow WHERE a.id >= ? AND a.id < ?"+dwhere,
					append([]any{lo, hi}, dargs...)
			}
			err := addDays(ctx, tx, counts, "SELECT date, pass FROM ("+q+")", args, 1)
			return counts, true, err
		}
	}
	share := float64(sample) / float64(hi-lo)
	read, err := windowDays(ctx, tx, l, lo, hi, share, counts)
	if err != nil {
		return nil, false, err
	}
	if read < sample/2 && share < 1 {
		// Rarer matches than items: a larger share, once.
		share = min(1, share*float64(sample)/float64(max(read, sample/50)))
		clear(counts)
		if _, err := windowDays(ctx, tx, l, lo, hi, share, counts); err != nil {
			return nil, false, err
		}
	}
	return counts, share >= 1, nil
}

// windowDays counts the candidates of evenly spaced windows that cover a
// share of the ids [lo, hi), each passing one weighted 1/share, and
// returns how many candidates it read.
func windowDays(ctx context.Context, tx querier, l *list, lo, hi int64, share float64, counts map[int64]float64) (int, error) {
	span := hi - lo
	k := int64(attentionWindows)
	w := int64(share * float64(span) / float64(k))
	if w < 1 {
		w, k = 1, max(int64(share*float64(span)), 1)
	}
	step := span / k
	share = float64(w*k) / float64(span) // as the windows fall
	// One statement for all windows: the CROSS JOIN makes SQLite read
	// each window in turn, through the full-text index's rowid range.
	q, args := candidatesIn(l, "win CROSS JOIN ", "win.lo", "win.lo + ?")
	q = "WITH RECURSIVE win(lo) AS (SELECT ? UNION ALL SELECT lo + ? FROM win WHERE lo + ? < ?) SELECT date, pass FROM (" + q + ")"
	args = append([]any{lo, step, step, lo + k*step}, args...)
	args = append(args, w)
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var date int64
		var pass bool
		if err := rows.Scan(&date, &pass); err != nil {
			return 0, err
		}
		n++
		if pass {
			counts[floorDiv(date, 86400)] += 1 / share
		}
	}
	return n, rows.Err()
}

// idRange returns the ids a list's candidates can have, [lo, hi): for
// articles, the blocks of ids whose dates meet the list's date ranges
// (migration 007); for statements, all of them.
func idRange(ctx context.Context, tx querier, l *list) (lo, hi int64, err error) {
	if l.t == statementsTarget {
		var mn, mx sql.NullInt64
		// Two subqueries: min and max together would scan the table.
		err = tx.QueryRowContext(ctx, "SELECT (SELECT min(id) FROM statements), (SELECT max(id) FROM statements)").Scan(&mn, &mx)
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

// addDays adds weight to the day of each passing row of q, which selects
// date and pass.
func addDays(ctx context.Context, tx querier, counts map[int64]float64, q string, args []any, weight float64) error {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var date int64
		var pass bool
		if err := rows.Scan(&date, &pass); err != nil {
			return err
		}
		if pass {
			counts[floorDiv(date, 86400)] += weight
		}
	}
	return rows.Err()
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
