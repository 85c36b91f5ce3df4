package story

import (
	"runtime"
	"strings"
	"syscall"
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

// cpuTime is the CPU time the process has used (user and system, all
// threads): rates per CPU second stay meaningful on a machine whose cores
// other programs share.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// heapInUse returns the live heap after a collection.
func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// BenchmarkDupInsertQuery measures near-duplicate detection on the
// simulator's stream (wire copies and originals): sketch the text, query
// the articles published within a week of it, insert. The index holds
// the whole stream (about 11,000 articles), in publication order.
func BenchmarkDupInsertQuery(b *testing.B) {
	ins := benchCorpus(b)
	ats := make([]time.Time, len(ins))
	for i, in := range ins {
		ats[i], _ = time.Parse(time.DateOnly, in.Published)
	}
	d := NewDups(DupConfig{})
	b.ReportAllocs()
	cpu := cpuTime()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		k := i % len(ins)
		if k == 0 && i > 0 {
			b.StopTimer()
			d = NewDups(DupConfig{})
			b.StartTimer()
		}
		d.Insert(ins[k].ID, d.Sketch(ins[k].Text), ats[k])
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(float64(b.N)/(cpuTime()-cpu).Seconds(), "articles/cpu-s")
}

// BenchmarkDup1M fills a near-duplicate index with a million articles
// (sketches of the tosca texts with their MinHash values re-drawn per
// copy, so that they are a million different texts), reports the heap it
// holds per article, then measures insert + query of the simulator's
// articles against that window.
func BenchmarkDup1M(b *testing.B) {
	ins := benchCorpus(b)
	const n = 1_000_000
	d := NewDups(DupConfig{MaxArticles: 2 * n})
	sks := make([]Sketch, 0, 1000)
	for _, in := range ins[:1000] {
		sks = append(sks, d.Sketch(in.Text))
	}
	ids := make([]string, n)
	for i := range ids {
		ids[i] = "window-" + itoa(i)
	}
	before := heapInUse()
	sk := Sketch{Sig: make([]uint32, len(sks[0].Sig))}
	at := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		src := sks[i%len(sks)]
		for j, v := range src.Sig {
			sk.Sig[j] = v ^ uint32(mix(uint64(i)<<8|uint64(j)))
		}
		sk.SimHash, sk.Size = src.SimHash^mix(uint64(i)), src.Size
		d.Insert(ids[i], sk, at)
	}
	perArticle := float64(heapInUse()-before) / n
	b.ReportAllocs()
	cpu := cpuTime()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		in := ins[i%len(ins)]
		d.Insert(in.ID+"#"+itoa(i), d.Sketch(in.Text), at)
	}
	b.StopTimer()
	// Reported after the loop: ResetTimer clears metrics reported before.
	b.ReportMetric(perArticle, "B/article")
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(float64(b.N)/(cpuTime()-cpu).Seconds(), "articles/cpu-s")
}

func itoa(i int) string {
	var buf [20]byte
	p := len(buf)
	for {
		p--
		buf[p] = byte('0' + i%10)
		i /= 10
		if i == 0 {
			return string(buf[p:])
		}
	}
}

// storyWindowSize is the number of articles in the window of
// BenchmarkStoryAssign1M.
const storyWindowSize = 1_000_000

// BenchmarkStoryAssign1M measures story assignment (weigh the terms, find
// candidate stories, score them, join or start a story, merge) with a
// million articles in the window. The window is made of the tosca
// articles' vectors, each replicated about 180 times with every term
// moved to one of 64 variants of it (chosen per copy and term), so that
// copies of one article are different stories over a vocabulary 64 times
// as large, with posting lists as long as a million articles make them.
// The window's stories are single articles, the worst case for memory;
// the heap they hold is reported per article.
func BenchmarkStoryAssign1M(b *testing.B) {
	origs, err := syndicate.ReadOriginals(toscaPath)
	if err != nil {
		b.Skipf("no wikinews-tosca corpus (%v); it lives in ../shared next to the repository", err)
	}
	c, err := NewClusters(ClusterConfig{})
	if err != nil {
		b.Fatal(err)
	}
	fs := make([]Features, len(origs))
	for i, o := range origs {
		fs[i] = benchFeatures(o.Title, o.Text)
		c.Learn(fs[i])
	}
	vs := make([]Vector, len(origs))
	for i := range fs {
		vs[i] = c.Vector(fs[i])
	}
	at := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	ids := make([]string, storyWindowSize)
	for i := range ids {
		ids[i] = "window-" + itoa(i)
	}
	before := heapInUse()
	for i := range storyWindowSize {
		v := variant(vs[i%len(vs)], i)
		c.add(-1, v, Member{ID: ids[i], At: at}, 1, &fs[i%len(fs)])
	}
	perArticle := float64(heapInUse()-before) / storyWindowSize
	b.ReportAllocs()
	cpu := cpuTime()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		k := i % len(fs)
		c.Learn(fs[k])
		v := variant(c.Vector(fs[k]), storyWindowSize+i)
		// As Linker.Commit: the series rule and the storyline measure
		// on the candidates, then the join and the storyline link.
		slot, sim, line := c.assign(v, &fs[k], at)
		var lineID string
		if line >= 0 {
			lineID = c.stories[line].id
		}
		id := c.add(slot, v, Member{ID: "new-" + itoa(i), At: at}, sim, &fs[k])
		if lineID != "" {
			c.joinLines(id, lineID)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(float64(b.N)/(cpuTime()-cpu).Seconds(), "articles/cpu-s")
	b.ReportMetric(float64(c.Len()), "stories")
	b.ReportMetric(perArticle, "B/article")
}

// benchFeatures are an article's features with stand-ins for the entity
// tagger's people (the corpus has no entities): every run of two or
// three capitalised words inside a sentence, at most 20, so that stories
// keep people's names and the ActorMismatch rule runs on the candidates
// as it does on tagged articles.
func benchFeatures(title, text string) Features {
	var names []string
	var kinds []entityKind
	fields := strings.Fields(text)
	for i := 1; i < len(fields) && len(names) < 20; i++ {
		j := i
		for j < len(fields) && j-i < 3 && fields[j][0] >= 'A' && fields[j][0] <= 'Z' && !strings.HasSuffix(fields[j-1], ".") {
			j++
		}
		if j-i >= 2 {
			names = append(names, strings.Join(fields[i:j], " "))
			kinds = append(kinds, personEntity)
		}
		i = j
	}
	return newFeatures(title, text, names, kinds)
}

// variant moves each term of v to one of 64 variants, chosen by the copy
// number and the term.
func variant(v Vector, copyNo int) Vector {
	out := make(Vector, len(v))
	for i, t := range v {
		out[i] = term{t.h ^ uint32(mix(uint64(t.h)<<32|uint64(copyNo))&63)<<26, t.w}
	}
	sortTerms(out)
	return out
}
