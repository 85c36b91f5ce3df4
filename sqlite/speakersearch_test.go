package sqlite

import (
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/storetest"
)

func TestSpeakerSearch(t *testing.T) {
	storetest.RunSpeakerSearch(t, func(t *testing.T) rapporteur.Store { return MustOpenDB(t) })
}
