package sqlite

import (
	"context"
	"database/sql"

	"github.com/rapporteur/rapporteur"
)

// Storing and linking in one transaction. Story linking needs the ids
// the store gives the articles, so it used to run after their commit and
// record its links in transactions of its own: at a million articles a
// batch paid two or three commits, and the article rows, their indexes
// and the stories' pages were written to the WAL twice. PutArticlesLinked
// hands the batch's results to the linker inside the writer's
// transaction, and records what it returns there: one commit, and the
// rows are still in the page cache when their links are set.

// linkHook is the linking of one batch of PutArticlesLinked.
type linkHook struct {
	fn func([]rapporteur.PutResult, []error) rapporteur.LinkBatch
	// results and errs are the batch's, item by item: the writer fills
	// in those of its puts before it calls fn.
	results []rapporteur.PutResult
	errs    []error
	// recorded is set once the transaction that recorded fn's links
	// committed; written by the writer before it answers the puts.
	recorded bool
}

// PutArticlesLinked stores items as PutArticles does and, in the same
// transaction, calls link with the items' results (ids known, the
// transaction not committed yet) and records the rapporteur.LinkBatch it
// returns (see storylink.TxBackend). link runs on the writer's goroutine
// and must not call the store.
//
// It returns whether the links were recorded. They are not when link was
// never called (a batch larger than one transaction holds, or nothing to
// store), or when it was called but its transaction failed: the puts are
// then stored one by one without links, and their ids may differ from
// those link was given.
func (db *DB) PutArticlesLinked(ctx context.Context, items []rapporteur.PutItem,
	link func([]rapporteur.PutResult, []error) rapporteur.LinkBatch) ([]rapporteur.PutResult, []error, bool) {
	h := &linkHook{fn: link, results: make([]rapporteur.PutResult, len(items)), errs: make([]error, len(items))}
	var reqs []*putRequest
	for i, it := range items {
		req, res, err := db.preparePut(ctx, it.Article, it.Meta)
		switch {
		case err != nil:
			h.errs[i] = err
		case req == nil:
			h.results[i] = res
		default:
			req.hook, req.item = h, i
			reqs = append(reqs, req)
		}
	}
	if len(reqs) == 0 || len(reqs) > maxGroup {
		res, errs := db.PutArticles(ctx, items)
		return res, errs, false
	}
	results := append([]rapporteur.PutResult(nil), h.results...)
	errs := append([]error(nil), h.errs...)
	if err := db.send(ctx, reqs); err != nil {
		for _, req := range reqs {
			errs[req.item] = errorf("put article %s: %w", req.key, err)
		}
		return results, errs, false
	}
	for _, req := range reqs {
		if r := <-req.done; r.err != nil {
			errs[req.item] = errorf("put article %s: %w", req.key, r.err)
		} else {
			results[req.item] = r.res
		}
	}
	// Every answer is in: the writer set recorded before sending them.
	return results, errs, h.recorded
}

// runHooks calls the link hooks of the batches in group, in the order
// they came, with their puts' answers, and records the links they return
// in tx.
func (db *DB) runHooks(ctx context.Context, tx *sql.Tx, group []*putRequest, answers []putResponse) ([]*linkHook, error) {
	var hooks []*linkHook
	for i, req := range group {
		h := req.hook
		if h == nil {
			continue
		}
		if len(hooks) == 0 || hooks[len(hooks)-1] != h {
			hooks = append(hooks, h)
		}
		h.results[req.item], h.errs[req.item] = answers[i].res, answers[i].err
	}
	for _, h := range hooks {
		b, err := h.call()
		if err != nil {
			return nil, err
		}
		if err := db.recordLinks(ctx, tx, b); err != nil {
			return nil, errorf("record links: %w", err)
		}
	}
	return hooks, nil
}

// call runs the hook; a panic of the linker fails the transaction (and
// the caller relinks), not the writer.
func (h *linkHook) call() (b rapporteur.LinkBatch, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = rapporteur.Errorf(rapporteur.EINTERNAL, "link articles: internal error: %v", p)
		}
	}()
	return h.fn(h.results, h.errs), nil
}
