package story

import (
	"testing"

	"github.com/rapporteur/rapporteur"
)

// visit is another happening at the flooded harbour of flood: a
// senator's visit, told with the flood's words and place.
var visit = []string{
	"Senator Bram Quill toured the harbour of Port Ardent on Wednesday, two days after floodwater from the river Velle closed it, and met dock workers of the stevedores union.",
	"Quill, who is said to be on the short list for the party's nomination, said the flood barrier built in 2011 should have been repaired years ago.",
	"His visit raised speculation that he would run, and his staff said the trip had been planned before the flood.",
}

// TestActorMismatch: an article whose headline names a person the story
// has never named starts its own story, though it shares the story's
// place and words (a senator's visit to the flooded harbour is not the
// flood); a headline naming one of the story's people joins it; and a
// "person" whose name is a common word (a tagging error) changes
// nothing. Without the rule (ActorMismatch 1) the visit joins the flood.
func TestActorMismatch(t *testing.T) {
	withPeople := func(a rapporteur.Article, people ...string) rapporteur.Article {
		a.Entities = append(a.Entities, rapporteur.Entity{Name: "Port Ardent", Type: rapporteur.Place, Mentions: 2})
		for _, p := range people {
			a.Entities = append(a.Entities, rapporteur.Entity{Name: p, Type: rapporteur.Person, Mentions: 1})
		}
		return a
	}
	flood := withPeople(article("flood", "Flood closes Port Ardent harbour", flood, 4, "a.example"), "Odile Ferrant")
	for _, tt := range []struct {
		name       string
		cfg        ClusterConfig
		a          rapporteur.Article
		joinsFlood bool
	}{
		{"unknown person in the headline", ClusterConfig{},
			withPeople(article("visit", "Quill's Port Ardent visit raises speculation", visit, 6, "b.example"), "Bram Quill"), false},
		{"the same without the rule", ClusterConfig{ActorMismatch: 1},
			withPeople(article("visit", "Quill's Port Ardent visit raises speculation", visit, 6, "b.example"), "Bram Quill"), true},
		{"known person in the headline", ClusterConfig{},
			withPeople(article("mayor", "Ferrant: Port Ardent flood barrier failed", reopening, 6, "b.example"), "Odile Ferrant", "Bram Quill"), true},
		{"a common word tagged as a person", ClusterConfig{},
			withPeople(article("police", "Police close Port Ardent harbour after flood", reopening, 6, "b.example"), "Harbour Police"), true},
	} {
		l := mustNew(t, Config{Cluster: tt.cfg})
		l.Add(flood)
		k := l.Add(tt.a)
		if got := l.Resolve(k.Story) == "flood"; got != tt.joinsFlood {
			t.Errorf("%s: %q joins the flood's story: %v, want %v", tt.name, tt.a.Title, got, tt.joinsFlood)
		}
	}
}

// TestActorSet: every word added is known, however many (a story of
// hundreds of articles keeps the people of its first and its latest), and
// words never added are taken for known at about the rate the type's
// comment gives.
func TestActorSet(t *testing.T) {
	var s actorSet
	if !s.empty() || s.has(fold32(mix(1))) {
		t.Fatal("an empty set knows a word")
	}
	for _, n := range []int{150, 300} {
		s = actorSet{}
		for i := range n {
			s.add(fold32(mix(uint64(i))))
		}
		for i := range n {
			if !s.has(fold32(mix(uint64(i)))) {
				t.Fatalf("%d words: word %d added and not known", n, i)
			}
		}
		wrong := 0
		const tries = 100000
		for i := range tries {
			if s.has(fold32(mix(uint64(n + i + 1)))) {
				wrong++
			}
		}
		rate := float64(wrong) / tries
		t.Logf("%d words in: %.3f of other words taken for known", n, rate)
		if max := map[int]float64{150: 0.06, 300: 0.22}[n]; rate > max {
			t.Errorf("%d words in: %.3f of other words taken for known, want ≤ %.2f", n, rate, max)
		}
	}
	var u actorSet
	u.add(7)
	u.union(&s)
	if !u.has(7) || !u.has(fold32(mix(0))) {
		t.Error("a union lost a word")
	}
}
