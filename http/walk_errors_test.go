package http

import (
	"strings"
	"testing"
)

// TestWalkErrors: the errors a new user met on the demo say what is wrong
// in the user's terms: a merge into a speaker that is not a number names
// the field, not a Go type; a filter on a speaker that does not exist is
// a 404 and its chip says so; a bad sort is not blamed on the query.
func TestWalkErrors(t *testing.T) {
	env := newEnv(t, nil)
	auth := []string{"Authorization", "Bearer " + testToken}
	status, body := env.do(t, "POST", "/api/v1/speakers/1/merge", "application/json", `{"into":"abc"}`, auth)
	if status != 400 || !strings.Contains(body, `\"into\" must be an integer, not string`) || strings.Contains(body, "Go struct") || strings.Contains(body, "int64") {
		t.Errorf("merge into \"abc\": %d %s", status, body)
	}
	status, body = env.do(t, "POST", "/api/v1/speakers/1/merge", "application/json", `{"into":`, auth)
	if status != 400 || !strings.Contains(body, "malformed request body") {
		t.Errorf("merge with broken JSON: %d %s", status, body)
	}

	for _, path := range []string{"/api/v1/statements?speaker=99999", "/api/v1/articles?speaker=99999"} {
		if status, body := env.get(t, path); status != 404 || !strings.Contains(body, "no such speaker: 99999") {
			t.Errorf("%s: %d %s, want 404 no such speaker", path, status, body)
		}
	}
	for _, path := range []string{"/search?speaker=99999", "/search?tab=statements&speaker=99999"} {
		status, body := env.get(t, path)
		if status != 404 || !strings.Contains(body, "no such speaker #99999") || !strings.Contains(body, "no such speaker: 99999") {
			t.Errorf("%s: %d, want 404 saying no such speaker", path, status)
		}
	}

	status, body = env.get(t, "/search?q=trump&order=bogus")
	if status != 400 || strings.Contains(body, "The query has a problem") || !strings.Contains(body, `order &#34;bogus&#34; is not`) {
		t.Errorf("a bad sort: %d, blames the query: %v", status, strings.Contains(body, "The query has a problem"))
	}
	if status, body := env.get(t, "/search?q=%22open"); status != 400 || !strings.Contains(body, "The query has a problem") {
		t.Errorf("a bad query: %d, not blamed on the query", status)
	}
}
