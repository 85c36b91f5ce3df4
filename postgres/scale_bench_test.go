package postgres

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/sqlite"
	"github.com/rapporteur/rapporteur/storylink"
)

// The scale benchmarks of the PostgreSQL store. Their articles are real
// extraction results replicated: $RAPPORTEUR_SCALE_CORPUS names JSON Lines
// of extracted articles, as `rapporteur extract --jsonl` prints them (for
// example of ../shared/data/wikinews-tosca/wikinews_tosca.jsonl). Article
// i is corpus article i mod n under its own URL on one of 200 outlets,
// published 5 minutes after article i-1 (a million span nine and a half
// years, 115 monthly partitions): ids follow the news, as in a monitor.
//
//	rapporteur extract --jsonl ../shared/data/wikinews-tosca/wikinews_tosca.jsonl > /tmp/tosca.jsonl
//	RAPPORTEUR_SCALE_CORPUS=/tmp/tosca.jsonl RAPPORTEUR_PG_SCALE='postgres://…?search_path=scale' \
//	RAPPORTEUR_PG_SCALE_N=200000 go test ./postgres -run XXX -bench 'BenchmarkScale(Fill|Queries)' -benchtime 1x
//
// BenchmarkIngestCompare puts the same articles into a new SQLite file and
// a new PostgreSQL schema (RAPPORTEUR_TEST_POSTGRES), with and without
// story linking.

var scaleStart = time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC)

// scaleCorpus reads $RAPPORTEUR_SCALE_CORPUS, or skips.
func scaleCorpus(b *testing.B) []rapporteur.Article {
	path := os.Getenv("RAPPORTEUR_SCALE_CORPUS")
	if path == "" {
		b.Skip("set RAPPORTEUR_SCALE_CORPUS to extracted JSON Lines (rapporteur extract --jsonl)")
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var as []rapporteur.Article
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var a rapporteur.Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil || a.Text == "" {
			continue // an error line of the extraction
		}
		as = append(as, a)
	}
	if err := sc.Err(); err != nil || len(as) == 0 {
		b.Fatalf("%s: %d articles, %v", path, len(as), err)
	}
	return as
}

// scaleArticle is article i of the replicated corpus.
func scaleArticle(as []rapporteur.Article, i int64) rapporteur.Article {
	a := as[i%int64(len(as))]
	slug := a.URL[strings.LastIndexByte(a.URL, '/')+1:]
	a.ID = "scale-" + strconv.FormatInt(i, 10)
	a.URL = fmt.Sprintf("https://outlet%d.example/%d/%s", i%200, i, slug)
	a.Site = ""
	d := scaleStart.Add(time.Duration(i) * 5 * time.Minute)
	a.Published = &d
	return a
}

