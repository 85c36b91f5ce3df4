package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestDoConditional checks that validators go out as If-None-Match and
// If-Modified-Since, and that a 304 is a Page marked NotModified, not an
// error.
func TestDoConditional(t *testing.T) {
	const etag, lastMod = `"v1"`, "Sat, 28 Nov 2026 10:00:00 GMT"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag && r.Header.Get("If-Modified-Since") == lastMod {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		w.Write([]byte("<rss/>"))
	}))
	defer srv.Close()
	c := &Client{Policy: Policy{AllowPrivate: true}}

	first, err := c.Do(context.Background(), Request{URL: srv.URL, Accept: "application/rss+xml"})
	if err != nil {
		t.Fatal(err)
	}
	if first.NotModified || first.ETag != etag || first.LastModified != lastMod || string(first.Body) != "<rss/>" {
		t.Fatalf("first GET = %+v, want the body with its validators", first)
	}
	second, err := c.Do(context.Background(), Request{URL: srv.URL, ETag: first.ETag, LastModified: first.LastModified})
	if err != nil {
		t.Fatal(err)
	}
	if !second.NotModified || len(second.Body) != 0 {
		t.Fatalf("conditional GET = %+v, want NotModified", second)
	}
}

// TestDoStatusError checks that the status of a failed answer can be read
// from the error, as a robots.txt reader needs to tell 404 from 503.
func TestDoStatusError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	_, err := (&Client{Policy: Policy{AllowPrivate: true}}).Do(context.Background(), Request{URL: srv.URL})
	var se *StatusError
	if !errors.As(err, &se) || se.Code != http.StatusServiceUnavailable {
		t.Fatalf("error %v, want a *StatusError with 503", err)
	}
	// A 304 without a conditional request is no success.
	srv304 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotModified)
	}))
	defer srv304.Close()
	if _, err := (&Client{Policy: Policy{AllowPrivate: true}}).Fetch(context.Background(), srv304.URL); !errors.As(err, &se) || se.Code != 304 {
		t.Fatalf("unconditional 304: error %v, want a *StatusError", err)
	}
}
