package postgres

import (
	"context"
	"sort"
	"strconv"
	"time"

	"github.com/rapporteur/rapporteur"
)

// Attention over time (issue 15), as package sqlite counts it: the days
// of the matches exactly while they are few, and past attentionSample an
// estimate from a systematic sample of the id range: attentionWindows
// windows of consecutive ids, evenly spaced, together a share f of the
// range, each counted whole, and every match counted 1/f times. A window
// is a run of consecutive stored items, so the sample is spread over the
// whole range whatever the order of dates and ids (the scale database
// replays the corpus's years in every copy), and the estimate of each day
// is unbiased. The share starts at what the sample allows if every item
// matched, and grows once when the matches are rarer.
var (
	attentionSample          = 10000 // articles read at most, about
	attentionStatementSample = 4000  // statements read at most, about
	attentionWindows         = 500
)

// ArticleDays returns the number of articles an ArticleFilter finds per
// UTC day of article date, days without any left out, oldest first; exact
// is false when the counts are estimates from a sample.
func (db *DB) ArticleDays(ctx context.Context, f rapporteur.ArticleFilter) ([]rapporteur.DayCount, bool, error) {
	l, err := db.articleList(f)
	if err != nil {
		return nil, false, err
	}
	return db.days(ctx, l, "article days")
}

// StatementDays is ArticleDays for the statements a StatementFilter finds,
// by the date of their article.
func (db *DB) StatementDays(ctx context.Context, f rapporteur.StatementFilter) ([]rapporteur.DayCount, bool, error) {
	l, err := db.statementList(f)
	if err != nil {
		return nil, false, err
	}
	return db.days(ctx, l, "statement days")
}

