package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/sqlite"
)

// generated writes n JSON Lines articles to a temporary file, each with a
// distinct URL and text and a few statements; every seventh line repeats
// an earlier article (same URL and content), as feeds and crawls do. It
// returns the path and the number of distinct articles.
func generated(t *testing.T, n int) (string, int) {
	t.Helper()
	var b strings.Builder
	distinct := 0
	for i := range n {
		k := i
		if i%7 == 6 {
			k = i - 3 // a repeat
		} else {
			distinct++
		}
		fmt.Fprintf(&b, `{"id": "gen-%d", "title": "Council vote %d", "url": "https://news.example/%d?utm_source=feed", "published": "2021-01-%02dT08:00:00Z", "text": "Mayor Ann Number%d said on Monday that the council would vote on plan %d next week. \"We have waited long enough,\" Number%d told reporters. Opposition leader Bo Other%d said the plan was rushed, according to a statement."}`+"\n",
			k, k, k, k%28+1, k, k, k, k)
	}
	return writeFile(t, "generated.jsonl", []byte(b.String())), distinct
}

// snapshot is what a user can check of a stored article: it is whole
// when its text and statements are those a clean run stores.
type snapshot struct {
	title      string
	text       string
	statements int
}

// snapshots reads every article of the database at path, keyed by
// canonical URL, failing on a duplicate key.
func snapshots(t *testing.T, path string) map[string]snapshot {
	t.Helper()
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	out := map[string]snapshot{}
	f := rapporteur.ArticleFilter{Order: rapporteur.OrderIngested, Limit: 1000, Duplicates: true}
	for {
		page, err := db.Articles(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, item := range page.Items {
			a, err := db.Article(ctx, item.ID)
			if err != nil {
				t.Fatal(err)
			}
			if _, dup := out[a.CanonicalURL]; dup {
				t.Errorf("article %s stored twice", a.CanonicalURL)
			}
			out[a.CanonicalURL] = snapshot{a.Title, a.Text, len(a.Statements)}
		}
		if page.Next == "" {
			break
		}
		f.Cursor = page.Next
	}
	st, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if int(st.Articles) != len(out) {
		t.Errorf("the store counts %d articles, listing gives %d", st.Articles, len(out))
	}
	return out
}

func TestIngestCommand(t *testing.T) {
	src, distinct := generated(t, 30)
	db := filepath.Join(t.TempDir(), "r.db")
	bad := writeFile(t, "bad.jsonl", []byte("{\"id\": 1, \"text\": \"The minister said it.\"}\nnot json\n"))

	r := run(t, nil, "ingest", "--db", db, src, bad)
	if r.code != 2 {
		t.Errorf("exit code %d, want 2 for a run with a bad item", r.code)
	}
	if !strings.Contains(r.stderr, "bad.jsonl:2: not a JSON object") || !strings.Contains(r.stderr, "1 of 32 items failed") {
		t.Errorf("stderr %q, want the bad line named and the failure counted", r.stderr)
	}
	want := fmt.Sprintf("%d created, 0 updated, 4 unchanged, 0 skipped, 1 failed (32 items", distinct+1)
	if !strings.HasPrefix(r.stdout, want) {
		t.Errorf("summary %q, want %q", r.stdout, want)
	}

	// Idempotent: the same sources again change nothing.
	r = run(t, nil, "ingest", "--db", db, src)
	if r.code != 0 || !strings.HasPrefix(r.stdout, "0 created, 0 updated, 30 unchanged") {
		t.Errorf("re-run: code %d, summary %q, want everything unchanged", r.code, r.stdout)
	}
	if n := len(snapshots(t, db)); n != distinct+1 {
		t.Errorf("%d articles, want %d", n, distinct+1)
	}

	// stdin, and usage errors.
	r = run(t, strings.NewReader(`{"id": "s", "text": "The mayor said the road was closed."}`), "ingest", "--db", db, "-")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "1 created") {
		t.Errorf("stdin: code %d, out %q, err %q", r.code, r.stdout, r.stderr)
	}
	if r = run(t, nil, "ingest", "--db", db); r.code != 2 || !strings.Contains(r.stderr, "usage: rapporteur ingest") {
		t.Errorf("no source: code %d, stderr %q, want the usage", r.code, r.stderr)
	}
	if r = run(t, nil, "ingest", "--db", db, "--workers", "0", src); r.code != 2 {
		t.Errorf("--workers 0: code %d, want 2", r.code)
	}
}

// killChildEnv carries the arguments of the ingest the kill test runs in a
// child process.
const killChildEnv = "RAPPORTEUR_TEST_INGEST_CHILD"

// TestIngestKillChild is the child of TestIngestKill9: it runs one ingest
// and exits. It does nothing in a normal test run.
func TestIngestKillChild(t *testing.T) {
	args := os.Getenv(killChildEnv)
	if args == "" {
		t.Skip("runs only as the child of TestIngestKill9")
	}
	m := &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
	os.Exit(m.Main(context.Background(), strings.Split(args, "\x1f")))
}

