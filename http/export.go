package http

import (
	"context"
	"strconv"
	"strings"

	"github.com/rapporteur/rapporteur"
)

// What the article and statement lists add to the store's items (issue
// 15): the storyline of the article's story, and the newsroom's notes. A
// page's are read in one query each, whatever the page's length, so an
// export of a million rows stays a walk of pages.

// articleStories is a store that gives the story and storyline of a page
// of articles (both stores do).
type articleStories interface {
	ArticleStories(ctx context.Context, ids []int64) (map[int64]rapporteur.ArticleStory, error)
}

// articleNotes is a store that gives the notes of a page of articles, on
// them and on their statements (both stores do).
type articleNotes interface {
	NotesOfArticles(ctx context.Context, ids []int64) (map[int64][]*rapporteur.Note, error)
}

// articleRecord is an article as the article API and its exports give it.
type articleRecord struct {
	*rapporteur.StoredArticle
	// Storyline is the key of the story's storyline (as GET
	// /api/v1/stories/{story_id}/storyline gives it); absent for an
	// article in no story.
	Storyline string `json:"storyline,omitempty"`
	// Notes are the notes on the article and on its statements (those
	// have statement_id), oldest first.
	Notes []*rapporteur.Note `json:"notes"`
}

// statementRecord is a statement as the statement API and its exports
// give it.
type statementRecord struct {
	*rapporteur.StoredStatement
	// StoryID and Storyline are those of the statement's article.
	StoryID   int64  `json:"story_id,omitempty"`
	Storyline string `json:"storyline,omitempty"`
	// Notes are the notes on the statement's words, oldest first.
	Notes []*rapporteur.Note `json:"notes"`
}

// pageExtras reads the stories and notes of the articles of ids; either
// map is empty when the store keeps none.
func (s *Server) pageExtras(ctx context.Context, ids []int64) (map[int64]rapporteur.ArticleStory, map[int64][]*rapporteur.Note, error) {
	var stories map[int64]rapporteur.ArticleStory
	var notes map[int64][]*rapporteur.Note
	var err error
	if st, ok := capability[articleStories](s.cfg.Store); ok {
		if stories, err = st.ArticleStories(ctx, ids); err != nil {
			return nil, nil, err
		}
	}
	if ns, ok := capability[articleNotes](s.cfg.Store); ok {
		if notes, err = ns.NotesOfArticles(ctx, ids); err != nil {
			return nil, nil, err
		}
	}
	return stories, notes, nil
}

// articleRecords adds to each article its storyline and notes.
func (s *Server) articleRecords(ctx context.Context, items []*rapporteur.StoredArticle) ([]*articleRecord, error) {
	ids := make([]int64, len(items))
	for i, a := range items {
		ids[i] = a.ID
	}
	stories, notes, err := s.pageExtras(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]*articleRecord, len(items))
	for i, a := range items {
		out[i] = &articleRecord{StoredArticle: a, Storyline: stories[a.ID].Storyline, Notes: nonNil(notes[a.ID])}
	}
	return out, nil
}

// statementRecords adds to each statement its article's story and
// storyline, and the notes on its words: those of its article whose quote
// is its content, as note: and has:note match a statement.
func (s *Server) statementRecords(ctx context.Context, items []*rapporteur.StoredStatement) ([]*statementRecord, error) {
	var ids []int64
	seen := map[int64]bool{}
	for _, st := range items {
		if !seen[st.ArticleID] {
			seen[st.ArticleID] = true
			ids = append(ids, st.ArticleID)
		}
	}
	stories, notes, err := s.pageExtras(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]*statementRecord, len(items))
	for i, st := range items {
		r := &statementRecord{StoredStatement: st, StoryID: stories[st.ArticleID].StoryID, Storyline: stories[st.ArticleID].Storyline,
			Notes: []*rapporteur.Note{}}
		for _, n := range notes[st.ArticleID] {
			if n.Quote != "" && n.Quote == st.Content.Text {
				r.Notes = append(r.Notes, n)
			}
		}
		out[i] = r
	}
	return out, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// noteCells are the CSV columns of an item's notes: note_count;
// note_status, the status of the newest note that has one (the newsroom's
// latest verdict); and notes, every note on a line of its own, oldest
// first: "2026-03-01T10:00:00Z Ana Ruiz [disputed]: the text", with "on
// statement N" before the colon in an article's row for a note on one of
// its statements.
func noteCells(notes []*rapporteur.Note, statementIDs bool) []string {
	status := ""
	lines := make([]string, len(notes))
	for i, n := range notes {
		if n.Status != "" {
			status = n.Status
		}
		var b strings.Builder
		b.WriteString(csvTime(n.Created) + " " + n.Author)
		if n.Status != "" {
			b.WriteString(" [" + n.Status + "]")
		}
		if statementIDs && n.StatementID != 0 {
			b.WriteString(" on statement " + itoa(n.StatementID))
		} else if statementIDs && n.Quote != "" {
			// The article was stored again without these words.
			b.WriteString(` on "` + n.Quote + `"`)
		}
		b.WriteString(": " + n.Text)
		lines[i] = b.String()
	}
	return []string{strconv.Itoa(len(notes)), status, strings.Join(lines, "\n")}
}

// entityCells writes an article's entities as "Name (type, mentions)",
// joined with "; ".
func entityCell(ents []rapporteur.Entity) string {
	parts := make([]string, len(ents))
	for i, e := range ents {
		parts[i] = e.Name + " (" + e.Type + ", " + strconv.Itoa(e.Mentions) + ")"
	}
	return strings.Join(parts, "; ")
}

// targetCells are a statement's act target: its name and type.
func targetCells(t *rapporteur.Target) []string {
	if t == nil {
		return []string{"", ""}
	}
	return []string{t.Name, t.Type}
}

// repliesCell writes the statements a statement answers within its
// article as "ARTICLE#N" (the input's article id, the statement's index
// in it), joined with "; ".
func repliesCell(rs []rapporteur.Reply) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = r.Article + "#" + strconv.Itoa(r.Statement)
	}
	return strings.Join(parts, "; ")
}

// rolesCell writes a speaker's further roles as "role, affiliation",
// joined with "; ".
func rolesCell(rs []rapporteur.RoleDesc) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = strings.Trim(r.Role+", "+r.Affiliation, ", ")
	}
	return strings.Join(parts, "; ")
}

// spanCells are a span's text, start and end, empty for none.
func spanCells(sp *rapporteur.Span) []string {
	if sp == nil {
		return []string{"", "", ""}
	}
	return []string{sp.Text, strconv.Itoa(sp.Start), strconv.Itoa(sp.End)}
}
