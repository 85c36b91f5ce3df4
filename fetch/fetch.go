// Package fetch downloads the pages that users ask rapporteur to read, with
// the limits a service that fetches user-given URLs needs: a size limit, a
// timeout, a redirect limit, http and https only, and a guard against
// server-side request forgery that refuses private, loopback and link-local
// addresses after DNS resolution and on every redirect.
package fetch

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"sync"
	"syscall"
	"time"

	"github.com/rapporteur/rapporteur"
)

// Defaults of a Client whose fields are zero.
const (
	DefaultMaxBytes     = 20 << 20
	DefaultTimeout      = 30 * time.Second
	DefaultMaxRedirects = 5
	DefaultUserAgent    = "rapporteur/1 (+https://github.com/rapporteur/rapporteur)"
)

// Resolver looks up the addresses of a host name. *net.Resolver is one.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Client fetches pages. Its zero value is ready to use with the defaults
// above and the zero (public addresses only) Policy. It is safe for
// concurrent use; its fields must not change after the first Fetch.
type Client struct {
	Policy       Policy
	MaxBytes     int64         // largest body accepted, after decompression
	Timeout      time.Duration // for the whole fetch, redirects and body included
	MaxRedirects int           // redirects followed; 0 means DefaultMaxRedirects, <0 none
	UserAgent    string
	// Resolver looks up host names; nil means net.DefaultResolver.
	Resolver Resolver

	// dial connects to an address that has passed the policy; tests replace
	// it to prove that no connection is attempted.
	dial func(ctx context.Context, network, address string) (net.Conn, error)

	once sync.Once
	hc   *http.Client // built on first use from the fields above
}

// Page is a fetched page.
type Page struct {
	URL         string // the final URL, after redirects
	ContentType string // the Content-Type header, as sent
	Body        []byte
	// ETag and LastModified are the response's validators, to send back
	// in a conditional Request.
	ETag         string
	LastModified string
	// NotModified is set when a conditional Request was answered 304 Not
	// Modified; Body is then empty.
	NotModified bool
}

// Request is a GET with the options Do takes beyond a URL.
type Request struct {
	URL string
	// Accept is the Accept header; "" asks for HTML or text, as Fetch does.
	Accept string
	// ETag and LastModified, from an earlier Page, make the GET
	// conditional (If-None-Match, If-Modified-Since).
	ETag         string
	LastModified string
}

// StatusError is the cause of the error of an answer with a status other
// than 2xx (or 304 to a conditional Request), for callers that act on the
// status, as a robots.txt reader does on 404.
type StatusError struct {
	Code   int
	Status string // as sent, "404 Not Found"
}

func (e *StatusError) Error() string { return "server answered " + e.Status }

// Fetch downloads rawURL. Its errors are *rapporteur.Error: EINVALID for a
// URL that is not an absolute http or https URL, EFORBID when the policy
// refuses an address (also one reached by a redirect), ETOOLARGE for a body
// over MaxBytes, EUPSTREAM when the server fails, answers with an error
// status, redirects too often or does not answer in time.
func (c *Client) Fetch(ctx context.Context, rawURL string) (*Page, error) {
	return c.Do(ctx, Request{URL: rawURL})
}

// Do is Fetch with the options of r. Its errors are those of Fetch; the
// error of an answer with another status than 2xx wraps a *StatusError.
// A conditional request answered 304 returns a Page with NotModified set
// and no error.
func (c *Client) Do(ctx context.Context, r Request) (*Page, error) {
	rawURL := r.URL
	u, err := c.checkURL(rawURL)
	if err != nil {
		return nil, withContext("fetch "+rawURL, err)
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout())
	defer cancel()

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "fetch %s: %w", rawURL, err)
	}
	req.Header.Set("User-Agent", c.userAgent())
	accept := r.Accept
	if accept == "" {
		accept = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"
	}
	req.Header.Set("Accept", accept)
	conditional := r.ETag != "" || r.LastModified != ""
	if r.ETag != "" {
		req.Header.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		req.Header.Set("If-Modified-Since", r.LastModified)
	}

	c.once.Do(func() { c.hc = c.httpClient() })
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, c.classify(rawURL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotModified && conditional {
		return &Page{URL: resp.Request.URL.String(), ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified"), NotModified: true}, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, rapporteur.Errorf(rapporteur.EUPSTREAM, "fetch %s: %w", rawURL, &StatusError{Code: resp.StatusCode, Status: resp.Status})
	}
	max := c.maxBytes()
	if resp.ContentLength > max {
		return nil, rapporteur.Errorf(rapporteur.ETOOLARGE, "fetch %s: page is %d bytes, over the limit of %d bytes", rawURL, resp.ContentLength, max)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return nil, c.classify(rawURL, err)
	}
	if int64(len(body)) > max {
		return nil, rapporteur.Errorf(rapporteur.ETOOLARGE, "fetch %s: page is over the limit of %d bytes", rawURL, max)
	}
	return &Page{
		URL:          resp.Request.URL.String(),
		ContentType:  resp.Header.Get("Content-Type"),
		Body:         body,
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
	}, nil
}

// checkURL is the fast check done before any lookup, on the URL asked for
// and on every redirect: the scheme, and hosts that are local by name or
// by literal address.
func (c *Client) checkURL(rawURL string) (*url.URL, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "invalid URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, rapporteur.Errorf(rapporteur.EFORBID, "only http and https URLs can be fetched")
	}
	host := u.Hostname()
	if host == "" {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "URL has no host")
	}
	if addr, err := netip.ParseAddr(host); err == nil {
		if !c.Policy.Allowed(addr) {
			return nil, forbidden(addr)
		}
	} else if !c.Policy.AllowPrivate && len(c.Policy.Allow) == 0 && localName(host) {
		return nil, rapporteur.Errorf(rapporteur.EFORBID, "%s is a local host name, refused (the operator can allow it with --allow-private)", host)
	}
	return u, nil
}

