package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/markusmobius/go-trafilatura"
	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/intake"
	"golang.org/x/net/html"
)

// Default inputs of `rapporteur bench`, relative to the repository root.
const (
	benchTextDefault = "../shared/data/wikinews-tosca/wikinews_tosca.jsonl"
	benchHTMLDefault = "../shared/data/article-extraction-benchmark/html"
)

// BenchCommand is `rapporteur bench`: it times the pipelines on a corpus
// so that anyone can re-run the numbers in BENCHMARKS.md.
type BenchCommand struct{ Main *Main }

// Usage returns the help text.
func (c *BenchCommand) Usage() string {
	return `usage: rapporteur bench text [--runs N] [--workers N] [--cpuprofile FILE] [FILE.jsonl]
       rapporteur bench html [--runs N] [--cpuprofile FILE] [DIR]

bench text runs "extract --jsonl" on FILE (default ` + benchTextDefault + `),
held in memory, with output discarded, and prints articles per second in
total and per worker (the median of N runs).

bench html times, on one goroutine, the HTML pages (*.html or *.html.gz) of
DIR (default ` + benchHTMLDefault + `): go-trafilatura alone
(html.Parse and ExtractDocument with the options rapporteur uses, and again
with EnableFallback), rapporteur's HTML extraction, and rapporteur's whole
HTML pipeline (extraction and attribution); it prints the time per page of
each and its ratio to go-trafilatura alone (median of N runs).

--cpuprofile writes a CPU profile of the runs, for "go tool pprof".
`
}

// Run runs the command.
func (c *BenchCommand) Run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return errUsage
	}
	if args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		return errHelp
	}
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	runs := fs.Int("runs", 3, "")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "")
	cpuprofile := fs.String("cpuprofile", "", "")
	pos, err := parseInterspersed(fs, args[1:])
	if err != nil {
		return err
	}
	stop, err := startCPUProfile(*cpuprofile)
	if err != nil {
		return err
	}
	defer stop()
	if *runs < 1 || *workers < 1 || len(pos) > 1 {
		return errUsage
	}
	p, err := c.Main.pipeline()
	if err != nil {
		return err
	}
	switch args[0] {
	case "text":
		path := benchTextDefault
		if len(pos) == 1 {
			path = pos[0]
		}
		return c.text(ctx, p, path, *runs, *workers)
	case "html":
		dir := benchHTMLDefault
		if len(pos) == 1 {
			dir = pos[0]
		}
		return c.html(p, dir, *runs)
	}
	return errUsage
}

// text times the batch path of `extract --jsonl`.
func (c *BenchCommand) text(ctx context.Context, p *intake.Stages, path string, runs, workers int) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return rapporteur.Errorf(rapporteur.EINVALID, "bench text: the articles: %w", err)
	}
	var rates []float64
	for i := range runs {
		start := time.Now()
		n, failed, err := batch(ctx, &intake.Intake{Pipeline: p}, bytes.NewReader(data), io.Discard, workers)
		if err != nil {
			return err
		}
		d := time.Since(start)
		rates = append(rates, float64(n)/d.Seconds())
		fmt.Fprintf(c.Main.Stdout, "run %d: %d articles (%d failed) in %s: %.0f articles/s\n", i+1, n, failed, d.Round(time.Millisecond), rates[i])
	}
	med := median(rates)
	fmt.Fprintf(c.Main.Stdout, "text pipeline, %s, %d workers, median of %d runs: %.0f articles/s, %.0f articles/s per worker\n",
		filepath.Base(path), workers, runs, med, med/float64(workers))
	return nil
}

// html times go-trafilatura alone against rapporteur's HTML extraction and
// whole HTML pipeline, page by page on one goroutine so that the three are
// measured the same way.
func (c *BenchCommand) html(p *intake.Stages, dir string, runs int) error {
	pages, err := loadPages(dir)
	if err != nil {
		return err
	}
	trafilaturaAlone := func(opts trafilatura.Options) func([]byte) {
		return func(page []byte) {
			doc, err := html.Parse(bytes.NewReader(page))
			if err == nil {
				trafilatura.ExtractDocument(doc, opts)
			}
		}
	}
	ways := []struct {
		name string
		f    func([]byte)
	}{
		// The options rapporteur's extract uses: the baseline of the ratio.
		{"go-trafilatura alone", trafilaturaAlone(trafilatura.Options{})},
		{"go-trafilatura alone, EnableFallback", trafilaturaAlone(trafilatura.Options{EnableFallback: true})},
		{"extraction", func(page []byte) { p.Extract.HTML("", page, "") }},
		{"extraction+attribution", func(page []byte) { p.HTML("", page, "") }},
	}
	// Warm up caches and lazily built tables before timing anything.
	for _, pg := range pages[:min(len(pages), 10)] {
		for _, w := range ways {
			w.f(pg)
		}
	}
	// The ways take turns on each page, in a rotating order, so that a
	// change in the machine's load (other processes) hits them alike.
	times := make([][]float64, len(ways))
	for i := range runs {
		sums := make([]time.Duration, len(ways))
		for j, pg := range pages {
			for r := range ways {
				k := (j + r) % len(ways)
				start := time.Now()
				ways[k].f(pg)
				sums[k] += time.Since(start)
			}
		}
		fmt.Fprintf(c.Main.Stdout, "run %d:", i+1)
		for k, w := range ways {
			t := sums[k].Seconds() / float64(len(pages))
			times[k] = append(times[k], t)
			fmt.Fprintf(c.Main.Stdout, "  %s %.2f ms/page;", w.name, t*1e3)
		}
		fmt.Fprintln(c.Main.Stdout)
	}
	fmt.Fprintf(c.Main.Stdout, "HTML pipeline, %d pages, one goroutine, median of %d runs (ratio to go-trafilatura alone):\n", len(pages), runs)
	base := median(times[0])
	for k, w := range ways {
		m := median(times[k])
		fmt.Fprintf(c.Main.Stdout, "  %-38s %7.2f ms/page  %.2fx\n", w.name, m*1e3, m/base)
	}
	return nil
}

// loadPages reads the *.html and *.html.gz files of dir into memory.
func loadPages(dir string) ([][]byte, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "bench html: the pages: %w", err)
	}
	var pages [][]byte
	for _, e := range ents {
		name := e.Name()
		if !strings.HasSuffix(name, ".html") && !strings.HasSuffix(name, ".html.gz") {
			continue
		}
		path := filepath.Join(dir, name)
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, rapporteur.Errorf(rapporteur.EINVALID, "bench html: %w", err)
		}
		if strings.HasSuffix(name, ".gz") {
			zr, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				return nil, rapporteur.Errorf(rapporteur.EINVALID, "bench html: %s: %w", path, err)
			}
			if b, err = io.ReadAll(zr); err != nil {
				return nil, rapporteur.Errorf(rapporteur.EINVALID, "bench html: %s: %w", path, err)
			}
		}
		pages = append(pages, b)
	}
	if len(pages) == 0 {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "bench html: no *.html or *.html.gz pages in %s", dir)
	}
	return pages, nil
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// startCPUProfile starts writing a CPU profile to path, for "go tool
// pprof"; stop ends it. An empty path profiles nothing.
func startCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, rapporteur.Errorf(rapporteur.EUNAVAILABLE, "--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, rapporteur.Errorf(rapporteur.EINTERNAL, "start CPU profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
