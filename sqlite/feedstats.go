package sqlite

import (
	"context"
	"time"
)

// FeedArticles returns, per feed that brought any, how many articles it
// brought and when the newest of them was stored: what the feeds page
// shows beside each feed. It reads the feed index (articles_by_feed),
// whose entries end with the article id, so only each feed's newest
// article row is read.
func (db *DB) FeedArticles(ctx context.Context) (counts map[int64]int64, newest map[int64]time.Time, err error) {
	rows, err := db.read.QueryContext(ctx, `SELECT f.feed_id, f.n, a.created FROM
		(SELECT feed_id, count(*) AS n, max(id) AS last FROM articles INDEXED BY articles_by_feed
			WHERE feed_id IS NOT NULL GROUP BY feed_id) f
		JOIN articles a ON a.id = f.last`)
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
