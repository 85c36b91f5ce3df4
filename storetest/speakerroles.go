package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
)

// SpeakerMainRoler is a store that gives each speaker of a list the role
// and affiliation it is quoted with most, as the speaker list shows it
// beside the name.
type SpeakerMainRoler interface {
	rapporteur.Store
	SpeakerMainRoles(ctx context.Context, ids []int64) (map[int64]rapporteur.SpeakerRole, error)
}

// OpenSpeakerMainRoler returns a new, empty store for one test.
type OpenSpeakerMainRoler func(t *testing.T) SpeakerMainRoler

// RunSpeakerMainRoles runs the contract of SpeakerMainRoles: a speaker's
// role is the role and affiliation of most of its statements, the first
// of the speaker page's roles; a speaker quoted without any role is left
// out; copies of an article do not count; an unknown id is left out.
func RunSpeakerMainRoles(t *testing.T, open OpenSpeakerMainRoler) {
	s := open(t)
	defer s.Close()
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	put(t, s, Article("https://roles.example/1", "One", "Jane Roe said the plan works. Ann Poe said it fails.", day,
		Quote{Content: "the plan works", Speaker: "Jane Roe", Cue: "said", Role: "minister", Affiliation: "Ruritania"},
		Quote{Content: "it fails", Speaker: "Ann Poe", Cue: "said"}))
	put(t, s, Article("https://roles.example/2", "Two", "Jane Roe said the plan is on time.", day.AddDate(0, 0, 1),
		Quote{Content: "the plan is on time", Speaker: "Jane Roe", Cue: "said", Role: "minister", Affiliation: "Ruritania"}))
	orig := put(t, s, Article("https://roles.example/3", "Three", "Jane Roe said the vote will pass.", day.AddDate(0, 0, 2),
		Quote{Content: "the vote will pass", Speaker: "Jane Roe", Cue: "said", Role: "party leader"}))
	// Copies of article 3 repeat the lesser role; they must not make it
	// the main one.
	for i, u := range []string{"https://copy.example/a", "https://copy.example/b"} {
		cp := put(t, s, Article(u, "Three", "Jane Roe said the vote will pass.", day.AddDate(0, 0, 3+i),
			Quote{Content: "the vote will pass", Speaker: "Jane Roe", Cue: "said", Role: "party leader"}))
		if err := s.LinkArticle(ctx, cp.ID, rapporteur.ArticleLink{DuplicateOf: orig.ID, Similarity: 1}); err != nil {
			t.Fatal(err)
		}
	}
	page, err := s.Speakers(ctx, rapporteur.SpeakerFilter{})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	var all []int64
	for _, sp := range page.Items {
		ids[sp.Name] = sp.ID
		all = append(all, sp.ID)
	}
	if ids["Jane Roe"] == 0 || ids["Ann Poe"] == 0 {
		t.Fatalf("speakers %v lack Jane Roe or Ann Poe", ids)
	}
	got, err := s.SpeakerMainRoles(ctx, append(all, ids["Jane Roe"]+ids["Ann Poe"]+100))
	if err != nil {
		t.Fatal(err)
	}
	r, ok := got[ids["Jane Roe"]]
	if !ok || r.Role != "minister" || r.Affiliation != "Ruritania" || r.Count != 2 {
		t.Errorf("Jane Roe's main role %+v (%v), want minister, Ruritania, 2 statements", r, ok)
	}
	sp, err := s.Speaker(ctx, ids["Jane Roe"])
	if err != nil {
		t.Fatal(err)
	}
	if len(sp.Roles) == 0 || sp.Roles[0].Role != r.Role || sp.Roles[0].Affiliation != r.Affiliation {
		t.Errorf("the list's role %+v is not the first of the speaker page's %+v", r, sp.Roles)
	}
	if r, ok := got[ids["Ann Poe"]]; ok {
		t.Errorf("Ann Poe, quoted without a role, has %+v", r)
	}
	if len(got) != 1 {
		t.Errorf("roles for %d speakers, want only Jane Roe's: %+v", len(got), got)
	}
	if got, err := s.SpeakerMainRoles(ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("no ids: %v, %v", got, err)
	}
}
