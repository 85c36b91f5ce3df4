package storylink

import (
	"context"
	"fmt"
	"strconv"

	"github.com/rapporteur/rapporteur"
)

// LinkStored links articles that are stored already, by their ids, as
// PutArticles links the articles it stores: a job queue stores articles
// in worker processes and hands their ids to the one process that links
// (package jobs). An article linked already (by a relinking pass, or by a
// run of the same job that crashed before it was marked done) is left as
// it is, so running it twice links once. updated marks articles whose
// text changed, which are linked again.
func (s *Writer) LinkStored(ctx context.Context, ids []int64, updated bool) error {
	results := make([]rapporteur.PutResult, 0, len(ids))
	items := make([]rapporteur.PutItem, 0, len(ids))
	status := rapporteur.PutCreated
	if updated {
		status = rapporteur.PutUpdated
	}
	want := make([]int64, 0, len(ids))
	for _, id := range ids {
		if !updated {
			// Linked already (by a batch that took this article's job
			// along, or a relinking pass): nothing to read.
			s.mu.Lock()
			_, linked := s.linker.LinkOf(strconv.FormatInt(id, 10))
			s.mu.Unlock()
			if linked {
				continue
			}
		}
		want = append(want, id)
	}
	as, err := s.read(ctx, want)
	if err != nil {
		return err
	}
	for i, a := range as {
		results = append(results, rapporteur.PutResult{ID: want[i], Status: status})
		items = append(items, rapporteur.PutItem{Article: a.Article})
	}
	if len(results) == 0 {
		return nil
	}
	s.linkAll(ctx, results, make([]error, len(results)), items)
	s.maybeRelink(ctx)
	return nil
}

// articlesReader is a Backend that reads several stored articles in one
// call (the PostgreSQL store: one transaction of four queries for a link
// job's articles, against five statements each through Article).
type articlesReader interface {
	ArticlesByID(ctx context.Context, ids []int64) ([]*rapporteur.StoredArticle, error)
}

// read returns the stored articles of ids, in order.
func (s *Writer) read(ctx context.Context, ids []int64) ([]*rapporteur.StoredArticle, error) {
	if r, ok := s.b.(articlesReader); ok && len(ids) > 0 {
		as, err := r.ArticlesByID(ctx, ids)
		if err != nil {
			return nil, fmt.Errorf("link articles %v: %w", ids, err)
		}
		return as, nil
	}
	as := make([]*rapporteur.StoredArticle, 0, len(ids))
	for _, id := range ids {
		a, err := s.b.Article(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("link article %d: %w", id, err)
		}
		as = append(as, a)
	}
	return as, nil
}
