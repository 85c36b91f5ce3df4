package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
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
	// A malformed --addr is bad input; an address in use is not.
	r = run(t, nil, "serve", "--db", filepath.Join(dir, "y.db"), "--addr", "127.0.0.1", "--no-poll")
	if r.code != 2 || !strings.Contains(r.stderr, "--addr: listen tcp: address 127.0.0.1: missing port") {
		t.Errorf("malformed --addr: code %d, stderr %q", r.code, r.stderr)
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