func (db *DB) days(ctx context.Context, l *list, what string) ([]rapporteur.DayCount, bool, error) {
	t, err := db.beginRead(ctx)
	if err != nil {
		return nil, false, errorf("%s: %w", what, err)
	}
	defer t.rollback()
	// Plans for the words and ranges at hand: a prepared statement's
	// generic plan, which PostgreSQL may choose after five runs, does not
	// know how common the word is (a count of a rare word's matches took
	// 490 ms instead of 25). And no JIT: the plans' costs count each
	// window at the size of the whole range and every partition of a
	// text match, which would start the compiler (0.4 s) on queries of
	// milliseconds.
	for _, set := range []string{"SET LOCAL plan_cache_mode = force_custom_plan", "SET LOCAL jit = off"} {
		if _, err := t.exec(ctx, set); err != nil {
			return nil, false, errorf("%s: %w", what, err)
		}
	}
	counts, exact, err := countDays(ctx, t, l)
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
// each with its date and whether it passes the list's conditions; the
// arguments before those two are returned.
func candidates(l *list) (string, []any) { return candidatesIn(l, "?", "?") }

// candidatesIn is candidates with the SQL of the bounds given.
func candidatesIn(l *list, lo, hi string) (string, []any) {
	t := l.t
	where, wargs := l.conds.where()
	id := t.alias + ".id"
	q := "SELECT " + t.alias + ".date AS date, coalesce((1 = 1" + where + "), false) AS pass FROM " + t.windowFrom + " WHERE "
	if l.s.match != "" {
		return q + t.tsv + " @@ ?::tsquery AND " + id + " >= " + lo + " AND " + id + " < " + hi, append(wargs, l.s.match)
	}
	return q + id + " >= " + lo + " AND " + id + " < " + hi, wargs
}

// countDays counts the list's matches per day (days since 1970), exactly
// when they are at most the target's sample, else estimated from windows.
func countDays(ctx context.Context, t *tx, l *list) (map[int64]float64, bool, error) {
	lo, hi, err := idRange(ctx, t, l)
	if err != nil || hi <= lo {
		return map[int64]float64{}, true, err
	}
	counts := map[int64]float64{}
	sample := attentionSample
	if l.t == statementsTarget {
		sample = attentionStatementSample
	}
	// Few enough matches: all of them. (A filter's own index yields
	// article ids, so it leads a count of articles only.)
	drive := l.t == articlesTarget && l.conds.indexed()
	if l.s.match != "" || drive || hi-lo <= int64(sample) {
		n := int(hi - lo)
		if l.s.match != "" || drive {
			var err error
			if n, err = countUpTo(ctx, t, l, lo, hi, sample+1); err != nil {
				return nil, false, err
			}
		}
		if n <= sample {
			q, args := candidates(l)
			args = append(args, lo, hi)
			if l.s.match == "" && drive {
				// The conditions in the WHERE, where the filter's own
				// index can find the articles, not every article of the
				// range.
				where, wargs := l.conds.where()
				q, args = "SELECT a.date AS date, true AS pass FROM articles a WHERE a.id >= ? AND a.id < ?"+where,
					append([]any{lo, hi}, wargs...)
			}
			_, err := addDays(ctx, t, counts, q, args, 1)
			return counts, true, err
		}
	}
	share := float64(sample) / float64(hi-lo)
	read, err := windowDays(ctx, t, l, lo, hi, share, counts, false)
	if err != nil {
		return nil, false, err
	}
	if read < sample/2 && share < 1 {
		// Rarer matches than items: a larger share, once. An article
		// text's matches, about read/share, may then be fewer than the
		// ids the windows span: they are read through the text index
		// instead ("police" at 118,912 articles: 115 ms instead of 410).
		// (Statements are not: each match costs a join with its article,
		// and "government" took 240 ms instead of 100.)
		matches := float64(read) / share
		share = min(1, share*float64(sample)/float64(max(read, sample/50)))
		clear(counts)
		byText := l.s.match != "" && l.t == articlesTarget && matches < share*float64(hi-lo)
		if _, err := windowDays(ctx, t, l, lo, hi, share, counts, byText); err != nil {
			return nil, false, err
		}
	}
	return counts, share >= 1, nil
}

// windowDays counts the candidates of evenly spaced windows that cover a
// share of the ids [lo, hi), each passing one weighted 1/share, and
// returns how many candidates it read. With byText, the list's text
// matches are read through its index and those in a window kept: the
// same candidates, fewer rows read when the matches are fewer than the
// windows' ids.
func windowDays(ctx context.Context, t *tx, l *list, lo, hi int64, share float64, counts map[int64]float64, byText bool) (int, error) {
	span := hi - lo
	k := int64(attentionWindows)
	w := int64(share * float64(span) / float64(k))
	if w < 1 {
		w, k = 1, max(int64(share*float64(span)), 1)
	}
	step := span / k
	share = float64(w*k) / float64(span) // as the windows fall
	if byText {
		q, args := candidates(l)
		id := l.t.alias + ".id"
		q += " AND (" + id + " - ?::bigint) % ?::bigint < ?::bigint"
		args = append(args, lo, lo+k*step, lo, step, w)
		return addDays(ctx, t, counts, q, args, 1/share)
	}
	// One statement for all windows, each a range of the id index read
	// in turn. OFFSET 0 keeps PostgreSQL from flattening the window's
	// subquery into one join of every match (a hash join over all the
	// articles, then filtered by window: 2.6 s instead of 11 ms for a
	// common word's statements at 740,000).
	q, args := candidatesIn(l, "win.lo", "win.lo + ?::bigint")
	q = "SELECT c.date, c.pass FROM generate_series(?::bigint, ?::bigint, ?::bigint) AS win(lo) CROSS JOIN LATERAL (" + q + " OFFSET 0) c"
	args = append([]any{lo, lo + (k-1)*step, step}, args...)
	args = append(args, w)
	return addDays(ctx, t, counts, q, args, 1/share)
}

// addDays adds weight to the day of each passing row of q, which selects
// date and pass, and returns how many rows it read.
func addDays(ctx context.Context, t *tx, counts map[int64]float64, q string, args []any, weight float64) (int, error) {
	n := 0
	err := eachRow(ctx, t, q, args, func(r scanner) error {
		var date int64
		var pass bool
		if err := r.Scan(&date, &pass); err != nil {
			return err
		}
		n++
		if pass {
			counts[floorDiv(date, 86400)] += weight
		}
		return nil
	})
	return n, err
}

// idRange returns the ids a list's candidates can have, [lo, hi), as
// package sqlite bounds them, so that both stores sample the same
// windows: for articles, the blocks of 1,024 ids (package sqlite's
// article_blocks) from the first to the last article whose date meets the
// list's date ranges; for statements, all of them.
func idRange(ctx context.Context, t *tx, l *list) (lo, hi int64, err error) {
	var mn, mx *int64
	if l.t == statementsTarget {
		// Two subqueries, each one end of the id index.
		err = t.queryRow(ctx, "SELECT (SELECT min(id) FROM statements), (SELECT max(id) FROM statements)").Scan(&mn, &mx)
		if err != nil || mn == nil {
			return 0, 0, err
		}
		return *mn, *mx + 1, nil
	}
	var c conds
	for _, d := range l.s.dates {
		x := dateClause("a", d)
		c.add(x.sql, x.args...)
	}
	where, args := c.where()
	err = t.queryRow(ctx, "SELECT (SELECT min(a.id) FROM articles a WHERE 1 = 1"+where+"), (SELECT max(a.id) FROM articles a WHERE 1 = 1"+where+")",
		append(args, args...)...).Scan(&mn, &mx)
	if err != nil || mn == nil {
		return 0, 0, err
	}
	return *mn >> blockBits << blockBits, (*mx>>blockBits + 1) << blockBits, nil
}

// blockBits is log2 of the ids in one of package sqlite's article
// blocks.
const blockBits = 10

// countUpTo counts the candidates that the list's text or its indexed
// filters yield in [lo, hi), stopping at limit.
func countUpTo(ctx context.Context, t *tx, l *list, lo, hi int64, limit int) (int, error) {
	var q string
	var args []any
	if l.s.match != "" {
		q = "SELECT 1 FROM " + l.t.table + " " + l.t.alias + " WHERE " + l.t.tsv + " @@ ?::tsquery AND " + l.t.alias + ".id >= ? AND " + l.t.alias + ".id < ?"
		args = []any{l.s.match, lo, hi}
	} else {
		where, wargs := l.conds.where()
		q = "SELECT 1 FROM articles a WHERE a.id >= ? AND a.id < ?" + where
		args = append([]any{lo, hi}, wargs...)
	}
	var n int
	err := t.queryRow(ctx, "SELECT count(*) FROM ("+q+" LIMIT "+strconv.Itoa(limit)+") x", args...).Scan(&n)
	return n, err
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
