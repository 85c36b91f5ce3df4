package postgres

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/query"
)

const savedCols = `id, name, query, webhook_url, webhook_secret, delivered, last_delivery, delivery_errors,
	last_error, next_delivery, created`

func scanSaved(r scanner) (*rapporteur.SavedSearch, error) {
	var s rapporteur.SavedSearch
	var last, next, created *int64
	if err := r.Scan(&s.ID, &s.Name, &s.Query, &s.WebhookURL, &s.WebhookSecret, &s.Delivered, &last,
		&s.DeliveryErrors, &s.LastError, &next, &created); err != nil {
		return nil, err
	}
	s.LastDelivery, s.NextDelivery, s.Created = fromUnix(last), fromUnix(next), fromUnix(created)
	return &s, nil
}

// checkSaved validates a saved search: a name and a query that parses.
func (db *DB) checkSaved(s *rapporteur.SavedSearch) error {
	if strings.TrimSpace(s.Name) == "" {
		return rapporteur.Errorf(rapporteur.EINVALID, "a saved search needs a name")
	}
	if strings.TrimSpace(s.Query) == "" {
		return rapporteur.Errorf(rapporteur.EINVALID, "a saved search needs a query")
	}
	if _, err := query.Parse(s.Query, db.now()); err != nil {
		return rapporteur.Errorf(rapporteur.EINVALID, "invalid search: %w", err)
	}
	return nil
}

// CreateSavedSearch implements rapporteur.Store. Delivered starts at the
// newest stored article.
func (db *DB) CreateSavedSearch(ctx context.Context, s *rapporteur.SavedSearch) error {
	if err := db.checkSaved(s); err != nil {
		return err
	}
	created := db.now()
	var delivered int64
	err := wrap(db.pool).queryRow(ctx, `INSERT INTO saved_searches (name, query, webhook_url, webhook_secret, delivered,
		last_delivery, delivery_errors, last_error, next_delivery, created)
		VALUES (?, ?, ?, ?, (SELECT coalesce(max(id), 0) FROM article_keys), ?, ?, ?, ?, ?) RETURNING id, delivered`,
		s.Name, s.Query, s.WebhookURL, s.WebhookSecret, unix(s.LastDelivery), s.DeliveryErrors, s.LastError,
		unix(s.NextDelivery), created.Unix()).Scan(&s.ID, &delivered)
	if err != nil {
		return errorf("create saved search: %w", err)
	}
	s.Delivered, s.Created = delivered, created
	return nil
}

// SavedSearch implements rapporteur.Store.
func (db *DB) SavedSearch(ctx context.Context, id int64) (*rapporteur.SavedSearch, error) {
	s, err := scanSaved(wrap(db.pool).queryRow(ctx, `SELECT `+savedCols+` FROM saved_searches WHERE id = ?`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound("saved search", id)
	} else if err != nil {
		return nil, errorf("saved search %d: %w", id, err)
	}
	return s, nil
}

// SavedSearches implements rapporteur.Store.
func (db *DB) SavedSearches(ctx context.Context) ([]*rapporteur.SavedSearch, error) {
	rows, err := wrap(db.pool).query(ctx, `SELECT `+savedCols+` FROM saved_searches ORDER BY id`)
	if err != nil {
		return nil, errorf("saved searches: %w", err)
	}
	defer rows.Close()
	list := []*rapporteur.SavedSearch{}
	for rows.Next() {
		s, err := scanSaved(rows)
		if err != nil {
			return nil, errorf("saved searches: %w", err)
		}
		list = append(list, s)
	}
	return list, rows.Err()
}

// UpdateSavedSearch implements rapporteur.Store.
func (db *DB) UpdateSavedSearch(ctx context.Context, s *rapporteur.SavedSearch) error {
	if err := db.checkSaved(s); err != nil {
		return err
	}
	return db.writeOne(ctx, "saved search", s.ID, `UPDATE saved_searches SET name = ?, query = ?, webhook_url = ?,
		webhook_secret = ?, delivered = ?, last_delivery = ?, delivery_errors = ?, last_error = ?, next_delivery = ?
		WHERE id = ?`, s.Name, s.Query, s.WebhookURL, s.WebhookSecret, s.Delivered, unix(s.LastDelivery),
		s.DeliveryErrors, s.LastError, unix(s.NextDelivery), s.ID)
}

// DeleteSavedSearch implements rapporteur.Store.
func (db *DB) DeleteSavedSearch(ctx context.Context, id int64) error {
	return db.writeOne(ctx, "saved search", id, `DELETE FROM saved_searches WHERE id = ?`, id)
}

// NewMatches implements rapporteur.Store.
func (db *DB) NewMatches(ctx context.Context, savedSearchID, afterID int64, n int) ([]*rapporteur.StoredArticle, error) {
	s, err := db.SavedSearch(ctx, savedSearchID)
	if err != nil {
		return nil, err
	}
	srch, err := parse(articlesTarget, s.Query, db.now())
	if err != nil {
		return nil, err
	}
	l := &list{t: articlesTarget, s: srch, conds: srch.conds, n: limit(n)}
	l.conds.add("a.duplicate_of IS NULL")
	t, err := db.beginRead(ctx)
	if err != nil {
		return nil, errorf("new matches: %w", err)
	}
	defer t.rollback()
	items, _, err := byID(ctx, t, l, &cursor{ID: afterID}, true, "", scanArticle)
	if err != nil {
		return nil, errorf("new matches of saved search %d: %w", savedSearchID, err)
	}
	if items == nil {
		items = []*rapporteur.StoredArticle{}
	}
	return items, nil
}
