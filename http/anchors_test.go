package http

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/storetest"
)

// TestStatementAnchors: every statement of an article has its anchor on
// the article's page, also one inside another's quote (the demo's
// article 278 had 151 statements and 141 anchors, so search results
// linked to nothing), and a statement's URL, the id of its Atom entries,
// leads there.
func TestStatementAnchors(t *testing.T) {
	env := newEnv(t, nil)
	a := storetest.Article("https://anchors.example.test/1", "Nested",
		"\"We never said the dam was safe, and it is not,\" Ana Ruiz said.\n\nThe mayor disagreed.", storetest.Day,
		storetest.Quote{Content: "We never said the dam was safe, and it is not,", Cue: "said", Speaker: "Ana Ruiz"},
		storetest.Quote{Kind: rapporteur.Indirect, Content: "the dam was safe", Cue: "said", Speaker: "We"})
	res, err := env.store.PutArticle(t.Context(), a, rapporteur.ArticleMeta{})
	if err != nil {
		t.Fatal(err)
	}
	stored, err := env.store.Article(t.Context(), res.ID)
	if err != nil || len(stored.Statements) != 2 {
		t.Fatalf("article: %v, %d statements", err, len(stored.Statements))
	}
	_, body := env.get(t, fmt.Sprintf("/articles/%d", res.ID))
	for _, st := range stored.Statements {
		if n := strings.Count(body, fmt.Sprintf(`id="st-%d"`, st.ID)); n != 1 {
			t.Errorf("statement %d (%q) has %d anchors on its article's page, want 1", st.ID, st.Content.Text, n)
		}
	}
	st := stored.Statements[1]
	resp := env.doResp(t, "GET", fmt.Sprintf("/statements/%d", st.ID), "", "", nil)
	resp.Body.Close()
	if want := fmt.Sprintf("/articles/%d#st-%d", res.ID, st.ID); resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != want {
		t.Errorf("/statements/%d: %d to %q, want 302 to %s", st.ID, resp.StatusCode, resp.Header.Get("Location"), want)
	}
	if status, _ := env.get(t, "/statements/99999999"); status != 404 {
		t.Errorf("/statements/99999999: %d, want 404", status)
	}
	resp = env.doResp(t, "GET", "/openapi.json", "", "", nil)
	resp.Body.Close()
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/api/v1/openapi.json" {
		t.Errorf("/openapi.json: %d to %q, want 301 to /api/v1/openapi.json", resp.StatusCode, resp.Header.Get("Location"))
	}
}
