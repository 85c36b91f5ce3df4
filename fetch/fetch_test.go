package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
)

// fakeResolver answers from a table and never touches the network.
type fakeResolver map[string][]string

func (r fakeResolver) LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error) {
	names, ok := r[host]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	var addrs []netip.Addr
	for _, n := range names {
		addrs = append(addrs, netip.MustParseAddr(n))
	}
	return addrs, nil
}

// dialRecorder stands in for the network: it records each address a
// client tries to connect to and connects only to loopback test servers
// in pass; every other attempt fails without sending a packet.
type dialRecorder struct {
	mu    sync.Mutex
	calls []string
	pass  map[string]bool
}

func (d *dialRecorder) dial(ctx context.Context, network, address string) (net.Conn, error) {
	d.mu.Lock()
	d.calls = append(d.calls, address)
	d.mu.Unlock()
	if d.pass[address] {
		var nd net.Dialer
		return nd.DialContext(ctx, network, address)
	}
	return nil, errors.New("test dialer: no network")
}

func (d *dialRecorder) Calls() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.calls...)
}

func wantCode(t *testing.T, err error, code, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s error containing %q", code, msg)
	}
	if got := rapporteur.ErrorCode(err); got != code {
		t.Fatalf("error code %q (%v), want %q", got, err, code)
	}
	if !strings.Contains(err.Error(), msg) {
		t.Fatalf("error %q does not say %q", err, msg)
	}
}

func TestFetchRefusesHostResolvingToPrivateBeforeConnecting(t *testing.T) {
	d := &dialRecorder{}
	c := &Client{
		Resolver: fakeResolver{
			"intranet.example": {"10.0.0.1"},
			"meta.example":     {"169.254.169.254", "fd00::1"},
			"mapped.example":   {"::ffff:127.0.0.1"},
		},
		dial: d.dial,
	}
	for _, u := range []string{"http://intranet.example/", "https://meta.example/latest", "http://mapped.example:8080/"} {
		_, err := c.Fetch(context.Background(), u)
		wantCode(t, err, rapporteur.EFORBID, "not public")
	}
	if calls := d.Calls(); len(calls) != 0 {
		t.Fatalf("client tried to connect to %v", calls)
	}
}

func TestFetchConnectsOnlyToCheckedAddress(t *testing.T) {
	// A DNS answer that mixes a private and a public address: the client
	// must only try the public one.
	d := &dialRecorder{}
	c := &Client{
		Resolver: fakeResolver{"mixed.example": {"10.0.0.1", "93.184.215.14", "127.0.0.1"}},
		dial:     d.dial,
	}
	_, err := c.Fetch(context.Background(), "http://mixed.example/")
	wantCode(t, err, rapporteur.EUPSTREAM, "no network")
	if got := d.Calls(); len(got) != 1 || got[0] != "93.184.215.14:80" {
		t.Fatalf("dialled %v, want only 93.184.215.14:80", got)
	}
}

func TestFetchRefusesByURL(t *testing.T) {
	d := &dialRecorder{}
	c := &Client{Resolver: fakeResolver{}, dial: d.dial}
	tests := []struct {
		url, code, msg string
	}{
		{"http://127.0.0.1/", rapporteur.EFORBID, "127.0.0.1"},
		{"http://[::1]:8080/", rapporteur.EFORBID, "::1"},
		{"http://[::ffff:127.0.0.1]/", rapporteur.EFORBID, "not public"},
		{"http://169.254.169.254/latest/meta-data/", rapporteur.EFORBID, "not public"},
		{"http://0.0.0.0:80/", rapporteur.EFORBID, "not public"},
		{"http://localhost:8080/admin", rapporteur.EFORBID, "local host name"},
		{"http://metadata.google.internal/", rapporteur.EFORBID, "local host name"},
		{"file:///etc/passwd", rapporteur.EFORBID, "only http and https"},
		{"ftp://example.com/a.txt", rapporteur.EFORBID, "only http and https"},
		{"gopher://example.com/", rapporteur.EFORBID, "only http and https"},
		{"http:///nohost", rapporteur.EINVALID, "no host"},
		{"http://exa mple.com/", rapporteur.EINVALID, "invalid URL"},
	}
	for _, tt := range tests {
		_, err := c.Fetch(context.Background(), tt.url)
		wantCode(t, err, tt.code, tt.msg)
	}
	if calls := d.Calls(); len(calls) != 0 {
		t.Fatalf("client tried to connect to %v", calls)
	}
}

