package postgres

import (
	"context"

	"github.com/rapporteur/rapporteur"
)

// What an export adds to each article and statement of a page (issue 15),
// as package sqlite reads it: its story's storyline and its notes, each in
// one query per page.

// ArticleStories returns the story and storyline of each article of ids
// that is in a story, keyed by article id; a story merged into another has
// the storyline of the story it became.
func (db *DB) ArticleStories(ctx context.Context, ids []int64) (map[int64]rapporteur.ArticleStory, error) {
	out := map[int64]rapporteur.ArticleStory{}
	if len(ids) == 0 {
		return out, nil
	}
	err := eachRow(ctx, wrap(db.pool), `SELECT a.id, a.story_id, coalesce(m.storyline, m.key)
		FROM articles a JOIN stories st ON st.id = a.story_id
		JOIN stories m ON m.id = coalesce(st.merged_into, st.id)
		WHERE a.id = ANY(?)`, []any{ids}, func(r scanner) error {
		var id int64
		var s rapporteur.ArticleStory
		if err := r.Scan(&id, &s.StoryID, &s.Storyline); err != nil {
			return err
		}
		out[id] = s
		return nil
	})
	if err != nil {
		return nil, errorf("stories of articles: %w", err)
	}
	return out, nil
}

// NotesOfArticles returns the notes on the articles of ids and on their
// statements, keyed by article id, each article's oldest first.
func (db *DB) NotesOfArticles(ctx context.Context, ids []int64) (map[int64][]*rapporteur.Note, error) {
	out := map[int64][]*rapporteur.Note{}
	if len(ids) == 0 {
		return out, nil
	}
	notes, err := db.notes(ctx, "n.article_id = ANY(?) ORDER BY n.article_id, n.id", ids)
	if err != nil {
		return nil, err
	}
	for _, n := range notes {
		out[n.ArticleID] = append(out[n.ArticleID], n)
	}
	return out, nil
}
