package http

import (
	"net/http"
	"net/url"

	"github.com/rapporteur/rapporteur"
)

// Feed and webhook URLs carry credentials in practice (user:pass@,
// ?apikey=, capability paths), and the errors of fetching or posting to
// them carry those URLs and the internal addresses they resolved to. A
// reader without the write token sees them redacted; every route and page
// that shows a feed or a saved search goes through readerSees. The errors
// are replaced whole rather than filtered: they quote URLs, host names and
// addresses in too many forms to strip them reliably.

// readerSees returns items as the request's reader may see them: whole
// for a reader with the write token (see authenticated), through redact
// for anyone else.
func readerSees[T any](s *Server, r *http.Request, items []T, redact func(T) T) []T {
	if s.authenticated(r) {
		return items
	}
	out := make([]T, len(items))
	for i, it := range items {
		out[i] = redact(it)
	}
	return out
}

// redactFeed returns a copy of f with its URL cut to scheme and host and
// its last error reduced to the fact that it failed.
func redactFeed(f *rapporteur.Feed) *rapporteur.Feed {
	if f == nil {
		return nil
	}
	c := *f
	c.URL = redactURL(c.URL)
	if c.LastError != "" {
		c.LastError = "the last fetch failed"
	}
	return &c
}

// redactSaved is redactFeed for a saved search's webhook.
func redactSaved(ss *rapporteur.SavedSearch) *rapporteur.SavedSearch {
	if ss == nil {
		return nil
	}
	c := *ss
	c.WebhookURL = redactURL(c.WebhookURL)
	c.WebhookSecret = "" // never shown after creation; empty it anyway
	if c.LastError != "" {
		c.LastError = "the last delivery failed"
	}
	return &c
}

// redactURL keeps the scheme and host of an http or https URL, with "…"
// standing for any user info, path, query or fragment it had; anything
// else becomes "…".
func redactURL(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "…"
	}
	out := u.Scheme + "://" + u.Host + "/"
	if u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		out += "…"
	}
	return out
}
