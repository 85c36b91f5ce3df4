package storylink

import (
	"context"

	"github.com/rapporteur/rapporteur"
)

// StoryThread returns a page of a story's thread from the wrapped store
// (sqlite.DB threads stories as their articles are linked, issue 11); a
// store that keeps no threads answers ENOTFOUND.
func (s *Store) StoryThread(ctx context.Context, storyID int64, f rapporteur.ThreadFilter) (*rapporteur.StoryThread, error) {
	t, ok := s.Store.(interface {
		StoryThread(ctx context.Context, storyID int64, f rapporteur.ThreadFilter) (*rapporteur.StoryThread, error)
	})
	if !ok {
		return nil, rapporteur.Errorf(rapporteur.ENOTFOUND, "story %d: this store keeps no threads", storyID)
	}
	return t.StoryThread(ctx, storyID, f)
}
