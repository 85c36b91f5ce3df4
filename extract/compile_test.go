package extract

import (
	"os"
	"path/filepath"
	"regexp"
	"regexp/syntax"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur/lexicon"
)

// TestCompileWholeAsParsed: every whole-line expression of the lexicons
// (furniture and credit lines) matches the same lines, compiled from its
// text with the dot-stars cut, as compiled from the parsed expression
// printed back, which it replaced for speed. The lines are those of the
// test articles, and the lexicon's own expressions read as text.
func TestCompileWholeAsParsed(t *testing.T) {
	var lines []string
	for _, glob := range []string{"../testdata/wikinews/*", "../testdata/layouts/*", "testdata/golden/*", "testdata/fuzz/*/*"} {
		files, _ := filepath.Glob(glob)
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			lines = append(lines, strings.Split(string(data), "\n")...)
		}
	}
	if len(lines) < 1000 {
		t.Fatalf("only %d lines to match", len(lines))
	}
	n := 0
	for _, list := range []string{"furniture", "credits"} {
		rules, err := loadRules("en", list)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rules {
			if list == "credits" && !strings.Contains("line line-strict reporting reporter generic", strings.SplitN(r[0], "=", 2)[0]) {
				continue
			}
			lines = append(lines, r[1])
			got, err := compileWhole(r[1])
			if err != nil {
				t.Fatal(err)
			}
			want := printedBack(t, r[1])
			for _, l := range lines {
				if got.MatchString(l) != want.MatchString(l) {
					t.Errorf("%s %q on %q: %v, printed back %v", list, r[1], l, got.MatchString(l), want.MatchString(l))
				}
			}
			n++
		}
	}
	if n < 50 || !lexicon.Has("en", "furniture") {
		t.Fatalf("only %d expressions checked", n)
	}
}

// printedBack is compileWhole as it was: the dot-stars cut from the parsed
// expression, which is then printed back.
func printedBack(t *testing.T, expr string) *regexp.Regexp {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		t.Fatal(err)
	}
	start, end := "^", "$"
	if re.Op == syntax.OpConcat && len(re.Sub) > 2 {
		if isDotStar(re.Sub[0]) {
			re.Sub, start = re.Sub[1:], ""
		}
		if isDotStar(re.Sub[len(re.Sub)-1]) {
			re.Sub, end = re.Sub[:len(re.Sub)-1], ""
		}
	}
	return regexp.MustCompile(`(?i)` + start + `(?:` + re.String() + `)` + end)
}
