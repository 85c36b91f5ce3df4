package postgres

import (
	"context"
	"encoding/json"
	"errors"

	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/thread"
)

// Threads (issue 11): the replies across the articles of a story, kept in
// thread_links (migration 017) as articles are linked, and the story's
// Thread view read from them.

// The queries of threading, prepared with the write statements.
const (
	// qThreadNodes reads the statements a story's threading links: those
	// with an act, of the story's originals. story_articles has what it
	// needs of the articles (migration 018): no partition of articles is
	// planned or locked. Each article's statements are read by its id
	// (a LATERAL subquery that OFFSET 0 keeps from being flattened): with
	// the tables' statistics not yet gathered (a new store), a plain join
	// was planned as a scan of every statement, 3.2 ms a story.
	qThreadNodes = `SELECT s.id, s.article_id, sa.date, sa.content_hash, s.act, s.target::json ->> 'name', s.responds_to IS NOT NULL,
		s.speaker_name, coalesce(s.speaker_id, 0), coalesce(sp.name, ''), s.speaker_type, s.affiliation, s.role, s.content
		FROM story_articles sa
		CROSS JOIN LATERAL (SELECT * FROM statements s WHERE s.article_id = sa.id AND s.act NOT IN ('', 'assert') OFFSET 0) s
		LEFT JOIN speakers sp ON sp.id = s.speaker_id
		WHERE sa.story_id = ? AND sa.original`
	qThreadLinks = `SELECT statement_id, parent_id, score FROM thread_links WHERE story_id = ?`
	qThreadPut   = `INSERT INTO thread_links (statement_id, parent_id, story_id, score) VALUES (?, ?, ?, ?)
		ON CONFLICT (statement_id) DO UPDATE SET parent_id = excluded.parent_id, story_id = excluded.story_id, score = excluded.score`
	qThreadDropAll = `DELETE FROM thread_links WHERE story_id = ?`
)

// A story's articles are read with the dates they span (stories.date_lo
// and date_hi, migration 016, kept by a trigger), so that only their
// months are read: by story_id alone every month's story index was
// planned and probed (203 at 1 M articles: 200-340 ms to plan at load 20,
// 0.8-3.8 ms to probe them once planned). The span is read first and
// given as values (storySpan), so that only the story's months
// are planned: read inside the query (a subquery), the months are pruned
// only as it runs, after every month's partition and indexes were locked
// and opened, which cost threading 0.7 ms a story at 203 months in the
// linker's batches (BENCHMARKS.md, issue 14, fifth session).
//
// Which articles are the story's comes from story_articles (migration
// 018), not from an index of articles on story_id, which made the
// linker's UPDATE of an article's story_id write every index of the row
// again; the span bounds both, so that only the story's months are
// planned.
const storyArticles = `a.date >= ? AND a.date <= ? AND (a.date, a.id) IN
	(SELECT sa.date, sa.id FROM story_articles sa WHERE sa.story_id = ? AND sa.date >= ? AND sa.date <= ?)`

// spanArgs returns the arguments of storyArticles for story id whose
// articles' dates are lo to hi.
func spanArgs(id, lo, hi int64) []any { return []any{lo, hi, id, lo, hi} }

// storySpan returns the arguments of storyArticles for a story: its id
// and the dates of its articles; a story without articles gets an empty
// span.
func storySpan(ctx context.Context, t *tx, id int64) ([]any, error) {
	var lo, hi *int64
	err := t.queryRow(ctx, `SELECT date_lo, date_hi FROM stories WHERE id = ?`, id).Scan(&lo, &hi)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return nil, err
	}
	if lo == nil || hi == nil {
		return spanArgs(id, 0, -1), nil
	}
	return spanArgs(id, *lo, *hi), nil
}

// threadLimit bounds the statements one story's threading reads, so that
// a story of many thousands of statements links in bounded time: past it,
// the newest statements are not linked across articles.
const threadLimit = 20000

// threadNodes reads the nodes of a story for threading.
func (db *DB) threadNodes(ctx context.Context, tx *tx, story int64) ([]*thread.Node, error) {
	rows, err := tx.query(ctx, qThreadNodes, story)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return scanNodes(rows)
}

