package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"github.com/rapporteur/rapporteur"
)

const sourceCols = `src.id, src.host, src.name, src.article_count, src.first_seen`

func scanSource(r scanner, extra ...any) (*rapporteur.Source, error) {
	var s rapporteur.Source
	var first sql.NullInt64
	if err := r.Scan(append([]any{&s.ID, &s.Host, &s.Name, &s.ArticleCount, &first}, extra...)...); err != nil {
		return nil, err
	}
	s.FirstSeen = fromUnix(first)
	return &s, nil
}

// Source implements rapporteur.Store.
func (db *DB) Source(ctx context.Context, id int64) (*rapporteur.Source, error) {
	s, err := scanSource(db.read.QueryRowContext(ctx, `SELECT `+sourceCols+` FROM sources src WHERE src.id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, notFound("source", id)
	} else if err != nil {
		return nil, errorf("source %d: %w", id, err)
	}
	return s, nil
}

// Sources implements rapporteur.Store. Sources left without articles are
// not listed.
func (db *DB) Sources(ctx context.Context, f rapporteur.SourceFilter) (rapporteur.Page[*rapporteur.Source], error) {
	var page rapporteur.Page[*rapporteur.Source]
	var c conds
	c.add("src.article_count > 0")
	// There are few sources (one per site), so a substring scan is cheap.
	for _, w := range strings.Fields(strings.ToLower(f.Query)) {
		p := "%" + likeEscape(w) + "%"
		c.add(`src.host LIKE ? ESCAPE '\' OR lower(src.name) LIKE ? ESCAPE '\'`, p, p)
	}
	cur, err := decodeCursor(f.Cursor, "count")
	if err != nil {
		return page, err
	}
	if cur != nil {
		c.add("(src.article_count, src.id) < (?, ?)", cur.Count, cur.ID)
	}
	n := limit(f.Limit)
	where, args := c.where()
	rows, err := db.read.QueryContext(ctx, `SELECT `+sourceCols+` FROM sources src WHERE 1 = 1`+where+
		` ORDER BY src.article_count DESC, src.id DESC LIMIT ?`, append(args, n+1)...)
	if err != nil {
		return page, errorf("sources: %w", err)
	}
	defer rows.Close()
	page.Items = []*rapporteur.Source{}
	for rows.Next() {
		s, err := scanSource(rows)
		if err != nil {
			return page, errorf("sources: %w", err)
		}
		page.Items = append(page.Items, s)
	}
	if err := rows.Err(); err != nil {
		return page, errorf("sources: %w", err)
	}
	if len(page.Items) > n {
		page.Items = page.Items[:n]
		last := page.Items[n-1]
		page.Next = cursor{Kind: "count", Count: int64(last.ArticleCount), ID: last.ID}.encode()
	}
	return page, nil
}

// Stats implements rapporteur.Store.
func (db *DB) Stats(ctx context.Context) (rapporteur.Stats, error) {
	var st rapporteur.Stats
	tx, err := db.beginRead(ctx)
	if err != nil {
		return st, errorf("stats: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT name, n FROM counters`)
	if err != nil {
		return st, errorf("stats: %w", err)
	}
	for rows.Next() {
		var name string
		var n int64
		if err := rows.Scan(&name, &n); err != nil {
			rows.Close()
			return st, errorf("stats: %w", err)
		}
		switch name {
		case "articles":
			st.Articles = n
		case "statements":
			st.Statements = n
		case "speakers":
			st.Speakers = n
		case "sources":
			st.Sources = n
		}
	}
	if err := rows.Close(); err != nil {
		return st, errorf("stats: %w", err)
	}
	var last sql.NullInt64
	err = tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM feeds), (SELECT count(*) FROM saved_searches),
		(SELECT created FROM articles ORDER BY id DESC LIMIT 1)`).Scan(&st.Feeds, &st.SavedSearches, &last)
	if err != nil {
		return st, errorf("stats: %w", err)
	}
	st.LastStored = fromUnix(last)
	return st, nil
}
