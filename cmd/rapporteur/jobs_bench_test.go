package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	nethttp "net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/rapporteur/rapporteur/demo"
	"github.com/rapporteur/rapporteur/postgres"
	"github.com/rapporteur/rapporteur/postgres/pgtest"
)

// demoCopies writes the demo corpus n times over, each copy under other
// URLs, so that every record is a new article of real length.
func demoCopies(t *testing.T, n int) (string, int) {
	t.Helper()
	r, err := demo.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var lines []map[string]any
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, m)
	}
	path := filepath.Join(t.TempDir(), "copies.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	for k := range n {
		for _, m := range lines {
			c := map[string]any{}
			for key, v := range m {
				c[key] = v
			}
			c["id"] = fmt.Sprintf("%v#%d", m["id"], k)
			c["url"] = fmt.Sprintf("%v?copy=%d", m["url"], k)
			b, _ := json.Marshal(c)
			w.Write(append(b, '\n'))
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return path, n * len(lines)
}

// postgresCPU is the CPU time, in clock ticks, of the test server's
// processes (its postmaster, the parent of pool's backends, and the
// postmaster's children), not of other servers on the machine.
func postgresCPU(t *testing.T, pool *pgxpool.Pool) int64 {
	t.Helper()
	var backend int
	if err := pool.QueryRow(context.Background(), `SELECT pg_backend_pid()`).Scan(&backend); err != nil {
		t.Fatal(err)
	}
	parent := func(pid string) string {
		b, _ := os.ReadFile("/proc/" + pid + "/stat")
		s := string(b)
		if i := strings.LastIndexByte(s, ')'); i >= 0 {
			if f := strings.Fields(s[i+2:]); len(f) > 1 {
				return f[1]
			}
		}
		return ""
	}
	postmaster := parent(strconv.Itoa(backend))
	dirs, _ := filepath.Glob("/proc/[0-9]*/stat")
	var sum int64
	for _, d := range dirs {
		b, err := os.ReadFile(d)
		if err != nil {
			continue
		}
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+2:])
		if pid := strings.TrimSuffix(strings.TrimPrefix(d, "/proc/"), "/stat"); pid != postmaster && f[1] != postmaster {
			continue
		}
		u, _ := strconv.ParseInt(f[11], 10, 64)
		k, _ := strconv.ParseInt(f[12], 10, 64)
		sum += u + k
		if f[1] != postmaster {
			// The postmaster's: with its reaped children's (cutime,
			// cstime), so that backends ending during the run count.
			cu, _ := strconv.ParseInt(f[13], 10, 64)
			ck, _ := strconv.ParseInt(f[14], 10, 64)
			sum += cu + ck
		}
	}
	return sum
}

// TestWorkerScale measures article jobs per second with one and with two
// worker processes (each GOMAXPROCS=1, one core's worth), a linker
// process beside them, and the CPU time per article of the workers and
// of the PostgreSQL server. Its jobs carry the demo corpus's text, which
// the workers attribute and store: no page is fetched or extracted
// (TestWorkerScaleHTML does that). Run by hand (figures in BENCHMARKS.md):
//
//	RAPPORTEUR_BENCH_WORKERS=4 RAPPORTEUR_TEST_POSTGRES=postgres://… go test ./cmd/rapporteur -run TestWorkerScale -v
//
// where the value is the number of copies of the demo corpus per run.
func TestWorkerScale(t *testing.T) {
	copies, _ := strconv.Atoi(os.Getenv("RAPPORTEUR_BENCH_WORKERS"))
	if copies <= 0 {
		t.Skip("a benchmark: set RAPPORTEUR_BENCH_WORKERS to the copies of the demo corpus per run")
	}
	workerScale(t, func(t *testing.T, dsn string) int {
		src, n := demoCopies(t, copies)
		queueRecords(t, dsn, src)
		return n
	})
}

