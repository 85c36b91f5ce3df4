package act_test

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/attrib/text"
)

// toscaArticles reads up to n articles of ../shared/data/wikinews-tosca, or
// skips the benchmark when the shared data is absent.
func toscaArticles(b *testing.B, n int) []struct{ ID, Title, Text string } {
	f, err := os.Open(filepath.Join("..", "..", "..", "shared", "data", "wikinews-tosca", "wikinews_tosca.jsonl"))
	if err != nil {
		b.Skip("no ../shared/data/wikinews-tosca")
	}
	defer f.Close()
	var out []struct{ ID, Title, Text string }
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 1<<26)
	for sc.Scan() && len(out) < n {
		var r struct{ ID, Title, Text string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			b.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// BenchmarkActs compares the text pipeline without the act stage with the
// act stage alone, per article, on 1,000 wikinews-tosca articles: the act
// stage should cost under 10 % of the pipeline (issue 11).
func BenchmarkActs(b *testing.B) {
	docs := toscaArticles(b, 1000)
	p := stages(b)
	acts := p.Acts
	p.Acts = nil
	arts := make([]rapporteur.Article, len(docs))
	for i, d := range docs {
		a, err := p.Verbatim(d.ID, d.Title, d.Text)
		if err != nil {
			b.Fatal(err)
		}
		arts[i] = a
	}
	b.Run("pipeline-without-acts", func(b *testing.B) {
		defer cpuPerOp(b)()
		for i := 0; i < b.N; i++ {
			d := docs[i%len(docs)]
			if _, err := p.Verbatim(d.ID, d.Title, d.Text); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("acts", func(b *testing.B) {
		defer cpuPerOp(b)()
		for i := 0; i < b.N; i++ {
			acts.Annotate(arts[i%len(arts)])
		}
	})
	// In the pipeline the act stage reads the text layer attribution
	// built (intake.Stages); "acts" above reads the text again.
	texts := make([]*text.Doc, len(docs))
	for i, d := range docs {
		a, err := p.Extract.Verbatim(d.ID, d.Title, d.Text)
		if err != nil {
			b.Fatal(err)
		}
		arts[i], texts[i] = p.Attrib.AttributeDoc(a)
	}
	b.Run("acts-shared-doc", func(b *testing.B) {
		defer cpuPerOp(b)()
		for i := 0; i < b.N; i++ {
			acts.AnnotateDoc(arts[i%len(arts)], texts[i%len(arts)])
		}
	})
}

// cpuPerOp reports the process's CPU time (user and system) per operation
// as cpu-ns/op when the returned function is called: on a machine shared
// with other work, wall time per operation grows with the load, CPU time
// much less.
func cpuPerOp(b *testing.B) func() {
	start := cpuTime()
	return func() {
		b.ReportMetric(float64((cpuTime()-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
