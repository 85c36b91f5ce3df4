package sqlite

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
)

// BenchmarkPutArticle stores distinct real articles (statements, credits,
// entities, both full-text indexes), one transaction each, into a database
// that grows with b.N.
func BenchmarkPutArticle(b *testing.B) {
	db := MustOpenDB(b)
	defer db.Close()
	as := corpus(b)
	ctx := context.Background()
	b.ResetTimer()
	start := time.Now()
	i := 0
	for b.Loop() {
		if _, err := db.PutArticle(ctx, nth(as, i), rapporteur.ArticleMeta{}); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(i)/time.Since(start).Seconds(), "articles/s")
}

// BenchmarkPutArticles stores distinct articles in batches of 32 from one
// goroutine, as an ordered ingest does.
func BenchmarkPutArticles(b *testing.B) {
	db := MustOpenDB(b)
	defer db.Close()
	as := corpus(b)
	ctx := context.Background()
	b.ResetTimer()
	start := time.Now()
	i := 0
	for b.Loop() {
		items := make([]rapporteur.PutItem, 32)
		for k := range items {
			items[k] = rapporteur.PutItem{Article: nth(as, i)}
			i++
		}
		if _, errs := db.PutArticles(ctx, items); errors.Join(errs...) != nil {
			b.Fatal(errors.Join(errs...))
		}
	}
	b.ReportMetric(float64(i)/time.Since(start).Seconds(), "articles/s")
}

// BenchmarkPutArticleParallel stores distinct articles from many goroutines,
// as an ingest with several extraction workers does: their puts share
// transactions (group commit).
func BenchmarkPutArticleParallel(b *testing.B) {
	db := MustOpenDB(b)
	defer db.Close()
	as := corpus(b)
	ctx := context.Background()
	var next atomic.Int64
	b.SetParallelism(16) // 16 × GOMAXPROCS goroutines
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := db.PutArticle(ctx, nth(as, int(next.Add(1))), rapporteur.ArticleMeta{}); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(next.Load())/time.Since(start).Seconds(), "articles/s")
}

// BenchmarkSearch searches a database of searchCorpusSize articles (eight
// Wikinews articles repeated, so every word is eight times more common than
// in real news): a word in every article, a rarer word, a phrase, a
// speaker, fields; and reads whole articles.
func BenchmarkSearch(b *testing.B) {
	const searchCorpusSize = 5000
	db := MustOpenDB(b)
	defer db.Close()
	as := corpus(b)
	ctx := context.Background()
	items := make([]rapporteur.PutItem, searchCorpusSize)
	for i := range items {
		items[i] = rapporteur.PutItem{Article: nth(as, i)}
	}
	if _, errs := db.PutArticles(ctx, items); errors.Join(errs...) != nil {
		b.Fatal(errors.Join(errs...))
	}
	for _, q := range []string{"said", "extradition", `"prime minister"`, `speaker:"Donald Trump"`, "said source:site7.example.com lang:en", "presid* -trump"} {
		b.Run(fmt.Sprintf("articles/%s", q), func(b *testing.B) {
			for b.Loop() {
				p, err := db.Articles(ctx, rapporteur.ArticleFilter{Query: q})
				if err != nil || len(p.Items) == 0 {
					b.Fatalf("%s: %d items, %v", q, len(p.Items), err)
				}
			}
		})
		b.Run(fmt.Sprintf("statements/%s", q), func(b *testing.B) {
			for b.Loop() {
				if _, err := db.Statements(ctx, rapporteur.StatementFilter{Query: q}); err != nil {
					b.Fatalf("%s: %v", q, err)
				}
			}
		})
	}
	b.Run("article", func(b *testing.B) {
		id := int64(1)
		for b.Loop() {
			if _, err := db.Article(ctx, id); err != nil {
				b.Fatal(err)
			}
			id = id%searchCorpusSize + 1
		}
	})
}

// scaleQueries are the searches of the scale benchmark (BENCHMARKS.md, and
// the wrk script there): words, operators, a phrase, a prefix and each
// field.
var scaleQueries = []string{
	"minister", "said AND election", `"prime minister"`, "speaker:bush",
	"title:iraq", "oil OR gas", "bank*", "kind:direct president",
	"date:2006-01-01..2006-12-31 war", "election NOT iraq", "credit:reuters",
	"(tax OR budget) AND parliament", "source:outlet7.example", "lang:en strike",
}

// BenchmarkScaleSearch runs the scale benchmark's searches, one a loop, on
// the database named by $RAPPORTEUR_SCALE_DB (built by `rapporteur
// scale`), which it opens read and write (migrations apply).
func BenchmarkScaleSearch(b *testing.B) {
	db := scaleDB(b)
	ctx := context.Background()
	for _, q := range scaleQueries {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				if _, err := db.Articles(ctx, rapporteur.ArticleFilter{Query: q}); err != nil {
					b.Fatalf("%s: %v", q, err)
				}
			}
		})
	}
}

// scaleDB opens the database built by `rapporteur scale` that
// $RAPPORTEUR_SCALE_DB names, closed when b ends; b skips without one.
func scaleDB(b *testing.B) *DB {
	path := os.Getenv("RAPPORTEUR_SCALE_DB")
	if path == "" {
		b.Skip("set RAPPORTEUR_SCALE_DB to a database built by rapporteur scale")
	}
	db, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}
