package snippet

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/rapporteur/rapporteur/query"
)

func TestSnippet(t *testing.T) {
	long := strings.Repeat("filler ", 40)
	tests := []struct{ q, text, want string }{
		{"farce", "He called it a farce.", "He called it a [farce]."},
		{"FARCE", "A Farce!", "A [Farce]!"},
		{"reforme", "La réforme des retraites", "La [réforme] des retraites"},
		{"allegat*", "Allegations and alleged facts", "[Allegations] and alleged facts"},
		{`"credible allegations"`, "credible people, credible allegations", "credible people, [credible] [allegations]"},
		{"farce -report", "the report, a farce", "the report, a [farce]"},
		{"title:x farce", "farce", "[farce]"},
		{"zzz", "nothing here", ""},
		{"end", long + "the end", "…" + strings.TrimSpace(strings.Repeat("filler ", 28)) + " the [end]"},
		{"start", "start " + long, "[start] " + strings.TrimSpace(strings.Repeat("filler ", 29)) + "…"},
	}
	for _, tt := range tests {
		n, err := query.Parse(tt.q, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		got, ok := New(n).Cut(tt.text)
		got = strings.NewReplacer("\x02", "[", "\x03", "]").Replace(got)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("snippet %q of %q = %q, %v; want %q", tt.q, tt.text, got, ok, tt.want)
		}
	}
}

// FuzzSnippet highlights any query in any text: no panic, valid UTF-8,
// markers in pairs around words of the text, and the ASCII shortcut of
// Norm folding as the general path does.
func FuzzSnippet(f *testing.F) {
	f.Add("farce", "He called it a farce.")
	f.Add("reforme allegat*", "La réforme des retraites. Allegations!")
	f.Add(`"credible allegations" -x`, "credible people, credible allegations")
	f.Add("ǅ İstanbul", "İSTANBUL ǆ ﬁle")
	f.Add("a", "a \x02a\x03 a")
	f.Fuzz(func(t *testing.T, q, text string) {
		for _, w := range strings.Fields(q + " " + text) {
			if got, want := Norm(w), Fold(w); got != want {
				t.Fatalf("Norm(%q) = %q, Fold %q", w, got, want)
			}
		}
		n, err := query.Parse(q, time.Time{})
		if err != nil {
			return
		}
		got, ok := New(n).Cut(unmarked(text))
		if !ok {
			return
		}
		if !utf8.ValidString(got) {
			t.Fatalf("snippet %q is not UTF-8", got)
		}
		open := false
		for _, r := range got {
			switch r {
			case '\x02':
				if open {
					t.Fatalf("snippet %q opens a mark twice", got)
				}
				open = true
			case '\x03':
				if !open {
					t.Fatalf("snippet %q closes a mark it did not open", got)
				}
				open = false
			}
		}
		if open {
			t.Fatalf("snippet %q leaves a mark open", got)
		}
	})
}

// unmarked replaces the highlight markers, which the stores never keep in
// a text, with spaces.
func unmarked(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\x02' || r == '\x03' {
			return ' '
		}
		return r
	}, s)
}
