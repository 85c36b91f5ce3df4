package storylink

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/story"
)

// Relinking. Online linking is greedy: a story is what the articles that
// came first made of it, so a server fed a shuffled archive one article
// at a time groups it a little differently from one fed it in
// publication order. Relink links the latest stored articles again as
// one batch, in publication order, with a new linker, and rewrites the
// links that changed: whatever order they arrived in, the stored copies,
// stories and storylines are then those of the batch. The start-up
// rebuild is the same pass, so a restart gives the batch result too.
//
// The new linker names stories after their first article; each new story
// takes the stored key of the story it shares most articles with (largest
// overlap first, each stored key claimed once), so that stories keep
// their addresses when relinking leaves them as they were.

// Relink links the latest n stored articles (by storing order) again in
// publication order and records every link that changed; it returns how
// many articles changed. Puts wait while it runs.
func (s *Writer) Relink(ctx context.Context, n int) (int, error) {
	start := time.Now()
	// Linking waits from the start: an article stored meanwhile is
	// either read here or linked after the pass, by the new linker.
	s.mu.Lock()
	defer s.mu.Unlock()
	rows, err := s.latest(ctx, n)
	if err != nil {
		return 0, err
	}
	arts := make([]*rapporteur.StoredArticle, 0, len(rows))
	for _, row := range rows {
		// The linker's inputs as it linked them (see inputs.go), the
		// links as stored.
		if in, ok := s.inputs.get(row.ID); ok {
			a := *row
			a.Article = in
			arts = append(arts, &a)
			continue
		}
		a, err := s.b.Article(ctx, row.ID)
		if rapporteur.ErrorCode(err) == rapporteur.ENOTFOUND {
			continue
		} else if err != nil {
			return 0, fmt.Errorf("story relink: %w", err)
		}
		s.inputs.put(a.ID, a.Article)
		arts = append(arts, a)
	}
	keys, err := s.keysOf(ctx, arts)
	if err != nil {
		return 0, err
	}

	fresh, err := story.New(s.cfg)
	if err != nil {
		return 0, fmt.Errorf("story linker: %w", err)
	}
	s.linker = fresh
	links := make([]story.Link, len(arts))
	for i, a := range arts {
		links[i] = fresh.Add(linkable(a.ID, a.Article))
		if a.Published != nil && a.Published.After(s.newest) {
			s.newest = *a.Published
		}
	}
	s.late, s.linked = 0, 0
	// The merges made on the way are in the final links already.
	s.merges, s.lineMerges = s.merges[:0], s.lineMerges[:0]

	// Each new story takes the stored key it overlaps most.
	type pair struct {
		story, key string
		n          int
	}
	count := map[[2]string]int{}
	for i, a := range arts {
		if k := keys[a.StoryID]; k != "" {
			count[[2]string{fresh.Resolve(links[i].Story), k}]++
		}
	}
	var pairs []pair
	for p, n := range count {
		pairs = append(pairs, pair{p[0], p[1], n})
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		if c := cmp.Compare(b.n, a.n); c != 0 {
			return c
		}
		if c := cmp.Compare(a.story, b.story); c != 0 {
			return c
		}
		return cmp.Compare(a.key, b.key)
	})
	s.alias = map[string]string{}
	claimed := map[string]bool{}
	for _, p := range pairs {
		if _, ok := s.alias[p.story]; !ok && !claimed[p.key] {
			s.alias[p.story], claimed[p.key] = p.key, true
		}
	}
	// A new story that claimed no key keeps its own name, unless another
	// new story took that name as its stored key.
	for i := range arts {
		st := fresh.Resolve(links[i].Story)
		if _, ok := s.alias[st]; !ok && claimed[st] {
			s.alias[st] = "relinked:" + st
		}
	}
	s.original = map[int64]int64{}
	relinked := make(map[int64]bool, len(arts))
	for _, a := range arts {
		relinked[a.ID] = true
	}
	for _, a := range arts {
		// A copy whose stored original is older than the articles
		// relinked keeps it (see linkItem).
		if a.DuplicateOf != 0 && !relinked[a.DuplicateOf] {
			s.original[a.ID] = a.DuplicateOf
		}
	}
	var changed []rapporteur.LinkItem
	for _, a := range arts {
		k, ok := fresh.LinkOf(strconv.FormatInt(a.ID, 10))
		if !ok {
			continue
		}
		item := s.linkItem(a.ID, k)
		if orig, ok := s.original[a.ID]; ok && k.DuplicateOf == "" {
			// The first of its group among the articles relinked,
			// still a copy of the older original the store has.
			item.Link.DuplicateOf, item.Link.Similarity = orig, a.Similarity
		}
		if item.Link.DuplicateOf != a.DuplicateOf || item.Link.StoryKey != keys[a.StoryID] {
			changed = append(changed, item)
		}
	}
	b := rapporteur.LinkBatch{Links: changed}
	s.drain(&b)
	s.record(ctx, b)
	if len(arts) > 0 {
		s.log.Info("stories relinked", "articles", len(arts), "changed", len(changed),
			"took", time.Since(start).Round(time.Millisecond))
	}
	return len(changed), nil
}

// latest returns the latest n stored articles (by storing order) as the
// store lists them (without text), in publication order.
func (s *Writer) latest(ctx context.Context, n int) ([]*rapporteur.StoredArticle, error) {
	var rows []*rapporteur.StoredArticle
	f := rapporteur.ArticleFilter{Order: rapporteur.OrderIngested, Duplicates: true, Limit: min(n, 1000)}
	for len(rows) < n {
		page, err := s.b.Articles(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("story linker rebuild: %w", err)
		}
		rows = append(rows, page.Items...)
		if page.Next == "" {
			break
		}
		f.Cursor = page.Next
	}
	rows = rows[:min(len(rows), n)]
	// Replayed in publication order, as a batch is linked (see
	// story.Chronological), whatever order they were stored in: articles
	// of one time by address, which does not depend on the order they
	// came in as store ids do, then by id.
	key := func(a *rapporteur.StoredArticle) rapporteur.Article {
		return rapporteur.Article{ID: a.URL + "\x00" + fmt.Sprintf("%020d", a.ID), Published: a.Published}
	}
	slices.SortFunc(rows, func(a, b *rapporteur.StoredArticle) int { return story.Chronological(key(a), key(b)) })
	return rows, nil
}

// keysOf returns the stored key of the story of each article, by story
// id: from the stories list, newest first, until every story is found.
func (s *Writer) keysOf(ctx context.Context, arts []*rapporteur.StoredArticle) (map[int64]string, error) {
	want := map[int64]bool{}
	for _, a := range arts {
		if a.StoryID != 0 {
			want[a.StoryID] = true
		}
	}
	keys := map[int64]string{}
	f := rapporteur.StoryFilter{Limit: 1000}
	for len(keys) < len(want) {
		page, err := s.b.Stories(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("story relink: %w", err)
		}
		for _, st := range page.Items {
			if want[st.ID] {
				keys[st.ID] = st.Key
			}
		}
		if page.Next == "" {
			break
		}
		f.Cursor = page.Next
	}
	return keys, nil
}
