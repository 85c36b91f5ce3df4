package postgres

import (
	"context"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/rapporteur/rapporteur"
)

// Attention over time (issue 15), as package sqlite counts it: the days
// of the matches exactly while they are few, and past attentionSample an
// estimate from a sample of the date range's rows, every match counted
// 1/f times for a share f; the share starts at what the sample allows if
// every item matched, and grows once when the matches are rarer. Package
// sqlite samples windows of consecutive ids; here articles are
// partitioned by month of date, so the sample is of the range's months'
// pages or rows (see articleDays).
var (
	attentionSample          = 10000 // articles read at most, about
	attentionStatementSample = 4000  // statements read at most, about
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
	count := db.statementDays
	if l.t == articlesTarget {
		count = db.articleDays
	}
	counts, exact, err := count(ctx, t, l)
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

// articleDays counts the list's articles per day (days since 1970): exactly when the candidates (the text's matches, a filter's
// own matches, or every article in the date range) are at most
// attentionSample, else estimated from a sample of the range's rows that
// starts at what the sample allows if every article were a candidate and
// grows once when they are rarer. Id windows, as package sqlite reads
// them, would each probe every month's id index (500 windows, 28 s for
// "said" over two years at 1 M articles in 203 months, load 8).
//
// The sample is TABLESAMPLE's: pages (SYSTEM) in a large range, where
// reading every page would cost more than the sample; rows (BERNOULLI),
// steadier, in a small one. Each page read tests its rows' text, a
// vector read from TOAST (three pages a row), so a text's matches are
// counted through the text index instead while they fit in the sample.
func (db *DB) articleDays(ctx context.Context, t *tx, l *list) (map[int64]float64, bool, error) {
	ms, err := db.monthList(ctx, t)
	if err != nil {
		return nil, false, err
	}
	lo, hi := dateBounds(l)
	counts := map[int64]float64{}
	where, wargs := l.conds.where()
	pass := "coalesce((1 = 1" + where + "), false)"
	cw, cargs := (&window{l: l}).candidates()
	var b conds
	if lo != math.MinInt64 {
		b.add("a.date >= ?", lo)
	}
	if hi != math.MaxInt64 {
		b.add("a.date < ?", hi)
	}
	bw, bargs := b.where()
	// from is the query of the candidates' days, from a sample of the
	// share given (nil for every candidate).
	from := func(sample string, share []any) (string, []any) {
		return "SELECT a.date, " + pass + " FROM articles a" + sample + " WHERE 1 = 1" + cw + bw,
			append(append(append(append([]any(nil), wargs...), share...), cargs...), bargs...)
	}
	sample := attentionSample
	if cw != "" {
		if l.s.match != "" {
			// The text's matches from its index, not a walk testing
			// every article's vector (49,000 pages read for 10,000
			// matches of "said" in a month, against 2,500).
			for _, set := range []string{"SET LOCAL enable_indexscan = off", "SET LOCAL enable_seqscan = off"} {
				if _, err := t.exec(ctx, set); err != nil {
					return nil, false, err
				}
			}
		}
		var n int
		if err := t.queryRow(ctx, "SELECT count(*) FROM (SELECT 1 FROM articles a WHERE 1 = 1"+cw+bw+" LIMIT "+strconv.Itoa(sample+1)+") x",
			append(append([]any(nil), cargs...), bargs...)...).Scan(&n); err != nil {
			return nil, false, err
		}
		if n <= sample {
			q, args := from("", nil)
			_, err := addDays(ctx, t, counts, q, args, 1)
			return counts, true, err
		}
		if l.s.match != "" {
			for _, set := range []string{"RESET enable_indexscan", "RESET enable_seqscan"} {
				if _, err := t.exec(ctx, set); err != nil {
					return nil, false, err
				}
			}
		}
	}
	all, err := articlesIn(ctx, t, ms, lo, math.MinInt64, hi)
	if err != nil {
		return nil, false, err
	}
	if all <= float64(sample) {
		q, args := from("", nil)
		_, err := addDays(ctx, t, counts, q, args, 1)
		return counts, true, err
	}
	method := " TABLESAMPLE BERNOULLI (?::float8) REPEATABLE (14)"
	if all > 20*float64(sample) {
		method = " TABLESAMPLE SYSTEM (?::float8) REPEATABLE (14)"
	}
	days := func(share float64) (int, error) {
		q, args := from(method, []any{100 * share})
		return addDays(ctx, t, counts, q, args, 1/share)
	}
	share := float64(sample) / all
	read, err := days(share)
	if err != nil {
		return nil, false, err
	}
	if read < sample/2 {
		// Rarer candidates than articles: a larger share, once.
		share = min(1, share*float64(sample)/float64(max(read, sample/50)))
		clear(counts)
		if _, err := days(share); err != nil {
			return nil, false, err
		}
	}
	return counts, share >= 1, nil
}

// statementDays is articleDays for statements, counted by the date they
// carry (their article's): from the statements of a sample of the range's
// articles, each counted 1/share times, or exactly, through the text
// index, when that sample says the text's matches in the range are at
// most attentionStatementSample. Statement id windows,
// as package sqlite reads them, joined each statement to its article's
// month one at a time and read every window's statements whatever their
// date (120 s for "said" over two years at 1 M articles, load 19).
func (db *DB) statementDays(ctx context.Context, t *tx, l *list) (map[int64]float64, bool, error) {
	ms, err := db.monthList(ctx, t)
	if err != nil {
		return nil, false, err
	}
	lo, hi := dateBounds(l)
	counts := map[int64]float64{}
	where, wargs := l.conds.where()
	pass := "coalesce((1 = 1" + where + "), false)"
	bound := func(alias string) (string, []any) {
		var b conds
		if lo != math.MinInt64 {
			b.add(alias+".date >= ?", lo)
		}
		if hi != math.MaxInt64 {
			b.add(alias+".date < ?", hi)
		}
		return b.where()
	}
	sw, sargs := bound("s")
	var mw string
	var margs []any
	if l.s.match != "" {
		mw, margs = " AND s.tsv @@ ?::tsquery", []any{l.s.match}
	}
	sample := attentionStatementSample
	// The range's statements, about: its articles times the store's
	// statements per article.
	arts, err := articlesIn(ctx, t, ms, lo, math.MinInt64, hi)
	if err != nil {
		return nil, false, err
	}
	var na, ns int64
	if err := t.queryRow(ctx, `SELECT coalesce(sum(n) FILTER (WHERE name = 'articles'), 0)::bigint, coalesce(sum(n) FILTER (WHERE name = 'statements'), 0)::bigint
		FROM counters WHERE name IN ('articles', 'statements')`).Scan(&na, &ns); err != nil {
		return nil, false, err
	}
	all := arts * float64(ns) / float64(max(na, 1))
	aw, aargs := bound("a")
	from := func(sample string, share []any) (string, []any) {
		return "SELECT s.date, " + pass + " FROM articles a" + sample + " JOIN statements s ON s.article_id = a.id AND s.date = a.date WHERE 1 = 1" + mw + aw,
			append(append(append(append([]any(nil), wargs...), share...), margs...), aargs...)
	}
	if all <= float64(sample) {
		q, args := from("", nil)
		_, err := addDays(ctx, t, counts, q, args, 1)
		return counts, true, err
	}
	method := " TABLESAMPLE BERNOULLI (?::float8) REPEATABLE (14)"
	if arts > 20*float64(sample) {
		method = " TABLESAMPLE SYSTEM (?::float8) REPEATABLE (14)"
	}
	// The sampled articles' statements through their article's index,
	// one article at a time: PostgreSQL would rather read every match of
	// the text and hash the sample (124,000 statements of "minister"
	// for 4,000 wanted: 0.8 s).
	for _, set := range []string{"SET LOCAL enable_hashjoin = off", "SET LOCAL enable_mergejoin = off", "SET LOCAL enable_bitmapscan = off",
		"SET LOCAL max_parallel_workers_per_gather = 0"} {
		if _, err := t.exec(ctx, set); err != nil {
			return nil, false, err
		}
	}
	days := func(share float64) (int, error) {
		q, args := from(method, []any{100 * share})
		return addDays(ctx, t, counts, q, args, 1/share)
	}
	share := min(1, float64(sample)/all)
	read, err := days(share)
	if err != nil {
		return nil, false, err
	}
	if l.s.match != "" && float64(read)/share <= float64(sample) {
		// Few matches, by the sample: all of them, through the text
		// index, the date tested on each (a bitmap of the date index
		// over two years is 2.6 million statements: 0.95 s).
		clear(counts)
		for _, set := range []string{"RESET enable_bitmapscan", "SET LOCAL enable_indexscan = off", "SET LOCAL enable_seqscan = off"} {
			if _, err := t.exec(ctx, set); err != nil {
				return nil, false, err
			}
		}
		nw := strings.ReplaceAll(sw, "s.date", "(s.date + 0)")
		_, err := addDays(ctx, t, counts, "SELECT s.date, "+pass+" FROM statements s JOIN articles a ON a.id = s.article_id AND a.date = s.date WHERE 1 = 1"+mw+nw,
			append(append(append([]any(nil), wargs...), margs...), sargs...), 1)
		return counts, true, err
	}
	if read < sample/2 && share < 1 {
		share = min(1, share*float64(sample)/float64(max(read, sample/50)))
		clear(counts)
		if _, err := days(share); err != nil {
			return nil, false, err
		}
	}
	return counts, share >= 1, nil
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

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
