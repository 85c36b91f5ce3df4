package http

import (
	"context"
	"strings"

	"github.com/rapporteur/rapporteur"
)

// speakerMainRoler is a store that gives each speaker of a list its most
// used role and affiliation in one read (both stores do; the contract is
// storetest.RunSpeakerMainRoles). Speaker would read every role of every
// speaker, seconds each for the most quoted of a large archive.
type speakerMainRoler interface {
	SpeakerMainRoles(ctx context.Context, ids []int64) (map[int64]rapporteur.SpeakerRole, error)
}

// mainRoles returns the line a speaker list shows under each name of ids,
// "minister, Ruritania", as the first of the speaker page's roles reads;
// speakers without a role, or a store that cannot tell, give none.
func (s *Server) mainRoles(ctx context.Context, ids []int64) (map[int64]string, error) {
	rs, ok := capability[speakerMainRoler](s.cfg.Store)
	if !ok || len(ids) == 0 {
		return nil, nil
	}
	roles, err := rs.SpeakerMainRoles(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(roles))
	for id, r := range roles {
		parts := make([]string, 0, 2)
		for _, p := range []string{r.Role, r.Affiliation} {
			if p != "" {
				parts = append(parts, p)
			}
		}
		out[id] = strings.Join(parts, ", ")
	}
	return out, nil
}
