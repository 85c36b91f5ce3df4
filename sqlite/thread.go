package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/thread"
)

// Threads (issue 11): the replies across the articles of a story, kept in
// thread_links (migration 017) as articles are linked, and the story's
// Thread view read from them.

// The queries of threading, prepared with the write statements.
const (
	// qThreadNodes reads the statements a story's threading links: those
	// with an act, of the story's originals.
	qThreadNodes = `SELECT s.id, s.article_id, a.date, a.content_hash, s.act, json_extract(s.target, '$.name'), s.responds_to IS NOT NULL,
		s.speaker_name, coalesce(s.speaker_id, 0), coalesce(sp.name, ''), s.speaker_type, s.affiliation, s.role, s.content
		FROM articles a INDEXED BY articles_by_story
		JOIN statements s ON s.article_id = a.id
		LEFT JOIN speakers sp ON sp.id = s.speaker_id
		WHERE a.story_id = ? AND a.duplicate_of IS NULL AND s.act NOT IN ('', 'assert')`
	// qArticleNodes reads the nodes of one article, as qThreadNodes does.
	qArticleNodes = `SELECT s.id, s.article_id, a.date, a.content_hash, s.act, json_extract(s.target, '$.name'), s.responds_to IS NOT NULL,
		s.speaker_name, coalesce(s.speaker_id, 0), coalesce(sp.name, ''), s.speaker_type, s.affiliation, s.role, s.content
		FROM articles a
		JOIN statements s ON s.article_id = a.id
		LEFT JOIN speakers sp ON sp.id = s.speaker_id
		WHERE a.id = ? AND a.duplicate_of IS NULL AND s.act NOT IN ('', 'assert')`
	// qThreadVersion reads the versions a cached story is checked
	// against (migration 024); qThreadBump gives the story a new one.
	qThreadVersion = `SELECT st.thread_version, g.version FROM stories st, thread_global g WHERE st.id = ? AND g.id = 1`
	qThreadBump    = `UPDATE stories SET thread_version = random() WHERE id = ? RETURNING thread_version`
	qThreadLinks   = `SELECT statement_id, parent_id, score FROM thread_links WHERE story_id = ?`
	qThreadPut     = `INSERT OR REPLACE INTO thread_links (statement_id, parent_id, story_id, score) VALUES (?, ?, ?, ?)`
	qThreadDropAll = `DELETE FROM thread_links WHERE story_id = ?`
)

// The threading queries join the write statements prepared at open
// (writeQueries): every linked article runs them.
func init() {
	writeQueries = append(writeQueries, qThreadNodes, qArticleNodes, qThreadVersion, qThreadBump, qThreadLinks, qThreadPut, qThreadDropAll)
}

// threadLimit bounds the statements one story's threading reads, so that
// a story of many thousands of statements links in bounded time: past it,
// the newest statements are not linked across articles.
const threadLimit = 20000

// threadNodes reads the nodes of a story for threading.
func (db *DB) threadNodes(ctx context.Context, tx *sql.Tx, story int64) ([]*thread.Node, error) {
	return scanNodes(db.stmt(ctx, tx, qThreadNodes).QueryContext(ctx, story))
}

// articleNodes reads the nodes of one original article.
func (db *DB) articleNodes(ctx context.Context, tx *sql.Tx, article int64) ([]*thread.Node, error) {
	return scanNodes(db.stmt(ctx, tx, qArticleNodes).QueryContext(ctx, article))
}

func scanNodes(rows *sql.Rows, err error) ([]*thread.Node, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*thread.Node
	for rows.Next() && len(out) < threadLimit {
		var n thread.Node
		var date, hash int64
		var target sql.NullString
		if err := rows.Scan(&n.ID, &n.Article, &date, &hash, &n.Act, &target, &n.Answered,
			&n.Speaker, &n.SpeakerID, &n.Canonical, &n.SpeakerType, &n.Affiliation, &n.Role, &n.Content); err != nil {
			return nil, err
		}
		n.Time = time.Unix(date, 0)
		n.Key = fmt.Sprintf("%016x", uint64(hash))
		n.Index = int(n.ID) // statement ids grow in text order within an article
		n.Target = target.String
		out = append(out, &n)
	}
	return out, rows.Err()
}

