package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/ingest"
	"github.com/rapporteur/rapporteur/intake"
	"github.com/rapporteur/rapporteur/storylink"
)

// ScaleCommand is `rapporteur scale`: the scale benchmark of ingest.
type ScaleCommand struct{ Main *Main }

// Usage returns the help text.
func (c *ScaleCommand) Usage() string {
	return `usage: rapporteur scale [options]

Scale measures ingest at scale. It generates articles by replicating a
corpus (by default the 5,500 Wikinews tosca articles in ../shared) with new
ids, URLs and dates, ingests them into a database with the full pipeline
(extraction, attribution, storing and indexing), and prints one JSON line
every --every articles: articles in the database, the rate over the last
window and overall, CPU time and resident memory. Run it again on the same
database to grow it further: it continues where the database ends.

With --generate it only prints the generated JSON Lines, for
"rapporteur ingest -" or other tools.

Options:
  --db PATH|URL    the database: a SQLite file or a postgres:// URL (default scale.db)
  --corpus PATH    JSON Lines to replicate (default ../shared/data/wikinews-tosca/wikinews_tosca.jsonl)
  --n N            articles to add (default 50000)
  --every N        report every N articles (default 5000)
  --workers N      articles extracted at once (default: the number of CPUs)
  --link           link each article to its wire copies and story, as
                   ingest and serve do
  --cpuprofile F   write a CPU profile of the ingest to F, for "go tool pprof"
  --generate       print the generated articles instead of ingesting them
`
}

// scaleReport is one progress line of `rapporteur scale`.
type scaleReport struct {
	Articles   int64   `json:"articles"`    // in the database
	Added      int     `json:"added"`       // by this run
	Failed     int     `json:"failed"`      // by this run
	Seconds    float64 `json:"seconds"`     // since the start of this run
	RateWindow float64 `json:"rate_window"` // articles/s since the last line
	RateTotal  float64 `json:"rate_total"`  // articles/s since the start
	CPUSeconds float64 `json:"cpu_seconds"` // user + system time of the process
	RSSMiB     float64 `json:"rss_mib"`     // resident memory now
	MaxRSSMiB  float64 `json:"max_rss_mib"` // peak resident memory
	Load1      string  `json:"load1"`       // the machine's 1-minute load average
	DBMiB      float64 `json:"db_mib"`      // database file, WAL included
}

// Run runs the command.
func (c *ScaleCommand) Run(ctx context.Context, args []string) error {
	var (
		db, corpus string
		n, every   int
		workers    int
		generate   bool
		link       bool
		cpuprofile string
	)
	fs := flag.NewFlagSet("scale", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&db, "db", "scale.db", "")
	fs.StringVar(&corpus, "corpus", filepath.Join("..", "shared", "data", "wikinews-tosca", "wikinews_tosca.jsonl"), "")
	fs.IntVar(&n, "n", 50000, "")
	fs.IntVar(&every, "every", 5000, "")
	fs.IntVar(&workers, "workers", runtime.GOMAXPROCS(0), "")
	fs.BoolVar(&generate, "generate", false, "")
	fs.BoolVar(&link, "link", false, "")
	fs.StringVar(&cpuprofile, "cpuprofile", "", "")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 || n <= 0 || every <= 0 || workers <= 0 {
		return errUsage
	}
	base, err := readCorpus(corpus)
	if err != nil {
		return err
	}
	if generate {
		w := bufio.NewWriterSize(c.Main.Stdout, 1<<20)
		gen := newScaleGen(base, 0)
		for range n {
			if _, err := w.Write(gen.next()); err != nil {
				return err
			}
		}
		return w.Flush()
	}

	p, err := c.Main.pipeline()
	if err != nil {
		return err
	}
	store, err := openStore(ctx, db)
	if err != nil {
		return fmt.Errorf("scale: %w", err)
	}
	defer store.Close()
	st, err := store.Stats(ctx)
	if err != nil {
		return fmt.Errorf("scale: %w", err)
	}

	// The linker catches up with the stored articles before the clock
	// starts.
	var dest rapporteur.Store = store
	if link {
		if dest, err = storylink.Open(ctx, store, storylink.Options{}); err != nil {
			return fmt.Errorf("scale: %w", err)
		}
	}

	stop, err := startCPUProfile(cpuprofile)
	if err != nil {
		return err
	}
	defer stop()

	// A pipe feeds the generated lines to the ingester as a file would.
	pr, pw := io.Pipe()
	go func() {
		w := bufio.NewWriterSize(pw, 1<<20)
		gen := newScaleGen(base, st.Articles)
		for range n {
			if _, err := w.Write(gen.next()); err != nil {
				return
			}
		}
		pw.CloseWithError(w.Flush())
	}()

	start := time.Now()
	last, lastAdded := start, 0
	var added, failed int
	enc := json.NewEncoder(c.Main.Stdout)
	report := func() {
		now := time.Now()
		r := scaleReport{
			Articles:   st.Articles + int64(added),
			Added:      added,
			Failed:     failed,
			Seconds:    round(now.Sub(start).Seconds()),
			RateWindow: round(float64(added-lastAdded) / now.Sub(last).Seconds()),
			RateTotal:  round(float64(added) / now.Sub(start).Seconds()),
			CPUSeconds: round(cpuSeconds()),
			RSSMiB:     round(procStatusMiB("VmRSS")),
			MaxRSSMiB:  round(procStatusMiB("VmHWM")),
			Load1:      load1(),
			DBMiB:      round(fileMiB(db) + fileMiB(db+"-wal")),
		}
		enc.Encode(r)
		last, lastAdded = now, added
	}
	ing := &ingest.Ingester{
		Store:   dest,
		Intake:  &intake.Intake{Pipeline: p},
		Workers: workers,
		OnResult: func(r ingest.Result) {
			if r.Err != nil {
				failed++
				fmt.Fprintln(c.Main.Stderr, "rapporteur: scale:", r.Err)
				return
			}
			if added++; added%every == 0 {
				report()
			}
		},
	}
	sum, err := ing.IngestJSONL(ctx, pr, "scale")
	pr.Close()
	if added%every != 0 {
		report()
	}
	if err != nil {
		return err
	}
	if sum.Interrupted {
		return rapporteur.Errorf(rapporteur.EINTERNAL, "scale: interrupted after %d articles", added)
	}
	return nil
}

