package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden .json files under testdata/ from the current output")

// TestGolden runs `rapporteur extract --pretty` on the end-to-end inputs
// under the repository's testdata/ (the DESIGN example as text and as a
// page, Wikinews articles, and texts written to show one layout each:
// captions, editorial brackets, interviews) and compares the output with the .json file beside each.
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("..", "..", "testdata", "wikinews", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	layouts, err := filepath.Glob(filepath.Join("..", "..", "testdata", "layouts", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	inputs = append(inputs, layouts...)
	inputs = append(inputs, filepath.Join("..", "..", "testdata", "example.txt"), filepath.Join("..", "..", "testdata", "example-page.html"))
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), filepath.Ext(in))
		t.Run(name, func(t *testing.T) {
			r := run(t, nil, "extract", "--pretty", in)
			if r.code != 0 {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			checkSpans(t, decodeArticle(t, r.stdout))
			golden := strings.TrimSuffix(in, filepath.Ext(in)) + ".json"
			if *update {
				if err := os.WriteFile(golden, []byte(r.stdout), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal([]byte(r.stdout), want) {
				t.Errorf("output differs from %s (run with -update if the change is right):\n%s", golden, firstDiff(string(want), r.stdout))
			}
		})
	}
}

// firstDiff shows the first line where got differs from want, with the
// lines around it.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			from := max(0, i-3)
			ctx := strings.Join(wl[from:min(i, len(wl))], "\n")
			return fmt.Sprintf("line %d:\n", i+1) + ctx + "\n- " + clip(w) + "\n+ " + clip(g)
		}
	}
	return ""
}

// clip shortens a long line of the diff.
func clip(s string) string {
	if r := []rune(s); len(r) > 200 {
		return string(r[:200]) + "…"
	}
	return s
}
