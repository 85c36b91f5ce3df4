package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/rapporteur/rapporteur"
)

// storyStatementLimit bounds the statements a story page reads: a story
// covered by hundreds of outlets still renders at once.
const storyStatementLimit = 1000

// storyArticleLimit bounds the articles of a story page and of Related.
const storyArticleLimit = 500

const storyCols = `st.id, st.key, st.title, st.first_date, st.last_date, st.article_count`

func scanStory(r scanner) (*rapporteur.StoredStory, error) {
	var s rapporteur.StoredStory
	var first, last sql.NullInt64
	if err := r.Scan(&s.ID, &s.Key, &s.Title, &first, &last, &s.ArticleCount); err != nil {
		return nil, err
	}
	// 0 is a span not known: a story of undated articles alone.
	if first.Int64 == 0 && last.Int64 == 0 {
		first.Valid, last.Valid = false, false
	}
	s.First, s.Last = fromUnix(first), fromUnix(last)
	return &s, nil
}

// LinkArticle implements rapporteur.Store.
func (db *DB) LinkArticle(ctx context.Context, id int64, link rapporteur.ArticleLink) error {
	return db.LinkArticles(ctx, []rapporteur.LinkItem{{ID: id, Link: link}})
}

// LinkArticles implements rapporteur.Store.
func (db *DB) LinkArticles(ctx context.Context, links []rapporteur.LinkItem) error {
	if len(links) == 0 {
		return nil
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return errorf("link articles: %w", err)
	}
	defer tx.Rollback()
	if err := db.linkArticles(ctx, tx, links); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return errorf("link articles: commit: %w", err)
	}
	return nil
}

// linkArticles records links in tx, in order.
func (db *DB) linkArticles(ctx context.Context, tx *sql.Tx, links []rapporteur.LinkItem) error {
	for _, l := range links {
		if err := db.linkArticle(ctx, tx, l.ID, l.Link); err != nil {
			return err
		}
	}
	return nil
}

// recordLinks records a batch's links, story merges, storylines and
// storyline merges in tx, in that order (see rapporteur.LinkBatch).
func (db *DB) recordLinks(ctx context.Context, tx *sql.Tx, b rapporteur.LinkBatch) error {
	if err := db.linkArticles(ctx, tx, b.Links); err != nil {
		return err
	}
	for _, m := range b.Merges {
		if err := db.mergeStories(ctx, tx, m[0], m[1]); err != nil {
			return err
		}
	}
	if err := db.linkStorylines(ctx, tx, b.Lines); err != nil {
		return err
	}
	for _, m := range b.LineMerges {
		if err := mergeStorylines(ctx, tx, m[0], m[1]); err != nil {
			return err
		}
	}
	return nil
}

// The queries of linkArticle, prepared with the write statements: every
// stored article is linked, in a transaction beside the writer's.
const (
	qLinkOld     = `SELECT story_id, published, duplicate_of IS NOT NULL FROM articles WHERE id = ?`
	qLinkExists  = `SELECT count(*) FROM articles WHERE id = ?`
	qLinkStory   = `INSERT INTO stories (key, title) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET title = excluded.title RETURNING id`
	qLinkArticle = `UPDATE articles SET duplicate_of = ?, similarity = ?, story_id = ? WHERE id = ?`
	// qStoryAdd widens a story's span to a new article's publication
	// date and counts it, without reading the story's other articles. An
	// undated article (NULL) counts without widening the span: its ingest
	// time is no date of the story (0 is a span not known yet).
	qStoryAdd = `UPDATE stories SET
		first_date = CASE WHEN ? IS NULL THEN first_date WHEN first_date = 0 OR ? < first_date THEN ? ELSE first_date END,
		last_date = CASE WHEN ? IS NULL THEN last_date WHEN last_date = 0 OR ? > last_date THEN ? ELSE last_date END,
		article_count = article_count + 1
		WHERE id = ?`
	// qStoryWiden widens a story's span to the date of an article it has
	// already, which an update may have given it.
	qStoryWiden = `UPDATE stories SET
		first_date = CASE WHEN first_date = 0 OR ? < first_date THEN ? ELSE first_date END,
		last_date = CASE WHEN last_date = 0 OR ? > last_date THEN ? ELSE last_date END
		WHERE id = ?`
	// qSpeakerCopies adds an article's statements to their speakers'
	// counts (1) or takes them off (-1): a speaker's count leaves wire
	// copies out, as lists do, or a reprinted quote would count once per
	// outlet.
	qSpeakerCopies = `UPDATE speakers SET statement_count = statement_count +
		? * (SELECT count(*) FROM statements s WHERE s.article_id = ? AND s.speaker_id = speakers.id)
		WHERE id IN (SELECT speaker_id FROM statements WHERE article_id = ? AND speaker_id IS NOT NULL)`
	// qBlockOriginals counts an article in or out of its block's originals
	// (migration 011).
	qBlockOriginals = `UPDATE article_blocks SET originals = originals + ? WHERE block = ? >> 10`
)

