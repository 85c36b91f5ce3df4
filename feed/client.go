package feed

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/fetch"
)

// Client defaults.
const (
	DefaultHostInterval    = time.Second
	DefaultHostConcurrency = 2
	DefaultRobotsTTL       = 24 * time.Hour
	// robotsRetry is how long a robots.txt that could not be read (a
	// server error, a timeout) counts as "disallow all" before it is
	// asked for again.
	robotsRetry = 10 * time.Minute
	// maxCrawlDelay caps a host's Crawl-delay, so that one robots.txt
	// cannot stall a poller for hours.
	maxCrawlDelay = time.Minute
	// guardTTL is how long the SSRF guard's verdict on a host's addresses
	// is kept, so that a batch of URLs of one host costs one DNS lookup.
	guardTTL = time.Minute
)

// Client fetches politely over a fetch.Client, whose SSRF guard and limits
// hold for every request, robots.txt included: it honours each host's
// robots.txt (cached per host), starts requests to one host at most every
// HostInterval (or the host's Crawl-delay, if longer), and keeps at most
// HostConcurrency of them in flight. It is safe for concurrent use; its
// fields must not change after the first Get.
type Client struct {
	Fetch *fetch.Client
	// HostInterval is the least time between the starts of two requests
	// to one host; 0 means DefaultHostInterval, < 0 none.
	HostInterval time.Duration
	// HostConcurrency caps the requests in flight to one host; 0 means
	// DefaultHostConcurrency.
	HostConcurrency int
	// RobotsTTL is how long a robots.txt is cached; 0 means
	// DefaultRobotsTTL.
	RobotsTTL time.Duration
	// Agent is the product token robots.txt groups are matched against;
	// "" takes the first word of the fetch client's User-Agent.
	Agent string

	mu    sync.Mutex
	hosts map[string]*host
}

// host is the politeness state of one scheme and host:port.
type host struct {
	sem chan struct{} // one token per request in flight

	mu   sync.Mutex
	next time.Time // earliest start of the next request

	guardMu  sync.Mutex
	guardExp time.Time  // until when refused holds
	refused  netip.Addr // an address the SSRF guard refuses, when it refuses all of the host's; invalid when it allows one

	robotsMu  sync.Mutex // one robots.txt fetch at a time per host
	robots    *Robots
	robotsErr error // why robots.txt could not be read, when robots is disallowAll
	robotsExp time.Time
}

// Get fetches r.URL once robots.txt allows it and the host's limits let
// it start. A URL robots.txt disallows is an EFORBID error, without a
// request. Errors are those of fetch.Client.Do otherwise.
func (c *Client) Get(ctx context.Context, r fetch.Request) (*fetch.Page, error) {
	u, err := url.Parse(r.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		// fetch gives the precise error.
		return c.Fetch.Do(ctx, r)
	}
	h := c.host(u)
	// The guard is asked first: a URL it refuses would otherwise wait
	// for robots.txt and its turn at the host, HostInterval per URL, only
	// to be refused then.
	if err := c.guard(ctx, h, u); err != nil {
		return nil, err
	}
	rb, unreadable, err := c.robotsOf(ctx, h, u)
	if err != nil {
		return nil, err
	}
	if !rb.Allowed(u.EscapedPath() + query(u)) {
		if unreadable != nil {
			return nil, rapporteur.Errorf(rapporteur.EUPSTREAM, "fetch %s: %s/robots.txt could not be read (%v), so the host is not crawled for now", r.URL, origin(u), unreadable)
		}
		return nil, rapporteur.Errorf(rapporteur.EFORBID, "fetch %s: disallowed by %s/robots.txt", r.URL, origin(u))
	}
	release, err := c.acquire(ctx, h, rb)
	if err != nil {
		return nil, err
	}
	defer release()
	return c.Fetch.Do(ctx, r)
}

func query(u *url.URL) string {
	if u.RawQuery == "" {
		return ""
	}
	return "?" + u.RawQuery
}

func origin(u *url.URL) string { return u.Scheme + "://" + u.Host }

// host returns the state of u's host, creating it on first use.
func (c *Client) host(u *url.URL) *host {
	key := strings.ToLower(origin(u))
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.hosts == nil {
		c.hosts = map[string]*host{}
	}
	h := c.hosts[key]
	if h == nil {
		n := c.HostConcurrency
		if n <= 0 {
			n = DefaultHostConcurrency
		}
		h = &host{sem: make(chan struct{}, n)}
		c.hosts[key] = h
	}
	return h
}