// scanNodes reads the rows of qThreadNodes, threadLimit at most.
func scanNodes(rows pgx.Rows) ([]*thread.Node, error) {
	var out []*thread.Node
	for rows.Next() && len(out) < threadLimit {
		var n thread.Node
		var date, hash int64
		var target *string
		if err := rows.Scan(&n.ID, &n.Article, &date, &hash, &n.Act, &target, &n.Answered,
			&n.Speaker, &n.SpeakerID, &n.Canonical, &n.SpeakerType, &n.Affiliation, &n.Role, &n.Content); err != nil {
			return nil, err
		}
		n.Time = time.Unix(date, 0)
		n.Key = fmt.Sprintf("%016x", uint64(hash))
		n.Index = int(n.ID) // statement ids grow in text order within an article
		if target != nil {
			n.Target = *target
		}
		out = append(out, &n)
	}
	return out, rows.Err()
}

// scanThreadLinks reads the rows of qThreadLinks, by the statement linked.
func scanThreadLinks(rows pgx.Rows) (map[int64]thread.Link, error) {
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

// putThreadLinks writes a story's thread links in one round trip (one
// each was about a round trip per article linked).
func (db *DB) putThreadLinks(ctx context.Context, tx *tx, story int64, links []thread.Link) error {
	if tx.tx == nil || len(links) < 2 {
		for _, l := range links {
			if _, err := tx.exec(ctx, qThreadPut, l.From, l.To, story, l.Score); err != nil {
				return err
			}
		}
		return nil
	}
	b := &pgx.Batch{}
	for _, l := range links {
		b.Queue(number(qThreadPut), l.From, l.To, story, l.Score)
	}
	return tx.tx.SendBatch(ctx, b).Close()
}

// rethread links a story's statements again from scratch.
func (db *DB) rethread(ctx context.Context, tx *tx, story int64) error {
	if _, err := tx.exec(ctx, qThreadDropAll, story); err != nil {
		return err
	}
	nodes, err := db.threadNodes(ctx, tx, story)
	if err != nil {
		return err
	}
	return db.putThreadLinks(ctx, tx, story, thread.Links(nodes))
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
	defer tx.rollback()
	var into *int64
	if err := tx.queryRow(ctx, `SELECT merged_into FROM stories WHERE id = ?`, id).Scan(&into); errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound("story", id)
	} else if err != nil {
		return nil, errorf("story %d thread: %w", id, err)
	}
	if into != nil {
		id = *into
	}
	t, err := readThread(ctx, tx, id, cur, n)
	if err != nil {
		return nil, errorf("story %d thread: %w", id, err)
	}
	return t, nil
}

