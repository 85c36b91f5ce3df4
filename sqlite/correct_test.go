package sqlite

import (
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/storetest"
)

func TestCorrections(t *testing.T) {
	storetest.RunCorrections(t, func(t *testing.T) rapporteur.Store { return MustOpenDB(t) })
}

// TestRegistryPlans: the writer's registry and correction lookups, run
// for every statement stored, read an index at a million speakers: a
// lone surname once read every speaker (the partial index needs its
// condition spelled out).
func TestRegistryPlans(t *testing.T) {
	db := MustOpenDB(t)
	defer db.Close()
	for _, tt := range []struct {
		name, sql string
		args      []any
		want      string
	}{
		{"speakers of a surname", qBySurname, []any{"biden"}, "USING INDEX speakers_by_surname (surname=?)"},
		{"a name", qAliasByKey, []any{"joe biden"}, "USING INDEX sqlite_autoindex_speaker_aliases_1 (key=?)"},
		{"a user's name", qUserKey, []any{"joe biden"}, "(key=?)"},
		{"a type vote", qSpeakerTypes, []any{1}, "USING COVERING INDEX statements_by_speaker_type (speaker_id=? AND speaker_type=?)"},
		{"a re-key's old id", qRekeyOld, []any{"joe biden"}, "USING INDEX rekey_old_by_key (key=?)"},
		{"an article's pins", qPins, []any{1}, "USING INDEX sqlite_autoindex_statement_pins_1 (article_id=?)"},
		{"any user names", `SELECT EXISTS (SELECT 1 FROM speaker_aliases INDEXED BY speaker_aliases_by_user WHERE source = 'user')`, nil, "speaker_aliases_by_user"},
	} {
		rows, err := db.read.Query("EXPLAIN QUERY PLAN "+tt.sql, tt.args...)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var plan strings.Builder
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan.WriteString(detail + "\n")
		}
		rows.Close()
		if !strings.Contains(plan.String(), tt.want) || strings.Contains(plan.String(), "SCAN speakers\n") {
			t.Errorf("%s: plan lacks %q:\n%s", tt.name, tt.want, plan.String())
		}
	}
}