// guard returns the error of the fetch client's SSRF guard when it would
// refuse every address of u's host, without waiting for the host's turn
// and without connecting. It resolves the host with the fetch client's
// Resolver and keeps the verdict for guardTTL. A host that cannot be
// looked up passes: the fetch then reports it as fetch does, and
// robotsOf keeps that failure for a while. The fetch client's own guard
// still checks every connection; this is only the early answer.
func (c *Client) guard(ctx context.Context, h *host, u *url.URL) error {
	policy := c.Fetch.Policy
	if policy.AllowPrivate {
		return nil
	}
	name := u.Hostname()
	if addr, err := netip.ParseAddr(name); err == nil {
		if !policy.Allowed(addr) {
			return refusedError(u, "", addr)
		}
		return nil
	}
	h.guardMu.Lock()
	defer h.guardMu.Unlock()
	if time.Now().Before(h.guardExp) {
		if h.refused.IsValid() {
			return refusedError(u, name, h.refused)
		}
		return nil
	}
	var r fetch.Resolver = net.DefaultResolver
	if c.Fetch.Resolver != nil {
		r = c.Fetch.Resolver
	}
	addrs, err := r.LookupNetIP(ctx, "ip", name)
	if err != nil || len(addrs) == 0 {
		return nil
	}
	h.refused = addrs[0]
	for _, a := range addrs {
		if policy.Allowed(a) {
			h.refused = netip.Addr{}
			break
		}
	}
	h.guardExp = time.Now().Add(guardTTL)
	if h.refused.IsValid() {
		return refusedError(u, name, h.refused)
	}
	return nil
}

// refusedError is the EFORBID error of a URL whose host's addresses the
// SSRF guard refuses, worded as fetch words it.
func refusedError(u *url.URL, name string, addr netip.Addr) error {
	if name != "" {
		name += ": "
	}
	return rapporteur.Errorf(rapporteur.EFORBID, "fetch %s: %saddress %s is private, loopback or otherwise not public, refused (the operator can allow it with --allow-private)", u, name, addr)
}

// acquire waits for a request slot of h and for its turn to start, and
// returns the function that frees the slot.
func (c *Client) acquire(ctx context.Context, h *host, rb *Robots) (func(), error) {
	select {
	case h.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, rapporteur.Errorf(rapporteur.EUPSTREAM, "canceled while waiting for the host's rate limit: %w", ctx.Err())
	}
	release := func() { <-h.sem }

	interval := c.HostInterval
	if interval == 0 {
		interval = DefaultHostInterval
	}
	interval = max(interval, min(rb.crawlDelay(), maxCrawlDelay))
	h.mu.Lock()
	now := time.Now()
	start := now
	if h.next.After(now) {
		start = h.next
	}
	h.next = start.Add(interval)
	h.mu.Unlock()
	if wait := start.Sub(now); wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			release()
			return nil, rapporteur.Errorf(rapporteur.EUPSTREAM, "canceled while waiting for the host's rate limit: %w", ctx.Err())
		}
	}
	return release, nil
}

func (r *Robots) crawlDelay() time.Duration {
	if r == nil {
		return 0
	}
	return r.CrawlDelay
}

// robotsOf returns the host's robots.txt rules, fetching them when they are
// not cached or have expired. A robots.txt that does not exist (4xx)
// allows everything; one the server fails to give (5xx, timeout) disallows
// everything for a while (RFC 9309), and unreadable says why. A refusal
// of the SSRF guard is returned as the error, since the page itself would
// be refused too.
func (c *Client) robotsOf(ctx context.Context, h *host, u *url.URL) (rb *Robots, unreadable, err error) {
	h.robotsMu.Lock()
	defer h.robotsMu.Unlock()
	if !h.robotsExp.IsZero() && time.Now().Before(h.robotsExp) {
		return h.robots, h.robotsErr, nil
	}
	release, err := c.acquire(ctx, h, nil)
	if err != nil {
		return nil, nil, err
	}
	page, err := c.Fetch.Do(ctx, fetch.Request{URL: origin(u) + "/robots.txt", Accept: "text/plain"})
	release()
	ttl := c.RobotsTTL
	if ttl <= 0 {
		ttl = DefaultRobotsTTL
	}
	var se *fetch.StatusError
	switch {
	case err == nil:
		h.robots, h.robotsErr = ParseRobots(page.Body, c.agent()), nil
	case errors.As(err, &se) && se.Code >= 400 && se.Code < 500:
		h.robots, h.robotsErr = nil, nil
	case rapporteur.ErrorCode(err) == rapporteur.EFORBID, rapporteur.ErrorCode(err) == rapporteur.EINVALID:
		return nil, nil, err
	case ctx.Err() != nil:
		return nil, nil, err
	default:
		h.robots, h.robotsErr = disallowAll, err
		ttl = min(ttl, robotsRetry)
	}
	h.robotsExp = time.Now().Add(ttl)
	return h.robots, h.robotsErr, nil
}

// agent returns the product token matched against robots.txt groups.
func (c *Client) agent() string {
	if c.Agent != "" {
		return c.Agent
	}
	ua := fetch.DefaultUserAgent
	if c.Fetch != nil && c.Fetch.UserAgent != "" {
		ua = c.Fetch.UserAgent
	}
	token, _, _ := strings.Cut(ua, "/")
	token, _, _ = strings.Cut(token, " ")
	return token
}
