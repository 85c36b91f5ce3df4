package main

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/sqlite"
	"github.com/rapporteur/rapporteur/storetest"
)

// TestMigrateRekeys: opening a store keyed with older registry rules
// (`migrate` here; serve and ingest the same) re-keys its speakers and
// says so on stderr, with the count done; without a terminal, as lines a
// log keeps. A store with nothing to re-key says nothing.
func TestMigrateRekeys(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "r.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.PutArticle(ctx, storetest.Article("https://a.example.test/1", "Plan", "Joe Biden said the plan would work.", storetest.Day,
		storetest.Quote{Kind: rapporteur.Indirect, Content: "the plan would work", Cue: "said", Speaker: "Joe Biden", Mention: "Joe Biden"}), rapporteur.ArticleMeta{}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	migrate := func() string {
		t.Helper()
		var out, errOut bytes.Buffer
		if code := (&Main{Stdout: &out, Stderr: &errOut}).Main(ctx, []string{"migrate", "--db", path}); code != 0 {
			t.Fatalf("migrate: exit %d: %s", code, errOut.String())
		}
		return errOut.String()
	}
	if got := migrate(); got != "" {
		t.Errorf("migrate of a store keyed with the current rules wrote %q, want nothing", got)
	}
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE counters SET n = 1 WHERE name = 'speaker_registry'`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	got := migrate()
	for _, want := range []string{
		"re-keying every speaker from the statements: 1 articles, 5000 per transaction",
		"re-keying speakers: 1 of 1 articles (100%)",
		"re-keyed the speakers of 1 articles in ",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("migrate after a registry update wrote %q, want %q in it", got, want)
		}
	}
}
