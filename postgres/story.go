package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/rapporteur/rapporteur"
)

// storyStatementLimit and storyArticleLimit bound a story page and
// Related, as in package sqlite.
const (
	storyStatementLimit = 1000
	storyArticleLimit   = 500
)

const storyCols = `st.id, st.key, st.title, st.first_date, st.last_date, st.article_count`

func scanStory(r scanner) (*rapporteur.StoredStory, error) {
	var s rapporteur.StoredStory
	var first, last *int64
	if err := r.Scan(&s.ID, &s.Key, &s.Title, &first, &last, &s.ArticleCount); err != nil {
		return nil, err
	}
	// 0 is a span not known: a story of undated articles alone.
	if deref(first) == 0 && deref(last) == 0 {
		first, last = nil, nil
	}
	s.First, s.Last = fromUnix(first), fromUnix(last)
	return &s, nil
}

// LinkArticle implements rapporteur.Store.
func (db *DB) LinkArticle(ctx context.Context, id int64, link rapporteur.ArticleLink) error {
	return db.LinkArticles(ctx, []rapporteur.LinkItem{{ID: id, Link: link}})
}

// LinkArticles implements rapporteur.Store. Links that lose a race with
// an article write (a deadlock over two speakers' counts) are tried again.
func (db *DB) LinkArticles(ctx context.Context, links []rapporteur.LinkItem) error {
	if len(links) == 0 {
		return nil
	}
	var err error
	for try := 0; try < maxTries; try++ {
		if err = db.linkArticles(ctx, links); err == nil || !retryable(err) {
			break
		}
	}
	return err
}

func (db *DB) linkArticles(ctx context.Context, links []rapporteur.LinkItem) error {
	// The linker runs in one place (package jobs), so links need no
	// turn among themselves; article writes go on meanwhile, and each
	// linked article is locked (qLinkOld) against its own write.
	t, err := db.beginShared(ctx)
	if err != nil {
		return errorf("link articles: %w", err)
	}
	defer t.rollback()
	if err := db.linkIn(ctx, t, links); err != nil {
		return err
	}
	if err := t.commit(ctx); err != nil {
		return errorf("link articles: commit: %w", err)
	}
	return nil
}

const (
	// qLinkOld reads (and locks) the article in its month's partition
	// (article_dates, migration 013), as qLinkArticle writes it.
	qLinkOld = `SELECT story_id, published, duplicate_of IS NOT NULL, date FROM articles
		WHERE id = ?1 AND date = (SELECT date FROM article_dates WHERE id = ?1) FOR UPDATE`
	qLinkExists = `SELECT count(*) FROM article_keys WHERE id = ?`
	qLinkStory  = `INSERT INTO stories (key, title) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET title = excluded.title RETURNING id`
	// qLinkArticle sets the links, in the batch that reads the article
	// (qLinkOld) and its story (qLinkStory, before it): the story by key
	// ('' for none), the month from article_dates.
	qLinkArticle = `UPDATE articles SET duplicate_of = ?2, similarity = ?3,
		story_id = CASE WHEN ?4 = '' THEN NULL ELSE (SELECT id FROM stories WHERE key = ?4) END
		WHERE id = ?1 AND date = (SELECT date FROM article_dates WHERE id = ?1)`
	// qStoryAdd widens a story's span to a new article's publication date
	// and counts it; an undated article (NULL) counts without widening.
	qStoryAdd = `UPDATE stories SET
		first_date = CASE WHEN ?::bigint IS NULL THEN first_date WHEN first_date = 0 OR ?::bigint < first_date THEN ?::bigint ELSE first_date END,
		last_date = CASE WHEN ?::bigint IS NULL THEN last_date WHEN last_date = 0 OR ?::bigint > last_date THEN ?::bigint ELSE last_date END,
		article_count = article_count + 1
		WHERE id = ?`
	qStoryWiden = `UPDATE stories SET
		first_date = CASE WHEN first_date = 0 OR ?::bigint < first_date THEN ?::bigint ELSE first_date END,
		last_date = CASE WHEN last_date = 0 OR ?::bigint > last_date THEN ?::bigint ELSE last_date END
		WHERE id = ?`
	// qSpeakerCopiesIf is qSpeakerCopies when the article's copy status
	// (?3) is not the one stored: before qLinkArticle sets it.
	qSpeakerCopiesIf = `UPDATE speakers SET statement_count = statement_count + ?2::bigint * c.n
		FROM (SELECT speaker_id, count(*) AS n FROM statements WHERE article_id = ?1 AND speaker_id IS NOT NULL GROUP BY speaker_id) c
		WHERE speakers.id = c.speaker_id AND ?3::boolean <> (SELECT duplicate_of IS NOT NULL FROM articles
			WHERE id = ?1 AND date = (SELECT date FROM article_dates WHERE id = ?1))`
	// qSpeakerCopies adds an article's statements to their speakers'
	// counts (1) or takes them off (-1).
	qSpeakerCopies = `UPDATE speakers SET statement_count = statement_count + ?::bigint * c.n
		FROM (SELECT speaker_id, count(*) AS n FROM statements WHERE article_id = ? AND speaker_id IS NOT NULL GROUP BY speaker_id) c
		WHERE speakers.id = c.speaker_id`
)

