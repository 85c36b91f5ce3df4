package postgres

import (
	"testing"

	"github.com/rapporteur/rapporteur/storetest"
)

func TestThreadBackfill(t *testing.T) {
	storetest.RunThreadBackfill(t, func(t *testing.T) storetest.ThreadBackfiller { return MustOpenDB(t) },
		func(t *testing.T, s storetest.ThreadBackfiller, story int64) {
			if _, err := s.(*DB).pool.Exec(t.Context(), `DELETE FROM thread_links WHERE story_id = $1`, story); err != nil {
				t.Fatal(err)
			}
		})
}
