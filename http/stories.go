package http

import (
	"context"
	"net/http"
	"strconv"

	"github.com/rapporteur/rapporteur"
)

// Story linking: the stories list, a story page that reads as a thread,
// and the wire copies and related coverage of an article.

// storyFilter reads min_articles, cursor and limit; the UI lists only
// stories of two articles or more unless told otherwise, since a story of
// one article is just that article.
func storyFilter(r *http.Request, minArticles int) (rapporteur.StoryFilter, error) {
	v := r.URL.Query()
	f := rapporteur.StoryFilter{Cursor: v.Get("cursor"), MinArticles: minArticles}
	if m := v.Get("min_articles"); m != "" {
		n, err := strconv.Atoi(m)
		if err != nil || n < 0 {
			return f, rapporteur.Errorf(rapporteur.EINVALID, "min_articles %q is not a count", m)
		}
		f.MinArticles = n
	}
	var err error
	f.Limit, err = limitParam(v)
	return f, err
}

func (s *Server) storyList(f rapporteur.StoryFilter) list[*rapporteur.StoredStory] {
	return list[*rapporteur.StoredStory]{
		name: "stories",
		fetch: func(ctx context.Context, cursor string, limit int) (rapporteur.Page[*rapporteur.StoredStory], error) {
			f.Cursor, f.Limit = cursor, limit
			return s.cfg.Store.Stories(ctx, f)
		},
		header: []string{"id", "title", "first", "last", "article_count"},
		row: func(st *rapporteur.StoredStory) []string {
			return []string{itoa(st.ID), st.Title, csvTime(st.First), csvTime(st.Last), strconv.Itoa(st.ArticleCount)}
		},
	}
}

func (s *Server) apiStories(w http.ResponseWriter, r *http.Request) error {
	f, err := storyFilter(r, 0)
	if err != nil {
		return err
	}
	return serveList(s, w, r, s.storyList(f), f.Cursor, f.Limit)
}

func (s *Server) apiRelated(w http.ResponseWriter, r *http.Request) error {
	return getJSON(w, r, s.cfg.Store.Related)
}

// storiesPage is the data of the stories list.
type storiesPage struct {
	Stories []*rapporteur.StoredStory
	Next    string
}

func (s *Server) uiStories(w http.ResponseWriter, r *http.Request) error {
	f, err := storyFilter(r, 2)
	if err != nil {
		return err
	}
	pg, err := s.cfg.Store.Stories(r.Context(), f)
	if err != nil {
		return err
	}
	p := &storiesPage{Stories: pg.Items}
	p.Next = nextURL(r.URL, pg.Next)
	s.render(w, r, http.StatusOK, "stories", "Stories", p)
	return nil
}

// storyPage is the data of a story page: the articles as a timeline, each
// with the number of its wire copies folded into it, and the voices.
type storyPage struct {
	Story    *rapporteur.StoredStory
	Timeline []storyEntry
	Outlets  int
	// Storyline is the story's storyline when it has other stories
	// (events that led to this one or followed from it), in order.
	Storyline *rapporteur.Storyline
}

// storyEntry is an original article of a story with its wire copies.
type storyEntry struct {
	*rapporteur.StoredArticle
	Copies []*rapporteur.StoredArticle
}

func (s *Server) uiStory(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	st, err := s.cfg.Store.Story(r.Context(), id)
	if err != nil {
		return err
	}
	if st.ID != id { // merged into another story: its address is the one to keep
		http.Redirect(w, r, "/stories/"+itoa(st.ID), http.StatusMovedPermanently)
		return nil
	}
	p := &storyPage{Story: st}
	at := map[int64]int{}
	outlets := map[string]bool{}
	for _, a := range st.Articles {
		outlets[sourceName(a.Source)+"\x00"+a.Site] = true
		if i, ok := at[a.DuplicateOf]; ok && a.DuplicateOf != 0 {
			p.Timeline[i].Copies = append(p.Timeline[i].Copies, a)
			continue
		}
		at[a.ID] = len(p.Timeline)
		p.Timeline = append(p.Timeline, storyEntry{StoredArticle: a})
	}
	p.Outlets = len(outlets)
	if sl, err := s.storyline(r.Context(), st.ID); err != nil {
		return err
	} else if sl != nil && len(sl.Stories) > 1 {
		p.Storyline = sl
	}
	s.render(w, r, http.StatusOK, "story", titleOr(st.Title, "Story"), p)
	return nil
}
