// Package http serves rapporteur's web UI and its JSON API over HTTP: the
// same routes and filters render HTML for people, JSON for programs and CSV
// or JSON Lines for spreadsheets and pipelines.
//
// Every handler reads through a rapporteur.Store; writes (ingest, feeds,
// saved searches) need the write token, as a bearer token on the API or as
// an HttpOnly, SameSite=Strict cookie set by the login form in the UI.
package http

import (
	"context"
	"crypto/rand"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/feed"
	"github.com/rapporteur/rapporteur/ingest"
	"github.com/rapporteur/rapporteur/intake"
	"golang.org/x/time/rate"
)

// Intake reads what a request gives into an article: a record (the JSON
// body of the extract and ingest endpoints, with text, html or a URL to
// fetch) or a document (a text/plain or text/html body, the Analyze page's
// pasted text). It must be safe for concurrent use; *intake.Intake is one.
type Intake interface {
	Record(ctx context.Context, rec intake.Record) (rapporteur.Article, error)
	Document(ctx context.Context, d intake.Document) (rapporteur.Article, error)
}

// Bulk stores the records of a JSON Lines body, extracting several at once
// and storing them in input order, and tells each's result to each, in
// input order; *ingest.Ingester is one.
type Bulk interface {
	IngestLines(ctx context.Context, r io.Reader, name string, each func(ingest.Result)) (ingest.Summary, error)
}

// FeedFinder checks a URL a user subscribes to by fetching it once,
// politely and through the SSRF guard, and returns the feed found there:
// the URL itself, or the feed its HTML page announces. *feed.Client is
// one. Its errors are classified: EINVALID for a URL that is no feed,
// EUPSTREAM for a server that fails, EFORBID for a refused address.
type FeedFinder interface {
	Find(ctx context.Context, rawURL string) (*feed.Found, error)
}

// Defaults of a Config whose fields are zero.
const (
	DefaultMaxBodyBytes = 8 << 20
	DefaultMaxBulkBytes = 1 << 30
	DefaultRateLimit    = 1 // requests per second per client address
	DefaultRateBurst    = 10
	// authRateFactor is how much larger than the anonymous bucket the
	// bucket of requests with the write token is by default.
	authRateFactor = 10
)