// readCorpus reads the JSON Lines records to replicate.
func readCorpus(path string) ([]map[string]any, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "scale: the corpus: %w", err)
	}
	defer f.Close()
	var recs []map[string]any
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			return nil, rapporteur.Errorf(rapporteur.EINVALID, "scale: the corpus, line %d: %w", len(recs)+1, err)
		}
		if _, ok := m["text"].(string); ok {
			recs = append(recs, m)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "scale: the corpus: %w", err)
	}
	if len(recs) == 0 {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "scale: the corpus has no records with text")
	}
	return recs, nil
}

// scaleGen replicates a corpus: the k-th article generated is record
// k mod len(base) of copy k / len(base), with a new id, a URL on one of
// 200 hosts (so sources are many, as in a real monitor), and the date
// moved by a week per copy, so dates spread over years.
type scaleGen struct {
	base []map[string]any
	k    int64
}

func newScaleGen(base []map[string]any, from int64) *scaleGen {
	return &scaleGen{base: base, k: from}
}

func (g *scaleGen) next() []byte {
	n := int64(len(g.base))
	rec, cp := g.base[g.k%n], g.k/n
	out := make(map[string]any, len(rec)+1)
	for k, v := range rec {
		out[k] = v
	}
	out["id"] = "scale-" + strconv.FormatInt(g.k, 10)
	slug := "article"
	if u, ok := rec["url"].(string); ok {
		slug = u[strings.LastIndexByte(u, '/')+1:]
	}
	out["url"] = fmt.Sprintf("https://outlet%d.example/%d/%d/%s", g.k%200, cp, g.k, slug)
	if d, ok := rec["date"].(string); ok {
		if t, err := time.Parse("2006-01-02", d); err == nil {
			out["date"] = t.AddDate(0, 0, int(cp)*7).Format("2006-01-02")
		}
	}
	delete(out, "source") // the site comes from the host
	g.k++
	b, _ := json.Marshal(out)
	return append(b, '\n')
}

func round(f float64) float64 { return float64(int64(f*10+0.5)) / 10 }

// cpuSeconds is the user and system time of this process.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// procStatusMiB reads a memory field ("VmRSS", "VmHWM") of
// /proc/self/status, in MiB; 0 where there is no /proc.
func procStatusMiB(field string) float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

func load1() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(data))
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

func fileMiB(path string) float64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return float64(fi.Size()) / (1 << 20)
}
