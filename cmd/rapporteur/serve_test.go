package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur/demo"
)

// syncBuffer is a stderr that the server writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var servingRE = regexp.MustCompile(`serving .* on (http://[^/]+/)`)

// startServe runs `rapporteur serve` in-process with args and waits until
// it listens. It returns the base URL, its stderr, and a stop function
// that shuts it down as SIGTERM does and returns Run's error.
func startServe(t *testing.T, args ...string) (string, *syncBuffer, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stderr := &syncBuffer{}
	m := &Main{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: stderr}
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx, append([]string{"serve"}, args...)) }()
	deadline := time.After(3 * time.Minute)
	for {
		if sm := servingRE.FindStringSubmatch(stderr.String()); sm != nil {
			stop := func() error {
				cancel()
				select {
				case err := <-done:
					return err
				case <-time.After(time.Minute):
					t.Fatal("serve did not stop within a minute")
					return nil
				}
			}
			t.Cleanup(func() { cancel() })
			return sm[1], stderr, stop
		}
		select {
		case err := <-done:
			t.Fatalf("serve ended before listening: %v\n%s", err, stderr)
		case <-deadline:
			cancel()
			t.Fatalf("serve did not listen within 3 minutes:\n%s", stderr)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// TestServeDemo is the README's first command: `serve --demo` on an empty
// database serves the demo articles on the home page and the API, takes
// writes with the token it printed once, and stops gracefully.
func TestServeDemo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	base, stderr, stop := startServe(t, "--demo", "--db", db, "--addr", "127.0.0.1:0", "--no-poll")

	code, home := get(t, base)
	if code != http.StatusOK || !strings.Contains(home, "Wikinews") {
		t.Errorf("GET / = %d, want 200 with the demo articles:\n%.500s", code, home)
	}
	code, body := get(t, base+"api/v1/articles?limit=1000")
	var list struct {
		Items []struct {
			Title, URL string
		}
	}
	if err := json.Unmarshal([]byte(body), &list); err != nil || code != http.StatusOK {
		t.Fatalf("GET /api/v1/articles = %d, %v:\n%.500s", code, err, body)
	}
	if len(list.Items) != demo.Articles {
		t.Errorf("the API lists %d articles, want the %d of the demo corpus", len(list.Items), demo.Articles)
	}
	for _, it := range list.Items {
		if !strings.HasPrefix(it.URL, "https://en.wikinews.org/wiki/") || it.Title == "" {
			t.Errorf("article %+v is not a Wikinews article with a title", it)
			break
		}
	}

	// The token was printed once, and its hash alone stored, mode 0600.
	m := regexp.MustCompile(`write token is (\S+)`).FindStringSubmatch(stderr.String())
	if m == nil {
		t.Fatalf("no write token printed:\n%s", stderr)
	}
	token := m[1]
	stored, err := os.ReadFile(db + ".token")
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(db + ".token"); fi.Mode().Perm() != 0o600 {
		t.Errorf("token file mode %v, want 0600", fi.Mode().Perm())
	}
	if strings.Contains(string(stored), token) {
		t.Errorf("the token file holds the token itself")
	}
	post := func(tok string) int {
		req, _ := http.NewRequest(http.MethodPost, base+"api/v1/articles", strings.NewReader(`{"text": "Bridge reopens\n\nThe mayor said on Monday that the bridge would reopen in May."}`))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post(token); code != http.StatusCreated {
		t.Errorf("POST with the printed token = %d, want 201", code)
	}
	if code := post("not-the-token"); code != http.StatusUnauthorized {
		t.Errorf("POST with a wrong token = %d, want 401", code)
	}
	if err := stop(); err != nil {
		t.Errorf("graceful stop: %v", err)
	}

	// A second start keeps the database and the token, and says nothing
	// of it; --demo does not load the corpus again.
	base, stderr, stop = startServe(t, "--demo", "--db", db, "--addr", "127.0.0.1:0", "--no-poll")
	if strings.Contains(stderr.String(), "write token is") {
		t.Errorf("the token was printed again")
	}
	_, body = get(t, base+"api/v1/articles?limit=1000")
	if err := json.Unmarshal([]byte(body), &list); err != nil || len(list.Items) != demo.Articles+1 {
		t.Errorf("after a restart the API lists %d articles, want %d", len(list.Items), demo.Articles+1)
	}
	if err := stop(); err != nil {
		t.Errorf("graceful stop: %v", err)
	}
}

func TestServeReadOnly(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ro.db")
	base, stderr, stop := startServe(t, "--read-only", "--db", db, "--addr", "127.0.0.1:0", "--no-poll")
	defer stop()
	if strings.Contains(stderr.String(), "write token") {
		t.Errorf("a read-only server made a token:\n%s", stderr)
	}
	if _, err := os.Stat(db + ".token"); err == nil {
		t.Errorf("a read-only server wrote a token file")
	}
	resp, err := http.Post(base+"api/v1/articles", "application/json", strings.NewReader(`{"text": "x"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("POST on a read-only server = %d, want 403", resp.StatusCode)
	}
}

func TestServeBadFlags(t *testing.T) {
	dir := t.TempDir()
	if r := run(t, nil, "serve", "extra-arg"); r.code != 2 || !strings.Contains(r.stderr, "usage: rapporteur serve") {
		t.Errorf("positional argument: code %d, stderr %q", r.code, r.stderr)
	}
	bad := filepath.Join(dir, "bad.token")
	os.WriteFile(bad, []byte("not a hash\n"), 0o600)
	r := run(t, nil, "serve", "--db", filepath.Join(dir, "x.db"), "--token-file", bad, "--addr", "127.0.0.1:0")
	if r.code != 2 || !strings.Contains(r.stderr, "does not hold a token hash") {
		t.Errorf("bad token file: code %d, stderr %q", r.code, r.stderr)
	}
	// A malformed --addr is bad input, told before anything is made; an
	// address in use is not bad input.
	for _, addr := range []string{"127.0.0.1", "nonsense", "127.0.0.1:"} {
		y := filepath.Join(dir, "y.db")
		r = run(t, nil, "serve", "--db", y, "--addr", addr, "--no-poll")
		if r.code != 2 || !strings.Contains(r.stderr, fmt.Sprintf("--addr %q: want host:port", addr)) {
			t.Errorf("malformed --addr %q: code %d, stderr %q", addr, r.code, r.stderr)
		}
		if _, err := os.Stat(y); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("malformed --addr %q made the database (%v)", addr, err)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	r = run(t, nil, "serve", "--db", filepath.Join(dir, "z.db"), "--addr", ln.Addr().String(), "--no-poll")
	if r.code != 1 || !strings.Contains(r.stderr, "address already in use") {
		t.Errorf("address in use: code %d, stderr %q", r.code, r.stderr)
	}
	// The token is made once the server listens: a token shown by a start
	// that then failed would be lost, as the next start finds its hash.
	if strings.Contains(r.stderr, "write token") {
		t.Errorf("a start that could not listen showed a write token: %q", r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "z.db.token")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a start that could not listen made the token file (%v)", err)
	}
}

// TestFlagErrors: a mistyped option is told on the first line, in the
// help texts' --name form with what a value should look like, followed by
// the command's synopsis only, not its whole help.
func TestFlagErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--bogus"}, "rapporteur serve: unknown option --bogus"},
		{[]string{"extract", "--max-bytes", "abc", "x"}, `rapporteur extract: invalid value "abc" for --max-bytes: want a whole number`},
		{[]string{"serve", "--poll-interval", "5"}, `rapporteur serve: invalid value "5" for --poll-interval: want a duration such as 30s, 5m or 2h`},
		{[]string{"serve", "--db"}, "rapporteur serve: a value is missing after --db"},
		{[]string{"link", "--threads=maybe"}, `rapporteur link: invalid boolean value "maybe" for --threads: want true or false`},
		{[]string{"eval", "--nope"}, "rapporteur eval: unknown option --nope"},
		{[]string{"migrate", "--x"}, "rapporteur migrate: unknown option --x"},
	}
	for _, tt := range tests {
		r := run(t, nil, tt.args...)
		lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
		if r.code != 2 || lines[0] != tt.want {
			t.Errorf("%q: exit %d, first line %q; want 2, %q", tt.args, r.code, lines[0], tt.want)
		}
		if len(lines) > 10 || !strings.Contains(r.stderr, fmt.Sprintf(`Run "rapporteur %s -h"`, tt.args[0])) {
			t.Errorf("%q: %d lines of stderr, want the synopsis and where the options are:\n%s", tt.args, len(lines), r.stderr)
		}
	}
}

// TestVersion: version and --version print one line naming the program
// and the Go version it was built with.
func TestVersion(t *testing.T) {
	for _, arg := range []string{"version", "--version"} {
		r := run(t, nil, arg)
		if r.code != 0 || !strings.HasPrefix(r.stdout, "rapporteur ") || !strings.Contains(r.stdout, runtime.Version()) || strings.Count(r.stdout, "\n") != 1 {
			t.Errorf("%s: exit %d, stdout %q", arg, r.code, r.stdout)
		}
	}
}

// TestServeTrustedProxyFlag: a bad --trusted-proxy list is refused before
// anything starts, naming the bad entry.
func TestServeTrustedProxyFlag(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	r := run(t, nil, "serve", "--db", db, "--addr", "127.0.0.1:0", "--trusted-proxy", "127.0.0.1, proxy.example")
	if r.code == 0 || !strings.Contains(r.stderr, `--trusted-proxy: "proxy.example" is not an address or a network`) {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	got, err := parsePrefixes(" 127.0.0.1, 10.0.0.0/8,::1 ,")
	if err != nil || fmt.Sprint(got) != "[127.0.0.1/32 10.0.0.0/8 ::1/128]" {
		t.Errorf("parsePrefixes: %v, %v", got, err)
	}
}

// TestMigrateNewFile: migrate on a path with no database says that it made
// one, so a mistyped path is not reported as "up to date".
func TestMigrateNewFile(t *testing.T) {
	db := filepath.Join(t.TempDir(), "new.db")
	if r := run(t, nil, "migrate", "--db", db); r.code != 0 || !strings.Contains(r.stdout, "did not exist: created it") {
		t.Errorf("first migrate: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if r := run(t, nil, "migrate", "--db", db); r.code != 0 || !strings.Contains(r.stdout, "is up to date") {
		t.Errorf("second migrate: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}