// threadVersion is what a cached story is checked against: the story's
// thread_version and the global one (migration 024).
type threadVersion struct{ story, global int64 }

func (db *DB) threadVersion(ctx context.Context, tx *sql.Tx, story int64) (threadVersion, error) {
	var v threadVersion
	err := db.stmt(ctx, tx, qThreadVersion).QueryRowContext(ctx, story).Scan(&v.story, &v.global)
	return v, err
}

// remember keeps a story's nodes and links, as tx now has them, for the
// story's next article. It gives the story a new version in tx first:
// the entry's version is then one this transaction wrote, so that if tx
// is rolled back, the story's version goes back to one no entry holds.
func (db *DB) remember(ctx context.Context, tx *sql.Tx, story int64, nodes []*thread.Node, links map[int64]thread.Link) error {
	// The story's links may have changed: a new version tells the thread
	// pages' cache too (see forestCache), cached here or not.
	var v threadVersion
	if err := db.stmt(ctx, tx, qThreadBump).QueryRowContext(ctx, story).Scan(&v.story); err != nil {
		return err
	}
	if db.noThreadCache || len(nodes) < db.threadCacheMin() || len(nodes) >= threadLimit {
		return nil
	}
	g, err := db.threadVersion(ctx, tx, story)
	if err != nil {
		return err
	}
	v.global = g.global
	db.threads.put(story, &threadEntry{version: v, nodes: nodes, links: links})
	return nil
}

// threadArticle updates the thread links after an article's link changed
// in tx: fresh is true when the article had never been linked. A new
// original adds its statements to its story's links (thread.Update reads
// only the pairs it touches); any other change — an article stored again,
// moving story, becoming a copy or an original — threads the stories
// concerned again from their statements, which gives the same links.
func (db *DB) threadArticle(ctx context.Context, tx *sql.Tx, id int64, fresh bool, oldStory sql.NullInt64, story int64, isCopy bool, before threadVersion) error {
	if fresh {
		if story == 0 || isCopy {
			return nil
		}
		return db.threadAdded(ctx, tx, id, story, before)
	}
	if oldStory.Valid && oldStory.Int64 != story {
		if err := db.rethread(ctx, tx, oldStory.Int64); err != nil {
			return err
		}
	}
	if story != 0 {
		return db.rethread(ctx, tx, story)
	}
	return nil
}

// threadAdded threads a new original article, id, into its story: its
// nodes against the story's. The story's other nodes and links come from
// the cache when the story's versions are still those of the entry
// (before is what they were before the article joined it), else from the
// database; either way they are the same, so the links are too.
func (db *DB) threadAdded(ctx context.Context, tx *sql.Tx, id, story int64, before threadVersion) error {
	e := db.threads.take(story)
	var old, added []*thread.Node
	var links map[int64]thread.Link
	var err error
	if e != nil && e.version == before {
		if added, err = db.articleNodes(ctx, tx, id); err != nil {
			return err
		}
		if len(e.nodes)+len(added) < threadLimit {
			old, links = e.nodes, e.links
			db.threads.hits++
		} else {
			e, added = nil, nil // the database would read only the first threadLimit
		}
	}
	if links == nil {
		nodes, err := db.threadNodes(ctx, tx, story)
		if err != nil {
			return err
		}
		for _, n := range nodes {
			if n.Article == id {
				added = append(added, n)
			} else {
				old = append(old, n)
			}
		}
		if links, err = db.threadLinks(ctx, tx, story); err != nil {
			return err
		}
	}
	if len(added) > 0 && len(old) > 0 {
		changed := thread.Update(old, links, added)
		if err := db.putThreadLinks(ctx, tx, story, changed); err != nil {
			return err
		}
		for _, l := range changed {
			links[l.From] = l
		}
	}
	return db.remember(ctx, tx, story, append(old, added...), links)
}

func (db *DB) threadLinks(ctx context.Context, tx *sql.Tx, story int64) (map[int64]thread.Link, error) {
	rows, err := db.stmt(ctx, tx, qThreadLinks).QueryContext(ctx, story)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]thread.Link{}
	for rows.Next() {
		var l thread.Link
		if err := rows.Scan(&l.From, &l.To, &l.Score); err != nil {
			return nil, err
		}
		out[l.From] = l
	}
	return out, rows.Err()
}

