package http

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
)

func TestRedactURL(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"https://hooks.example.test/", "https://hooks.example.test/"},
		{"https://hooks.example.test", "https://hooks.example.test/"},
		{"https://hooks.example.test/cap/abc123", "https://hooks.example.test/…"},
		{"https://hooks.example.test/?apikey=k", "https://hooks.example.test/…"},
		{"https://hooks.example.test/#frag", "https://hooks.example.test/…"},
		{"https://user:pass@hooks.example.test/", "https://hooks.example.test/…"},
		{"https://user@hooks.example.test", "https://hooks.example.test/…"},
		{"http://hooks.example.test:8080/x", "http://hooks.example.test:8080/…"},
		{"HTTPS://Hooks.Example.test/x", "https://Hooks.Example.test/…"},
		{"", ""},
		{"not a url at all", "…"},
		{"javascript:alert(1)", "…"},
		{"https://user:p%zz@hooks.example.test/", "…"}, // does not parse
	}
	for _, tt := range tests {
		if got := redactURL(tt.in); got != tt.want {
			t.Errorf("redactURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Feed and webhook URLs carry credentials in practice, and their errors
// carry resolved internal addresses.
const (
	secretFeedURL  = "https://feeduser:feedpass@feeds.example.test/private/FEEDCAP/rss?apikey=FEEDKEY"
	secretFeedErr  = "fetch " + secretFeedURL + ": address 10.1.2.3 is private, loopback or otherwise not public, refused"
	secretHookURL  = "https://hookuser:hookpass@hooks.example.test/cap/HOOKCAP?key=HOOKKEY"
	secretHookErr  = "post to webhook: Post \"" + secretHookURL + "\": dial tcp [fd00::7]:443 via 192.168.7.7: connection refused"
	redactedFeed   = "https://feeds.example.test/…"
	redactedHook   = "https://hooks.example.test/…"
	hiddenFeedText = "the last fetch failed"
)

// secretParts are the pieces of the stored URLs and errors that only a
// reader with the write token may see.
var secretParts = []string{"feeduser", "feedpass", "/private", "FEEDCAP", "apikey", "FEEDKEY", "10.1.2.3",
	"hookuser", "hookpass", "/cap", "HOOKCAP", "HOOKKEY", "fd00::7", "192.168.7.7"}

// secretsEnv is a server with one failing feed and one failing webhook,
// both with credentials in their URLs.
func secretsEnv(t *testing.T, edit func(*Config)) (env *testEnv, feedID, savedID int64) {
	t.Helper()
	env = newEnv(t, edit)
	ctx := t.Context()
	f := &rapporteur.Feed{URL: secretFeedURL, Title: ""}
	if err := env.store.CreateFeed(ctx, f); err != nil {
		t.Fatal(err)
	}
	f.ErrorCount, f.LastError = 2, secretFeedErr
	if err := env.store.UpdateFeed(ctx, f); err != nil {
		t.Fatal(err)
	}
	ss := &rapporteur.SavedSearch{Name: "Watch", Query: "nurse", WebhookURL: secretHookURL, WebhookSecret: "s3cr3t"}
	if err := env.store.CreateSavedSearch(ctx, ss); err != nil {
		t.Fatal(err)
	}
	ss.DeliveryErrors, ss.LastError = 1, secretHookErr
	if err := env.store.UpdateSavedSearch(ctx, ss); err != nil {
		t.Fatal(err)
	}
	return env, f.ID, ss.ID
}

// secretRoutes are every route that shows a feed or a saved search.
func secretRoutes(feedID, savedID int64) []string {
	return []string{
		"/api/v1/feeds", "/api/v1/feeds?format=csv", "/api/v1/feeds?format=jsonl", fmt.Sprintf("/api/v1/feeds/%d", feedID),
		"/api/v1/saved-searches", "/api/v1/saved-searches?format=csv", "/api/v1/saved-searches?format=jsonl",
		fmt.Sprintf("/api/v1/saved-searches/%d", savedID),
		"/feeds", "/saved",
	}
}

// TestSecretsHiddenFromAnonymous: without the token, feed and webhook URLs
// show only their scheme and host, and their errors say only that they
// failed; with a wrong token, with a session cookie on the API (which takes
// none) and on a read-only server with the right token, the same.
func TestSecretsHiddenFromAnonymous(t *testing.T) {
	env, feedID, savedID := secretsEnv(t, nil)
	ro, roFeed, roSaved := secretsEnv(t, func(c *Config) { c.ReadOnly = true })
	cookie, _ := login(t, env)
	readers := []struct {
		name    string
		env     *testEnv
		routes  []string
		headers []string
	}{
		{"anonymous", env, secretRoutes(feedID, savedID), nil},
		{"wrong token", env, secretRoutes(feedID, savedID), []string{"Authorization", "Bearer wrong"}},
		{"cookie on the API", env, secretRoutes(feedID, savedID)[:8], cookie},
		{"read-only with token", ro, secretRoutes(roFeed, roSaved), []string{"Authorization", "Bearer " + testToken}},
	}
	for _, rd := range readers {
		for _, path := range rd.routes {
			st, body := rd.env.do(t, "GET", path, "", "", rd.headers)
			if st != 200 {
				t.Errorf("%s: GET %s: %d", rd.name, path, st)
				continue
			}
			for _, s := range secretParts {
				if strings.Contains(body, s) {
					t.Errorf("%s: GET %s shows %q:\n%s", rd.name, path, s, body)
				}
			}
			saved := strings.Contains(path, "saved")
			want := redactedFeed
			if saved {
				want = redactedHook
			}
			if path == "/saved" {
				want = "the last delivery failed" // the page shows no webhook URL
			}
			if !strings.Contains(body, htmlText(want)) && !strings.Contains(body, want) {
				t.Errorf("%s: GET %s does not show %q:\n%s", rd.name, path, want, body)
			}
		}
	}
}

// TestSecretsShownWithToken: the bearer token on the API and a session in
// the UI show the full URLs and errors.
func TestSecretsShownWithToken(t *testing.T) {
	env, feedID, savedID := secretsEnv(t, nil)
	cookie, _ := login(t, env)
	for _, scheme := range []string{"Bearer ", "bearer "} {
		bearer := []string{"Authorization", scheme + testToken}
		for _, path := range secretRoutes(feedID, savedID)[:8] {
			_, body := env.do(t, "GET", path, "", "", bearer)
			want := []string{secretFeedURL, "10.1.2.3"}
			if strings.Contains(path, "saved") {
				want = []string{secretHookURL, "192.168.7.7"}
			}
			for _, w := range want {
				if !strings.Contains(body, w) && !strings.Contains(body, strings.ReplaceAll(w, `"`, `\"`)) {
					t.Errorf("%sGET %s does not show %q:\n%s", scheme, path, w, body)
				}
			}
		}
	}
	_, page := env.do(t, "GET", "/feeds", "", "", cookie)
	for _, w := range []string{secretFeedURL, secretFeedErr} {
		if !strings.Contains(page, htmlText(w)) {
			t.Errorf("logged-in feeds page does not show %q", w)
		}
	}
	if _, page := env.do(t, "GET", "/saved", "", "", cookie); !strings.Contains(page, htmlText(secretHookErr)) {
		t.Errorf("logged-in saved page does not show the delivery error")
	}
}
