package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/query"
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
	window int // see defaultRankWindow
	common int // see defaultCommonTerm
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
func queryRows[T item](ctx context.Context, tx *sql.Tx, scan scanFunc[T], q string, args []any, extra func() []any) ([]T, [][]any, error) {
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

// byDate lists newest first by date, then id.
func byDate[T item](ctx context.Context, tx *sql.Tx, l *list, cur *cursor, scan scanFunc[T]) ([]T, *cursor, error) {
	a := l.t.alias
	c := append(conds(nil), l.conds...)
	if cur != nil {
		c.add("("+a+".date, "+a+".id) < (?, ?)", cur.Date, cur.ID)
	}
	from, match := l.t.plainFrom, "1 = 1"
	var args []any
	if l.s.match != "" {
		from, match = l.t.matchFrom, l.t.fts+" MATCH ?"
		args = append(args, l.s.match)
	}
	where, wargs := c.where()
	q := "SELECT " + l.t.cols + " FROM " + from + " WHERE " + match + where +
		" ORDER BY " + a + ".date DESC, " + a + ".id DESC LIMIT ?"
	items, _, err := queryRows(ctx, tx, scan, q, append(append(args, wargs...), l.n+1), nil)
	if err != nil || len(items) <= l.n {
		return items, nil, err
	}
	items = items[:l.n]
	last := items[l.n-1]
	return items, &cursor{Kind: "date", Date: dateOf(last), ID: idOf(last)}, nil
}

// byID lists by id: newest stored first, or oldest first when asc.
func byID[T item](ctx context.Context, tx *sql.Tx, l *list, cur *cursor, asc bool, kind string, scan scanFunc[T]) ([]T, *cursor, error) {
	a := l.t.alias
	c := append(conds(nil), l.conds...)
	op, dir := "<", "DESC"
	if asc {
		op, dir = ">", "ASC"
	}
	if cur != nil {
		c.add(a+".id "+op+" ?", cur.ID)
	}
	from, match, order := l.t.plainFrom, "1 = 1", a+".id "+dir
	var args []any
	if l.s.match != "" {
		// Ordering by the FTS rowid lets FTS5 walk its index in order.
		from, match, order = l.t.matchFrom, l.t.fts+" MATCH ?", l.t.fts+".rowid "+dir
		args = append(args, l.s.match)
	}
	where, wargs := c.where()
	q := "SELECT " + l.t.cols + " FROM " + from + " WHERE " + match + where + " ORDER BY " + order + " LIMIT ?"
	items, _, err := queryRows(ctx, tx, scan, q, append(append(args, wargs...), l.n+1), nil)
	if err != nil || len(items) <= l.n {
		return items, nil, err
	}
	items = items[:l.n]
	return items, &cursor{Kind: kind, ID: idOf(items[l.n-1])}, nil
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
func hasCommonTerm(ctx context.Context, tx *sql.Tx, l *list) (bool, error) {
	for _, m := range l.s.positives() {
		var n int
		err := tx.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1 FROM "+l.t.fts+" WHERE "+l.t.fts+
			" MATCH ? LIMIT "+strconv.Itoa(l.common)+")", m).Scan(&n)
		if err != nil {
			return false, err
		}
		if n >= l.common {
			return true, nil
		}
	}
	return false, nil
}

// byRelevance ranks the matches of a text search; see defaultRankWindow
// and defaultCommonTerm.
func byRelevance[T item](ctx context.Context, tx *sql.Tx, l *list, cur *cursor, scan scanFunc[T]) ([]T, *cursor, error) {
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
	where, wargs := c.where()
	q := "SELECT " + t.cols + " FROM " + t.matchFrom + " WHERE " + t.fts + " MATCH ?" + where +
		" ORDER BY " + t.fts + ".rowid DESC LIMIT ?"
	want := l.n - len(items)
	rows, _, err := queryRows(ctx, tx, scan, q, append(append([]any{l.s.match}, wargs...), want+1), nil)
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
func articleSnippets(ctx context.Context, tx *sql.Tx, root query.Node, items []*rapporteur.StoredArticle) error {
	body, title := newHighlighter(root), newHighlighter(root, query.FieldTitle)
	if len(items) == 0 || len(body.terms)+len(title.terms) == 0 {
		return nil
	}
	ph := strings.TrimSuffix(strings.Repeat("?, ", len(items)), ", ")
	ids := make([]any, len(items))
	byID := map[int64]*rapporteur.StoredArticle{}
	for i, a := range items {
		ids[i], byID[a.ID] = a.ID, a
	}
	rows, err := tx.QueryContext(ctx, "SELECT id, body FROM articles WHERE id IN ("+ph+")", ids...)
	if err != nil {
		return fmt.Errorf("snippets: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			return fmt.Errorf("snippets: %w", err)
		}
		a := byID[id]
		if snip, ok := body.snippet(text); ok {
			a.Snippet = snip
		} else if snip, ok := title.snippet(a.Title); ok {
			a.Snippet = snip
		}
	}
	return rows.Err()
}

// Articles implements rapporteur.Store.
func (db *DB) Articles(ctx context.Context, f rapporteur.ArticleFilter) (rapporteur.Page[*rapporteur.StoredArticle], error) {
	var page rapporteur.Page[*rapporteur.StoredArticle]
	now := f.Now
	if now.IsZero() {
		now = db.now()
	}
	s, err := db.parse(articlesTarget, f.Query, now)
	if err != nil {
		return page, err
	}
	l := &list{t: articlesTarget, s: s, conds: s.conds, n: limit(f.Limit), now: now.Unix(), window: db.rankWindow, common: db.commonTerm}
	if f.SourceID != 0 {
		l.conds.add("a.source_id = ?", f.SourceID)
	}
	if f.FeedID != 0 {
		l.conds.add("a.feed_id = ?", f.FeedID)
	}
	if f.SpeakerID != 0 {
		l.conds.add("a.id IN (SELECT article_id FROM statements WHERE speaker_id = ?)", f.SpeakerID)
	}
	if f.Language != "" {
		l.conds.add("a.language = ?", f.Language)
	}
	if !f.Duplicates {
		l.conds.add("a.duplicate_of IS NULL")
	}
	if c := dateClause("a.date", &query.Date{From: f.From, To: f.To}); c.args != nil {
		l.conds.add(c.sql, c.args...)
	}
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
	default:
		return page, rapporteur.Errorf(rapporteur.EINVALID, "unknown order %q: use relevance, date or ingested", f.Order)
	}
	cur, err := decodeCursor(f.Cursor, order)
	if err != nil {
		return page, err
	}
	tx, err := db.beginRead(ctx)
	if err != nil {
		return page, fmt.Errorf("articles: %w", err)
	}
	defer tx.Rollback()
	var next *cursor
	switch order {
	case rapporteur.OrderRelevance:
		page.Items, next, err = byRelevance(ctx, tx, l, cur, scanArticle)
	case rapporteur.OrderDate:
		page.Items, next, err = byDate(ctx, tx, l, cur, scanArticle)
	case rapporteur.OrderIngested:
		page.Items, next, err = byID(ctx, tx, l, cur, false, order, scanArticle)
	}
	if err != nil {
		return page, fmt.Errorf("articles: %w", err)
	}
	if next != nil {
		page.Next = next.encode()
	}
	if page.Items == nil {
		page.Items = []*rapporteur.StoredArticle{}
	}
	if err := articleSnippets(ctx, tx, s.root, page.Items); err != nil {
		return page, fmt.Errorf("articles: %w", err)
	}
	if !f.Duplicates {
		if err := copyCounts(ctx, tx, page.Items); err != nil {
			return page, fmt.Errorf("articles: %w", err)
		}
	}
	return page, nil
}

// copyCounts sets the CopyCount of the articles of a list without wire
// copies.
func copyCounts(ctx context.Context, tx *sql.Tx, items []*rapporteur.StoredArticle) error {
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
		WHERE duplicate_of IN (?`+strings.Repeat(",?", len(items)-1)+`) GROUP BY duplicate_of`, args...)
	if err != nil {
		return fmt.Errorf("copy counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return fmt.Errorf("copy counts: %w", err)
		}
		byID[id].CopyCount = n
	}
	return rows.Err()
}
