package sqlite

import (
	"context"
	"database/sql"

	"github.com/rapporteur/rapporteur"
)

// storylineLimit bounds the stories a storyline lists: a storyline of
// months still renders at once.
const storylineLimit = 200

// LinkStorylines sets the storyline of each story named, in one
// transaction. A story key the store does not have (a story merged into
// another meanwhile) is skipped: its articles are in the story it became,
// whose own link says its storyline.
func (db *DB) LinkStorylines(ctx context.Context, links []rapporteur.StorylineLink) error {
	if len(links) == 0 {
		return nil
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return errorf("link storylines: %w", err)
	}
	defer tx.Rollback()
	if err := db.linkStorylines(ctx, tx, links); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return errorf("link storylines: commit: %w", err)
	}
	return nil
}

// qStorylineSet sets a story's storyline (see linkStorylines).
const qStorylineSet = `UPDATE stories SET storyline = ? WHERE key = ?`

// linkStorylines sets storylines in tx.
func (db *DB) linkStorylines(ctx context.Context, tx *sql.Tx, links []rapporteur.StorylineLink) error {
	for _, l := range links {
		if l.StoryKey == "" || l.StorylineKey == "" {
			return rapporteur.Errorf(rapporteur.EINVALID, "link storylines: a story key and a storyline key are needed")
		}
		// A storyline of the story alone is stored as NULL, so that a
		// story's storyline reads the same whether the linker named it
		// or not.
		var line any = l.StorylineKey
		if l.StorylineKey == l.StoryKey {
			line = nil
		}
		if _, err := tx.ExecContext(ctx, qStorylineSet, line, l.StoryKey); err != nil {
			return errorf("link storyline of story %q: %w", l.StoryKey, err)
		}
	}
	return nil
}

// MergeStorylines puts the stories of storyline from into storyline
// into, the story named from included.
func (db *DB) MergeStorylines(ctx context.Context, from, into string) error {
	if from == into || from == "" || into == "" {
		return nil
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return errorf("merge storyline %q: %w", from, err)
	}
	defer tx.Rollback()
	if err := mergeStorylines(ctx, tx, from, into); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return errorf("merge storyline %q into %q: commit: %w", from, into, err)
	}
	return nil
}

// mergeStorylines merges storyline from into storyline into in tx.
func mergeStorylines(ctx context.Context, tx *sql.Tx, from, into string) error {
	if from == into || from == "" || into == "" {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE stories SET storyline = ? WHERE storyline = ? OR (key = ? AND storyline IS NULL)`, into, from, from); err != nil {
		return errorf("merge storyline %q into %q: %w", from, into, err)
	}
	// The story that names the storyline is in it too.
	if _, err := tx.ExecContext(ctx, `UPDATE stories SET storyline = NULL WHERE key = ?`, into); err != nil {
		return errorf("merge storyline %q into %q: %w", from, into, err)
	}
	return nil
}

// Storyline returns the storyline of a story (of the story it was merged
// into, for a merged one): its stories in the order they began.
func (db *DB) Storyline(ctx context.Context, storyID int64) (*rapporteur.Storyline, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, errorf("storyline of story %d: %w", storyID, err)
	}
	defer tx.Rollback()
	var into sql.NullInt64
	var key string
	var line sql.NullString
	err = tx.QueryRowContext(ctx, `SELECT merged_into, key, storyline FROM stories WHERE id = ?`, storyID).Scan(&into, &key, &line)
	if err == sql.ErrNoRows {
		return nil, notFound("story", storyID)
	} else if err != nil {
		return nil, errorf("storyline of story %d: %w", storyID, err)
	}
	if into.Valid {
		if err := tx.QueryRowContext(ctx, `SELECT key, storyline FROM stories WHERE id = ?`, into.Int64).Scan(&key, &line); err != nil {
			return nil, errorf("storyline of story %d: %w", storyID, err)
		}
	}
	root := key
	if line.Valid {
		root = line.String
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+storyCols+` FROM stories st
		WHERE (st.storyline = ? OR st.key = ?) AND st.merged_into IS NULL AND st.article_count > 0
		ORDER BY CASE WHEN st.first_date = 0 THEN 1 ELSE 0 END, st.first_date, st.id LIMIT ?`, root, root, storylineLimit)
	if err != nil {
		return nil, errorf("storyline of story %d: %w", storyID, err)
	}
	defer rows.Close()
	sl := &rapporteur.Storyline{Key: root, Stories: []*rapporteur.StoredStory{}}
	for rows.Next() {
		s, err := scanStory(rows)
		if err != nil {
			return nil, errorf("storyline of story %d: %w", storyID, err)
		}
		sl.Stories = append(sl.Stories, s)
	}
	if err := rows.Err(); err != nil {
		return nil, errorf("storyline of story %d: %w", storyID, err)
	}
	return sl, nil
}
