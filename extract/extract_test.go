package extract

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rapporteur/rapporteur"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func newExtractor(t testing.TB) *Extractor {
	t.Helper()
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// goldenResult is what a golden file records: the article, or the error.
type goldenResult struct {
	Article *rapporteur.Article `json:"article,omitempty"`
	Code    string              `json:"code,omitempty"`
	Error   string              `json:"error,omitempty"`
}

// TestGolden runs every input in testdata/golden through the extractor the
// file name selects (*.txt pasted text, *.verbatim.txt verbatim, *.html a
// page) and compares the result with the .json beside it.
func TestGolden(t *testing.T) {
	x := newExtractor(t)
	inputs, err := filepath.Glob("testdata/golden/*")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, in := range inputs {
		if strings.HasSuffix(in, ".json") {
			continue
		}
		n++
		name := filepath.Base(in)
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			var a rapporteur.Article
			switch {
			case strings.HasSuffix(name, ".verbatim.txt"):
				a, err = x.Verbatim(name, "", string(b))
			case strings.HasSuffix(name, ".txt"):
				a, err = x.Text(name, string(b))
			default:
				a, err = x.HTML(name, b, "https://news.example.com/2022/09/01/story.html")
			}
			var res goldenResult
			if err != nil {
				res.Code, res.Error = rapporteur.ErrorCode(err), err.Error()
			} else {
				res.Article = &a
				checkEvidence(t, string(b), a)
			}
			got, err := json.MarshalIndent(res, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			want := strings.TrimSuffix(in, filepath.Ext(in)) + ".json"
			if *update {
				if err := os.WriteFile(want, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			exp, err := os.ReadFile(want)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, exp) {
				t.Errorf("result differs from %s (go test -update rewrites it):\n%s", want, got)
			}
		})
	}
	if n == 0 {
		t.Fatal("no golden inputs")
	}
}

// checkEvidence asserts the evidence rule of rapporteur.Credit: a credit's
// evidence text is found at its offsets in the body, or, when its line was
// removed, in the input as given (pasted text; HTML pages are checked by
// their own tests).
func checkEvidence(t *testing.T, input string, a rapporteur.Article) {
	t.Helper()
	for _, c := range a.Credits {
		src := a.Text
		if c.Removed {
			if strings.HasPrefix(strings.TrimSpace(input), "<") {
				continue
			}
			src = input
		}
		if got := sliceRunes(src, c.Evidence.Start, c.Evidence.End); got != c.Evidence.Text {
			t.Errorf("credit %s: evidence [%d,%d) reads %q, want %q", c.Name, c.Evidence.Start, c.Evidence.End, got, c.Evidence.Text)
		}
	}
}

func sliceRunes(s string, start, end int) string {
	if start < 0 || end < start || end > utf8.RuneCountInString(s) {
		return "<out of range>"
	}
	r := []rune(s)
	return string(r[start:end])
}