// Config is what a Server needs. Store and Intake are required.
type Config struct {
	Store rapporteur.Store
	// Intake reads every article a request gives; it fetches the URLs
	// given to the Analyze page and the extract and ingest endpoints (or
	// refuses them, when it has no fetcher).
	Intake Intake
	// Bulk stores JSON Lines bodies of POST /api/v1/articles; nil refuses
	// them.
	Bulk Bulk
	// Feeds checks the feeds users subscribe to, so that a URL that is
	// no feed is refused at once instead of failing at every poll; nil
	// refuses subscriptions.
	Feeds FeedFinder
	// CheckToken reports whether token is the write token. It must compare
	// in constant time (crypto/subtle). Nil means no token is valid, so
	// every write is refused.
	CheckToken func(token string) bool
	// ReadOnly serves a public instance: write routes answer 403 and the
	// UI hides the forms that write.
	ReadOnly bool
	// Logger receives internal errors; nil discards them.
	Logger *slog.Logger
	// MaxBodyBytes limits request bodies; 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// MaxBulkBytes limits a JSON Lines body of POST /api/v1/articles,
	// which is spooled to a temporary file, not held in memory; 0 means
	// DefaultMaxBulkBytes. Each line is limited by the intake.
	MaxBulkBytes int64
	// RateLimit and RateBurst set the per-client token bucket of the
	// extract and ingest endpoints and the Analyze page; zero means the
	// defaults, a negative RateLimit turns the limit off.
	RateLimit rate.Limit
	RateBurst int
	// AuthRateLimit and AuthRateBurst set the separate per-client bucket
	// of requests that carry the write token (a valid bearer token, a UI
	// session), so that an operator's bulk load does not compete with
	// anonymous readers of the same address. Zero means ten times
	// RateLimit and RateBurst; a negative AuthRateLimit turns the limit off
	// for them. A negative RateLimit turns both off.
	AuthRateLimit rate.Limit
	AuthRateBurst int
	// TrustedProxies are the reverse proxies in front of the server: for
	// a request from one of them, the client is the last address of
	// X-Forwarded-For that is not a trusted proxy, and X-Forwarded-Proto
	// says whether it came over HTTPS. Without them, every client behind
	// a proxy would share one rate limit.
	TrustedProxies []netip.Prefix
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Server is the HTTP front of rapporteur. It is an http.Handler; Serve and
// Shutdown run it on a listener with sensible timeouts.
type Server struct {
	cfg     Config
	log     *slog.Logger
	mux     *http.ServeMux
	pages   *templates
	limiter *ipLimiter
	// authLimiter is the bucket of requests with the write token.
	authLimiter *ipLimiter
	// csrfKey signs the per-session form tokens; it is random per process,
	// so a restart only asks forms to be reloaded.
	csrfKey  []byte
	sessions *sessions
	hs       *http.Server // what Serve runs, with NewHTTPServer's timeouts
	// exportPage is the store page size of exports; tests make it small.
	exportPage int
	// readyTimeout bounds the readiness query; 0 means readyTimeout.
	readyTimeout time.Duration
}

// NewServer parses the embedded templates (failing fast on a broken one)
// and builds the route table.
func NewServer(cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.Intake == nil {
		return nil, errors.New("http: config needs a Store and an Intake")
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.MaxBulkBytes <= 0 {
		cfg.MaxBulkBytes = DefaultMaxBulkBytes
	}
	if cfg.RateLimit == 0 {
		cfg.RateLimit = DefaultRateLimit
	}
	if cfg.RateBurst <= 0 {
		cfg.RateBurst = DefaultRateBurst
	}
	if cfg.AuthRateLimit == 0 {
		cfg.AuthRateLimit = cfg.RateLimit * authRateFactor
	}
	if cfg.AuthRateBurst <= 0 {
		cfg.AuthRateBurst = cfg.RateBurst * authRateFactor
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.CheckToken == nil {
		cfg.CheckToken = func(string) bool { return false }
	}
	s := &Server{cfg: cfg, log: cfg.Logger, csrfKey: make([]byte, 32), sessions: newSessions(cfg.Now), exportPage: exportPage}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if _, err := rand.Read(s.csrfKey); err != nil {
		return nil, err
	}
	pages, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	s.pages = pages
	if cfg.RateLimit > 0 {
		s.limiter = newIPLimiter(cfg.RateLimit, cfg.RateBurst, cfg.Now)
		if cfg.AuthRateLimit > 0 {
			s.authLimiter = newIPLimiter(cfg.AuthRateLimit, cfg.AuthRateBurst, cfg.Now)
		}
	}
	s.mux = http.NewServeMux()
	for _, rt := range s.routes() {
		s.mux.Handle(rt.method+" "+rt.pattern, s.wrap(rt))
	}
	s.mux.HandleFunc("/", s.notFound)
	s.hs = NewHTTPServer("", s, s.log)
	return s, nil
}

// ServeHTTP serves a request with the security headers every answer gets.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	s.mux.ServeHTTP(w, r)
}

// contentSecurityPolicy allows our own stylesheet and images only: no
// script runs on any page, so markup that slipped through escaping could
// still not execute.
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self' data:; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// NewHTTPServer returns an http.Server for h with timeouts that keep slow
// or idle clients from holding connections: headers within 10 seconds,
// bodies within a minute, responses within a minute (the exports extend
// their own deadline as they stream).
func NewHTTPServer(addr string, h http.Handler, log *slog.Logger) *http.Server {
	hs := &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	if log != nil {
		hs.ErrorLog = slog.NewLogLogger(log.Handler(), slog.LevelWarn)
	}
	return hs
}

// writeTimeout bounds the time to write one response, or one page of an
// export.
const writeTimeout = 60 * time.Second

// Serve answers requests on ln until Shutdown or Close; it returns
// http.ErrServerClosed after them, also when they came first.
func (s *Server) Serve(ln net.Listener) error {
	return s.hs.Serve(ln)
}

// Shutdown stops accepting connections and waits for the requests in
// flight, ingests included, to finish or for ctx to end.
func (s *Server) Shutdown(ctx context.Context) error {
	return s.hs.Shutdown(ctx)
}

// Close closes the listeners and every connection at once.
func (s *Server) Close() error {
	return s.hs.Close()
}
