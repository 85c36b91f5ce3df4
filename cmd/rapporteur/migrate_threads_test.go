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

// TestMigrateThreads: `rapporteur migrate --threads` links the replies
// of a story stored before threading existed (its thread links gone),
// and a second run has nothing to do.
func TestMigrateThreads(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range storetest.Exchange(8) {
		res, err := db.PutArticle(ctx, a, rapporteur.ArticleMeta{})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.LinkArticle(ctx, res.ID, rapporteur.ArticleLink{StoryKey: "old", StoryTitle: "Exchange"}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	count := func() (n int) {
		if err := raw.QueryRow(`SELECT count(*) FROM thread_links`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	links := count()
	if links == 0 {
		t.Fatal("the story has no replies to lose")
	}
	if _, err := raw.Exec(`DELETE FROM thread_links`); err != nil {
		t.Fatal(err)
	}
	for run, want := range []string{"threads: 1 stories threaded", "threads: 0 stories threaded"} {
		var out, errOut bytes.Buffer
		if code := (&Main{Stdout: &out, Stderr: &errOut}).Main(ctx, []string{"migrate", "--threads", "--db", path}); code != 0 {
			t.Fatalf("run %d: exit %d: %s", run, code, errOut.String())
		}
		if !strings.Contains(out.String(), want) {
			t.Errorf("run %d: %q, want %q", run, out.String(), want)
		}
		if n := count(); n != links {
			t.Errorf("run %d: %d thread links, want the %d the story had", run, n, links)
		}
	}
	raw.Close()
}
