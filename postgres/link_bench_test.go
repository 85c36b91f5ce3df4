package postgres

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/postgres/pgtest"
)

// BenchmarkLinkStored measures what linking stored articles costs the
// server, as a job queue's linker links what workers stored: n articles
// of the scale corpus ($RAPPORTEUR_PG_LINK_N, default 1,000; published a
// minute apart, in one month) are stored unlinked, then linked by
// LinkArticles in batches of 64 (a link job's), three articles a story,
// and the partition vacuumed, since an UPDATE that is not HOT leaves
// dead entries in every index of the row for vacuum to remove. It
// reports the server's CPU per article (all its processes) of the links
// and of the vacuum, and how many of the updates were HOT.
//
//	RAPPORTEUR_SCALE_CORPUS=/tmp/tosca.jsonl RAPPORTEUR_TEST_POSTGRES=postgres://… \
//	go test ./postgres -run XXX -bench LinkStored -benchtime 1x
func BenchmarkLinkStored(b *testing.B) {
	as := scaleCorpus(b)
	n, _ := strconv.Atoi(os.Getenv("RAPPORTEUR_PG_LINK_N"))
	if n <= 0 {
		n = 1000
	}
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		db, err := Open(ctx, pgtest.DSN(b))
		if err != nil {
			b.Fatal(err)
		}
		first := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
		items := make([]rapporteur.PutItem, n)
		for i := range items {
			a := as[i%len(as)]
			a.ID = fmt.Sprintf("link-%d", i)
			a.URL = fmt.Sprintf("https://outlet%d.example/link/%d", i%50, i)
			d := first.Add(time.Duration(i) * time.Minute)
			a.Published = &d
			items[i] = rapporteur.PutItem{Article: a}
		}
		var links []rapporteur.LinkItem
		for i := 0; i < n; i += 64 {
			res, errs := db.PutArticles(ctx, items[i:min(i+64, n)])
			for k, r := range res {
				if errs[k] != nil {
					b.Fatal(errs[k])
				}
				links = append(links, rapporteur.LinkItem{ID: r.ID, Link: rapporteur.ArticleLink{
					StoryKey: fmt.Sprintf("story-%d", (i+k)/3), StoryTitle: "a story"}})
			}
		}
		if _, err := db.pool.Exec(ctx, `VACUUM (ANALYZE) articles`); err != nil {
			b.Fatal(err)
		}
		cpu := serverCPU(b, db)
		start := time.Now()
		b.StartTimer()
		for i := 0; i < len(links); i += 64 {
			if err := db.LinkArticles(ctx, links[i:min(i+64, len(links))]); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		wall := time.Since(start)
		linkCPU := serverCPU(b, db) - cpu
		cpu = serverCPU(b, db)
		if _, err := db.pool.Exec(ctx, `VACUUM articles`); err != nil {
			b.Fatal(err)
		}
		vacuumCPU := serverCPU(b, db) - cpu
		time.Sleep(1500 * time.Millisecond) // the backends' table counts, sent when idle
		var upd, hot int64
		if err := db.pool.QueryRow(ctx, `SELECT coalesce(sum(n_tup_upd), 0), coalesce(sum(n_tup_hot_upd), 0)
			FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname LIKE 'articles_p%'`).Scan(&upd, &hot); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(n)/wall.Seconds(), "links/s")
		b.ReportMetric(float64(linkCPU)*10/float64(n), "link-server-CPU-ms/article")
		b.ReportMetric(float64(vacuumCPU)*10/float64(n), "vacuum-server-CPU-ms/article")
		b.ReportMetric(float64(hot)/float64(max(upd, 1)), "HOT-share")
		fmt.Fprintf(os.Stderr, "link stored: %d articles, %d updates, %d HOT; load %s\n", n, upd, hot, loadAvg())
		db.Close()
		b.StartTimer()
	}
}
