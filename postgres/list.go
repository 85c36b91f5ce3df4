package postgres

import (
	"context"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/query"
	"github.com/rapporteur/rapporteur/snippet"
)

// Relevance ranking, bounded as in package sqlite: a text search scores
// the newest matches, a window of DB.rankWindow of them, with ts_rank times
// a recency boost; it pages through them by score and then continues with
// the older matches newest first. A query with a common word (one in at
// least DB.commonTerm rows) lists the newest matches without scoring.
const (
	defaultRankWindow = 1000
	defaultCommonTerm = 5000
	// The boost is 1 + 1/(1 + age/recencyScale), as in package sqlite.
	recencyScale = 30 * 24 * 3600
)

// Phases of a relevance listing, kept in its cursor (the values of
// package sqlite's).
const (
	phaseWindow = 0
	phaseOlder  = 2
	phaseNewest = 3
)

// list is one list query being built.
type list struct {
	t      *target
	s      *search
	conds  conds
	n      int
	now    int64
	window int
	common int
	asc    bool // byDate lists oldest first (OrderOldest)
	// known is the store's memory of common words (DB.commonness).
	known *sync.Map
}

// parse translates a query for a target.
func parse(t *target, q string, now time.Time) (*search, error) {
	root, err := query.Parse(q, now)
	if err != nil {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "invalid search: %w", err)
	}
	if f := unsupported(root); f != "" {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "invalid search: the PostgreSQL store cannot search %s: yet", f)
	}
	return translate(t, root), nil
}

// item is what a list scans a row into.
type item interface {
	*rapporteur.StoredArticle | *rapporteur.StoredStatement
}

type scanFunc[T item] func(r scanner, extra ...any) (T, error)

func idOf[T item](x T) int64 {
	switch x := any(x).(type) {
	case *rapporteur.StoredArticle:
		return x.ID
	case *rapporteur.StoredStatement:
		return x.ID
	}
	return 0
}

func dateOf[T item](x T) int64 {
	switch x := any(x).(type) {
	case *rapporteur.StoredArticle:
		return x.Date.Unix()
	case *rapporteur.StoredStatement:
		return x.Date.Unix()
	}
	return 0
}

// queryRows runs a list query and scans its rows, with extra columns
// after the target's when extra is set.
func queryRows[T item](ctx context.Context, t *tx, scan scanFunc[T], q string, args []any, extra func() []any) ([]T, [][]any, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var items []T
	var extras [][]any
	for rows.Next() {
		var e []any
		if extra != nil {
			e = extra()
		}
		x, err := scan(rows, e...)
		if err != nil {
			return nil, nil, err
		}
		items = append(items, x)
		extras = append(extras, e)
	}
	return items, extras, rows.Err()
}

// matchConds returns the list's conditions with the text match first.
func (l *list) matchConds() conds {
	c := conds(nil)
	if l.s.match != "" {
		c.add(l.s.matchSQL(), l.s.match)
	}
	return append(c, l.conds...)
}

// rareText makes the rest of a read transaction look a text search's
// matches up in the full-text index and sort them, when none of its words
// is common (fewer than l.common matches each), instead of walking the
// date or id index and testing every newer row: PostgreSQL's estimate of a
// word's frequency is too coarse to choose, and a walk for a rare word
// reads thousands of rows, or every partition for one absent lately.
// A common word is found within a few rows of any walk, which is left to
// the planner.
func rareText(ctx context.Context, t *tx, l *list) error {
	if l.s.match == "" || t.tx == nil {
		return nil
	}
	common, err := hasCommonTerm(ctx, t, l)
	if err != nil || common {
		return err
	}
	_, err = t.exec(ctx, `SET LOCAL enable_indexscan = off`)
	return err
}

