package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
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
// set, the step, the commit), and takes it out again untimed (the story
// threaded again, and cached: with the cache every iteration finds its
// story there, and costs what a cache hit costs; without, what a miss
// costs); the articles are stored before the clock starts. cpu-median-ms is the
// step's own CPU time (its thread's, getrusage RUSAGE_THREAD, the
// goroutine locked to it), median over the iterations: the load of the
// machine does not inflate it as it does wall times.
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
				db.cacheSmall = true // a hit's cost at every size
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
				var took, cpu []time.Duration
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				b.ResetTimer()
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
					c0, t0 := threadCPU(), time.Now()
					if err := db.threadArticle(ctx, tx, id, true, sql.NullInt64{}, story, false, before); err != nil {
						b.Fatal(err)
					}
					took, cpu = append(took, time.Since(t0)), append(cpu, threadCPU()-c0)
					if err := tx.Commit(); err != nil {
						b.Fatal(err)
					}
					// The article leaves the story again, which is
					// threaded again (and cached), so that every
					// iteration joins a story of n articles.
					b.StopTimer()
					if tx, err = db.beginWrite(ctx); err != nil {
						b.Fatal(err)
					}
					if _, err := tx.ExecContext(ctx, `UPDATE articles SET story_id = NULL WHERE id = ?`, id); err != nil {
						b.Fatal(err)
					}
					if err := db.rethread(ctx, tx, story); err != nil {
						b.Fatal(err)
					}
					if err := tx.Commit(); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				slices.Sort(took)
				slices.Sort(cpu)
				b.ReportMetric(float64(cpu[len(cpu)/2].Microseconds())/1000, "cpu-median-ms")
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

// BenchmarkThreadIngest feeds a store a stream of articles whose stories
// have the sizes news coverage has (few stories are large, but many
// articles are in them): THREAD_INGEST articles (unset: skipped) in
// stories whose sizes follow a power law, P(size = s) ∝ s^-THREAD_ALPHA
// (default 2) for s up to THREAD_MAX (default 1000), their articles
// arriving interleaved in time order (each story starts at a random time
// of a stream of 2,700 articles a day, its articles spread over an
// exponential of 2 days). Each article is stored, then linked as
// LinkArticle links a new original: its story's versions read, its story
// set, the threading step (with the node cache, or not with
// THREAD_NOCACHE=1; caching stories of any size with
// THREAD_CACHE_SMALL=1), the commit. It reports the step's CPU time on
// its own thread (getrusage RUSAGE_THREAD, the goroutine locked to it)
// and wall time, per article: median and p95 over all articles, and by
// the size of the story the article joins.
func BenchmarkThreadIngest(b *testing.B) {
	total, _ := strconv.Atoi(os.Getenv("THREAD_INGEST"))
	if total == 0 {
		b.Skip("set THREAD_INGEST to a number of articles")
	}
	alpha, maxSize := 2.0, 1000
	if v, err := strconv.ParseFloat(os.Getenv("THREAD_ALPHA"), 64); err == nil {
		alpha = v
	}
	if v, err := strconv.Atoi(os.Getenv("THREAD_MAX")); err == nil {
		maxSize = v
	}
	as := corpus(b)
	ctx := context.Background()
	rng := rand.New(rand.NewSource(1))
	// Story sizes by the power law, until they hold total articles.
	var weights []float64
	sum := 0.0
	for s := 1; s <= maxSize; s++ {
		sum += math.Pow(float64(s), -alpha)
		weights = append(weights, sum)
	}
	type arrival struct {
		at    float64 // days
		story int
	}
	var stream []arrival
	days := float64(total) / 2700
	for story := 0; len(stream) < total; story++ {
		size := sort.SearchFloat64s(weights, rng.Float64()*sum) + 1
		start := rng.Float64() * days
		for range size {
			stream = append(stream, arrival{start + rng.ExpFloat64()*2, story})
		}
	}
	stream = stream[:total]
	sort.Slice(stream, func(i, j int) bool { return stream[i].at < stream[j].at })

	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for range b.N {
		b.StopTimer()
		db, err := Open(filepath.Join(b.TempDir(), "ingest.db"))
		if err != nil {
			b.Fatal(err)
		}
		db.noThreadCache = os.Getenv("THREAD_NOCACHE") == "1"
		db.cacheSmall = os.Getenv("THREAD_CACHE_SMALL") == "1" // every story, as before c118879
		var speakers []string
		sizes := map[int]int{}
		type step struct {
			size      int
			cpu, wall time.Duration
		}
		var steps []step
		b.StartTimer()
		for i, ar := range stream {
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
			tx, err := db.beginWrite(ctx)
			if err != nil {
				b.Fatal(err)
			}
			var sid int64
			key := "story-" + strconv.Itoa(ar.story)
			if err := db.stmt(ctx, tx, qLinkStory).QueryRowContext(ctx, key, key).Scan(&sid); err != nil {
				b.Fatal(err)
			}
			var before threadVersion
			if !db.noThreadCache {
				if before, err = db.threadVersion(ctx, tx, sid); err != nil {
					b.Fatal(err)
				}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE articles SET story_id = ? WHERE id = ?`, sid, res.ID); err != nil {
				b.Fatal(err)
			}
			c0, t0 := threadCPU(), time.Now()
			if err := db.threadArticle(ctx, tx, res.ID, true, sql.NullInt64{}, sid, false, before); err != nil {
				b.Fatal(err)
			}
			steps = append(steps, step{sizes[ar.story], threadCPU() - c0, time.Since(t0)})
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
			sizes[ar.story]++
		}
		b.StopTimer()
		report := func(name string, keep func(step) bool) {
			var cpu, wall []time.Duration
			for _, s := range steps {
				if keep(s) {
					cpu, wall = append(cpu, s.cpu), append(wall, s.wall)
				}
			}
			if len(cpu) == 0 {
				return
			}
			slices.Sort(cpu)
			slices.Sort(wall)
			ms := func(d []time.Duration, q float64) float64 {
				return float64(d[int(q*float64(len(d)-1))].Microseconds()) / 1000
			}
			b.Logf("%-14s articles %6d  cpu median %6.3f p95 %7.3f p99 %7.3f ms   wall median %6.3f p95 %7.3f ms",
				name, len(cpu), ms(cpu, 0.5), ms(cpu, 0.95), ms(cpu, 0.99), ms(wall, 0.5), ms(wall, 0.95))
		}
		var joined []int
		for _, s := range steps {
			joined = append(joined, s.size)
		}
		slices.Sort(joined)
		b.Logf("%d articles in %d stories; the story an article joins has %d articles before it at the median (p90 %d, max %d); %d articles threaded from the cache",
			len(steps), len(sizes), joined[len(joined)/2], joined[len(joined)*9/10], joined[len(joined)-1], db.threads.hits)
		report("all", func(step) bool { return true })
		report("story 0", func(s step) bool { return s.size == 0 })
		report("story 1-9", func(s step) bool { return s.size >= 1 && s.size < 10 })
		report("story 10-99", func(s step) bool { return s.size >= 10 && s.size < 100 })
		report("story 100-499", func(s step) bool { return s.size >= 100 && s.size < 500 })
		report("story 500+", func(s step) bool { return s.size >= 500 })
		var n int64
		db.read.QueryRow(`SELECT count(*) FROM articles`).Scan(&n)
		b.Logf("store: %d articles", n)
		db.Close()
	}
}

// threadCPU is the CPU time of the calling OS thread (lock the goroutine
// to it first).
func threadCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_THREAD, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
