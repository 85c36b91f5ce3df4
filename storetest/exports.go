package storetest

import (
	"context"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// ExportExtras is a store that gives what an export adds to each article
// and statement of a page, a page at a time (issue 15): the story's
// storyline and the notes. The http package's export reads them.
type ExportExtras interface {
	Storylines
	AddNote(ctx context.Context, n *rapporteur.Note) error
	ArticleStories(ctx context.Context, ids []int64) (map[int64]rapporteur.ArticleStory, error)
	NotesOfArticles(ctx context.Context, ids []int64) (map[int64][]*rapporteur.Note, error)
}

// OpenExportExtras returns a new, empty store for one test.
type OpenExportExtras func(t *testing.T) ExportExtras

// RunExportExtras runs the contract of the export extras: an article's
// storyline is the key Storyline gives its story (the story's own key
// until linked, the storyline's once linked), an article in no story has
// none, and each article's notes (its own and its statements', with the
// statement ids) come with it, none with another.
func RunExportExtras(t *testing.T, open OpenExportExtras) {
	t.Run("Storylines", func(t *testing.T) {
		s := open(t)
		defer s.Close()
		ids := storylineCorpus(t, s)
		loose := put(t, s, Article("https://one.example/loose", "Loose", "Not in a story.", Day)).ID
		p, err := s.Articles(ctx, rapporteur.ArticleFilter{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		byKey := map[string]int64{} // story key → its article
		for key, id := range ids {
			for _, a := range p.Items {
				if a.StoryID == id {
					byKey[key] = a.ID
				}
			}
		}
		arts := []int64{byKey["pullout"], byKey["attack"], byKey["cup"], loose}
		got, err := s.ArticleStories(ctx, arts)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int64]rapporteur.ArticleStory{
			byKey["pullout"]: {StoryID: ids["pullout"], Storyline: "pullout"},
			byKey["attack"]:  {StoryID: ids["attack"], Storyline: "attack"},
			byKey["cup"]:     {StoryID: ids["cup"], Storyline: "cup"},
		}
		if !sameStories(got, want) {
			t.Errorf("before linking: %v, want %v (each story a storyline alone, the loose article none)", got, want)
		}
		if err := s.LinkStorylines(ctx, []rapporteur.StorylineLink{{StoryKey: "attack", StorylineKey: "pullout"}}); err != nil {
			t.Fatal(err)
		}
		if got, err = s.ArticleStories(ctx, arts); err != nil {
			t.Fatal(err)
		}
		want[byKey["attack"]] = rapporteur.ArticleStory{StoryID: ids["attack"], Storyline: "pullout"}
		if !sameStories(got, want) {
			t.Errorf("after linking attack into pullout: %v, want %v", got, want)
		}
		for id, st := range got {
			sl, err := s.Storyline(ctx, st.StoryID)
			if err != nil || sl.Key != st.Storyline {
				t.Errorf("article %d: storyline %q, but the storyline of its story reads %v (%v)", id, st.Storyline, sl, err)
			}
		}
		if got, err := s.ArticleStories(ctx, nil); err != nil || len(got) != 0 {
			t.Errorf("no ids: %v, %v", got, err)
		}
	})
	t.Run("Notes", func(t *testing.T) {
		s := open(t)
		defer s.Close()
		facetCorpus(t, s)
		flood, budget := articleIDs(t, s, "flood rises")[0], articleIDs(t, s, "budget")[0]
		peaks := articleIDs(t, s, "flood peaked")[0]
		st, err := s.Statements(ctx, rapporteur.StatementFilter{ArticleID: flood})
		if err != nil || len(st.Items) != 1 {
			t.Fatalf("statements of the flood article: %v, %v", st.Items, err)
		}
		notes := []*rapporteur.Note{
			{ArticleID: flood, Status: rapporteur.NoteNeedsCheck, Author: "Desk", Text: "Call the river authority."},
			{StatementID: st.Items[0].ID, Status: rapporteur.NoteDisputed, Author: "Ana", Text: "The authority says tomorrow."},
			{ArticleID: budget, Author: "Rui", Text: "Figures from the council."},
		}
		for _, n := range notes {
			if err := s.AddNote(ctx, n); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.NotesOfArticles(ctx, []int64{flood, budget, peaks})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || len(got[peaks]) != 0 {
			t.Errorf("notes of three articles, one without: %v", got)
		}
		f := got[flood]
		if len(f) != 2 || f[0].ID != notes[0].ID || f[0].StatementID != 0 || f[1].ID != notes[1].ID ||
			f[1].StatementID != st.Items[0].ID || f[1].Status != rapporteur.NoteDisputed || f[1].Author != "Ana" || f[1].Created.IsZero() {
			t.Errorf("notes of the flood article: %+v, want the article's then the statement's", f)
		}
		if b := got[budget]; len(b) != 1 || b[0].Text != "Figures from the council." || b[0].Status != "" {
			t.Errorf("notes of the budget article: %+v", b)
		}
	})
}

func sameStories(a, b map[int64]rapporteur.ArticleStory) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