// TestWorkerScaleHTML is TestWorkerScale with the job a monitor's worker
// does: an article job is a URL, whose page the worker fetches (from a
// server on loopback, serving the pages of an HTML corpus), extracts,
// attributes and stores. RAPPORTEUR_BENCH_HTML names a directory of pages
// (NAME.html or NAME.html.gz); when the directory beside it holds a
// gold.jsonl with page types (WCXB), only its article pages are served.
// RAPPORTEUR_BENCH_HTML_N is the number of jobs per run (default: each
// page once; more serve pages again under other addresses).
//
//	RAPPORTEUR_BENCH_HTML=../shared/data/wcxb-dev/html RAPPORTEUR_TEST_POSTGRES=postgres://… \
//	go test ./cmd/rapporteur -run TestWorkerScaleHTML -v
func TestWorkerScaleHTML(t *testing.T) {
	dir := os.Getenv("RAPPORTEUR_BENCH_HTML")
	if dir == "" {
		t.Skip("a benchmark: set RAPPORTEUR_BENCH_HTML to a directory of HTML pages")
	}
	pages := htmlPages(t, dir)
	n, _ := strconv.Atoi(os.Getenv("RAPPORTEUR_BENCH_HTML_N"))
	if n <= 0 {
		n = len(pages)
	}
	srv := httptest.NewServer(nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		// /p/K/I is page I mod len(pages), K a copy.
		f := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
		if len(f) != 3 || f[0] != "p" {
			nethttp.NotFound(w, r) // robots.txt among others: no rules
			return
		}
		i, err := strconv.Atoi(f[2])
		if err != nil {
			nethttp.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(pages[i%len(pages)])
	}))
	defer srv.Close()
	t.Logf("%d pages from %s, %d jobs per run", len(pages), dir, n)
	// A monitor's store has the months its articles fall in; a new one
	// creates each month's partition with the first article of the month,
	// under a lock that serializes the workers (12 ms of server CPU each,
	// 104 months for the WCXB dev articles). Each run's store gets its
	// pages' months first, so that the runs measure the steady state;
	// RAPPORTEUR_BENCH_COLD_MONTHS=1 leaves them to the workers.
	var months []int64
	if os.Getenv("RAPPORTEUR_BENCH_COLD_MONTHS") == "" {
		months = pageDates(t, pages)
		t.Logf("the %d pages' dates span %d months, created before each run", len(pages), countMonths(months))
	}
	workerScale(t, func(t *testing.T, dsn string) int {
		if months != nil {
			db, err := postgres.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			err = db.EnsureMonths(context.Background(), months)
			db.Close()
			if err != nil {
				t.Fatal(err)
			}
		}
		path := filepath.Join(t.TempDir(), "urls.jsonl")
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "{\"url\": %q}\n", fmt.Sprintf("%s/p/%d/%d", srv.URL, i/len(pages), i))
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		queueRecords(t, dsn, path)
		return n
	}, "--allow-private", "--host-interval", "1ms")
}

// pageDates returns the dates the workers store the pages under: each
// page's publication date as extracted, and now for the undated.
func pageDates(t *testing.T, pages [][]byte) []int64 {
	t.Helper()
	var b strings.Builder
	enc := json.NewEncoder(&b)
	for i, p := range pages {
		if err := enc.Encode(map[string]string{"id": strconv.Itoa(i), "html": string(p)}); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "pages.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, nil, "extract", "--jsonl", path)
	if r.code != 0 {
		t.Fatalf("extract the pages: code %d: %s", r.code, r.stderr)
	}
	dates := []int64{time.Now().Unix()}
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var a struct {
			Published *time.Time `json:"published"`
		}
		if json.Unmarshal([]byte(line), &a) == nil && a.Published != nil {
			dates = append(dates, a.Published.Unix())
		}
	}
	return dates
}

// countMonths returns how many months dates fall in.
func countMonths(dates []int64) int {
	seen := map[string]bool{}
	for _, d := range dates {
		seen[time.Unix(d, 0).UTC().Format("2006-01")] = true
	}
	return len(seen)
}

