package sqlite

import (
	"testing"

	"github.com/rapporteur/rapporteur/storetest"
)

func TestSpeakerMainRoles(t *testing.T) {
	storetest.RunSpeakerMainRoles(t, func(t *testing.T) storetest.SpeakerMainRoler { return MustOpenDB(t) })
}
