package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/thread"
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
	if err := db.linkIn(ctx, t, links, nil); err != nil {
		return err
	}
	if err := t.commit(ctx); err != nil {
		return errorf("link articles: commit: %w", err)
	}
	return nil
}

const (
	// qLinkOld reads (and locks) the article in its month's partition
	// (?2, read from article_dates, migration 013, by linkDates), as
	// qLinkArticle writes it. The month is a value,
	// not a subquery: read inside the query, the months are pruned only as
	// it runs, after every month's partition and indexes were locked and
	// opened (3.4 ms a run at 203 months, of which 0.1 ms the query's own;
	// BENCHMARKS.md, issue 14, fifth session).
	qLinkOld = `SELECT story_id, published, duplicate_of IS NOT NULL, date FROM articles
		WHERE id = ?1 AND date = ?2 FOR UPDATE`
	qLinkExists = `SELECT count(*) FROM article_keys WHERE id = ?`
	qLinkStory  = `INSERT INTO stories (key, title) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET title = excluded.title RETURNING id`
	// qLinkArticle sets the links, in the batch that reads the article
	// (qLinkOld) and its story (qLinkStory, before it): the story by key
	// ('' for none), the month from article_dates.
	qLinkArticle = `UPDATE articles SET duplicate_of = ?2, similarity = ?3,
		story_id = CASE WHEN ?4 = '' THEN NULL ELSE (SELECT id FROM stories WHERE key = ?4) END
		WHERE id = ?1 AND date = ?5`
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
	// qSpeakerCopies adds an article's statements to their speakers'
	// counts (1) or takes them off (-1).
	qSpeakerCopies = `UPDATE speakers SET statement_count = statement_count + ?::bigint * c.n
		FROM (SELECT speaker_id, count(*) AS n FROM statements WHERE article_id = ? AND speaker_id IS NOT NULL GROUP BY speaker_id) c
		WHERE speakers.id = c.speaker_id`
)

