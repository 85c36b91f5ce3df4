package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	rhttp "github.com/rapporteur/rapporteur/http"
)

// TestServeWebhook: a saved search with a webhook, made through the API of a
// running serve, receives a signed POST for a new matching article.
func TestServeWebhook(t *testing.T) {
	type hook struct {
		body []byte
		sig  string
	}
	got := make(chan hook, 4)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- hook{b, r.Header.Get(rhttp.SignatureHeader)}
	}))
	defer receiver.Close()

	db := filepath.Join(t.TempDir(), "r.db")
	// The receiver is on loopback, which webhooks refuse unless allowed.
	base, stderr, stop := startServe(t, "--db", db, "--addr", "127.0.0.1:0", "--no-poll",
		"--allow-addr", "127.0.0.1", "--webhook-interval", "100ms")
	m := regexp.MustCompile(`write token is (\S+)`).FindStringSubmatch(stderr.String())
	if m == nil {
		t.Fatalf("no write token printed:\n%s", stderr)
	}
	post := func(path, body string) map[string]any {
		req, _ := http.NewRequest(http.MethodPost, base+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+m[1])
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusCreated {
			t.Fatalf("POST %s = %d (%v): %v", path, resp.StatusCode, err, out)
		}
		return out
	}
	ss := post("api/v1/saved-searches", `{"name": "bridges", "query": "bridge", "webhook_url": "`+receiver.URL+`/hook"}`)
	secret, _ := ss["webhook_secret"].(string)
	if secret == "" {
		t.Fatalf("the new saved search shows no webhook secret: %v", ss)
	}
	post("api/v1/articles", `{"title": "Bridge reopens", "url": "https://news.example.org/bridge", "text": "The mayor said on Monday that the bridge would reopen in May."}`)

	select {
	case h := <-got:
		var p rhttp.WebhookPayload
		if err := json.Unmarshal(h.body, &p); err != nil {
			t.Fatalf("webhook body is no payload: %v\n%s", err, h.body)
		}
		if p.Event != "saved_search.matches" || len(p.Articles) != 1 || !strings.Contains(string(h.body), "Bridge reopens") {
			t.Errorf("webhook payload = %s, want the new article", h.body)
		}
		if want := rhttp.Sign(secret, h.body); h.sig != want {
			t.Errorf("signature %q, want %q", h.sig, want)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("no webhook POST within 20s:\n%s", stderr)
	}
	if err := stop(); err != nil {
		t.Fatalf("serve: %v", err)
	}
}
