package http

import (
	"context"
	"encoding/csv"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// TestStatementCSVNoSpeaker exports a statement whose speaker is unknown:
// its speaker_id cell is empty, not 0, so that a spreadsheet grouping by
// speaker does not make one speaker "0" of every unattributed statement.
func TestStatementCSVNoSpeaker(t *testing.T) {
	db := openStore(t)
	a := creditedArticle()
	a.Statements[0].Speaker = rapporteur.Speaker{Type: rapporteur.Unknown}
	if _, err := db.PutArticle(context.Background(), a, rapporteur.ArticleMeta{}); err != nil {
		t.Fatal(err)
	}
	srv, err := NewServer(Config{Store: db, Intake: testIntake(newPipeline(t)), RateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	rows, err := csv.NewReader(strings.NewReader(httpGet(t, ts.URL+"/api/v1/statements?format=csv&order=oldest"))).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("csv: %d rows, %v", len(rows), err)
	}
	col := slices.Index(rows[0], "speaker_id")
	byName := map[string]string{}
	for _, r := range rows[1:] {
		byName[r[slices.Index(rows[0], "speaker")]] = r[col]
	}
	if id, ok := byName[""]; !ok || id != "" {
		t.Errorf("the statement without a speaker has speaker_id %q, want an empty cell (rows %v)", id, rows[1:])
	}
	if id := byName["Rui Costa"]; id == "" || id == "0" {
		t.Errorf("Rui Costa's statement has speaker_id %q, want its id", id)
	}
}
