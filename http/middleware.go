package http

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rapporteur/rapporteur"
	"golang.org/x/time/rate"
)

// sessionCookie holds the session id (see sessions) in the browser after
// the login form: HttpOnly so no script can read it, SameSite=Strict so no
// other site's page can send it.
const sessionCookie = "rapporteur_session"

// wrap applies the route's policy (body limit, read-only, token, rate
// limit) and translates a returned error into a response.
func (s *Server) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := s.cfg.MaxBodyBytes
		if isBulk(r) {
			limit = s.cfg.MaxBulkBytes // spooled to disk, not held
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		err := s.allow(rt, w, r)
		if err == nil {
			err = rt.handle(w, r)
		}
		if err != nil {
			s.error(w, r, err)
		}
	})
}

// allow checks the route's policy before its handler runs.
func (s *Server) allow(rt route, w http.ResponseWriter, r *http.Request) error {
	if rt.write && s.cfg.ReadOnly {
		return rapporteur.Errorf(rapporteur.EFORBID, "this is a read-only instance")
	}
	if rt.limited {
		// The operator's own requests get their own, larger bucket: a bulk
		// load must not be refused because anonymous readers from the same
		// address (a shared NAT, the operator's own browsing) emptied theirs.
		lim := s.limiter
		if s.authenticated(r) {
			lim = s.authLimiter
		}
		if lim != nil && !lim.allow(clientKey(s.clientAddr(r))) {
			w.Header().Set("Retry-After", strconv.Itoa(lim.retryAfter()))
			return rapporteur.Errorf(eRateLimited, "too many requests: slow down and try again shortly")
		}
	}
	if !rt.write {
		return nil
	}
	if isAPI(r) {
		return s.checkBearer(w, r)
	}
	return s.checkSession(r)
}

// checkBearer checks the API's Authorization: Bearer header. The API takes
// no cookie, so a page on another site can never write through it.
func (s *Server) checkBearer(w http.ResponseWriter, r *http.Request) error {
	token, ok := bearerToken(r)
	if !ok {
		w.Header().Set("WWW-Authenticate", `Bearer realm="rapporteur"`)
		return rapporteur.Errorf(eUnauthorized, "this endpoint needs the write token: send Authorization: Bearer <token>")
	}
	if !s.cfg.CheckToken(token) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="rapporteur", error="invalid_token"`)
		return rapporteur.Errorf(eUnauthorized, "the write token is not valid")
	}
	return nil
}

// bearerToken returns the token of the request's Authorization: Bearer
// header, and false when there is none. The scheme is case-insensitive
// (RFC 7235) and more than one space may precede the token, as some
// clients send.
func bearerToken(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// authenticated reports whether the request carries the write token: a
// valid bearer token on the API, a live session in the UI. On a read-only
// server nobody does, so its readers all get the anonymous view and rate
// limit.
func (s *Server) authenticated(r *http.Request) bool {
	if s.cfg.ReadOnly {
		return false
	}
	if isAPI(r) {
		token, ok := bearerToken(r)
		return ok && s.cfg.CheckToken(token)
	}
	return s.session(r) != ""
}

// checkSession checks a UI form post: the session cookie set by the login
// form, and the form's CSRF field, which only our own pages can know.
// SameSite=Strict already keeps other sites from sending the cookie; the
// CSRF field also holds in browsers that ignore SameSite.
func (s *Server) checkSession(r *http.Request) error {
	id := s.session(r)
	if id == "" {
		return rapporteur.Errorf(eUnauthorized, "log in with the write token first")
	}
	want := s.csrfToken(id)
	got := r.PostFormValue("csrf")
	if subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return rapporteur.Errorf(rapporteur.EFORBID, "the form has expired: reload the page and try again")
	}
	return nil
}

// session returns the session id of the request's cookie when it is a
// live session, and "" otherwise.
func (s *Server) session(r *http.Request) string {
	c, err := r.Cookie(sessionCookie)
	if err != nil || !s.sessions.valid(c.Value) {
		return ""
	}
	return c.Value
}

// csrfToken derives the form token of a session: an HMAC of the session
// id under a per-process key, so a page's form field is not the cookie.
func (s *Server) csrfToken(session string) string {
	m := hmac.New(sha256.New, s.csrfKey)
	m.Write([]byte(session))
	return hex.EncodeToString(m.Sum(nil))
}

func isAPI(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/")
}

// clientAddr is the address of the request's client: its remote address,
// or behind a trusted proxy the last address of X-Forwarded-For that is
// not a trusted proxy (the ones before it are the client's to write).
func (s *Server) clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if !s.trusted(host) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if _, err := netip.ParseAddr(hop); err != nil {
			break // a forged or broken header: the proxy is the client
		}
		if !s.trusted(hop) {
			return hop
		}
	}
	return host
}

// trusted reports whether addr is one of Config.TrustedProxies.
func (s *Server) trusted(addr string) bool {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// secure reports whether the request came over HTTPS, to us or to a
// trusted proxy in front, so that cookies are marked Secure.
func (s *Server) secure(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	return err == nil && s.trusted(host) && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// clientKey is the rate-limit key of a client address: IPv6 by /64 since
// one client usually holds a whole /64.
func clientKey(host string) string {
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	addr = addr.Unmap()
	if addr.Is6() {
		p, _ := addr.Prefix(64)
		return p.String()
	}
	return addr.String()
}

// ipLimiter keeps a token bucket per client. Buckets idle for longer than
// it takes them to refill are dropped, so the map stays small.
type ipLimiter struct {
	limit rate.Limit
	burst int
	now   func() time.Time

	mu        sync.Mutex
	buckets   map[string]*bucket
	lastSweep time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newIPLimiter(limit rate.Limit, burst int, now func() time.Time) *ipLimiter {
	return &ipLimiter{limit: limit, burst: burst, now: now, buckets: map[string]*bucket{}}
}

// idle is how long a bucket takes to fill up again; after that, a fresh
// bucket is the same.
func (l *ipLimiter) idle() time.Duration {
	return time.Duration(float64(l.burst)/float64(l.limit)*float64(time.Second)) + time.Second
}

func (l *ipLimiter) allow(key string) bool {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.lastSweep) > l.idle() {
		for k, b := range l.buckets {
			if now.Sub(b.seen) > l.idle() {
				delete(l.buckets, k)
			}
		}
		l.lastSweep = now
	}
	b := l.buckets[key]
	if b == nil {
		b = &bucket{lim: rate.NewLimiter(l.limit, l.burst)}
		l.buckets[key] = b
	}
	b.seen = now
	return b.lim.AllowN(now, 1)
}

// retryAfter is the whole seconds until one more request is allowed.
func (l *ipLimiter) retryAfter() int {
	n := int(1/float64(l.limit) + 0.999)
	if n < 1 {
		n = 1
	}
	return n
}
