package http

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/feed"
	"github.com/rapporteur/rapporteur/fetch"
	"github.com/rapporteur/rapporteur/ingest"
	"github.com/rapporteur/rapporteur/intake"
	"github.com/rapporteur/rapporteur/sqlite"
)

// testToken is the write token of test servers.
const testToken = "test-write-token-0123456789"

// stages is the extraction pipeline the server runs, as cmd/rapporteur
// builds it, loaded once for all tests.
var stages = sync.OnceValues(intake.NewStages)

func newPipeline(tb testing.TB) *intake.Stages {
	tb.Helper()
	p, err := stages()
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// testIntake is the intake of test servers: the real SSRF guard, public
// addresses only.
func testIntake(p intake.Pipeline) *intake.Intake {
	return &intake.Intake{Pipeline: p, Fetch: &feed.Client{Fetch: &fetch.Client{}}}
}

// openStore returns a fresh SQLite store in the test's temp dir.
func openStore(tb testing.TB) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.Open(filepath.Join(tb.TempDir(), "test.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// wikinewsArticle is one article of testdata/wikinews with the address and
// date its attribution table gives.
type wikinewsArticle struct {
	File, URL string
	Published time.Time
}

// wikinewsArticles reads the attribution table of the Wikinews test
// articles (CC BY 2.5): file, link and publication date.
func wikinewsArticles(tb testing.TB) []wikinewsArticle {
	tb.Helper()
	f, err := os.Open("../testdata/wikinews/ATTRIBUTION.md")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []wikinewsArticle
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cells := strings.Split(sc.Text(), "|")
		if len(cells) < 5 || !strings.Contains(cells[1], ".txt") {
			continue
		}
		file := strings.Trim(strings.TrimSpace(cells[1]), "`")
		link := strings.TrimSpace(cells[2])
		if i := strings.LastIndex(link, "]("); i >= 0 {
			link = strings.TrimSuffix(link[i+2:], ")")
		}
		date, err := time.Parse("2006-01-02", strings.TrimSpace(cells[3]))
		if err != nil {
			tb.Fatalf("attribution table: %v", err)
		}
		out = append(out, wikinewsArticle{File: file, URL: link, Published: date})
	}
	if len(out) == 0 {
		tb.Fatal("no articles in ../testdata/wikinews/ATTRIBUTION.md")
	}
	return out
}

// loadWikinews runs every Wikinews test article through the pipeline and
// stores it; it returns the extracted articles in table order.
func loadWikinews(tb testing.TB, st rapporteur.Store, p *intake.Stages) []rapporteur.Article {
	tb.Helper()
	var arts []rapporteur.Article
	for _, w := range wikinewsArticles(tb) {
		b, err := os.ReadFile(filepath.Join("../testdata/wikinews", w.File))
		if err != nil {
			tb.Fatal(err)
		}
		a, err := p.Text(strings.TrimSuffix(w.File, ".txt"), string(b))
		if err != nil {
			tb.Fatalf("%s: %v", w.File, err)
		}
		a.URL = w.URL
		pub := w.Published
		a.Published = &pub
		if _, err := st.PutArticle(context.Background(), a, rapporteur.ArticleMeta{}); err != nil {
			tb.Fatalf("store %s: %v", w.File, err)
		}
		arts = append(arts, a)
	}
	return arts
}

// testEnv is a server over a store filled with the Wikinews articles.
type testEnv struct {
	srv   *Server
	ts    *httptest.Server
	store *sqlite.DB
	arts  []rapporteur.Article
	p     *intake.Stages
}

// newEnv starts a test server; edit changes its config first.
func newEnv(tb testing.TB, edit func(*Config)) *testEnv {
	tb.Helper()
	p := newPipeline(tb)
	db := openStore(tb)
	env := &testEnv{store: db, p: p}
	env.arts = loadWikinews(tb, db, p)
	cfg := Config{
		Store:      db,
		Intake:     testIntake(p),
		Bulk:       &ingest.Ingester{Store: db, Intake: testIntake(p), Workers: 2},
		Feeds:      anyFeed{}, // tests that fetch feeds set a feed.Client
		CheckToken: func(tok string) bool { return tok == testToken },
		RateLimit:  -1,
	}
	if edit != nil {
		edit(&cfg)
	}
	srv, err := NewServer(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	env.srv = srv
	env.ts = httptest.NewServer(srv)
	tb.Cleanup(env.ts.Close)
	return env
}

// get fetches a path and returns the status and body.
func (e *testEnv) get(tb testing.TB, path string) (int, string) {
	tb.Helper()
	return e.do(tb, "GET", path, "", "", nil)
}

// do sends a request with an optional body and headers (key, value, …).
func (e *testEnv) do(tb testing.TB, method, path, contentType, body string, headers []string) (int, string) {
	tb.Helper()
	resp := e.doResp(tb, method, path, contentType, body, headers)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func (e *testEnv) doResp(tb testing.TB, method, path, contentType, body string, headers []string) *http.Response {
	tb.Helper()
	req, err := http.NewRequest(method, e.ts.URL+path, strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	return resp
}
