package http

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/intake"
)

// noIntake is an Intake for servers whose tests read nothing in.
type noIntake struct{}

func (noIntake) Record(context.Context, intake.Record) (rapporteur.Article, error) {
	return rapporteur.Article{}, rapporteur.Errorf(rapporteur.EINVALID, "no intake in this test")
}

func (noIntake) Document(context.Context, intake.Document) (rapporteur.Article, error) {
	return rapporteur.Article{}, rapporteur.Errorf(rapporteur.EINVALID, "no intake in this test")
}

// hungStore is a store whose database stopped answering: every list waits
// until it is given up.
type hungStore struct{ rapporteur.Store }

func (hungStore) Articles(ctx context.Context, _ rapporteur.ArticleFilter) (rapporteur.Page[*rapporteur.StoredArticle], error) {
	<-ctx.Done()
	return rapporteur.Page[*rapporteur.StoredArticle]{}, rapporteur.Errorf(rapporteur.EUNAVAILABLE, "articles: %w", ctx.Err())
}

func TestHealthAndReadiness(t *testing.T) {
	open := openStore(t)
	closed := openStore(t)
	closed.Close()
	cases := []struct {
		name        string
		store       rapporteur.Store
		path        string
		status      int
		state, text string // the answer's status and error message
	}{
		{"alive", open, "/healthz", 200, "ok", ""},
		{"ready", open, "/readyz", 200, "ready", ""},
		// Liveness asks the store nothing: a supervisor must not restart
		// a web process because the database is away.
		{"alive without a database", closed, "/healthz", 200, "ok", ""},
		{"database closed", closed, "/readyz", 503, "unavailable", "the database is unavailable (the server log says why)"},
		{"database hung", hungStore{open}, "/readyz", 503, "unavailable", "the database did not answer within 50ms"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv, err := NewServer(Config{Store: c.store, Intake: noIntake{}, ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			srv.readyTimeout = 50 * time.Millisecond
			start := time.Now()
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest("GET", c.path, nil))
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("took %v: a probe must answer before the prober gives up", took)
			}
			if rec.Code != c.status {
				t.Errorf("status %d, want %d: %s", rec.Code, c.status, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control %q: a cached probe answer hides an outage", cc)
			}
			var body health
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatalf("%v: %s", err, rec.Body)
			}
			if body.Status != c.state {
				t.Errorf("status %q, want %q", body.Status, c.state)
			}
			var text string
			if body.Error != nil {
				text = body.Error.Message
				if body.Error.Code != rapporteur.EUNAVAILABLE {
					t.Errorf("code %q", body.Error.Code)
				}
			}
			if text != c.text {
				t.Errorf("message %q, want %q", text, c.text)
			}
		})
	}
}

// TestProbesNeedNoToken: the probes answer on a server with a write token
// and rate limits, without a token, however often they are asked.
func TestProbesNeedNoToken(t *testing.T) {
	srv, err := NewServer(Config{Store: openStore(t), Intake: noIntake{},
		CheckToken: func(string) bool { return false }, RateLimit: 1, RateBurst: 1})
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		for _, path := range []string{"/healthz", "/readyz"} {
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
			if rec.Code != http.StatusOK {
				t.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
			}
		}
	}
}
