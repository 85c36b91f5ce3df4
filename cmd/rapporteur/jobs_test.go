package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur/intake"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/rapporteur/rapporteur/jobs"
	"github.com/rapporteur/rapporteur/postgres"
	"github.com/rapporteur/rapporteur/postgres/pgtest"
	"github.com/riverqueue/river"
)

// queueRecords inserts one article job per line of a JSON Lines file of
// records, as a feed poll queues its entries.
func queueRecords(t *testing.T, dsn, src string) {
	t.Helper()
	ctx := context.Background()
	db, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := jobs.Migrate(ctx, db.Pool()); err != nil {
		t.Fatal(err)
	}
	q, err := jobs.New(jobs.Config{Store: db})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var params []river.InsertManyParams
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		rec, err := intake.DecodeRecord(sc.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		params = append(params, river.InsertManyParams{Args: jobs.ArticleFromRecord(rec, 0)})
	}
	for len(params) > 0 {
		n := min(len(params), 1000)
		if _, err := q.Client().InsertMany(ctx, params[:n]); err != nil {
			t.Fatal(err)
		}
		params = params[n:]
	}
}

// jobCounts reads how many article jobs are completed, and how many of
// each kind are not.
func jobCounts(t *testing.T, pool *pgxpool.Pool) (articlesDone, articlesLeft, linksLeft, other int) {
	t.Helper()
	err := pool.QueryRow(context.Background(), `SELECT
		count(*) FILTER (WHERE kind = 'article' AND state = 'completed'),
		count(*) FILTER (WHERE kind = 'article' AND state <> 'completed'),
		count(*) FILTER (WHERE kind = 'link' AND state <> 'completed'),
		count(*) FILTER (WHERE state IN ('discarded', 'cancelled'))
		FROM river_job`).Scan(&articlesDone, &articlesLeft, &linksLeft, &other)
	if err != nil {
		t.Fatal(err)
	}
	return
}

// startWorker starts `serve --roles ROLES` on dsn in a child process.
func startWorker(t *testing.T, dsn, roles string) *exec.Cmd { return startWorkers(t, dsn, roles, "4") }

func startWorkers(t *testing.T, dsn, roles, workers string) *exec.Cmd {
	return startWorkersEnv(t, dsn, roles, workers)
}

func startWorkersEnv(t *testing.T, dsn, roles, workers string, env ...string) *exec.Cmd {
	return startWorkersArgs(t, dsn, roles, workers, env)
}

// startWorkersArgs is startWorkersEnv with further flags of serve.
func startWorkersArgs(t *testing.T, dsn, roles, workers string, env []string, flags ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestIngestKillChild$")
	args := append([]string{"serve", "--db", dsn,
		"--roles", roles, "--workers", workers, "--job-timeout", "20s",
		"--addr", "127.0.0.1:0", "--token-file", filepath.Join(t.TempDir(), "token")}, flags...)
	cmd.Env = append(os.Environ(), killChildEnv+"="+strings.Join(args, "\x1f"))
	cmd.Env = append(cmd.Env, env...)
	cmd.Stderr = &syncBuffer{}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// TestWorkerKill9 kills worker processes with SIGKILL in the middle of
// their jobs, again and again, and checks what a user would: every
// article is stored exactly once, every article job ends completed (none
// lost, none failed for good), and every article is linked into a story.
func TestWorkerKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("kills worker processes on PostgreSQL")
	}
	dsn := pgtest.DSN(t)
	// The soak in BENCHMARKS.md is this test with more of both:
	// RAPPORTEUR_SOAK=KILLS,INPUTS.
	kills, inputs := 6, 1400
	if v := os.Getenv("RAPPORTEUR_SOAK"); v != "" {
		if _, err := fmt.Sscanf(v, "%d,%d", &kills, &inputs); err != nil {
			t.Fatalf("RAPPORTEUR_SOAK=%q: want KILLS,INPUTS", v)
		}
	}
	src, distinct := generated(t, inputs)
	queueRecords(t, dsn, src)
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()

	for i := range kills {
		before, _, _, _ := jobCounts(t, pool)
		// Two processes, as two machines would run them; one links.
		a, b := startWorker(t, dsn, "worker,linker"), startWorker(t, dsn, "worker")
		for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(20 * time.Millisecond) {
			done, _, _, _ := jobCounts(t, pool)
			if done >= before+distinct/(2*kills) || time.Now().After(deadline) {
				break
			}
		}
		a.Process.Kill()
		b.Process.Kill()
		a.Wait()
		b.Wait()
		done, left, _, _ := jobCounts(t, pool)
		t.Logf("kill %d: %d article jobs completed, %d not yet", i+1, done, left)
	}
	// The last run finishes: jobs that the killed processes held are
	// retried once River's rescuer finds them stuck.
	last := startWorker(t, dsn, "all")
	defer func() { last.Process.Kill(); last.Wait() }()
	var done, left, links, other int
	for deadline := time.Now().Add(3 * time.Minute); ; time.Sleep(200 * time.Millisecond) {
		done, left, links, other = jobCounts(t, pool)
		if left == 0 && links == 0 || time.Now().After(deadline) {
			break
		}
	}
	if left != 0 || links != 0 || other != 0 {
		t.Fatalf("after the last run: %d article jobs and %d link jobs not completed, %d failed for good\n%s",
			left, links, other, last.Stderr)
	}
	var articles, keys, urls, unlinked int
	err = pool.QueryRow(ctx, `SELECT count(*), count(DISTINCT canonical_url), count(*) FILTER (WHERE story_id IS NULL) FROM articles`).Scan(&articles, &urls, &unlinked)
	if err == nil {
		err = pool.QueryRow(ctx, `SELECT count(*) FROM article_keys`).Scan(&keys)
	}
	if err != nil {
		t.Fatal(err)
	}
	if articles != distinct || urls != distinct || keys != distinct {
		t.Errorf("%d articles (%d distinct URLs, %d keys) stored from %d distinct inputs: want each exactly once", articles, urls, keys, distinct)
	}
	if unlinked != 0 {
		t.Errorf("%d articles not linked into a story", unlinked)
	}
	var attempts, retried int
	if err := pool.QueryRow(ctx, `SELECT coalesce(sum(attempt), 0), count(*) FILTER (WHERE attempt > 1) FROM river_job WHERE kind = 'article'`).Scan(&attempts, &retried); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d kills: %d article jobs completed (%d attempts; %d jobs retried), %d articles from %d inputs stored once each, all linked",
		kills, done, attempts, retried, articles, inputs)
}
