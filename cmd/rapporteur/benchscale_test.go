package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestScaleCommand grows a database by replicating a small corpus, with
// and without linking: one report line per window and one at the end,
// counts that add up, and a second run that continues where the database
// ends.
func TestScaleCommand(t *testing.T) {
	corpus, _ := generated(t, 12)
	for _, link := range []bool{false, true} {
		db := filepath.Join(t.TempDir(), "scale.db")
		args := []string{"scale", "--db", db, "--corpus", corpus, "--every", "10"}
		if link {
			args = append(args, "--link")
		}
		reports := func(r result) []scaleReport {
			t.Helper()
			if r.code != 0 {
				t.Fatalf("link %v: exit %d: %s", link, r.code, r.stderr)
			}
			var out []scaleReport
			for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
				var rep scaleReport
				if err := json.Unmarshal([]byte(line), &rep); err != nil {
					t.Fatalf("link %v: report %q: %v", link, line, err)
				}
				out = append(out, rep)
			}
			return out
		}
		first := reports(run(t, nil, append(args, "--n", "25")...))
		if len(first) != 3 || first[0].Articles != 10 || first[1].Articles != 20 || first[2].Articles != 25 || first[2].Failed != 0 {
			t.Fatalf("link %v: first run reported %+v, want 10, 20 and 25 articles, none failed", link, first)
		}
		again := reports(run(t, nil, append(args, "--n", "5")...))
		if len(again) != 1 || again[0].Articles != 30 || again[0].Added != 5 {
			t.Fatalf("link %v: second run reported %+v, want 30 articles, 5 added", link, again)
		}
	}
}
