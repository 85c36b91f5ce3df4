package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/sqlite"
	"github.com/rapporteur/rapporteur/storetest"
)

// TestCorrectionsCommand: `corrections list` prints the stored
// corrections as JSON Lines, and `corrections apply --all` re-keys the
// speakers and applies them again, saying how many it applied; a
// statement given another speaker keeps it.
func TestCorrectionsCommand(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	res, err := db.PutArticle(ctx, storetest.Article("https://a.example.test/1", "Plan", "Joe Biden said the plan would work. Hunter Biden said the book was done.", storetest.Day,
		storetest.Quote{Kind: rapporteur.Indirect, Content: "the plan would work", Cue: "said", Speaker: "Joe Biden", Mention: "Joe Biden"},
		storetest.Quote{Kind: rapporteur.Indirect, Content: "the book was done", Cue: "said", Speaker: "Hunter Biden", Mention: "Hunter Biden"}), rapporteur.ArticleMeta{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := db.Article(ctx, res.ID)
	if err != nil {
		t.Fatal(err)
	}
	joe := a.Statements[0].SpeakerID
	if _, err := db.Correct(ctx, rapporteur.Correction{Kind: rapporteur.CorrectReassign, Statements: []int64{a.Statements[1].ID}, TargetID: joe, By: "ana"}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	run := func(args ...string) string {
		t.Helper()
		var out, errOut bytes.Buffer
		m := &Main{Stdout: &out, Stderr: &errOut}
		if code := m.Main(ctx, args); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut.String())
		}
		return out.String()
	}
	if got := run("corrections", "list", "--db", path); !strings.Contains(got, `"kind":"reassign"`) || !strings.Contains(got, `"by":"ana"`) {
		t.Errorf("list printed %q", got)
	}
	if got := run("corrections", "apply", "--all", "--db", path); !strings.HasPrefix(got, "applied 1 correction in ") || !strings.Contains(got, "1 changed") {
		t.Errorf("apply printed %q", got)
	}
	db, err = sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if a, err = db.Article(ctx, res.ID); err != nil || a.Statements[1].SpeakerID != joe {
		t.Errorf("after apply --all the reassigned statement is by %d (%v), want %d", a.Statements[1].SpeakerID, err, joe)
	}
	var out, errOut bytes.Buffer
	if code := (&Main{Stdout: &out, Stderr: &errOut}).Main(ctx, []string{"corrections", "fix"}); code != 2 {
		t.Errorf("an unknown subcommand exits %d, want 2", code)
	}
}
