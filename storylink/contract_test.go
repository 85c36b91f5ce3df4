package storylink_test

import (
	"path/filepath"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/sqlite"
	"github.com/rapporteur/rapporteur/storetest"
	"github.com/rapporteur/rapporteur/storylink"
)

// TestSpeakerContract: storing through the linker keeps the speaker
// registry's contract; the rest of the suite expects copies unlinked.
func TestSpeakerContract(t *testing.T) {
	storetest.RunSpeakers(t, func(t *testing.T) rapporteur.Store {
		db, err := sqlite.Open(filepath.Join(t.TempDir(), "r.db"))
		if err != nil {
			t.Fatal(err)
		}
		s, err := storylink.Open(t.Context(), db, storylink.Options{})
		if err != nil {
			db.Close()
			t.Fatal(err)
		}
		return s
	})
}
