package http

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestSavedSearchTargetListed: a saved search over statements says so
// wherever it is shown: in the answer to its creation (whose delivery
// cursor is then the statements'), in the list and in its CSV, as GET of
// the one search says it (issue 15, item 5).
func TestSavedSearchTargetListed(t *testing.T) {
	env := newEnv(t, nil)
	type view struct {
		ID        int64  `json:"id"`
		Target    string `json:"target"`
		Delivered int64  `json:"delivered"`
		Atom      string `json:"atom"`
	}
	var made [2]view
	for i, target := range []string{"statements", "articles"} {
		body, _ := json.Marshal(map[string]string{"name": target, "query": "said", "target": target})
		st, out := env.do(t, "POST", "/api/v1/saved-searches", "application/json", string(body), bearer)
		if st != 201 || json.Unmarshal([]byte(out), &made[i]) != nil || made[i].Target != target {
			t.Fatalf("create a search over %s: %d %s", target, st, out)
		}
		var one view
		_, out = env.get(t, "/api/v1/saved-searches/"+itoa(made[i].ID))
		if json.Unmarshal([]byte(out), &one) != nil || one != made[i] {
			t.Errorf("created %+v, but GET gives %s", made[i], out)
		}
	}
	_, out := env.get(t, "/api/v1/saved-searches")
	var list struct{ Items []view }
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list.Items) != 2 {
		t.Fatalf("list: %s", out)
	}
	for _, v := range list.Items {
		want := made[0]
		if v.ID == made[1].ID {
			want = made[1]
		}
		if v != want {
			t.Errorf("listed %+v, want %+v", v, want)
		}
	}
	_, csv := env.get(t, "/api/v1/saved-searches?format=csv")
	for _, row := range readCSV(t, csv) {
		if want := map[string]string{itoa(made[0].ID): "statements", itoa(made[1].ID): "articles"}[row["id"]]; row["target"] != want {
			t.Errorf("csv row %v: target %q, want %q", row, row["target"], want)
		}
	}
}

// TestNoZeroTimes: a saved search never delivered and a feed never
// fetched have no last_delivery or last_fetched in the API, rather than
// the year 1 ("0001-01-01T00:00:00Z"), which reads as a date.
func TestNoZeroTimes(t *testing.T) {
	env := newEnv(t, nil)
	if st, out := env.do(t, "POST", "/api/v1/saved-searches", "application/json", `{"name":"n","query":"said"}`, bearer); st != 201 {
		t.Fatalf("create a search: %d %s", st, out)
	}
	if st, out := env.do(t, "POST", "/api/v1/feeds", "application/json", `{"url":"https://news.example.test/feed.xml"}`, bearer); st != 201 && st != 200 {
		t.Fatalf("subscribe: %d %s", st, out)
	}
	for _, path := range []string{"/api/v1/saved-searches", "/api/v1/feeds"} {
		if _, out := env.get(t, path); strings.Contains(out, "0001-01-01") {
			t.Errorf("%s gives a zero time: %s", path, out)
		}
	}
}
