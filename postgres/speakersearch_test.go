package postgres_test

import (
	"testing"

	"github.com/rapporteur/rapporteur/storetest"
)

func TestSpeakerSearch(t *testing.T) { storetest.RunSpeakerSearch(t, open) }