// linkArticle records one article's links in tx.
func (db *DB) linkArticle(ctx context.Context, tx *sql.Tx, id int64, link rapporteur.ArticleLink) error {
	if link.DuplicateOf == id {
		return rapporteur.Errorf(rapporteur.EINVALID, "link article %d: an article cannot copy itself", id)
	}
	var old, date sql.NullInt64
	var wasCopy bool
	if err := db.stmt(ctx, tx, qLinkOld).QueryRowContext(ctx, id).Scan(&old, &date, &wasCopy); err == sql.ErrNoRows {
		return notFound("article", id)
	} else if err != nil {
		return errorf("link article %d: %w", id, err)
	}
	var dup any
	if link.DuplicateOf != 0 {
		var n int
		if err := db.stmt(ctx, tx, qLinkExists).QueryRowContext(ctx, link.DuplicateOf).Scan(&n); err != nil {
			return errorf("link article %d: %w", id, err)
		}
		if n == 0 {
			return notFound("article", link.DuplicateOf)
		}
		dup = link.DuplicateOf
	}
	var story any
	var sid int64
	if link.StoryKey != "" {
		err := db.stmt(ctx, tx, qLinkStory).QueryRowContext(ctx, link.StoryKey, scrub(link.StoryTitle)).Scan(&sid)
		if err != nil {
			return errorf("link article %d: story: %w", id, err)
		}
		story = sid
	}
	// A new original's story is threaded from the cached nodes when the
	// story is still as they were read: its versions before this link
	// (which changes them) say whether it is.
	var before threadVersion
	if !old.Valid && dup == nil && sid != 0 && !db.noThreadCache {
		var err error
		if before, err = db.threadVersion(ctx, tx, sid); err != nil {
			return errorf("link article %d: thread: %w", id, err)
		}
	}
	if _, err := db.stmt(ctx, tx, qLinkArticle).ExecContext(ctx, dup, link.Similarity, story, id); err != nil {
		return errorf("link article %d: %w", id, err)
	}
	if isCopy := dup != nil; isCopy != wasCopy {
		sign := 1
		if isCopy {
			sign = -1
		}
		if _, err := db.stmt(ctx, tx, qSpeakerCopies).ExecContext(ctx, sign, id, id); err != nil {
			return errorf("link article %d: speaker counts: %w", id, err)
		}
		if _, err := db.stmt(ctx, tx, qBlockOriginals).ExecContext(ctx, sign, id); err != nil {
			return errorf("link article %d: block originals: %w", id, err)
		}
	}
	// The span and count of the stories concerned follow their articles:
	// a story the article leaves is counted again, one it joins grows by
	// it (counting a long story again for each new article made linking
	// slower as stories grew).
	if old.Valid && old.Int64 != sid {
		if err := updateSpan(ctx, tx, old.Int64); err != nil {
			return errorf("link article %d: story span: %w", id, err)
		}
	}
	switch {
	case sid != 0 && (!old.Valid || old.Int64 != sid):
		if _, err := db.stmt(ctx, tx, qStoryAdd).ExecContext(ctx, date, date, date, date, date, date, sid); err != nil {
			return errorf("link article %d: story span: %w", id, err)
		}
	case sid != 0 && date.Valid:
		if _, err := db.stmt(ctx, tx, qStoryWiden).ExecContext(ctx, date, date, date, date, sid); err != nil {
			return errorf("link article %d: story span: %w", id, err)
		}
	}
	if err := db.threadArticle(ctx, tx, id, !old.Valid, old, sid, dup != nil, before); err != nil {
		return errorf("link article %d: thread: %w", id, err)
	}
	return nil
}

