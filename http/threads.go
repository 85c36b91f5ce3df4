package http

import (
	"context"
	"net/http"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/thread"
)

// Threads (issue 11): who accuses, who denies, who answers. A story's
// Thread view shows its statements with an act in time order, each reply
// indented under what it answers, across articles; an article's page
// shows the replies within it.

// threadStore is a store that threads stories (both stores do; the
// server finds it through a wrapping store, see capability).
type threadStore interface {
	StoryThread(ctx context.Context, storyID int64, f rapporteur.ThreadFilter) (*rapporteur.StoryThread, error)
}

func (s *Server) threads() (threadStore, error) {
	t, ok := capability[threadStore](s.cfg.Store)
	if !ok {
		return nil, rapporteur.Errorf(rapporteur.ENOTFOUND, "this store keeps no story threads")
	}
	return t, nil
}

func threadFilter(r *http.Request) (rapporteur.ThreadFilter, error) {
	f := rapporteur.ThreadFilter{Cursor: r.URL.Query().Get("cursor")}
	var err error
	f.Limit, err = limitParam(r.URL.Query())
	return f, err
}

// apiStoryThread is GET /api/v1/stories/{id}/thread.
func (s *Server) apiStoryThread(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.threads()
	if err != nil {
		return err
	}
	f, err := threadFilter(r)
	if err != nil {
		return err
	}
	return getJSON(w, r, func(ctx context.Context, id int64) (threadBody, error) {
		th, err := ts.StoryThread(ctx, id, f)
		b := threadBody{StoryThread: th}
		if th != nil && th.Next != "" {
			b.Next = &th.Next
		}
		return b, err
	})
}

// threadBody is the JSON of a thread page: next is null on the last page,
// as in the lists.
type threadBody struct {
	*rapporteur.StoryThread
	Next *string `json:"next"`
}

// maxIndent is the deepest indentation drawn: deeper replies stay at it,
// each still naming what it answers, so a long exchange fits a phone.
const maxIndent = 6

// threadRow is one statement of a thread view.
type threadRow struct {
	*rapporteur.StoredStatement
	Depth, Indent int
	// Parent is the statement answered (0 for none); ParentSpeaker names
	// its speaker, for the "answers …" line.
	Parent        int64
	ParentSpeaker string
	Across        bool
	Outlets       []string
	Copies        int
}

// threadPage is the data of a story's Thread view.
type threadPage struct {
	Story *rapporteur.StoredStory
	Rows  []threadRow
	Total int
	Next  string
}

func (s *Server) uiStoryThread(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	ts, err := s.threads()
	if err != nil {
		return err
	}
	f, err := threadFilter(r)
	if err != nil {
		return err
	}
	th, err := ts.StoryThread(r.Context(), id, f)
	if err != nil {
		return err
	}
	if th.StoryID != id { // merged into another story
		http.Redirect(w, r, "/stories/"+itoa(th.StoryID)+"/thread", http.StatusMovedPermanently)
		return nil
	}
	p := &threadPage{Story: th.Story, Total: th.Total, Next: nextURL(r.URL, th.Next)}
	speakers := map[int64]string{}
	for _, n := range th.Nodes {
		speakers[n.Statement.ID] = n.Statement.Speaker.Name
	}
	for _, n := range th.Nodes {
		p.Rows = append(p.Rows, threadRow{StoredStatement: n.Statement, Depth: n.Depth, Indent: min(n.Depth, maxIndent),
			Parent: n.Parent, ParentSpeaker: speakers[n.Parent], Across: n.Across, Outlets: n.Outlets, Copies: n.Copies})
	}
	s.render(w, r, http.StatusOK, "thread", "Thread · "+titleOr(th.Story.Title, "Story"), p)
	return nil
}

// articleThread returns the replies within an article as a thread: its
// statements with an act, each reply under what it answers; nil when no
// statement answers another.
func articleThread(a *rapporteur.StoredArticle) []threadRow {
	answered := false
	var items []thread.Item
	for i, st := range a.Statements {
		if st.Act == "" || st.Act == rapporteur.ActAssert && !isAnswered(a, i) {
			continue
		}
		it := thread.Item{ID: int64(i + 1), Node: &thread.Node{ID: int64(i + 1), Index: i}}
		for _, r := range st.RespondsTo {
			if r.Statement >= 0 && r.Statement < len(a.Statements) && r.Statement != i {
				it.Parent = int64(r.Statement + 1)
				answered = true
				break
			}
		}
		items = append(items, it)
	}
	if !answered {
		return nil
	}
	var rows []threadRow
	for _, p := range thread.Forest(items) {
		st := a.Statements[p.ID-1]
		row := threadRow{StoredStatement: st, Depth: p.Depth, Indent: min(p.Depth, maxIndent)}
		if p.Parent != 0 {
			parent := a.Statements[p.Parent-1]
			row.Parent, row.ParentSpeaker = parent.ID, parent.Speaker.Name
		}
		rows = append(rows, row)
	}
	return rows
}

// isAnswered reports whether another statement of a answers statement i.
func isAnswered(a *rapporteur.StoredArticle, i int) bool {
	for j, st := range a.Statements {
		for _, r := range st.RespondsTo {
			if j != i && r.Statement == i {
				return true
			}
		}
	}
	return false
}
