package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/query"
	"github.com/rapporteur/rapporteur/snippet"
)

// Relevance ranking. A text search scores the newest matches, a window of
// DB.rankWindow of them (found in storing order, which FTS5 walks backwards
// without sorting), with bm25 times a recency boost; it pages through them
// by score and then continues with the older matches newest first. A
// common word thus costs at most a window of scores, whatever the size of
// the database.
const (
	defaultRankWindow = 1000
	// The boost is 1 + 1/(1 + age/recencyScale): a new article counts
	// double, one recencyScale old one and a half times, an old one once.
	recencyScale = 30 * 24 * 3600
)

// list is one list query being built: the target, the translated query
// and the filter conditions.
type list struct {
	t      *target
	s      *search
	conds  conds
	n      int
	now    int64
	window int  // see defaultRankWindow
	common int  // see defaultCommonTerm
	walk   int  // see defaultWalkWindow
	asc    bool // byDate lists oldest first (OrderOldest)
	// speaker is a statement list's speaker filter (StatementFilter's
	// SpeakerID), whose index leads a count and facets without text.
	speaker int64
	// whole says that the store is small enough for counts and facets
	// to read every candidate (see wholeStore).
	whole bool
}

// parse translates the filter's query for a target.
func (db *DB) parse(t *target, q string, now time.Time) (*search, error) {
	root, err := query.Parse(q, now)
	if err != nil {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "invalid search: %w", err)
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

// query runs a list query and scans up to l.n+1 rows; the extra row says
// that there is a next page.
func queryRows[T item](ctx context.Context, tx querier, scan scanFunc[T], q string, args []any, extra func() []any) ([]T, [][]any, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
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

// byDate lists newest first by date, then id, or oldest first when l.asc.
func byDate[T item](ctx context.Context, tx querier, l *list, cur *cursor, scan scanFunc[T]) ([]T, *cursor, error) {
	if !l.asc && l.t == articlesTarget && l.s.match == "" && len(l.conds) > 0 {
		return filteredByDate(ctx, tx, l, cur, scan)
	}
	if set := l.conds.members(); set != nil && !l.asc && l.t == statementsTarget && l.s.match == "" {
		// speaker: — the newest statements of each speaker it names, from
		// the speaker index in date order, instead of all of them
		// (129,374 for speaker:bush at 1 M articles) read and sorted.
		ids, ok, err := byMembers(ctx, tx, l, cur, set)
		if err != nil {
			return nil, nil, err
		}
		if ok {
			return readIDs(ctx, tx, l, ids, scan)
		}
	}
	a := l.t.alias
	c := append(conds(nil), l.conds...)
	op, dir := "<", "DESC"
	if l.asc {
		op, dir = ">", "ASC"
	}
	if cur != nil {
		c.add("("+a+".date, "+a+".id) "+op+" (?, ?)", cur.Date, cur.ID)
	}
	from, match := l.t.plainFrom, "1 = 1"
	var args []any
	if l.s.match != "" {
		from, match = l.t.matchFrom, l.t.fts+" MATCH ?"
		args = append(args, l.s.match)
	}
	where, wargs := c.where()
	q := "SELECT " + l.t.cols + " FROM " + from + " WHERE " + match + where +
		" ORDER BY " + a + ".date " + dir + ", " + a + ".id " + dir + " LIMIT ?"
	items, _, err := queryRows(ctx, tx, scan, q, append(append(args, wargs...), l.n+1), nil)
	return datePage(l, items, err)
}

func datePage[T item](l *list, items []T, err error) ([]T, *cursor, error) {
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

// defaultWalkWindow is how many of the newest articles a filtered listing
// tests one by one, in date order, before it turns to the filter's own
// index: at most a few milliseconds of index reading.
const defaultWalkWindow = 10000

// filteredByDate lists the articles that pass filters (no text to match)
// newest first. A filter that most articles pass (lang:en) is best tested
// row by row while walking the date index, and one that few pass
// (speaker:, credit:, source:) is best looked up in its own index and
// sorted; which one a filter is depends on the data. So it walks the
// newest l.walk articles of the date index first, whose columns the
// index itself holds, and only when they hold too few matches for the
// page does it look the matches up through the set form of the filters.
// Either way only the page's own rows are read whole: an article row
// fills a page, and reading thousands of them was what made such lists
// slow.
func filteredByDate[T item](ctx context.Context, tx querier, l *list, cur *cursor, scan scanFunc[T]) ([]T, *cursor, error) {
	var rng conds
	for _, d := range l.s.dates {
		c := dateClause("date", d)
		rng.add(c.sql, c.args...)
	}
	if cur != nil {
		rng.add("(date, id) < (?, ?)", cur.Date, cur.ID)
	}
	rwhere, rargs := rng.where()
	if set := l.conds.members(); set != nil {
		ids, ok, err := byMembers(ctx, tx, l, cur, set)
		if err != nil {
			return nil, nil, err
		}
		if ok {
			return readIDs(ctx, tx, l, ids, scan)
		}
	}
	where, wargs := l.conds.where()
	walk := "SELECT a.id FROM (SELECT id, date, source_id, feed_id, language, duplicate_of FROM articles INDEXED BY articles_by_date WHERE 1 = 1" +
		rwhere + " ORDER BY date DESC, id DESC LIMIT " + strconv.Itoa(l.walk) + ") a WHERE 1 = 1" + where +
		" ORDER BY a.date DESC, a.id DESC LIMIT ?"
	ids, err := queryIDs(ctx, tx, walk, append(append(rargs, wargs...), l.n+1)...)
	if err != nil {
		return nil, nil, err
	}
	if len(ids) <= l.n {
		// Too few in the window: unless the window was all there is,
		// look the matches up.
		var walked int
		err := tx.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1 FROM articles INDEXED BY articles_by_date WHERE 1 = 1"+
			rwhere+" LIMIT "+strconv.Itoa(l.walk)+")", rargs...).Scan(&walked)
		if err != nil {
			return nil, nil, err
		}
		if walked == l.walk {
			c := append(conds(nil), l.conds...)
			if cur != nil {
				c.add("(a.date, a.id) < (?, ?)", cur.Date, cur.ID)
			}
			// The narrow index answers "this id's date" without the row;
			// without a set to look up, the date index is walked whole.
			index := "articles_by_date"
			if l.conds.canDrive() {
				index = "articles_narrow"
			}
			where, wargs := c.join(true)
			ids, err = queryIDs(ctx, tx, "SELECT a.id FROM articles a INDEXED BY "+index+" WHERE 1 = 1"+where+
				" ORDER BY a.date DESC, a.id DESC LIMIT ?", append(wargs, l.n+1)...)
			if err != nil {
				return nil, nil, err
			}
		}
	}
	return readIDs(ctx, tx, l, ids, scan)
}

// readIDs reads the rows of a page of article or statement ids, newest
// first.
func readIDs[T item](ctx context.Context, tx querier, l *list, ids []int64, scan scanFunc[T]) ([]T, *cursor, error) {
	if len(ids) == 0 {
		return nil, nil, nil
	}
	a := l.t.alias
	q := "SELECT " + l.t.cols + " FROM " + l.t.plainFrom + " WHERE " + a + ".id IN (" + paramMarks(len(ids)) +
		") ORDER BY " + a + ".date DESC, " + a + ".id DESC"
	items, _, err := queryRows(ctx, tx, scan, q, anys(ids), nil)
	return datePage(l, items, err)
}

// paramMarks returns n parameter marks for an IN list: "?, ?, ?".
func paramMarks(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

func anys(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// maxMembers bounds the members byMembers merges; a condition with more
// (source:a*) is looked up through its set form.
const maxMembers = 64

// byMembers lists the ids of the articles of a set of sources or speakers
// that pass the list's conditions, a page newest first. Each member's
// articles are in date order in an index (a statement has its article's
// date), so the newest k of each member hold every one of its articles
// newer than the oldest of them: the page is exact when its last article
// is newer than that for every member cut short, and is read again with a
// larger k when it is not. A speaker quoted in 100,000 statements thus
// costs a few hundred rows, not 100,000 looked up and sorted. ok is false
// when the set has too many members.
func byMembers(ctx context.Context, tx querier, l *list, cur *cursor, set *memberSet) (ids []int64, ok bool, err error) {
	members := []int64{set.id}
	if set.query != "" {
		members, err = queryIDs(ctx, tx, set.query+" LIMIT "+strconv.Itoa(maxMembers+1), set.args...)
		if err != nil || len(members) > maxMembers {
			return nil, false, err
		}
	}
	var c conds
	for _, x := range l.conds {
		if x.members == set && l.t == statementsTarget {
			// Every candidate is a member's statement: testing it
			// again would read the whole set of ids.
			continue
		}
		c = append(c, x)
	}
	a := l.t.alias
	if cur != nil {
		c.add("("+a+".date, "+a+".id) < (?, ?)", cur.Date, cur.ID)
	}
	where, wargs := c.where()
	// Each member's newest (date, id) pairs, and those of the extra
	// source: one query each, with its arguments but the LIMIT.
	type source struct {
		q    string
		args []any
	}
	var sources []source
	// A statement list reads each member's newest statements that pass
	// the list's conditions, in the order of the page: (date, id) pairs,
	// since many statements share their article's date and a cut on a
	// date alone would never be passed strictly; a first read is then
	// exact even when most of a speaker's newest statements are copies'.
	// An article list reads the statements' article ids by date, and
	// tests the conditions on the articles.
	pairs := l.t == statementsTarget
	from := "articles a INDEXED BY articles_narrow"
	if pairs {
		from = "statements s JOIN articles a INDEXED BY articles_narrow ON a.id = s.article_id"
		for _, m := range members {
			sources = append(sources, source{memberStatements(where), append([]any{m}, wargs...)})
		}
		if set.extra != "" {
			sources = append(sources, source{set.extra + where + newestStatements, append(slices.Clone(set.extraArgs), wargs...)})
		}
	} else {
		per := set.newest
		var perArgs []any
		if cur != nil {
			per += " AND date <= ?"
			perArgs = append(perArgs, cur.Date)
		}
		per += " ORDER BY date DESC LIMIT ?"
		for _, m := range members {
			sources = append(sources, source{per, append([]any{m}, perArgs...)})
		}
	}
	for k := 4 * (l.n + 1); ; k *= 8 {
		seen := map[int64]bool{}
		var cands []int64
		// The newest (date, id) down to which a member's rows were cut;
		// the id counts for statements only.
		var cut [2]int64
		short := false
		newer := func(x, y [2]int64) bool { return x[0] > y[0] || pairs && x[0] == y[0] && x[1] > y[1] }
		for _, src := range sources {
			rows, err := tx.QueryContext(ctx, src.q, append(src.args, k)...)
			if err != nil {
				return nil, false, err
			}
			n := 0
			var last [2]int64
			for rows.Next() {
				if err := rows.Scan(&last[0], &last[1]); err != nil {
					rows.Close()
					return nil, false, err
				}
				n++
				if id := last[1]; !seen[id] {
					seen[id] = true
					cands = append(cands, id)
				}
			}
			if err := rows.Close(); err != nil {
				return nil, false, err
			}
			if n == k && (!short || newer(last, cut)) {
				cut, short = last, true
			}
		}
		if len(cands) == 0 {
			return nil, true, nil
		}
		rows, err := tx.QueryContext(ctx, "SELECT "+a+".id, "+a+".date FROM "+from+" WHERE "+a+".id IN ("+
			paramMarks(len(cands))+")"+where+" ORDER BY "+a+".date DESC, "+a+".id DESC LIMIT ?",
			append(append(anys(cands), wargs...), l.n+1)...)
		if err != nil {
			return nil, false, err
		}
		ids = ids[:0]
		var last [2]int64
		for rows.Next() {
			if err := rows.Scan(&last[1], &last[0]); err != nil {
				rows.Close()
				return nil, false, err
			}
			ids = append(ids, last[1])
		}
		if err := rows.Close(); err != nil {
			return nil, false, err
		}
		if !short || (len(ids) > l.n && newer(last, cut)) {
			return ids, true, nil
		}
		if k > 1<<16 {
			return nil, false, nil // let the set form do it
		}
	}
}

// newestStatements orders a member's statements as a page does.
const newestStatements = " ORDER BY s.date DESC, s.id DESC LIMIT ?"

// memberStatements is the SELECT of date and id of a speaker's newest
// statements that pass the conditions where, from the speaker index in
// date order: its arguments are the speaker's id, where's and the limit.
func memberStatements(where string) string {
	return "SELECT s.date, s.id FROM statements s INDEXED BY statements_by_speaker" +
		" JOIN articles a ON a.id = s.article_id LEFT JOIN sources src ON src.id = s.source_id" +
		" WHERE s.speaker_id = ?" + where + newestStatements
}

// queryIDs runs a query of one integer column.
func queryIDs(ctx context.Context, tx querier, q string, args ...any) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// byID lists by id: newest stored first, or oldest first when asc.
func byID[T item](ctx context.Context, tx querier, l *list, cur *cursor, asc bool, kind string, scan scanFunc[T]) ([]T, *cursor, error) {
	a := l.t.alias
	c := append(conds(nil), l.conds...)
	op, dir := "<", "DESC"
	if asc {
		op, dir = ">", "ASC"
	}
	if cur != nil {
		c.add(a+".id "+op+" ?", cur.ID)
	}
	var items []T
	var err error
	if l.s.match != "" {
		items, err = matchedRows(ctx, tx, l, c, dir, l.n+1, scan)
	} else {
		where, wargs := c.where()
		q := "SELECT " + l.t.cols + " FROM " + l.t.plainFrom + " WHERE 1 = 1" + where + " ORDER BY " + a + ".id " + dir + " LIMIT ?"
		items, _, err = queryRows(ctx, tx, scan, q, append(wargs, l.n+1), nil)
	}
	if err != nil || len(items) <= l.n {
		return items, nil, err
	}
	items = items[:l.n]
	return items, &cursor{Kind: kind, ID: idOf(items[l.n-1])}, nil
}

// matchedRows lists up to n rows that match the text and pass c, in the
// order of their ids (dir): ordering by the FTS rowid lets FTS5 walk its
// index in order. The ids come first, through the narrow index, and then
// the rows of those alone, so that a match a condition drops (a wire copy,
// another language) costs an index entry rather than an article row.
func matchedRows[T item](ctx context.Context, tx querier, l *list, c conds, dir string, n int, scan scanFunc[T]) ([]T, error) {
	a := l.t.alias
	where, wargs := c.where()
	ids, err := queryIDs(ctx, tx, "SELECT "+a+".id FROM "+l.t.windowFrom+" WHERE "+l.t.fts+" MATCH ?"+where+
		" ORDER BY "+l.t.fts+".rowid "+dir+" LIMIT ?", append(append([]any{l.s.match}, wargs...), n)...)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	items, _, err := queryRows(ctx, tx, scan, "SELECT "+l.t.cols+" FROM "+l.t.plainFrom+" WHERE "+a+".id IN ("+
		paramMarks(len(ids))+") ORDER BY "+a+".id "+dir, anys(ids), nil)
	return items, err
}

// Phases of a relevance listing, kept in its cursor: ranking the window,
// then the older matches; or, for a query with a common word, only the
// newest matches first.
const (
	phaseWindow = 0
	phaseOlder  = 2
	phaseNewest = 3
)

// defaultCommonTerm is the number of matching rows from which a word is
// common. bm25 counts the rows that contain each word of the query, walking the
// word's whole posting list, on every search; for a word in most of a
// million articles that alone would take longer than a search may. A
// query with a common word lists the newest stored matches first instead:
// such a query is broad, and the newest matches are what its reader wants
// first.
const defaultCommonTerm = 5000

// hasCommonTerm reports whether a positive word or phrase of the query
// matches at least l.common rows (defaultCommonTerm unless a test changes
// it), counting at most that many per word.
//
// A prefix (bank*) is first counted as the word itself (bank): FTS5 lists
// a word's matches as it reads them but merges every word of a prefix
// before the first, a second full merge for the one the list does anyway,
// and a prefix whose word alone is common is common.
func hasCommonTerm(ctx context.Context, tx querier, l *list) (bool, error) {
	common := func(m string) (bool, error) {
		var n int
		err := tx.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1 FROM "+l.t.fts+" WHERE "+l.t.fts+
			" MATCH ? LIMIT "+strconv.Itoa(l.common)+")", m).Scan(&n)
		return n >= l.common, err
	}
	for _, m := range l.s.positives() {
		if word, ok := strings.CutSuffix(m, "*"); ok {
			if c, err := common(word); c || err != nil {
				return c, err
			}
		}
		if c, err := common(m); c || err != nil {
			return c, err
		}
	}
	return false, nil
}

// byRelevance ranks the matches of a text search; see defaultRankWindow
// and defaultCommonTerm.
func byRelevance[T item](ctx context.Context, tx querier, l *list, cur *cursor, scan scanFunc[T]) ([]T, *cursor, error) {
	t := l.t
	first := cur == nil
	if first {
		common, err := hasCommonTerm(ctx, tx, l)
		if err != nil {
			return nil, nil, err
		}
		if common {
			cur = &cursor{Kind: "relevance", Phase: phaseNewest}
		} else {
			cur = &cursor{Kind: "relevance", Now: l.now}
		}
	}
	if cur.Phase == phaseNewest {
		// A broad query: the newest stored matches first, which FTS5
		// lists without scoring anything.
		c := cur
		if first {
			c = nil
		}
		items, next, err := byID(ctx, tx, l, c, false, "relevance", scan)
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
		// The window's matches with ids >= floor are the same set on
		// every page (plus any stored since), so paging by score neither
		// repeats nor skips.
		inner := "SELECT " + t.alias + ".id AS id, -bm25(" + t.fts + ", " + t.weights + ") * (1.0 + 1.0 / (1.0 + max(0, ? - " +
			t.alias + ".date) / " + strconv.Itoa(recencyScale) + ".0)) AS score FROM " + t.windowFrom +
			" WHERE " + t.fts + " MATCH ?" + where + " AND " + t.alias + ".id >= ? ORDER BY " + t.fts + ".rowid DESC" + window
		q := "SELECT " + t.cols + ", w.score, w.wmin, w.wcount FROM (SELECT id, score, min(id) OVER () AS wmin, count(*) OVER () AS wcount FROM (" +
			inner + ")) w " + t.rowFrom +
			" WHERE ? OR w.score < ? OR (w.score = ? AND w.id < ?) ORDER BY w.score DESC, w.id DESC LIMIT ?"
		args := append([]any{cur.Now, l.s.match}, wargs...)
		args = append(args, cur.Floor, first, cur.Score, cur.Score, cur.ID, l.n+1)
		rows, extras, err := queryRows(ctx, tx, scan, q, args, func() []any { return []any{new(float64), new(int64), new(int64)} })
		if err != nil {
			return nil, nil, err
		}
		if first && len(extras) > 0 {
			wmin, wcount := *extras[0][1].(*int64), *extras[0][2].(*int64)
			if wcount >= int64(l.window) {
				cur.Floor = wmin
			}
		}
		if len(rows) > l.n {
			last := l.n - 1
			next := *cur
			next.Score, next.ID = *extras[last][0].(*float64), idOf(rows[last])
			return rows[:l.n], &next, nil
		}
		items = rows
		if cur.Floor == 0 {
			return items, nil, nil // the window held every match
		}
		cur = &cursor{Kind: "relevance", Now: cur.Now, Floor: cur.Floor, Phase: phaseOlder, ID: cur.Floor}
	}
	// Past the window: the older matches, newest first.
	c := append(conds(nil), l.conds...)
	c.add(t.alias+".id < ?", cur.ID)
	want := l.n - len(items)
	rows, err := matchedRows(ctx, tx, l, c, "DESC", want+1, scan)
	if err != nil {
		return nil, nil, err
	}
	if len(rows) <= want {
		return append(items, rows...), nil, nil
	}
	rows = rows[:want]
	items = append(items, rows...)
	next := *cur // with no older match on this page, the next starts below the floor
	if want > 0 {
		next.ID = idOf(rows[want-1])
	}
	return items, &next, nil
}

// articleSnippets sets the snippet of each listed article: from its body,
// or from its title when only the title matches.
func articleSnippets(ctx context.Context, tx querier, root query.Node, items []*rapporteur.StoredArticle) error {
	body, title := snippet.New(root), snippet.New(root, query.FieldTitle)
	if len(items) == 0 || body.Empty() && title.Empty() {
		return nil
	}
	ids := make([]any, len(items))
	byID := map[int64]*rapporteur.StoredArticle{}
	for i, a := range items {
		ids[i], byID[a.ID] = a.ID, a
	}
	rows, err := tx.QueryContext(ctx, "SELECT id, body FROM articles WHERE id IN ("+paramMarks(len(items))+")", ids...)
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
	tx, err := db.beginRead(ctx)
	if err != nil {
		return page, errorf("articles: %w", err)
	}
	defer tx.Rollback()
	if s.match != "" && (len(s.dates) > 0 || !f.Duplicates) {
		if err := boundBlocks(ctx, tx, l, !f.Duplicates); err != nil {
			return page, errorf("articles: %w", err)
		}
	}
	var next *cursor
	switch order {
	case rapporteur.OrderRelevance:
		page.Items, next, err = byRelevance(ctx, tx, l, cur, scanArticle)
	case rapporteur.OrderDate, rapporteur.OrderOldest:
		page.Items, next, err = byDate(ctx, tx, l, cur, scanArticle)
	case rapporteur.OrderIngested:
		page.Items, next, err = byID(ctx, tx, l, cur, false, order, scanArticle)
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
	if err := articleSnippets(ctx, tx, s.root, page.Items); err != nil {
		return page, errorf("articles: %w", err)
	}
	if !f.Duplicates {
		if err := copyCounts(ctx, tx, page.Items); err != nil {
			return page, errorf("articles: %w", err)
		}
	}
	if !f.Full {
		if err := pageCredits(ctx, tx, page.Items); err != nil {
			return page, errorf("articles: %w", err)
		}
	}
	if f.Full {
		if err := fullArticles(ctx, tx, page.Items); err != nil {
			return page, errorf("articles: %w", err)
		}
	}
	return page, nil
}

// fullArticles fills each article of a page as Store.Article does: text,
// entities, statements with their ids, credits. It reads them article by
// article, with the prepared queries of Article, so an export holds one
// page in memory whatever its length; the page's credits in one read.
func fullArticles(ctx context.Context, tx querier, items []*rapporteur.StoredArticle) error {
	for _, a := range items {
		var body, ents string
		if err := tx.QueryRowContext(ctx, "SELECT body, entities FROM articles WHERE id = ?", a.ID).Scan(&body, &ents); err != nil {
			return errorf("article %d: %w", a.ID, err)
		}
		a.Text = body
		a.Entities = []rapporteur.Entity{}
		if err := json.Unmarshal([]byte(ents), &a.Entities); err != nil {
			return errorf("article %d entities: %w", a.ID, err)
		}
		rows, err := tx.QueryContext(ctx, qArticleStatements, a.ID)
		if err != nil {
			return errorf("article %d statements: %w", a.ID, err)
		}
		a.Statements = []*rapporteur.StoredStatement{}
		a.Article.Statements = []rapporteur.Statement{}
		for rows.Next() {
			st, err := scanStatement(rows)
			if err != nil {
				rows.Close()
				return errorf("article %d statements: %w", a.ID, err)
			}
			a.Statements = append(a.Statements, st)
			a.Article.Statements = append(a.Article.Statements, st.Statement)
		}
		if err := rows.Close(); err != nil {
			return errorf("article %d statements: %w", a.ID, err)
		}
	}
	return pageCredits(ctx, tx, items)
}

// articleList translates an article filter: the query and every filter
// as conditions. Articles lists it and CountArticles counts it, so the
// two cannot disagree on what matches.
func (db *DB) articleList(f rapporteur.ArticleFilter) (*list, error) {
	now := f.Now
	if now.IsZero() {
		now = db.now()
	}
	s, err := db.parse(articlesTarget, f.Query, now)
	if err != nil {
		return nil, err
	}
	l := &list{t: articlesTarget, s: s, conds: s.conds, n: limit(f.Limit), now: now.Unix(), window: db.rankWindow, common: db.commonTerm, walk: db.walkWindow}
	if f.SourceID != 0 {
		l.conds = append(l.conds, clause{sql: "a.source_id = ?", args: []any{f.SourceID},
			drive:   &clause{sql: "a.id IN (SELECT id FROM articles INDEXED BY articles_by_source WHERE source_id = ?)", args: []any{f.SourceID}},
			members: &memberSet{id: f.SourceID, newest: sourcesNewest}})
	}
	if f.FeedID != 0 {
		l.conds.add("a.feed_id = ?", f.FeedID)
	}
	if f.SpeakerID != 0 {
		l.conds = append(l.conds, clause{sql: "EXISTS (SELECT 1 FROM statements st WHERE st.article_id = a.id AND st.speaker_id = ?)", args: []any{f.SpeakerID},
			drive:   &clause{sql: "a.id IN (SELECT article_id FROM statements WHERE speaker_id = ?)", args: []any{f.SpeakerID}},
			members: &memberSet{id: f.SpeakerID, newest: speakersNewest}})
	}
	if f.Language != "" {
		l.conds.add("a.language = ?", f.Language)
	}
	if !f.Duplicates {
		l.conds.add("a.duplicate_of IS NULL")
	}
	if d := (&query.Date{From: f.From, To: f.To}); !d.From.IsZero() || !d.To.IsZero() {
		c := dateClause("a.date", d)
		l.conds.add(c.sql, c.args...)
		s.dates = append(s.dates, d)
	}
	return l, nil
}

// boundBlocks gives a text search of articles the lowest and highest id
// its results can have, which the full-text index seeks to, from what is
// kept of each block of 1,024 ids: its articles' dates (migration 007)
// and how many of them are no wire copy (migration 011). Ids follow the
// order of ingest, which follows the news, so a date range in the past
// skips the newer matches, and a list without copies skips the newest
// blocks when they hold copies alone; a walk from the newest match would
// otherwise test and drop those matches one by one.
func boundBlocks(ctx context.Context, tx querier, l *list, originals bool) error {
	var c conds
	for _, d := range l.s.dates {
		if !d.From.IsZero() {
			c.add("max_date >= ?", d.From.Unix())
		}
		if !d.To.IsZero() {
			c.add("min_date < ?", d.To.Unix())
		}
	}
	if originals {
		c.add("originals > 0")
	}
	where, args := c.where()
	var lo, hi sql.NullInt64
	err := tx.QueryRowContext(ctx, "SELECT min(block), max(block) FROM article_blocks WHERE 1 = 1"+where, args...).Scan(&lo, &hi)
	if err != nil {
		return err
	}
	if !lo.Valid {
		l.conds.add("0 = 1")
		return nil
	}
	l.conds.add("articles_fts.rowid BETWEEN ? AND ?", lo.Int64<<blockBits, (hi.Int64+1)<<blockBits-1)
	return nil
}

// blockBits is the size of a block of article ids, 1 << blockBits; it is
// the 10 of qBlockDates, qBlockOriginals and migrations 007 and 011.
const blockBits = 10

// pageCredits sets the Credits of the articles of a page, in one read: a
// list says who reported each article as its page does.
func pageCredits(ctx context.Context, tx querier, items []*rapporteur.StoredArticle) error {
	if len(items) == 0 {
		return nil
	}
	byID := map[int64]*rapporteur.StoredArticle{}
	args := make([]any, len(items))
	for i, a := range items {
		a.Credits = []rapporteur.Credit{}
		byID[a.ID] = a
		args[i] = a.ID
	}
	rows, err := tx.QueryContext(ctx, `SELECT article_id, name, evidence_start, evidence_end, evidence, removed, relay
		FROM credits WHERE article_id IN (`+paramMarks(len(items))+`) ORDER BY article_id, seq`, args...)
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
// copies.
func copyCounts(ctx context.Context, tx querier, items []*rapporteur.StoredArticle) error {
	if len(items) == 0 {
		return nil
	}
	byID := map[int64]*rapporteur.StoredArticle{}
	args := make([]any, len(items))
	for i, a := range items {
		byID[a.ID] = a
		args[i] = a.ID
	}
	rows, err := tx.QueryContext(ctx, `SELECT duplicate_of, count(*) FROM articles
		WHERE duplicate_of IN (`+paramMarks(len(items))+`) GROUP BY duplicate_of`, args...)
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
