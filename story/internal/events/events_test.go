package events_test

import (
	"flag"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/attrib"
	"github.com/rapporteur/rapporteur/eval"
	"github.com/rapporteur/rapporteur/extract"
	"github.com/rapporteur/rapporteur/story"
	"github.com/rapporteur/rapporteur/story/internal/events"
	"github.com/rapporteur/rapporteur/story/internal/syndicate"
)

var calibrate = flag.Bool("calibrate", false, "print the story scores of a grid of clustering settings")

// The corpora live in ../shared next to the repository root.
const (
	recentPath = "../../../../shared/data/wikinews-2019-2020/wikinews_2019_2020.jsonl"
	toscaPath  = "../../../../shared/data/wikinews-tosca/wikinews_tosca.jsonl"
	groupsPath = "../../../testdata/stories/wikinews-events-groups.txt"
	linesPath  = "../../../testdata/stories/wikinews-storylines.txt"
)

// storylineGold returns the gold storyline of every article of the event
// gold (testdata/stories/wikinews-storylines.txt).
func storylineGold(t testing.TB, gold []eval.StoryLabel) []eval.StoryLabel {
	t.Helper()
	var ls []events.Label
	for _, g := range gold {
		ls = append(ls, events.Label{ID: g.ID, Story: g.Story})
	}
	sl, err := events.Storylines(linesPath, ls)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]eval.StoryLabel, len(sl))
	for i, l := range sl {
		out[i] = eval.StoryLabel{ID: l.ID, Story: l.Story}
	}
	return out
}

// storylinesOf returns the storyline of each linked article as a label.
func storylinesOf(l *story.Linker, links []eval.StoryLabel) []eval.StoryLabel {
	out := make([]eval.StoryLabel, len(links))
	for i, k := range links {
		out[i] = eval.StoryLabel{ID: k.ID, Story: l.Storyline(k.Story)}
	}
	return out
}

// eventArticles runs extract and attrib (as `rapporteur link` does) on the
// hand-grouped Wikinews events, or skips when the corpora are absent.
func eventArticles(t testing.TB) ([]rapporteur.Article, []eval.StoryLabel) {
	t.Helper()
	arts, labels, err := events.Build(groupsPath, recentPath, toscaPath)
	if err != nil {
		t.Skipf("no shared Wikinews corpora (../shared next to the repository): %v", err)
	}
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	at, err := attrib.New()
	if err != nil {
		t.Fatal(err)
	}
	out := make([]rapporteur.Article, len(arts))
	var wg sync.WaitGroup
	for i, a := range arts {
		wg.Go(func() {
			r, err := x.Verbatim(a.ID, a.Title, a.Text)
			if err != nil {
				t.Errorf("%s: %v", a.ID, err)
				return
			}
			r = at.Attribute(r)
			p, _ := time.Parse(time.DateOnly, a.Published)
			r.ID, r.Title, r.Published = a.ID, a.Title, &p
			out[i] = r
		})
	}
	wg.Wait()
	var gl []eval.StoryLabel
	for _, l := range labels {
		gl = append(gl, eval.StoryLabel{ID: l.ID, Story: l.Story})
	}
	return out, gl
}

// linkAll runs the articles through a Linker and returns the final story
// of each.
func linkAll(l *story.Linker, arts []rapporteur.Article) []eval.StoryLabel {
	links := make([]story.Link, len(arts))
	for i, a := range arts {
		links[i] = l.Add(a)
	}
	out := make([]eval.StoryLabel, len(links))
	for i, k := range links {
		out[i] = eval.StoryLabel{ID: k.ID, Story: l.Resolve(k.Story)}
		if k.DuplicateOf != "" {
			d := k.DuplicateOf
			out[i].DuplicateOf = &d
		}
	}
	return out
}

