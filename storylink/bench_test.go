package storylink_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/demo"
	"github.com/rapporteur/rapporteur/sqlite"
	"github.com/rapporteur/rapporteur/storylink"
)

// demoArticles reads the demo corpus (Wikinews 2019–2020, CC BY 2.5) as
// articles without extraction: titles, texts, URLs and dates.
func demoArticles(b *testing.B) []rapporteur.Article {
	r, err := demo.Open()
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	var out []rapporteur.Article
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<22)
	for sc.Scan() {
		var in struct{ ID, URL, Title, Date, Text string }
		if err := json.Unmarshal(sc.Bytes(), &in); err != nil {
			b.Fatal(err)
		}
		a := rapporteur.Article{ID: in.ID, URL: in.URL, Title: in.Title, Text: in.Text, Language: "en"}
		if day, err := time.Parse(time.DateOnly, in.Date[:min(len(in.Date), 10)]); err == nil {
			a.Published = &day
		}
		out = append(out, a)
	}
	return out
}

// BenchmarkPut stores the demo corpus in batches of 64, as ingest does,
// straight into SQLite and through the linker, to show what linking adds
// to an ingest. The articles/s metric counts stored articles.
func BenchmarkPut(b *testing.B) {
	arts := demoArticles(b)
	for _, linked := range []bool{false, true} {
		b.Run(fmt.Sprintf("linked=%v", linked), func(b *testing.B) {
			ctx := context.Background()
			n := 0
			for i := 0; b.Loop(); i++ {
				db, err := sqlite.Open(filepath.Join(b.TempDir(), fmt.Sprintf("b%d.db", i)))
				if err != nil {
					b.Fatal(err)
				}
				var s rapporteur.Store = db
				if linked {
					if s, err = storylink.Open(ctx, db, storylink.Options{}); err != nil {
						b.Fatal(err)
					}
				}
				for j := 0; j < len(arts); j += 64 {
					var items []rapporteur.PutItem
					for _, a := range arts[j:min(j+64, len(arts))] {
						items = append(items, rapporteur.PutItem{Article: a})
					}
					if _, errs := s.PutArticles(ctx, items); errs[0] != nil {
						b.Fatal(errs[0])
					}
				}
				n += len(arts)
				db.Close()
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
		})
	}
}
