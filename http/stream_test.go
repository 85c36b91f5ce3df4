package http

import (
	"bufio"
	"context"
	"encoding/csv"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
)

// gatedStore holds every Articles call after the first until the gate
// opens.
type gatedStore struct {
	rapporteur.Store
	calls atomic.Int32
	gate  chan struct{}
}

func (g *gatedStore) Articles(ctx context.Context, f rapporteur.ArticleFilter) (rapporteur.Page[*rapporteur.StoredArticle], error) {
	if g.calls.Add(1) > 1 {
		select {
		case <-g.gate:
		case <-ctx.Done():
			return rapporteur.Page[*rapporteur.StoredArticle]{}, ctx.Err()
		}
	}
	return g.Store.Articles(ctx, f)
}

// TestExportStreams: the first rows of an export reach the client before
// the server reads the next page from the store, so an export never has
// to fit in memory.
func TestExportStreams(t *testing.T) {
	gs := &gatedStore{gate: make(chan struct{})}
	env := newEnv(t, func(c *Config) { gs.Store = c.Store; c.Store = gs })
	env.srv.exportPage = 2 // several store pages for the small corpus
	for _, format := range []string{"csv", "jsonl"} {
		gs.calls.Store(0)
		gs.gate = make(chan struct{})
		// The request runs aside: without streaming, not even the headers
		// would arrive while the store holds the second page.
		lines := make(chan string)
		go func() {
			defer close(lines)
			resp, err := http.Get(env.ts.URL + "/api/v1/articles?format=" + format)
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			sc := bufio.NewScanner(resp.Body)
			sc.Buffer(nil, 1<<20)
			for sc.Scan() {
				lines <- sc.Text()
			}
		}()
		var got []string
		select {
		case l := <-lines:
			got = append(got, l)
			if l == "" {
				t.Errorf("%s: empty first line", format)
			}
		case <-time.After(10 * time.Second):
			close(gs.gate)
			for range lines {
			}
			t.Fatalf("%s: no row reached the client before the next page was read", format)
		}
		close(gs.gate)
		for l := range lines {
			got = append(got, l)
		}
		// Records, not lines: the text column holds newlines.
		recs, err := csv.NewReader(strings.NewReader(strings.Join(got, "\n"))).ReadAll()
		if want := len(env.arts) + 1; format == "csv" && (err != nil || len(recs) != want) {
			t.Errorf("csv export has %d records (%v), want %d", len(recs), err, want)
		}
	}
}
