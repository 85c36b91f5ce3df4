package eval

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ text, span, want string }{
		{"He said that the bridge opens.", "that the bridge opens.", "the bridge opens"},
		{"He said That it rains.", "That it rains.", "it rains"},
		{"x “We are proud,” she said", "“We are proud,”", "We are proud"},
		{"x «Nous partons» dit-il", "«Nous partons»", "Nous partons"},
		{"x „Wir gehen“ sagte er", "„Wir gehen“", "Wir gehen"},
		{"x ''old style'' he said", "''old style''", "old style"},
		{"x ' that \"it works\";' y", " that \"it works\";", "it works"},
		{"nothing to trim here", "nothing to trim", "nothing to trim"},
		// "that" alone, or as the start of a longer word, is content.
		{"thatcher said so", "thatcher said so", "thatcher said so"},
		{"he said that.", "that.", "that"},
		{"he said that, if asked, he will go.", "that, if asked, he will go.", "if asked, he will go"},
		// Inner punctuation stays.
		{"a “b.” c", "“b.”", "b"},
		{"x “” y", "“”", ""},
	}
	for _, tt := range tests {
		t.Run(tt.span, func(t *testing.T) {
			d := doc([]rune(tt.text))
			s := find(t, tt.text, tt.span, 0)
			n := normalize(d, interval{s.Start, s.End})
			if got := string(d[n.start:n.end]); got != tt.want {
				t.Errorf("normalize(%q) = %q, want %q", tt.span, got, tt.want)
			}
		})
	}
}

func TestTokenRange(t *testing.T) {
	text := "Ça va, dit-elle  “très bien.”"
	d := doc([]rune(text))
	ids := tokenIDs(d)
	tests := []struct {
		span string
		n    int
	}{
		{"Ça va,", 3},
		{"dit-elle", 3},
		{"“très bien.”", 5},
		{"a va", 2}, // a span cutting a word still touches it
		{"  ", 0},
	}
	for _, tt := range tests {
		s := find(t, text, tt.span, 0)
		f, l := tokenRange(ids, interval{s.Start, s.End})
		if got := max(0, l-f+1); got != tt.n {
			t.Errorf("%q touches %d tokens, want %d", tt.span, got, tt.n)
		}
	}
}

func TestScoreBrat(t *testing.T) {
	docs, err := ReadBrat("testdata/brat")
	if err != nil {
		t.Fatal(err)
	}
	text := docs[0].Text
	f := func(sub string, n int) rapporteur.Span { return find(t, text, sub, n) }
	stmts := []rapporteur.Statement{
		// Content without the complementizer and the full stop: exact
		// only after normalisation.
		{Kind: rapporteur.Indirect, Content: f("the bridge would reopen in May", 0), Cue: ptr(f("said", 0)),
			Speaker: rapporteur.Speaker{Name: "Zoë Brandt", Mention: ptr(f("Zoë Brandt", 0)), Source: ptr(f("Zoë Brandt, the mayor of Köln", 0))}},
		// Content without the quote marks; a Mention stands in for the
		// missing Source.
		{Kind: rapporteur.Direct, Content: f("We are proud of the crews,", 0), Cue: ptr(f("told", 0)),
			Speaker: rapporteur.Speaker{Mention: ptr(f("she", 0))}},
		// Only the first fragment of a discontinuous gold span: overlap
		// but not exact.
		{Kind: rapporteur.Direct, Content: f("It is safe", 0), Cue: ptr(f("added", 0)),
			Speaker: rapporteur.Speaker{Mention: ptr(f("Brandt", 1))}},
		// Overlaps a gold span already taken, and repeats a source: the
		// repeat counts once, the content is a false positive.
		{Kind: rapporteur.Direct, Content: f("crews", 0), Speaker: rapporteur.Speaker{Mention: ptr(f("she", 0))}},
		// Overlaps nothing.
		{Kind: rapporteur.Indirect, Content: f("reporters", 0)},
	}
	res, err := ScoreBrat(context.Background(), "testdata/brat", docs, fixed(map[string][]rapporteur.Statement{"bridge": stmts}))
	if err != nil {
		t.Fatal(err)
	}
	if res.Documents != 1 || res.MultiAnnotated != 1 || res.Discontinuous != 1 || res.Statements != 5 {
		t.Fatalf("counts: %+v", res)
	}
	for _, l := range []string{LabelSource, LabelCue} {
		s := res.Label(l)
		for name, p := range map[string]PRF{"strict": s.Strict, "exact": s.Exact, "overlap": s.Overlap, "token": s.Token} {
			if p.Gold != 3 || p.Pred != 3 || p.F1 != 1 {
				t.Errorf("%s %s = %+v, want 3 gold, 3 predicted, F1 1", l, name, p)
			}
		}
	}
	c := res.Label(LabelContent)
	// Gold token counts: "that the bridge would reopen in May ." = 8,
	// "“ We are proud of the crews , ”" = 9, and the discontinuous span
	// from “It to ready.” = 16.
	tokR := (6.0/8 + 7.0/9 + 3.0/16) / 3
	tokP := 3.0 / 5
	checks := []struct {
		name      string
		got, want float64
	}{
		{"strict P", c.Strict.Precision, 0},
		{"strict R", c.Strict.Recall, 0},
		{"exact P", c.Exact.Precision, 2.0 / 5},
		{"exact R", c.Exact.Recall, 2.0 / 3},
		{"overlap P", c.Overlap.Precision, 3.0 / 5},
		{"overlap R", c.Overlap.Recall, 3.0 / 3},
		{"token P", c.Token.Precision, tokP},
		{"token R", c.Token.Recall, tokR},
		{"token F1", c.Token.F1, 2 * tokP * tokR / (tokP + tokR)},
	}
	for _, ch := range checks {
		if !near(ch.got, ch.want) {
			t.Errorf("Content %s = %.4f, want %.4f", ch.name, ch.got, ch.want)
		}
	}

	kinds := map[string][]string{}
	for _, r := range res.Errors {
		if r.Kind == "boundary" && (r.GoldVerb != "added" || r.GoldSpeaker == nil || r.GoldSpeaker.Text != "Brandt") {
			t.Errorf("boundary record should name its gold cue and source: %+v", r)
		}
		if r.Label != LabelContent || r.Doc != "bridge" {
			t.Errorf("unexpected error record %+v", r)
			continue
		}
		s := r.Gold
		if s == nil {
			s = r.Pred
		}
		kinds[r.Kind] = append(kinds[r.Kind], s.Text)
	}
	want := map[string][]string{
		"boundary":       {"“It is safe,” Brandt added, “and it is ready.”"},
		"false_positive": {"crews", "reporters"},
	}
	if len(kinds) != len(want) || len(kinds["false_positive"]) != 2 || kinds["false_positive"][0] != want["false_positive"][0] ||
		kinds["false_positive"][1] != want["false_positive"][1] || len(kinds["boundary"]) != 1 || kinds["boundary"][0] != want["boundary"][0] {
		t.Errorf("error records = %q, want %q", kinds, want)
	}
}

