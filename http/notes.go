package http

import (
	"context"
	"net/http"
	"strconv"

	"github.com/rapporteur/rapporteur"
)

// Notes (issue 15): a newsroom's note on an article or on one of its
// statements, with a status, shown beside the statement, searchable with
// has:note and note:STATUS, exported, and in the API. Writing one needs
// the write token, as every write route does.

// noteStore is a store of notes (sqlite.DB is one).
type noteStore interface {
	AddNote(ctx context.Context, n *rapporteur.Note) error
	Notes(ctx context.Context, articleID int64) ([]*rapporteur.Note, error)
	DeleteNote(ctx context.Context, id int64) error
	AllNotes(ctx context.Context, afterID int64, limit int, status string) ([]*rapporteur.Note, error)
}

func (s *Server) notes() (noteStore, error) {
	ns, ok := capability[noteStore](s.cfg.Store)
	if !ok {
		return nil, rapporteur.Errorf(rapporteur.ENOTFOUND, "this store keeps no notes")
	}
	return ns, nil
}

// noteInput is the body of POST /api/v1/articles/{id}/notes.
type noteInput struct {
	StatementID int64  `json:"statement_id"`
	Status      string `json:"status"`
	Author      string `json:"author"`
	Text        string `json:"text"`
}

// addNote stores a note on article id, or on its statement in.StatementID.
func (s *Server) addNote(ctx context.Context, id int64, in noteInput) (*rapporteur.Note, error) {
	ns, err := s.notes()
	if err != nil {
		return nil, err
	}
	n := &rapporteur.Note{ArticleID: id, StatementID: in.StatementID, Status: in.Status, Author: in.Author, Text: in.Text}
	if err := ns.AddNote(ctx, n); err != nil {
		return nil, err
	}
	if n.ArticleID != id {
		// The statement is another article's: undo rather than file a
		// note where the reader did not put it.
		ns.DeleteNote(ctx, n.ID)
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "statement %d is not one of article %d", in.StatementID, id)
	}
	return n, nil
}

func (s *Server) apiArticleNotes(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	ns, err := s.notes()
	if err != nil {
		return err
	}
	if _, err := s.cfg.Store.Article(r.Context(), id); err != nil {
		return err
	}
	list, err := ns.Notes(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listBody[*rapporteur.Note]{Items: list})
}

func (s *Server) apiNoteCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	var in noteInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	n, err := s.addNote(r.Context(), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, n)
}

func (s *Server) apiNoteDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	ns, err := s.notes()
	if err != nil {
		return err
	}
	if err := ns.DeleteNote(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// apiNotes lists every note, oldest first, of one status with ?status=:
// as JSON pages, or whole as CSV or JSON Lines (format=csv, jsonl).
func (s *Server) apiNotes(w http.ResponseWriter, r *http.Request) error {
	ns, err := s.notes()
	if err != nil {
		return err
	}
	v := r.URL.Query()
	status := v.Get("status")
	if !rapporteur.ValidNoteStatus(status) {
		return rapporteur.Errorf(rapporteur.EINVALID, "status %q is not verified, disputed or needs-check", status)
	}
	limit, err := limitParam(v)
	if err != nil {
		return err
	}
	l := list[*rapporteur.Note]{
		name: "notes",
		fetch: func(ctx context.Context, cursor string, n int) (rapporteur.Page[*rapporteur.Note], error) {
			var p rapporteur.Page[*rapporteur.Note]
			after := int64(0)
			if cursor != "" {
				if after, err = strconv.ParseInt(cursor, 10, 64); err != nil || after < 0 {
					return p, rapporteur.Errorf(rapporteur.EINVALID, "invalid cursor %q", cursor)
				}
			}
			if n <= 0 || n > 500 {
				n = 100
			}
			items, err := ns.AllNotes(ctx, after, n+1, status)
			if err != nil {
				return p, err
			}
			if len(items) > n {
				items = items[:n]
				p.Next = itoa(items[n-1].ID)
			}
			p.Items = items
			return p, nil
		},
		header: []string{"id", "article_id", "statement_id", "quote", "status", "author", "text", "created"},
		row: func(n *rapporteur.Note) []string {
			return []string{itoa(n.ID), itoa(n.ArticleID), optID(n.StatementID), n.Quote, n.Status, n.Author, n.Text, csvTime(n.Created)}
		},
	}
	return serveList(s, w, r, l, v.Get("cursor"), limit)
}

// uiNoteAdd is the note form of the article page.
func (s *Server) uiNoteAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	in := noteInput{Status: r.PostFormValue("status"), Author: r.PostFormValue("author"), Text: r.PostFormValue("text")}
	if st := r.PostFormValue("statement"); st != "" {
		if in.StatementID, err = strconv.ParseInt(st, 10, 64); err != nil {
			return rapporteur.Errorf(rapporteur.EINVALID, "statement %q is not an id", st)
		}
	}
	n, err := s.addNote(r.Context(), id, in)
	if err != nil {
		return err
	}
	anchor := "#notes"
	if n.StatementID != 0 {
		anchor = "#note-" + itoa(n.ID)
	}
	http.Redirect(w, r, "/articles/"+itoa(id)+anchor, http.StatusSeeOther)
	return nil
}

// notesPanel is the notes of an article page: those on the article, and
// those on each statement by statement id, with the form's choices.
type notesPanel struct {
	Article     []*rapporteur.Note
	ByStatement map[int64][]*rapporteur.Note
	// Orphans are notes on words the article, stored again, no longer has.
	Orphans  []*rapporteur.Note
	Statuses []string
}

// articleNotes reads the notes of article id, nil when the store keeps none.
func (s *Server) articleNotes(ctx context.Context, id int64) (*notesPanel, error) {
	ns, ok := capability[noteStore](s.cfg.Store)
	if !ok {
		return nil, nil
	}
	list, err := ns.Notes(ctx, id)
	if err != nil {
		return nil, err
	}
	p := &notesPanel{ByStatement: map[int64][]*rapporteur.Note{},
		Statuses: []string{rapporteur.NoteVerified, rapporteur.NoteDisputed, rapporteur.NoteNeedsCheck}}
	for _, n := range list {
		switch {
		case n.Quote == "":
			p.Article = append(p.Article, n)
		case n.StatementID != 0:
			p.ByStatement[n.StatementID] = append(p.ByStatement[n.StatementID], n)
		default:
			p.Orphans = append(p.Orphans, n)
		}
	}
	return p, nil
}

// For returns the notes of one statement, for the template.
func (p *notesPanel) For(id int64) []*rapporteur.Note {
	if p == nil {
		return nil
	}
	return p.ByStatement[id]
}
