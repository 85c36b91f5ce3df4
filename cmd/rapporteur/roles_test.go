package main

import (
	"strings"
	"testing"
)

func TestRoles(t *testing.T) {
	for _, tc := range []struct {
		roles, db string
		want      string // the roles, or the error's words
	}{
		{"all", "news.db", "web,worker,scheduler,linker"},
		{"web,worker,scheduler,linker", "news.db", "web,worker,scheduler,linker"},
		{"worker", "news.db", "roles need a postgres:// --db"},
		{"web", "news.db", "roles need a postgres:// --db"},
		{"worker", "postgres://db.invalid/news", "worker"},
		{" Web , linker ", "postgres://db.invalid/news", "web,linker"},
		{"writer", "postgres://db.invalid/news", `unknown role "writer"`},
		{",", "postgres://db.invalid/news", "name at least one role"},
	} {
		r, err := parseRoles(tc.roles, tc.db)
		got := r.String()
		if err != nil {
			got = err.Error()
		}
		if !strings.Contains(got, tc.want) {
			t.Errorf("parseRoles(%q, %q) = %q, want %q", tc.roles, tc.db, got, tc.want)
		}
	}
}

// TestServeRolesOnSQLite: a SQLite file with a role other than all is
// the user's mistake, said in one line with status 2, before anything is
// opened.
func TestServeRolesOnSQLite(t *testing.T) {
	db := t.TempDir() + "/news.db"
	r := run(t, nil, "serve", "--db", db, "--roles", "worker")
	if r.code != 2 || !strings.Contains(r.stderr, "roles need a postgres:// --db") {
		t.Fatalf("status %d, stderr %q", r.code, r.stderr)
	}
	t.Setenv(RolesEnv, "web")
	r = run(t, nil, "serve", "--db", db)
	if r.code != 2 || !strings.Contains(r.stderr, "--roles web") {
		t.Fatalf("from %s: status %d, stderr %q", RolesEnv, r.code, r.stderr)
	}
}