// byDate lists newest first by date, then id, or oldest first when l.asc.
// The (date, id) index of each partition gives the rows in order.
func byDate[T item](ctx context.Context, t *tx, l *list, cur *cursor, scan scanFunc[T]) ([]T, *cursor, error) {
	if err := rareText(ctx, t, l); err != nil {
		return nil, nil, err
	}
	if l.t == articlesTarget && l.s.match == "" && !l.asc {
		for i, c := range l.conds {
			if c.speakers == nil {
				continue
			}
			ids, ok, err := byMembers(ctx, t, l, cur, i)
			if err != nil {
				return nil, nil, err
			}
			if ok {
				return readIDs(ctx, t, l, ids, scan)
			}
			break
		}
	}
	if l.t == articlesTarget && !l.asc {
		return bySlices(ctx, t, l, cur, scan)
	}
	a := l.t.alias
	c := l.matchConds()
	op, dir := "<", "DESC"
	if l.asc {
		op, dir = ">", "ASC"
	}
	if cur != nil {
		c.add("("+a+".date, "+a+".id) "+op+" (?, ?)", cur.Date, cur.ID)
	}
	where, args := c.where()
	q := "SELECT " + l.t.cols + " FROM " + l.t.plainFrom + " WHERE 1 = 1" + where +
		" ORDER BY " + a + ".date " + dir + ", " + a + ".id " + dir + " LIMIT ?"
	items, _, err := queryRows(ctx, t, scan, q, append(args, l.n+1), nil)
	if err != nil || len(items) <= l.n {
		return items, nil, err
	}
	items = items[:l.n]
	last := items[l.n-1]
	kind := rapporteur.OrderDate
	if l.asc {
		kind = rapporteur.OrderOldest
	}
	return items, &cursor{Kind: kind, Date: dateOf(last), ID: idOf(last)}, nil
}

// bySlices lists articles newest first as byDate does, a slice of dates
// at a time: the year before the request (or its cursor) and everything
// newer, then the 2, 4, 8 and 16 years before that, then the rest, until
// the page is full. Each slice is planned with its bounds (custom plans),
// so PostgreSQL plans and locks only that slice's monthly partitions; a
// list over all of them planned every month's indexes on each request
// (150-440 ms for a rare word at 1 M articles in 203 months, load 25,
// against 12-37 ms to run it). A common word fills the page in the first
// slice; a page whose matches are all older costs a few more queries.
func bySlices[T item](ctx context.Context, t *tx, l *list, cur *cursor, scan scanFunc[T]) ([]T, *cursor, error) {
	// A text of rare words (fewer than l.common matches each) is read in
	// one query over every month, its matches from the text index
	// (rareText) and sorted: at most l.common rows, and one generic plan
	// per connection, where each slice's custom plan planned its months
	// again on every request (rare words newest first p95 151-168 ms at
	// 1 M articles in 203 months, load 19-20, most of it planning).
	rare := false
	if l.s.match != "" && t.tx != nil {
		common, err := hasCommonTerm(ctx, t, l)
		if err != nil {
			return nil, nil, err
		}
		rare = !common
	}
	if t.tx != nil {
		mode := "force_custom_plan"
		if rare {
			mode = "force_generic_plan"
		}
		if _, err := t.exec(ctx, `SET LOCAL plan_cache_mode = `+mode); err != nil {
			return nil, nil, err
		}
	}
	a := l.t.alias
	anchor := l.now
	if cur != nil {
		anchor = cur.Date
	}
	const year = 365 * 86400
	var items []T
	var hi *int64 // no upper bound in the first slice
	span := int64(year)
	lo := anchor - span
	for slice := 0; ; slice++ {
		last := slice == dateSlices || rare
		c := l.matchConds()
		if cur != nil {
			c.add("("+a+".date, "+a+".id) < (?, ?)", cur.Date, cur.ID)
		}
		if !last {
			c.add(a+".date >= ?", lo)
		}
		if hi != nil {
			c.add(a+".date < ?", *hi)
		}
		where, args := c.where()
		q := "SELECT " + l.t.cols + " FROM " + l.t.plainFrom + " WHERE 1 = 1" + where +
			" ORDER BY " + a + ".date DESC, " + a + ".id DESC LIMIT ?"
		rows, _, err := queryRows(ctx, t, scan, q, append(args, l.n+1-len(items)), nil)
		if err != nil {
			return nil, nil, err
		}
		items = append(items, rows...)
		if len(items) > l.n || last {
			break
		}
		bound := lo
		hi = &bound
		span *= 2
		lo = bound - span
	}
	if t.tx != nil {
		// The rest of the transaction (copy counts, snippets) plans as
		// before: generic plans of a query over every month are cheaper
		// than planning it each time.
		if _, err := t.exec(ctx, `RESET plan_cache_mode`); err != nil {
			return nil, nil, err
		}
	}
	if len(items) <= l.n {
		return items, nil, nil
	}
	items = items[:l.n]
	last := items[l.n-1]
	return items, &cursor{Kind: rapporteur.OrderDate, Date: dateOf(last), ID: idOf(last)}, nil
}

// dateSlices is the number of bounded slices bySlices reads before the
// rest: 1 + 2 + 4 + 8 + 16 = 31 years.
const dateSlices = 5