// linkIn records links in t, in their order, in at most three round
// trips however many there are (it was one or two per link, and one per
// link before that): the first sends every link's reads and writes in
// order (the article read and locked, its story, its speakers' counts,
// its link); the second the story spans and threading's reads; the third
// the thread links. Any error fails the whole transaction, so that a
// batch ran the link of an article found missing changes nothing.
//
// The spans and thread links end as linking one article at a time left
// them: a story an article left has its span counted again from its
// articles (which covers the articles that joined it in the batch, so
// they are not added on top), the others are widened and counted as
// articles join; a story that only gained new originals has the new
// nodes added to its thread (thread.Update, whose result does not depend
// on arrival order), any other story changed is threaded again.
//
// pre are new articles of the transaction not stored yet, each linked
// once in links (linked.go): each is inserted with its link, where its
// read and its link's UPDATE would be.
func (db *DB) linkIn(ctx context.Context, t *tx, links []rapporteur.LinkItem, pre map[int64]*pendingInsert) error {
	if len(links) == 0 {
		return nil
	}
	type linked struct {
		old, date *int64
		missing   bool
		wasCopy   bool
		n         int
		sid       int64
	}
	got := make([]linked, len(links))
	months, err := linkDates(ctx, t, links, pre)
	if err != nil {
		return err
	}
	b := &pgx.Batch{}
	for i, l := range links {
		id, link := l.ID, l.Link
		if link.DuplicateOf == id {
			return rapporteur.Errorf(rapporteur.EINVALID, "link article %d: an article cannot copy itself", id)
		}
		g := &got[i]
		p := pre[id]
		if p != nil {
			if d, ok := p.published.(int64); ok {
				g.date = &d
			}
		} else if month, ok := months[id]; !ok {
			g.missing = true
			continue
		} else {
			b.Queue(number(qLinkOld), id, month).QueryRow(func(r pgx.Row) error {
				var month int64
				err := r.Scan(&g.old, &g.date, &g.wasCopy, &month)
				if errors.Is(err, pgx.ErrNoRows) {
					// Written again in another month since linkDates:
					// the link is tried again (LinkArticles).
					return errorf("link article %d: %w", id, errMoved)
				}
				if err != nil {
					return errorf("link article %d: %w", id, err)
				}
				return nil
			})
		}
		var dup any
		if link.DuplicateOf != 0 {
			b.Queue(number(qLinkExists), link.DuplicateOf).QueryRow(func(r pgx.Row) error {
				if err := r.Scan(&g.n); err != nil {
					return errorf("link article %d: %w", id, err)
				}
				return nil
			})
			dup = link.DuplicateOf
		}
		if link.StoryKey != "" {
			b.Queue(number(qLinkStory), link.StoryKey, scrub(link.StoryTitle)).QueryRow(func(r pgx.Row) error {
				if err := r.Scan(&g.sid); err != nil {
					return errorf("link article %d: story: %w", id, err)
				}
				return nil
			})
		}
		// Its speakers' counts when it becomes a copy or stops being one
		// (for a stored article, in the next round trip, once its copy
		// status is read: it rarely changes).
		isCopy := dup != nil
		if p != nil {
			// Stored as an original (children counted its statements).
			if isCopy {
				b.Queue(number(qSpeakerCopies), -1, id)
			}
			b.Queue(number(qArticleInsLinked), append(p.args[:len(p.args):len(p.args)], dup, link.Similarity, link.StoryKey)...)
			continue
		}
		b.Queue(number(qLinkArticle), id, dup, link.Similarity, link.StoryKey, months[id])
	}
	if err := t.tx.SendBatch(ctx, b).Close(); err != nil {
		return errorf("link articles: %w", err)
	}
	recount := map[int64]bool{}  // stories an article left
	rethread := map[int64]bool{} // stories to thread again
	fresh := map[int64][]int64{} // stories' new originals
	for i, l := range links {
		g := got[i]
		switch {
		case g.missing:
			return notFound("article", l.ID)
		case l.Link.DuplicateOf != 0 && g.n == 0:
			return notFound("article", l.Link.DuplicateOf)
		}
		if g.old == nil {
			if g.sid != 0 && l.Link.DuplicateOf == 0 {
				fresh[g.sid] = append(fresh[g.sid], l.ID)
			}
			continue
		}
		if *g.old != g.sid {
			recount[*g.old] = true
			rethread[*g.old] = true
		}
		if g.sid != 0 {
			rethread[g.sid] = true
		}
	}
	b = &pgx.Batch{}
	for i, l := range links {
		// The speakers' counts of a stored article that became a copy
		// or stopped being one: its statements counted for originals
		// only. Counts add up, so they need not be taken link by link.
		if g := got[i]; pre[l.ID] == nil && (l.Link.DuplicateOf != 0) != g.wasCopy {
			sign := 1
			if !g.wasCopy {
				sign = -1
			}
			b.Queue(number(qSpeakerCopies), sign, l.ID)
		}
	}
	for _, g := range got {
		switch {
		case g.sid == 0 || recount[g.sid]:
		case g.old == nil || *g.old != g.sid:
			b.Queue(number(qStoryAdd), g.date, g.date, g.date, g.date, g.date, g.date, g.sid)
		case g.date != nil:
			b.Queue(number(qStoryWiden), g.date, g.date, g.date, g.date, g.sid)
		}
	}
	for _, story := range sortedKeys(recount) {
		b.Queue(number(qUpdateSpan), story)
	}
	nodes := map[int64][]*thread.Node{}
	have := map[int64]map[int64]thread.Link{}
	for _, story := range sortedKeys(rethread) {
		b.Queue(number(qThreadDropAll), story)
	}
	var threaded []int64
	for story := range fresh {
		if !rethread[story] {
			threaded = append(threaded, story)
		}
	}
	slices.Sort(threaded)
	for _, story := range append(sortedKeys(rethread), threaded...) {
		b.Queue(number(qThreadNodes), story).Query(func(rows pgx.Rows) error {
			ns, err := scanNodes(rows)
			if err != nil {
				return errorf("link articles: thread of story %d: %w", story, err)
			}
			nodes[story] = ns
			return nil
		})
	}
	for _, story := range threaded {
		b.Queue(number(qThreadLinks), story).Query(func(rows pgx.Rows) error {
			ls, err := scanThreadLinks(rows)
			if err != nil {
				return errorf("link articles: thread of story %d: %w", story, err)
			}
			have[story] = ls
			return nil
		})
	}
	if err := t.tx.SendBatch(ctx, b).Close(); err != nil {
		return errorf("link articles: story spans and threads: %w", err)
	}
	puts := map[int64][]thread.Link{}
	for story := range rethread {
		puts[story] = thread.Links(nodes[story])
	}
	for _, story := range threaded {
		isNew := map[int64]bool{}
		for _, id := range fresh[story] {
			isNew[id] = true
		}
		var old, added []*thread.Node
		for _, n := range nodes[story] {
			if isNew[n.Article] {
				added = append(added, n)
			} else {
				old = append(old, n)
			}
		}
		if len(added) == 0 || (len(old) == 0 && oneArticle(added)) {
			continue
		}
		puts[story] = thread.Update(old, have[story], added)
	}
	b = &pgx.Batch{}
	for _, story := range sortedKeys(puts) {
		for _, l := range puts[story] {
			b.Queue(number(qThreadPut), l.From, l.To, story, l.Score)
		}
	}
	if b.Len() > 0 {
		if err := t.tx.SendBatch(ctx, b).Close(); err != nil {
			return errorf("link articles: thread links: %w", err)
		}
	}
	return nil
}