// TestScoreBratNoStatements is what a skeleton extractor scores: zero,
// without dividing by zero.
func TestScoreBratNoStatements(t *testing.T) {
	docs, err := ReadBrat("testdata/brat-flat")
	if err != nil {
		t.Fatal(err)
	}
	res, err := ScoreBrat(context.Background(), "testdata/brat-flat", docs, fixed(nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range res.Labels {
		if l.Exact.F1 != 0 || l.Exact.Gold != 3 || l.Overlap.Recall != 0 {
			t.Errorf("%s: %+v", l.Label, l)
		}
	}
	misses := 0
	for _, r := range res.Errors {
		if r.Kind == "miss" {
			misses++
		}
	}
	if misses != 9 {
		t.Errorf("%d misses recorded, want 9", misses)
	}
}

func TestReadBratMissingDir(t *testing.T) {
	if _, err := ReadBrat("testdata/no-such-dir"); err == nil {
		t.Error("want an error for a missing directory")
	}
	if _, err := os.Stat("testdata/no-such-dir"); err == nil {
		t.Fatal("test directory should not exist")
	}
}

// TestGoesOn: a quotation that goes on after its cue's sentence is scored
// as one content with the piece before the cue, as PolNeAR marks it; a
// quotation with its own cue, after other words, or in the next paragraph
// is not.
func TestGoesOn(t *testing.T) {
	cases := []struct {
		name, text, second string
		cue2               bool
		want               bool
	}{
		{"after the cue's sentence", `“We won,” Kim said. “We will win again.”`, "We will win again.", false, true},
		{"source after the cue", `“We won,” said Kim Lee. “We will win again.”`, "We will win again.", false, true},
		{"its own cue", `“We won,” Kim said. “We will win again,” she added.`, "We will win again,", true, false},
		{"the rest of the cue's sentence", `“We won,” Kim said on Monday. “We will win again.”`, "We will win again.", false, true},
		{"an apposition", `“We won,” said Kim Lee, a lawyer for the city. “We will win again.”`, "We will win again.", false, true},
		{"not the cue's sentence", `“We won,” Kim said on Monday. The city lost. “We will win again.”`, "We will win again.", false, false},
		{"an abbreviation", `“We won,” said Sen. Kim Lee. “We will win again.”`, "We will win again.", false, true},
		{"another quotation between", `“We won,” Kim said, calling it “a start.” “We will win again.”`, "We will win again.", false, false},
		{"no sentence end", `“We won,” Kim said on Monday “We will win again.”`, "We will win again.", false, false},
		{"next paragraph", "“We won,” Kim said.\n“We will win again.”", "We will win again.", false, false},
	}
	for _, c := range cases {
		d := doc([]rune(c.text))
		f := func(sub string) rapporteur.Span { return find(t, c.text, sub, 0) }
		src := f("Kim")
		if strings.Contains(c.text, "Kim Lee") {
			src = f("Kim Lee")
		}
		a := rapporteur.Statement{Kind: rapporteur.Direct, Content: f("We won,"), Cue: ptr(f("said")), Speaker: rapporteur.Speaker{Source: &src}}
		b := rapporteur.Statement{Kind: rapporteur.Direct, Content: f(c.second)}
		if c.cue2 {
			b.Cue = ptr(f("added"))
		}
		if got := goesOn(d, a, b); got != c.want {
			t.Errorf("%s: goesOn = %v, want %v", c.name, got, c.want)
		}
	}
}
