package storetest

import (
	"context"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// Noter is a store of notes on articles and statements (issue 15): the
// http package's note interface.
type Noter interface {
	rapporteur.Store
	AddNote(ctx context.Context, n *rapporteur.Note) error
	Notes(ctx context.Context, articleID int64) ([]*rapporteur.Note, error)
	DeleteNote(ctx context.Context, id int64) error
	AllNotes(ctx context.Context, afterID int64, limit int, status string) ([]*rapporteur.Note, error)
}

// OpenNoter returns a new, empty store with notes.
type OpenNoter func(t *testing.T) Noter

// RunNotes runs the contract of notes: a note on an article or a
// statement is listed with the article, found by has:note and
// note:STATUS, follows its statement when the article is stored again,
// and goes with it when deleted.
func RunNotes(t *testing.T, open OpenNoter) {
	ctx := context.Background()
	t.Run("AddListSearch", func(t *testing.T) {
		s := open(t)
		defer s.Close()
		facetCorpus(t, s)
		flood := articleIDs(t, s, "flood rises")[0]
		st, err := s.Statements(ctx, rapporteur.StatementFilter{ArticleID: flood})
		if err != nil || len(st.Items) != 1 {
			t.Fatalf("statements of the flood article: %v, %v", st.Items, err)
		}
		sn := &rapporteur.Note{StatementID: st.Items[0].ID, Status: rapporteur.NoteDisputed, Author: "Desk", Text: "The river authority says tomorrow."}
		if err := s.AddNote(ctx, sn); err != nil {
			t.Fatal(err)
		}
		if sn.ID == 0 || sn.ArticleID != flood || sn.Quote != st.Items[0].Content.Text || sn.Created.IsZero() {
			t.Errorf("added note: %+v", sn)
		}
		budget := articleIDs(t, s, "budget")[0]
		an := &rapporteur.Note{ArticleID: budget, Status: rapporteur.NoteVerified, Author: "Desk", Text: "Checked with the council."}
		if err := s.AddNote(ctx, an); err != nil {
			t.Fatal(err)
		}
		notes, err := s.Notes(ctx, flood)
		if err != nil || len(notes) != 1 || notes[0].StatementID != st.Items[0].ID || notes[0].Status != rapporteur.NoteDisputed || notes[0].Author != "Desk" {
			t.Fatalf("notes of the flood article: %+v, %v", notes, err)
		}
		for _, c := range []struct {
			q    string
			want int
		}{{"has:note", 2}, {"note:disputed", 1}, {"note:verified", 1}, {"note:needs-check", 0}, {"flood has:note", 1}, {"-has:note", 2}} {
			if got := len(articleIDs(t, s, c.q)); got != c.want {
				t.Errorf("articles %q: %d, want %d", c.q, got, c.want)
			}
		}
		for _, c := range []struct {
			q    string
			want int
		}{{"has:note", 1}, {"note:disputed", 1}, {"note:verified", 0}} {
			p, err := s.Statements(ctx, rapporteur.StatementFilter{Query: c.q})
			if err != nil || len(p.Items) != c.want {
				t.Errorf("statements %q: %d (%v), want %d", c.q, len(p.Items), err, c.want)
			}
		}
		// Stored again (new statement ids): the note follows the words.
		a := Article("https://daily.example/flood-1", "Flood rises", "The river rose overnight. Mayor Ana Ruiz said the flood would peak today. More rain came.", Day,
			Quote{Kind: rapporteur.Indirect, Content: "the flood would peak today", Cue: "said", Speaker: "Ana Ruiz", Mention: "Mayor Ana Ruiz"})
		put(t, s, a)
		st2, err := s.Statements(ctx, rapporteur.StatementFilter{ArticleID: flood})
		if err != nil || len(st2.Items) != 1 {
			t.Fatal(err)
		}
		notes, err = s.Notes(ctx, flood)
		if err != nil || len(notes) != 1 || notes[0].StatementID != st2.Items[0].ID {
			t.Errorf("after storing again: notes %+v (statement now %d), %v", notes, st2.Items[0].ID, err)
		}
		all, err := s.AllNotes(ctx, 0, 10, "")
		if err != nil || len(all) != 2 || all[0].ID != sn.ID || all[1].ID != an.ID {
			t.Errorf("all notes: %+v, %v", all, err)
		}
		if page, err := s.AllNotes(ctx, sn.ID, 10, ""); err != nil || len(page) != 1 || page[0].ID != an.ID {
			t.Errorf("notes after %d: %+v, %v", sn.ID, page, err)
		}
		if ver, err := s.AllNotes(ctx, 0, 10, rapporteur.NoteVerified); err != nil || len(ver) != 1 || ver[0].ID != an.ID {
			t.Errorf("verified notes: %+v, %v", ver, err)
		}
		if err := s.DeleteNote(ctx, an.ID); err != nil {
			t.Fatal(err)
		}
		if got := len(articleIDs(t, s, "has:note")); got != 1 {
			t.Errorf("after deleting a note, has:note finds %d articles, want 1", got)
		}
	})
	t.Run("Invalid", func(t *testing.T) {
		s := open(t)
		defer s.Close()
		facetCorpus(t, s)
		id := articleIDs(t, s, "budget")[0]
		for _, n := range []rapporteur.Note{
			{ArticleID: id, Status: "wrong", Author: "Desk", Text: "x"},
			{ArticleID: id, Author: " ", Text: "x"},
			{ArticleID: id, Author: "Desk"},
		} {
			if err := s.AddNote(ctx, &n); rapporteur.ErrorCode(err) != rapporteur.EINVALID {
				t.Errorf("note %+v: %v, want EINVALID", n, err)
			}
		}
		for _, n := range []rapporteur.Note{{ArticleID: 999, Author: "Desk", Text: "x"}, {StatementID: 999, Author: "Desk", Text: "x"}} {
			if err := s.AddNote(ctx, &n); rapporteur.ErrorCode(err) != rapporteur.ENOTFOUND {
				t.Errorf("note %+v: %v, want ENOTFOUND", n, err)
			}
		}
	})
}

// articleIDs returns the ids of the articles a query finds.
func articleIDs(t *testing.T, s rapporteur.Store, q string) []int64 {
	t.Helper()
	p, err := s.Articles(context.Background(), rapporteur.ArticleFilter{Query: q, Limit: 100})
	if err != nil {
		t.Fatalf("articles %q: %v", q, err)
	}
	var ids []int64
	for _, a := range p.Items {
		ids = append(ids, a.ID)
	}
	return ids
}
