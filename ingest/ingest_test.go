package ingest_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nlnwa/gowarc/v3"
	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/feed"
	"github.com/rapporteur/rapporteur/fetch"
	"github.com/rapporteur/rapporteur/ingest"
	"github.com/rapporteur/rapporteur/intake"
	"github.com/rapporteur/rapporteur/sqlite"
)

// stages is the extraction of cmd/rapporteur, loaded once for all tests.
var stages = sync.OnceValues(intake.NewStages)

func newPipeline(t testing.TB) *intake.Stages {
	p, err := stages()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// newIngester returns an ingester on a fresh database, which may fetch
// from loopback test servers without waiting between requests, and the
// results it reports.
func newIngester(t *testing.T) (*ingest.Ingester, *sqlite.DB, *[]ingest.Result) {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var results []ingest.Result
	ing := &ingest.Ingester{
		Store:    db,
		Intake:   &intake.Intake{Pipeline: newPipeline(t), Fetch: loopbackWeb()},
		Web:      loopbackWeb(),
		Workers:  2,
		OnResult: func(r ingest.Result) { results = append(results, r) },
	}
	return ing, db, &results
}

func loopbackWeb() *feed.Client {
	return &feed.Client{Fetch: &fetch.Client{Policy: fetch.Policy{AllowPrivate: true}, Timeout: 5 * time.Second}, HostInterval: -1, HostConcurrency: 4}
}

const story = `Minister defends the budget

Finance Minister Jane Doe said on Tuesday that the budget would protect jobs. "We have made the choices that keep people at work," Doe told reporters in the capital.

Opposition leader John Roe said the plan was "a gamble with the future".`

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func wantSummary(t *testing.T, got, want ingest.Summary) {
	t.Helper()
	if got != want {
		t.Errorf("summary %+v, want %+v", got, want)
	}
}

func articleCount(t *testing.T, db rapporteur.Store) int64 {
	t.Helper()
	st, err := db.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st.Articles
}

func TestIngestDirectory(t *testing.T) {
	ing, db, results := newIngester(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.txt"), story)
	write(t, filepath.Join(dir, "sub", "b.html"), `<html><head><title>Talks resume</title></head><body><article><h1>Talks resume</h1><p>The envoy said on Monday that talks would resume next week in Geneva, according to a statement from the foreign ministry.</p><p>"We are ready to listen," the envoy told reporters.</p></article></body></html>`)
	write(t, filepath.Join(dir, ".hidden.txt"), "Hidden\n\nnot an article to read.")
	write(t, filepath.Join(dir, "empty.txt"), "  \n")
	write(t, filepath.Join(dir, "binary.txt"), "abc\x00def")

	sum, err := ing.Ingest(context.Background(), []string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantSummary(t, sum, ingest.Summary{Created: 2, Failed: 2})
	for _, r := range *results {
		if r.Err != nil && !strings.Contains(r.Err.Error(), filepath.Join(dir, "")) {
			t.Errorf("error %q does not say which file", r.Err)
		}
	}
	if n := articleCount(t, db); n != 2 {
		t.Errorf("%d articles stored, want 2", n)
	}

	// Idempotent: the same files again change nothing.
	sum, err = ing.Ingest(context.Background(), []string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantSummary(t, sum, ingest.Summary{Unchanged: 2, Failed: 2})
	if n := articleCount(t, db); n != 2 {
		t.Errorf("%d articles after a re-run, want 2", n)
	}
}

func TestIngestJSONL(t *testing.T) {
	ing, db, results := newIngester(t)
	path := filepath.Join(t.TempDir(), "news.jsonl")
	write(t, path, strings.Join([]string{
		`{"id": "a1", "title": "Budget", "text": "Finance Minister Jane Doe said on Tuesday that the budget would protect jobs.", "url": "https://example.com/a1?utm_source=x", "published": "2020-03-01", "site": "Example News"}`,
		`{"id": 2, "html": "<html><body><article><p>The mayor said the bridge would reopen in May, according to the city council.</p></article></body></html>", "url": "https://example.com/a2", "date": "2020-03-02T10:00:00Z"}`,
		``,
		`{"id": "bad json"`,
		`{"id": "no body", "title": "x"}`,
		`{"id": "bad date", "text": "Someone said something.", "published": "yesterday"}`,
	}, "\n")+"\n")
	var expected atomic.Int64
	ing.OnExpect = func(n int) { expected.Add(int64(n)) }

	sum, err := ing.Ingest(context.Background(), []string{path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantSummary(t, sum, ingest.Summary{Created: 2, Failed: 3})
	if expected.Load() != 5 {
		t.Errorf("progress expected %d items, want the 5 non-blank lines", expected.Load())
	}
	var errs []string
	for _, r := range *results {
		if r.Err != nil {
			errs = append(errs, r.Err.Error())
		}
	}
	for i, want := range []string{"news.jsonl:4: not a JSON object", `news.jsonl:5: the record has none of "text", "html" and "url"`, `news.jsonl:6: "published" "yesterday" is not a date: use YYYY-MM-DD`} {
		if i >= len(errs) || !strings.Contains(errs[i], want) {
			t.Errorf("errors %q, want #%d to contain %q", errs, i+1, want)
		}
	}

	// The record's fields reach the store; the URL is the key, so the
	// same article with another tracking parameter is the same article.
	id, err := db.ArticleIDByURL(context.Background(), "https://example.com/a1")
	if err != nil {
		t.Fatal(err)
	}
	a, err := db.Article(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if a.ExternalID != "a1" || a.Title != "Budget" || a.Published == nil || a.Published.Format("2006-01-02") != "2020-03-01" || a.Site != "Example News" {
		t.Errorf("stored article %+v, want the record's id, title, date and site", a.Article)
	}
	if len(a.Statements) == 0 {
		t.Errorf("stored article has no statements")
	}
	sum, err = ing.IngestJSONL(context.Background(), strings.NewReader(`{"id": "a1", "title": "Budget", "text": "Finance Minister Jane Doe said on Tuesday that the budget would protect jobs.", "url": "https://example.com/a1?fbclid=y", "published": "2020-03-01", "site": "Example News"}`), "stdin")
	if err != nil {
		t.Fatal(err)
	}
	// Same key, so no new article; the stored URL is the one given, so
	// the article is updated in place.
	wantSummary(t, sum, ingest.Summary{Updated: 1})
	if n := articleCount(t, db); n != 2 {
		t.Errorf("%d articles, want 2: a tracking parameter makes no new article", n)
	}
}

// buildWARC writes a WARC file with the record kinds a crawl holds: the
// warcinfo, a request, an HTML response, an image response, a redirect and
// a text resource.
func buildWARC(t *testing.T, path string) {
	t.Helper()
	var buf bytes.Buffer
	m := gowarc.NewMarshaler()
	add := func(typ gowarc.RecordType, target, contentType, block string) {
		b := gowarc.NewRecordBuilder(typ, gowarc.WithAddMissingDigest(true), gowarc.WithAddMissingRecordId(true), gowarc.WithAddMissingContentLength(true))
		b.AddWarcHeaderTime(gowarc.WarcDate, time.Date(2021, 5, 4, 12, 0, 0, 0, time.UTC))
		if target != "" {
			b.AddWarcHeader(gowarc.WarcTargetURI, target)
		}
		b.AddWarcHeader(gowarc.ContentType, contentType)
		if _, err := b.WriteString(block); err != nil {
			t.Fatal(err)
		}
		rec, _, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := m.Marshal(&buf, rec, 0); err != nil {
			t.Fatal(err)
		}
	}
	page := `<html><head><title>Port strike ends</title></head><body><article><h1>Port strike ends</h1><p>Union leader Maria Silva said on Friday that the strike was over after the company agreed to raise wages.</p><p>"This is a victory for every worker," Silva told reporters at the port.</p></article></body></html>`
	add(gowarc.Warcinfo, "", "application/warc-fields", "software: test\r\n")
	add(gowarc.Request, "https://news.example.org/port", "application/http;msgtype=request", "GET /port HTTP/1.1\r\nHost: news.example.org\r\n\r\n")
	add(gowarc.Response, "https://news.example.org/port", "application/http;msgtype=response",
		fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n%s", len(page), page))
	add(gowarc.Response, "https://news.example.org/logo.png", "application/http;msgtype=response",
		"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 4\r\n\r\n\x89PNG")
	add(gowarc.Response, "https://news.example.org/old", "application/http;msgtype=response",
		"HTTP/1.1 301 Moved Permanently\r\nLocation: https://news.example.org/port\r\nContent-Length: 0\r\n\r\n")
	add(gowarc.Resource, "https://news.example.org/notes.txt", "text/plain", story)
	write(t, path, buf.String())
}

// buildWARCgz compresses each record of the WARC file src as its own gzip
// member, as crawlers write .warc.gz files.
func buildWARCgz(t *testing.T, src, dst string) {
	t.Helper()
	r, err := gowarc.NewWarcFileReader(src, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	for {
		rec, err := r.Next()
		if err != nil {
			break
		}
		zw := gzip.NewWriter(&out)
		zw.Write(data[rec.Offset : rec.Offset+rec.Size])
		zw.Close()
		rec.Close()
	}
	write(t, dst, out.String())
}

func TestIngestWARC(t *testing.T) {
	ing, db, results := newIngester(t)
	path := filepath.Join(t.TempDir(), "crawl.warc")
	buildWARC(t, path)
	sum, err := ing.Ingest(context.Background(), []string{path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantSummary(t, sum, ingest.Summary{Created: 2, Skipped: 2})
	for _, r := range *results {
		if !strings.HasPrefix(r.Where, path+"@") {
			t.Errorf("result at %q, want the record's offset in the file", r.Where)
		}
	}
	id, err := db.ArticleIDByURL(context.Background(), "https://news.example.org/port")
	if err != nil {
		t.Fatalf("the HTML response is not stored under its target URI: %v", err)
	}
	a, err := db.Article(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "victory for every worker") || len(a.Statements) == 0 {
		t.Errorf("stored page text %q with %d statements, want the article with its quotes", a.Text, len(a.Statements))
	}

	// The same records gzip'd, one member per record as crawlers write
	// them, are the same articles.
	gz := filepath.Join(t.TempDir(), "crawl.warc.gz")
	buildWARCgz(t, path, gz)
	sum, err = ing.Ingest(context.Background(), []string{gz}, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantSummary(t, sum, ingest.Summary{Unchanged: 2, Skipped: 2})

	// A file that is not a WARC is one clear error.
	bad := filepath.Join(t.TempDir(), "bad.warc")
	write(t, bad, "this is not a WARC file\n")
	sum, err = ing.Ingest(context.Background(), []string{bad}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed != 1 || sum.Total() != 1 {
		t.Errorf("bad WARC: summary %+v, want one failure", sum)
	}
}

// newsServer serves a small news site on loopback: three articles, an RSS,
// an Atom and a JSON feed listing them, and a robots.txt. It counts the
// requests for each path.
type newsServer struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

func article(title, speaker string) string {
	return fmt.Sprintf(`<html><head><title>%s</title></head><body><article><h1>%s</h1><p>%s said on Wednesday that the council would vote on the plan next month, according to a statement.</p><p>"We will not wait any longer," %s told reporters.</p></article></body></html>`, title, title, speaker, speaker)
}

func newNewsServer(t *testing.T) *newsServer {
	s := &newsServer{hits: map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	})
	for i, sp := range []string{"Mayor Ann Lee", "Councillor Bob Stone", "Governor Carla Diaz"} {
		path := fmt.Sprintf("/news/%d", i+1)
		title := fmt.Sprintf("Story %d", i+1)
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, article(title, sp))
		})
	}
	mux.HandleFunc("/private/secret", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, article("Secret", "Nobody"))
	})
	mux.HandleFunc("/rss", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Test News</title><link>/</link>
<item><title>Story 1</title><link>/news/1</link><pubDate>Mon, 02 Mar 2020 10:00:00 GMT</pubDate></item>
<item><title>Story 2</title><link>/news/2</link><description>&lt;p&gt;Summary two.&lt;/p&gt;</description></item>
<item><title>Secret</title><link>/private/secret</link><description>&lt;p&gt;Councillor Bob Stone said the secret plan was ready, according to the minutes.&lt;/p&gt;</description></item>
</channel></rss>`)
	})
	mux.HandleFunc("/atom", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/atom+xml")
		fmt.Fprint(w, `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Test Atom</title>
<entry><title>Story 3</title><link href="/news/3"/><updated>2020-03-03T10:00:00Z</updated><id>urn:3</id></entry>
</feed>`)
	})
	mux.HandleFunc("/feed.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/feed+json")
		fmt.Fprint(w, `{"version": "https://jsonfeed.org/version/1.1", "title": "Test JSON", "items": [{"id": "1", "url": "/news/1", "title": "Story 1"}, {"id": "x", "content_html": "<p>The minister said on Thursday that the new rules would take effect in June, according to officials.</p>", "title": "Inline"}]}`)
	})
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *newsServer) Hits(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func TestIngestFeeds(t *testing.T) {
	ing, db, results := newIngester(t)
	srv := newNewsServer(t)
	sources := []string{srv.URL + "/rss", srv.URL + "/atom", srv.URL + "/feed.json"}
	sum, err := ing.Ingest(context.Background(), sources, nil)
	if err != nil {
		t.Fatal(err)
	}
	// RSS: stories 1 and 2 from their pages, the private one from the
	// entry's own content (robots.txt forbids its page); Atom: story 3;
	// JSON: story 1 again (skipped: read already) and an entry with
	// inline content.
	wantSummary(t, sum, ingest.Summary{Created: 5, Skipped: 1})
	for _, r := range *results {
		if r.Err != nil {
			t.Errorf("%s: %v", r.Where, r.Err)
		}
	}
	if n := srv.Hits("/private/secret"); n != 0 {
		t.Errorf("the page robots.txt disallows was fetched %d times", n)
	}
	id, err := db.ArticleIDByURL(context.Background(), srv.URL+"/news/1")
	if err != nil {
		t.Fatal(err)
	}
	a, err := db.Article(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if a.Published == nil || !a.Published.Equal(time.Date(2020, 3, 2, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("story 1 published %v, want the feed's pubDate", a.Published)
	}
	if !strings.Contains(a.Text, "will not wait any longer") {
		t.Errorf("story 1 text %q, want the page's body", a.Text)
	}

	// A second run fetches the feeds but none of the pages it has.
	pages := srv.Hits("/news/1") + srv.Hits("/news/2") + srv.Hits("/news/3")
	sum, err = ing.Ingest(context.Background(), sources, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantSummary(t, sum, ingest.Summary{Unchanged: 5, Skipped: 1})
	if again := srv.Hits("/news/1") + srv.Hits("/news/2") + srv.Hits("/news/3"); again != pages {
		t.Errorf("re-run fetched %d article pages, want none", again-pages)
	}
}

func TestIngestURLAndOPML(t *testing.T) {
	ing, db, _ := newIngester(t)
	srv := newNewsServer(t)
	opml := filepath.Join(t.TempDir(), "subs.opml")
	write(t, opml, fmt.Sprintf(`<?xml version="1.0"?><opml version="2.0"><head><title>subs</title></head><body>
<outline text="News"><outline text="RSS" type="rss" xmlUrl="%s/rss"/><outline text="Atom" type="rss" xmlUrl="%s/atom"/></outline>
</body></opml>`, srv.URL, srv.URL))
	ing.Subscribe = true
	sum, err := ing.Ingest(context.Background(), []string{opml, srv.URL + "/news/1"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The page of story 1 read again without its feed's date is an update.
	wantSummary(t, sum, ingest.Summary{Created: 4, Updated: 1})
	feeds, err := db.Feeds(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(feeds) != 2 || feeds[0].URL != srv.URL+"/rss" || feeds[0].Title != "RSS" {
		t.Fatalf("feeds %+v, want the two of the OPML list", feeds)
	}
	page, err := db.Articles(context.Background(), rapporteur.ArticleFilter{FeedID: feeds[1].ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.Items[0].Title != "Story 3" {
		t.Errorf("articles of the Atom feed %v, want story 3", page.Items)
	}
}

func TestIngestRefusesPrivateAddresses(t *testing.T) {
	ing, _, results := newIngester(t)
	ing.Web = &feed.Client{Fetch: &fetch.Client{}, HostInterval: -1}
	srv := newNewsServer(t)
	sum, err := ing.Ingest(context.Background(), []string{srv.URL + "/news/1"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantSummary(t, sum, ingest.Summary{Failed: 1})
	if r := (*results)[0]; rapporteur.ErrorCode(r.Err) != rapporteur.EFORBID {
		t.Errorf("error %v, want EFORBID from the SSRF guard", r.Err)
	}
	if n := srv.Hits("/news/1") + srv.Hits("/robots.txt"); n != 0 {
		t.Errorf("the server got %d requests, want none", n)
	}
}

func TestIngestInterrupted(t *testing.T) {
	ing, db, _ := newIngester(t)
	var lines strings.Builder
	for i := range 200 {
		fmt.Fprintf(&lines, `{"id": "%d", "text": "Official number %d said on Monday that the talks had failed.", "url": "https://example.com/%d"}`+"\n", i, i, i)
	}
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	ing.OnResult = func(ingest.Result) {
		if n++; n == 20 {
			cancel()
		}
	}
	sum, err := ing.IngestJSONL(ctx, strings.NewReader(lines.String()), "big.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if !sum.Interrupted || sum.Created < 20 || sum.Created >= 200 || sum.Failed != 0 {
		t.Errorf("summary %+v, want an interrupted run that stored what it had extracted", sum)
	}
	if got := articleCount(t, db); got != int64(sum.Created) {
		t.Errorf("%d articles stored, summary says %d created", got, sum.Created)
	}
}

// TestPollerStoresFeedItems runs the feed poller with the ingester as its
// sink, as `serve` does: a subscribed feed's entries become articles of
// that feed, and entries stored already are not fetched again.
func TestPollerStoresFeedItems(t *testing.T) {
	ing, db, _ := newIngester(t)
	srv := newNewsServer(t)
	f := &rapporteur.Feed{URL: srv.URL + "/rss"}
	if err := db.CreateFeed(context.Background(), f); err != nil {
		t.Fatal(err)
	}
	p := &feed.Poller{Store: db, Client: ing.Web, Sink: ing}
	if n, err := p.PollDue(context.Background()); n != 1 || err != nil {
		t.Fatalf("PollDue = %d, %v", n, err)
	}
	page, err := db.Articles(context.Background(), rapporteur.ArticleFilter{FeedID: f.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 3 {
		t.Errorf("%d articles of the feed, want its 3 entries", len(page.Items))
	}
	got, _ := db.Feed(context.Background(), f.ID)
	if got.ErrorCount != 0 || got.Title != "Test News" {
		t.Errorf("feed after the poll: %+v", got)
	}
	pages := srv.Hits("/news/1") + srv.Hits("/news/2")
	if err := p.Poll(context.Background(), got); err != nil {
		t.Fatal(err)
	}
	if again := srv.Hits("/news/1") + srv.Hits("/news/2"); again != pages {
		t.Errorf("a second poll fetched %d stored pages again", again-pages)
	}

	// A feed whose every entry fails is in error, with the reason.
	bad := &rapporteur.Feed{URL: srv.URL + "/atom"}
	db.CreateFeed(context.Background(), bad)
	ing.Intake = &intake.Intake{Pipeline: failingPipeline{}}
	p.Poll(context.Background(), bad)
	got, _ = db.Feed(context.Background(), bad.ID)
	if got.ErrorCount != 1 || !strings.Contains(got.LastError, "all 1 items failed") {
		t.Errorf("feed whose entries all fail: %+v, want the error recorded", got)
	}
}

// failingPipeline refuses every article.
type failingPipeline struct{}

func (failingPipeline) Text(id, text string) (rapporteur.Article, error) {
	return rapporteur.Article{}, rapporteur.Errorf(rapporteur.EINVALID, "refused")
}

func (failingPipeline) Verbatim(id, title, text string) (rapporteur.Article, error) {
	return rapporteur.Article{}, rapporteur.Errorf(rapporteur.EINVALID, "refused")
}

func (failingPipeline) HTML(id string, page []byte, pageURL string) (rapporteur.Article, error) {
	return rapporteur.Article{}, rapporteur.Errorf(rapporteur.EINVALID, "refused")
}
