package main

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur/demo"
	"github.com/rapporteur/rapporteur/postgres/pgtest"
)

// TestDBURLUnusable: a --db URL that names no usable database is a clear
// one-line error naming the URL and what failed, exit status 1, without
// a stack trace, and the password does not show.
func TestDBURLUnusable(t *testing.T) {
	in := writeFile(t, "a.txt", []byte("Bridge reopens\n\nThe mayor said the bridge would reopen."))
	for _, tt := range []struct{ name, db, want string }{
		{"refused", "postgres://user:secret@127.0.0.1:1/news?sslmode=disable", "connection refused"},
		{"not a URL", "postgres://user:secret@%zz/news", "not a valid PostgreSQL URL"},
		{"unknown scheme", "mysql://user@127.0.0.1/news", "not a database this build knows"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, cmd := range [][]string{{"ingest", "--db", tt.db, in}, {"migrate", "--db", tt.db}} {
				r := run(t, nil, cmd...)
				if r.code != 1 || !strings.Contains(r.stderr, "rapporteur: "+cmd[0]+": ") || !strings.Contains(r.stderr, tt.want) {
					t.Errorf("%s: exit %d, stderr %q; want 1 and %q", cmd, r.code, r.stderr, tt.want)
				}
				if strings.Contains(r.stderr, "secret") || strings.Contains(r.stderr, "goroutine") || strings.Count(r.stderr, "\n") != 1 {
					t.Errorf("%s: stderr %q shows the password, a stack trace or more than one line", cmd, r.stderr)
				}
			}
		})
	}
}

// TestMigrate: `migrate` applies the migrations once and then says the
// database is up to date.
func TestMigrate(t *testing.T) {
	dsn := pgtest.DSN(t)
	r := run(t, nil, "migrate", "--db", dsn)
	if r.code != 0 || !strings.Contains(r.stdout, "applied migrations/001_init.sql") {
		t.Fatalf("first migrate: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	r = run(t, nil, "migrate", "--db", dsn)
	if r.code != 0 || !strings.Contains(r.stdout, "up to date") {
		t.Errorf("second migrate: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

// TestServePostgres is the PostgreSQL mode end to end: `serve --demo` on
// an empty PostgreSQL database ingests and links the demo corpus, and the
// home, search, article, speaker and story pages and the API answer
// from it.
func TestServePostgres(t *testing.T) {
	dsn := pgtest.DSN(t)
	t.Setenv(DBEnv, dsn) // the environment names the database
	base, _, stop := startServe(t, "--demo", "--addr", "127.0.0.1:0", "--no-poll",
		"--token-file", filepath.Join(t.TempDir(), "token"))

	code, body := get(t, base+"api/v1/articles?limit=1000")
	var list struct{ Items []struct{ ID int64 } }
	if err := json.Unmarshal([]byte(body), &list); err != nil || code != http.StatusOK || len(list.Items) == 0 {
		t.Fatalf("GET /api/v1/articles = %d, %v:\n%.300s", code, err, body)
	}
	if len(list.Items) > demo.Articles {
		t.Errorf("the API lists %d articles, more than the %d of the demo corpus", len(list.Items), demo.Articles)
	}
	pages := []struct{ path, want string }{
		{"", "Wikinews"},
		{"search?q=said", "said"},
		{"search?q=said&tab=statements", "said"},
		{"speakers", "speakers"},
		{"stories", "stories"},
		{"sources", "wikinews"},
	}
	for _, p := range pages {
		code, body := get(t, base+p.path)
		if code != http.StatusOK || !strings.Contains(strings.ToLower(body), strings.ToLower(p.want)) {
			t.Errorf("GET /%s = %d, want 200 with %q:\n%.300s", p.path, code, p.want, body)
		}
	}
	// The first article, story and speaker linked from the lists open.
	for _, l := range []struct{ list, link string }{
		{"", `href="/articles/(\d+)"`},
		{"stories", `href="/stories/(\d+)"`},
		{"speakers", `href="/speakers/(\d+)"`},
	} {
		_, body := get(t, base+l.list)
		m := regexp.MustCompile(l.link).FindStringSubmatch(body)
		if m == nil {
			t.Errorf("GET /%s links no %s", l.list, l.link)
			continue
		}
		page := strings.TrimPrefix(strings.TrimSuffix(strings.SplitN(m[0], `"`, 2)[1], `"`), "/")
		if code, body := get(t, base+page); code != http.StatusOK {
			t.Errorf("GET /%s = %d:\n%.300s", page, code, body)
		}
	}
	if err := stop(); err != nil {
		t.Errorf("graceful stop: %v", err)
	}
}
