package http

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/rapporteur/rapporteur"
)

// readyTimeout bounds the readiness check's query: a load balancer asks
// every few seconds and must hear "not ready" before it gives up asking,
// not after a database that stopped answering has held the request.
const readyTimeout = 2 * time.Second

// health is the body of the health and readiness answers.
type health struct {
	Status string `json:"status"` // "ok", "ready" or "unavailable"
	// Error says what failed when Status is "unavailable", in the shape of
	// every API error.
	Error *apiErrorBody `json:"error,omitempty"`
}

// healthz answers 200 while the process serves requests at all: it asks
// the store nothing, so a supervisor restarts the process only when the
// process itself is stuck, never because the database is away.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusOK, health{Status: "ok"})
}

// readyz answers 200 when the store answers a cheap read (the newest
// article, one index lookup) within readyTimeout, and 503 with what
// failed otherwise, so a load balancer sends requests elsewhere while the
// database is down or unreachable.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	timeout := s.readyTimeout
	if timeout <= 0 {
		timeout = readyTimeout
	}
	ctx, cancel := context.WithTimeout(r.Context(), timeout)
	defer cancel()
	_, err := s.cfg.Store.Articles(ctx, rapporteur.ArticleFilter{Order: rapporteur.OrderIngested, Duplicates: true, Limit: 1})
	if err == nil {
		return writeJSON(w, http.StatusOK, health{Status: "ready"})
	}
	// The store's own message names files and the database's state: it
	// goes to the operator's log, as for any unavailable answer.
	msg := "the database is unavailable (the server log says why)"
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		msg = "the database did not answer within " + timeout.String()
	}
	s.log.Warn("http: not ready", "error", err)
	return writeJSON(w, http.StatusServiceUnavailable, health{Status: "unavailable",
		Error: &apiErrorBody{Code: rapporteur.EUNAVAILABLE, Message: msg}})
}
