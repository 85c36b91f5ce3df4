package postgres

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/postgres/pgtest"
	"github.com/rapporteur/rapporteur/storetest"
)

// TestRekeyOnOpen: a store keyed with older registry rules (here, a
// speaker typed before the type vote counted the article's statements) is
// keyed again when opened, and a user's correction stays, as package
// sqlite re-keys a store on open.
func TestRekeyOnOpen(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	db, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	text := "Ahola said the engine is small. Ahola said it runs on old machines. Ahola said the code is free. Ahola said mods are welcome."
	a := storetest.Article("https://wiki.test/ahola", "Interview", text, storetest.Day,
		storetest.Quote{Kind: rapporteur.Indirect, Content: "the engine is small", Speaker: "Perttu Ahola", Type: rapporteur.Organization},
		storetest.Quote{Kind: rapporteur.Indirect, Content: "it runs on old machines", Speaker: "Perttu Ahola", Type: rapporteur.Person},
		storetest.Quote{Kind: rapporteur.Indirect, Content: "the code is free", Speaker: "Perttu Ahola", Type: rapporteur.Person},
		storetest.Quote{Kind: rapporteur.Indirect, Content: "mods are welcome", Speaker: "Perttu Ahola", Type: rapporteur.Person})
	b := storetest.Article("https://wiki.test/lima", "Bridges", "Ana Lima said every bridge would be rebuilt.", storetest.Day,
		storetest.Quote{Kind: rapporteur.Indirect, Content: "every bridge would be rebuilt", Speaker: "Ana Lima"})
	for _, x := range []rapporteur.Article{a, b} {
		if _, err := db.PutArticle(ctx, x, rapporteur.ArticleMeta{}); err != nil {
			t.Fatal(err)
		}
	}
	lima := speakerNamed(t, db, "Ana Lima")
	if _, err := db.Correct(ctx, rapporteur.Correction{Kind: rapporteur.CorrectRename, SpeakerID: lima.ID, Name: "Ana Maria Lima", By: "editor"}); err != nil {
		t.Fatal(err)
	}
	// As the rules of version 1 left it: the first statement's type.
	for _, q := range []string{`UPDATE speakers SET type = 'organization' WHERE name = 'Perttu Ahola'`,
		`UPDATE counters SET n = 1 WHERE name = 'speaker_registry'`} {
		if _, err := db.pool.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	db, err = Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if sp := speakerNamed(t, db, "Perttu Ahola"); sp.Type != rapporteur.Person {
		t.Errorf("after opening, %s is a %s, want a person (re-keyed with the type vote)", sp.Name, sp.Type)
	}
	if sp := speakerNamed(t, db, "Ana Maria Lima"); sp == nil {
		t.Errorf("the rename of Ana Lima was lost in the re-key")
	}
	var v int
	if err := db.pool.QueryRow(ctx, `SELECT n FROM counters WHERE name = 'speaker_registry'`).Scan(&v); err != nil || v != registryVersion {
		t.Errorf("registry version %d (%v), want %d", v, err, registryVersion)
	}
}

// speakerNamed returns the listed speaker of that name, failing the test
// when there is none.
func speakerNamed(t *testing.T, db *DB, name string) *rapporteur.StoredSpeaker {
	t.Helper()
	page, err := db.Speakers(context.Background(), rapporteur.SpeakerFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, sp := range page.Items {
		if sp.Name == name {
			return sp
		}
	}
	t.Fatalf("no speaker %q", name)
	return nil
}

// TestRegistryPlans: the writer's registry lookups, run for every
// statement stored, can read an index even in a generic plan (which a
// prepared statement gets after a few runs), as package sqlite's
// TestRegistryPlans checks: a lone surname once could not use the
// partial index of surnames.
func TestRegistryPlans(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	defer db.Close()
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	// A generic plan, and no sequential scan where an index would do: on
	// a small test table a scan would be cheaper.
	for _, q := range []string{"SET plan_cache_mode = force_generic_plan", "SET enable_seqscan = off"} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	defer conn.Exec(ctx, "RESET ALL")
	for _, tt := range []struct {
		name, sql string
		args      []any
		want      string
	}{
		{"speakers of a surname", qBySurname, []any{"biden"}, "speakers_by_surname"},
		{"a name", qAliasByKey, []any{"joe biden"}, "speaker_aliases_pkey"},
		{"a user's name", qUserKey, []any{"joe biden"}, "speaker_aliases"},
		{"an article's pins", qPins, []any{int64(1)}, "statement_pins"},
	} {
		// EXPLAIN of a statement with parameters: prepare it, explain its
		// execution.
		if _, err := conn.Conn().Prepare(ctx, "plan", number(tt.sql)); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		rows, err := conn.Query(ctx, "EXPLAIN EXECUTE plan("+literals(tt.args)+")")
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var plan strings.Builder
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				t.Fatal(err)
			}
			plan.WriteString(line + "\n")
		}
		rows.Close()
		if _, err := conn.Exec(ctx, "DEALLOCATE plan"); err != nil {
			t.Fatal(err)
		}
		if p := plan.String(); !strings.Contains(p, "Index") || !strings.Contains(p, tt.want) || strings.Contains(p, "Seq Scan") {
			t.Errorf("%s: plan\n%s\nwant an index scan of %s", tt.name, p, tt.want)
		}
	}
}

// literals writes values as SQL literals, for EXPLAIN EXECUTE (which
// takes no parameters of its own).
func literals(args []any) string {
	var parts []string
	for _, a := range args {
		switch v := a.(type) {
		case string:
			parts = append(parts, "'"+strings.ReplaceAll(v, "'", "''")+"'")
		default:
			parts = append(parts, fmt.Sprint(v))
		}
	}
	return strings.Join(parts, ", ")
}

// TestRekeyIndustryCompany runs storetest's re-keying contract: a store
// keyed with older registry rules is keyed anew when opened.
func TestRekeyIndustryCompany(t *testing.T) { storetest.RunRekeyOldRules(t, oldRules(pgtest.DSN(t))) }

// TestRekeyUSBodies runs storetest's rules 6 re-keying contract: the
// spellings of a United States body are one speaker once the store is
// opened.
func TestRekeyUSBodies(t *testing.T) { storetest.RunRekeyUSBodies(t, oldRules(pgtest.DSN(t))) }

// oldRules opens a store on dsn that the contract may key with older
// rules by SQL, and reopens it.
func oldRules(dsn string) func(t *testing.T) storetest.OldRules {
	return func(t *testing.T) storetest.OldRules {
		ctx := context.Background()
		db, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		return storetest.OldRules{
			Store: db,
			Exec: func(q string) error {
				_, err := db.pool.Exec(ctx, q)
				return err
			},
			Reopen: func() rapporteur.Store {
				db.Close()
				db, err := Open(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				return db
			},
		}
	}
}
