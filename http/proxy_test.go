package http

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

// TestClientAddr: behind a trusted proxy the client is the last
// X-Forwarded-For hop that is not a trusted proxy; anyone else's header
// is ignored, and a broken header leaves the proxy as the client.
func TestClientAddr(t *testing.T) {
	s := &Server{cfg: Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("10.0.0.0/8")}}}
	tests := []struct {
		remote, xff, proto, want string
		secure                   bool
	}{
		{"198.51.100.7:4000", "", "", "198.51.100.7", false},
		{"198.51.100.7:4000", "203.0.113.9", "https", "198.51.100.7", false}, // not a proxy of ours
		{"127.0.0.1:4000", "203.0.113.9", "https", "203.0.113.9", true},
		{"127.0.0.1:4000", "192.0.2.1, 203.0.113.9, 10.1.2.3", "http", "203.0.113.9", false}, // the client's own entry is not believed
		{"127.0.0.1:4000", "not-an-address", "", "127.0.0.1", false},
		{"127.0.0.1:4000", "", "", "127.0.0.1", false},
		{"[::ffff:127.0.0.1]:4000", "2001:db8::1", "HTTPS", "2001:db8::1", true},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tt.remote
		if tt.xff != "" {
			r.Header.Set("X-Forwarded-For", tt.xff)
		}
		if tt.proto != "" {
			r.Header.Set("X-Forwarded-Proto", tt.proto)
		}
		if got := s.clientAddr(r); got != tt.want {
			t.Errorf("%s with X-Forwarded-For %q: client %q, want %q", tt.remote, tt.xff, got, tt.want)
		}
		if got := s.secure(r); got != tt.secure {
			t.Errorf("%s with X-Forwarded-Proto %q: secure %v, want %v", tt.remote, tt.proto, got, tt.secure)
		}
	}
}

// TestRateLimitBehindProxy: two clients behind the same trusted proxy
// have a bucket each.
func TestRateLimitBehindProxy(t *testing.T) {
	env := newEnv(t, func(c *Config) {
		c.RateLimit, c.RateBurst = 0.001, 1
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	})
	body := mustJSON(t, map[string]string{"text": "Title\n\nShe said it was fine."})
	for _, tt := range []struct {
		client string
		want   int
	}{{"203.0.113.1", 200}, {"203.0.113.1", 429}, {"203.0.113.2", 200}} {
		if st, _ := env.do(t, "POST", "/api/v1/extract", "application/json", body, []string{"X-Forwarded-For", tt.client}); st != tt.want {
			t.Errorf("extract for %s: %d, want %d", tt.client, st, tt.want)
		}
	}
}
