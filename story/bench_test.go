package story

import (
	"testing"
	"time"

	"github.com/rapporteur/rapporteur/story/internal/syndicate"
)

// benchCorpus returns the simulator's stream over wikinews-tosca, or skips.
func benchCorpus(b *testing.B) []syndicate.Input {
	b.Helper()
	origs, err := syndicate.ReadOriginals(toscaPath)
	if err != nil {
		b.Skipf("no wikinews-tosca corpus (%v); it lives in ../shared next to the repository", err)
	}
	ins, _ := syndicate.Generate(origs, syndicate.DefaultLevels, 1)
	return ins
}

// BenchmarkDupInsertQuery measures near-duplicate detection: sketch the
// text, query the index, insert; the index holds the simulator's stream
// (about 12,000 articles) and starts over when it has seen all of it.
func BenchmarkDupInsertQuery(b *testing.B) {
	ins := benchCorpus(b)
	d := NewDups(DupConfig{})
	t0 := time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		in := ins[i%len(ins)]
		if i%len(ins) == 0 && i > 0 {
			b.StopTimer()
			d = NewDups(DupConfig{})
			b.StartTimer()
		}
		d.Insert(in.ID, d.Sketch(in.Text), t0, false)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}
