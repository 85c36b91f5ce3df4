package attrib

import (
	"bytes"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
)

func trainSmallCues(t *testing.T) []byte {
	t.Helper()
	rules, err := NewWithOptions(Options{RulesOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	cm, err := rules.TrainCues(trainingDocs(t), TrainOptions{Bits: 12, CueEpochs: 3, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := cm.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestTrainCuesDeterministic: the same data and options give the same cue
// model, byte for byte; a span model trained on its jackknifed scores
// loads with it, and without it is an error that names it.
func TestTrainCuesDeterministic(t *testing.T) {
	a, b := trainSmallCues(t), trainSmallCues(t)
	if !bytes.Equal(a, b) {
		t.Fatalf("two trainings gave different files (%d and %d bytes)", len(a), len(b))
	}
	rules, err := NewWithOptions(Options{RulesOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	sm, err := rules.TrainSpans(trainingDocs(t), TrainOptions{Bits: 12, Epochs: 3, Seed: 7, CueFolds: 2, CueEpochs: 3})
	if err != nil {
		t.Fatal(err)
	}
	var spans bytes.Buffer
	if _, err := sm.WriteTo(&spans); err != nil {
		t.Fatal(err)
	}
	at, err := NewWithOptions(Options{Model: bytes.NewReader(spans.Bytes()), Cues: bytes.NewReader(a)})
	if err != nil {
		t.Fatalf("the trained models do not load: %v", err)
	}
	out := at.Attribute(rapporteur.Article{Text: "Union leaders warned that the strike could spread to the ports.", Language: "en"})
	if len(out.Statements) == 0 {
		t.Error("no statement on a training sentence")
	}
	_, err = NewWithOptions(Options{Model: bytes.NewReader(spans.Bytes())})
	if err == nil || !strings.Contains(err.Error(), "cue model") {
		t.Errorf("a span model that reads cue scores loaded without a cue model: %v", err)
	}
}

// TestEmbeddedCues: the binary's cue model is there and reads cues in
// context: "said" after its subject is a cue, the noun after it is not,
// and a verb the lexicon lacks ("ascribed") is one before its object.
func TestEmbeddedCues(t *testing.T) {
	m, err := embeddedCues()
	if err != nil || m == nil {
		t.Fatalf("embedded cue model: %v, %v", m, err)
	}
	at, err := New()
	if err != nil {
		t.Fatal(err)
	}
	l := at.langs[fallback]
	f, sents := l.scan(l.parse("The mayor said the bridge would reopen. Local media have ascribed the explosion to a gas leak."))
	z := newFeaturizer(f, sents, at.tagger, m.bits, nil)
	sc := m.scores(z)
	score := func(w string) float32 {
		for k, t := range f.toks {
			if t.Lower == w {
				return sc[k]
			}
		}
		t.Fatalf("no token %q", w)
		return 0
	}
	for w, cue := range map[string]bool{"said": true, "bridge": false, "mayor": false, "ascribed": true, "explosion": false} {
		if got := score(w) > cueThreshold; got != cue {
			t.Errorf("%q: score %.1f, cue %v, want %v", w, score(w), got, cue)
		}
	}
}
