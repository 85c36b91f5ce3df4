package http

import (
	"context"
	"net/http"

	"github.com/rapporteur/rapporteur"
)

// Storylines: the level above stories (events that follow from each
// other). A story's page and JSON show its storyline; over a store that
// keeps none (see storylineReader) they show none.

// storylineReader is a store that keeps storylines (both stores do; the
// server finds it through a wrapping store, see capability).
type storylineReader interface {
	Storyline(ctx context.Context, storyID int64) (*rapporteur.Storyline, error)
}

// storyline returns the storyline of story id, or nil when the store
// keeps none.
func (s *Server) storyline(ctx context.Context, id int64) (*rapporteur.Storyline, error) {
	r, ok := capability[storylineReader](s.cfg.Store)
	if !ok {
		return nil, nil
	}
	return r.Storyline(ctx, id)
}

// storyJSON is a story as the API gives it: with its storyline, whose
// stories are listed without their articles.
type storyJSON struct {
	*rapporteur.StoredStory
	Storyline *rapporteur.Storyline `json:"storyline,omitempty"`
}

func (s *Server) apiStory(w http.ResponseWriter, r *http.Request) error {
	return getJSON(w, r, func(ctx context.Context, id int64) (storyJSON, error) {
		st, err := s.cfg.Store.Story(ctx, id)
		if err != nil {
			return storyJSON{}, err
		}
		sl, err := s.storyline(ctx, st.ID)
		return storyJSON{StoredStory: st, Storyline: sl}, err
	})
}

// apiStoryline is GET /api/v1/stories/{id}/storyline: the storyline of a
// story, its stories in the order they began.
func (s *Server) apiStoryline(w http.ResponseWriter, r *http.Request) error {
	return getJSON(w, r, func(ctx context.Context, id int64) (*rapporteur.Storyline, error) {
		sl, err := s.storyline(ctx, id)
		if err == nil && sl == nil {
			// A store without storylines: the story alone.
			var st *rapporteur.StoredStory
			if st, err = s.cfg.Store.Story(ctx, id); err == nil {
				st.Articles, st.Voices = nil, nil
				sl = &rapporteur.Storyline{Key: st.Key, Stories: []*rapporteur.StoredStory{st}}
			}
		}
		return sl, err
	})
}
