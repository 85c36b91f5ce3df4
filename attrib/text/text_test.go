package text

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// lexicon is a small English lexicon for the splitter's tests.
type lexicon struct{}

func (lexicon) Abbrev(w string) bool      { return w == "Mr" || w == "Gen" }
func (lexicon) Opener(lower string) bool  { return lower == "the" || lower == "he" || lower == "she" }
func (lexicon) TailCue(lower string) bool { return lower == "said" || lower == "asked" }

func parse(s string) *Doc {
	d := Parse(s)
	d.Split(lexicon{})
	return d
}

func words(d *Doc) []string {
	var out []string
	for _, t := range d.Tokens {
		out = append(out, t.Text)
	}
	return out
}

func sentences(d *Doc) []string {
	var out []string
	for _, s := range d.Sentences {
		a, b := d.Tokens[s.First].Start, d.Tokens[s.Last-1].End
		out = append(out, string(d.Runes[a:b]))
	}
	return out
}

func TestTokens(t *testing.T) {
	cases := []struct {
		in   string
		want string // tokens joined by "|"
	}{
		{`Mr. O’Brien didn't say.`, `Mr|.|O’Brien|didn't|say|.`},
		{`The U.S. spent $3.5bn on 1,000 well-known AT&T phones.`, `The|U.S.|spent|$|3.5bn|on|1,000|well-known|AT&T|phones|.`},
		{`Jones’ dog and Trump's cat`, `Jones’|dog|and|Trump's|cat`},
		{`Assad (al‐Assad) visited Znak.com.`, `Assad|(|al‐Assad|)|visited|Znak.com|.`},
		{"zero\u200bwidth soft\u00adhyphen", `zero|width|soft|hyphen`},
		{`“Yes,” she said.`, `“|Yes|,|”|she|said|.`},
		// A party and a state after a name are one word; a single letter
		// after a hyphen keeps no sentence's period.
		{`Rep. Jim Clyburn (D-S.C.) and Sen. Bob Corker, R-Tenn., in Group X-A.`, `Rep|.|Jim|Clyburn|(|D-S.C.|)|and|Sen|.|Bob|Corker|,|R-Tenn|.|,|in|Group|X-A|.`},
	}
	for _, c := range cases {
		if got := strings.Join(words(Parse(c.in)), "|"); got != c.want {
			t.Errorf("Parse(%q) tokens\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

func TestQuotations(t *testing.T) {
	d := Parse("“We won,” she said, “and we will win again.”\n“Next year too.”")
	if len(d.Quotes) != 3 {
		t.Fatalf("%d quotations, want 3: %+v", len(d.Quotes), d.Quotes)
	}
	q := d.Quotes[1]
	if got := string(d.Runes[q.Start:q.End]); got != "and we will win again." {
		t.Errorf("second quotation %q", got)
	}
	if d.Quotes[2].Para != 1 {
		t.Errorf("third quotation in paragraph %d, want 1", d.Quotes[2].Para)
	}
	for _, tk := range d.Tokens {
		if tk.Text == "she" && tk.Quote >= 0 {
			t.Errorf("the cue's subject lies in quotation %d", tk.Quote)
		}
		if tk.Text == "win" && tk.Quote != 1 {
			t.Errorf("'win' in quotation %d, want 1", tk.Quote)
		}
	}
}

func TestSentences(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{`Mr. Smith left. He came back.`, []string{`Mr. Smith left.`, `He came back.`}},
		{`“Why now?” she asked. Then she left.`, []string{`“Why now?” she asked.`, `Then she left.`}},
		{`“We won.” The team cheered.`, []string{`“We won.”`, `The team cheered.`}},
		{`He lives in the U.S. The weather is fine.`, []string{`He lives in the U.S.`, `The weather is fine.`}},
		{`She met J. Smith in Paris.`, []string{`She met J. Smith in Paris.`}},
		{`It may ship Apple's Mac OS X. Michael Dell made the comments.`, []string{`It may ship Apple's Mac OS X.`, `Michael Dell made the comments.`}},
		{`The speaker was John F. Kennedy at the time.`, []string{`The speaker was John F. Kennedy at the time.`}},
		{`SPEECH BY GEORGE W. BUSH, PRESIDENT`, []string{`SPEECH BY GEORGE W. BUSH, PRESIDENT`}},
		{`Mr. G.K. Butterfield (D-N.C.), the caucus head, said so. He left.`, []string{`Mr. G.K. Butterfield (D-N.C.), the caucus head, said so.`, `He left.`}},
		{"One line\nAnother line", []string{`One line`, `Another line`}},
	}
	for _, c := range cases {
		got := sentences(parse(c.in))
		if strings.Join(got, "¦") != strings.Join(c.want, "¦") {
			t.Errorf("sentences of %q\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

// TestOffsets checks that code point and byte offsets agree on text that
// is not ASCII.
func TestOffsets(t *testing.T) {
	d := Parse("Zürich’s mayor, Corine Mauch, said «non» — “ça va”.")
	for _, tk := range d.Tokens {
		if got := d.Text[d.Byte(tk.Start):d.Byte(tk.End)]; got != tk.Text {
			t.Errorf("bytes of %q give %q", tk.Text, got)
		}
		if got := string(d.Runes[tk.Start:tk.End]); got != tk.Text {
			t.Errorf("code points of %q give %q", tk.Text, got)
		}
	}
}

// FuzzParse checks the layer's invariants on any input: tokens in order
// inside their paragraphs, offsets that agree, sentences that cover every
// token once, and no sentence over MaxSentence tokens outside quotations.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "“a”", "'' ``x'' ‘y’ «z»", "Mr. A. B. said: \"x\ny\"", "\xff\xfe bad \xc3", strings.Repeat("w ", 600)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := parse(s)
		if !utf8.ValidString(d.Text) {
			t.Fatal("Text is not valid UTF-8")
		}
		prev := 0
		for k, tk := range d.Tokens {
			if tk.Start < prev || tk.End <= tk.Start {
				t.Fatalf("token %d [%d,%d) after %d", k, tk.Start, tk.End, prev)
			}
			prev = tk.End
			p := d.Paras[tk.Para]
			if tk.Start < p[0] || tk.End > p[1] {
				t.Fatalf("token %d outside its paragraph", k)
			}
			if d.Text[d.Byte(tk.Start):d.Byte(tk.End)] != tk.Text {
				t.Fatalf("token %d: byte offsets disagree", k)
			}
		}
		next := 0
		for _, st := range d.Sentences {
			if st.First != next || st.Last <= st.First || d.Tokens[st.First].Para != d.Tokens[st.Last-1].Para {
				t.Fatalf("sentence [%d,%d) after %d", st.First, st.Last, next)
			}
			next = st.Last
		}
		if next != len(d.Tokens) {
			t.Fatalf("sentences cover %d of %d tokens", next, len(d.Tokens))
		}
	})
}
