package sqlite

import (
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/storetest"
)

func TestCorrections(t *testing.T) {
	storetest.RunCorrections(t, func(t *testing.T) rapporteur.Store { return MustOpenDB(t) })
}
