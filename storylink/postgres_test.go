package storylink_test

import (
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/postgres"
	"github.com/rapporteur/rapporteur/postgres/pgtest"
	"github.com/rapporteur/rapporteur/storetest"
	"github.com/rapporteur/rapporteur/storylink"
)

// TestSpeakerContractPostgres is TestSpeakerContract on the PostgreSQL
// store: linking through the wrapper keeps the registry's contract there
// too. It skips without a server (see package pgtest).
func TestSpeakerContractPostgres(t *testing.T) {
	storetest.RunSpeakers(t, func(t *testing.T) rapporteur.Store {
		db, err := postgres.Open(t.Context(), pgtest.DSN(t))
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

// TestTxBackendLinksAsBackendPostgres is TestTxBackendLinksAsBackend on
// the PostgreSQL store, which records a batch's links in the transaction
// that stores it too.
func TestTxBackendLinksAsBackendPostgres(t *testing.T) {
	testTxLinks(t, func(t *testing.T) linkedStore {
		db, err := postgres.Open(t.Context(), pgtest.DSN(t))
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}
