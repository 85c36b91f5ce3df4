package feed_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/feed"
	"github.com/rapporteur/rapporteur/fetch"
)

func TestDiscover(t *testing.T) {
	const base = "https://news.test/section/page.html"
	tests := []struct {
		name, page, want string
	}{
		{"rss, relative", `<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head></html>`, "https://news.test/feed.xml"},
		{"atom, path-relative", `<link rel="alternate" type="application/atom+xml" href="atom">`, "https://news.test/section/atom"},
		{"json feed, absolute", `<link rel="alternate" type="application/feed+json" href="https://cdn.test/f.json">`, "https://cdn.test/f.json"},
		{"first one wins", `<link rel="alternate" type="application/atom+xml" href="/a"><link rel="alternate" type="application/rss+xml" href="/b">`, "https://news.test/a"},
		{"case and parameters", `<LINK REL="Alternate" TYPE="Application/RSS+XML; charset=utf-8" HREF=" /c ">`, "https://news.test/c"},
		{"rel list", `<link rel="home alternate" type="application/rss+xml" href="/d">`, "https://news.test/d"},
		{"self-closing, in body", `<body><p>x</p><link rel="alternate" type="application/rss+xml" href="/e"/></body>`, "https://news.test/e"},
		{"base href", `<head><base href="https://static.test/x/"><link rel="alternate" type="application/rss+xml" href="rss"></head>`, "https://static.test/x/rss"},
		{"relative base href", `<base href="/y/"><base href="https://ignored.test/"><link rel="alternate" type="application/rss+xml" href="rss">`, "https://news.test/y/rss"},
		{"other types skipped", `<link rel="alternate" type="text/html" hreflang="fr" href="/fr"><link rel="alternate" type="application/json" href="/j"><link rel="alternate" type="application/atom+xml" href="/f">`, "https://news.test/f"},
		{"other rels skipped", `<link rel="stylesheet" type="application/rss+xml" href="/s"><link type="application/rss+xml" href="/norel">`, ""},
		{"non-http href skipped", `<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)"><link rel="alternate" type="application/rss+xml" href="/g">`, "https://news.test/g"},
		{"empty href skipped", `<link rel="alternate" type="application/rss+xml" href=""><link rel="alternate" type="application/rss+xml">`, ""},
		{"inside a script", `<script>document.write('<link rel="alternate" type="application/rss+xml" href="/js">')</script>`, ""},
		{"in a comment", `<!-- <link rel="alternate" type="application/rss+xml" href="/old"> -->`, ""},
		{"no links", `<html><body>Just a page.</body></html>`, ""},
		{"not HTML", "\x00\x01\xff binary", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := feed.Discover([]byte(tt.page), base); got != tt.want {
				t.Errorf("Discover = %q, want %q", got, tt.want)
			}
		})
	}
}

func FuzzDiscover(f *testing.F) {
	f.Add([]byte(`<link rel="alternate" type="application/rss+xml" href="/feed">`), "https://news.test/")
	f.Add([]byte(`<base href="//x.test/"><link rel=alternate type=application/atom+xml href=a>`), "http://news.test/p")
	f.Add([]byte(`<link rel="alternate" type="application/feed+json" href="%zz">`), "")
	f.Fuzz(func(t *testing.T, page []byte, base string) {
		got := feed.Discover(page, base)
		if got == "" {
			return
		}
		u, err := url.Parse(got)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			t.Fatalf("Discover = %q, not an http or https URL", got)
		}
	})
}

const rssDoc = `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><title>A</title><link>/a</link></item></channel></rss>`