// linkIn records links in t, in their order, in about one round trip
// each (it was five or six): an article's reads, its speakers' counts and
// its link go in one batch, its story's span waits for the next article's
// batch (nothing reads it before: threading reads statements, articles
// and speakers' names), and only threading (thread.go) asks in round
// trips of its own. Any error fails the whole transaction, so that
// a batch ran the link of an article found missing changes nothing.
func (db *DB) linkIn(ctx context.Context, t *tx, links []rapporteur.LinkItem) error {
	var later pgx.Batch // the previous article's writes
	for _, l := range links {
		id, link := l.ID, l.Link
		if link.DuplicateOf == id {
			return rapporteur.Errorf(rapporteur.EINVALID, "link article %d: an article cannot copy itself", id)
		}
		b := later
		later = pgx.Batch{}
		pending := b.Len()
		var (
			old, date *int64
			wasCopy   bool
			month     int64
			missing   bool
			n         int
			sid       int64
			dup       any
		)
		b.Queue(number(qLinkOld), id)
		if link.DuplicateOf != 0 {
			b.Queue(number(qLinkExists), link.DuplicateOf)
			dup = link.DuplicateOf
		}
		if link.StoryKey != "" {
			b.Queue(number(qLinkStory), link.StoryKey, scrub(link.StoryTitle))
		}
		// Its speakers' counts when it becomes a copy or stops being one,
		// in the same batch: the article locked first, its speakers next,
		// as an article's write takes them, and held no longer than that.
		isCopy := dup != nil
		sign := 1
		if isCopy {
			sign = -1
		}
		b.Queue(number(qSpeakerCopiesIf), id, sign, isCopy)
		b.Queue(number(qLinkArticle), id, dup, link.Similarity, link.StoryKey)
		br := t.tx.SendBatch(ctx, &b)
		err := func() error {
			for i := 0; i < pending; i++ {
				if _, err := br.Exec(); err != nil {
					return errorf("link articles: story spans and counts: %w", err)
				}
			}
			err := br.QueryRow().Scan(&old, &date, &wasCopy, &month)
			if errors.Is(err, pgx.ErrNoRows) {
				missing = true
			} else if err != nil {
				return errorf("link article %d: %w", id, err)
			}
			if dup != nil {
				if err := br.QueryRow().Scan(&n); err != nil {
					return errorf("link article %d: %w", id, err)
				}
			}
			if link.StoryKey != "" {
				if err := br.QueryRow().Scan(&sid); err != nil {
					return errorf("link article %d: story: %w", id, err)
				}
			}
			if _, err := br.Exec(); err != nil {
				return errorf("link article %d: speaker counts: %w", id, err)
			}
			if _, err := br.Exec(); err != nil {
				return errorf("link article %d: %w", id, err)
			}
			return nil
		}()
		if cerr := br.Close(); err == nil && cerr != nil {
			err = errorf("link article %d: %w", id, cerr)
		}
		switch {
		case err != nil:
			return err
		case missing:
			return notFound("article", id)
		case dup != nil && n == 0:
			return notFound("article", link.DuplicateOf)
		}
		if err := db.threadArticle(ctx, t, id, old == nil, old, sid, dup != nil); err != nil {
			return errorf("link article %d: thread: %w", id, err)
		}
		if old != nil && *old != sid {
			later.Queue(number(qUpdateSpan), *old)
		}
		switch {
		case sid != 0 && (old == nil || *old != sid):
			later.Queue(number(qStoryAdd), date, date, date, date, date, date, sid)
		case sid != 0 && date != nil:
			later.Queue(number(qStoryWiden), date, date, date, date, sid)
		}
	}
	if later.Len() > 0 {
		if err := t.tx.SendBatch(ctx, &later).Close(); err != nil {
			return errorf("link articles: story spans and counts: %w", err)
		}
	}
	return nil
}

