package sqlite

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/query"
	"github.com/rapporteur/rapporteur/storetest"
)

// TestPlans checks that the queries that must stay fast at a million
// articles read an index or walk the full-text index in order, never a
// whole table or a sort of all matches.
func TestPlans(t *testing.T) {
	db := MustOpenDB(t)
	defer db.Close()
	ctx := context.Background()
	for i := range 3 {
		a := storetest.Article(fmt.Sprintf("https://example.com/%d", i), "T", "Zhao said the harbour was fine.", storetest.Day,
			storetest.Quote{Kind: rapporteur.Indirect, Content: "the harbour was fine", Speaker: "Zhao Lijian"})
		if _, err := db.PutArticle(ctx, a, rapporteur.ArticleMeta{}); err != nil {
			t.Fatal(err)
		}
	}
	plan := func(q string, args ...any) string {
		rows, err := db.read.Query("EXPLAIN QUERY PLAN "+q, args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		var b strings.Builder
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			b.WriteString(detail + "\n")
		}
		return b.String()
	}
	latest := "SELECT " + articlesTarget.cols + " FROM " + articlesTarget.plainFrom +
		" WHERE (a.date, a.id) < (?, ?) ORDER BY a.date DESC, a.id DESC LIMIT 21"
	statementsLatest := "SELECT " + statementsTarget.cols + " FROM " + statementsTarget.plainFrom +
		" WHERE (s.date, s.id) < (?, ?) ORDER BY s.date DESC, s.id DESC LIMIT 21"
	bySpeaker := "SELECT " + statementsTarget.cols + " FROM " + statementsTarget.plainFrom +
		" WHERE s.speaker_id = ? AND (s.date, s.id) < (?, ?) ORDER BY s.date DESC, s.id DESC LIMIT 21"
	ftsNewest := "SELECT a.id FROM " + articlesTarget.windowFrom +
		" WHERE articles_fts MATCH ? AND (a.duplicate_of IS NULL) ORDER BY articles_fts.rowid DESC LIMIT 2000"
	tests := []struct {
		name, sql string
		args      []any
		want      []string // each must be in the plan
	}{
		{"latest articles", latest, []any{1, 1}, []string{"USING INDEX articles_by_date"}},
		{"latest statements", statementsLatest, []any{1, 1}, []string{"USING INDEX statements_by_date"}},
		{"statements of a speaker", bySpeaker, []any{1, 1, 1}, []string{"statements_by_speaker (speaker_id=?"}},
		{"top speakers", `SELECT speaker_id, count(*) AS n FROM statements WHERE 1 = 1 AND (speaker_id IS NOT NULL) AND (date >= ?) AND (date < ?) GROUP BY speaker_id`,
			[]any{1, 2}, []string{"COVERING INDEX statements_by_date"}},
		{"newest matches", ftsNewest, []any{"harbour"}, []string{"SCAN articles_fts VIRTUAL TABLE INDEX 192:", "COVERING INDEX articles_narrow"}},
		// speaker: on statements lists each named speaker's newest
		// statements from the speaker index, in date order (the set of
		// all of them, sorted, took 0.5 s CPU for speaker:bush at 1 M).
		{"newest statements of a speaker", memberStatements(" AND (a.duplicate_of IS NULL)"), []any{1, 204}, []string{"statements_by_speaker (speaker_id=?)"}},
	}
	for _, tt := range tests {
		p := plan(tt.sql, tt.args...)
		for _, w := range tt.want {
			if !strings.Contains(p, w) {
				t.Errorf("%s: plan lacks %q:\n%s", tt.name, w, p)
			}
		}
		if tt.name != "top speakers" && strings.Contains(p, "TEMP B-TREE") {
			t.Errorf("%s: plan sorts:\n%s", tt.name, p)
		}
	}
	// answers: finds the answers from the answered statements, which the
	// speaker and text indexes yield, and reads the answers by id: tested
	// statement by statement, it read every statement of the store (0.2 s
	// on the 4,500 of the demo, linear in the store).
	for _, target := range []*target{statementsTarget, articlesTarget} {
		c := answersClause(target, &query.Term{Field: query.FieldAnswers, Text: "Zhao Lijian"})
		if c.drive != nil {
			c = *c.drive
		}
		p := plan("SELECT "+target.cols+" FROM "+target.plainFrom+" WHERE 1 = 1 AND ("+c.sql+") ORDER BY "+target.alias+".date DESC LIMIT 21", c.args...)
		if !strings.Contains(p, "statements_responding") {
			t.Errorf("answers: on %s reads the answers of an article through its every statement:\n%s", target.table, p)
		}
		for _, scan := range []string{"SCAN s\n", "SCAN s USING", "SCAN a\n", "SCAN a USING", "SCAN statements\n", "SCAN statements USING"} {
			if strings.Contains(p, scan) {
				t.Errorf("answers: on %s reads a table whole (%q):\n%s", target.table, strings.TrimSpace(scan), p)
			}
		}
	}
}
