package http

import (
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/feed"
	"github.com/rapporteur/rapporteur/fetch"
)

// anyFeed takes every URL for a feed without fetching it, for tests about
// other things than the check.
type anyFeed struct{}

func (anyFeed) Find(ctx context.Context, rawURL string) (*feed.Found, error) {
	return &feed.Found{URL: rawURL}, nil
}

const wireRSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>First</title><link>/a/1</link></item></channel></rss>`

const wireAtom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire Atom</title>
<entry><title>First</title><link href="/a/1"/><updated>2026-01-01T10:00:00Z</updated></entry></feed>`

// feedSite is a loopback server with two feeds, a page that announces the
// Atom one, and URLs that are no feed. It answers a conditional GET of a
// feed with 304, and counts the requests for the feeds.
func feedSite(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", http.NotFound)
	doc := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			hits.Add(1)
			if r.Header.Get("If-None-Match") == `"v1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", `"v1"`)
			fmt.Fprint(w, body)
		}
	}
	mux.HandleFunc("/feed.xml", doc(wireRSS))
	mux.HandleFunc("/atom.xml", doc(wireAtom))
	html := func(head string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprintf(w, "<!doctype html><html><head>%s</head><body>News</body></html>", head)
		}
	}
	mux.HandleFunc("/news", html(`<link rel="alternate" type="application/atom+xml" href="/atom.xml">`))
	mux.HandleFunc("/about", html(""))
	mux.HandleFunc("/gone", http.NotFound)
	mux.HandleFunc("/down", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", http.StatusServiceUnavailable) })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, &hits
}

// loopbackFeeds is a feed client that may fetch from the test's loopback
// servers, without pacing.
func loopbackFeeds() *feed.Client {
	return &feed.Client{Fetch: &fetch.Client{Policy: fetch.Policy{AllowPrivate: true}, Timeout: 5 * time.Second}, HostInterval: -1}
}

// TestSubscribeChecksFeed: POST /api/v1/feeds fetches the URL once and
// subscribes only to a feed, or to the feed an HTML page announces; a URL
// that is no feed or fails is refused at once with its code, and no feed
// is stored.
func TestSubscribeChecksFeed(t *testing.T) {
	site, _ := feedSite(t)
	env := newEnv(t, func(c *Config) { c.Feeds = loopbackFeeds() })
	bearer := []string{"Authorization", "Bearer " + testToken}
	tests := []struct {
		name, url, title string
		status           int
		code             string // of the error answer
		msg              string // in the error message
		feedURL, feedTit string // of the feed stored
	}{
		{name: "feed", url: site.URL + "/feed.xml", status: 201, feedURL: site.URL + "/feed.xml", feedTit: "Wire"},
		{name: "page announcing a feed", url: site.URL + "/news", title: "Mine", status: 201, feedURL: site.URL + "/atom.xml", feedTit: "Mine"},
		{name: "page announcing none", url: site.URL + "/about", status: 400, code: rapporteur.EINVALID, msg: "not an RSS, Atom or JSON feed"},
		{name: "404", url: site.URL + "/gone", status: 502, code: rapporteur.EUPSTREAM, msg: "404 Not Found"},
		{name: "503", url: site.URL + "/down", status: 502, code: rapporteur.EUPSTREAM, msg: "503"},
		{name: "not http", url: "file:///etc/passwd", status: 400, code: rapporteur.EINVALID, msg: "not an absolute http or https URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := env.store.Feeds(t.Context())
			body := mustJSON(t, feedInput{URL: tt.url, Title: tt.title})
			st, resp := env.do(t, "POST", "/api/v1/feeds", "application/json", body, bearer)
			if st != tt.status {
				t.Fatalf("status %d, want %d: %s", st, tt.status, resp)
			}
			after, _ := env.store.Feeds(t.Context())
			if tt.code != "" {
				var e apiError
				json.Unmarshal([]byte(resp), &e)
				if e.Error.Code != tt.code || !strings.Contains(e.Error.Message, tt.msg) {
					t.Errorf("error %+v, want %s with %q", e.Error, tt.code, tt.msg)
				}
				if len(after) != len(before) {
					t.Errorf("%d feeds stored after a refused subscription, want %d", len(after), len(before))
				}
				return
			}
			var f rapporteur.Feed
			json.Unmarshal([]byte(resp), &f)
			if f.URL != tt.feedURL || f.Title != tt.feedTit {
				t.Errorf("subscribed to %q titled %q, want %q titled %q", f.URL, f.Title, tt.feedURL, tt.feedTit)
			}
			got, err := env.store.Feed(t.Context(), f.ID)
			if err != nil {
				t.Fatal(err)
			}
			// Due at once, so the poller reads the items now; and not
			// conditional, or the poll would be answered 304 and the items
			// read at subscribe time, which are not stored, never read.
			if got.NextFetch.After(time.Now()) || got.ETag != "" || got.LastModified != "" {
				t.Errorf("feed %+v: want it due now, without validators", got)
			}
		})
	}

	// The feeds are known now: asked again, directly or through a page,
	// they are a conflict.
	for _, u := range []string{site.URL + "/feed.xml", site.URL + "/news"} {
		if st, resp := env.do(t, "POST", "/api/v1/feeds", "application/json", mustJSON(t, feedInput{URL: u}), bearer); st != 409 {
			t.Errorf("subscribe to %s again: %d %s, want 409", u, st, resp)
		}
	}
}

// TestSubscribeGuard: an address the SSRF guard refuses is EFORBID at
// subscribe time, and the server is not asked.
func TestSubscribeGuard(t *testing.T) {
	site, hits := feedSite(t)
	env := newEnv(t, func(c *Config) {
		c.Feeds = &feed.Client{Fetch: &fetch.Client{}, HostInterval: time.Hour} // public addresses only
	})
	start := time.Now()
	st, resp := env.do(t, "POST", "/api/v1/feeds", "application/json", mustJSON(t, feedInput{URL: site.URL + "/feed.xml"}), []string{"Authorization", "Bearer " + testToken})
	var e apiError
	json.Unmarshal([]byte(resp), &e)
	if st != 403 || e.Error.Code != rapporteur.EFORBID {
		t.Errorf("loopback feed: %d %s, want 403 forbidden", st, resp)
	}
	if hits.Load() != 0 || time.Since(start) > 10*time.Second {
		t.Errorf("%d requests reached the loopback server, in %v", hits.Load(), time.Since(start))
	}
	if feeds, _ := env.store.Feeds(t.Context()); len(feeds) != 0 {
		t.Errorf("%d feeds stored", len(feeds))
	}
	// A server without a feed finder refuses subscriptions.
	bare := newEnv(t, func(c *Config) { c.Feeds = nil })
	if st, _ := bare.do(t, "POST", "/api/v1/feeds", "application/json", mustJSON(t, feedInput{URL: site.URL + "/feed.xml"}), []string{"Authorization", "Bearer " + testToken}); st != 403 {
		t.Errorf("no feed finder: %d, want 403", st)
	}
}

// TestSubscribeFirstPollReadsItems: the first poll after subscribing
// stores the feed's items, even from a server that answers 304 to the
// validators of the subscribe-time fetch.
func TestSubscribeFirstPollReadsItems(t *testing.T) {
	site, hits := feedSite(t)
	fc := loopbackFeeds()
	env := newEnv(t, func(c *Config) { c.Feeds = fc })
	if st, resp := env.do(t, "POST", "/api/v1/feeds", "application/json", mustJSON(t, feedInput{URL: site.URL + "/news"}), []string{"Authorization", "Bearer " + testToken}); st != 201 {
		t.Fatalf("subscribe: %d %s", st, resp)
	}
	s := &itemSink{}
	p := &feed.Poller{Store: env.store, Client: fc, Sink: s}
	if n, err := p.PollDue(t.Context()); n != 1 || err != nil {
		t.Fatalf("PollDue = %d, %v; want the new feed polled at once", n, err)
	}
	if s.items != 1 || hits.Load() != 2 {
		t.Errorf("%d items stored after %d fetches of the feed, want 1 after 2 (the check, the poll)", s.items, hits.Load())
	}
}

type itemSink struct{ items int }

func (s *itemSink) FeedItems(ctx context.Context, f *rapporteur.Feed, items []feed.Item) error {
	s.items += len(items)
	return nil
}

// TestUIFeedFormChecksFeed: the feeds page form refuses a URL that is no
// feed with the reason, and subscribes to the feed a page announces.
func TestUIFeedFormChecksFeed(t *testing.T) {
	site, _ := feedSite(t)
	env := newEnv(t, func(c *Config) { c.Feeds = loopbackFeeds() })
	cookie, csrf := login(t, env)
	post := func(u string) (int, string) {
		return env.do(t, "POST", "/feeds", "application/x-www-form-urlencoded", url.Values{"csrf": {csrf}, "url": {u}}.Encode(), cookie)
	}
	st, page := post(site.URL + "/gone")
	if st != 502 || !strings.Contains(page, `class="error"`) || !strings.Contains(page, "404 Not Found") {
		t.Errorf("404 URL: %d, want 502 and the reason on the page", st)
	}
	if feeds, _ := env.store.Feeds(t.Context()); len(feeds) != 0 {
		t.Errorf("%d feeds stored for a 404", len(feeds))
	}
	if st, _ := post(site.URL + "/news"); st != 303 {
		t.Errorf("page announcing a feed: %d, want 303", st)
	}
	_, page = env.do(t, "GET", "/feeds", "", "", cookie)
	if !strings.Contains(page, site.URL+"/atom.xml") || !strings.Contains(page, "first poll due") {
		t.Error("the feeds page does not list the discovered feed as waiting for its first poll")
	}
}

// TestImportOPMLChecksEachFeed: an OPML import checks every feed, goes on
// after those that fail, and says why each was not added, in the API's
// answer and on the page.
func TestImportOPMLChecksEachFeed(t *testing.T) {
	site, _ := feedSite(t)
	env := newEnv(t, func(c *Config) { c.Feeds = loopbackFeeds() })
	if err := env.store.CreateFeed(t.Context(), &rapporteur.Feed{URL: site.URL + "/known"}); err != nil {
		t.Fatal(err)
	}
	opml := fmt.Sprintf(`<?xml version="1.0"?><opml version="2.0"><body><outline text="News">
<outline text="Gone" xmlUrl="%[1]s/gone"/>
<outline text="Page" xmlUrl="%[1]s/news"/>
<outline text="About" xmlUrl="%[1]s/about"/>
<outline text="Known" xmlUrl="%[1]s/known"/>
<outline text="Down" xmlUrl="%[1]s/down"/>
<outline text="Twice" xmlUrl="%[1]s/news"/>
<outline text="Bad" xmlUrl="file:///etc/passwd"/>
</outline></body></opml>`, site.URL)
	st, body := env.do(t, "POST", "/api/v1/feeds/import", "text/xml", opml, []string{"Authorization", "Bearer " + testToken})
	var res importResult
	if err := json.Unmarshal([]byte(body), &res); err != nil || st != 200 {
		t.Fatalf("import: %d %s", st, body)
	}
	if res.Added != 1 || res.Existing != 2 || res.Invalid != 2 || res.Failed != 2 {
		t.Errorf("import counts %+v, want 1 added, 2 existing, 2 invalid, 2 failed", res)
	}
	want := map[string]string{
		site.URL + "/gone":   rapporteur.EUPSTREAM,
		site.URL + "/down":   rapporteur.EUPSTREAM,
		site.URL + "/about":  rapporteur.EINVALID,
		"file:///etc/passwd": rapporteur.EINVALID,
	}
	for _, e := range res.Errors {
		if want[e.URL] != e.Code || e.Message == "" {
			t.Errorf("import error %+v, want code %q and a message", e, want[e.URL])
		}
		delete(want, e.URL)
	}
	if len(want) != 0 {
		t.Errorf("no import error for %v", want)
	}
	feeds, _ := env.store.Feeds(t.Context())
	if len(feeds) != 2 {
		t.Errorf("%d feeds after the import, want the known one and the discovered one", len(feeds))
	}

	// Through the form, the page lists why each feed was not added.
	cookie, csrf := login(t, env)
	var buf strings.Builder
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", csrf)
	fw, _ := mw.CreateFormFile("opml", "subs.opml")
	fw.Write([]byte(opml))
	mw.Close()
	st, page := env.do(t, "POST", "/feeds/import", mw.FormDataContentType(), buf.String(), cookie)
	if st != 200 || !strings.Contains(page, "2 failed") || !strings.Contains(page, "<li>"+site.URL+"/gone: ") || !strings.Contains(page, "404 Not Found") {
		t.Errorf("import form: %d, want the per-feed errors listed", st)
	}
}
