package attrib

import (
	"bytes"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
)

func trainSmallBounds(t *testing.T, spans []byte) []byte {
	t.Helper()
	at, err := NewWithOptions(Options{Model: bytes.NewReader(spans)})
	if err != nil {
		t.Fatal(err)
	}
	bm, err := at.TrainBounds(trainingDocs(t), TrainOptions{Bits: 12, Epochs: 3, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := bm.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestTrainBoundsDeterministic: the same data and options give the same
// boundary model, byte for byte, and it loads beside its span model.
func TestTrainBoundsDeterministic(t *testing.T) {
	spans := trainSmall(t)
	a, b := trainSmallBounds(t, spans), trainSmallBounds(t, spans)
	if !bytes.Equal(a, b) {
		t.Fatalf("two trainings gave different files (%d and %d bytes)", len(a), len(b))
	}
	at, err := NewWithOptions(Options{Model: bytes.NewReader(spans), Bounds: bytes.NewReader(a)})
	if err != nil {
		t.Fatalf("the trained model does not load: %v", err)
	}
	out := at.Attribute(rapporteur.Article{Text: "Union leaders warned that the strike could spread to the ports.", Language: "en"})
	if len(out.Statements) == 0 {
		t.Error("no statement on a training sentence")
	}
	// Without a span model there is nothing to learn from.
	rules, err := NewWithOptions(Options{RulesOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rules.TrainBounds(trainingDocs(t), TrainOptions{}); err == nil {
		t.Error("trained a boundary model without a span model")
	}
}

// TestEmbeddedBoundsLoad: the binary's own boundary model is there.
func TestEmbeddedBoundsLoad(t *testing.T) {
	m, err := embeddedBounds()
	if err != nil || m == nil {
		t.Fatalf("embedded boundary model: %v, %v", m, err)
	}
}

// TestBoundsKeepQuotationsAndCues: whatever the boundary model says, a
// cue does not grow after its verb ("said in a statement" stays "said"),
// a source ends in no comma, a content keeps its quotation whole, never takes its own cue or source or
// another statement's words (where the rules' did not overlap), and a direct quotation keeps its marks as
// its boundaries.
func TestBoundsKeepQuotationsAndCues(t *testing.T) {
	at, err := New()
	if err != nil {
		t.Fatal(err)
	}
	noBounds, err := NewWithOptions(Options{NoBounds: true})
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{
		"Foreign Ministry spokesman Li Wen called the report \"a farce staged by its authors.\" He said the ministry would respond, officials added on Monday.",
		"The mayor said the levy was a “fair price.” Critics said the levy, which rose in May, was too high, and the council said it would vote again.",
		"\"We will not back down,\" the senator told reporters, adding that the bill would pass. The union criticized the new rota and later walked out.",
		"Tomasz Kubiak, a fire service spokesman, also said in a statement on Monday that the fire was out. The ministry is calling for calm.",
	}
	for _, text := range texts {
		got := at.Attribute(rapporteur.Article{Text: text, Language: "en"})
		base := noBounds.Attribute(rapporteur.Article{Text: text, Language: "en"})
		if len(got.Statements) != len(base.Statements) {
			t.Errorf("%q: %d statements, %d without the boundary model", text, len(got.Statements), len(base.Statements))
			continue
		}
		for i, st := range got.Statements {
			b := base.Statements[i]
			if st.Kind == rapporteur.Direct && st.Content != b.Content {
				t.Errorf("direct quotation moved: %q → %q", b.Content.Text, st.Content.Text)
			}
			if st.Cue != nil && b.Cue != nil && st.Cue.End != b.Cue.End {
				t.Errorf("cue %q grew or shrank after its verb (was %q)", st.Cue.Text, b.Cue.Text)
			}
			if src := st.Speaker.Source; src != nil && strings.HasSuffix(src.Text, ",") {
				t.Errorf("source %q ends in a comma", src.Text)
			}
			if st.Mode != b.Mode {
				t.Errorf("%q: mode %s, %s without the boundary model", st.Content.Text, st.Mode, b.Mode)
			}
			for _, sp := range []*rapporteur.Span{st.Cue, st.Speaker.Source} {
				if sp != nil && sp.Start < st.Content.End && st.Content.Start < sp.End {
					t.Errorf("content %q overlaps its cue or source %q", st.Content.Text, sp.Text)
				}
			}
			if strings.Count(st.Content.Text, "\"")%2 != 0 || strings.Count(st.Content.Text, "“") != strings.Count(st.Content.Text, "”") {
				t.Errorf("content %q cuts a quotation", st.Content.Text)
			}
			for j, o := range got.Statements {
				bo := base.Statements[j]
				if j != i && o.Content.Start < st.Content.End && st.Content.Start < o.Content.End && !(bo.Content.Start < b.Content.End && b.Content.Start < bo.Content.End) {
					t.Errorf("contents %q and %q overlap", st.Content.Text, o.Content.Text)
				}
			}
		}
	}
}