// forbidden is the error of an address the policy refuses.
func forbidden(addr netip.Addr) error {
	return rapporteur.Errorf(rapporteur.EFORBID, "address %s is private, loopback or otherwise not public, refused (the operator can allow it with --allow-private)", addr)
}

// withContext prefixes the message of err, keeping its code.
func withContext(prefix string, err error) error {
	var e *rapporteur.Error
	if errors.As(err, &e) {
		return &rapporteur.Error{Code: e.Code, Message: prefix + ": " + e.Message, Err: err}
	}
	return rapporteur.Errorf(rapporteur.EINTERNAL, "%s: %w", prefix, err)
}

// httpClient builds the HTTP client of c. Its transport resolves names
// itself and connects only to addresses the policy allows, so a DNS answer
// cannot point it at an internal address, and redirects go through the
// same dialer.
func (c *Client) httpClient() *http.Client {
	tr := &http.Transport{
		// No proxy from the environment: through a proxy the guard would
		// check the proxy's address instead of the page's.
		Proxy:                 nil,
		DialContext:           c.dialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          16,
		IdleConnTimeout:       30 * time.Second,
		TLSHandshakeTimeout:   c.timeout(),
		ResponseHeaderTimeout: c.timeout(),
	}
	return &http.Client{
		Transport: tr,
		Timeout:   c.timeout(),
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > c.maxRedirects() {
				return rapporteur.Errorf(rapporteur.EUPSTREAM, "stopped after %d redirects", c.maxRedirects())
			}
			if _, err := c.checkURL(req.URL.String()); err != nil {
				return withContext("redirect to "+req.URL.String(), err)
			}
			return nil
		},
	}
}

// dialContext resolves address, keeps the addresses the policy allows and
// connects to one of them. The dialer's Control function checks the
// address of the socket itself, right before it connects, as a last line
// that holds whatever path led there.
func (c *Client) dialContext(ctx context.Context, network, address string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "bad address %q: %w", address, err)
	}
	var addrs []netip.Addr
	if a, err := netip.ParseAddr(host); err == nil {
		addrs = []netip.Addr{a}
	} else {
		addrs, err = c.resolver().LookupNetIP(ctx, "ip", host)
		if err != nil {
			return nil, rapporteur.Errorf(rapporteur.EUPSTREAM, "look up %s: %w", host, err)
		}
	}
	var allowed []netip.Addr
	for _, a := range addrs {
		if c.Policy.Allowed(a) {
			allowed = append(allowed, a)
		}
	}
	if len(allowed) == 0 {
		if len(addrs) == 0 {
			return nil, rapporteur.Errorf(rapporteur.EUPSTREAM, "look up %s: no address", host)
		}
		return nil, withContext(host, forbidden(addrs[0]))
	}
	dial := c.dial
	if dial == nil {
		d := &net.Dialer{Control: c.control}
		dial = d.DialContext
	}
	var firstErr error
	for _, a := range allowed {
		conn, err := dial(ctx, network, net.JoinHostPort(a.String(), port))
		if err == nil {
			return conn, nil
		}
		if firstErr == nil {
			firstErr = err
		}
		if ctx.Err() != nil {
			break
		}
	}
	return nil, firstErr
}

// control is the net.Dialer hook that refuses a socket whose address the
// policy does not allow.
func (c *Client) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return rapporteur.Errorf(rapporteur.EFORBID, "refusing to connect to %q: %w", address, err)
	}
	if !c.Policy.Allowed(ap.Addr()) {
		return forbidden(ap.Addr())
	}
	return nil
}

// classify turns an error of the HTTP client into a *rapporteur.Error,
// keeping the code of one raised by the guard or a redirect check.
func (c *Client) classify(rawURL string, err error) error {
	var e *rapporteur.Error
	if errors.As(err, &e) {
		return withContext("fetch "+rawURL, e)
	}
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return rapporteur.Errorf(rapporteur.EUPSTREAM, "fetch %s: no complete answer within %s", rawURL, c.timeout())
	}
	if errors.Is(err, context.Canceled) {
		return rapporteur.Errorf(rapporteur.EUPSTREAM, "fetch %s: canceled", rawURL)
	}
	return rapporteur.Errorf(rapporteur.EUPSTREAM, "fetch %s: %w", rawURL, err)
}

func (c *Client) resolver() Resolver {
	if c.Resolver != nil {
		return c.Resolver
	}
	return net.DefaultResolver
}

func (c *Client) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return DefaultTimeout
}

func (c *Client) maxBytes() int64 {
	if c.MaxBytes > 0 {
		return c.MaxBytes
	}
	return DefaultMaxBytes
}

func (c *Client) maxRedirects() int {
	switch {
	case c.MaxRedirects < 0:
		return 0
	case c.MaxRedirects == 0:
		return DefaultMaxRedirects
	}
	return c.MaxRedirects
}

func (c *Client) userAgent() string {
	if c.UserAgent != "" {
		return c.UserAgent
	}
	return DefaultUserAgent
}
