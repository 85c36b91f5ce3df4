package storylink

import (
	"maps"
	"slices"

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

// inputs is a bounded cache of linker inputs by store id. It keeps the
// highest ids, the latest stored, which are those a pass relinks (evicting
// by caching order instead dropped the articles the start-up pass cached
// first, the earliest published, not the earliest stored: at a million
// articles every pass read a third of its articles back).
type inputs struct {
	max int
	by  map[int64]rapporteur.Article
}

func newInputs(max int) *inputs {
	return &inputs{max: max, by: map[int64]rapporteur.Article{}}
}

// put keeps the linker's inputs of article id (replacing earlier ones: an
// update); beyond a quarter over max, those of the lowest ids go.
func (c *inputs) put(id int64, a rapporteur.Article) {
	if c.max <= 0 {
		return
	}
	c.by[id] = light(a)
	if len(c.by) > c.max+c.max/4 {
		ids := slices.Sorted(maps.Keys(c.by))
		for _, id := range ids[:len(ids)-c.max] {
			delete(c.by, id)
		}
	}
}

// get returns the cached inputs of article id.
func (c *inputs) get(id int64) (rapporteur.Article, bool) {
	a, ok := c.by[id]
	return a, ok
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
