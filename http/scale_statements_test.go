package http

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur/sqlite"
)

// TestScaleStatementsTab measures the Statements tab of the search page,
// which runs the statement search, its count and its facets (issue 15),
// on the scale database RAPPORTEUR_SCALE_DB, with the queries of
// TestScaleWorkbench and a speaker's page of statements, one request at a
// time and from 4 clients. It skips without the database.
func TestScaleStatementsTab(t *testing.T) {
	path := os.Getenv("RAPPORTEUR_SCALE_DB")
	if path == "" {
		t.Skip("set RAPPORTEUR_SCALE_DB to a database built by rapporteur scale")
	}
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	srv, err := NewServer(Config{Store: db, Intake: testIntake(newPipeline(t)), Feeds: anyFeed{}, RateLimit: -1, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	ts := newLoopback(t, srv)
	searches := []string{"", "minister", "said AND election", `"prime minister"`, "speaker:bush", "oil OR gas", "bank*",
		"kind:direct president", "date:2006-01-01..2006-12-31 war", "election NOT iraq", "credit:reuters",
		"(tax OR budget) AND parliament", "source:outlet7.example", "lang:en strike", "said"}
	var paths []string
	for _, q := range searches {
		paths = append(paths, "/search?tab=statements&q="+url.QueryEscape(q))
	}
	// A speaker's statements (the speaker filter's index): the most
	// quoted speaker of the scale database, id 11 (79,662 statements),
	// and the first speaker stored.
	paths = append(paths, "/search?tab=statements&speaker=11", "/search?tab=statements&speaker=1")
	measure(t, ts, "statements tab (count and facets)", paths, 4)
	// Each page alone, the median of 3, to tell which queries make the
	// tail; and the same page without its count and facets (a next page,
	// which shows neither), the statement list alone.
	for _, p := range paths {
		for _, page := range []string{p, p + "&cursor=" + firstCursor(t, ts, p)} {
			if strings.HasSuffix(page, "&cursor=") {
				continue
			}
			var ds []time.Duration
			for range 3 {
				start := time.Now()
				resp, err := http.Get(ts + page)
				if err != nil {
					t.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				ds = append(ds, time.Since(start))
			}
			slices.Sort(ds)
			t.Logf("%-70s %7.1f ms", page, float64(ds[1].Microseconds())/1000)
		}
	}
}

// firstCursor returns the cursor of the second page of the statements at
// path, "" for none.
func firstCursor(t *testing.T, base, path string) string {
	t.Helper()
	resp, err := http.Get(base + strings.Replace(path, "/search?", "/api/v1/statements?", 1))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var p struct{ Next *string }
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil || p.Next == nil {
		return ""
	}
	return url.QueryEscape(*p.Next)
}
