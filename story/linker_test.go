package story

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
)

func article(id, title string, paras []string, day int, site string, credits ...string) rapporteur.Article {
	at := time.Date(2024, 3, day, 9, 0, 0, 0, time.UTC)
	a := rapporteur.Article{ID: id, Title: title, Text: strings.Join(paras, "\n\n"), Published: &at, Site: site}
	for _, c := range credits {
		a.Credits = append(a.Credits, rapporteur.Credit{Name: c})
	}
	return a
}

// TestLinker follows a wire story through outlets: the copies point at
// the original and join its story, a follow-up on the same event joins
// the story without being a copy, and an unrelated article starts its
// own.
func TestLinker(t *testing.T) {
	l := mustNew(t, Config{})
	followUp := []string{
		"Engineers at Port Elsin began inspecting the remaining cranes of the northern container terminal on Wednesday, a day after a crane collapsed onto a cargo ship.",
		"Transport minister Ilse Varga said the independent investigation into the collapse would report within a month, and the harbour authority said the terminal would stay closed.",
		"Shipping companies diverted vessels to the southern terminal, where dock workers and unions said the condition of the cranes had worried them for years.",
	}
	steps := []struct {
		a         rapporteur.Article
		dupOf     string
		story     string
		sameStory bool
	}{
		{a: article("wire", "Crane collapse closes Port Elsin terminal", wire, 5, "wire.example", "Associated Press"), story: "wire"},
		{a: article("copy1", "Storm topples crane at Port Elsin", wire[:5], 5, "daily.example"), dupOf: "wire", story: "wire"},
		{a: article("other", "Marrow votes for new library", other, 5, "marrow.example"), story: "other"},
		{a: article("copy2", "UPDATE: Crane collapse closes Port Elsin terminal", append([]string{"Advertisement"}, wire...), 6, "herald.example"), dupOf: "wire", story: "wire"},
		{a: article("follow", "Port Elsin inspects cranes after collapse", followUp, 6, "herald.example"), story: "wire"},
	}
	for _, s := range steps {
		k := l.Add(s.a)
		if k.ID != s.a.ID || k.DuplicateOf != s.dupOf || k.Story != s.story {
			t.Errorf("%s: got %+v, want duplicate_of %q story %q", s.a.ID, k, s.dupOf, s.story)
		}
		if s.dupOf != "" && (k.Similarity < 0.5 || k.Similarity > 1) {
			t.Errorf("%s: similarity %.3f", s.a.ID, k.Similarity)
		}
	}
	st, ok := l.Story("wire")
	if !ok {
		t.Fatal("story wire not found")
	}
	if st.Articles != 4 || st.Title != "Crane collapse closes Port Elsin terminal" || st.First.Day() != 5 || st.Last.Day() != 6 {
		t.Errorf("story %+v", st)
	}
	if strings.Join(st.Outlets, ",") != "herald.example,wire.example,daily.example" || strings.Join(st.Credits, ",") != "Associated Press" {
		t.Errorf("outlets %v credits %v", st.Outlets, st.Credits)
	}
	if _, ok := l.Story("nope"); ok {
		t.Error("unknown story found")
	}
}

// TestLinkerRebuild: a Linker rebuilt from the same articles in the same
// order links the next article as the original does, which is how a
// server restores its index at start-up.
func TestLinkerRebuild(t *testing.T) {
	arts := []rapporteur.Article{
		article("a", "Crane collapse", wire, 1, ""),
		article("b", "Library vote", other, 1, ""),
		article("c", "Crane", wire[:4], 2, ""),
	}
	next := article("d", "Crane collapse at Port Elsin", wire[1:], 2, "")
	first := mustNew(t, Config{})
	for _, a := range arts {
		first.Add(a)
	}
	second := mustNew(t, Config{})
	if n := second.Rebuild(func(yield func(rapporteur.Article) bool) {
		for _, a := range arts {
			if !yield(a) {
				return
			}
		}
	}); n != len(arts) {
		t.Fatalf("rebuilt %d", n)
	}
	if got, want := second.Add(next), first.Add(next); !reflect.DeepEqual(got, want) {
		t.Errorf("after rebuild %+v, before %+v", got, want)
	}
}

// TestLinkerWindow: an article published further than the windows from
// another is neither its copy nor in its story, whichever comes first.
func TestLinkerWindow(t *testing.T) {
	for _, order := range [][2]int{{1, 20}, {20, 1}} {
		l := mustNew(t, Config{Dup: DupConfig{Window: 24 * time.Hour}, Cluster: ClusterConfig{Window: 48 * time.Hour}})
		l.Add(article("a", "Crane collapse", wire, order[0], ""))
		k := l.Add(article("b", "Crane collapse", wire, order[1], ""))
		if k.DuplicateOf != "" || k.Story != "b" {
			t.Errorf("days %v: %+v", order, k)
		}
	}
}

func mustNew(t testing.TB, cfg Config) *Linker {
	t.Helper()
	l, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestLinkerStories lists open stories, newest first, and reports merges.
func TestLinkerStories(t *testing.T) {
	var merges []string
	l := mustNew(t, Config{OnMerge: func(from, into string) { merges = append(merges, from+">"+into) }})
	l.Add(article("a", "Crane collapse", wire, 1, ""))
	l.Add(article("b", "Library vote", other, 2, ""))
	l.Add(article("c", "Crane collapse again", wire[:5], 3, ""))
	all := l.Stories(1, 0)
	if len(all) != 2 || all[0].ID != "a" || all[1].ID != "b" {
		t.Errorf("stories %+v", all)
	}
	if two := l.Stories(2, 0); len(two) != 1 || two[0].ID != "a" || two[0].Articles != 2 {
		t.Errorf("stories of two articles or more: %+v", two)
	}
	if one := l.Stories(1, 1); len(one) != 1 {
		t.Errorf("limit 1: %+v", one)
	}
	if len(merges) != 0 {
		t.Errorf("unexpected merges %v", merges)
	}
}

// TestMerge: two stories whose centroids converge merge into the older,
// and OnMerge tells the store.
func TestMerge(t *testing.T) {
	var merges []string
	c, err := NewClusters(ClusterConfig{MergeThreshold: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	c.onMerge = func(from, into string) { merges = append(merges, from+">"+into) }
	f1 := NewFeatures("Crane collapse", strings.Join(wire[:4], " "), nil)
	f2 := NewFeatures("Crane collapse", strings.Join(wire[3:], " "), nil)
	at := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	// Two stories started apart (as if the first articles had not met),
	// then a third article close to both joins the younger one.
	c.Add(-1, c.Vector(f1), Member{ID: "old", At: at}, 1)
	c.Add(-1, c.Vector(f2), Member{ID: "young", At: at.Add(time.Hour)}, 1)
	slot, _ := c.Assign(c.Vector(f2), at.Add(2*time.Hour))
	id := c.Add(slot, c.Vector(NewFeatures("Crane collapse", strings.Join(wire, " "), nil)), Member{ID: "both", At: at.Add(2 * time.Hour)}, 0.5)
	if id != "old" || c.Resolve("young") != "old" || len(merges) != 1 || merges[0] != "young>old" {
		t.Errorf("story %q, young resolves to %q, merges %v", id, c.Resolve("young"), merges)
	}
}
