package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/jobs"
	"github.com/rapporteur/rapporteur/postgres"
	"github.com/rapporteur/rapporteur/postgres/pgtest"
	"github.com/riverqueue/river"
)

// TestLinkerRate measures the linker role alone: $RAPPORTEUR_BENCH_LINKS
// articles of $RAPPORTEUR_SCALE_CORPUS (extracted JSON Lines, as
// `rapporteur extract --jsonl` prints them) are stored, a link job is
// queued for each, as worker processes queue them, and one `serve --roles
// linker` process links them; it reports links per second and the CPU of
// the linker process and of PostgreSQL per link.
//
//	RAPPORTEUR_BENCH_LINKS=3000 RAPPORTEUR_SCALE_CORPUS=/tmp/tosca.jsonl bench/with-postgres.sh \
//	  go test ./cmd/rapporteur -run 'TestLinkerRate$' -v
func TestLinkerRate(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("RAPPORTEUR_BENCH_LINKS"))
	path := os.Getenv("RAPPORTEUR_SCALE_CORPUS")
	if n <= 0 || path == "" {
		t.Skip("a benchmark: set RAPPORTEUR_BENCH_LINKS and RAPPORTEUR_SCALE_CORPUS")
	}
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	db, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := jobs.Migrate(ctx, db.Pool()); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var items []rapporteur.PutItem
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<26)
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for sc.Scan() && len(items) < n {
		var a rapporteur.Article
		if json.Unmarshal(sc.Bytes(), &a) != nil || a.Text == "" {
			continue
		}
		a.URL = fmt.Sprintf("https://outlet%d.example/%d", len(items)%50, len(items))
		d := start.Add(time.Duration(len(items)) * 10 * time.Minute)
		a.Published = &d
		items = append(items, rapporteur.PutItem{Article: a})
	}
	q, err := jobs.New(jobs.Config{Store: db})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(items); i += 64 {
		res, errs := db.PutArticles(ctx, items[i:min(i+64, len(items))])
		var params []river.InsertManyParams
		for k, r := range res {
			if errs[k] != nil {
				t.Fatal(errs[k])
			}
			params = append(params, river.InsertManyParams{Args: jobs.LinkArgs{IDs: []int64{r.ID}}})
		}
		if _, err := q.Client().InsertMany(ctx, params); err != nil {
			t.Fatal(err)
		}
	}
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	load0, pg0 := loadavg(), postgresCPU(t, pool)
	began := time.Now()
	linker := startWorkers(t, dsn, "linker", "1")
	for deadline := time.Now().Add(30 * time.Minute); ; time.Sleep(50 * time.Millisecond) {
		_, _, left, other := jobCounts(t, pool)
		if other > 0 {
			t.Fatalf("%d jobs discarded or cancelled", other)
		}
		if left == 0 || time.Now().After(deadline) {
			break
		}
	}
	wall := time.Since(began)
	pg := postgresCPU(t, pool) - pg0
	linker.Process.Signal(syscall.SIGTERM)
	linker.Wait()
	cpu := linker.ProcessState.UserTime() + linker.ProcessState.SystemTime()
	var unlinked int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM articles WHERE story_id IS NULL`).Scan(&unlinked); err != nil {
		t.Fatal(err)
	}
	if unlinked > 0 {
		t.Errorf("%d of %d articles not linked", unlinked, len(items))
	}
	t.Logf("%d link jobs in %.1f s = %.1f links/s (start-up and rebuild included); linker CPU %.2f ms/link; PostgreSQL CPU %.2f ms/link; load average %s → %s",
		len(items), wall.Seconds(), float64(len(items))/wall.Seconds(), cpu.Seconds()*1000/float64(len(items)),
		float64(pg)*1000/100/float64(len(items)), load0, loadavg())
}
