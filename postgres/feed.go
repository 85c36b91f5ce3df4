package postgres

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/rapporteur/rapporteur"
)

const feedCols = `id, url, title, etag, last_modified, last_fetched, next_fetch, error_count, last_error, created`

func scanFeed(r scanner) (*rapporteur.Feed, error) {
	var f rapporteur.Feed
	var lastFetched, nextFetch, created *int64
	if err := r.Scan(&f.ID, &f.URL, &f.Title, &f.ETag, &f.LastModified, &lastFetched, &nextFetch,
		&f.ErrorCount, &f.LastError, &created); err != nil {
		return nil, err
	}
	f.LastFetched, f.NextFetch, f.Created = fromUnix(lastFetched), fromUnix(nextFetch), fromUnix(created)
	return &f, nil
}

// CreateFeed implements rapporteur.Store.
func (db *DB) CreateFeed(ctx context.Context, f *rapporteur.Feed) error {
	if strings.TrimSpace(f.URL) == "" {
		return rapporteur.Errorf(rapporteur.EINVALID, "a feed needs a url")
	}
	created := db.now()
	err := wrap(db.pool).queryRow(ctx, `INSERT INTO feeds (url, title, etag, last_modified, last_fetched, next_fetch,
		error_count, last_error, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		f.URL, f.Title, f.ETag, f.LastModified, unix(f.LastFetched), unix(f.NextFetch), f.ErrorCount, f.LastError,
		created.Unix()).Scan(&f.ID)
	if isUnique(err) {
		return rapporteur.Errorf(rapporteur.ECONFLICT, "feed %s is already subscribed", f.URL)
	} else if err != nil {
		return errorf("create feed: %w", err)
	}
	f.Created = created
	return nil
}

// Feed implements rapporteur.Store.
func (db *DB) Feed(ctx context.Context, id int64) (*rapporteur.Feed, error) {
	f, err := scanFeed(wrap(db.pool).queryRow(ctx, `SELECT `+feedCols+` FROM feeds WHERE id = ?`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound("feed", id)
	} else if err != nil {
		return nil, errorf("feed %d: %w", id, err)
	}
	return f, nil
}

// Feeds implements rapporteur.Store.
func (db *DB) Feeds(ctx context.Context) ([]*rapporteur.Feed, error) {
	rows, err := wrap(db.pool).query(ctx, `SELECT `+feedCols+` FROM feeds ORDER BY id`)
	if err != nil {
		return nil, errorf("feeds: %w", err)
	}
	defer rows.Close()
	feeds := []*rapporteur.Feed{}
	for rows.Next() {
		f, err := scanFeed(rows)
		if err != nil {
			return nil, errorf("feeds: %w", err)
		}
		feeds = append(feeds, f)
	}
	return feeds, rows.Err()
}

// UpdateFeed implements rapporteur.Store.
func (db *DB) UpdateFeed(ctx context.Context, f *rapporteur.Feed) error {
	if strings.TrimSpace(f.URL) == "" {
		return rapporteur.Errorf(rapporteur.EINVALID, "a feed needs a url")
	}
	return db.writeOne(ctx, "feed", f.ID, `UPDATE feeds SET url = ?, title = ?, etag = ?, last_modified = ?,
		last_fetched = ?, next_fetch = ?, error_count = ?, last_error = ? WHERE id = ?`,
		f.URL, f.Title, f.ETag, f.LastModified, unix(f.LastFetched), unix(f.NextFetch), f.ErrorCount, f.LastError, f.ID)
}

// DeleteFeed implements rapporteur.Store. Its articles stay, without feed.
func (db *DB) DeleteFeed(ctx context.Context, id int64) error {
	t, err := db.beginWrite(ctx)
	if err != nil {
		return errorf("feed %d: %w", id, err)
	}
	defer t.rollback()
	tag, err := t.exec(ctx, `DELETE FROM feeds WHERE id = ?`, id)
	if err != nil {
		return errorf("feed %d: %w", id, err)
	} else if tag.RowsAffected() == 0 {
		return notFound("feed", id)
	}
	// No foreign key can point into the partitioned articles table.
	if _, err := t.exec(ctx, `UPDATE articles SET feed_id = NULL WHERE feed_id = ?`, id); err != nil {
		return errorf("feed %d: %w", id, err)
	}
	if err := t.commit(ctx); err != nil {
		return errorf("feed %d: %w", id, err)
	}
	return nil
}

// writeOne runs one statement that must change exactly the row with id.
func (db *DB) writeOne(ctx context.Context, what string, id int64, q string, args ...any) error {
	tag, err := wrap(db.pool).exec(ctx, q, args...)
	if isUnique(err) {
		return rapporteur.Errorf(rapporteur.ECONFLICT, "%s %d: the url is taken by another %s", what, id, what)
	} else if err != nil {
		return errorf("%s %d: %w", what, id, err)
	}
	if tag.RowsAffected() == 0 {
		return notFound(what, id)
	}
	return nil
}
