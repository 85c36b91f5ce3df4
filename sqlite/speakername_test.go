package sqlite

import (
	"testing"

	"github.com/rapporteur/rapporteur/storetest"
)

func TestSpeakerName(t *testing.T) {
	storetest.RunSpeakerName(t, func(t *testing.T) storetest.SpeakerNamer { return MustOpenDB(t) })
}