// qUpdateSpan sets a story's span and count from its articles: the span
// from their publication dates (undated articles count without one).
const qUpdateSpan = `UPDATE stories SET
		first_date = coalesce((SELECT min(published) FROM articles WHERE story_id = stories.id), 0),
		last_date = coalesce((SELECT max(published) FROM articles WHERE story_id = stories.id), 0),
		article_count = (SELECT count(*) FROM articles WHERE story_id = stories.id)
		WHERE id = ?`

// updateSpan sets a story's span and count from its articles: the span
// from their publication dates (undated articles count without one).
func updateSpan(ctx context.Context, t *tx, story int64) error {
	_, err := t.exec(ctx, qUpdateSpan, story)
	return err
}

// MergeStories implements rapporteur.Store.
func (db *DB) MergeStories(ctx context.Context, from, into string) error {
	if from == into {
		return nil
	}
	// The linker merges stories as it links (LinkArticles): the writer
	// lock shared, as there; article writes touch no story.
	t, err := db.beginShared(ctx)
	if err != nil {
		return errorf("merge story %q: %w", from, err)
	}
	defer t.rollback()
	if err := db.mergeStories(ctx, t, from, into); err != nil {
		return err
	}
	if err := t.commit(ctx); err != nil {
		return errorf("merge story %q into %q: commit: %w", from, into, err)
	}
	return nil
}

