package act

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur/attrib/text"
)

// TestTokens: act reads the text layer's words, with "n't" split off and a
// possessive taken off (so lexicon phrases such as "did n't" and "the
// House's decision" read as written), offsets pointing into the text, and
// dotted acronyms and numbers one word each.
func TestTokens(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"He didn't deny.", "he@0-2* did@3-6 n't@6-9 deny@10-14 .@14-15"},
		{"The House's decision", "the@0-3* house@4-9*' decision@12-20"},
		{"the Workers’ Party", "the@0-3 workers@4-11*' party@13-18*"},
		{"U.S. officials can’t", "u.s.@0-4* officials@5-14 ca@15-17 n't@17-20"},
		{"2,570 MiG-29 jets", "2,570@0-5 mig-29@6-12* jets@13-17"},
	} {
		var got []string
		for _, tk := range tokensOf(c.in) {
			s := fmt.Sprintf("%s@%d-%d", tk.w, tk.start, tk.end)
			if tk.cap {
				s += "*"
			}
			if tk.poss {
				s += "'"
			}
			got = append(got, s)
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.in, g, c.want)
		}
	}
}

// FuzzTokens: every word act reads lies inside the text, in order, and is
// the lower-cased text at its offsets.
func FuzzTokens(f *testing.F) {
	for _, s := range []string{"He didn't deny.", "The House's decision", "the Workers’ Party", "U.S. officials can’t", "'n't' ’s '’ DON'T İS'S"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := text.Parse(s)
		prev := 0
		for _, tk := range tokens(d, 0, len(d.Runes)) {
			if tk.start < prev || tk.end <= tk.start || tk.end > len(d.Runes) {
				t.Fatalf("%q: word %q at %d-%d after %d", s, tk.w, tk.start, tk.end, prev)
			}
			// Words read ’ as ', punctuation keeps it.
			low := strings.ToLower(string(d.Runes[tk.start:tk.end]))
			if got := strings.ReplaceAll(low, "’", "'"); got != tk.w && low != tk.w {
				t.Fatalf("%q: word %q, text %q", s, tk.w, got)
			}
			prev = tk.end
		}
	})
}

// TestNamedSkipsNoOne: the actor named in a content is never "I" (alone,
// contracted or after a sentence adverb) nor a day or month alone, but a
// name that holds a month stays whole.
func TestNamedSkipsNoOne(t *testing.T) {
	an, err := New()
	if err != nil {
		t.Fatal(err)
	}
	l := an.lexOf("en")
	for _, c := range []struct{ in, want string }{
		{"Well I think it was a mistake.", ""},
		{"I'm sure it was wrong.", ""},
		{"On Sunday the Kremlin lied.", "Kremlin"},
		{"In December, Crown Prince Mohammad lied.", "Crown Prince Mohammad"},
		{"He said Theresa May was wrong.", "Theresa May"},
	} {
		got := ""
		if sp := l.named(tokensOf(c.in), "Someone", nil); sp != nil {
			got = c.in[sp.Start:sp.End]
		}
		if got != c.want {
			t.Errorf("%q: named %q, want %q", c.in, got, c.want)
		}
	}
}

// TestObjectNameRunsOn: an object noun phrase is at most five words,
// unless a name runs on past them; the full stop of "Mr." is part of the
// name, so "Mr. Redeker" is aimed at, not "Mr".
func TestObjectNameRunsOn(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"accused Halvorsen Mining chief executive Magnus Berg of lying", "Halvorsen Mining chief executive Magnus Berg"},
		{"accused the money laundering probe connected to the bank of lying", "money laundering probe connected"},
		{"defended Mr. Redeker and his right to speak", "Mr. Redeker"},
		{"accused Dr. Jane Holt of lying", "Dr. Jane Holt"},
		{"accused the board. Mr. Holt said", "board"},
	} {
		got := ""
		if sp := object(tokensOf(c.in), 1); sp != nil {
			got = c.in[sp.Start:sp.End]
		}
		if got != c.want {
			t.Errorf("%q: object %q, want %q", c.in, got, c.want)
		}
	}
}
