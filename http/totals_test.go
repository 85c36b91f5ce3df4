package http

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// TestListTotals: a list's first page says how long the whole list is
// (total, total_exact), so a script or a reader knows how many pages to
// expect; later pages (with a cursor) leave it null. The totals equal the
// items the pages add up to.
func TestListTotals(t *testing.T) {
	env := newEnv(t, nil)
	for _, path := range []string{
		"/api/v1/articles?limit=3",
		"/api/v1/statements?limit=25",
		"/api/v1/statements?limit=5&q=" + url.QueryEscape("kind:direct"),
		"/api/v1/speakers?limit=4",
		"/api/v1/sources?limit=2",
		"/api/v1/feeds",
		"/api/v1/saved-searches",
	} {
		type page struct {
			Items      []json.RawMessage `json:"items"`
			Next       *string           `json:"next"`
			Total      *int64            `json:"total"`
			TotalExact bool              `json:"total_exact"`
		}
		var first page
		getJSONInto(t, env, path, &first)
		if first.Total == nil || !first.TotalExact {
			t.Errorf("%s: total %v exact %v, want an exact total", path, first.Total, first.TotalExact)
			continue
		}
		n, p, pages := len(first.Items), first, 1
		for p.Next != nil && pages < 1000 {
			p = page{}
			getJSONInto(t, env, path+"&cursor="+url.QueryEscape(*first.Next), &p)
			if p.Total != nil {
				t.Errorf("%s: a later page repeats total %d", path, *p.Total)
			}
			n += len(p.Items)
			first.Next, pages = p.Next, pages+1
		}
		if int64(n) != *first.Total {
			t.Errorf("%s: total %d, the pages hold %d", path, *first.Total, n)
		}
		if pages == 1 && strings.Contains(path, "limit") && n > 2 {
			t.Errorf("%s: one page of %d; the test wants several", path, n)
		}
	}
}

// TestThreadNextNull: a thread's last page gives next as null, as the
// lists do, not "".
func TestThreadNextNull(t *testing.T) {
	env := newEnv(t, nil)
	id := threadStory(t, env)
	body := getOK(t, env, fmt.Sprintf("/api/v1/stories/%d/thread", id))
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &raw); err != nil {
		t.Fatal(err)
	}
	if got := string(raw["next"]); got != "null" {
		t.Errorf("last page: next %s, want null", got)
	}
	body = getOK(t, env, fmt.Sprintf("/api/v1/stories/%d/thread?limit=1", id))
	raw = nil
	if err := json.Unmarshal([]byte(body), &raw); err != nil {
		t.Fatal(err)
	}
	var next string
	if err := json.Unmarshal(raw["next"], &next); err != nil || next == "" {
		t.Errorf("first of several pages: next %s, want a cursor", raw["next"])
	}
}
