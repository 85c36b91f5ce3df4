package http

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
)

// BenchmarkThreadPage renders the Thread view of a story of 500 articles
// (the size: target p95 < 50 ms): the Wikinews test articles
// stored again and again under new URLs, each statement given an act in
// turn and a target naming an earlier speaker, one article in five a
// wire copy of the one before it; the first page (100 statements) and
// the API's.
func BenchmarkThreadPage(b *testing.B) {
	env := newEnv(b, nil)
	ctx := context.Background()
	acts := []string{rapporteur.ActAssert, rapporteur.ActAccuse, rapporteur.ActDeny, rapporteur.ActCriticize, rapporteur.ActAssert, rapporteur.ActDemand}
	var speakers []string
	var prev int64
	statements := 0
	for i := range 500 {
		a := env.arts[i%len(env.arts)]
		a.URL = fmt.Sprintf("https://outlet%d.test/thread/%d", i%40, i)
		a.Title = fmt.Sprintf("%s (%d)", a.Title, i)
		d := time.Date(2022, 9, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)
		a.Published = &d
		a.Statements = slices.Clone(a.Statements)
		for k := range a.Statements {
			st := &a.Statements[k]
			st.Act, st.Target, st.RespondsTo = acts[(i+k)%len(acts)], nil, nil
			if st.Act != rapporteur.ActAssert && len(speakers) > 0 {
				st.Target = &rapporteur.Target{Name: speakers[(i*7+k)%len(speakers)], Type: rapporteur.Person}
			}
			// Denials answer the statement before them in their
			// article, as the act stage links replies within one.
			if st.Act == rapporteur.ActDeny && k > 0 {
				st.RespondsTo = []rapporteur.Reply{{Statement: k - 1}}
			}
			if st.Speaker.Name != "" && len(speakers) < 200 {
				speakers = append(speakers, st.Speaker.Name)
			}
		}
		statements += len(a.Statements)
		res, err := env.store.PutArticle(ctx, a, rapporteur.ArticleMeta{})
		if err != nil {
			b.Fatal(err)
		}
		link := rapporteur.ArticleLink{StoryKey: "bench-thread", StoryTitle: "A contested story"}
		if i%5 == 4 {
			link.DuplicateOf, link.Similarity = prev, 0.95
		}
		if err := env.store.LinkArticle(ctx, res.ID, link); err != nil {
			b.Fatal(err)
		}
		prev = res.ID
	}
	st, err := env.store.Stories(ctx, rapporteur.StoryFilter{})
	if err != nil {
		b.Fatal(err)
	}
	var id int64
	for _, s := range st.Items {
		if s.Title == "A contested story" {
			id = s.ID
		}
	}
	th, err := env.store.StoryThread(ctx, id, rapporteur.ThreadFilter{})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("story %d: 500 articles, %d statements, %d in the thread", id, statements, th.Total)
	for _, path := range []string{fmt.Sprintf("/stories/%d/thread", id), fmt.Sprintf("/api/v1/stories/%d/thread", id)} {
		b.Run(path[:5], func(b *testing.B) {
			req := httptest.NewRequest("GET", path, nil)
			var took []time.Duration
			cpu0 := cpuTime()
			for b.Loop() {
				t0 := time.Now()
				w := httptest.NewRecorder()
				env.srv.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("%s: %d", path, w.Code)
				}
				io.Copy(io.Discard, w.Body)
				took = append(took, time.Since(t0))
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(len(took)), "cpu-ms/op")
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "median-ms")
			b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
		})
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
