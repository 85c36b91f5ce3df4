package postgres

import (
	"context"
	"math"
	"regexp"
	"sort"
	"strconv"
	"sync"
	"time"
)

// Counts, facets and the attention chart look at a window of a search's
// candidates (see countWindow), as package sqlite does. Package sqlite
// takes the newest by id, which its full-text index gives in order; here
// articles are partitioned by month of date, so the newest by id is a
// merge of every month's id index with each row tested (seconds at 1 M
// articles in 203 months), while the newest by date is an ordered walk of
// the newest months that stops when the window is full. So the window is
// the newest candidates by date, read a slice of months at a time, each
// slice planned with its bounds (as bySlices lists), and an estimate
// scales the window's matches by how many articles its months hold: the
// months' sizes come from the catalog's statistics (pg_class.reltuples),
// counted exactly where a window ends inside a month.

// month is one monthly partition of articles: its dates [lo, hi) and its
// number of rows as the planner's statistics give it, -1 when unknown.
type month struct {
	lo, hi int64
	rows   float64
}

// monthStats caches the partitions' sizes: reading them costs a catalog
// query (5 ms at load 15), and they change slowly.
type monthStats struct {
	mu     sync.Mutex
	at     time.Time
	months []month
}

// monthsTTL is how long a store trusts the partitions' sizes it read.
const monthsTTL = 30 * time.Second

var boundRe = regexp.MustCompile(`FROM \('?(-?\d+)'?\) TO \('?(-?\d+)'?\)`)

// monthList returns the monthly partitions of articles, oldest first.
// A list where a month's size is unknown (never analyzed: a new month,
// or a store too small for autovacuum to look at) is not kept: such
// months are counted each time (see articlesIn).
func (db *DB) monthList(ctx context.Context, t *tx) ([]month, error) {
	s := &db.monthStats
	s.mu.Lock()
	if s.months != nil && time.Since(s.at) < monthsTTL {
		ms := s.months
		s.mu.Unlock()
		return ms, nil
	}
	s.mu.Unlock()
	var ms []month
	known := true
	err := eachRow(ctx, t, `SELECT pg_get_expr(c.relpartbound, c.oid), c.reltuples::float8 FROM pg_inherits i
		JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'articles'::regclass`, nil, func(r scanner) error {
		var bound string
		var m month
		if err := r.Scan(&bound, &m.rows); err != nil {
			return err
		}
		b := boundRe.FindStringSubmatch(bound)
		if b == nil {
			return errorf("partition bound %q", bound)
		}
		m.lo, _ = strconv.ParseInt(b[1], 10, 64)
		m.hi, _ = strconv.ParseInt(b[2], 10, 64)
		if m.rows < 0 {
			known = false
		}
		ms = append(ms, m)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].lo < ms[j].lo })
	if known {
		s.mu.Lock()
		s.months, s.at = ms, time.Now()
		s.mu.Unlock()
	}
	return ms, nil
}

// exactPart is the most rows articlesIn counts in a month it covers in
// part; past it, the month's share of time is taken.
const exactPart = 50000

// articlesIn returns about how many articles have dates in [lo, hi) and,
// on the date lo itself, an id of at least loID: from the months'
// statistics for the months inside, counted in the months the bounds cut
// (up to exactPart, and where the statistics are unknown.
func articlesIn(ctx context.Context, t *tx, ms []month, lo, loID, hi int64) (float64, error) {
	var n float64
	for _, m := range ms {
		if m.hi <= lo || m.lo >= hi {
			continue
		}
		whole := m.lo >= lo && m.hi <= hi && (m.lo > lo || loID == math.MinInt64)
		if whole && m.rows >= 0 {
			n += m.rows
			continue
		}
		a, b := max(lo, m.lo), min(hi, m.hi)
		q := "SELECT count(*) FROM (SELECT 1 FROM articles a WHERE a.date >= ? AND a.date < ?"
		args := []any{a, b}
		if a == lo && loID != math.MinInt64 {
			q += " AND (a.date, a.id) >= (?, ?)"
			args = append(args, lo, loID)
		}
		var c int64
		if err := t.queryRow(ctx, q+" LIMIT "+strconv.Itoa(exactPart)+") x", args...).Scan(&c); err != nil {
			return 0, err
		}
		if c >= exactPart && m.rows >= 0 {
			c = int64(m.rows * float64(b-a) / float64(m.hi-m.lo))
		}
		n += float64(c)
	}
	return n, nil
}

