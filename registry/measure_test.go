package registry_test

import (
	"bufio"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/sqlite"
)

// TestMeasureDemo prints the issue 10 figures for a database holding the
// demo corpus, read through the Store API as the web API serves it:
//
//	rapporteur ingest --db /tmp/demo.db demo/wikinews-2019-2020.jsonl.gz
//	RAPPORTEUR_DEMO_DB=/tmp/demo.db go test -run MeasureDemo -v ./registry/
//
// It skips without the variable: the figures depend on the extractor too,
// so they are measured, not asserted.
func TestMeasureDemo(t *testing.T) {
	path := os.Getenv("RAPPORTEUR_DEMO_DB")
	if path == "" {
		t.Skip("RAPPORTEUR_DEMO_DB not set")
	}
	type gold struct{ real, typ string }
	golds := map[string]gold{} // surface name → real speaker
	f, err := os.Open("testdata/demo_gold.tsv")
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fs := strings.Split(line, "\t")
		golds[fs[0]] = gold{fs[2], fs[3]}
	}
	f.Close()
	ctx := context.Background()
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	speakers := map[int64]*rapporteur.StoredSpeaker{}
	var top []*rapporteur.StoredSpeaker
	for cur := ""; ; {
		p, err := db.Speakers(ctx, rapporteur.SpeakerFilter{Limit: 1000, Cursor: cur})
		if err != nil {
			t.Fatal(err)
		}
		for _, sp := range p.Items {
			speakers[sp.ID] = sp
			if len(top) < 100 {
				top = append(top, sp)
			}
		}
		if cur = p.Next; cur == "" {
			break
		}
	}
	byReal := map[string]map[int64]int{}   // real → speaker id → statements
	realsOf := map[int64]map[string]bool{} // speaker id → reals it holds
	for cur := ""; ; {
		p, err := db.Statements(ctx, rapporteur.StatementFilter{Limit: 1000, Cursor: cur})
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range p.Items {
			g, ok := golds[st.Speaker.Name]
			if !ok || g.real == "-" {
				continue
			}
			if byReal[g.real] == nil {
				byReal[g.real] = map[int64]int{}
			}
			byReal[g.real][st.SpeakerID]++
			if realsOf[st.SpeakerID] == nil {
				realsOf[st.SpeakerID] = map[string]bool{}
			}
			realsOf[st.SpeakerID][g.real] = true
		}
		if cur = p.Next; cur == "" {
			break
		}
	}
	var together, all, typed, typeRight int
	for real, ids := range byReal {
		best, bestID, n := 0, int64(0), 0
		for id, c := range ids {
			n += c
			if c > best && id != 0 {
				best, bestID = c, id
			}
		}
		together, all = together+best, all+n
		if sp := speakers[bestID]; sp != nil {
			typed++
			for _, g := range golds {
				if g.real == real {
					if g.typ == sp.Type {
						typeRight++
					}
					break
				}
			}
		}
		if best < n {
			t.Logf("split: %s: %v", real, ids)
		}
	}
	merges := 0
	for id, reals := range realsOf {
		if id != 0 && len(reals) > 1 {
			merges += len(reals) - 1
			t.Logf("false merge: speaker %d %q holds %v", id, speakers[id].Name, reals)
		}
	}
	junk := 0
	for _, sp := range top {
		if g, ok := golds[sp.Name]; ok && g.real == "-" {
			junk++
			t.Logf("junk in the top 100: %q", sp.Name)
		}
	}
	t.Logf("gold speakers %d: statements under one speaker %d/%d = %.3f; false merges %d; listed junk in the top 100 %d; type right %d/%d",
		len(byReal), together, all, float64(together)/float64(max(all, 1)), merges, junk, typeRight, typed)
	t.Logf("speakers listed %d", len(speakers))
}