// mergeStories merges story from into story into in t.
func (db *DB) mergeStories(ctx context.Context, t *tx, from, into string) error {
	if from == into {
		return nil
	}
	var fromID int64
	if err := t.queryRow(ctx, `SELECT id FROM stories WHERE key = ?`, from).Scan(&fromID); errors.Is(err, pgx.ErrNoRows) {
		return nil
	} else if err != nil {
		return errorf("merge story %q: %w", from, err)
	}
	var intoID int64
	err := t.queryRow(ctx, `INSERT INTO stories (key, title) SELECT ?, title FROM stories WHERE id = ?
		ON CONFLICT (key) DO UPDATE SET key = excluded.key RETURNING id`, into, fromID).Scan(&intoID)
	if err != nil {
		return errorf("merge story %q into %q: %w", from, into, err)
	}
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE articles SET story_id = ? WHERE story_id = ?`, []any{intoID, fromID}},
		// The merged story stays as a pointer (its key freed for the
		// linker), and so do the stories merged into it before.
		{`UPDATE stories SET merged_into = ?, key = 'merged:' || id, title = '', first_date = 0, last_date = 0, article_count = 0 WHERE id = ?`, []any{intoID, fromID}},
		{`UPDATE stories SET merged_into = ? WHERE merged_into = ?`, []any{intoID, fromID}},
	} {
		if _, err := t.exec(ctx, q.sql, q.args...); err != nil {
			return errorf("merge story %q into %q: %w", from, into, err)
		}
	}
	if err := updateSpan(ctx, t, intoID); err != nil {
		return errorf("merge story %q into %q: %w", from, into, err)
	}
	// The merged story's replies are the story it joined's now.
	if _, err := t.exec(ctx, qThreadDropAll, fromID); err != nil {
		return errorf("merge story %q into %q: thread: %w", from, into, err)
	}
	if err := db.rethread(ctx, t, intoID); err != nil {
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
	q := `SELECT ` + storyCols + ` FROM stories st WHERE st.article_count >= ? AND st.merged_into IS NULL`
	args := []any{max(f.MinArticles, 1)}
	if cur != nil {
		q += ` AND (st.last_date < ? OR (st.last_date = ? AND st.id < ?))`
		args = append(args, cur.Date, cur.Date, cur.ID)
	}
	q += ` ORDER BY st.last_date DESC, st.id DESC LIMIT ?`
	args = append(args, n+1)
	rows, err := wrap(db.pool).query(ctx, q, args...)
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

// articleRows reads articles (without bodies) with a WHERE clause.
func articleRows(ctx context.Context, t *tx, where string, args ...any) ([]*rapporteur.StoredArticle, error) {
	rows, err := t.query(ctx, `SELECT `+articleCols+` FROM articles a LEFT JOIN sources src ON src.id = a.source_id WHERE `+where, args...)
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

const qStory = `SELECT ` + storyCols + ` FROM stories st WHERE st.id = ?`

// Story implements rapporteur.Store.
func (db *DB) Story(ctx context.Context, id int64) (*rapporteur.StoredStory, error) {
	t, err := db.beginRead(ctx)
	if err != nil {
		return nil, errorf("story %d: %w", id, err)
	}
	defer t.rollback()
	var into *int64
	if err := t.queryRow(ctx, `SELECT merged_into FROM stories WHERE id = ?`, id).Scan(&into); errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound("story", id)
	} else if err != nil {
		return nil, errorf("story %d: %w", id, err)
	}
	if into != nil {
		id = *into
	}
	s, err := scanStory(t.queryRow(ctx, qStory, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound("story", id)
	} else if err != nil {
		return nil, errorf("story %d: %w", id, err)
	}
	s.Articles, err = articleRows(ctx, t, `a.story_id = ? ORDER BY a.date, a.id LIMIT ?`, id, storyArticleLimit)
	if err != nil {
		return nil, errorf("story %d articles: %w", id, err)
	}
	rows, err := t.query(ctx, `SELECT `+statementCols+` FROM articles a
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
	t, err := db.beginRead(ctx)
	if err != nil {
		return nil, errorf("related %d: %w", articleID, err)
	}
	defer t.rollback()
	var dup, story *int64
	date, err := articleDate(ctx, t, articleID)
	if err == nil {
		err = t.queryRow(ctx, `SELECT duplicate_of, story_id FROM articles WHERE id = ? AND date = ?`, articleID, date).Scan(&dup, &story)
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound("article", articleID)
	} else if err != nil {
		return nil, errorf("related %d: %w", articleID, err)
	}
	root := articleID
	if dup != nil {
		root = *dup
	}
	r := &rapporteur.Related{}
	if dup == nil {
		// An original's copies only: an OR with its id would read every
		// month's id index (see article_dates).
		r.Copies, err = articleRows(ctx, t, `a.duplicate_of = ? ORDER BY a.date, a.id LIMIT ?`, root, storyArticleLimit)
	} else {
		r.Copies, err = articleRows(ctx, t, `(a.id = ? OR a.duplicate_of = ?) AND a.id <> ? ORDER BY a.date, a.id LIMIT ?`,
			root, root, articleID, storyArticleLimit)
	}
	if err != nil {
		return nil, errorf("related %d copies: %w", articleID, err)
	}
	r.Others = []*rapporteur.StoredArticle{}
	if story != nil {
		r.Story, err = scanStory(t.queryRow(ctx, qStory, *story))
		if err != nil {
			return nil, errorf("related %d story: %w", articleID, err)
		}
		r.Others, err = articleRows(ctx, t, `a.story_id = ? AND a.duplicate_of IS NULL AND a.id <> ? AND a.id <> ? ORDER BY a.date, a.id LIMIT ?`,
			*story, articleID, root, storyArticleLimit)
		if err != nil {
			return nil, errorf("related %d story: %w", articleID, err)
		}
	}
	return r, nil
}
