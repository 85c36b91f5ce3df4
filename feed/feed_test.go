package feed_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/feed"
	"github.com/rapporteur/rapporteur/fetch"
	"github.com/rapporteur/rapporteur/sqlite"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name, doc string
		title     string
		urls      []string
	}{
		{"rss", `<?xml version="1.0"?><rss version="2.0"><channel><title> Daily </title>
<item><title>One</title><link>/a/1</link><pubDate>Tue, 03 Mar 2020 09:00:00 +0100</pubDate></item>
<item><title>Bad link</title><link>javascript:alert(1)</link><description>&lt;p&gt;x&lt;/p&gt;</description></item>
</channel></rss>`, "Daily", []string{"https://news.example/a/1", ""}},
		{"atom", `<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>
<entry><title>Two</title><link href="https://other.example/b"/><updated>2020-03-03T08:00:00Z</updated></entry></feed>`, "Wire", []string{"https://other.example/b"}},
		{"json", `{"version": "https://jsonfeed.org/version/1.1", "title": "JF", "items": [{"id": "1", "url": "c", "content_html": "<p>hi</p>"}]}`, "JF", []string{"https://news.example/feeds/c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := feed.Parse([]byte(tt.doc), "https://news.example/feeds/main")
			if err != nil {
				t.Fatal(err)
			}
			if p.Title != tt.title || len(p.Items) != len(tt.urls) {
				t.Fatalf("parsed %q with %d items, want %q with %d", p.Title, len(p.Items), tt.title, len(tt.urls))
			}
			for i, u := range tt.urls {
				if p.Items[i].URL != u {
					t.Errorf("item %d URL %q, want %q", i, p.Items[i].URL, u)
				}
			}
		})
	}
	p, _ := feed.Parse([]byte(tests[0].doc), "https://news.example/")
	if d := p.Items[0].Published; d == nil || !d.Equal(time.Date(2020, 3, 3, 8, 0, 0, 0, time.UTC)) || d.Location() != time.UTC {
		t.Errorf("published %v, want 2020-03-03 08:00 UTC", d)
	}
	for _, bad := range []string{"", "<html><body>page</body></html>", "<rss><channel><item>"} {
		if _, err := feed.Parse([]byte(bad), ""); rapporteur.ErrorCode(err) != rapporteur.EINVALID {
			t.Errorf("Parse(%q) error %v, want EINVALID", bad, err)
		}
	}
}

