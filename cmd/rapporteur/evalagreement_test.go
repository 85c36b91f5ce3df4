package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestEvalThreadsAgreement: two annotators' files of the same article give
// the agreement a user reads (kappa, the confusion), also as JSON; a file
// pair with no article in common is an input error.
func TestEvalThreadsAgreement(t *testing.T) {
	const text = "Police beat protesters. The minister denied it. Critics called the denial hollow."
	line := func(id, act2, act3 string) string {
		return `{"id":"` + id + `","text":"` + text + `","statements":[` +
			`{"content":{"start":0,"end":22},"act":"accuse","target":"police"},` +
			`{"content":{"start":24,"end":46},"act":"` + act2 + `","target":"protesters","responds_to":[0]},` +
			`{"content":{"start":48,"end":81},"act":"` + act3 + `","target":"the denial","responds_to":[1]}]}` + "\n"
	}
	a := writeFile(t, "a.jsonl", []byte(line("x", "deny", "criticize")))
	b := writeFile(t, "b.jsonl", []byte(line("x", "deny", "deny")))
	r := run(t, nil, "eval", "threads-agreement", a, b)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"3 statements compared", "kappa", "criticize→deny 1", "replies in the 1 articles with links in both: A 2, B 2, both 2"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	r = run(t, nil, "eval", "threads-agreement", "--json", a, b)
	var res struct {
		Observed float64 `json:"observed"`
		Kappa    float64 `json:"kappa"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || res.Observed < 0.66 || res.Observed > 0.67 {
		t.Errorf("JSON %v: %s", err, r.stdout)
	}
	c := writeFile(t, "c.jsonl", []byte(line("y", "deny", "deny")))
	if r := run(t, nil, "eval", "threads-agreement", a, c); r.code != 2 || !strings.Contains(r.stderr, "no statement in common") {
		t.Errorf("no article in common: exit %d, %s", r.code, r.stderr)
	}
}
