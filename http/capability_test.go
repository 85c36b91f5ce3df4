package http

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/storylink"
)

// TestServerOverLinkingStore serves the store as `rapporteur serve` does,
// wrapped by the story linker, and checks that what the database can do
// beyond rapporteur.Store still reaches the user: the result count and
// facets of a search, the attention chart, a correction of a speaker, and
// a saved search over statements with its Atom feed. A wrapper that hid them made these
// features vanish from the running server while every test of the bare
// database passed.
func TestServerOverLinkingStore(t *testing.T) {
	env := newEnv(t, func(c *Config) {
		ls, err := storylink.Open(context.Background(), c.Store, storylink.Options{Rebuild: -1})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(ls.Stop)
		c.Store = ls
	})
	if _, ok := env.srv.cfg.Store.(*storylink.Store); !ok {
		t.Fatalf("the server's store is %T, want the linking wrapper", env.srv.cfg.Store)
	}

	status, page := env.get(t, "/search?q=said")
	if status != 200 || !strings.Contains(page, `class="count"`) || !strings.Contains(page, `id="facets"`) {
		t.Errorf("search over the linking store: status %d, result count shown %v, facets shown %v",
			status, strings.Contains(page, `class="count"`), strings.Contains(page, `id="facets"`))
	}
	if status, page := env.get(t, "/attention?q=said"); status != 200 || !strings.Contains(page, "<svg") {
		t.Errorf("attention over the linking store: status %d, chart drawn %v", status, strings.Contains(page, "<svg"))
	}

	sps, err := env.store.Speakers(context.Background(), rapporteur.SpeakerFilter{Limit: 1})
	if err != nil || len(sps.Items) == 0 {
		t.Fatalf("speakers: %v", err)
	}
	if status, out := env.do(t, "POST", "/api/v1/speakers/"+itoa(sps.Items[0].ID)+"/rename", "application/json",
		`{"name": "Renamed Speaker"}`, bearer); status != 201 {
		t.Errorf("a correction through the linking store: %d %s", status, out)
	}

	body, _ := json.Marshal(map[string]string{"name": "quotes", "query": "said", "target": "statements"})
	status, out := env.do(t, "POST", "/api/v1/saved-searches", "application/json", string(body), bearer)
	var created struct{ ID int64 }
	if status != 201 || json.Unmarshal([]byte(out), &created) != nil {
		t.Fatalf("a saved search over statements through the linking store: %d %s", status, out)
	}
	if status, atom := env.get(t, atomPath(created.ID)); status != 200 || !strings.Contains(atom, "<entry>") {
		t.Errorf("its Atom feed: status %d, has entries %v", status, strings.Contains(atom, "<entry>"))
	}
}