func TestParseOPML(t *testing.T) {
	doc := `<?xml version="1.0" encoding="ISO-8859-1"?><opml version="1.0"><head/><body>
<outline text="Folder"><outline text="A" title="Feed A" xmlUrl="https://a.example/rss"/>
<outline text="Deeper"><outline text="B" xmlUrl="https://b.example/atom"/></outline></outline>
<outline text="dup" xmlUrl="https://a.example/rss"/><outline text="bad" xmlUrl="file:///etc/passwd"/>
</body></opml>`
	subs, err := feed.ParseOPML([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := []feed.Subscription{{Title: "Feed A", URL: "https://a.example/rss"}, {Title: "B", URL: "https://b.example/atom"}}
	if fmt.Sprint(subs) != fmt.Sprint(want) {
		t.Errorf("subscriptions %v, want %v", subs, want)
	}
	if _, err := feed.ParseOPML([]byte("<opml><body><outline")); rapporteur.ErrorCode(err) != rapporteur.EINVALID {
		t.Errorf("broken OPML: error %v, want EINVALID", err)
	}
}

func TestRobots(t *testing.T) {
	const txt = `# comment
User-agent: Googlebot
Disallow: /

User-agent: rapporteur
User-agent: otherbot
Disallow: /private/
Allow: /private/open
Disallow: /*.pdf$
Disallow: /search?
Crawl-delay: 2

User-agent: *
Disallow: /
`
	r := feed.ParseRobots([]byte(txt), "Rapporteur")
	tests := []struct {
		path string
		want bool
	}{
		{"/", true},
		{"/news/1", true},
		{"/private/x", false},
		{"/private/open", true},
		{"/private/open/more", true},
		{"/files/report.pdf", false},
		{"/files/report.pdf?x=1", true},
		{"/search?q=x", false},
		{"/search", true},
		{"/robots.txt", true},
	}
	for _, tt := range tests {
		if got := r.Allowed(tt.path); got != tt.want {
			t.Errorf("Allowed(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
	if r.CrawlDelay != 2*time.Second {
		t.Errorf("crawl delay %v, want 2s", r.CrawlDelay)
	}
	// Another agent falls to the "*" group.
	if feed.ParseRobots([]byte(txt), "somebot").Allowed("/news/1") {
		t.Errorf("the * group should disallow everything to an unnamed agent")
	}
	// Equal lengths: allow wins.
	if !feed.ParseRobots([]byte("User-agent: *\nDisallow: /a\nAllow: /a\n"), "x").Allowed("/a") {
		t.Errorf("allow should win a tie")
	}
	// An empty Disallow allows all.
	if !feed.ParseRobots([]byte("User-agent: *\nDisallow:\n"), "x").Allowed("/anything") {
		t.Errorf("empty disallow should allow")
	}
}

func FuzzRobots(f *testing.F) {
	f.Add([]byte("User-agent: *\nDisallow: /a*b$\nAllow: /a\n"), "/a/xb")
	f.Add([]byte("user-agent:x\ndisallow:*\n"), "/")
	f.Fuzz(func(t *testing.T, data []byte, path string) {
		r := feed.ParseRobots(data, "rapporteur")
		r.Allowed(path)
		if !r.Allowed("/robots.txt") {
			t.Fatal("robots.txt itself must stay allowed")
		}
	})
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`<rss><channel><item><link>/x</link></item></channel></rss>`))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1","items":[{"url":"a"}]}`))
	f.Add([]byte(`<opml><body><outline xmlUrl="http://a/"/></body></opml>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if p, err := feed.Parse(data, "https://base.example/"); err == nil {
			for _, it := range p.Items {
				if it.URL != "" && !strings.HasPrefix(it.URL, "http") {
					t.Fatalf("item URL %q is not http(s)", it.URL)
				}
			}
		}
		feed.ParseOPML(data)
	})
}

func loopback() *fetch.Client {
	return &fetch.Client{Policy: fetch.Policy{AllowPrivate: true}, Timeout: 5 * time.Second}
}

func TestClientRobotsDisallow(t *testing.T) {
	var private, robots atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			robots.Add(1)
			fmt.Fprint(w, "User-agent: rapporteur\nDisallow: /private\n")
		case "/private":
			private.Add(1)
		}
	}))
	defer srv.Close()
	c := &feed.Client{Fetch: loopback(), HostInterval: -1}
	_, err := c.Get(context.Background(), fetch.Request{URL: srv.URL + "/private"})
	if rapporteur.ErrorCode(err) != rapporteur.EFORBID || !strings.Contains(err.Error(), "robots.txt") {
		t.Errorf("error %v, want EFORBID naming robots.txt", err)
	}
	for range 3 {
		if _, err := c.Get(context.Background(), fetch.Request{URL: srv.URL + "/public"}); err != nil {
			t.Fatal(err)
		}
	}
	if private.Load() != 0 || robots.Load() != 1 {
		t.Errorf("%d requests for the disallowed page and %d for robots.txt, want 0 and 1 (cached)", private.Load(), robots.Load())
	}
}

func TestClientRobotsServerError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	c := &feed.Client{Fetch: loopback(), HostInterval: -1}
	_, err := c.Get(context.Background(), fetch.Request{URL: srv.URL + "/page"})
	if err == nil || !strings.Contains(err.Error(), "robots.txt could not be read") {
		t.Errorf("error %v, want the host left alone while robots.txt fails", err)
	}
}

func TestClientHostLimits(t *testing.T) {
	var inFlight, peak atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		n := inFlight.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(30 * time.Millisecond)
		inFlight.Add(-1)
	}))
	defer srv.Close()

	// Concurrency cap: ten requests at once, two at a time.
	c := &feed.Client{Fetch: loopback(), HostInterval: -1, HostConcurrency: 2}
	var wg sync.WaitGroup
	for i := range 10 {
		wg.Go(func() {
			if _, err := c.Get(context.Background(), fetch.Request{URL: fmt.Sprintf("%s/p/%d", srv.URL, i)}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if peak.Load() != 2 {
		t.Errorf("peak of %d requests in flight, want the cap of 2", peak.Load())
	}

	// Rate: starts at least HostInterval apart (robots.txt included).
	c = &feed.Client{Fetch: loopback(), HostInterval: 50 * time.Millisecond, HostConcurrency: 4}
	start := time.Now()
	for i := range 3 {
		if _, err := c.Get(context.Background(), fetch.Request{URL: fmt.Sprintf("%s/q/%d", srv.URL, i)}); err != nil {
			t.Fatal(err)
		}
	}
	if took := time.Since(start); took < 150*time.Millisecond {
		t.Errorf("4 requests took %v, want at least 3 intervals of 50ms", took)
	}
}

func TestClientSSRFGuard(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	c := &feed.Client{Fetch: &fetch.Client{}, HostInterval: -1}
	if _, err := c.Get(context.Background(), fetch.Request{URL: srv.URL + "/feed"}); rapporteur.ErrorCode(err) != rapporteur.EFORBID {
		t.Errorf("error %v, want EFORBID", err)
	}
	if hits.Load() != 0 {
		t.Errorf("%d requests reached the loopback server", hits.Load())
	}
}

// sink records the items handed to it.
type sink struct {
	mu    sync.Mutex
	calls int
	items []feed.Item
	err   error
}

func (s *sink) FeedItems(ctx context.Context, f *rapporteur.Feed, items []feed.Item) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	s.items = append(s.items, items...)
	return s.err
}

func newStore(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "feeds.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestPollerConditionalGET(t *testing.T) {
	const etag = `"rev-1"`
	var full, notModified atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/feed" {
			http.NotFound(w, r)
			return
		}
		if r.Header.Get("If-None-Match") == etag {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		full.Add(1)
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", "Mon, 02 Mar 2020 10:00:00 GMT")
		fmt.Fprint(w, `<rss version="2.0"><channel><title>Polled</title><item><title>A</title><link>/a</link></item></channel></rss>`)
	}))
	defer srv.Close()
	db := newStore(t)
	f := &rapporteur.Feed{URL: srv.URL + "/feed"}
	if err := db.CreateFeed(context.Background(), f); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	s := &sink{}
	p := &feed.Poller{Store: db, Client: &feed.Client{Fetch: loopback(), HostInterval: -1}, Sink: s, Interval: time.Hour, Now: func() time.Time { return now }}

	if n, err := p.PollDue(context.Background()); err != nil || n != 1 {
		t.Fatalf("PollDue = %d, %v; want the new feed polled", n, err)
	}
	got, _ := db.Feed(context.Background(), f.ID)
	if got.ETag != etag || got.LastModified == "" || got.Title != "Polled" || got.ErrorCount != 0 || !got.NextFetch.Equal(now.Add(time.Hour)) {
		t.Errorf("feed after a poll: %+v, want the validators, the title and the next poll in an hour", got)
	}
	if len(s.items) != 1 || s.items[0].URL != srv.URL+"/a" {
		t.Errorf("items %+v, want the one entry with an absolute link", s.items)
	}

	// Not due yet: nothing happens.
	if n, _ := p.PollDue(context.Background()); n != 0 {
		t.Errorf("polled %d feeds before they were due", n)
	}
	now = now.Add(time.Hour)
	if n, _ := p.PollDue(context.Background()); n != 1 {
		t.Errorf("polled %d feeds when one was due", n)
	}
	if full.Load() != 1 || notModified.Load() != 1 || s.calls != 1 {
		t.Errorf("%d full and %d 304 answers, %d sink calls; want 1, 1, 1", full.Load(), notModified.Load(), s.calls)
	}
	got, _ = db.Feed(context.Background(), f.ID)
	if got.ETag != etag || got.ErrorCount != 0 || !got.LastFetched.Equal(now) {
		t.Errorf("feed after a 304: %+v, want the validators kept and the poll recorded", got)
	}
}

func TestPollerBackoff(t *testing.T) {
	var fail atomic.Bool
	fail.Store(true)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/robots.txt":
			http.NotFound(w, r)
		case fail.Load():
			http.Error(w, "down", http.StatusBadGateway)
		default:
			fmt.Fprint(w, `<rss version="2.0"><channel><title>Back</title></channel></rss>`)
		}
	}))
	defer srv.Close()
	db := newStore(t)
	f := &rapporteur.Feed{URL: srv.URL + "/feed"}
	if err := db.CreateFeed(context.Background(), f); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	p := &feed.Poller{Store: db, Client: &feed.Client{Fetch: loopback(), HostInterval: -1}, Sink: &sink{},
		Interval: time.Hour, RetryBase: time.Minute, MaxBackoff: 3 * time.Minute, Now: func() time.Time { return now }}

	for i, wait := range []time.Duration{time.Minute, 2 * time.Minute, 3 * time.Minute, 3 * time.Minute} {
		if err := p.Poll(context.Background(), f); err == nil {
			t.Fatal("poll of a failing feed succeeded")
		}
		got, _ := db.Feed(context.Background(), f.ID)
		if got.ErrorCount != i+1 || !strings.Contains(got.LastError, "502") || !got.NextFetch.Equal(now.Add(wait)) {
			t.Errorf("after %d failures: errors %d, last error %q, next %v; want %d, the 502, %v", i+1, got.ErrorCount, got.LastError, got.NextFetch, i+1, now.Add(wait))
		}
	}
	fail.Store(false)
	if err := p.Poll(context.Background(), f); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Feed(context.Background(), f.ID)
	if got.ErrorCount != 0 || got.LastError != "" || !got.NextFetch.Equal(now.Add(time.Hour)) {
		t.Errorf("after a success: %+v, want the error state cleared", got)
	}

	// A document that is no feed is an error too, with a message that says so.
	srv2 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<html>not a feed</html>") }))
	defer srv2.Close()
	g := &rapporteur.Feed{URL: srv2.URL + "/"}
	db.CreateFeed(context.Background(), g)
	p.Poll(context.Background(), g)
	got, _ = db.Feed(context.Background(), g.ID)
	if got.ErrorCount != 1 || !strings.Contains(got.LastError, "not an RSS, Atom or JSON feed") {
		t.Errorf("HTML page as feed: %+v, want the error recorded", got)
	}
}
