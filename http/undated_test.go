package http

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/storetest"
)

// TestUndatedArticleShowsNoDate: an article stored without a publication
// date is shown as "date unknown" on its page and in lists, never with
// the time it was stored (issue 13).
func TestUndatedArticleShowsNoDate(t *testing.T) {
	a := storetest.Article("https://news.example.test/undated", "Undated report", "The mayor said the bridge would reopen.", time.Time{},
		storetest.Quote{Kind: rapporteur.Indirect, Content: "the bridge would reopen", Cue: "said", Speaker: "The mayor"})
	_, ts := exportEnv(t, a)
	for _, path := range []string{"/articles/1", "/search?q=bridge"} {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		_, _ = io.Copy(&b, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(b.String(), "date unknown") {
			t.Errorf("%s: %d, does not say the date is unknown", path, resp.StatusCode)
		}
	}
}
