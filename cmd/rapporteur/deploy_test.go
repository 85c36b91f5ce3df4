package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/sqlite"
	"github.com/rapporteur/rapporteur/storetest"
)

// storyOf returns the story id of the only article of the database.
func storyOf(t *testing.T, db string, id int64) int64 {
	t.Helper()
	s, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a, err := s.Article(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return a.StoryID
}

// TestReadOnlyWebMachineWritesNothing: a `serve --read-only --no-poll`
// (a web machine of DEPLOY.md, beside a writer on the same database)
// serves the articles and its probes and writes nothing, not even the
// links a starting writer records for articles stored unlinked.
func TestReadOnlyWebMachineWritesNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "shared.db")
	s, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	// Stored as a writer stores it before linking it.
	res, err := s.PutArticle(context.Background(), storetest.Article("https://news.test/1", "Bridges",
		"The minister said the bridges would be rebuilt.", time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)), rapporteur.ArticleMeta{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	base, _, stop := startServe(t, "--read-only", "--no-poll", "--db", db, "--addr", "127.0.0.1:0")
	for _, path := range []string{"healthz", "readyz", "api/v1/articles/1", "articles/1"} {
		if code, body := get(t, base+path); code != 200 {
			t.Errorf("GET /%s: %d %s", path, code, body)
		}
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if st := storyOf(t, db, res.ID); st != 0 {
		t.Errorf("the read-only server linked the article into story %d", st)
	}

	// A writer links it when it starts: the test can tell the two apart.
	_, _, stop = startServe(t, "--no-poll", "--db", db, "--addr", "127.0.0.1:0")
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if st := storyOf(t, db, res.ID); st == 0 {
		t.Error("the writer did not link the article: the test shows nothing")
	}
}