func (db *DB) putThreadLinks(ctx context.Context, tx *sql.Tx, story int64, links []thread.Link) error {
	for _, l := range links {
		if _, err := db.stmt(ctx, tx, qThreadPut).ExecContext(ctx, l.From, l.To, story, l.Score); err != nil {
			return err
		}
	}
	return nil
}

// rethread links a story's statements again from scratch.
func (db *DB) rethread(ctx context.Context, tx *sql.Tx, story int64) error {
	if _, err := db.stmt(ctx, tx, qThreadDropAll).ExecContext(ctx, story); err != nil {
		return err
	}
	db.threads.take(story)
	nodes, err := db.threadNodes(ctx, tx, story)
	if err != nil {
		return err
	}
	ls := thread.Links(nodes)
	if err := db.putThreadLinks(ctx, tx, story, ls); err != nil {
		return err
	}
	links := make(map[int64]thread.Link, len(ls))
	for _, l := range ls {
		links[l.From] = l
	}
	return db.remember(ctx, tx, story, nodes, links)
}

// threadReadLimit bounds the statements a thread page reads: a story of
// many thousands of statements still answers in bounded time, its first
// statements in time order.
const threadReadLimit = 5000

// StoryThread returns a page of a story's thread: its statements with an
// act (and those answered by one), wire copies folded, in reading order.
// A story merged into another answers with the thread of the story it
// became (StoryID says which).
func (db *DB) StoryThread(ctx context.Context, id int64, f rapporteur.ThreadFilter) (*rapporteur.StoryThread, error) {
	cur, err := decodeCursor(f.Cursor, "thread")
	if err != nil {
		return nil, err
	}
	n := f.Limit
	switch {
	case n <= 0:
		n = 100
	case n > 1000:
		n = 1000
	}
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, errorf("story %d thread: %w", id, err)
	}
	defer tx.Rollback()
	var into sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT merged_into FROM stories WHERE id = ?`, id).Scan(&into); err == sql.ErrNoRows {
		return nil, notFound("story", id)
	} else if err != nil {
		return nil, errorf("story %d thread: %w", id, err)
	}
	if into.Valid {
		id = into.Int64
	}
	t, err := readThread(ctx, tx, id, cur, n)
	if err != nil {
		return nil, errorf("story %d thread: %w", id, err)
	}
	return t, nil
}

// A storyForest is a story's thread in reading order, with the article
// of each statement in it: what a thread page is cut from.
type storyForest struct {
	placed  []thread.Placed
	article map[int64]int64
}

func readThread(ctx context.Context, tx *readTx, id int64, cur *cursor, n int) (*rapporteur.StoryThread, error) {
	// The forest is read once per version of the story (migration 024: it
	// changes with anything the forest is built from, its links too), and
	// kept for the next pages and views; a page reads its own statements.
	var version int64
	if err := tx.QueryRowContext(ctx, `SELECT thread_version FROM stories WHERE id = ?`, id).Scan(&version); err != nil {
		return nil, err
	}
	f := tx.db.forests.get(id, version)
	if f == nil {
		var err error
		if f, err = buildForest(ctx, tx, id); err != nil {
			return nil, err
		}
		if !tx.db.noThreadCache {
			tx.db.forests.put(id, version, f)
		}
	}
	placed, article := f.placed, f.article
	out := &rapporteur.StoryThread{StoryID: id, Nodes: []*rapporteur.ThreadNode{}, Total: len(placed)}
	var err error
	if out.Story, err = scanStory(tx.QueryRowContext(ctx, qStory, id)); err != nil {
		return nil, err
	}
	return pageThread(ctx, tx, out, placed, article, cur, n)
}

// buildForest reads a story's forest: the light columns of every
// statement with an act of the story's originals (a reply within an
// article to an assertion shows as a statement of its own), its links
// across articles and within them.
func buildForest(ctx context.Context, tx *readTx, id int64) (*storyForest, error) {
	rows, err := tx.QueryContext(ctx, `SELECT s.id, s.article_id, a.date, a.content_hash, s.act, s.responds_to
		FROM articles a INDEXED BY articles_by_story JOIN statements s ON s.article_id = a.id
		WHERE a.story_id = ? AND a.duplicate_of IS NULL AND s.act NOT IN ('', 'assert')
		ORDER BY a.date, a.id, s.id LIMIT ?`, id, threadReadLimit)
	if err != nil {
		return nil, err
	}
	var items []thread.Item
	local := map[int64][]rapporteur.Reply{} // within-article replies by statement
	article := map[int64]int64{}
	for rows.Next() {
		var node thread.Node
		var date, hash int64
		var replies sql.NullString
		if err := rows.Scan(&node.ID, &node.Article, &date, &hash, &node.Act, &replies); err != nil {
			rows.Close()
			return nil, err
		}
		node.Time, node.Key, node.Index = time.Unix(date, 0), fmt.Sprintf("%016x", uint64(hash)), int(node.ID)
		if replies.Valid {
			var rs []rapporteur.Reply
			if err := json.Unmarshal([]byte(replies.String), &rs); err == nil && len(rs) > 0 {
				local[node.ID] = rs
			}
		}
		article[node.ID] = node.Article
		items = append(items, thread.Item{ID: node.ID, Node: &node})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Replies across articles.
	across := map[int64]int64{}
	lr, err := tx.QueryContext(ctx, `SELECT statement_id, parent_id FROM thread_links WHERE story_id = ?`, id)
	if err != nil {
		return nil, err
	}
	for lr.Next() {
		var c, p int64
		if err := lr.Scan(&c, &p); err != nil {
			lr.Close()
			return nil, err
		}
		across[c] = p
	}
	lr.Close()
	if err := lr.Err(); err != nil {
		return nil, err
	}
	// Replies within an article index its statements in text order: the
	// ids of each article's statements, in order, read for the articles
	// whose statements answer within them and nothing across.
	var within []int64
	seen := map[int64]bool{}
	for sid := range local {
		if _, ok := across[sid]; !ok && !seen[article[sid]] {
			seen[article[sid]] = true
			within = append(within, article[sid])
		}
	}
	ids, err := statementIDs(ctx, tx, within)
	if err != nil {
		return nil, err
	}
	for i := range items {
		sid := items[i].ID
		if p, ok := across[sid]; ok {
			items[i].Parent = p
			continue
		}
		for _, r := range local[sid] {
			if in := ids[article[sid]]; r.Statement >= 0 && r.Statement < len(in) {
				p := in[r.Statement]
				items[i].Parent = p
				if _, shown := article[p]; !shown {
					items = append(items, thread.Answered(p, items[i].Node))
					article[p] = article[sid]
				}
				break
			}
		}
	}
	nodes := make([]*thread.Node, len(items))
	for i := range items {
		nodes[i] = items[i].Node
	}
	thread.Prepare(nodes)
	placed := thread.Forest(items)
	return &storyForest{placed: placed, article: article}, nil
}

// pageThread fills out with the page of a forest that the cursor says.
func pageThread(ctx context.Context, tx *readTx, out *rapporteur.StoryThread, placed []thread.Placed, article map[int64]int64, cur *cursor, n int) (*rapporteur.StoryThread, error) {
	// The cursor holds the position after the last node shown and that
	// node's id: when articles arrived since, the page goes on after
	// that node wherever it now is.
	from := 0
	if cur != nil {
		from = int(cur.Count)
		for i, p := range placed {
			if p.ID == cur.ID {
				from = i + 1
				break
			}
		}
	}
	from = min(from, len(placed))
	end := min(from+n, len(placed))
	page := placed[from:end]
	full, err := statementsByID(ctx, tx, page)
	if err != nil {
		return nil, err
	}
	var arts []int64
	for _, p := range page {
		arts = append(arts, article[p.ID])
	}
	outlets, err := copyOutlets(ctx, tx, arts)
	if err != nil {
		return nil, err
	}
	for _, p := range page {
		st := full[p.ID]
		if st == nil {
			continue // deleted between the two reads of this snapshot: cannot happen in one transaction
		}
		node := &rapporteur.ThreadNode{Statement: st, Parent: p.Parent, Depth: p.Depth, Outlets: []string{}}
		if p.Parent != 0 {
			node.Across = article[p.Parent] != 0 && article[p.Parent] != st.ArticleID
		}
		if st.SourceName != "" {
			node.Outlets = append(node.Outlets, st.SourceName)
		}
		for _, o := range outlets[st.ArticleID] {
			node.Copies++
			if o != "" && !contains(node.Outlets, o) {
				node.Outlets = append(node.Outlets, o)
			}
		}
		out.Nodes = append(out.Nodes, node)
	}
	if end < len(placed) {
		out.Next = cursor{Kind: "thread", Count: int64(end), ID: placed[end-1].ID}.encode()
	}
	return out, nil
}

// statementsByID reads the statements of a thread page in full.
func statementsByID(ctx context.Context, tx *readTx, page []thread.Placed) (map[int64]*rapporteur.StoredStatement, error) {
	out := map[int64]*rapporteur.StoredStatement{}
	if len(page) == 0 {
		return out, nil
	}
	args := make([]any, len(page))
	for i, p := range page {
		args[i] = p.ID
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+statementCols+` FROM statements s JOIN articles a ON a.id = s.article_id
		LEFT JOIN sources src ON src.id = s.source_id WHERE s.id IN (`+paramMarks(len(args))+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		st, err := scanStatement(rows)
		if err != nil {
			return nil, err
		}
		out[st.ID] = st
	}
	return out, rows.Err()
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// statementIDs returns the ids of the statements of the articles given,
// in text order, by article.
func statementIDs(ctx context.Context, tx *readTx, articles []int64) (map[int64][]int64, error) {
	out := map[int64][]int64{}
	if len(articles) == 0 {
		return out, nil
	}
	args := make([]any, len(articles))
	for i, a := range articles {
		args[i] = a
	}
	rows, err := tx.QueryContext(ctx, `SELECT article_id, id FROM statements WHERE article_id IN (`+paramMarks(len(args))+`) ORDER BY article_id, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var a, id int64
		if err := rows.Scan(&a, &id); err != nil {
			return nil, err
		}
		out[a] = append(out[a], id)
	}
	return out, rows.Err()
}