// TestCalibrateStories scores a grid of clustering settings on the
// hand-grouped events by half (the 2019-2020 articles, the tosca ones) and
// cross-validates: the setting best on one half is scored on the other,
// which is the honest number; the whole set's score of each is printed
// beside it.
//
//	go test ./story/internal/events -run CalibrateStories -calibrate -v
func TestCalibrateStories(t *testing.T) {
	if !*calibrate {
		t.Skip("run with -calibrate")
	}
	arts, gold := eventArticles(t)
	half := func(ls []eval.StoryLabel, recent bool) []eval.StoryLabel {
		var out []eval.StoryLabel
		for _, l := range ls {
			if (len(l.ID) > 9 && l.ID[:9] == "wikinews:") == recent {
				out = append(out, l)
			}
		}
		return out
	}
	type run struct {
		cfg                 story.ClusterConfig
		all, rec, tos, a, b float64
	}
	// Halves A and B split the gold events by a hash of their label, so
	// that each half has storylines and singletons of both periods.
	byEvent := func(ls []eval.StoryLabel, h uint32) []eval.StoryLabel {
		var out []eval.StoryLabel
		for _, l := range ls {
			f := fnv.New32a()
			f.Write([]byte(l.Story))
			if f.Sum32()%2 == h {
				out = append(out, l)
			}
		}
		return out
	}
	// The grid: every combination of these values.
	var grid []story.ClusterConfig
	for _, th := range []float64{0.08, 0.1, 0.12, 0.15} {
		for _, ew := range []float64{0.5, 1} {
			for _, tw := range []float64{0.25, 0.5} {
				for _, pw := range []float64{1, 2} {
					for _, dg := range []float64{1e-9, 1} {
						for _, pm := range []float64{1, 1e-9} {
							for _, pa := range []float64{1, 1.5, 2} {
								for _, am := range []float64{1, 1e-9} {
									grid = append(grid, story.ClusterConfig{Threshold: th, EntityWeight: ew, TitleWeight: tw, PlaceWeight: pw, DecayGrowth: dg, PlaceMismatch: pm, PlaceMatch: pa, ActorMismatch: am})
								}
							}
						}
					}
				}
			}
		}
	}
	show := func(name string, r run) {
		c := r.cfg
		fmt.Printf("%s: threshold %.2f entities %.1f title %.2f places %.1f growth %.1f mismatch %.1f match %.1f actors %.1f: F1 whole %.3f | A %.3f | B %.3f | 2019-20 %.3f | tosca %.3f\n", name, c.Threshold, c.EntityWeight, c.TitleWeight, c.PlaceWeight, c.DecayGrowth, c.PlaceMismatch, c.PlaceMatch, c.ActorMismatch, r.all, r.a, r.b, r.rec, r.tos)
	}
	var runs []run
	for _, cc := range grid {
		pred := linkAll(newLinker(t, story.Config{Cluster: cc}, nil), arts)
		r := run{cfg: cc,
			all: eval.ScoreStories(gold, pred).Stories.Pairwise.F1,
			rec: eval.ScoreStories(half(gold, true), pred).Stories.Pairwise.F1,
			tos: eval.ScoreStories(half(gold, false), pred).Stories.Pairwise.F1,
			a:   eval.ScoreStories(byEvent(gold, 0), pred).Stories.Pairwise.F1,
			b:   eval.ScoreStories(byEvent(gold, 1), pred).Stories.Pairwise.F1}
		runs = append(runs, r)
		if testing.Verbose() {
			show("grid", r)
		}
	}
	best := func(score func(run) float64) run {
		b := runs[0]
		for _, r := range runs[1:] {
			if score(r) > score(b) {
				b = r
			}
		}
		return b
	}
	fa := best(func(r run) float64 { return r.a })
	fb := best(func(r run) float64 { return r.b })
	show("fit on A, held-out B", fa)
	show("fit on B, held-out A", fb)
	fmt.Printf("cross-validated pairwise F1, events split by label hash: A %.3f (fit on B), B %.3f (fit on A)\n", fb.a, fa.b)
	fr := best(func(r run) float64 { return r.rec })
	ft := best(func(r run) float64 { return r.tos })
	show("fit on 2019-20, held-out tosca", fr)
	show("fit on tosca, held-out 2019-20", ft)
	fmt.Printf("cross-validated pairwise F1, split by period: 2019-20 %.3f (fit on tosca), tosca %.3f (fit on 2019-20)\n", ft.rec, fr.tos)
	show("best on the whole set (not held out)", best(func(r run) float64 { return r.all }))
}

// backgroundCorpus returns the tosca articles that are not in the event
// set, to warm the IDF up with as a server's history would.
func backgroundCorpus(t testing.TB, arts []rapporteur.Article) []syndicate.Original {
	t.Helper()
	origs, err := syndicate.ReadOriginals(toscaPath)
	if err != nil {
		t.Skipf("no wikinews-tosca corpus: %v", err)
	}
	in := map[string]bool{}
	for _, a := range arts {
		in[a.ID] = true
	}
	var out []syndicate.Original
	for _, o := range origs {
		if !in[o.ID] {
			out = append(out, o)
		}
	}
	return out
}

// newLinker returns a Linker whose IDF has learnt the warm-up articles.
func newLinker(t testing.TB, cfg story.Config, warm []syndicate.Original) *story.Linker {
	t.Helper()
	l, err := story.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range warm {
		l.Learn(o.Title, o.Text)
	}
	return l
}

