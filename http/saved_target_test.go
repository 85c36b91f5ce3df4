package http

import (
	"encoding/json"
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