// errMoved is a linked article written again in another month while its
// links were being recorded: a race LinkArticles tries again.
var errMoved = errors.New("written again in another month meanwhile")

// linkDates reads the months of the links' articles (article_dates), in
// one query; the new articles of pre have none yet.
func linkDates(ctx context.Context, t *tx, links []rapporteur.LinkItem, pre map[int64]*pendingInsert) (map[int64]int64, error) {
	var ids []int64
	for _, l := range links {
		if pre[l.ID] == nil {
			ids = append(ids, l.ID)
		}
	}
	months := make(map[int64]int64, len(ids))
	if len(ids) == 0 {
		return months, nil
	}
	rows, err := t.query(ctx, `SELECT id, date FROM article_dates WHERE id = ANY(?)`, ids)
	if err != nil {
		return nil, errorf("link articles: months: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, date int64
		if err := rows.Scan(&id, &date); err != nil {
			return nil, errorf("link articles: months: %w", err)
		}
		months[id] = date
	}
	if err := rows.Err(); err != nil {
		return nil, errorf("link articles: months: %w", err)
	}
	return months, nil
}

// oneArticle reports whether nodes all come from one article: a story's
// first original has nothing to answer.
func oneArticle(nodes []*thread.Node) bool {
	for _, n := range nodes {
		if n.Article != nodes[0].Article {
			return false
		}
	}
	return true
}

// sortedKeys returns a set's or map's keys in order.
func sortedKeys[V any](m map[int64]V) []int64 {
	keys := make([]int64, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// qUpdateSpan sets a story's span and count from its articles: the span
// from their publication dates (undated articles count without one),
// which story_articles holds (migration 018).
const qUpdateSpan = `UPDATE stories SET
		first_date = coalesce(x.lo, 0), last_date = coalesce(x.hi, 0), article_count = x.n
		FROM (SELECT min(published) AS lo, max(published) AS hi, count(*) AS n FROM story_articles WHERE story_id = ?1) x
		WHERE id = ?1`

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
		// Its articles by story_articles, in their months (migration 018).
		{`UPDATE articles a SET story_id = ? FROM story_articles sa
			WHERE sa.story_id = ? AND a.id = sa.id AND a.date = sa.date`, []any{intoID, fromID}},
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
	span, err := storySpan(ctx, t, id)
	if err != nil {
		return nil, errorf("story %d: %w", id, err)
	}
	s.Articles, err = articleRows(ctx, t, storyArticles+` ORDER BY a.date, a.id LIMIT ?`, append(span, storyArticleLimit)...)
	if err == nil {
		err = pageCredits(ctx, t, s.Articles)
	}
	if err != nil {
		return nil, errorf("story %d articles: %w", id, err)
	}
	rows, err := t.query(ctx, `SELECT `+statementCols+` FROM articles a
		JOIN statements s ON s.article_id = a.id LEFT JOIN sources src ON src.id = s.source_id
		WHERE `+storyArticles+` AND a.duplicate_of IS NULL ORDER BY a.date, a.id, s.id LIMIT ?`, append(span, storyStatementLimit)...)
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
		span, err := storySpan(ctx, t, *story)
		if err != nil {
			return nil, errorf("related %d story: %w", articleID, err)
		}
		r.Others, err = articleRows(ctx, t, storyArticles+` AND a.duplicate_of IS NULL AND a.id <> ? AND a.id <> ? ORDER BY a.date, a.id LIMIT ?`,
			append(span, articleID, root, storyArticleLimit)...)
		if err != nil {
			return nil, errorf("related %d story: %w", articleID, err)
		}
	}
	return r, nil
}
