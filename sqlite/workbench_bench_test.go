package sqlite

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
)

// The research workbench's queries (issue 15), beside the search: the
// facets of the search page, and attention over time (articles and
// statements per day of a search over two years).

// benchStore is a store of 20,000 articles of the test corpus, 7 minutes
// apart (about 97 days), for the benchmarks that need no scale database.
func benchStore(b *testing.B) *DB {
	db := MustOpenDB(b)
	b.Cleanup(func() { db.Close() })
	as := corpus(b)
	for start := 0; start < 20000; start += 5000 {
		items := make([]rapporteur.PutItem, 5000)
		for i := range items {
			items[i] = rapporteur.PutItem{Article: nth(as, start+i)}
		}
		if _, errs := db.PutArticles(context.Background(), items); errors.Join(errs...) != nil {
			b.Fatal(errors.Join(errs...))
		}
	}
	return db
}

// BenchmarkFacets measures ArticleFacets, which the search page runs
// beside the first page and the count, on 20,000 articles.
func BenchmarkFacets(b *testing.B) { benchFacets(b, benchStore(b)) }

// BenchmarkScaleFacets is BenchmarkFacets on the scale database named by
// RAPPORTEUR_SCALE_DB.
func BenchmarkScaleFacets(b *testing.B) { benchFacets(b, scaleDB(b)) }

func benchFacets(b *testing.B, db *DB) {
	ctx := context.Background()
	for _, q := range countQueries {
		b.Run(q, func(b *testing.B) {
			var fs *rapporteur.Facets
			for b.Loop() {
				var err error
				if fs, err = db.ArticleFacets(ctx, rapporteur.ArticleFilter{Query: q}, 6); err != nil {
					b.Fatalf("%s: %v", q, err)
				}
			}
			b.ReportMetric(float64(fs.Sample), "sample")
		})
	}
}

// attentionQueries are searches charted over time: common words, a rare
// one, a phrase, a filter alone, and everything.
var attentionQueries = []string{"said", "president", "extradition", `"prime minister"`, "credit:AP", ""}

// BenchmarkAttention measures ArticleDays and StatementDays over the
// whole range of 20,000 articles.
func BenchmarkAttention(b *testing.B) { benchAttention(b, benchStore(b), time.Time{}, time.Time{}) }

// BenchmarkScaleAttention is BenchmarkAttention on the scale database over
// the two years from the start of its busiest year (the most articles,
// the hardest two years to chart).
func BenchmarkScaleAttention(b *testing.B) {
	db := scaleDB(b)
	var year string
	if err := db.read.QueryRow(`SELECT strftime('%Y', date, 'unixepoch') AS y FROM articles INDEXED BY articles_by_date
		GROUP BY y ORDER BY count(*) DESC LIMIT 1`).Scan(&year); err != nil {
		b.Fatal(err)
	}
	from, err := time.Parse("2006", year)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("two years from %s", from.Format(time.DateOnly))
	benchAttention(b, db, from, from.AddDate(2, 0, 0))
}

func benchAttention(b *testing.B, db *DB, from, to time.Time) {
	ctx := context.Background()
	for _, q := range attentionQueries {
		b.Run("articles/"+q, func(b *testing.B) {
			var days []rapporteur.DayCount
			var exact bool
			for b.Loop() {
				var err error
				if days, exact, err = db.ArticleDays(ctx, rapporteur.ArticleFilter{Query: q, From: from, To: to}); err != nil {
					b.Fatal(err)
				}
			}
			reportDays(b, days, exact)
		})
		b.Run("statements/"+q, func(b *testing.B) {
			var days []rapporteur.DayCount
			var exact bool
			for b.Loop() {
				var err error
				if days, exact, err = db.StatementDays(ctx, rapporteur.StatementFilter{Query: q, From: from, To: to}); err != nil {
					b.Fatal(err)
				}
			}
			reportDays(b, days, exact)
		})
	}
}

func reportDays(b *testing.B, days []rapporteur.DayCount, exact bool) {
	n := 0
	for _, d := range days {
		n += d.Count
	}
	b.ReportMetric(float64(n), "matches")
	b.ReportMetric(float64(len(days)), "days")
	if exact {
		b.ReportMetric(1, "exact")
	} else {
		b.ReportMetric(0, "exact")
	}
}