// dateBounds returns the dates [lo, hi) the list's date ranges allow,
// math.MinInt64 and math.MaxInt64 when open.
func dateBounds(l *list) (lo, hi int64) {
	lo, hi = math.MinInt64, math.MaxInt64
	for _, d := range l.s.dates {
		if !d.From.IsZero() {
			lo = max(lo, d.From.Unix())
		}
		if !d.To.IsZero() {
			hi = min(hi, d.To.Unix())
		}
	}
	return lo, hi
}

// window reads a list's candidate articles newest first by date (then
// id), each with whether it passes the list's other conditions: the
// text's matches, or every article. It reads a slice of months at a time,
// sized from the months' statistics to hold about what the caller still
// wants at the rate of candidates found so far, each slice planned with
// its bounds.
type window struct {
	l      *list
	months []month
	lo, hi int64 // the list's date bounds
	// seen counts the candidates read; lastDate and lastID are the
	// oldest of them.
	seen             int
	lastDate, lastID int64
	// members, when set, are the speakers whose articles are the
	// candidates (a speaker: filter without a text), read from their
	// statements; by is the condition they come from, which every
	// candidate passes.
	members []int64
	by      int
	// ids, when set, is the SELECT of the ids of the articles that
	// pass condition by (a credit: filter without a text), and idArgs
	// its arguments: the candidates are those articles, newest first
	// by the dates article_dates gives them.
	ids    string
	idArgs []any
}

// driven reports whether the window's candidates are read from another
// table than articles (see members and ids).
func (w *window) driven() bool { return w.members != nil || w.ids != "" }

// candidate is a candidate article a window read: its id, date, source
// and language (which facets count), and whether it passes the list's
// conditions.
type candidate struct {
	id, date int64
	source   *int64
	lang     string
	pass     bool
}

// newWindow prepares a window over the list's candidate articles.
func (db *DB) newWindow(ctx context.Context, t *tx, l *list) (*window, error) {
	ms, err := db.monthList(ctx, t)
	if err != nil {
		return nil, err
	}
	w := &window{l: l, months: ms}
	w.lo, w.hi = dateBounds(l)
	if l.s.match != "" {
		return w, nil
	}
	for i, c := range l.conds {
		if c.speakers == nil {
			continue
		}
		set := c.speakers
		w.by = i
		if set.query == "" {
			w.members = []int64{set.id}
			break
		}
		var ids []int64
		err := eachRow(ctx, t, set.query+" LIMIT "+strconv.Itoa(maxMembers+1), set.args, func(r scanner) error {
			var id int64
			err := r.Scan(&id)
			ids = append(ids, id)
			return err
		})
		if err != nil {
			return nil, err
		}
		if len(ids) <= maxMembers {
			w.members = append(ids, 0)[:len(ids)] // not nil when none
		}
		break
	}
	if w.members != nil {
		return w, nil
	}
	for i, c := range l.conds {
		if c.ids == "" {
			continue
		}
		// Only a credit on at most maxIDs articles: each costs a
		// lookup of its date (article_dates_by_id_date), where a walk of
		// the newest articles tests each for the credit: 104,000 rows
		// read from their months and probed for 2,001 of the 20,009 of
		// "credit:reuters" (1.26 s at load 16).
		var n int
		if err := t.queryRow(ctx, "SELECT count(*) FROM ("+c.ids+" LIMIT "+strconv.Itoa(maxIDs+1)+") x", c.args...).Scan(&n); err != nil {
			return nil, err
		}
		if n <= maxIDs {
			w.by, w.ids, w.idArgs = i, c.ids, c.args
		}
		break
	}
	return w, nil
}

// maxIDs is the most articles a window reads from a condition's ids (see
// window.ids): 20,000 date lookups took 62 ms at load 16.
const maxIDs = 50000

