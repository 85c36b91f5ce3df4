package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/eval"
)

// TestExitCode: 2 for usage and for input the user must fix, 1 for the
// rest, whatever wraps the classified error.
func TestExitCode(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want int
	}{
		{nil, 0},
		{errUsage, 2},
		{fmt.Errorf("serve: %w", errUsage), 2},
		{rapporteur.Errorf(rapporteur.EINVALID, "bad"), 2},
		{rapporteur.Errorf(rapporteur.ETOOLARGE, "big"), 2},
		{rapporteur.Errorf(rapporteur.EFORBID, "refused"), 1},
		{rapporteur.Errorf(rapporteur.EUPSTREAM, "remote failed"), 1},
		{rapporteur.Errorf(rapporteur.EUNAVAILABLE, "disk full"), 1},
		{rapporteur.Errorf(rapporteur.EINTERNAL, "bug"), 1},
		{rapporteur.Errorf(rapporteur.ENOTFOUND, "no such id"), 1},
		{rapporteur.Errorf(rapporteur.ECONFLICT, "taken"), 1},
		{errors.New("unclassified"), 1},
		{fmt.Errorf("serve: %w", rapporteur.Errorf(rapporteur.EINVALID, "bad")), 2},
		{fmt.Errorf("serve: %w", rapporteur.Errorf(rapporteur.EUNAVAILABLE, "open database x: not a database")), 1},
	} {
		if got := exitCode(tt.err); got != tt.want {
			t.Errorf("exitCode(%v) [%s] = %d, want %d", tt.err, rapporteur.ErrorCode(tt.err), got, tt.want)
		}
	}
}

// TestExitDatabaseUnavailable: a database that cannot be opened is a
// storage failure, status 1, with the path in the message; not "bad
// input", status 2.
func TestExitDatabaseUnavailable(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.db")
	if err := os.WriteFile(notDB, []byte(strings.Repeat("not a database\n", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, db string }{
		{"directory", dir},
		{"not SQLite", notDB},
		{"no such directory", filepath.Join(dir, "missing", "r.db")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, nil, "serve", "--db", tt.db, "--addr", "127.0.0.1:0", "--token-file", filepath.Join(t.TempDir(), "token"))
			if r.code != 1 || !strings.Contains(r.stderr, "rapporteur: serve: open database "+tt.db) {
				t.Errorf("serve --db %s: exit %d, stderr %q; want 1 and open database %s", tt.db, r.code, r.stderr, tt.db)
			}
		})
	}
}

// TestExitFiles: a file the user named that cannot be read is bad input;
// an output file that cannot be written is a storage failure.
func TestExitFiles(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing")
	if r := run(t, nil, "eval", "stories", filepath.Join(missing, "gold.jsonl"), filepath.Join(missing, "pred.jsonl")); r.code != 2 || !strings.Contains(r.stderr, "eval stories: gold: ") {
		t.Errorf("eval stories, no gold file: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := run(t, nil, "bench", "html", missing); r.code != 2 || !strings.Contains(r.stderr, "bench html: the pages: ") || !strings.Contains(r.stderr, missing) {
		t.Errorf("bench html, no directory: exit %d, stderr %q", r.code, r.stderr)
	}
	out := filepath.Join(missing, "errors.jsonl")
	if err := writeRecords[eval.Record](out, nil); rapporteur.ErrorCode(err) != rapporteur.EUNAVAILABLE || !strings.Contains(err.Error(), out) {
		t.Errorf("writeRecords into a missing directory: %v (%s), want EUNAVAILABLE naming %s", err, rapporteur.ErrorCode(err), out)
	}
	prof := filepath.Join(missing, "cpu.prof")
	if _, err := startCPUProfile(prof); rapporteur.ErrorCode(err) != rapporteur.EUNAVAILABLE || !strings.Contains(err.Error(), prof) {
		t.Errorf("--cpuprofile into a missing directory: %v (%s), want EUNAVAILABLE naming %s", err, rapporteur.ErrorCode(err), prof)
	}
}