// scaleStore opens $RAPPORTEUR_PG_SCALE, or skips.
func scaleStore(b *testing.B) *DB {
	dsn := os.Getenv("RAPPORTEUR_PG_SCALE")
	if dsn == "" {
		b.Skip("set RAPPORTEUR_PG_SCALE to the URL of a PostgreSQL schema to fill (…?search_path=scale)")
	}
	db, err := Open(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// fillScale puts articles from..to-1 with workers goroutines, batches of 64,
// through put, and returns the rate.
func fillScale(b *testing.B, put func([]rapporteur.PutItem) []error, as []rapporteur.Article, from, to int64, workers int, report func(done int64, rate float64)) float64 {
	return fillScaleOf(b, put, func(i int64) rapporteur.Article { return scaleArticle(as, i) }, from, to, workers, report)
}

// fillScaleOf is fillScale of the articles article(i).
func fillScaleOf(b *testing.B, put func([]rapporteur.PutItem) []error, article func(int64) rapporteur.Article, from, to int64, workers int, report func(done int64, rate float64)) float64 {
	next := make(chan int64)
	go func() {
		for i := from; i < to; i += 64 {
			next <- i
		}
		close(next)
	}()
	var mu sync.Mutex
	done, lastDone := int64(0), int64(0)
	start := time.Now()
	last := start
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				items := make([]rapporteur.PutItem, 0, 64)
				for k := i; k < min(i+64, to); k++ {
					items = append(items, rapporteur.PutItem{Article: article(k)})
				}
				if err := errors.Join(put(items)...); err != nil {
					b.Error(err)
					return
				}
				mu.Lock()
				done += int64(len(items))
				if report != nil && (done-lastDone >= 10000 || done == to-from) {
					now := time.Now()
					report(from+done, float64(done-lastDone)/now.Sub(last).Seconds())
					last, lastDone = now, done
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return float64(to-from) / time.Since(start).Seconds()
}

// BenchmarkScaleFill grows the scale schema to $RAPPORTEUR_PG_SCALE_N
// articles (default 100,000), reporting the store's ingest rate (no
// extraction, no linking) every 10,000.
func BenchmarkScaleFill(b *testing.B) {
	as := scaleCorpus(b)
	db := scaleStore(b)
	want, _ := strconv.ParseInt(os.Getenv("RAPPORTEUR_PG_SCALE_N"), 10, 64)
	if want <= 0 {
		want = 100000
	}
	ctx := context.Background()
	var have int64
	if err := db.pool.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM article_keys`).Scan(&have); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if have >= want {
			b.Logf("the scale schema holds %d articles already", have)
			continue
		}
		rate := fillScale(b, func(items []rapporteur.PutItem) []error {
			_, errs := db.PutArticles(ctx, items)
			return errs
		}, as, have, want, 4, func(n int64, rate float64) {
			fmt.Fprintf(os.Stderr, "scale fill: %d articles, %.0f articles/s over the last window\n", n, rate)
		})
		b.ReportMetric(rate, "articles/s")
		have = want
	}
}

// latencies runs q n times and returns its p50 and p95.
func latencies(b *testing.B, n int, q func(i int) error) (p50, p95 time.Duration) {
	ds := make([]time.Duration, n)
	for i := range n {
		start := time.Now()
		if err := q(i); err != nil {
			b.Fatal(err)
		}
		ds[i] = time.Since(start)
	}
	slices.Sort(ds)
	return ds[n/2], ds[n*95/100]
}

// BenchmarkScaleQueries measures, on the scale schema, the searches the
// issue names: newest first and the last 7 days (LIMIT 20, common and
// rare words), relevance, the plain newest list, a search count, and the
// article page; p50 and p95 over 40 runs each, one at a time.
func BenchmarkScaleQueries(b *testing.B) {
	db := scaleStore(b)
	ctx := context.Background()
	var maxID int64
	var newest int64
	if err := db.pool.QueryRow(ctx, `SELECT max(id), max(date) FROM articles`).Scan(&maxID, &newest); err != nil {
		b.Fatal(err)
	}
	end := time.Unix(newest, 0).UTC()
	week := rapporteur.ArticleFilter{From: end.AddDate(0, 0, -7), To: end.Add(time.Second)}
	cases := []struct {
		name string
		f    rapporteur.ArticleFilter
	}{
		{"newest", rapporteur.ArticleFilter{}},
		{"newest/said", rapporteur.ArticleFilter{Query: "said", Order: rapporteur.OrderDate}},
		{"newest/minister", rapporteur.ArticleFilter{Query: "minister", Order: rapporteur.OrderDate}},
		{"newest/extradition", rapporteur.ArticleFilter{Query: "extradition", Order: rapporteur.OrderDate}},
		{"newest/prime minister", rapporteur.ArticleFilter{Query: `"prime minister"`, Order: rapporteur.OrderDate}},
		{"week", week},
		{"week/said", func() rapporteur.ArticleFilter { f := week; f.Query = "said"; f.Order = rapporteur.OrderDate; return f }()},
		{"week/minister", func() rapporteur.ArticleFilter {
			f := week
			f.Query = "minister"
			f.Order = rapporteur.OrderDate
			return f
		}()},
		{"relevance/minister", rapporteur.ArticleFilter{Query: "minister"}},
		{"relevance/extradition", rapporteur.ArticleFilter{Query: "extradition"}},
		{"source", rapporteur.ArticleFilter{Query: "source:outlet7.example"}},
		{"speaker", rapporteur.ArticleFilter{Query: "speaker:bush"}},
	}
	for b.Loop() {
		for _, c := range cases {
			p50, p95 := latencies(b, 40, func(int) error {
				p, err := db.Articles(ctx, c.f)
				if err == nil && len(p.Items) == 0 && c.name == "newest" {
					err = errors.New("no articles")
				}
				return err
			})
			fmt.Fprintf(os.Stderr, "%-24s p50 %8.2f ms  p95 %8.2f ms\n", c.name, ms(p50), ms(p95))
		}
		p50, p95 := latencies(b, 40, func(int) error {
			_, _, err := db.CountArticles(ctx, rapporteur.ArticleFilter{Query: "said"})
			return err
		})
		fmt.Fprintf(os.Stderr, "%-24s p50 %8.2f ms  p95 %8.2f ms\n", "count/said", ms(p50), ms(p95))
		r := rand.New(rand.NewPCG(1, 2))
		p50, p95 = latencies(b, 200, func(int) error {
			_, err := db.Article(ctx, 1+r.Int64N(maxID))
			return err
		})
		fmt.Fprintf(os.Stderr, "%-24s p50 %8.2f ms  p95 %8.2f ms\n", "article page", ms(p50), ms(p95))
		b.ReportMetric(ms(p95), "article-p95-ms")
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// BenchmarkIngestCompare puts the same 5,000 articles (workers × batches
// of 64) into a new SQLite file and a new PostgreSQL schema, through the
// store alone and through story linking: the store's share of the ingest
// rate, extraction left out.
func BenchmarkIngestCompare(b *testing.B) {
	as := scaleCorpus(b)
	const n = 5000
	stores := []struct {
		name string
		open func(b *testing.B) rapporteur.Store
	}{
		{"sqlite", func(b *testing.B) rapporteur.Store {
			db, err := sqlite.Open(filepath.Join(b.TempDir(), "r.db"))
			if err != nil {
				b.Fatal(err)
			}
			return db
		}},
		{"postgres", func(b *testing.B) rapporteur.Store { return MustOpenDB(b) }},
	}
	for _, s := range stores {
		for _, link := range []bool{false, true} {
			name := s.name
			if link {
				name += "/linked"
			}
			b.Run(name, func(b *testing.B) {
				for range b.N {
					b.StopTimer()
					st := s.open(b)
					var dest rapporteur.Store = st
					if link {
						l, err := storylink.Open(context.Background(), st, storylink.Options{})
						if err != nil {
							b.Fatal(err)
						}
						dest = l
					}
					// CPU per article, this process's and (PostgreSQL)
					// the server's: the figures the machine's load does
					// not move as it moves the rate.
					pg, _ := st.(*DB)
					var server int64
					if pg != nil {
						server = serverCPU(b, pg)
					}
					client := clientCPU()
					b.StartTimer()
					rate := fillScale(b, func(items []rapporteur.PutItem) []error {
						_, errs := dest.PutArticles(context.Background(), items)
						return errs
					}, as, 0, n, 4, nil)
					b.StopTimer()
					b.ReportMetric(rate, "articles/s")
					b.ReportMetric(float64(clientCPU()-client)/1e6/n, "client-CPU-ms/article")
					if pg != nil {
						b.ReportMetric(float64(serverCPU(b, pg)-server)*10/n, "server-CPU-ms/article")
					}
					st.Close()
				}
			})
		}
	}
}
