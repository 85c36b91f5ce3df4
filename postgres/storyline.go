package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/rapporteur/rapporteur"
)

// storylineLimit bounds the stories a storyline lists.
const storylineLimit = 200

// LinkStorylines sets the storyline of each story named, in one
// transaction, as package sqlite does: a story key the store does not
// have is skipped, and a storyline of the story alone is NULL.
func (db *DB) LinkStorylines(ctx context.Context, links []rapporteur.StorylineLink) error {
	if len(links) == 0 {
		return nil
	}
	// Only the linker (one process) and story merges write stories,
	// which no article write touches: the writer lock shared, or every
	// article write of every process would queue behind each of these.
	t, err := db.beginShared(ctx)
	if err != nil {
		return errorf("link storylines: %w", err)
	}
	defer t.rollback()
	if err := linkStorylines(ctx, t, links); err != nil {
		return err
	}
	if err := t.commit(ctx); err != nil {
		return errorf("link storylines: commit: %w", err)
	}
	return nil
}

// linkStorylines sets the storylines of links in t, in one round trip
// (the linker gives one a story linked: a round trip each was about one
// per article stored).
func linkStorylines(ctx context.Context, t *tx, links []rapporteur.StorylineLink) error {
	b := &pgx.Batch{}
	for _, l := range links {
		if l.StoryKey == "" || l.StorylineKey == "" {
			return rapporteur.Errorf(rapporteur.EINVALID, "link storylines: a story key and a storyline key are needed")
		}
		var line any = l.StorylineKey
		if l.StorylineKey == l.StoryKey {
			line = nil
		}
		b.Queue(number(`UPDATE stories SET storyline = ? WHERE key = ?`), line, l.StoryKey)
	}
	if b.Len() == 0 {
		return nil
	}
	if err := t.tx.SendBatch(ctx, b).Close(); err != nil {
		return errorf("link storylines: %w", err)
	}
	return nil
}

// MergeStorylines puts the stories of storyline from into storyline
// into, the story named from included.
func (db *DB) MergeStorylines(ctx context.Context, from, into string) error {
	if from == into || from == "" || into == "" {
		return nil
	}
	t, err := db.beginShared(ctx) // as LinkStorylines
	if err != nil {
		return errorf("merge storyline %q: %w", from, err)
	}
	defer t.rollback()
	if err := mergeStorylines(ctx, t, from, into); err != nil {
		return err
	}
	if err := t.commit(ctx); err != nil {
		return errorf("merge storyline %q into %q: commit: %w", from, into, err)
	}
	return nil
}

// mergeStorylines merges storyline from into storyline into in t.
func mergeStorylines(ctx context.Context, t *tx, from, into string) error {
	if from == into || from == "" || into == "" {
		return nil
	}
	b := &pgx.Batch{} // one round trip
	b.Queue(number(`UPDATE stories SET storyline = ? WHERE storyline = ? OR (key = ? AND storyline IS NULL)`), into, from, from)
	b.Queue(number(`UPDATE stories SET storyline = NULL WHERE key = ?`), into)
	if err := t.tx.SendBatch(ctx, b).Close(); err != nil {
		return errorf("merge storyline %q into %q: %w", from, into, err)
	}
	return nil
}

// Storyline returns the storyline of a story (of the story it was merged
// into, for a merged one): its stories in the order they began.
func (db *DB) Storyline(ctx context.Context, storyID int64) (*rapporteur.Storyline, error) {
	t, err := db.beginRead(ctx)
	if err != nil {
		return nil, errorf("storyline of story %d: %w", storyID, err)
	}
	defer t.rollback()
	var into *int64
	var key string
	var line *string
	err = t.queryRow(ctx, `SELECT merged_into, key, storyline FROM stories WHERE id = ?`, storyID).Scan(&into, &key, &line)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound("story", storyID)
	} else if err != nil {
		return nil, errorf("storyline of story %d: %w", storyID, err)
	}
	if into != nil {
		if err := t.queryRow(ctx, `SELECT key, storyline FROM stories WHERE id = ?`, *into).Scan(&key, &line); err != nil {
			return nil, errorf("storyline of story %d: %w", storyID, err)
		}
	}
	root := key
	if line != nil {
		root = *line
	}
	rows, err := t.query(ctx, `SELECT `+storyCols+` FROM stories st
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
