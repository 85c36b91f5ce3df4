package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur/postgres/pgtest"
	"github.com/rapporteur/rapporteur/transfer/transfertest"
)

// census opens the database of --db as the CLI does and takes its census.
func census(t *testing.T, db string) *transfertest.Census {
	t.Helper()
	s, err := openTransferStore(t.Context(), db, false)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, err := transfertest.Take(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestExportImportRoundTrip moves a database built by `ingest` (the demo
// corpus and the story-linking sample, whose simulated wire copies make
// copy links) to a new database with `export` and `import`, and back
// out to a third: the counts, the copy links and stories (by article key),
// the speakers and the dates are the same in all three.
func TestExportImportRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests the demo corpus")
	}
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	r := run(t, nil, "ingest", "--db", a, "--quiet", filepath.Join("..", "..", "demo", "wikinews-2019-2020.jsonl.gz"),
		filepath.Join("..", "..", "testdata", "stories", "link-sample.jsonl"))
	if r.code != 0 {
		t.Fatalf("ingest: %d %s", r.code, r.stderr)
	}
	out := filepath.Join(dir, "a.jsonl.gz")
	r = run(t, nil, "export", "--db", a, "--out", out)
	if r.code != 0 || !strings.HasPrefix(r.stdout, "exported 0 feeds, ") {
		t.Fatalf("export: %d %q %s", r.code, r.stdout, r.stderr)
	}
	t.Log(strings.TrimSpace(r.stdout))
	r = run(t, nil, "import", "--db", b, out)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("import: %d %q %s", r.code, r.stdout, r.stderr)
	}
	t.Log(strings.TrimSpace(r.stdout))

	before, after := census(t, a), census(t, b)
	if before.Copies == 0 || before.Stories == 0 || before.Statements == 0 {
		t.Fatalf("census %d copies, %d stories, %d statements: the test shows nothing", before.Copies, before.Stories, before.Statements)
	}
	t.Logf("both stores: %d articles, %d statements, %d speakers, %d sources, %d stories, %d wire copies",
		after.Articles, after.Statements, after.Speakers, after.Sources, after.Stories, after.Copies)
	if d := transfertest.Diff(before, after); d != "" {
		t.Errorf("the move changed the store:\n%s", d)
	}

	// And back out: the new store exports what the old one did.
	out2 := filepath.Join(dir, "b.jsonl")
	if r = run(t, nil, "export", "--db", b, "--out", out2); r.code != 0 {
		t.Fatalf("second export: %d %s", r.code, r.stderr)
	}
	c := filepath.Join(dir, "c.db")
	if r = run(t, nil, "import", "--db", c, out2); r.code != 0 {
		t.Fatalf("second import: %d %s", r.code, r.stderr)
	}
	if d := transfertest.Diff(before, census(t, c)); d != "" {
		t.Errorf("a second move changed the store:\n%s", d)
	}

	// SQLite to PostgreSQL and back, when a server is at hand (.ci/run
	// starts one).
	t.Run("postgres", func(t *testing.T) {
		pg := pgtest.DSN(t)
		r := run(t, nil, "import", "--db", pg, out)
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("import: %d %q %s", r.code, r.stdout, r.stderr)
		}
		t.Log(strings.TrimSpace(r.stdout))
		if d := transfertest.Diff(before, census(t, pg)); d != "" {
			t.Errorf("the move to PostgreSQL changed the store:\n%s", d)
		}
		back := filepath.Join(dir, "pg.jsonl")
		if r = run(t, nil, "export", "--db", pg, "--out", back); r.code != 0 {
			t.Fatalf("export: %d %s", r.code, r.stderr)
		}
		t.Log(strings.TrimSpace(r.stdout))
		d := filepath.Join(dir, "d.db")
		if r = run(t, nil, "import", "--db", d, back); r.code != 0 {
			t.Fatalf("import back: %d %s", r.code, r.stderr)
		}
		if d := transfertest.Diff(before, census(t, d)); d != "" {
			t.Errorf("the move back from PostgreSQL changed the store:\n%s", d)
		}
	})
}

// TestImportErrors: what a user sees of a bad file, a missing database
// and usage mistakes.
func TestImportErrors(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	good := `{"id": 1, "title": "One", "text": "The mayor said the road was closed.", "url": "https://one.test/1"}` + "\n"
	cut := writeFile(t, "cut.jsonl", []byte(good+good[:30]))
	r := run(t, nil, "import", "--db", db, cut)
	if r.code != 2 || !strings.Contains(r.stderr, "rapporteur: import: "+cut+":2: not a JSON object (is the file cut short?)") {
		t.Errorf("cut file: code %d, stderr %q", r.code, r.stderr)
	}
	if !strings.HasPrefix(r.stdout, "imported 0 feeds, 1 articles (1 created") {
		t.Errorf("cut file: summary %q, want the line before stored", r.stdout)
	}
	if r = run(t, nil, "export", "--db", filepath.Join(dir, "none.db")); r.code != 2 || !strings.Contains(r.stderr, "no database there") {
		t.Errorf("missing database: code %d, stderr %q", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "none.db")); err == nil {
		t.Error("export created the database it was to read")
	}
	if r = run(t, nil, "import", "--db", db); r.code != 2 || !strings.Contains(r.stderr, "usage: rapporteur import") {
		t.Errorf("no file: code %d, stderr %q", r.code, r.stderr)
	}
	if r = run(t, nil, "import", "--db", db, filepath.Join(dir, "missing.jsonl")); r.code != 2 {
		t.Errorf("missing file: code %d, stderr %q", r.code, r.stderr)
	}
	// A database that does not answer: one line naming it, status 1.
	for _, cmd := range [][]string{{"import", "--db", "postgres://nobody@127.0.0.1:1/x?sslmode=disable", cut},
		{"export", "--db", "postgres://nobody@127.0.0.1:1/x?sslmode=disable", "--out", filepath.Join(dir, "never.jsonl")}} {
		r = run(t, nil, cmd...)
		if r.code != 1 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "rapporteur: "+cmd[0]+": ") ||
			!strings.Contains(r.stderr, "connection refused") || r.stdout != "" {
			t.Errorf("%s with no database: code %d, stdout %q, stderr %q", cmd[0], r.code, r.stdout, r.stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "never.jsonl")); err == nil {
		t.Error("a failed export left a file")
	}
	// stdin, and an export to stdout that import reads back.
	r = run(t, nil, "export", "--db", db)
	if r.code != 0 || strings.Count(r.stdout, "\n") != 1 || !strings.HasPrefix(r.stderr, "exported 0 feeds, 1 articles") {
		t.Fatalf("export to stdout: %d %q %q", r.code, r.stdout, r.stderr)
	}
	r = run(t, strings.NewReader(r.stdout), "import", "--db", filepath.Join(dir, "s.db"), "-")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "imported 0 feeds, 1 articles (1 created") {
		t.Errorf("import from stdin: %d %q %q", r.code, r.stdout, r.stderr)
	}
}