// updateSpan sets a story's span and count from its articles: the span
// from their publication dates (undated articles count without one).
func updateSpan(ctx context.Context, tx *sql.Tx, story int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE stories SET
		first_date = coalesce((SELECT min(published) FROM articles WHERE story_id = stories.id), 0),
		last_date = coalesce((SELECT max(published) FROM articles WHERE story_id = stories.id), 0),
		article_count = (SELECT count(*) FROM articles WHERE story_id = stories.id)
		WHERE id = ?`, story)
	return err
}

// MergeStories implements rapporteur.Store.
func (db *DB) MergeStories(ctx context.Context, from, into string) error {
	if from == into {
		return nil
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return errorf("merge story %q: %w", from, err)
	}
	defer tx.Rollback()
	if err := db.mergeStories(ctx, tx, from, into); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return errorf("merge story %q into %q: commit: %w", from, into, err)
	}
	return nil
}

// mergeStories merges story from into story into in tx.
func (db *DB) mergeStories(ctx context.Context, tx *sql.Tx, from, into string) error {
	if from == into {
		return nil
	}
	var fromID int64
	if err := tx.QueryRowContext(ctx, `SELECT id FROM stories WHERE key = ?`, from).Scan(&fromID); err == sql.ErrNoRows {
		return nil
	} else if err != nil {
		return errorf("merge story %q: %w", from, err)
	}
	var intoID int64
	err := tx.QueryRowContext(ctx, `INSERT INTO stories (key, title) SELECT ?, title FROM stories WHERE id = ?
		ON CONFLICT (key) DO UPDATE SET key = excluded.key RETURNING id`, into, fromID).Scan(&intoID)
	if err != nil {
		return errorf("merge story %q into %q: %w", from, into, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE articles SET story_id = ? WHERE story_id = ?`, intoID, fromID); err != nil {
		return errorf("merge story %q into %q: %w", from, into, err)
	}
	// The merged story stays as a pointer (its key freed for the linker),
	// and so do the stories merged into it before.
	if _, err := tx.ExecContext(ctx, `UPDATE stories SET merged_into = ?, key = 'merged:' || id, title = '',
		first_date = 0, last_date = 0, article_count = 0 WHERE id = ?`, intoID, fromID); err != nil {
		return errorf("merge story %q into %q: %w", from, into, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE stories SET merged_into = ? WHERE merged_into = ?`, intoID, fromID); err != nil {
		return errorf("merge story %q into %q: %w", from, into, err)
	}
	if err := updateSpan(ctx, tx, intoID); err != nil {
		return errorf("merge story %q into %q: %w", from, into, err)
	}
	// The merged story's replies are the story it joined's now.
	db.threads.take(fromID)
	if _, err := db.stmt(ctx, tx, qThreadDropAll).ExecContext(ctx, fromID); err != nil {
		return errorf("merge story %q into %q: thread: %w", from, into, err)
	}
	if err := db.rethread(ctx, tx, intoID); err != nil {
		return errorf("merge story %q into %q: thread: %w", from, into, err)
	}
	return nil
}

// Stories implements rapporteur.Store.
func (db *DB) Stories(ctx context.Context, f rapporteur.StoryFilter) (rapporteur.Page[*rapporteur.StoredStory], error) {
	page := rapporteur.Page[*rapporteur.StoredStory]{Items: []*rapporteur.StoredStory{}}
	cur, err := decodeCursor(f.Cursor, "stories")
	if err != nil {
		return page, err
	}
	n := limit(f.Limit)
	min := max(f.MinArticles, 1)
	q := `SELECT ` + storyCols + ` FROM stories st WHERE st.article_count >= ? AND st.merged_into IS NULL`
	args := []any{min}
	if cur != nil {
		q += ` AND (st.last_date < ? OR (st.last_date = ? AND st.id < ?))`
		args = append(args, cur.Date, cur.Date, cur.ID)
	}
	q += ` ORDER BY st.last_date DESC, st.id DESC LIMIT ?`
	args = append(args, n+1)
	tx, err := db.beginRead(ctx)
	if err != nil {
		return page, errorf("stories: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return page, errorf("stories: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		s, err := scanStory(rows)
		if err != nil {
			return page, errorf("stories: %w", err)
		}
		page.Items = append(page.Items, s)
	}
	if err := rows.Err(); err != nil {
		return page, errorf("stories: %w", err)
	}
	if len(page.Items) > n {
		page.Items = page.Items[:n]
		last := page.Items[n-1]
		page.Next = cursor{Kind: "stories", Date: last.Last.Unix(), ID: last.ID}.encode()
	}
	return page, nil
}

// articleList reads articles (without bodies) with a WHERE clause.
// articleListQuery is the query of articleList.
func articleListQuery(where string) string {
	return `SELECT ` + articleCols + ` FROM articles a LEFT JOIN sources src ON src.id = a.source_id WHERE ` + where
}

// The queries of Related.
const (
	qArticleLinks  = `SELECT duplicate_of, story_id FROM articles WHERE id = ?`
	qStory         = `SELECT ` + storyCols + ` FROM stories st WHERE st.id = ?`
	qRelatedCopies = `(a.id = ? OR a.duplicate_of = ?) AND a.id != ? ORDER BY a.date, a.id LIMIT ?`
	qRelatedOthers = `a.story_id = ? AND a.duplicate_of IS NULL AND a.id != ? AND a.id != ? ORDER BY a.date, a.id LIMIT ?`
)

func articleList(ctx context.Context, tx querier, where string, args ...any) ([]*rapporteur.StoredArticle, error) {
	rows, err := tx.QueryContext(ctx, articleListQuery(where), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*rapporteur.StoredArticle{}
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Story implements rapporteur.Store.
func (db *DB) Story(ctx context.Context, id int64) (*rapporteur.StoredStory, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, errorf("story %d: %w", id, err)
	}
	defer tx.Rollback()
	var into sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT merged_into FROM stories WHERE id = ?`, id).Scan(&into); err == sql.ErrNoRows {
		return nil, notFound("story", id)
	} else if err != nil {
		return nil, errorf("story %d: %w", id, err)
	}
	if into.Valid {
		id = into.Int64
	}
	s, err := scanStory(tx.QueryRowContext(ctx, qStory, id))
	if err == sql.ErrNoRows {
		return nil, notFound("story", id)
	} else if err != nil {
		return nil, errorf("story %d: %w", id, err)
	}
	s.Articles, err = articleList(ctx, tx, `a.story_id = ? ORDER BY a.date, a.id LIMIT ?`, id, storyArticleLimit)
	if err == nil {
		err = pageCredits(ctx, tx, s.Articles)
	}
	if err != nil {
		return nil, errorf("story %d articles: %w", id, err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+statementCols+` FROM articles a
		JOIN statements s ON s.article_id = a.id LEFT JOIN sources src ON src.id = s.source_id
		WHERE a.story_id = ? AND a.duplicate_of IS NULL ORDER BY a.date, a.id, s.id LIMIT ?`, id, storyStatementLimit)
	if err != nil {
		return nil, errorf("story %d statements: %w", id, err)
	}
	defer rows.Close()
	voices := map[string]*rapporteur.StoryVoice{}
	for rows.Next() {
		st, err := scanStatement(rows)
		if err != nil {
			return nil, errorf("story %d statements: %w", id, err)
		}
		// Statements of a canonical speaker group by its id, the others
		// (no name, a group, a document) by what the text calls them.
		key := fmt.Sprint(st.SpeakerID)
		if st.SpeakerID == 0 {
			key = "name:" + strings.ToLower(st.Speaker.Name)
		}
		v := voices[key]
		if v == nil {
			v = &rapporteur.StoryVoice{SpeakerID: st.SpeakerID, Name: st.Speaker.Name}
			voices[key] = v
			s.Voices = append(s.Voices, v)
		}
		v.Statements = append(v.Statements, st)
	}
	if err := rows.Err(); err != nil {
		return nil, errorf("story %d statements: %w", id, err)
	}
	return s, nil
}

// Related implements rapporteur.Store.
func (db *DB) Related(ctx context.Context, articleID int64) (*rapporteur.Related, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, errorf("related %d: %w", articleID, err)
	}
	defer tx.Rollback()
	var dup, story sql.NullInt64
	err = tx.QueryRowContext(ctx, qArticleLinks, articleID).Scan(&dup, &story)
	if err == sql.ErrNoRows {
		return nil, notFound("article", articleID)
	} else if err != nil {
		return nil, errorf("related %d: %w", articleID, err)
	}
	root := articleID
	if dup.Valid {
		root = dup.Int64
	}
	r := &rapporteur.Related{}
	r.Copies, err = articleList(ctx, tx, qRelatedCopies, root, root, articleID, storyArticleLimit)
	if err != nil {
		return nil, errorf("related %d copies: %w", articleID, err)
	}
	r.Others = []*rapporteur.StoredArticle{}
	if story.Valid {
		r.Story, err = scanStory(tx.QueryRowContext(ctx, qStory, story.Int64))
		if err != nil {
			return nil, errorf("related %d story: %w", articleID, err)
		}
		r.Others, err = articleList(ctx, tx, qRelatedOthers, story.Int64, articleID, root, storyArticleLimit)
		if err != nil {
			return nil, errorf("related %d story: %w", articleID, err)
		}
	}
	return r, nil
}
