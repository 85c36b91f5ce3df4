package sqlite

import (
	"context"
	"errors"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// countQueries are searches whose count is cheap and dear: a word in most
// articles, a rare one, a filter with its own index, one without, and an
// empty search (the whole store).
var countQueries = []string{"", "said", "extradition", `"prime minister"`, `speaker:"Donald Trump"`, "said lang:en", "credit:AP", "presid* -trump"}

// BenchmarkCount measures CountArticles, which the search page runs beside
// the first page of results, on a store of 20,000 articles.
func BenchmarkCount(b *testing.B) {
	db := MustOpenDB(b)
	defer db.Close()
	as := corpus(b)
	ctx := context.Background()
	for start := 0; start < 20000; start += 5000 {
		items := make([]rapporteur.PutItem, 5000)
		for i := range items {
			items[i] = rapporteur.PutItem{Article: nth(as, start+i)}
		}
		if _, errs := db.PutArticles(ctx, items); errors.Join(errs...) != nil {
			b.Fatal(errors.Join(errs...))
		}
	}
	benchCount(b, db)
}

// BenchmarkScaleCount is BenchmarkCount on a database built by rapporteur
// scale (1 M articles), named by RAPPORTEUR_SCALE_DB.
func BenchmarkScaleCount(b *testing.B) {
	benchCount(b, scaleDB(b))
}

func benchCount(b *testing.B, db *DB) {
	ctx := context.Background()
	for _, q := range countQueries {
		b.Run(q, func(b *testing.B) {
			var n int64
			var exact bool
			for b.Loop() {
				var err error
				if n, exact, err = db.CountArticles(ctx, rapporteur.ArticleFilter{Query: q}); err != nil {
					b.Fatalf("%s: %v", q, err)
				}
			}
			b.ReportMetric(float64(n), "results")
			if exact {
				b.ReportMetric(1, "exact")
			} else {
				b.ReportMetric(0, "exact")
			}
		})
	}
}
