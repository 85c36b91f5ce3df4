package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rapporteur/rapporteur"
)

// addGoldenSeeds adds the golden inputs whose name ends with ext to the
// fuzz seed corpus (besides the files in testdata/fuzz).
func addGoldenSeeds(f *testing.F, ext string, add func([]byte)) {
	files, _ := filepath.Glob("testdata/golden/*" + ext)
	for _, in := range files {
		b, err := os.ReadFile(in)
		if err != nil {
			f.Fatal(err)
		}
		add(b)
	}
}

// checkArticle asserts what must hold for any article extract returns.
func checkArticle(t *testing.T, input string, a rapporteur.Article, verbatim bool) {
	t.Helper()
	if !utf8.ValidString(a.Text) || !utf8.ValidString(a.Title) {
		t.Fatalf("invalid utf-8 in output")
	}
	if verbatim {
		if a.Text != input {
			t.Fatalf("verbatim body changed")
		}
	} else {
		if strings.TrimSpace(a.Text) == "" {
			t.Fatalf("empty body without an error")
		}
		if strings.Contains(a.Text, "\n\n\n") || strings.Contains(a.Title, "\n") {
			t.Fatalf("white space not normalised: %q", a.Text)
		}
	}
	seen := map[string]bool{}
	for _, c := range a.Credits {
		if seen[c.Name] {
			t.Fatalf("credit %s twice", c.Name)
		}
		seen[c.Name] = true
		src := a.Text
		if c.Removed {
			src = input
		}
		if got := sliceRunes(src, c.Evidence.Start, c.Evidence.End); got != c.Evidence.Text {
			t.Fatalf("credit %s: evidence [%d,%d) reads %q, want %q", c.Name, c.Evidence.Start, c.Evidence.End, got, c.Evidence.Text)
		}
	}
}

func FuzzText(f *testing.F) {
	x := newExtractor(f)
	addGoldenSeeds(f, ".txt", func(b []byte) { f.Add(string(b)) })
	f.Fuzz(func(t *testing.T, text string) {
		a, err := x.Text("id", text)
		if err == nil {
			checkArticle(t, text, a, false)
		} else if rapporteur.ErrorCode(err) == rapporteur.EINTERNAL {
			t.Fatalf("unclassified error: %v", err)
		}
		a, err = x.Verbatim("id", "", text)
		if err == nil {
			checkArticle(t, text, a, true)
		} else if rapporteur.ErrorCode(err) == rapporteur.EINTERNAL {
			t.Fatalf("unclassified error: %v", err)
		}
	})
}

func FuzzHTML(f *testing.F) {
	x := newExtractor(f)
	addGoldenSeeds(f, ".html", func(b []byte) { f.Add(b) })
	f.Fuzz(func(t *testing.T, page []byte) {
		a, err := x.HTML("id", page, "https://example.com/a")
		if err != nil {
			if rapporteur.ErrorCode(err) == rapporteur.EINTERNAL {
				t.Fatalf("unclassified error: %v", err)
			}
			return
		}
		if !utf8.ValidString(a.Text) || strings.TrimSpace(a.Text) == "" {
			t.Fatalf("bad body %q", a.Text)
		}
		for _, c := range a.Credits {
			if !c.Removed {
				if got := sliceRunes(a.Text, c.Evidence.Start, c.Evidence.End); got != c.Evidence.Text {
					t.Fatalf("credit %s: evidence reads %q, want %q", c.Name, got, c.Evidence.Text)
				}
			}
		}
	})
}