// read reads candidates newest first, calling fn with each, until fn
// returns 0 (it wants no more), limit candidates were read, or there are
// no more. want is how many the caller wants at first, and fn returns
// how many more it wants after each.
func (w *window) read(ctx context.Context, t *tx, limit, want int, fn func(c candidate) int) error {
	if t.tx != nil {
		// Each slice planned for its months only (see bySlices); the
		// rest of the transaction as before.
		if _, err := t.exec(ctx, `SET LOCAL plan_cache_mode = force_custom_plan`); err != nil {
			return err
		}
		defer t.exec(ctx, `RESET plan_cache_mode`)
		if w.l.s.match != "" {
			// A slice holds about the matches wanted: read them through
			// the text index and sort them, rather than walk the date
			// index testing each article's text, which the planner
			// prefers under a LIMIT and which tested 28,000 vectors for
			// 7,000 matches of "minister" (0.9 s at load 20, against
			// 0.3 s).
			// Nor a scan of every row of a month, which PostgreSQL takes
			// for a word in most articles: each vector tested is read
			// from TOAST (49,000 pages for 10,000 matches of "said" in
			// a month, against 2,500 through the index).
			for _, set := range []string{`SET LOCAL enable_indexscan = off`, `SET LOCAL enable_seqscan = off`} {
				if _, err := t.exec(ctx, set); err != nil {
					return err
				}
			}
			defer t.exec(ctx, `RESET enable_seqscan`)
			defer t.exec(ctx, `RESET enable_indexscan`)
		}
		if w.driven() {
			// The speakers' (or credits') articles are looked up one by
			// one: the planner, which cannot tell how few a slice's
			// statements name, hashed every article of the slice instead
			// ("speaker:bush", 2,000 of 161,000 articles: 442 ms against
			// 30), and every article's date (article_dates, 1 M rows).
			for _, set := range []string{`SET LOCAL enable_hashjoin = off`, `SET LOCAL enable_mergejoin = off`} {
				if _, err := t.exec(ctx, set); err != nil {
					return err
				}
			}
			defer t.exec(ctx, `RESET enable_mergejoin`)
			defer t.exec(ctx, `RESET enable_hashjoin`)
		}
	}
	l := w.l
	conds := l.conds
	if w.driven() {
		// Every candidate quotes a member, or has the credit: its
		// condition, looked up per article, need not be tested again.
		conds = append(conds[:w.by:w.by], conds[w.by+1:]...)
	}
	where, wargs := conds.where()
	pass := "coalesce((1 = 1" + where + "), false)"
	hi := w.hi
	rate := 1.0     // candidates per article, until a slice says
	scanned := 0.0  // the articles of the slices read
	cursor := false // within a slice, after lastDate, lastID
	lo := int64(0)  // the slice's lower bound
	for want > 0 && w.seen < limit && hi > w.lo {
		if !cursor {
			// Half as many again as the rate so far says; at most three
			// times the articles read so far, since a word's rate
			// changes with the years ("said AND election": 34,000
			// matches read for 9,000 wanted).
			need := float64(min(want, limit-w.seen))
			lo = w.sliceStart(hi, min(need/max(rate, 1e-6)*1.5, max(need*1.5, 3*scanned)))
			if w.ids != "" {
				// Credits have no date: each slice would read all of
				// the credit's articles' dates again.
				lo = w.lo
			}
		}
		n := min(limit-w.seen, want)
		var q string
		var args []any
		if w.ids != "" {
			ids, dates, err := w.idSlice(ctx, t, lo, hi, cursor, n)
			if err != nil {
				return err
			}
			// Joined to the list of ids and dates, one lookup each, in
			// the months between the oldest and the newest: "a.date =
			// ANY(1,000 dates)" took 0.5-1 s to plan.
			oldest, newest := int64(0), int64(-1) // none: no month
			if len(dates) > 0 {
				oldest, newest = dates[len(dates)-1], dates[0]
			}
			q, args = " FROM unnest(?::bigint[], ?::bigint[]) m(id, date) JOIN articles a ON a.id = m.id AND a.date = m.date WHERE a.date >= ? AND a.date <= ? ORDER BY a.date DESC, a.id DESC",
				[]any{ids, dates, oldest, newest}
		} else {
			q, args = w.slice(lo, hi, cursor, n)
		}
		q = "SELECT a.id, a.date, a.source_id, a.language, " + pass + q
		args = append(append([]any(nil), wargs...), args...)
		got := 0
		err := eachRow(ctx, t, q, args, func(r scanner) error {
			var c candidate
			if err := r.Scan(&c.id, &c.date, &c.source, &c.lang, &c.pass); err != nil {
				return err
			}
			got++
			w.seen++
			w.lastDate, w.lastID = c.date, c.id
			if want > 0 {
				want = fn(c)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if cursor = got == n; cursor {
			continue // the slice may hold more
		}
		if lo == math.MinInt64 {
			break
		}
		held, err := articlesIn(ctx, t, w.months, lo, math.MinInt64, w.hi)
		if err != nil {
			return err
		}
		if scanned = held; held > 0 {
			rate = float64(w.seen) / held
		}
		hi = lo
	}
	return nil
}

// slice returns the SQL after the SELECT list, and its arguments, of n
// candidates in the dates [lo, hi), after lastDate and lastID with
// cursor, newest first.
func (w *window) slice(lo, hi int64, cursor bool, n int) (string, []any) {
	var c conds
	bound := func(alias, id string) {
		if lo != math.MinInt64 {
			c.add(alias+".date >= ?", lo)
		}
		if hi != math.MaxInt64 {
			c.add(alias+".date < ?", hi)
		}
		if cursor {
			c.add("("+alias+".date, "+id+") < (?, ?)", w.lastDate, w.lastID)
		}
	}
	if w.members != nil {
		// The articles quoting the speakers, from their statements,
		// which carry their article's date: the (speaker_id, date)
		// index gives the slice's, where testing every article of the
		// slice for a statement of the speaker read a statement index
		// per article ("speaker:bush": 3.3 s for 10,000).
		c.add("st.speaker_id = ANY(?)", w.members)
		bound("st", "st.article_id")
		sw, sargs := c.where()
		var a conds
		if lo != math.MinInt64 {
			a.add("a.date >= ?", lo)
		}
		if hi != math.MaxInt64 {
			a.add("a.date < ?", hi)
		}
		aw, aargs := a.where()
		return " FROM (SELECT DISTINCT st.article_id, st.date FROM statements st WHERE 1 = 1" + sw +
			" ORDER BY st.date DESC, st.article_id DESC LIMIT " + strconv.Itoa(n) + ") m JOIN articles a ON a.id = m.article_id AND a.date = m.date WHERE 1 = 1" + aw +
			" ORDER BY a.date DESC, a.id DESC", append(sargs, aargs...)
	}
	cw, cargs := w.candidates()
	bound("a", "a.id")
	bw, bargs := c.where()
	return " FROM articles a WHERE 1 = 1" + cw + bw + " ORDER BY a.date DESC, a.id DESC LIMIT " + strconv.Itoa(n), append(cargs, bargs...)
}

// idSlice returns the ids and dates of n articles of the window's ids in
// the dates [lo, hi), after lastDate and lastID with cursor, newest
// first: the dates from article_dates, one lookup per id in the index of
// ids and dates (a credit's ids come from its own index; 20,009 for
// "credit:reuters": 62 ms at load 16, 140-380 ms through the primary key,
// which read each row too). The rows are read by id and date next, so
// that only their months are planned.
func (w *window) idSlice(ctx context.Context, t *tx, lo, hi int64, cursor bool, n int) (ids, dates []int64, err error) {
	var c conds
	if lo != math.MinInt64 {
		c.add("d.date >= ?", lo)
	}
	if hi != math.MaxInt64 {
		c.add("d.date < ?", hi)
	}
	if cursor {
		c.add("(d.date, d.id) < (?, ?)", w.lastDate, w.lastID)
	}
	where, args := c.where()
	q := "SELECT DISTINCT d.id, d.date FROM (" + w.ids + ") x JOIN article_dates d ON d.id = x.article_id WHERE 1 = 1" + where +
		" ORDER BY d.date DESC, d.id DESC LIMIT " + strconv.Itoa(n)
	err = eachRow(ctx, t, q, append(append([]any(nil), w.idArgs...), args...), func(r scanner) error {
		var id, date int64
		if err := r.Scan(&id, &date); err != nil {
			return err
		}
		ids, dates = append(ids, id), append(dates, date)
		return nil
	})
	return ids, dates, err
}

// candidates returns the conditions of the window's candidates: the
// text's match, or without a text the conditions that have an index of
// their own (source:, credit:, speaker:), or none (every article).
func (w *window) candidates() (string, []any) {
	if w.l.s.match != "" {
		return " AND " + w.l.s.matchSQL(), []any{w.l.s.match}
	}
	var c conds
	for _, x := range w.l.conds {
		if x.index {
			c = append(c, x)
		}
	}
	return c.where()
}

// sliceStart returns where a slice of months that ends before hi should
// start to hold about n articles: the start of a month, or the list's
// lower bound.
func (w *window) sliceStart(hi int64, n float64) int64 {
	held := 0.0
	for i := len(w.months) - 1; i >= 0; i-- {
		m := w.months[i]
		if m.lo >= hi {
			continue
		}
		if m.hi <= w.lo {
			break
		}
		held += max(m.rows, 0) * float64(min(hi, m.hi)-max(w.lo, m.lo)) / float64(m.hi-m.lo)
		if held >= n {
			return max(w.lo, m.lo)
		}
	}
	return w.lo
}

// span returns about how many articles the window's candidates so far
// span (from the newest to the oldest read), and how many the list's date
// bounds hold.
func (w *window) span(ctx context.Context, t *tx) (span, all float64, err error) {
	if span, err = articlesIn(ctx, t, w.months, w.lastDate, w.lastID, w.hi); err != nil {
		return 0, 0, err
	}
	all, err = articlesIn(ctx, t, w.months, w.lo, math.MinInt64, w.hi)
	return span, all, err
}
