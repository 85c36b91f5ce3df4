package sqlite

import (
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/storetest"
)

func TestTransfer(t *testing.T) {
	storetest.RunTransfer(t, func(t *testing.T) rapporteur.Store { return MustOpenDB(t) })
}
