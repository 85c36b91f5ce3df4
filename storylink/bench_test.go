package storylink_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"syscall"
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
// to an ingest: linked in the transaction that stores each batch (as
// Open does on SQLite), and linked apart, in transactions of their own
// after it (as on a Backend that is no TxBackend). The articles/s metric
// counts stored articles, cpu-ms/article the process's CPU time.
func BenchmarkPut(b *testing.B) {
	arts := demoArticles(b)
	for _, mode := range []string{"plain", "linked-apart", "linked-tx"} {
		b.Run(mode, func(b *testing.B) {
			ctx := context.Background()
			n := 0
			cpu0 := cpuTime()
			for i := 0; b.Loop(); i++ {
				db, err := sqlite.Open(filepath.Join(b.TempDir(), fmt.Sprintf("b%d.db", i)))
				if err != nil {
					b.Fatal(err)
				}
				var s interface {
					PutArticles(context.Context, []rapporteur.PutItem) ([]rapporteur.PutResult, []error)
				} = db
				switch mode {
				case "linked-apart":
					s, err = storylink.NewWriter(ctx, struct{ storylink.Backend }{db}, storylink.Options{})
				case "linked-tx":
					s, err = storylink.NewWriter(ctx, db, storylink.Options{})
				}
				if err != nil {
					b.Fatal(err)
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
				if w, ok := s.(*storylink.Writer); ok {
					w.Stop()
				}
				db.Close()
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
			b.ReportMetric((cpuTime()-cpu0).Seconds()*1000/float64(n), "cpu-ms/article")
		})
	}
}

// cpuTime is the user and system time of the process.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
