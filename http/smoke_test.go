package http

import "testing"

func TestSmoke(t *testing.T) {
	env := newEnv(t, nil)
	for _, p := range []string{"/", "/search?q=said", "/search?q=said&tab=statements", "/articles/1", "/speakers", "/speakers/1", "/sources", "/sources/1", "/analyze", "/feeds", "/saved", "/search?q=(foo", "/api/v1/articles?q=(foo", "/api/v1/statements?limit=2", "/nope"} {
		st, body := env.get(t, p)
		if len(body) > 600 {
			body = body[:600]
		}
		t.Logf("%s %d %s", p, st, body)
	}
}
