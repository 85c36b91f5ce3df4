package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"github.com/rapporteur/rapporteur"
)

const feedCols = `id, url, title, etag, last_modified, last_fetched, next_fetch, error_count, last_error, created`

func scanFeed(r scanner) (*rapporteur.Feed, error) {
	var f rapporteur.Feed
	var lastFetched, nextFetch, created sql.NullInt64
	if err := r.Scan(&f.ID, &f.URL, &f.Title, &f.ETag, &f.LastModified, &lastFetched, &nextFetch,
		&f.ErrorCount, &f.LastError, &created); err != nil {
		return nil, err
	}
	f.LastFetched, f.NextFetch, f.Created = fromUnix(lastFetched), fromUnix(nextFetch), fromUnix(created)
	return &f, nil
}

// isUnique reports whether err is a unique constraint violation.
func isUnique(err error) bool {
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// CreateFeed implements rapporteur.Store.
func (db *DB) CreateFeed(ctx context.Context, f *rapporteur.Feed) error {
	if strings.TrimSpace(f.URL) == "" {
		return rapporteur.Errorf(rapporteur.EINVALID, "a feed needs a url")
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return errorf("create feed: %w", err)
	}
	defer tx.Rollback()
	created := db.now()
	err = tx.QueryRowContext(ctx, `INSERT INTO feeds (url, title, etag, last_modified, last_fetched, next_fetch,
		error_count, last_error, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		f.URL, f.Title, f.ETag, f.LastModified, unix(f.LastFetched), unix(f.NextFetch), f.ErrorCount, f.LastError,
		created.Unix()).Scan(&f.ID)
	if isUnique(err) {
		return rapporteur.Errorf(rapporteur.ECONFLICT, "feed %s is already subscribed", f.URL)
	} else if err != nil {
		return errorf("create feed: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return errorf("create feed: %w", err)
	}
	f.Created = created
	return nil
}

// Feed implements rapporteur.Store.
func (db *DB) Feed(ctx context.Context, id int64) (*rapporteur.Feed, error) {
	f, err := scanFeed(db.read.QueryRowContext(ctx, `SELECT `+feedCols+` FROM feeds WHERE id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, notFound("feed", id)
	} else if err != nil {
		return nil, errorf("feed %d: %w", id, err)
	}
	return f, nil
}

// Feeds implements rapporteur.Store.
func (db *DB) Feeds(ctx context.Context) ([]*rapporteur.Feed, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+feedCols+` FROM feeds ORDER BY id`)
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
	return db.writeOne(ctx, "feed", id, `DELETE FROM feeds WHERE id = ?`, id)
}

// writeOne runs one statement that must change exactly the row with id,
// in its own transaction.
func (db *DB) writeOne(ctx context.Context, what string, id int64, q string, args ...any) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return errorf("%s %d: %w", what, id, err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, q, args...)
	if isUnique(err) {
		return rapporteur.Errorf(rapporteur.ECONFLICT, "%s %d: the url is taken by another %s", what, id, what)
	} else if err != nil {
		return errorf("%s %d: %w", what, id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return errorf("%s %d: %w", what, id, err)
	} else if n == 0 {
		return notFound(what, id)
	}
	if err := tx.Commit(); err != nil {
		return errorf("%s %d: %w", what, id, err)
	}
	return nil
}
