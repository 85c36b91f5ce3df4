package postgres_test

import (
	"testing"

	"github.com/rapporteur/rapporteur/postgres"
	"github.com/rapporteur/rapporteur/storetest"
)

func TestSpeakerMainRoles(t *testing.T) {
	storetest.RunSpeakerMainRoles(t, func(t *testing.T) storetest.SpeakerMainRoler { return open(t).(*postgres.DB) })
}
