package extract

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// TestWCXBDump writes, for error analysis, every candidate of every WCXB
// dev page with its signals, as JSON Lines, to the file named by
// RAPPORTEUR_WCXB_DUMP. It runs only when that variable is set.
func TestWCXBDump(t *testing.T) {
	out := os.Getenv("RAPPORTEUR_WCXB_DUMP")
	if out == "" {
		t.Skip("RAPPORTEUR_WCXB_DUMP not set: no candidate dump")
	}
	dir := "../../shared/data/wcxb-dev"
	if d := os.Getenv("RAPPORTEUR_DUMP_DIR"); d != "" {
		// a directory of the same shape: gold.jsonl (id, url) and html/
		dir = d
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no WCXB dev data at %s", dir)
	}
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "gold.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type gold struct {
		ID, URL string
	}
	var pages []gold
	dec := json.NewDecoder(f)
	for dec.More() {
		var g gold
		if err := dec.Decode(&g); err != nil {
			t.Fatal(err)
		}
		pages = append(pages, g)
	}
	w, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	var mu sync.Mutex
	var wg sync.WaitGroup
	jobs := make(chan gold)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for g := range jobs {
				gz, err := os.Open(filepath.Join(dir, "html", g.ID+".html.gz"))
				if err != nil {
					t.Error(err)
					continue
				}
				zr, _ := gzip.NewReader(gz)
				b, _ := io.ReadAll(zr)
				gz.Close()
				doc, u, err := parseDoc(b, g.URL)
				if err != nil {
					continue
				}
				p, cands, pi := readCandidates(doc, u)
				pt := p.pageType
				type cj struct {
					Name                              string
					Body                              string
					Runes, LinkRunes, Paras, ProseRun int
				}
				rec := map[string]any{"id": g.ID, "title": p.title, "desc": p.description,
					"text_runes": pi.textRunes, "link_runes": pi.linkRunes, "links": pi.links,
					"p_runes": pi.pRunes, "forms": pi.forms, "types": pi.types, "og": pi.ogType,
					"comments": pi.comments, "told": pt, "chosen": choose(pt, cands, pi).name}
				var cs []cj
				for _, c := range cands {
					cs = append(cs, cj{c.name, x.clean(c.body, 0).body, c.runes, c.linkRunes, c.paras, c.proseRunes})
				}
				rec["cands"] = cs
				line, _ := json.Marshal(rec)
				mu.Lock()
				bw.Write(append(line, '\n'))
				mu.Unlock()
			}
		}()
	}
	for _, g := range pages {
		jobs <- g
	}
	close(jobs)
	wg.Wait()
}
