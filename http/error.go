package http

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/query"
)

// Error codes that only the HTTP layer raises, beside those of the root
// package.
const (
	eUnauthorized = "unauthorized" // no write token, or a wrong one
	eRateLimited  = "rate_limited" // the client's token bucket is empty
	eMethod       = "method_not_allowed"
)

// statuses maps every error code to its HTTP status: errors are classified
// once where they arise and translated here only.
var statuses = map[string]int{
	rapporteur.EINVALID:     http.StatusBadRequest,
	rapporteur.ETOOLARGE:    http.StatusRequestEntityTooLarge,
	rapporteur.EFORBID:      http.StatusForbidden,
	rapporteur.EUPSTREAM:    http.StatusBadGateway,
	rapporteur.EUNAVAILABLE: http.StatusServiceUnavailable,
	rapporteur.EINTERNAL:    http.StatusInternalServerError,
	rapporteur.ENOTFOUND:    http.StatusNotFound,
	rapporteur.ECONFLICT:    http.StatusConflict,
	eUnauthorized:           http.StatusUnauthorized,
	eRateLimited:            http.StatusTooManyRequests,
	eMethod:                 http.StatusMethodNotAllowed,
}

// errorStatus returns the HTTP status of an error code.
func errorStatus(code string) int {
	if st, ok := statuses[code]; ok {
		return st
	}
	return http.StatusInternalServerError
}

// apiError is the JSON body of an error answer.
type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Position is the code point offset of the problem in a malformed
	// search query.
	Position *int `json:"position,omitempty"`
}

// classify returns the code and the user-facing message of err. A request
// body over the limit is ETOOLARGE wherever it was read; an internal error
// shows no detail.
func classify(err error) (code, msg string) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return rapporteur.ETOOLARGE, "request body is over the limit of " + strconv.FormatInt(mbe.Limit, 10) + " bytes"
	}
	code = rapporteur.ErrorCode(err)
	switch code {
	case rapporteur.EINTERNAL:
		return code, "internal error"
	case rapporteur.EUNAVAILABLE:
		// The storage's own message names files and SQLite's state: for
		// the operator's log, not for every client.
		return code, "the database is unavailable; try again later"
	}
	var e *rapporteur.Error
	if errors.As(err, &e) {
		return code, e.Message
	}
	return code, err.Error()
}

// queryError returns the parser's error inside err, if a search query was
// malformed.
func queryError(err error) *query.Error {
	var qe *query.Error
	if errors.As(err, &qe) {
		return qe
	}
	return nil
}

// error answers with err: JSON under /api, an HTML page elsewhere. Internal
// errors are logged with the request, and shown as "internal error".
func (s *Server) error(w http.ResponseWriter, r *http.Request, err error) {
	code, msg := classify(err)
	status := errorStatus(code)
	if status >= http.StatusInternalServerError && code != rapporteur.EUPSTREAM {
		s.log.Error("http: "+code+" error", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if isAPI(r) {
		body := apiError{Error: apiErrorBody{Code: code, Message: msg}}
		if qe := queryError(err); qe != nil {
			pos := qe.Pos
			body.Error.Position = &pos
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(body)
		return
	}
	s.render(w, r, status, "error", http.StatusText(status), &errorPage{Status: status, Title: http.StatusText(status), Message: msg,
		Login: code == eUnauthorized && !s.cfg.ReadOnly})
}

// notFound answers a request that no route matches: 405 when the path
// exists with other methods, 404 otherwise.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
		if m == r.Method {
			continue
		}
		r2 := r.Clone(r.Context())
		r2.Method = m
		if _, pattern := s.mux.Handler(r2); pattern != "/" && pattern != "" {
			allowed = append(allowed, m)
		}
	}
	if len(allowed) > 0 {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		s.error(w, r, rapporteur.Errorf(eMethod, "%s is not allowed here; use %s", r.Method, strings.Join(allowed, " or ")))
		return
	}
	s.error(w, r, rapporteur.Errorf(rapporteur.ENOTFOUND, "nothing here at %s", r.URL.Path))
}
