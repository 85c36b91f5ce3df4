package demo

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// TestCorpus checks that the corpus holds the articles it says it holds,
// each with the fields ingest reads, and that ATTRIBUTION.md names every
// article's URL, as the licence asks.
func TestCorpus(t *testing.T) {
	r, err := Open()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	attribution, err := os.ReadFile("ATTRIBUTION.md")
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		var rec struct{ ID, URL, Title, Date, Text string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
		if rec.URL == "" || rec.Title == "" || rec.Date == "" || rec.Text == "" {
			t.Errorf("line %d lacks a field: %+v", n+1, rec.ID)
		}
		if !strings.Contains(string(attribution), rec.URL+" — Wikinews, CC BY 2.5") {
			t.Errorf("ATTRIBUTION.md does not credit %s", rec.URL)
		}
		n++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n != Articles {
		t.Errorf("%d articles, want %d", n, Articles)
	}
}