// TestWikinewsEvents scores the default Linker on the hand-grouped
// Wikinews events, as `rapporteur link` and `rapporteur eval stories`
// would. The target is pairwise F1 ≥ 0.90; the test logs the
// scores and fails only when they fall well below what the defaults
// measured (pairwise F1 0.929 with the actor rule; the entities that
// extraction finds move it by a few points, and the actor rule reads
// their types), so that a change that makes story linking worse is seen.
// It also logs the score with the IDF warmed up on the tosca articles
// outside the set, as a server with a history weighs terms.
func TestWikinewsEvents(t *testing.T) {
	arts, gold := eventArticles(t)
	l := newLinker(t, story.Config{}, nil)
	pred := linkAll(l, arts)
	s := eval.ScoreStories(gold, pred).Stories
	t.Logf("%d articles, %d gold events: pairwise P %.3f R %.3f F1 %.3f, BCubed F1 %.3f", s.Items, s.GoldClusters, s.Pairwise.Precision, s.Pairwise.Recall, s.Pairwise.F1, s.BCubed.F1)
	if s.Pairwise.F1 < 0.87 {
		t.Errorf("pairwise F1 %.3f fell under 0.87", s.Pairwise.F1)
	}
	warm := backgroundCorpus(t, arts)
	ws := eval.ScoreStories(gold, linkAll(newLinker(t, story.Config{}, warm), arts)).Stories
	t.Logf("IDF warmed up on %d other articles: pairwise P %.3f R %.3f F1 %.3f, BCubed F1 %.3f", len(warm), ws.Pairwise.Precision, ws.Pairwise.Recall, ws.Pairwise.F1, ws.BCubed.F1)
	lines := storylinesOf(l, pred)
	sl := eval.ScoreStories(storylineGold(t, gold), lines).Stories
	t.Logf("%d gold storylines: pairwise P %.3f R %.3f F1 %.3f (%d gold pairs, %d predicted), BCubed F1 %.3f", sl.GoldClusters, sl.Pairwise.Precision, sl.Pairwise.Recall, sl.Pairwise.F1, sl.GoldPairs, sl.PredPairs, sl.BCubed.F1)
	// Storylines hold whole stories: two articles of one story are of
	// one storyline.
	byStory := map[string]string{}
	for i, p := range pred {
		if prev, ok := byStory[p.Story]; ok && prev != lines[i].Story {
			t.Errorf("story %s is in storylines %s and %s", p.Story, prev, lines[i].Story)
		}
		byStory[p.Story] = lines[i].Story
	}
}

// TestWikinewsEventsOrders links the hand-grouped events in date order
// and in five seeded shuffles, two ways: as a batch (`rapporteur link`,
// a bulk store, the start-up rebuild), which links in publication order
// (story.Chronological) and must agree exactly with the date order; and
// online in arrival order, whose greedy clustering agrees less: it is
// logged, and fails only under 0.8. Agreement is the pairwise F1 of one
// partition against the other (the issue asks ≥ 0.95).
func TestWikinewsEventsOrders(t *testing.T) {
	arts, gold := eventArticles(t)
	byDate := linkAll(newLinker(t, story.Config{}, nil), arts)
	for s := range 6 {
		perm := slices.Clone(arts)
		name := "date"
		if s > 0 {
			name = fmt.Sprintf("shuffle %d", s)
			rng := rand.New(rand.NewPCG(uint64(s), 13))
			rng.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		}
		online := linkAll(newLinker(t, story.Config{}, nil), perm)
		batch := slices.Clone(perm)
		slices.SortStableFunc(batch, story.Chronological)
		sorted := linkAll(newLinker(t, story.Config{}, nil), batch)
		for _, r := range []struct {
			how  string
			pred []eval.StoryLabel
			min  float64
		}{{"batch", sorted, 1}, {"online", online, 0.8}} {
			sc := eval.ScoreStories(gold, r.pred).Stories
			agree := eval.ScoreStories(byDate, r.pred).Stories.Pairwise.F1
			t.Logf("%s, %s: pairwise P %.3f R %.3f F1 %.3f, BCubed F1 %.3f; agreement with the date order %.3f", name, r.how, sc.Pairwise.Precision, sc.Pairwise.Recall, sc.Pairwise.F1, sc.BCubed.F1, agree)
			if agree < r.min {
				t.Errorf("%s, %s: stories agree %.3f with the date order, want ≥ %.2f", name, r.how, agree, r.min)
			}
		}
	}
}