// maxMembers bounds the speakers byMembers merges; a name that matches
// more is listed the general way.
const maxMembers = 64

// byMembers lists the ids of the articles quoting a set of speakers that
// pass the list's conditions, a page newest first, as package sqlite's
// byMembers does: a statement carries its article's date, so the newest k
// statements of each speaker (from the (speaker_id, date) index) hold
// every one of its articles newer than the oldest of them, and the page
// is exact when its last article is newer than that for every speaker cut
// short; otherwise it is read again with a larger k (by is the index of
// the set's condition among l's). A speaker quoted
// thousands of times costs a few hundred index entries, where a walk by
// date tested every newer article for a statement of the speaker. ok is
// false when the set has too many members.
func byMembers(ctx context.Context, t *tx, l *list, cur *cursor, by int) (ids []int64, ok bool, err error) {
	set := l.conds[by].speakers
	members := []int64{set.id}
	if set.query != "" {
		members = nil
		err := eachRow(ctx, t, set.query+" LIMIT "+strconv.Itoa(maxMembers+1), set.args, func(r scanner) error {
			var id int64
			err := r.Scan(&id)
			members = append(members, id)
			return err
		})
		if err != nil || len(members) > maxMembers {
			return nil, false, err
		}
	}
	// The candidates quote a member: the set's own condition, a
	// statement looked up per article, need not be tested again.
	c := append(append(conds(nil), l.conds[:by]...), l.conds[by+1:]...)
	per := "SELECT date, article_id FROM statements WHERE speaker_id = ?"
	var perArgs []any
	if cur != nil {
		c.add("(a.date, a.id) < (?, ?)", cur.Date, cur.ID)
		per += " AND date <= ?"
		perArgs = append(perArgs, cur.Date)
	}
	per += " ORDER BY date DESC LIMIT ?"
	where, wargs := c.where()
	for k := 4 * (l.n + 1); ; k *= 8 {
		seen := map[int64]bool{}
		var cands, dates []int64
		seenDate := map[int64]bool{}
		cut, short := int64(0), false
		for _, m := range members {
			n, last := 0, int64(0)
			err := eachRow(ctx, t, per, append(append([]any{m}, perArgs...), k), func(r scanner) error {
				var id int64
				if err := r.Scan(&last, &id); err != nil {
					return err
				}
				n++
				if !seen[id] {
					seen[id] = true
					cands = append(cands, id)
				}
				if !seenDate[last] {
					seenDate[last] = true
					dates = append(dates, last)
				}
				return nil
			})
			if err != nil {
				return nil, false, err
			}
			if n == k && (!short || last > cut) {
				cut, short = last, true
			}
		}
		if len(cands) == 0 {
			return nil, true, nil
		}
		ids = ids[:0]
		var last int64
		// With their dates (a statement carries its article's), so that
		// only their months are read: by id alone, every month's id
		// index was probed for each candidate ("speaker:bush", 420
		// candidates in 203 months: 0.4 s).
		err := eachRow(ctx, t, "SELECT a.id, a.date FROM articles a WHERE a.id = ANY(?) AND a.date = ANY(?)"+where+" ORDER BY a.date DESC, a.id DESC LIMIT ?",
			append(append([]any{cands, dates}, wargs...), l.n+1), func(r scanner) error {
				var id int64
				err := r.Scan(&id, &last)
				ids = append(ids, id)
				return err
			})
		if err != nil {
			return nil, false, err
		}
		if !short || (len(ids) > l.n && last > cut) {
			return ids, true, nil
		}
		if k > 1<<16 {
			return nil, false, nil // the general way
		}
	}
}

// readIDs reads the rows of a page of article ids, newest first.
func readIDs[T item](ctx context.Context, t *tx, l *list, ids []int64, scan scanFunc[T]) ([]T, *cursor, error) {
	if len(ids) == 0 {
		return nil, nil, nil
	}
	// Their months first, so that only those partitions are read (see
	// article_dates).
	var dates []int64
	if err := t.queryRow(ctx, `SELECT coalesce(array_agg(DISTINCT date), '{}') FROM article_dates WHERE id = ANY(?)`, ids).Scan(&dates); err != nil {
		return nil, nil, err
	}
	items, _, err := queryRows(ctx, t, scan, "SELECT "+l.t.cols+" FROM "+l.t.plainFrom+" WHERE a.id = ANY(?) AND a.date = ANY(?) ORDER BY a.date DESC, a.id DESC",
		[]any{ids, dates}, nil)
	if err != nil || len(items) <= l.n {
		return items, nil, err
	}
	items = items[:l.n]
	last := items[l.n-1]
	return items, &cursor{Kind: rapporteur.OrderDate, Date: dateOf(last), ID: idOf(last)}, nil
}

