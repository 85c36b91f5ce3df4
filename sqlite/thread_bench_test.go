package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
)

// threadArticle returns the i-th article of a contested story for the
// threading benchmarks: real Wikinews texts, each statement given an act
// in turn and, for a non-assertion, a target naming the speaker of an
// earlier article's statement (so that candidates score, as in a real
// exchange).
func benchThreadArticle(as []rapporteur.Article, i int, speakers []string) rapporteur.Article {
	a := nth(as, i)
	sts := slices.Clone(a.Statements)
	acts := []string{rapporteur.ActAssert, rapporteur.ActAccuse, rapporteur.ActDeny, rapporteur.ActCriticize, rapporteur.ActAssert, rapporteur.ActDemand}
	for k := range sts {
		sts[k].Act = acts[(i+k)%len(acts)]
		sts[k].RespondsTo = nil
		sts[k].Target = nil
		if sts[k].Act != rapporteur.ActAssert && len(speakers) > 0 {
			sts[k].Target = &rapporteur.Target{Name: speakers[(i*7+k)%len(speakers)], Type: rapporteur.Person}
		}
	}
	a.Statements = sts
	return a
}

// BenchmarkThreadLink links a new article into a story of n articles:
// LinkArticle with the threading of its statements against the story's
// (migration 017), which every stored article pays. The store holds
// 2,000 other articles in other stories. The story grows by one article
// per iteration from n.
func BenchmarkThreadLink(b *testing.B) {
	as := corpus(b)
	ctx := context.Background()
	for _, n := range []int{1, 10, 100, 500} {
		b.Run(fmt.Sprintf("story=%d", n), func(b *testing.B) {
			db := MustOpenDB(b)
			defer db.Close()
			var speakers []string
			put := func(i int, key string) int64 {
				a := benchThreadArticle(as, i, speakers)
				for _, st := range a.Statements {
					if st.Speaker.Name != "" && len(speakers) < 200 {
						speakers = append(speakers, st.Speaker.Name)
					}
				}
				res, err := db.PutArticle(ctx, a, rapporteur.ArticleMeta{})
				if err != nil {
					b.Fatal(err)
				}
				return res.ID
			}
			link := func(id int64, key string) {
				if err := db.LinkArticle(ctx, id, rapporteur.ArticleLink{StoryKey: key, StoryTitle: key}); err != nil {
					b.Fatal(err)
				}
			}
			i := 0
			for ; i < 2000; i++ {
				link(put(i, ""), "other-"+strconv.Itoa(i/5))
			}
			for range n - 1 {
				link(put(i, ""), "contested")
				i++
			}
			b.ResetTimer()
			var took []time.Duration
			cpu0 := cpuTime()
			for b.Loop() {
				b.StopTimer()
				id := put(i, "")
				i++
				b.StartTimer()
				t0 := time.Now()
				link(id, "contested")
				took = append(took, time.Since(t0))
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(len(took)), "cpu-ms/op")
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "median-ms")
			b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
		})
	}
}

// BenchmarkThreadLinkScale links new articles into the largest stories of
// a scale database (RAPPORTEUR_SCALE_DB, built by rapporteur scale; the
// database is written to: use a copy).
func BenchmarkThreadLinkScale(b *testing.B) {
	if os.Getenv("RAPPORTEUR_SCALE_DB") == "" {
		b.Skip("set RAPPORTEUR_SCALE_DB to a copy of a database built by rapporteur scale")
	}
	db := scaleDB(b)
	ctx := context.Background()
	as := corpus(b)
	var keys []string
	rows, err := db.read.QueryContext(ctx, `SELECT key FROM stories WHERE merged_into IS NULL ORDER BY id DESC LIMIT 1000`)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var k string
		rows.Scan(&k)
		keys = append(keys, k)
	}
	rows.Close()
	if len(keys) == 0 {
		b.Skip("no stories in the scale database")
	}
	var took []time.Duration
	i := 0
	for b.Loop() {
		b.StopTimer()
		a := benchThreadArticle(as, 5_000_000+i, []string{"Zhao Lijian", "United Nations"})
		a.URL = fmt.Sprintf("https://thread-bench.example/%d/%d", time.Now().UnixNano(), i)
		res, err := db.PutArticle(ctx, a, rapporteur.ArticleMeta{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t0 := time.Now()
		if err := db.LinkArticle(ctx, res.ID, rapporteur.ArticleLink{StoryKey: keys[i%len(keys)], StoryTitle: "bench"}); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(t0))
		i++
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
}

// BenchmarkThreadStep times the threading step alone for a new article
// arriving in a story of n articles (its statements against the story's),
// with the node cache and without it: what threading adds to linking,
// the rest being the link's own writes and commit. Each iteration links
// one more article, as LinkArticle does (its versions read, its story
// set, the step, the commit), so the story grows by b.N from n; the
// articles are stored before the clock starts, so the CPU time per
// operation is the step's (and its commit's share of the process).
func BenchmarkThreadStep(b *testing.B) {
	as := corpus(b)
	ctx := context.Background()
	for _, n := range []int{1, 3, 10, 30, 100, 300, 500} {
		for _, cached := range []bool{true, false} {
			name := fmt.Sprintf("story=%d/cache=%v", n, cached)
			b.Run(name, func(b *testing.B) {
				db := MustOpenDB(b)
				defer db.Close()
				db.noThreadCache = !cached
				var speakers []string
				put := func(i int) int64 {
					a := benchThreadArticle(as, i, speakers)
					for _, st := range a.Statements {
						if st.Speaker.Name != "" && len(speakers) < 200 {
							speakers = append(speakers, st.Speaker.Name)
						}
					}
					res, err := db.PutArticle(ctx, a, rapporteur.ArticleMeta{})
					if err != nil {
						b.Fatal(err)
					}
					return res.ID
				}
				var last int64
				for i := range n {
					last = put(i)
					if err := db.LinkArticle(ctx, last, rapporteur.ArticleLink{StoryKey: "contested"}); err != nil {
						b.Fatal(err)
					}
				}
				var story int64
				if err := db.read.QueryRowContext(ctx, `SELECT story_id FROM articles WHERE id = ?`, last).Scan(&story); err != nil {
					b.Fatal(err)
				}
				fresh := make([]int64, b.N)
				for i := range fresh {
					fresh[i] = put(n + i)
				}
				var took []time.Duration
				b.ResetTimer()
				cpu0 := cpuTime()
				for _, id := range fresh {
					tx, err := db.beginWrite(ctx)
					if err != nil {
						b.Fatal(err)
					}
					var before threadVersion
					if cached {
						if before, err = db.threadVersion(ctx, tx, story); err != nil {
							b.Fatal(err)
						}
					}
					if _, err := tx.ExecContext(ctx, `UPDATE articles SET story_id = ? WHERE id = ?`, story, id); err != nil {
						b.Fatal(err)
					}
					t0 := time.Now()
					if err := db.threadArticle(ctx, tx, id, true, sql.NullInt64{}, story, false, before); err != nil {
						b.Fatal(err)
					}
					took = append(took, time.Since(t0))
					if err := tx.Commit(); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(len(took)), "cpu-ms/op")
				slices.Sort(took)
				b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "median-ms")
				b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
			})
		}
	}
}

// cpuTime is the CPU time the process has used, user and system: on a
// machine shared with other work, a figure that its load does not
// inflate as it inflates wall-clock times.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