func readThread(ctx context.Context, tx *tx, id int64, cur *cursor, n int) (*rapporteur.StoryThread, error) {
	// The forest is built from the light columns of every statement with
	// an act of the story's originals (a reply within an article to an
	// assertion shows as a statement of its own); only the page's
	// statements are read in full, as package sqlite reads them.
	rows, err := tx.query(ctx, `SELECT s.id, s.article_id, sa.date, sa.content_hash, s.act, s.responds_to
		FROM story_articles sa
		CROSS JOIN LATERAL (SELECT * FROM statements s WHERE s.article_id = sa.id AND s.act NOT IN ('', 'assert') OFFSET 0) s
		WHERE sa.story_id = ? AND sa.original
		ORDER BY sa.date, sa.id, s.id LIMIT ?`, id, threadReadLimit)
	if err != nil {
		return nil, err
	}
	var items []thread.Item
	local := map[int64][]rapporteur.Reply{} // within-article replies by statement
	article := map[int64]int64{}
	for rows.Next() {
		var node thread.Node
		var date, hash int64
		var replies *string
		if err := rows.Scan(&node.ID, &node.Article, &date, &hash, &node.Act, &replies); err != nil {
			rows.Close()
			return nil, err
		}
		node.Time, node.Key, node.Index = time.Unix(date, 0), fmt.Sprintf("%016x", uint64(hash)), int(node.ID)
		if replies != nil {
			var rs []rapporteur.Reply
			if err := json.Unmarshal([]byte(*replies), &rs); err == nil && len(rs) > 0 {
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
	lr, err := tx.query(ctx, `SELECT statement_id, parent_id FROM thread_links WHERE story_id = ?`, id)
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
	out := &rapporteur.StoryThread{StoryID: id, Nodes: []*rapporteur.ThreadNode{}, Total: len(placed)}
	if out.Story, err = scanStory(tx.queryRow(ctx, qStory, id)); err != nil {
		return nil, err
	}
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
func statementsByID(ctx context.Context, tx *tx, page []thread.Placed) (map[int64]*rapporteur.StoredStatement, error) {
	out := map[int64]*rapporteur.StoredStatement{}
	if len(page) == 0 {
		return out, nil
	}
	ids := make([]int64, len(page))
	for i, p := range page {
		ids[i] = p.ID
	}
	err := eachRow(ctx, tx, `SELECT `+statementCols+` FROM statements s JOIN articles a ON a.id = s.article_id AND a.date = s.date
		LEFT JOIN sources src ON src.id = s.source_id WHERE s.id = ANY(?)`, []any{ids}, func(r scanner) error {
		st, err := scanStatement(r)
		if err != nil {
			return err
		}
		out[st.ID] = st
		return nil
	})
	return out, err
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
func statementIDs(ctx context.Context, tx *tx, articles []int64) (map[int64][]int64, error) {
	out := map[int64][]int64{}
	if len(articles) == 0 {
		return out, nil
	}
	// Each statement is looked for in its article's month (a.date = s.date).
	rows, err := tx.query(ctx, `SELECT s.article_id, s.id FROM articles a JOIN statements s ON s.article_id = a.id AND s.date = a.date
		WHERE a.id = ANY(?) ORDER BY s.article_id, s.id`, articles)
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

// copyOutlets returns, for each of the originals given, the source names
// of its wire copies, oldest first ("" for a copy without a source).
func copyOutlets(ctx context.Context, tx *tx, originals []int64) (map[int64][]string, error) {
	out := map[int64][]string{}
	if len(originals) == 0 {
		return out, nil
	}
	err := eachRow(ctx, tx, `SELECT a.duplicate_of, coalesce(src.name, '') FROM articles a
		LEFT JOIN sources src ON src.id = a.source_id
		WHERE a.duplicate_of = ANY(?) ORDER BY a.date, a.id`, []any{originals}, func(r scanner) error {
		var orig int64
		var name string
		if err := r.Scan(&orig, &name); err != nil {
			return err
		}
		out[orig] = append(out[orig], name)
		return nil
	})
	return out, err
}

// BackfillThreads threads the stories linked before threading existed,
// as package sqlite does (see sqlite.DB.BackfillThreads): up to limit
// stories of at least two articles with an id above after and no thread
// link yet, in one transaction holding the writer lock alone (the
// linkers, which thread as they link, hold it shared).
func (db *DB) BackfillThreads(ctx context.Context, after int64, limit int) (next int64, threaded int, err error) {
	limit = min(max(limit, 1), 1000)
	t, err := db.beginWrite(ctx)
	if err != nil {
		return 0, 0, errorf("backfill threads: %w", err)
	}
	defer t.rollback()
	rows, err := t.query(ctx, `SELECT id FROM stories WHERE id > ? AND merged_into IS NULL AND article_count >= 2
		AND NOT EXISTS (SELECT 1 FROM thread_links tl WHERE tl.story_id = stories.id) ORDER BY id LIMIT ?`, after, limit)
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
		if err := db.rethread(ctx, t, id); err != nil {
			return 0, 0, errorf("backfill threads: story %d: %w", id, err)
		}
		var linked bool
		if err := t.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM thread_links WHERE story_id = ?)`, id).Scan(&linked); err != nil {
			return 0, 0, errorf("backfill threads: story %d: %w", id, err)
		}
		if linked {
			threaded++
		}
		next = id
	}
	if err := t.commit(ctx); err != nil {
		return 0, 0, errorf("backfill threads: commit: %w", err)
	}
	return next, threaded, nil
}