func TestControlChecksTheDialledAddress(t *testing.T) {
	c := &Client{}
	for addr, ok := range map[string]bool{
		"10.0.0.1:80":          false,
		"127.0.0.1:443":        false,
		"[::1]:80":             false,
		"[fe80::1%eth0]:80":    false,
		"[::ffff:10.0.0.1]:80": false,
		"93.184.215.14:80":     true,
		"[2606:4700::1]:443":   true,
	} {
		err := c.control("tcp", addr, nil)
		if (err == nil) != ok {
			t.Errorf("control(%s) = %v, want allowed %v", addr, err, ok)
		}
		if err != nil && rapporteur.ErrorCode(err) != rapporteur.EFORBID {
			t.Errorf("control(%s) error code %q, want %q", addr, rapporteur.ErrorCode(err), rapporteur.EFORBID)
		}
	}
}

func TestFetchLoopbackRefusedByDefault(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, "secret")
	}))
	defer srv.Close()

	_, err := (&Client{}).Fetch(context.Background(), srv.URL)
	wantCode(t, err, rapporteur.EFORBID, "127.0.0.1")
	if hits.Load() != 0 {
		t.Fatal("the server was reached")
	}

	page, err := (&Client{Policy: Policy{AllowPrivate: true}}).Fetch(context.Background(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if string(page.Body) != "secret" || !strings.HasPrefix(page.ContentType, "text/plain") {
		t.Fatalf("got %q (%s)", page.Body, page.ContentType)
	}
}

func TestFetchSendsUserAgent(t *testing.T) {
	var ua string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua = r.UserAgent()
	}))
	defer srv.Close()
	if _, err := (&Client{Policy: Policy{AllowPrivate: true}}).Fetch(context.Background(), srv.URL); err != nil {
		t.Fatal(err)
	}
	if ua != DefaultUserAgent {
		t.Fatalf("User-Agent %q, want %q", ua, DefaultUserAgent)
	}
}

// serverOnlyPolicy allows the loopback address the test servers listen on
// and nothing else that is private.
func serverOnlyPolicy(t *testing.T, srv *httptest.Server) Policy {
	ap := netip.MustParseAddrPort(srv.Listener.Addr().String())
	return Policy{Allow: []netip.Prefix{netip.PrefixFrom(ap.Addr(), ap.Addr().BitLen())}}
}

func TestFetchRedirectToPrivateRefused(t *testing.T) {
	var target string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/ok" {
			fmt.Fprint(w, "page")
			return
		}
		http.Redirect(w, r, target, http.StatusFound)
	}))
	defer srv.Close()
	port := netip.MustParseAddrPort(srv.Listener.Addr().String()).Port()

	d := &dialRecorder{pass: map[string]bool{srv.Listener.Addr().String(): true}}
	c := &Client{
		Policy:   serverOnlyPolicy(t, srv),
		Resolver: fakeResolver{"intranet.example": {"10.0.0.1"}},
		dial:     d.dial,
	}
	// The allowed server itself can be fetched, redirects included.
	target = srv.URL + "/ok"
	if page, err := c.Fetch(context.Background(), srv.URL); err != nil || string(page.Body) != "page" {
		t.Fatalf("allowed redirect: %v, %v", page, err)
	}
	for _, tt := range []struct{ target, msg string }{
		{fmt.Sprintf("http://127.0.0.2:%d/", port), "127.0.0.2"},
		{fmt.Sprintf("http://[::1]:%d/", port), "::1"},
		{"http://169.254.169.254/latest/meta-data/", "169.254.169.254"},
		{"http://intranet.example/", "10.0.0.1"},
		{"file:///etc/passwd", "only http and https"},
	} {
		target = tt.target
		_, err := c.Fetch(context.Background(), srv.URL)
		wantCode(t, err, rapporteur.EFORBID, tt.msg)
		if !strings.Contains(err.Error(), "redirect to") && !strings.Contains(err.Error(), "intranet.example") {
			t.Errorf("error %q does not say it was a redirect", err)
		}
	}
	for _, a := range d.Calls() {
		if a != srv.Listener.Addr().String() {
			t.Fatalf("client tried to connect to %s", a)
		}
	}
}

