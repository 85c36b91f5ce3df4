package postgres

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/rapporteur/rapporteur"
)

// Storing and linking in one transaction, as package sqlite does (see its
// linked.go): story linking needs the ids the store gives the articles,
// so it ran after their commit and recorded its links in a transaction
// of its own — a second begin, lock and commit per batch, and one more
// per story merge. PutArticlesLinked hands the batch's results to the
// linker inside the writer's transaction and records what it returns
// there (storylink.TxBackend).

// linkHook is the linking of one batch of PutArticlesLinked.
type linkHook struct {
	fn func([]rapporteur.PutResult, []error) rapporteur.LinkBatch
	// results and errs are the batch's, item by item: the writer fills
	// in those of its puts before it calls fn.
	results []rapporteur.PutResult
	errs    []error
	// puts is the number of the batch's puts sent to the writer: the
	// hook runs only in a transaction that holds them all.
	puts int
	// called is set once fn ran: a transaction that fails after it is
	// tried again without it (fn must not be given other ids), and
	// recorded once the transaction that recorded its links committed.
	// Both are written by the writer before it answers the puts.
	called, recorded bool
}

// PutArticlesLinked stores items as PutArticles does and, in the same
// transaction, calls link with the items' results (ids known, the
// transaction not committed yet) and records the rapporteur.LinkBatch it
// returns (see storylink.TxBackend). link runs on a goroutine of the
// writer's, while the writer sends the batch's statements, and must not
// call the store.
//
// It returns whether the links were recorded. They are not when link was
// never called (a batch larger than one transaction holds, or nothing to
// store), or when it was called but its transaction failed: the puts are
// then stored without links (tried again, or one by one), and their ids
// may differ from those link was given.
func (db *DB) PutArticlesLinked(ctx context.Context, items []rapporteur.PutItem,
	link func([]rapporteur.PutResult, []error) rapporteur.LinkBatch) ([]rapporteur.PutResult, []error, bool) {
	h := &linkHook{fn: link, results: make([]rapporteur.PutResult, len(items)), errs: make([]error, len(items))}
	var reqs []*putRequest
	var at []int
	for i, p := range db.prepareAll(ctx, items) {
		switch {
		case p.err != nil:
			h.errs[i] = p.err
		case p.req == nil:
			h.results[i] = p.res
		default:
			p.req.hook, p.req.item = h, i
			reqs = append(reqs, p.req)
			at = append(at, i)
		}
	}
	if len(reqs) == 0 || len(reqs) > maxGroup {
		res, errs := db.PutArticles(ctx, items)
		return res, errs, false
	}
	h.puts = len(reqs)
	results := append([]rapporteur.PutResult(nil), h.results...)
	errs := append([]error(nil), h.errs...)
	if err := db.send(ctx, reqs); err != nil {
		for k, req := range reqs {
			errs[at[k]] = errorf("put article %s: %w", req.key, err)
		}
		return results, errs, false
	}
	for k, req := range reqs {
		if r := <-req.done; r.err != nil {
			errs[at[k]] = errorf("put article %s: %w", req.key, r.err)
		} else {
			results[at[k]] = r.res
		}
	}
	// Every answer is in: the writer set recorded before sending them.
	return results, errs, h.recorded
}

// hookCalls are the link hooks of a group being called (callHooks).
type hookCalls struct {
	done    chan struct{}
	called  []*linkHook
	batches []rapporteur.LinkBatch
	err     error
}

// callHooks calls, on a goroutine of its own, the link hooks of the
// batches whose puts are all in group, once each, in the order they
// came, with their puts' answers: the writer meanwhile sends the group's
// statements. wait returns the hooks called and the links they returned,
// which recordHooks records in w's transaction.
func (w *writer) callHooks(group []*putRequest, answers []putResponse) *hookCalls {
	c := &hookCalls{done: make(chan struct{})}
	var hooks []*linkHook
	in := map[*linkHook]int{}
	for i, req := range group {
		h := req.hook
		if h == nil || h.called {
			continue
		}
		if in[h] == 0 {
			hooks = append(hooks, h)
		}
		in[h]++
		h.results[req.item], h.errs[req.item] = answers[i].res, answers[i].err
	}
	var ready []*linkHook
	for _, h := range hooks {
		if in[h] == h.puts { // else stored one by one (putGroup): linked afterwards
			ready = append(ready, h)
		}
	}
	if len(ready) == 0 {
		close(c.done)
		return c
	}
	go func() {
		defer close(c.done)
		for _, h := range ready {
			b, err := h.call()
			c.called = append(c.called, h)
			if err != nil {
				c.err = err
				return
			}
			c.batches = append(c.batches, b)
		}
	}()
	return c
}

// wait waits for the hooks' calls.
func (c *hookCalls) wait() ([]*linkHook, []rapporteur.LinkBatch, error) {
	<-c.done
	return c.called, c.batches, c.err
}