// byID lists by id: newest stored first, or oldest first when asc.
func byID[T item](ctx context.Context, t *tx, l *list, cur *cursor, asc bool, kind string, scan scanFunc[T]) ([]T, *cursor, error) {
	a := l.t.alias
	c := l.matchConds()
	op, dir := "<", "DESC"
	if asc {
		op, dir = ">", "ASC"
	}
	if cur != nil {
		c.add(a+".id "+op+" ?", cur.ID)
	}
	items, err := idRows(ctx, t, l, c, dir, l.n+1, scan)
	if err != nil || len(items) <= l.n {
		return items, nil, err
	}
	items = items[:l.n]
	return items, &cursor{Kind: kind, ID: idOf(items[l.n-1])}, nil
}

// idRows lists up to n rows that pass c in the order of their ids (dir).
func idRows[T item](ctx context.Context, t *tx, l *list, c conds, dir string, n int, scan scanFunc[T]) ([]T, error) {
	a := l.t.alias
	where, args := c.where()
	q := "SELECT " + l.t.cols + " FROM " + l.t.plainFrom + " WHERE 1 = 1" + where + " ORDER BY " + a + ".id " + dir + " LIMIT ?"
	items, _, err := queryRows(ctx, t, scan, q, append(args, n), nil)
	return items, err
}

// hasCommonTerm reports whether a positive word or phrase of the query
// matches at least l.common rows. Counting them reads a row per match (a
// GIN index knows no counts), up to l.common; for statements the
// planner's estimate answers first, and only a word it does not call
// common is counted (see isCommon for articles). The answer only chooses
// how to search, not what is found, and a word's frequency changes
// slowly, so it is remembered for commonTTL.
func hasCommonTerm(ctx context.Context, t *tx, l *list) (bool, error) {
	for _, m := range l.s.positives() {
		key := l.t.table + "\x00" + l.s.vector() + "\x00" + m
		if l.known != nil {
			if v, ok := l.known.Load(key); ok && time.Since(v.(commonness).at) < commonTTL {
				if v.(commonness).common {
					return true, nil
				}
				continue
			}
		}
		common, err := isCommon(ctx, t, l, m)
		if err != nil {
			return false, err
		}
		if l.known != nil {
			l.known.Store(key, commonness{common: common, at: time.Now()})
		}
		if common {
			return true, nil
		}
	}
	return false, nil
}

// commonTTL is how long hasCommonTerm trusts what it found.
const commonTTL = 10 * time.Minute

type commonness struct {
	common bool
	at     time.Time
}

// isCommon reports whether the text query m matches at least l.common
// rows (see hasCommonTerm).
func isCommon(ctx context.Context, t *tx, l *list, m string) (bool, error) {
	if l.t == articlesTarget && t.tx != nil {
		// Counted, up to l.common, through the text index of each month
		// in one statement planned once per connection. The planner's
		// estimate over every month planned them all (155-530 ms at
		// 1 M articles in 203 months) and added up each month's floor
		// for a word it has no statistics of: "volcano" (561 matches)
		// and "extradition" (3,366) were called common, and listed by a
		// walk of the newest months (18 s for "volcano" by relevance).
		for _, set := range []string{"SET LOCAL enable_indexscan = off", "SET LOCAL enable_seqscan = off", "SET LOCAL plan_cache_mode = force_generic_plan"} {
			if _, err := t.exec(ctx, set); err != nil {
				return false, err
			}
		}
		var n int
		err := t.queryRow(ctx, "SELECT count(*) FROM (SELECT /* common */ 1 FROM articles a WHERE "+l.s.matchSQL()+" LIMIT "+strconv.Itoa(l.common)+") x", m).Scan(&n)
		for _, set := range []string{"RESET enable_indexscan", "RESET enable_seqscan", "RESET plan_cache_mode"} {
			if _, rerr := t.exec(ctx, set); rerr != nil && err == nil {
				err = rerr
			}
		}
		return err == nil && n >= l.common, err
	}
	var plan []map[string]map[string]any
	if err := t.queryRow(ctx, "EXPLAIN (FORMAT JSON) SELECT 1 FROM "+l.t.table+" "+l.t.alias+" WHERE "+l.s.matchSQL(), m).Scan(&plan); err != nil {
		return false, err
	}
	if len(plan) > 0 {
		if rows, ok := plan[0]["Plan"]["Plan Rows"].(float64); ok && rows >= float64(l.common) {
			return true, nil
		}
	}
	var n int
	err := t.queryRow(ctx, "SELECT count(*) FROM (SELECT 1 FROM "+l.t.table+" "+l.t.alias+" WHERE "+l.s.matchSQL()+" LIMIT "+strconv.Itoa(l.common)+") x", m).Scan(&n)
	return err == nil && n >= l.common, err
}

