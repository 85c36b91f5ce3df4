package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// TestOpenErrors: a database that cannot be opened or migrated is a
// storage failure naming the path; a path that cannot be a file name is
// the caller's input.
func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notDB, []byte(strings.Repeat("not a database\n", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, path, code string
	}{
		{"directory", dir, rapporteur.EUNAVAILABLE},
		{"not SQLite", notDB, rapporteur.EUNAVAILABLE},
		{"no such directory", filepath.Join(dir, "missing", "r.db"), rapporteur.EUNAVAILABLE},
		{"query in path", filepath.Join(dir, "r.db?mode=ro"), rapporteur.EINVALID},
		{"empty path", "", rapporteur.EINVALID},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db, err := Open(tt.path)
			if err == nil {
				db.Close()
				t.Fatalf("Open(%q) succeeded", tt.path)
			}
			if got := rapporteur.ErrorCode(err); got != tt.code {
				t.Errorf("Open(%q): code %q, want %q: %v", tt.path, got, tt.code, err)
			}
			if !strings.Contains(err.Error(), "open database") || !strings.Contains(err.Error(), tt.path) {
				t.Errorf("Open(%q): %q lacks the path", tt.path, err)
			}
		})
	}
}

// TestStorageErrors: a write the storage refuses is EUNAVAILABLE; a statement SQLite rejects is a bug, left internal;
// an error classified before keeps its code.
func TestStorageErrors(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	a := rapporteur.Article{URL: "https://example.com/a", Title: "A", Text: "Some text."}

	// The single write connection refuses writes, as a read-only file does.
	if _, err := db.write.Exec(`PRAGMA query_only = 1`); err != nil {
		t.Fatal(err)
	}
	_, err := db.PutArticle(ctx, a, rapporteur.ArticleMeta{})
	if got := rapporteur.ErrorCode(err); got != rapporteur.EUNAVAILABLE {
		t.Errorf("put on a read-only database: code %q, want %q: %v", got, rapporteur.EUNAVAILABLE, err)
	}
	if _, err := db.write.Exec(`PRAGMA query_only = 0`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.PutArticle(ctx, a, rapporteur.ArticleMeta{}); err != nil {
		t.Fatalf("put once writable again: %v", err)
	}

	_, err = db.write.Exec(`SELEC 1`)
	if got := rapporteur.ErrorCode(errorf("bad statement: %w", err)); got != rapporteur.EINTERNAL {
		t.Errorf("syntax error: code %q, want %q", got, rapporteur.EINTERNAL)
	}
	if _, err := db.Article(ctx, 1<<40); rapporteur.ErrorCode(err) != rapporteur.ENOTFOUND {
		t.Errorf("unknown article: %v, want ENOTFOUND", err)
	}

}
