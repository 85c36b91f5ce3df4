package postgres_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/postgres"
	"github.com/rapporteur/rapporteur/postgres/pgtest"
	"github.com/rapporteur/rapporteur/storetest"
)

// open opens a store on a schema of its own. When the test ends, each
// speaker's statements by type must be what speaker_type_counts (kept by
// triggers, migration 015) says, whatever the test wrote, corrected,
// merged or re-keyed.
func open(t *testing.T) rapporteur.Store {
	dsn := pgtest.DSN(t)
	db, err := postgres.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { checkTypeCounts(t, dsn) })
	return db
}

func checkTypeCounts(t *testing.T, dsn string) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var wrong int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM (
		SELECT speaker_id, count(*) FILTER (WHERE speaker_type = 'person') AS persons,
			count(*) FILTER (WHERE speaker_type = 'organization') AS organizations
		FROM statements WHERE speaker_id IS NOT NULL GROUP BY speaker_id) s
		FULL JOIN (SELECT * FROM speaker_type_counts WHERE persons <> 0 OR organizations <> 0) c USING (speaker_id)
		WHERE s.persons IS DISTINCT FROM c.persons AND (coalesce(s.persons, 0) <> 0 OR coalesce(c.persons, 0) <> 0)
			OR s.organizations IS DISTINCT FROM c.organizations AND (coalesce(s.organizations, 0) <> 0 OR coalesce(c.organizations, 0) <> 0)`).Scan(&wrong); err != nil {
		t.Fatal(err)
	}
	if wrong > 0 {
		t.Errorf("%d speakers' statements by type differ from speaker_type_counts", wrong)
	}
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
