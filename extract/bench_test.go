package extract

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"sort"
	"syscall"
	"testing"
	"time"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
)

// zyteHTML is the Zyte article-extraction benchmark beside the repository.
const zyteHTML = "../../shared/data/article-extraction-benchmark/html"

// zytePages loads up to n pages of the Zyte benchmark, or skips.
func zytePages(b testing.TB, n int) [][]byte {
	b.Helper()
	files, _ := filepath.Glob(filepath.Join(zyteHTML, "*.html.gz"))
	if len(files) == 0 {
		b.Skipf("Zyte benchmark pages not found in %s (../shared beside the repository)", zyteHTML)
	}
	if n > 0 && len(files) > n {
		files = files[:n]
	}
	var pages [][]byte
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			b.Fatal(err)
		}
		zr, err := gzip.NewReader(fh)
		if err != nil {
			b.Fatal(err)
		}
		p, err := io.ReadAll(zr)
		fh.Close()
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, p)
	}
	return pages
}

// BenchmarkHTML extracts Zyte benchmark pages; one op is one page.
func BenchmarkHTML(b *testing.B) {
	x := newExtractor(b)
	pages := zytePages(b, 0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := x.HTML("p", pages[i%len(pages)], ""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkText cleans the canonical example pasted with its furniture;
// one op is one article.
func BenchmarkText(b *testing.B) {
	x := newExtractor(b)
	text, err := os.ReadFile("testdata/golden/canonical.txt")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := x.Text("a", string(text)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTrafilatura is go-trafilatura alone on the same pages as
// BenchmarkHTML (html.Parse, then ExtractDocument with its default
// options), the baseline of the HTML pipeline's speed target.
func BenchmarkTrafilatura(b *testing.B) {
	pages := zytePages(b, 0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		doc, err := html.Parse(bytes.NewReader(pages[i%len(pages)]))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := trafilatura.ExtractDocument(doc, trafilatura.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// toscaFile is the Wikinews corpus of the text pipeline's speed target.
const toscaFile = "../../shared/data/wikinews-tosca/wikinews_tosca.jsonl"

// BenchmarkTextWikinews reads the Wikinews articles of wikinews-tosca as
// pasted text (title, blank line, body); one op is one article.
func BenchmarkTextWikinews(b *testing.B) {
	f, err := os.Open(toscaFile)
	if err != nil {
		b.Skipf("wikinews-tosca not found (../shared beside the repository): %v", err)
	}
	defer f.Close()
	var texts []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var r struct{ Title, Text string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			b.Fatal(err)
		}
		texts = append(texts, r.Title+"\n\n"+r.Text)
	}
	x := newExtractor(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := x.Text("a", texts[i%len(texts)]); err != nil {
			b.Fatal(err)
		}
	}
}

var overhead = flag.Bool("overhead", false, "run TestHTMLOverhead (times the Zyte pages three times)")

// cpuTime is the CPU time (user and system) the process has used so far:
// the work of the goroutine timed and of the collector cleaning up after
// it, and not the time other processes take from the machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestHTMLOverhead measures the HTML pipeline's speed target: the time of
// HTML over the Zyte pages divided by the time of go-trafilatura alone
// (html.Parse, then ExtractDocument with default options) on the same
// pages. The two run page by page, alternating which goes first, so that
// load from other processes hits both alike; it logs the ratio of each of
// three rounds and their median, by wall clock and by the process's CPU
// time (which the machine's load changes far less). Run it with
//
//	go test ./extract -run TestHTMLOverhead -overhead -v
func TestHTMLOverhead(t *testing.T) {
	if !*overhead {
		t.Skip("timing run; enable with -overhead")
	}
	x := newExtractor(t)
	pages := zytePages(t, 0)
	trafilaturaAlone := func(p []byte) {
		doc, err := html.Parse(bytes.NewReader(p))
		if err == nil {
			_, _ = trafilatura.ExtractDocument(doc, trafilatura.Options{})
		}
	}
	ours := func(p []byte) { _, _ = x.HTML("p", p, "") }
	var ratios, cpuRatios []float64
	for round := 0; round < 3; round++ {
		var alone, pipeline, aloneCPU, pipelineCPU time.Duration
		for i, p := range pages {
			fs := [2]func([]byte){trafilaturaAlone, ours}
			if i%2 == 1 {
				fs[0], fs[1] = ours, trafilaturaAlone
			}
			var wall, cpu [2]time.Duration
			for k, f := range fs {
				s, c := time.Now(), cpuTime()
				f(p)
				wall[k], cpu[k] = time.Since(s), cpuTime()-c
			}
			if i%2 == 1 {
				wall[0], wall[1] = wall[1], wall[0]
				cpu[0], cpu[1] = cpu[1], cpu[0]
			}
			alone += wall[0]
			pipeline += wall[1]
			aloneCPU += cpu[0]
			pipelineCPU += cpu[1]
		}
		r := float64(pipeline) / float64(alone)
		rc := float64(pipelineCPU) / float64(aloneCPU)
		ratios = append(ratios, r)
		cpuRatios = append(cpuRatios, rc)
		t.Logf("round %d: trafilatura alone %v (CPU %v), HTML pipeline %v (CPU %v), ratio %.3f (CPU %.3f)",
			round+1, alone, aloneCPU, pipeline, pipelineCPU, r, rc)
	}
	sort.Float64s(ratios)
	sort.Float64s(cpuRatios)
	t.Logf("median ratio over %d pages: %.3f wall, %.3f CPU", len(pages), ratios[1], cpuRatios[1])
}