// recordHooks records the links the hooks returned, in order, in w's
// transaction.
func (w *writer) recordHooks(batches []rapporteur.LinkBatch) error {
	for _, b := range batches {
		if b.Empty() {
			continue
		}
		if w.locks != nil {
			// No put of the group took the writer lock shared (each was
			// cancelled): links take it as LinkArticles does.
			if _, err := w.tx.tx.Exec(w.ctx, qSharedWrite, ":write"); err != nil {
				return errorf("writer lock: %w", err)
			}
			w.locks = nil
		}
		pre := w.prelinked(b.Links)
		if err := w.insertPending(); err != nil { // before the links that name them
			return err
		}
		if err := w.db.recordLinks(w.ctx, w.tx, b, pre); err != nil {
			return errorf("record links: %w", err)
		}
	}
	return nil
}

// call runs the hook once; a panic of the linker fails the transaction
// (and the caller relinks), not the writer.
func (h *linkHook) call() (b rapporteur.LinkBatch, err error) {
	h.called = true
	defer func() {
		if p := recover(); p != nil {
			err = rapporteur.Errorf(rapporteur.EINTERNAL, "link articles: internal error: %v", p)
		}
	}()
	return h.fn(h.results, h.errs), nil
}

// A new article is written, then linked: its link set by an UPDATE of the
// row it was stored in. The link changes indexed columns (story_id,
// duplicate_of), so the UPDATE is never HOT and writes a new entry in
// every index of articles, its text vector's GIN index too: about as
// much server work again as the article's INSERT (measured on 3,000
// tosca articles: an UPDATE of story_id 0.52 ms a row with the GIN
// indexes, 0.09 without). When a group of puts is one linked batch
// (linksWhole), its new articles' rows wait (writer.pending) and go in
// with their links, in linkIn; those the linker gives no link, or more
// than one, go in before the links as they would have.

// pendingInsert is a new article's row waiting for its link: the values
// of qArticleIns.
type pendingInsert struct {
	args      []any
	published any // the publication date, nil for none
}

// qArticleInsLinked is qArticleIns with the article's link (qLinkArticle's
// columns; its story by key, upserted before it).
var qArticleInsLinked = strings.Replace(strings.TrimSuffix(strings.TrimSpace(qArticleIns), ")"),
	"entities, tsv)", "entities, tsv, duplicate_of, similarity, story_id)", 1) +
	`, ?, ?, CASE WHEN ?24 = '' THEN NULL ELSE (SELECT id FROM stories WHERE key = ?24) END)`

// linksWhole reports whether a group is one whole linked batch of puts
// (PutArticlesLinked) of distinct keys, whose new articles may wait for
// their links: a later put of the same key reads the row of the first.
func linksWhole(group []*putRequest) bool {
	h := group[0].hook
	if h == nil || h.called || h.puts != len(group) {
		return false
	}
	keys := make(map[string]bool, len(group))
	for _, req := range group {
		if req.hook != h || keys[req.key] {
			return false
		}
		keys[req.key] = true
	}
	return true
}

// prelinked takes out of w.pending the articles that links link exactly
// once: linkIn inserts them with their link.
func (w *writer) prelinked(links []rapporteur.LinkItem) map[int64]*pendingInsert {
	if len(w.pending) == 0 {
		return nil
	}
	n := map[int64]int{}
	for _, l := range links {
		n[l.ID]++
	}
	pre := map[int64]*pendingInsert{}
	for id, p := range w.pending {
		if n[id] == 1 {
			pre[id] = p
			delete(w.pending, id)
		}
	}
	return pre
}

// insertPending inserts the articles still waiting, without links, in id
// order.
func (w *writer) insertPending() error {
	if len(w.pending) == 0 {
		return nil
	}
	b := &pgx.Batch{}
	for _, id := range sortedKeys(w.pending) {
		b.Queue(number(qArticleIns), w.pending[id].args...)
	}
	clear(w.pending)
	if err := w.tx.tx.SendBatch(w.ctx, b).Close(); err != nil {
		return errorf("insert articles: %w", err)
	}
	return nil
}

// recordLinks records a batch's links, story merges, storylines and
// storyline merges in t, in that order (see rapporteur.LinkBatch).
func (db *DB) recordLinks(ctx context.Context, t *tx, b rapporteur.LinkBatch, pre map[int64]*pendingInsert) error {
	if err := db.linkIn(ctx, t, b.Links, pre); err != nil {
		return err
	}
	for _, m := range b.Merges {
		if err := db.mergeStories(ctx, t, m[0], m[1]); err != nil {
			return err
		}
	}
	if err := linkStorylines(ctx, t, b.Lines); err != nil {
		return err
	}
	for _, m := range b.LineMerges {
		if err := mergeStorylines(ctx, t, m[0], m[1]); err != nil {
			return err
		}
	}
	return nil
}