func TestFetchRedirectLimit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Path, "/%d", &n)
		if n == 0 {
			fmt.Fprint(w, "arrived")
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/%d", n-1), http.StatusMovedPermanently)
	}))
	defer srv.Close()
	c := &Client{Policy: Policy{AllowPrivate: true}, MaxRedirects: 3}
	if page, err := c.Fetch(context.Background(), srv.URL+"/3"); err != nil || string(page.Body) != "arrived" || !strings.HasSuffix(page.URL, "/0") {
		t.Fatalf("3 redirects: %v, %v", page, err)
	}
	_, err := c.Fetch(context.Background(), srv.URL+"/4")
	wantCode(t, err, rapporteur.EUPSTREAM, "stopped after 3 redirects")

	_, err = (&Client{Policy: Policy{AllowPrivate: true}}).Fetch(context.Background(), srv.URL+"/100")
	wantCode(t, err, rapporteur.EUPSTREAM, "stopped after 5 redirects")
}

func TestFetchSizeLimit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := strings.Repeat("x", 2000)
		if r.URL.Path == "/chunked" {
			// No Content-Length: the limit must hold while reading.
			for i := 0; i < 4; i++ {
				fmt.Fprint(w, body[:500])
				w.(http.Flusher).Flush()
			}
			return
		}
		w.Header().Set("Content-Length", "2000")
		fmt.Fprint(w, body)
	}))
	defer srv.Close()
	c := &Client{Policy: Policy{AllowPrivate: true}, MaxBytes: 1000}
	_, err := c.Fetch(context.Background(), srv.URL+"/length")
	wantCode(t, err, rapporteur.ETOOLARGE, "1000 bytes")
	_, err = c.Fetch(context.Background(), srv.URL+"/chunked")
	wantCode(t, err, rapporteur.ETOOLARGE, "1000 bytes")

	c.MaxBytes = 2000
	if page, err := c.Fetch(context.Background(), srv.URL+"/chunked"); err != nil || len(page.Body) != 2000 {
		t.Fatalf("at the limit: %v", err)
	}
}

func TestFetchTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/body" {
			// Headers at once, then a body that never ends.
			w.Write([]byte("start"))
			w.(http.Flusher).Flush()
		}
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer srv.Close()
	defer close(release)
	c := &Client{Policy: Policy{AllowPrivate: true}, Timeout: 200 * time.Millisecond}
	for _, path := range []string{"/headers", "/body"} {
		start := time.Now()
		_, err := c.Fetch(context.Background(), srv.URL+path)
		wantCode(t, err, rapporteur.EUPSTREAM, "within 200ms")
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("%s: timed out after %s", path, d)
		}
	}
}

func TestFetchErrorStatus(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	_, err := (&Client{Policy: Policy{AllowPrivate: true}}).Fetch(context.Background(), srv.URL)
	wantCode(t, err, rapporteur.EUPSTREAM, "404")
}

func TestFetchConnectionRefused(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	_, err := (&Client{Policy: Policy{AllowPrivate: true}}).Fetch(context.Background(), url)
	wantCode(t, err, rapporteur.EUPSTREAM, "refused")
}
