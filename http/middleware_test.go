package http

import (
	"net/http/httptest"
	"testing"
	"time"
)

func TestBearerToken(t *testing.T) {
	tests := []struct {
		header string
		want   string
		ok     bool
	}{
		{"Bearer tok", "tok", true},
		{"bearer tok", "tok", true},
		{"BEARER tok", "tok", true},
		{"bEaReR tok", "tok", true},
		{"Bearer    tok", "tok", true},
		{"Bearer tok  ", "tok", true},
		{"Bearer", "", false},
		{"Bearer ", "", false},
		{"Bearer    ", "", false},
		{"", "", false},
		{"Basic dXNlcjpwYXNz", "", false},
		{"Bearertok", "", false},
		{"tok", "", false},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/api/v1/stats", nil)
		if tt.header != "" {
			r.Header.Set("Authorization", tt.header)
		}
		got, ok := bearerToken(r)
		if got != tt.want || ok != tt.ok {
			t.Errorf("bearerToken(%q) = %q, %v; want %q, %v", tt.header, got, ok, tt.want, tt.ok)
		}
	}
}

// TestBearerSchemeCaseInsensitive: RFC 7235 auth schemes are
// case-insensitive, and the token may follow more than one space.
func TestBearerSchemeCaseInsensitive(t *testing.T) {
	env := newEnv(t, nil)
	body := `{"name":"n","query":"nurse"}`
	for _, auth := range []string{"bearer " + testToken, "BEARER " + testToken, "Bearer   " + testToken} {
		if st, out := env.do(t, "POST", "/api/v1/saved-searches", "application/json", body, []string{"Authorization", auth}); st != 201 {
			t.Errorf("Authorization: %q: %d %s", auth, st, out)
		}
	}
	if st, _ := env.do(t, "POST", "/api/v1/saved-searches", "application/json", body,
		[]string{"Authorization", "bearer wrong"}); st != 401 {
		t.Errorf("a wrong token in lower case: %d, want 401", st)
	}
}

// TestAuthenticatedRateLimit: the write token (bearer on the API, a
// session in the UI) has its own, larger bucket per address, so an
// operator's bulk load is not refused because the anonymous bucket of
// the same address is empty; a wrong token gets the anonymous bucket.
func TestAuthenticatedRateLimit(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	const burst = 2
	env := newEnv(t, func(c *Config) {
		c.RateLimit, c.RateBurst = 1, burst
		c.Now = func() time.Time { return now } // no refill during the test
	})
	extract := func(headers []string) int {
		t.Helper()
		st, _ := env.do(t, "POST", "/api/v1/extract", "text/plain", "Title\n\n\"Yes,\" said Ann Lee.", headers)
		return st
	}
	anon := []string(nil)
	for i := range burst {
		if st := extract(anon); st != 200 {
			t.Fatalf("anonymous request %d: %d", i+1, st)
		}
	}
	if st := extract(anon); st != 429 {
		t.Fatalf("anonymous request past the burst: %d, want 429", st)
	}
	if st := extract([]string{"Authorization", "Bearer wrong"}); st != 429 {
		t.Errorf("a wrong token past the anonymous burst: %d, want 429", st)
	}
	authBurst := burst * authRateFactor
	for i := range authBurst {
		if st := extract([]string{"Authorization", "bearer " + testToken}); st != 200 {
			t.Fatalf("authenticated request %d with the anonymous bucket empty: %d", i+1, st)
		}
	}
	if st := extract([]string{"Authorization", "Bearer " + testToken}); st != 429 {
		t.Errorf("authenticated request past its own burst of %d: %d, want 429", authBurst, st)
	}
	if st := extract(anon); st != 429 {
		t.Errorf("anonymous request after the authenticated ones: %d, want 429", st)
	}

	// A UI session gets the larger bucket too. The login itself is
	// limited, so it is on a fresh server and takes one anonymous token.
	ui := newEnv(t, func(c *Config) {
		c.RateLimit, c.RateBurst = 1, burst
		c.Now = func() time.Time { return now }
	})
	cookie, _ := login(t, ui)
	form := "text=" + "Title%0A%0A%22Yes%2C%22+said+Ann+Lee."
	for i := range burst + 2 {
		if st, _ := ui.do(t, "POST", "/analyze", "application/x-www-form-urlencoded", form, cookie); st != 200 {
			t.Fatalf("logged-in analyze %d: %d", i+1, st)
		}
	}
	for range burst - 1 { // the login took one
		ui.do(t, "POST", "/analyze", "application/x-www-form-urlencoded", form, nil)
	}
	if st, _ := ui.do(t, "POST", "/analyze", "application/x-www-form-urlencoded", form, nil); st != 429 {
		t.Errorf("anonymous analyze past the burst: %d, want 429", st)
	}
}
