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
// estimate from a stratified sample of the id range (see its
// attention.go).
var (
	attentionSample          = 10000
	attentionStatementSample = 4000
	attentionStrata          = 100
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

// candidates is the SQL that lists a target's candidate rows in id order,
// each with its id, date and whether it passes the list's conditions,
// from a first id (inclusive) to a last (exclusive), the two last
// arguments; the arguments before them are returned.
func candidates(l *list) (string, []any) {
	t := l.t
	where, wargs := l.conds.where()
	id := t.alias + ".id"
	q := "SELECT " + id + " AS id, " + t.alias + ".date AS date, (1 = 1" + where + ") AS pass FROM " + t.windowFrom + " WHERE "
	if l.s.match != "" {
		return q + t.tsv + " @@ ?::tsquery AND " + id + " >= ? AND " + id + " < ? ORDER BY " + id, append(wargs, l.s.match)
	}
	return q + id + " >= ? AND " + id + " < ? ORDER BY " + id, wargs
}

// countDays counts the list's matches per day (days since 1970), exactly
// when they are at most the sample, else estimated per stratum.
func countDays(ctx context.Context, t *tx, l *list) (map[int64]float64, bool, error) {
	var lo, hi *int64
	if err := t.queryRow(ctx, "SELECT min(id), max(id) + 1 FROM "+l.t.table).Scan(&lo, &hi); err != nil || lo == nil {
		return map[int64]float64{}, true, err
	}
	q, args := candidates(l)
	counts := map[int64]float64{}
	sample := attentionSample
	if l.t == statementsTarget {
		sample = attentionStatementSample
	}
	if l.s.match != "" || l.t == articlesTarget && l.conds.indexed() {
		n, err := countUpTo(ctx, t, l, *lo, *hi, sample+1)
		if err != nil {
			return nil, false, err
		}
		if n <= sample {
			_, days, err := scanDays(ctx, t, q, append(args, *lo, *hi), -1)
			for _, d := range days {
				counts[d]++
			}
			return counts, true, err
		}
	}
	k := int64(attentionStrata)
	width := (*hi - *lo + k - 1) / k
	per := max(sample/attentionStrata, 1)
	exact := true
	for start := *lo; start < *hi; start += width {
		end := min(start+width, *hi)
		last, days, err := scanDays(ctx, t, q, append(append([]any(nil), args...), start, end), per)
		if err != nil {
			return nil, false, err
		}
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

// scanned is how far a scan of candidates read.
type scanned struct {
	n  int
	id int64
}

// scanDays reads up to limit candidates of q (all for a negative limit)
// and returns the day of each that passes.
func scanDays(ctx context.Context, t *tx, q string, args []any, limit int) (scanned, []int64, error) {
	if limit >= 0 {
		q += " LIMIT " + strconv.Itoa(limit)
	}
	var s scanned
	var days []int64
	err := eachRow(ctx, t, q, args, func(r scanner) error {
		var date int64
		var pass bool
		if err := r.Scan(&s.id, &date, &pass); err != nil {
			return err
		}
		s.n++
		if pass {
			days = append(days, floorDiv(date, 86400))
		}
		return nil
	})
	return s, days, err
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
