package http

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/fetch"
)

// receiver is a loopback webhook endpoint that fails its first failures
// requests.
type receiver struct {
	mu       sync.Mutex
	failures int
	got      []delivery
}

type delivery struct {
	status    int
	body      []byte
	signature string
	id        string
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	status := http.StatusNoContent
	if rc.failures > 0 {
		rc.failures--
		status = http.StatusServiceUnavailable
	}
	rc.got = append(rc.got, delivery{status, body, r.Header.Get(SignatureHeader), r.Header.Get("X-Rapporteur-Delivery")})
	w.WriteHeader(status)
}

func (rc *receiver) deliveries() []delivery {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]delivery(nil), rc.got...)
}

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func putMatches(t *testing.T, st rapporteur.Store, n int) []int64 {
	t.Helper()
	var ids []int64
	for i := range n {
		a := rapporteur.Article{Title: "Zanzibar ferry " + string(rune('A'+i)), Text: "The zanzibar ferry story, part " + string(rune('A'+i)) + ".", Language: "en"}
		res, err := st.PutArticle(context.Background(), a, rapporteur.ArticleMeta{})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.ID)
	}
	return ids
}

func TestWebhookRetriesWithBackoffAndSigns(t *testing.T) {
	db := openStore(t)
	rc := &receiver{failures: 2}
	hook := httptest.NewServer(rc)
	defer hook.Close()
	ss := &rapporteur.SavedSearch{Name: "ferry", Query: "zanzibar", WebhookURL: hook.URL + "/hook", WebhookSecret: "s3cret"}
	if err := db.CreateSavedSearch(t.Context(), ss); err != nil {
		t.Fatal(err)
	}
	ids := putMatches(t, db, 3)
	clk := &clock{t: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)}
	d := &Deliverer{Store: db, Client: NewWebhookClient(fetch.Policy{AllowPrivate: true}), Batch: 2, Now: clk.Now, BaseURL: "https://news.example"}

	state := func() *rapporteur.SavedSearch {
		s, err := db.SavedSearch(t.Context(), ss.ID)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	// First attempt fails: one error, next try in 30 s.
	if err := d.DeliverDue(t.Context()); err != nil {
		t.Fatal(err)
	}
	s := state()
	if s.DeliveryErrors != 1 || !s.NextDelivery.Equal(clk.Now().Add(30*time.Second)) || !strings.Contains(s.LastError, "503") {
		t.Fatalf("after one failure: errors %d, next %v, last error %q", s.DeliveryErrors, s.NextDelivery, s.LastError)
	}
	// Not due yet: nothing is sent.
	clk.Add(10 * time.Second)
	d.DeliverDue(t.Context())
	if n := len(rc.deliveries()); n != 1 {
		t.Fatalf("%d requests before the backoff ended", n)
	}
	// Second failure doubles the wait.
	clk.Add(25 * time.Second)
	d.DeliverDue(t.Context())
	if s = state(); s.DeliveryErrors != 2 || !s.NextDelivery.Equal(clk.Now().Add(time.Minute)) {
		t.Fatalf("after two failures: errors %d, next %v", s.DeliveryErrors, s.NextDelivery.Sub(clk.Now()))
	}
	// Then it goes through, in batches of 2, and the state is clean.
	clk.Add(61 * time.Second)
	d.DeliverDue(t.Context())
	s = state()
	if s.DeliveryErrors != 0 || s.LastError != "" || s.Delivered != ids[len(ids)-1] || !s.LastDelivery.Equal(clk.Now()) {
		t.Fatalf("after success: %+v", s)
	}
	var delivered []int64
	for _, dv := range rc.deliveries() {
		if dv.signature != Sign("s3cret", dv.body) {
			t.Errorf("signature %q does not match the body", dv.signature)
		}
		var p WebhookPayload
		if err := json.Unmarshal(dv.body, &p); err != nil {
			t.Fatal(err)
		}
		if p.Event != "saved_search.matches" || p.SavedSearch.ID != ss.ID || dv.id == "" {
			t.Errorf("payload %+v, delivery id %q", p, dv.id)
		}
		if dv.status < 300 {
			for _, a := range p.Articles {
				delivered = append(delivered, a.ID)
				if !strings.HasPrefix(a.Link, "https://news.example/articles/") {
					t.Errorf("link %q", a.Link)
				}
			}
		}
	}
	if len(delivered) != len(ids) {
		t.Fatalf("delivered %v, want %v once each", delivered, ids)
	}
	for i := range ids {
		if delivered[i] != ids[i] {
			t.Fatalf("delivered %v, want %v in order", delivered, ids)
		}
	}
	// Nothing new: nothing sent.
	before := len(rc.deliveries())
	clk.Add(time.Hour)
	d.DeliverDue(t.Context())
	if len(rc.deliveries()) != before {
		t.Error("sent again with nothing new")
	}
}

func TestWebhookBackoffGrowsToCap(t *testing.T) {
	var prev time.Duration
	for n := 1; n < 40; n++ {
		w := webhookBackoff(n)
		if w < prev || w > webhookBackoffMax {
			t.Fatalf("backoff(%d) = %v after %v", n, w, prev)
		}
		prev = w
	}
	if prev != webhookBackoffMax {
		t.Errorf("backoff ends at %v, want %v", prev, webhookBackoffMax)
	}
}

// TestWebhookRefusesPrivateAddresses: the default client never connects
// to a loopback webhook, so a saved search cannot be used to probe the
// operator's network.
func TestWebhookRefusesPrivateAddresses(t *testing.T) {
	db := openStore(t)
	rc := &receiver{}
	hook := httptest.NewServer(rc)
	defer hook.Close()
	ss := &rapporteur.SavedSearch{Name: "ferry", Query: "zanzibar", WebhookURL: hook.URL, WebhookSecret: "x"}
	if err := db.CreateSavedSearch(t.Context(), ss); err != nil {
		t.Fatal(err)
	}
	putMatches(t, db, 1)
	d := &Deliverer{Store: db}
	d.DeliverDue(t.Context())
	if n := len(rc.deliveries()); n != 0 {
		t.Fatalf("the webhook on loopback got %d requests", n)
	}
	s, _ := db.SavedSearch(t.Context(), ss.ID)
	if s.DeliveryErrors != 1 || !strings.Contains(s.LastError, "not public") {
		t.Errorf("state %+v", s)
	}
}

func TestWebhookRunStopsWithContext(t *testing.T) {
	db := openStore(t)
	d := &Deliverer{Store: db, Interval: 10 * time.Millisecond}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error)
	go func() { done <- d.Run(ctx) }()
	time.Sleep(30 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop")
	}
}
