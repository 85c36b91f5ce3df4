package sqlite

import (
	"strings"
	"testing"
	"time"

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
		got, ok := newHighlighter(prune(n)).snippet(tt.text)
		got = strings.NewReplacer("\x02", "[", "\x03", "]").Replace(got)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("snippet %q of %q = %q, %v; want %q", tt.q, tt.text, got, ok, tt.want)
		}
	}
}
