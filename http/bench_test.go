package http

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// benchPage serves path from an in-process server over the Wikinews test
// articles, without the network, to time our handler and templates.
func benchPage(b *testing.B, path string) {
	env := newEnv(b, nil)
	if path == "" {
		path = fmt.Sprintf("/articles/%d", 1)
	}
	req := httptest.NewRequest("GET", path, nil)
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		env.srv.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("%s: %d", path, w.Code)
		}
		io.Copy(io.Discard, w.Body)
	}
}

func BenchmarkArticlePage(b *testing.B)    { benchPage(b, "/articles/1") }
func BenchmarkSearchPage(b *testing.B)     { benchPage(b, "/search?q=said") }
func BenchmarkStatementsPage(b *testing.B) { benchPage(b, "/search?q=said&tab=statements") }
func BenchmarkHomePage(b *testing.B)       { benchPage(b, "/") }
func BenchmarkSpeakerPage(b *testing.B)    { benchPage(b, "/speakers/1") }