// copyOutlets returns, for each of the originals, the source names of
// its wire copies, oldest first ("" for a copy without a source).
func copyOutlets(ctx context.Context, tx *readTx, originals []int64) (map[int64][]string, error) {
	out := map[int64][]string{}
	if len(originals) == 0 {
		return out, nil
	}
	args := make([]any, len(originals))
	for i, a := range originals {
		args[i] = a
	}
	rows, err := tx.QueryContext(ctx, `SELECT a.duplicate_of, coalesce(src.name, '') FROM articles a INDEXED BY articles_by_duplicate
		LEFT JOIN sources src ON src.id = a.source_id
		WHERE a.duplicate_of IN (`+paramMarks(len(args))+`) ORDER BY a.date, a.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var orig int64
		var name string
		if err := rows.Scan(&orig, &name); err != nil {
			return nil, err
		}
		out[orig] = append(out[orig], name)
	}
	return out, rows.Err()
}

// BackfillThreads threads the stories linked before threading existed
// (migration 017 added thread links without computing them for the
// stories already stored): up to limit stories of at least two articles
// with an id above after and no thread link yet, each threaded from its
// statements, in one transaction. It returns the id of the last story it
// looked at (0 when there was none: the backfill is done) and how many
// of them now have links. A caller goes on from next until it is 0; a
// backfill stopped half way goes on where it stopped, since the stories
// done have links (those whose statements answer nothing are looked at
// again, and cost a read).
func (db *DB) BackfillThreads(ctx context.Context, after int64, limit int) (next int64, threaded int, err error) {
	limit = min(max(limit, 1), 1000)
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return 0, 0, errorf("backfill threads: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT id FROM stories WHERE id > ? AND merged_into IS NULL AND article_count >= 2
		AND NOT EXISTS (SELECT 1 FROM thread_links t WHERE t.story_id = stories.id) ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return 0, 0, errorf("backfill threads: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, 0, errorf("backfill threads: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, errorf("backfill threads: %w", err)
	}
	for _, id := range ids {
		if err := db.rethread(ctx, tx, id); err != nil {
			return 0, 0, errorf("backfill threads: story %d: %w", id, err)
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM thread_links WHERE story_id = ?)`, id).Scan(&n); err != nil {
			return 0, 0, errorf("backfill threads: story %d: %w", id, err)
		}
		threaded += n
		next = id
	}
	if err := tx.Commit(); err != nil {
		return 0, 0, errorf("backfill threads: commit: %w", err)
	}
	return next, threaded, nil
}
