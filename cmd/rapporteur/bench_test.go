package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/markusmobius/go-trafilatura"
	"github.com/rapporteur/rapporteur/intake"
	"golang.org/x/net/html"
)

// shared returns the path of a file under ../shared (beside the
// repository), skipping the test when it is absent.
func shared(tb testing.TB, rel string) string {
	path := filepath.Join("..", "..", "..", "shared", rel)
	if _, err := os.Stat(path); err != nil {
		tb.Skipf("%s not found: these benchmarks read the data in ../shared beside the repository", path)
	}
	return path
}

// BenchmarkPipelineText times extraction and attribution of the Wikinews
// (TOSCA) articles, one article per op, as `extract --jsonl` runs them.
func BenchmarkPipelineText(b *testing.B) {
	f, err := os.Open(shared(b, "data/wikinews-tosca/wikinews_tosca.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var arts []intake.Record
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, intake.DefaultMaxBytes)
	for sc.Scan() {
		in, err := intake.DecodeRecord(sc.Bytes())
		if err != nil || in.Text == nil {
			b.Fatalf("bad record: %v", err)
		}
		arts = append(arts, in)
	}
	p, err := intake.NewStages()
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		in := arts[i%len(arts)]
		if _, err := p.Verbatim(in.ID, in.Title, *in.Text); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkHTML times, one page per op on the Zyte benchmark pages,
// go-trafilatura alone (with the options extract uses), rapporteur's HTML
// extraction, and the whole HTML pipeline (extraction and attribution).
func BenchmarkHTML(b *testing.B) {
	pages, err := loadPages(shared(b, "data/article-extraction-benchmark/html"))
	if err != nil {
		b.Fatal(err)
	}
	p, err := intake.NewStages()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("trafilatura", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			doc, err := html.Parse(bytes.NewReader(pages[i%len(pages)]))
			if err == nil {
				trafilatura.ExtractDocument(doc, trafilatura.Options{})
			}
		}
	})
	b.Run("extract", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			p.Extract.HTML("", pages[i%len(pages)], "")
		}
	})
	b.Run("pipeline", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			p.HTML("", pages[i%len(pages)], "")
		}
	})
}

func TestBenchCommand(t *testing.T) {
	jsonl := writeFile(t, "in.jsonl", []byte(`{"id": "a", "text": "He said \"yes\"."}`+"\n"+`{"id": "b", "text": "She said no."}`+"\n"))
	r := run(t, nil, "bench", "text", "--runs", "1", jsonl)
	if r.code != 0 || !strings.Contains(r.stdout, "2 articles (0 failed)") || !strings.Contains(r.stdout, "articles/s per worker") {
		t.Fatalf("bench text: %+v", r)
	}

	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.html"), []byte(samplePage), 0o644)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(samplePage))
	zw.Close()
	os.WriteFile(filepath.Join(dir, "b.html.gz"), gz.Bytes(), 0o644)
	r = run(t, nil, "bench", "html", "--runs", "1", dir)
	if r.code != 0 || !strings.Contains(r.stdout, "2 pages") || !strings.Contains(r.stdout, "extraction+attribution") {
		t.Fatalf("bench html: %+v", r)
	}

	r = run(t, nil, "bench", "html", t.TempDir())
	if r.code != 2 || !strings.Contains(r.stderr, "no *.html or *.html.gz pages") {
		t.Fatalf("empty dir: %+v", r)
	}
}
