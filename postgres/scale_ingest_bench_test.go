package postgres

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/storylink"
)

// BenchmarkScaleIngestLinked puts $RAPPORTEUR_PG_SCALE_PUT new articles
// (default 3,000) with story linking into the store at $RAPPORTEUR_PG_SCALE
// as IngestCompare/postgres/linked puts them into a new one (4 callers,
// batches of 64): issue 14's "ingest with linking at 1 M articles". The
// articles are the scale corpus's first n, under addresses of their own,
// published 5 minutes apart from 200 days after the newest article
// stored, as a monitor's news arrive; each run adds them to the store (it
// is a benchmark store).
// Opening the linker replays the latest stored articles first (its
// rebuild, timed apart).
//
//	RAPPORTEUR_SCALE_CORPUS=/tmp/tosca.jsonl RAPPORTEUR_PG_SCALE='postgres://…/scale1m' \
//	go test ./postgres -run XXX -bench ScaleIngestLinked -benchtime 1x
func BenchmarkScaleIngestLinked(b *testing.B) {
	as := scaleCorpus(b)
	db := scaleStore(b)
	n, _ := strconv.ParseInt(os.Getenv("RAPPORTEUR_PG_SCALE_PUT"), 10, 64)
	if n <= 0 {
		n = 3000
	}
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		var count, newest int64
		if err := db.pool.QueryRow(ctx, `SELECT (SELECT sum(n)::bigint FROM counters WHERE name = 'articles'), coalesce(max(date), 0) FROM article_dates`).Scan(&count, &newest); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		l, err := storylink.Open(ctx, db, storylink.Options{})
		if err != nil {
			b.Fatal(err)
		}
		rebuild := time.Since(start)
		// A run's own addresses: its start time, so that runs add new
		// articles and never store one again.
		run := strconv.FormatInt(time.Now().Unix(), 36)
		// 200 days after the newest article: beyond the linker's story
		// window (180 days), so that each run links the same articles
		// the same way, none of them a copy of an earlier run's.
		first := time.Unix(newest, 0).UTC().Add(200 * 24 * time.Hour)
		article := func(i int64) rapporteur.Article {
			a := as[i%int64(len(as))]
			slug := a.URL[strings.LastIndexByte(a.URL, '/')+1:]
			a.ID = "ingest-" + run + "-" + strconv.FormatInt(i, 10)
			a.URL = fmt.Sprintf("https://outlet%d.example/ingest-%s/%d/%s", i%200, run, i, slug)
			a.Site = ""
			d := first.Add(time.Duration(i) * 5 * time.Minute)
			a.Published = &d
			return a
		}
		if os.Getenv("RAPPORTEUR_PG_SCALE_RESET") != "" {
			// pg_stat_statements of the ingest alone, not the rebuild.
			if _, err := db.pool.Exec(ctx, `SELECT pg_stat_statements_reset()`); err != nil {
				b.Fatal(err)
			}
		}
		server, client := serverCPU(b, db), clientCPU()
		load := loadAvg()
		b.StartTimer()
		rate := fillScaleOf(b, func(items []rapporteur.PutItem) []error {
			_, errs := l.PutArticles(ctx, items)
			return errs
		}, article, 0, n, 4, nil)
		b.StopTimer()
		b.ReportMetric(rate, "articles/s")
		b.ReportMetric(float64(clientCPU()-client)/1e6/float64(n), "client-CPU-ms/article")
		b.ReportMetric(float64(serverCPU(b, db)-server)*10/float64(n), "server-CPU-ms/article")
		fmt.Fprintf(os.Stderr, "scale ingest linked: %d articles into a store of %d: %.1f articles/s; linker rebuild %.1f s; load %s -> %s\n",
			n, count, rate, rebuild.Seconds(), load, loadAvg())
		l.Stop()
		b.StartTimer()
	}
}
