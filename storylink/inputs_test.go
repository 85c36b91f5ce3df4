package storylink

import (
	"math/rand/v2"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// TestInputsKeepLatest: whatever order articles are cached in (a pass
// caches them in publication order), the cache holds the latest stored,
// the highest ids, which the next pass relinks.
func TestInputsKeepLatest(t *testing.T) {
	const max, n = 100, 1000
	c := newInputs(max)
	ids := rand.New(rand.NewPCG(1, 2)).Perm(n)
	for _, id := range ids {
		c.put(int64(id), rapporteur.Article{Title: "t"})
	}
	if len(c.by) > max+max/4 {
		t.Errorf("%d cached, want at most %d", len(c.by), max+max/4)
	}
	for id := n - max; id < n; id++ {
		if _, ok := c.get(int64(id)); !ok {
			t.Errorf("article %d, among the latest %d, not cached", id, max)
		}
	}
}
