package storylink

import (
	"github.com/rapporteur/rapporteur"
)

// The linker's inputs of the latest articles linked. A relinking pass
// links the latest Rebuild stored articles again; reading each one back
// from the store (its row, statements and credits) was half of a pass, and
// a long backfill runs a pass every half Rebuild articles. The Writer
// keeps what the linker reads of the articles it linked itself (title,
// text, site, date, entities, credits, and the speakers of the
// statements, without their spans), at most Rebuild of them, and a pass
// reads from the store only the others: those stored before the Writer
// started, or by another process. What a pass compares the new links
// with (the stored original and story) still comes from the store's
// article list. A correction of a speaker reaches the linker when the
// article is stored again or the server restarts.

// inputs is a bounded cache of linker inputs by store id, oldest evicted
// first.
type inputs struct {
	max   int
	by    map[int64]inputEntry
	order []inputRef // in caching order; may hold stale refs
	seq   uint64
}

type inputEntry struct {
	a   rapporteur.Article
	seq uint64
}

type inputRef struct {
	id  int64
	seq uint64
}

func newInputs(max int) *inputs {
	return &inputs{max: max, by: map[int64]inputEntry{}}
}

// put keeps the linker's inputs of article id (replacing earlier ones: an
// update), evicting the oldest beyond max.
func (c *inputs) put(id int64, a rapporteur.Article) {
	if c.max <= 0 {
		return
	}
	c.seq++
	c.by[id] = inputEntry{light(a), c.seq}
	c.order = append(c.order, inputRef{id, c.seq})
	for len(c.by) > c.max || len(c.order) > 2*c.max {
		r := c.order[0]
		c.order = c.order[1:]
		if e, ok := c.by[r.id]; ok && e.seq == r.seq {
			delete(c.by, r.id)
		}
	}
}

// get returns the cached inputs of article id.
func (c *inputs) get(id int64) (rapporteur.Article, bool) {
	e, ok := c.by[id]
	return e.a, ok
}

// light is what the linker reads of an article (story.Linker Prepare and
// Commit): the statements keep their kind and speaker, not their spans.
func light(a rapporteur.Article) rapporteur.Article {
	st := make([]rapporteur.Statement, len(a.Statements))
	for i, s := range a.Statements {
		sp := s.Speaker
		sp.Mention, sp.Source = nil, nil
		st[i] = rapporteur.Statement{Kind: s.Kind, Speaker: sp}
	}
	a.Statements = st
	return a
}
