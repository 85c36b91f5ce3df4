package attrib

import (
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// TestSourceSpans: which words are the source of a statement. PolNeAR
// marks the whole noun phrase that names who speaks, with its titles and
// appositives; a reader needs the name in it. Each case lists readings
// ("source | cue | content"; one opening with " | " leaves the source
// open) that must be among the statements, and parts of readings that
// must not be.
func TestSourceSpans(t *testing.T) {
	at := newAttributor(t)
	for _, c := range []struct {
		text      string
		want, not []string
	}{
		// A capitalized "May" after a name is the name's, not a modal of
		// the cue (Wikinews, "UK Conservatives pledge to repeal Human
		// Rights Act", CC BY 2.5).
		{text: "Home Secretary Theresa May told the party conference the next Conservative Party manifesto will commit to repealing the Human Rights Act 1998.",
			want: []string{"Home Secretary Theresa May | told | the next Conservative Party manifesto will commit to repealing the Human Rights Act 1998"},
			not:  []string{"May told"}},
		// A day after an inverted cue is no source: the name before the
		// cue is.
		{text: "\"We expect the bill to pass this week,\" Senate Majority Leader Jane Doe, R-Ore., said Tuesday.",
			want: []string{"Senate Majority Leader Jane Doe, R-Ore. | said | We expect the bill to pass this week,"}},
	} {
		t.Run(c.text, func(t *testing.T) {
			a := at.Attribute(rapporteur.Article{Text: c.text, Language: "en"})
			check(t, a)
			var got []string
			for _, st := range a.Statements {
				got = append(got, readingOfSt(st))
			}
			for _, w := range c.want {
				found := false
				for _, g := range got {
					found = found || g == w || strings.HasPrefix(w, " | ") && strings.HasSuffix(g, w)
				}
				if !found {
					t.Errorf("no statement %q; got %q", w, got)
				}
			}
			for _, n := range c.not {
				for _, g := range got {
					if strings.Contains(g, n) {
						t.Errorf("statement %q, want none with %q", g, n)
					}
				}
			}
		})
	}
}
