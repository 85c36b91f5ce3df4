package postgres_test

import (
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/postgres"
	"github.com/rapporteur/rapporteur/postgres/pgtest"
	"github.com/rapporteur/rapporteur/storetest"
)

// open opens a store on a schema of its own.
func open(t *testing.T) rapporteur.Store {
	db, err := postgres.Open(t.Context(), pgtest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestStore(t *testing.T) { storetest.Run(t, open) }

func TestSpeakers(t *testing.T) { storetest.RunSpeakers(t, open) }

func TestFacets(t *testing.T) {
	storetest.RunFacets(t, func(t *testing.T) storetest.Faceter { return open(t).(*postgres.DB) })
}

func TestStorylines(t *testing.T) {
	storetest.RunStorylines(t, func(t *testing.T) storetest.Storylines { return open(t).(*postgres.DB) })
}

func TestCorrections(t *testing.T) { storetest.RunCorrections(t, open) }

func TestThreads(t *testing.T) {
	storetest.RunThreads(t, func(t *testing.T) storetest.Threads { return open(t).(*postgres.DB) })
}

func TestAttention(t *testing.T) {
	storetest.RunAttention(t, func(t *testing.T) storetest.AttentionCounter { return open(t).(*postgres.DB) })
}

func TestTransfer(t *testing.T) { storetest.RunTransfer(t, open) }

func TestNotes(t *testing.T) {
	storetest.RunNotes(t, func(t *testing.T) storetest.Noter { return open(t).(*postgres.DB) })
}

func TestStatementFacets(t *testing.T) {
	storetest.RunStatementFacets(t, func(t *testing.T) storetest.StatementFaceter { return open(t).(*postgres.DB) })
}

func TestSpeakerName(t *testing.T) {
	storetest.RunSpeakerName(t, func(t *testing.T) storetest.SpeakerNamer { return open(t).(*postgres.DB) })
}

func TestExportExtras(t *testing.T) {
	storetest.RunExportExtras(t, func(t *testing.T) storetest.ExportExtras { return open(t).(*postgres.DB) })
}

func TestStatementAlerts(t *testing.T) {
	storetest.RunStatementAlerts(t, func(t *testing.T) storetest.StatementAlerter { return open(t).(*postgres.DB) })
}

func TestAnswerSearch(t *testing.T) {
	storetest.RunAnswerSearch(t, func(t *testing.T) storetest.Threads { return open(t).(*postgres.DB) })
}

func TestSmallStoreCounts(t *testing.T) {
	storetest.RunSmallStoreCounts(t, func(t *testing.T) storetest.SmallStoreCounter { return open(t).(*postgres.DB) })
}
