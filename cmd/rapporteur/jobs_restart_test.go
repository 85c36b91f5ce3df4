package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/rapporteur/rapporteur/postgres/pgtest"
)

// pgCtlEnv is a shell command that runs pg_ctl on the test's server with
// its data directory and options, for TestDatabaseRestart, which stops
// and starts that server: set it only for a server no other test uses.
const pgCtlEnv = "RAPPORTEUR_TEST_PG_CTL"

// TestDatabaseRestart stops the database in the middle of an ingest by
// two workers and starts it again: the workers retry, the web process
// answers 503 with a message meanwhile and 200 after, and every article
// is stored exactly once in the end.
//
//	RAPPORTEUR_TEST_PG_CTL="runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D DIR/data -l DIR/server.log -o \"-c listen_addresses='' -k DIR\""
func TestDatabaseRestart(t *testing.T) {
	ctl := os.Getenv(pgCtlEnv)
	if ctl == "" {
		t.Skip("stops and starts the test's PostgreSQL: set " + pgCtlEnv + " to the pg_ctl command of a server of its own")
	}
	dsn := pgtest.DSN(t)
	src, distinct := generated(t, 1400)
	queueRecords(t, dsn, src)
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	a, b := startWorker(t, dsn, "worker,linker,scheduler"), startWorker(t, dsn, "worker")
	defer func() { a.Process.Kill(); b.Process.Kill(); a.Wait(); b.Wait() }()
	web := startWorker(t, dsn, "web")
	defer func() { web.Process.Kill(); web.Wait() }()
	var base string
	for deadline := time.Now().Add(time.Minute); base == ""; time.Sleep(50 * time.Millisecond) {
		if m := regexp.MustCompile(`serving .* on (http://[^/ ]+/)`).FindStringSubmatch(web.Stderr.(*syncBuffer).String()); m != nil {
			base = m[1]
		}
		if time.Now().After(deadline) {
			t.Fatalf("web did not start: %s", web.Stderr)
		}
	}
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(50 * time.Millisecond) {
		if done, _, _, _ := jobCounts(t, pool); done >= distinct/4 || time.Now().After(deadline) {
			break
		}
	}
	pool.Reset()
	stopAt := time.Now()
	if out, err := exec.Command("sh", "-c", ctl+" stop -m fast").CombinedOutput(); err != nil {
		t.Fatalf("stop: %v %s", err, out)
	}
	get := func(path string) (int, string) {
		resp, err := http.Get(base + path)
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	time.Sleep(5 * time.Second)
	for _, path := range []string{"readyz", "api/v1/articles", ""} {
		code, body := get(path)
		t.Logf("database down: GET /%s → %d %.160s", path, code, strings.Join(strings.Fields(body), " "))
		if code != http.StatusServiceUnavailable {
			t.Errorf("database down: GET /%s answered %d, want 503", path, code)
		}
	}
	time.Sleep(15 * time.Second)
	if out, err := exec.Command("sh", "-c", ctl+" start -w").CombinedOutput(); err != nil {
		t.Fatalf("start: %v %s", err, out)
	}
	t.Logf("database was down %.1f s", time.Since(stopAt).Seconds())
	var done, left, links, other int
	for deadline := time.Now().Add(4 * time.Minute); ; time.Sleep(500 * time.Millisecond) {
		done, left, links, other = jobCounts(t, pool)
		if left == 0 && links == 0 || time.Now().After(deadline) {
			break
		}
	}
	if code, _ := get("readyz"); code != http.StatusOK {
		t.Errorf("database back: /readyz answered %d", code)
	}
	if left != 0 || links != 0 || other != 0 {
		t.Fatalf("%d article and %d link jobs not completed, %d failed for good\n%s", left, links, other, a.Stderr)
	}
	var articles, urls, unlinked int
	if err := pool.QueryRow(ctx, `SELECT count(*), count(DISTINCT canonical_url), count(*) FILTER (WHERE story_id IS NULL) FROM articles`).Scan(&articles, &urls, &unlinked); err != nil {
		t.Fatal(err)
	}
	if articles != distinct || urls != distinct || unlinked != 0 {
		t.Errorf("%d articles (%d URLs, %d unlinked) from %d distinct inputs", articles, urls, unlinked, distinct)
	}
	t.Logf("after the restart: %d article jobs completed, %d articles stored once each, all linked", done, articles)
}
