package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/rapporteur/rapporteur"
)

// Saved searches over statements (issue 15). A saved search matches
// articles unless its target is "statements"; its Delivered is then the
// id of the last statement delivered.

// SavedSearchTarget returns what a saved search matches: "articles" or
// "statements".
func (db *DB) SavedSearchTarget(ctx context.Context, id int64) (string, error) {
	var t string
	err := wrap(db.pool).queryRow(ctx, "SELECT target FROM saved_searches WHERE id = ?", id).Scan(&t)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", notFound("saved search", id)
	} else if err != nil {
		return "", errorf("saved search %d: %w", id, err)
	}
	return t, nil
}

// SetSavedSearchTarget makes a saved search match articles or statements.
// A change of target starts its deliveries anew from the newest stored
// article or statement, as a new saved search does; setting the same
// target changes nothing.
func (db *DB) SetSavedSearchTarget(ctx context.Context, id int64, target string) error {
	table := map[string]string{"articles": "articles", "statements": "statements"}[target]
	if table == "" {
		return rapporteur.Errorf(rapporteur.EINVALID, "a saved search matches articles or statements, not %q", target)
	}
	return db.writeOne(ctx, "saved search", id, `UPDATE saved_searches SET target = ?,
		delivered = CASE WHEN target = ? THEN delivered ELSE (SELECT coalesce(max(id), 0) FROM `+table+`) END WHERE id = ?`, target, target, id)
}

// StatementMatches returns up to limit statements that match a saved
// search (whatever its target), wire copies' left out: those stored after
// the statement afterID, oldest first, for a webhook; or, when newest is
// set, the newest stored, for its Atom feed.
func (db *DB) StatementMatches(ctx context.Context, savedSearchID, afterID int64, limit int, newest bool) ([]*rapporteur.StoredStatement, error) {
	s, err := db.SavedSearch(ctx, savedSearchID)
	if err != nil {
		return nil, err
	}
	l, err := db.statementList(rapporteur.StatementFilter{Query: s.Query, Limit: limit})
	if err != nil {
		return nil, err
	}
	t, err := db.beginRead(ctx)
	if err != nil {
		return nil, errorf("statement matches: %w", err)
	}
	defer t.rollback()
	var cur *cursor
	if !newest {
		cur = &cursor{ID: afterID}
	}
	items, _, err := byID(ctx, t, l, cur, !newest, "", scanStatement)
	if err != nil {
		return nil, errorf("statement matches of saved search %d: %w", savedSearchID, err)
	}
	if items == nil {
		items = []*rapporteur.StoredStatement{}
	}
	return items, nil
}
