package http

import (
	"net/url"
	"os"
	"testing"

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
}