// htmlPages reads the pages of dir (see TestWorkerScaleHTML).
func htmlPages(t *testing.T, dir string) [][]byte {
	t.Helper()
	articles := map[string]bool{}
	if b, err := os.ReadFile(filepath.Join(dir, "..", "gold.jsonl")); err == nil {
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			var g struct {
				ID       string `json:"id"`
				PageType string `json:"page_type"`
			}
			if json.Unmarshal([]byte(line), &g) == nil && g.PageType == "article" {
				articles[g.ID] = true
			}
		}
	}
	names, err := filepath.Glob(filepath.Join(dir, "*.html*"))
	if err != nil {
		t.Fatal(err)
	}
	var pages [][]byte
	for _, name := range names {
		id := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(name), ".gz"), ".html")
		if len(articles) > 0 && !articles[id] {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, ".gz") {
			zr, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if b, err = io.ReadAll(zr); err != nil {
				t.Fatal(err)
			}
		}
		pages = append(pages, b)
	}
	if len(pages) == 0 {
		t.Fatalf("no pages in %s", dir)
	}
	return pages
}

// workerScale runs the jobs queue puts in a new database with one, then
// two worker processes (extra: their further flags) and reports the
// rate and the CPU per article.
func workerScale(t *testing.T, queue func(t *testing.T, dsn string) int, extra ...string) {
	for _, procs := range []int{1, 2} {
		t.Run(fmt.Sprintf("%d-workers", procs), func(t *testing.T) {
			dsn := pgtest.DSN(t)
			n := queue(t, dsn)
			pool, err := pgxpool.New(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer pool.Close()
			linker := startWorkers(t, dsn, "linker", "1")
			defer func() { linker.Process.Kill(); linker.Wait() }()
			load0 := loadavg()
			pg0 := postgresCPU(t, pool)
			start := time.Now()
			var cmds = make([]*os.Process, 0, procs)
			var logs []*syncBuffer
			var waits []func() (time.Duration, error)
			for range procs {
				// One core per worker process (GOMAXPROCS=1), as a
				// one-core machine, with 4 jobs in flight so it is never
				// idle between two jobs (River fetches anew after each).
				c := startWorkersArgs(t, dsn, "worker", "4", []string{"GOMAXPROCS=1"}, extra...)
				cmds = append(cmds, c.Process)
				logs = append(logs, c.Stderr.(*syncBuffer))
				waits = append(waits, func() (time.Duration, error) {
					err := c.Wait()
					if c.ProcessState == nil {
						return 0, err
					}
					return c.ProcessState.UserTime() + c.ProcessState.SystemTime(), err
				})
			}
			// Until every article job is completed, or cancelled (a page
			// that cannot be extracted: TestWorkerScaleHTML).
			var done, left, failed int
			for deadline := time.Now().Add(30 * time.Minute); ; time.Sleep(100 * time.Millisecond) {
				done, left, _, failed = jobCounts(t, pool)
				if left <= failed || time.Now().After(deadline) {
					break
				}
			}
			wall := time.Since(start)
			pg := postgresCPU(t, pool) - pg0
			for _, p := range cmds {
				p.Signal(syscall.SIGTERM)
			}
			var cpu time.Duration
			for _, w := range waits {
				d, _ := w()
				cpu += d
			}
			var writes []string
			for _, l := range logs {
				if m := writeRE.FindAllStringSubmatch(l.String(), -1); m != nil {
					last := m[len(m)-1]
					writes = append(writes, last[1]+" (lock held "+last[2]+")")
				}
			}
			var stored int
			if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM article_keys`).Scan(&stored); err != nil {
				t.Fatal(err)
			}
			t.Logf("write transaction (writer lock held) per article, ms, by process: %s", strings.Join(writes, ", "))
			t.Logf("%d worker processes: %d article jobs (%d articles stored, %d jobs failed for good) in %.1f s = %.1f jobs/s; worker CPU %.1f ms/job; PostgreSQL CPU %.1f ms/job (all its processes, linker's reads included); load average %s → %s",
				procs, done, stored, failed, wall.Seconds(), float64(done)/wall.Seconds(), cpu.Seconds()*1000/float64(done),
				float64(pg)*1000/100/float64(done), load0, loadavg())
			if done+failed != n {
				t.Errorf("%d of %d article jobs done", done+failed, n)
			}
		})
	}
}

var writeRE = regexp.MustCompile(`write_ms_per_article=([0-9.]+) lock_held_ms_per_article=([0-9.]+)`)

func loadavg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 1 {
		return "?"
	}
	return f[0]
}