func TestFind(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /private\n")
	})
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Mon, 02 Mar 2020 10:00:00 GMT")
		fmt.Fprint(w, rssDoc)
	})
	page := func(head string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, "<!doctype html><html><head>%s</head><body>News</body></html>", head)
		}
	}
	mux.HandleFunc("/", page(`<link rel="alternate" type="application/rss+xml" title="All" href="/feed.xml">`))
	mux.HandleFunc("/plain", page(""))
	mux.HandleFunc("/to-missing", page(`<link rel="alternate" type="application/atom+xml" href="/missing">`))
	mux.HandleFunc("/to-page", page(`<link rel="alternate" type="application/atom+xml" href="/to-missing">`))
	mux.HandleFunc("/missing", http.NotFound)
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", http.StatusInternalServerError) })
	mux.HandleFunc("/private/feed", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, rssDoc) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	tests := []struct {
		name, path string
		client     *feed.Client
		want       *feed.Found
		code       string // of the error, "" for none
		msg        string // in the error's message
	}{
		{name: "feed", path: "/feed.xml", want: &feed.Found{URL: srv.URL + "/feed.xml", Title: "Wire", ETag: `"v1"`, LastModified: "Mon, 02 Mar 2020 10:00:00 GMT"}},
		{name: "page announcing a feed", path: "/", want: &feed.Found{URL: srv.URL + "/feed.xml", Title: "Wire", ETag: `"v1"`, LastModified: "Mon, 02 Mar 2020 10:00:00 GMT"}},
		{name: "page announcing none", path: "/plain", code: rapporteur.EINVALID, msg: "not an RSS, Atom or JSON feed, nor a page that links to one"},
		{name: "404", path: "/missing", code: rapporteur.EUPSTREAM, msg: "404"},
		{name: "500", path: "/broken", code: rapporteur.EUPSTREAM, msg: "500"},
		{name: "announced feed is 404", path: "/to-missing", code: rapporteur.EUPSTREAM, msg: "links to the feed " + srv.URL + "/missing"},
		{name: "announced feed is a page", path: "/to-page", code: rapporteur.EINVALID, msg: "links to the feed " + srv.URL + "/to-missing: not an RSS"},
		{name: "disallowed by robots.txt", path: "/private/feed", code: rapporteur.EFORBID, msg: "robots.txt"},
		{name: "timeout", path: "/slow", code: rapporteur.EUPSTREAM, msg: "no complete answer",
			client: &feed.Client{Fetch: &fetch.Client{Policy: fetch.Policy{AllowPrivate: true}, Timeout: 200 * time.Millisecond}, HostInterval: -1}},
		{name: "SSRF guard", path: "/feed.xml", code: rapporteur.EFORBID, msg: "not public",
			client: &feed.Client{Fetch: &fetch.Client{}, HostInterval: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.client
			if c == nil {
				c = &feed.Client{Fetch: loopback(), HostInterval: -1}
			}
			got, err := c.Find(context.Background(), srv.URL+tt.path)
			if code := rapporteur.ErrorCode(err); code != tt.code || (err != nil && !strings.Contains(err.Error(), tt.msg)) {
				t.Fatalf("error %v (%s), want code %q with %q", err, code, tt.code, tt.msg)
			}
			if tt.want != nil && *got != *tt.want {
				t.Errorf("found %+v, want %+v", got, tt.want)
			}
		})
	}
}

// resolver answers from a table and counts the lookups, so that tests do
// no real DNS.
type resolver struct {
	addrs   map[string][]netip.Addr
	lookups atomic.Int32
}

func (r *resolver) LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error) {
	r.lookups.Add(1)
	if a, ok := r.addrs[host]; ok {
		return a, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

// TestClientGuardBeforePacing: URLs the SSRF guard refuses fail at once,
// without waiting HostInterval for their host's robots.txt or their turn.
func TestClientGuardBeforePacing(t *testing.T) {
	res := &resolver{addrs: map[string][]netip.Addr{
		"intranet.test": {netip.MustParseAddr("10.0.0.7")},
		"metadata.test": {netip.MustParseAddr("169.254.169.254"), netip.MustParseAddr("fd00::1")},
	}}
	c := &feed.Client{Fetch: &fetch.Client{Resolver: res}, HostInterval: time.Hour}
	var urls []string
	for i := range 20 {
		urls = append(urls, fmt.Sprintf("http://intranet.test/item/%d", i), fmt.Sprintf("https://metadata.test/latest/%d", i), fmt.Sprintf("http://10.1.2.3/%d", i))
	}
	// The deadline only keeps a regression from hanging the test for an
	// hour; the guard must answer long before it.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	for _, u := range urls {
		if _, err := c.Get(ctx, fetch.Request{URL: u}); rapporteur.ErrorCode(err) != rapporteur.EFORBID || !strings.Contains(err.Error(), "not public") {
			t.Fatalf("Get(%s) error %v, want the guard's EFORBID", u, err)
		}
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("%d refused URLs took %v, want them refused without waiting for the host interval", len(urls), took)
	}
	if n := res.lookups.Load(); n != 2 {
		t.Errorf("%d DNS lookups, want one per host name (the verdict is kept)", n)
	}
}

// TestClientGuardAllows: a name that resolves to an allowed address, or
// that does not resolve, passes the early guard and is fetched (or fails)
// as fetch.Client says.
func TestClientGuardAllows(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, rssDoc)
	}))
	defer srv.Close()
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	res := &resolver{addrs: map[string][]netip.Addr{
		// One refused and one allowed address: fetch connects to the
		// allowed one, so the early guard must not refuse the host.
		"feeds.test": {netip.MustParseAddr("10.0.0.1"), netip.MustParseAddr("127.0.0.1")},
	}}
	c := &feed.Client{Fetch: &fetch.Client{Resolver: res, Policy: fetch.Policy{Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}}, HostInterval: -1}
	if _, err := c.Get(context.Background(), fetch.Request{URL: "http://feeds.test:" + port + "/feed"}); err != nil {
		t.Errorf("allowed host: %v", err)
	}
	_, err := c.Get(context.Background(), fetch.Request{URL: "http://unknown.test:" + port + "/feed"})
	if rapporteur.ErrorCode(err) != rapporteur.EUPSTREAM || !strings.Contains(err.Error(), "no such host") {
		t.Errorf("unknown host: error %v, want fetch's EUPSTREAM lookup error", err)
	}
}
