package postgres

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/rapporteur/rapporteur"
)

// srcCount is the article count of the source src: the sum of its
// shards (migration 019), read in the query's snapshot.
const srcCount = `(SELECT coalesce(sum(sc.n), 0)::bigint FROM source_counts sc WHERE sc.source_id = src.id)`

const sourceCols = `src.id, src.host, src.name, ` + srcCount + `, src.first_seen`

func scanSource(r scanner, extra ...any) (*rapporteur.Source, error) {
	var s rapporteur.Source
	var first *int64
	if err := r.Scan(append([]any{&s.ID, &s.Host, &s.Name, &s.ArticleCount, &first}, extra...)...); err != nil {
		return nil, err
	}
	s.FirstSeen = fromUnix(first)
	return &s, nil
}

// Source implements rapporteur.Store.
func (db *DB) Source(ctx context.Context, id int64) (*rapporteur.Source, error) {
	s, err := scanSource(wrap(db.pool).queryRow(ctx, `SELECT `+sourceCols+` FROM sources src WHERE src.id = ?`, id))
	if errors.Is(err, pgx.ErrNoRows) {
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
	c.add("c.n > 0")
	for _, w := range strings.Fields(strings.ToLower(f.Query)) {
		p := "%" + likeEscape(w) + "%"
		c.add(`src.host LIKE ? ESCAPE '\' OR lower(src.name) LIKE ? ESCAPE '\'`, p, p)
	}
	cur, err := decodeCursor(f.Cursor, "count")
	if err != nil {
		return page, err
	}
	if cur != nil {
		c.add("(c.n, src.id) < (?, ?)", cur.Count, cur.ID)
	}
	n := limit(f.Limit)
	where, args := c.where()
	// Every source's count is summed to order them: a few hundred
	// sources of up to 64 shards each.
	rows, err := wrap(db.pool).query(ctx, `SELECT src.id, src.host, src.name, c.n, src.first_seen
		FROM (SELECT source_id, sum(n)::bigint AS n FROM source_counts GROUP BY source_id) c
		JOIN sources src ON src.id = c.source_id WHERE 1 = 1`+where+
		` ORDER BY c.n DESC, src.id DESC LIMIT ?`, append(args, n+1)...)
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
	t, err := db.beginRead(ctx)
	if err != nil {
		return st, errorf("stats: %w", err)
	}
	defer t.rollback()
	rows, err := t.query(ctx, `SELECT name, sum(n)::bigint FROM counters GROUP BY name`) // in shards: migration 009
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
	rows.Close()
	if err := rows.Err(); err != nil {
		return st, errorf("stats: %w", err)
	}
	var last *int64
	err = t.queryRow(ctx, `SELECT (SELECT count(*) FROM feeds), (SELECT count(*) FROM saved_searches),
		(SELECT a.created FROM articles a WHERE a.id = (SELECT max(id) FROM article_keys))`).Scan(&st.Feeds, &st.SavedSearches, &last)
	if err != nil {
		return st, errorf("stats: %w", err)
	}
	st.LastStored = fromUnix(last)
	return st, nil
}

// FeedArticles returns, per feed that brought any, how many articles it
// brought and when the newest of them was stored (see package sqlite).
func (db *DB) FeedArticles(ctx context.Context) (counts map[int64]int64, newest map[int64]time.Time, err error) {
	rows, err := wrap(db.pool).query(ctx, `SELECT feed_id, count(*), max(created) FROM articles
		WHERE feed_id IS NOT NULL GROUP BY feed_id`)
	if err != nil {
		return nil, nil, errorf("feed articles: %w", err)
	}
	defer rows.Close()
	counts, newest = map[int64]int64{}, map[int64]time.Time{}
	for rows.Next() {
		var id, n, created int64
		if err := rows.Scan(&id, &n, &created); err != nil {
			return nil, nil, errorf("feed articles: %w", err)
		}
		counts[id], newest[id] = n, time.Unix(created, 0).UTC()
	}
	if err := rows.Err(); err != nil {
		return nil, nil, errorf("feed articles: %w", err)
	}
	return counts, newest, nil
}