// byRelevance ranks the matches of a text search (see defaultRankWindow).
func byRelevance[T item](ctx context.Context, t *tx, l *list, cur *cursor, scan scanFunc[T]) ([]T, *cursor, error) {
	tg := l.t
	first := cur == nil
	if first {
		common, err := hasCommonTerm(ctx, t, l)
		if err != nil {
			return nil, nil, err
		}
		if common {
			cur = &cursor{Kind: "relevance", Phase: phaseNewest}
		} else {
			cur = &cursor{Kind: "relevance", Now: l.now}
		}
	}
	if cur.Phase != phaseNewest && t.tx != nil {
		// No common word: the window's matches are looked up, not walked
		// to (see rareText).
		if _, err := t.exec(ctx, `SET LOCAL enable_indexscan = off`); err != nil {
			return nil, nil, err
		}
	}
	if cur.Phase == phaseNewest && tg == articlesTarget {
		// Newest by date, as bySlices lists: by id, a merge of every
		// month's id index tested row by row (0.4 s for "minister", and
		// 19-83 s for a word the estimate wrongly called common, at
		// 1 M articles in 203 months).
		var c *cursor
		if !first {
			c = &cursor{Kind: rapporteur.OrderDate, Date: cur.Date, ID: cur.ID}
			if c.Date == 0 {
				// A cursor of the id order: the date of its article.
				if err := t.queryRow(ctx, `SELECT coalesce(max(date), 0) FROM article_dates WHERE id = ?`, cur.ID).Scan(&c.Date); err != nil {
					return nil, nil, err
				}
			}
		}
		items, next, err := bySlices(ctx, t, l, c, scan)
		if next != nil {
			next.Kind, next.Phase = "relevance", phaseNewest
		}
		return items, next, err
	}
	if cur.Phase == phaseNewest {
		c := cur
		if first {
			c = nil
		}
		items, next, err := byID(ctx, t, l, c, false, "relevance", scan)
		if next != nil {
			next.Phase = phaseNewest
		}
		return items, next, err
	}
	var items []T
	if cur.Phase < phaseOlder {
		where, wargs := l.conds.where()
		window := ""
		if first {
			window = " LIMIT " + strconv.Itoa(l.window)
		}
		a := tg.alias
		inner := "SELECT " + a + ".id AS id, " + a + ".date AS date, ts_rank(" + tg.ranks + ", " + l.s.vector() + ", ?::tsquery, 1)::float8 * (1.0 + 1.0 / (1.0 + GREATEST(0, ?::bigint - " +
			a + ".date) / " + strconv.Itoa(recencyScale) + ".0))::float8 AS score FROM " + tg.windowFrom +
			" WHERE " + l.s.matchSQL() + where + " AND " + a + ".id >= ? ORDER BY " + a + ".id DESC" + window
		// The page's ids, dates and scores first, then their rows by id
		// and date: joined to the rows in one query, the join planned
		// every month's partition on each request (120-170 ms of
		// planning at 1 M articles in 203 months, load 12, against
		// 35-57 ms to run it).
		q := "SELECT id, date, score, wmin, wcount FROM (SELECT id, date, score, min(id) OVER () AS wmin, count(*) OVER () AS wcount FROM (" +
			inner + ") i) w WHERE ?::boolean OR w.score < ? OR (w.score = ? AND w.id < ?) ORDER BY w.score DESC, w.id DESC LIMIT ?"
		args := []any{l.s.match, cur.Now, l.s.match}
		args = append(args, wargs...)
		args = append(args, cur.Floor, first, cur.Score, cur.Score, cur.ID, l.n+1)
		var ids, dates []int64
		var scores []float64
		var wmin, wcount int64
		err := eachRow(ctx, t, q, args, func(r scanner) error {
			var id, date int64
			var score float64
			if err := r.Scan(&id, &date, &score, &wmin, &wcount); err != nil {
				return err
			}
			ids, dates, scores = append(ids, id), append(dates, date), append(scores, score)
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
		if first && len(ids) > 0 && wcount >= int64(l.window) {
			cur.Floor = wmin
		}
		rows, err := rowsByID(ctx, t, l, ids, dates, scan)
		if err != nil {
			return nil, nil, err
		}
		if len(rows) > l.n {
			last := l.n - 1
			next := *cur
			next.Score, next.ID = scores[last], idOf(rows[last])
			return rows[:l.n], &next, nil
		}
		items = rows
		if cur.Floor == 0 {
			return items, nil, nil // the window held every match
		}
		cur = &cursor{Kind: "relevance", Now: cur.Now, Floor: cur.Floor, Phase: phaseOlder, ID: cur.Floor}
	}
	// Past the window: the older matches, newest first.
	c := l.matchConds()
	c.add(tg.alias+".id < ?", cur.ID)
	want := l.n - len(items)
	rows, err := idRows(ctx, t, l, c, "DESC", want+1, scan)
	if err != nil {
		return nil, nil, err
	}
	if len(rows) <= want {
		return append(items, rows...), nil, nil
	}
	rows = rows[:want]
	items = append(items, rows...)
	next := *cur
	if want > 0 {
		next.ID = idOf(rows[want-1])
	}
	return items, &next, nil
}

// rowsByID reads the list's rows of ids, whose article dates are dates,
// in the order of ids. With their dates, only their months are planned
// and read.
func rowsByID[T item](ctx context.Context, t *tx, l *list, ids, dates []int64, scan scanFunc[T]) ([]T, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	items, _, err := queryRows(ctx, t, scan, "SELECT "+l.t.cols+" FROM "+l.t.plainFrom+" WHERE "+l.t.alias+".id = ANY(?) AND a.date = ANY(?)",
		[]any{ids, dates}, nil)
	if err != nil {
		return nil, err
	}
	at := make(map[int64]int, len(ids))
	for i, id := range ids {
		at[id] = i
	}
	sort.Slice(items, func(i, j int) bool { return at[idOf(items[i])] < at[idOf(items[j])] })
	return items, nil
}

// Articles implements rapporteur.Store.
func (db *DB) Articles(ctx context.Context, f rapporteur.ArticleFilter) (rapporteur.Page[*rapporteur.StoredArticle], error) {
	var page rapporteur.Page[*rapporteur.StoredArticle]
	l, err := db.articleList(f)
	if err != nil {
		return page, err
	}
	s := l.s
	order := f.Order
	switch order {
	case rapporteur.OrderDefault:
		order = rapporteur.OrderDate
		if s.match != "" {
			order = rapporteur.OrderRelevance
		}
	case rapporteur.OrderRelevance:
		if s.match == "" {
			order = rapporteur.OrderDate
		}
	case rapporteur.OrderDate, rapporteur.OrderIngested:
	case rapporteur.OrderOldest:
		l.asc = true
	default:
		return page, rapporteur.Errorf(rapporteur.EINVALID, "unknown order %q: use relevance, date, oldest or ingested", f.Order)
	}
	cur, err := decodeCursor(f.Cursor, order)
	if err != nil {
		return page, err
	}
	t, err := db.beginRead(ctx)
	if err != nil {
		return page, errorf("articles: %w", err)
	}
	defer t.rollback()
	var next *cursor
	switch order {
	case rapporteur.OrderRelevance:
		page.Items, next, err = byRelevance(ctx, t, l, cur, scanArticle)
	case rapporteur.OrderDate, rapporteur.OrderOldest:
		page.Items, next, err = byDate(ctx, t, l, cur, scanArticle)
	case rapporteur.OrderIngested:
		page.Items, next, err = byID(ctx, t, l, cur, false, order, scanArticle)
	}
	if err != nil {
		return page, errorf("articles: %w", err)
	}
	if next != nil {
		page.Next = next.encode()
	}
	if page.Items == nil {
		page.Items = []*rapporteur.StoredArticle{}
	}
	if err := articleSnippets(ctx, t, s.root, page.Items); err != nil {
		return page, errorf("articles: %w", err)
	}
	if !f.Duplicates {
		if err := copyCounts(ctx, t, page.Items); err != nil {
			return page, errorf("articles: %w", err)
		}
	}
	if !f.Full {
		if err := pageCredits(ctx, t, page.Items); err != nil {
			return page, errorf("articles: %w", err)
		}
	}
	if f.Full {
		for _, a := range page.Items {
			var body, ents string
			if err := t.queryRow(ctx, "SELECT body, entities FROM articles WHERE id = ? AND date = ?", a.ID, a.Date.Unix()).Scan(&body, &ents); err != nil {
				return page, errorf("article %d: %w", a.ID, err)
			}
			if err := fill(ctx, t, a, body, ents); err != nil {
				return page, err
			}
		}
	}
	return page, nil
}

// articleList translates an article filter: the query and every filter
// as conditions. Articles lists it and CountArticles counts it.
func (db *DB) articleList(f rapporteur.ArticleFilter) (*list, error) {
	now := f.Now
	if now.IsZero() {
		now = db.now()
	}
	s, err := parse(articlesTarget, f.Query, now)
	if err != nil {
		return nil, err
	}
	l := &list{t: articlesTarget, s: s, conds: s.conds, n: limit(f.Limit), now: now.Unix(), window: db.rankWindow, common: db.commonTerm, known: &db.commonness}
	if f.SourceID != 0 {
		l.conds = append(l.conds, clause{sql: "a.source_id = ?", args: []any{f.SourceID}, index: true})
	}
	if f.FeedID != 0 {
		l.conds = append(l.conds, clause{sql: "a.feed_id = ?", args: []any{f.FeedID}, index: true})
	}
	if f.SpeakerID != 0 {
		l.conds = append(l.conds, clause{sql: "EXISTS (SELECT 1 FROM statements st WHERE st.article_id = a.id AND st.date = a.date AND st.speaker_id = ?)",
			args: []any{f.SpeakerID}, index: true, speakers: &memberSet{id: f.SpeakerID}})
	}
	if f.Language != "" {
		l.conds.add("a.language = ?", f.Language)
	}
	if !f.Duplicates {
		l.conds.add("a.duplicate_of IS NULL")
	}
	if d := (&query.Date{From: f.From, To: f.To}); !d.From.IsZero() || !d.To.IsZero() {
		c := dateClause("a", d)
		l.conds.add(c.sql, c.args...)
		l.s.dates = append(l.s.dates, d)
	}
	return l, nil
}

// articleSnippets sets the snippet of each listed article: from its body,
// or from its title when only the title matches.
func articleSnippets(ctx context.Context, t *tx, root query.Node, items []*rapporteur.StoredArticle) error {
	body, title := snippet.New(root), snippet.New(root, query.FieldTitle)
	if len(items) == 0 || body.Empty() && title.Empty() {
		return nil
	}
	ids := make([]int64, len(items))
	byID := map[int64]*rapporteur.StoredArticle{}
	for i, a := range items {
		ids[i], byID[a.ID] = a.ID, a
	}
	// With their dates, so that only their months are read.
	rows, err := t.query(ctx, "SELECT id, body FROM articles WHERE id = ANY(?) AND date = ANY(?)", ids, datesOf(items))
	if err != nil {
		return errorf("snippets: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			return errorf("snippets: %w", err)
		}
		a := byID[id]
		if snip, ok := body.Cut(text); ok {
			a.Snippet = snip
		} else if snip, ok := title.Cut(a.Title); ok {
			a.Snippet = snip
		}
	}
	return rows.Err()
}

// datesOf returns the distinct dates of articles.
func datesOf(items []*rapporteur.StoredArticle) []int64 {
	var dates []int64
	seen := map[int64]bool{}
	for _, a := range items {
		if d := a.Date.Unix(); !seen[d] {
			seen[d] = true
			dates = append(dates, d)
		}
	}
	return dates
}

// pageCredits sets the Credits of the articles of a page, in one read
// (the credits' primary key leads with the article), as package sqlite
// does: a list says who reported each article as its page does.
func pageCredits(ctx context.Context, t *tx, items []*rapporteur.StoredArticle) error {
	if len(items) == 0 {
		return nil
	}
	byID := map[int64]*rapporteur.StoredArticle{}
	ids := make([]int64, len(items))
	for i, a := range items {
		a.Credits = []rapporteur.Credit{}
		byID[a.ID] = a
		ids[i] = a.ID
	}
	rows, err := t.query(ctx, `SELECT article_id, name, evidence_start, evidence_end, evidence, removed, relay
		FROM credits WHERE article_id = ANY(?) ORDER BY article_id, seq`, ids)
	if err != nil {
		return errorf("credits: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var c rapporteur.Credit
		if err := rows.Scan(&id, &c.Name, &c.Evidence.Start, &c.Evidence.End, &c.Evidence.Text, &c.Removed, &c.Relay); err != nil {
			return errorf("credits: %w", err)
		}
		byID[id].Credits = append(byID[id].Credits, c)
	}
	return rows.Err()
}

// copyCounts sets the CopyCount of the articles of a list without wire
// copies. A copy may be of any month, so every month's index of copies is
// read; with a generic plan, made once per connection, since planning
// them all took longer (80-140 ms at 1 M articles in 203 months, load
// 20) than reading them.
func copyCounts(ctx context.Context, t *tx, items []*rapporteur.StoredArticle) error {
	if len(items) == 0 {
		return nil
	}
	if t.tx != nil {
		if _, err := t.exec(ctx, `SET LOCAL plan_cache_mode = force_generic_plan`); err != nil {
			return errorf("copy counts: %w", err)
		}
		defer t.exec(ctx, `RESET plan_cache_mode`)
	}
	byID := map[int64]*rapporteur.StoredArticle{}
	ids := make([]int64, len(items))
	for i, a := range items {
		byID[a.ID] = a
		ids[i] = a.ID
	}
	rows, err := t.query(ctx, `SELECT duplicate_of, count(*) FROM articles WHERE duplicate_of = ANY(?) GROUP BY duplicate_of`, ids)
	if err != nil {
		return errorf("copy counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return errorf("copy counts: %w", err)
		}
		byID[id].CopyCount = n
	}
	return rows.Err()
}

// countWindow is how many candidate articles a count looks at. Package
// sqlite looks at 10,000: its full-text index gives their ids and a
// narrow index their conditions, a few milliseconds. Here each candidate
// is a row read from its month (its date, its conditions), and a phrase
// or a title: word is tested on the row's vector too: 10,000 took 0.2-1 s
// at 1 M articles (load 20-25), so the window is that of package sqlite's
// statements, which cost a row each there as well. Counts are exact up
// to it, "about N" past it.
var countWindow = 2000

// CountArticles counts the articles an ArticleFilter lists (its Cursor,
// Limit and Order aside) within a bounded cost, as package sqlite does:
// exactly when the candidates fit in a window of countWindow (the text's
// matches, the articles of a filter with an index of its own, or the whole
// store), otherwise extrapolated from the newest countWindow candidates
// ("about N").
func (db *DB) CountArticles(ctx context.Context, f rapporteur.ArticleFilter) (n int64, exact bool, err error) {
	l, err := db.articleList(f)
	if err != nil {
		return 0, false, err
	}
	t, err := db.beginRead(ctx)
	if err != nil {
		return 0, false, errorf("count articles: %w", err)
	}
	defer t.rollback()
	n, exact, err = db.countList(ctx, t, l)
	if err != nil {
		return 0, false, errorf("count articles: %w", err)
	}
	return n, exact, nil
}

// countList counts a list's articles: its candidates (the text's matches,
// the articles of a filter with an index of its own, or every article),
// exactly while they fit in countWindow, else the passing ones among the
// newest countWindow by date scaled by the share of the list's articles
// their dates span (see window).
func (db *DB) countList(ctx context.Context, t *tx, l *list) (int64, bool, error) {
	w, err := db.newWindow(ctx, t, l)
	if err != nil {
		return 0, false, err
	}
	// One more than the window: a filter's matches that just fit are
	// counted exactly, as in package sqlite.
	var passed, inWindow int64
	var lastDate, lastID int64
	err = w.read(ctx, t, countWindow+1, countWindow+1, func(c candidate) int {
		if c.pass {
			passed++
		}
		if w.seen == countWindow {
			inWindow, lastDate, lastID = passed, c.date, c.id
		}
		return countWindow + 1 - w.seen
	})
	if err != nil || w.seen <= countWindow && (w.seen < countWindow || l.s.match == "") {
		return passed, true, err
	}
	w.lastDate, w.lastID = lastDate, lastID
	passed = inWindow
	span, all, err := w.span(ctx, t)
	if err != nil || span <= 0 || all <= span {
		return passed, false, err
	}
	return roundCount(int64(float64(passed) * all / span)), false, nil
}

// roundCount keeps two significant digits of an estimate.
func roundCount(n int64) int64 {
	p := int64(1)
	for n/p >= 100 {
		p *= 10
	}
	return (n + p/2) / p * p
}