// TestIngestKill9 kills an ingest with SIGKILL in the middle, then checks
// what a user would: every article stored is whole (its text and all its
// statements, as a clean run stores them), none is stored twice, and
// ingesting again completes the set, with as many articles as distinct
// inputs.
func TestIngestKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process and ingests 6,000 articles three times")
	}
	// Enough articles that the child is still storing when the watcher
	// sees a fifth of them: with 2,000 a fast pipeline sometimes finished
	// first.
	src, distinct := generated(t, 6000)
	dir := t.TempDir()

	clean := filepath.Join(dir, "clean.db")
	if r := run(t, nil, "ingest", "--db", clean, src); r.code != 0 {
		t.Fatalf("clean run: %s %s", r.stdout, r.stderr)
	}
	want := snapshots(t, clean)
	if len(want) != distinct {
		t.Fatalf("clean run stored %d articles, want %d", len(want), distinct)
	}

	crash := filepath.Join(dir, "crash.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestIngestKillChild$")
	cmd.Env = append(os.Environ(), killChildEnv+"="+strings.Join([]string{"ingest", "--db", crash, "--quiet", src}, "\x1f"))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once a good part is stored, well before the end.
	var watch *sqlite.DB
	deadline := time.Now().Add(2 * time.Minute)
	for {
		time.Sleep(20 * time.Millisecond)
		if watch == nil {
			if _, err := os.Stat(crash); err == nil {
				watch, _ = sqlite.Open(crash)
			}
		}
		if watch != nil {
			if st, err := watch.Stats(context.Background()); err == nil && int(st.Articles) >= distinct/5 {
				break
			}
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the child stored too little in two minutes")
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	watch.Close()

	got := afterKill(t, crash, want, distinct)

	// Ingest again: the rest is added, nothing twice.
	r := run(t, nil, "ingest", "--db", crash, src)
	if r.code != 0 {
		t.Fatalf("ingest after the kill: %s %s", r.stdout, r.stderr)
	}
	got = snapshots(t, crash)
	if len(got) != distinct {
		t.Errorf("%d articles after ingesting again, want the %d distinct ones", len(got), distinct)
	}
	for key, w := range want {
		if s := got[key]; s != w {
			t.Errorf("article %s is %+v, want %+v", key, s, w)
		}
	}
}

// TestServeKill9 is TestIngestKill9 for the bulk API: a server killed with
// SIGKILL while it stores a JSON Lines body keeps every article it stored
// whole and none twice, and posting the body again to a restarted server
// completes the set, article for article as `rapporteur ingest` stores it.
func TestServeKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server in a child process and ingests 2,000 articles three times")
	}
	src, distinct := generated(t, 2000)
	body, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	clean := filepath.Join(dir, "clean.db")
	if r := run(t, nil, "ingest", "--db", clean, src); r.code != 0 {
		t.Fatalf("clean run: %s %s", r.stdout, r.stderr)
	}
	want := snapshots(t, clean)

	crash := filepath.Join(dir, "crash.db")
	tokenFile := filepath.Join(dir, "token")
	cmd := exec.Command(os.Args[0], "-test.run=^TestIngestKillChild$")
	cmd.Env = append(os.Environ(), killChildEnv+"="+strings.Join([]string{"serve", "--db", crash, "--addr", "127.0.0.1:0", "--no-poll", "--token-file", tokenFile}, "\x1f"))
	stderr := &syncBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	var base, token string
	for deadline := time.Now().Add(2 * time.Minute); base == "" || token == ""; time.Sleep(20 * time.Millisecond) {
		if m := servingRE.FindStringSubmatch(stderr.String()); m != nil {
			base = m[1]
		}
		if m := tokenRE.FindStringSubmatch(stderr.String()); m != nil {
			token = m[1]
		}
		if time.Now().After(deadline) {
			t.Fatalf("the child server did not start:\n%s", stderr)
		}
	}
	go func() { // cut short by the kill
		req, _ := http.NewRequest("POST", base+"api/v1/articles", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/x-ndjson")
		req.Header.Set("Authorization", "Bearer "+token)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}()

	// Kill it once a good part is stored, well before the end.
	var watch *sqlite.DB
	defer func() {
		if watch != nil {
			watch.Close()
		}
	}()
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(50 * time.Millisecond) {
		if watch == nil {
			watch, _ = sqlite.Open(crash)
		}
		if st, err := watch.Stats(context.Background()); err == nil && int(st.Articles) >= distinct/5 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server stored too little in two minutes:\n%s", stderr)
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	watch.Close()
	watch = nil

	got := afterKill(t, crash, want, distinct)

	// Post again to a restarted server (a new token: only its hash was
	// kept): the rest is added, nothing twice.
	os.Remove(tokenFile)
	base, errb, stop := startServe(t, "--db", crash, "--addr", "127.0.0.1:0", "--no-poll", "--token-file", tokenFile)
	m := tokenRE.FindStringSubmatch(errb.String())
	if m == nil {
		t.Fatalf("no token:\n%s", errb)
	}
	st, out := post(t, base+"api/v1/articles", "application/x-ndjson", m[1], body)
	if n := strings.Count(string(out), "\n"); st != 200 || n != 2000 || strings.Contains(string(out), `"error"`) {
		t.Fatalf("posting again: status %d, %d answer lines: %.300s", st, n, out)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	got = snapshots(t, crash)
	if len(got) != distinct {
		t.Errorf("%d articles after posting again, want the %d distinct ones", len(got), distinct)
	}
	for key, w := range want {
		if s := got[key]; s != w {
			t.Errorf("article %s is %+v, want %+v", key, s, w)
		}
	}
}

var tokenRE = regexp.MustCompile(`write token is (\S+)`)

// afterKill checks a database after its writer was killed: part of the
// articles stored, each whole (as a clean ingest stores it), and returns
// them.
func afterKill(t *testing.T, path string, want map[string]snapshot, distinct int) map[string]snapshot {
	t.Helper()
	got := snapshots(t, path)
	if len(got) == 0 || len(got) >= distinct {
		t.Fatalf("%d articles after the kill, want a part of the %d", len(got), distinct)
	}
	t.Logf("killed after %d of %d articles", len(got), distinct)
	for key, s := range got {
		if w, ok := want[key]; !ok || s != w {
			t.Errorf("article %s after the kill is %+v, want %+v as a clean ingest stores it", key, s, w)
		}
	}
	return got
}
