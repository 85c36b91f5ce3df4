package attrib

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/eval"
	"github.com/rapporteur/rapporteur/extract"
)

// TestCuesDevLoop trains the cue model on PolNeAR train, reports its
// token accuracy on PolNeAR dev, and scores the pipeline (the embedded
// span and boundary models with it) on PolNeAR dev and GGT at each
// threshold of THRESHOLDS (comma-separated): the development loop of the
// cue model, run by hand with RAPPORTEUR_CUES_DEV=1.
func TestCuesDevLoop(t *testing.T) {
	if os.Getenv("RAPPORTEUR_CUES_DEV") == "" {
		t.Skip("set RAPPORTEUR_CUES_DEV=1 to train and score the cue model")
	}
	train, dev := polnearSplits(t)
	rules, err := NewWithOptions(Options{RulesOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	docs := trainDocs
	learn := polnearTrainDocs(t, train)
	seed, shuffles := uint64(envInt("SEED", 1)), envInt("SHUFFLES", 1)
	start := time.Now()
	cm, err := rules.TrainCues(learn, TrainOptions{Seed: seed, Shuffles: shuffles, CueEpochs: envInt("EPOCHS", 5), Progress: func(e int, acc float64) {
		t.Logf("epoch %d: train token accuracy %.4f (%s)", e, acc, time.Since(start).Round(time.Second))
	}})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := cm.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	t.Logf("model: %d bytes", buf.Len())
	os.WriteFile("/tmp/en-cues.bin.gz", buf.Bytes(), 0o644)
	m, err := readCueModel(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	// Token-level quality on dev, in and out of the lexicon.
	l := rules.langs[fallback]
	tagger, err := rules.trainTagger(TrainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var tp, fp, fn, tpOut, fnOut, fpOut int
	for _, d := range docs(dev) {
		f, sents := l.scan(l.parse(d.Text))
		z := newFeaturizer(f, sents, tagger, m.bits, nil)
		gold := goldLabels(f, d.Spans)
		sc := m.scores(z)
		for k := range f.toks {
			g, p := labelRole(gold[k]) == roleCue, sc[k] > 0
			out := len(f.l.cues[f.toks[k].Lower]) == 0
			switch {
			case g && p:
				tp++
				if out {
					tpOut++
				}
			case p:
				fp++
				if out {
					fpOut++
				}
			case g:
				fn++
				if out {
					fnOut++
				}
			}
		}
	}
	t.Logf("dev cue tokens: P %.3f R %.3f (tp %d fp %d fn %d); outside the lexicon tp %d fp %d fn %d",
		float64(tp)/float64(tp+fp), float64(tp)/float64(tp+fn), tp, fp, fn, tpOut, fpOut, fnOut)
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	ggt, err := eval.ReadGGT("../../shared/quotes-data/ggt-en-2020/ggt_quotes.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	// With SPANS set, the span model is retrained with the cue model's
	// scores as features (jackknifed over 5 folds), and its boundary
	// model with it; else the embedded ones read, the cue model only
	// deciding on cues outside the lexicon.
	var spans, bounds []byte
	if os.Getenv("SPANS") != "" {
		sm, err := rules.TrainSpans(learn, TrainOptions{Seed: seed, Shuffles: shuffles, Epochs: envInt("SPAN_EPOCHS", 15), CueFolds: 5})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		sm.WriteTo(&b)
		spans = b.Bytes()
		withSpans, err := NewWithOptions(Options{Model: bytes.NewReader(spans), Cues: bytes.NewReader(buf.Bytes()), NoBounds: true})
		if err != nil {
			t.Fatal(err)
		}
		bm, err := withSpans.TrainBounds(learn, TrainOptions{Seed: seed, Shuffles: envInt("BOUND_SHUFFLES", shuffles), Epochs: 4})
		if err != nil {
			t.Fatal(err)
		}
		b = bytes.Buffer{}
		bm.WriteTo(&b)
		bounds = b.Bytes()
		os.WriteFile("/tmp/en-spans.bin.gz", spans, 0o644)
		os.WriteFile("/tmp/en-bounds.bin.gz", bounds, 0o644)
		t.Logf("span and boundary models trained (%s)", time.Since(start).Round(time.Second))
	}
	ths := os.Getenv("THRESHOLDS")
	if ths == "" {
		ths = "0"
	}
	for _, th := range strings.Split(ths, ",") {
		o := Options{Cues: bytes.NewReader(buf.Bytes())}
		if spans != nil {
			o.Model, o.Bounds = bytes.NewReader(spans), bytes.NewReader(bounds)
		}
		v, err := strconv.ParseFloat(th, 32)
		if err != nil {
			t.Fatal(err)
		}
		cueThreshold = float32(v)
		at, err := NewWithOptions(o)
		if err != nil {
			t.Fatal(err)
		}
		read := func(id, title, text string) (rapporteur.Article, error) {
			a, err := x.Verbatim(id, title, text)
			if err != nil {
				return a, err
			}
			return at.Attribute(a), nil
		}
		res, err := eval.ScoreBrat(context.Background(), "dev", dev, read)
		if err != nil {
			t.Fatal(err)
		}
		gres, err := eval.ScoreGGT(context.Background(), ggt, read)
		if err != nil {
			t.Fatal(err)
		}
		g := gres.Scores[0]
		line := ""
		for _, l := range res.Labels {
			line += " " + l.Label + " " + strconv.FormatFloat(l.Exact.F1, 'f', 3, 64)
			if l.Label == "Content" {
				line += " ov " + strconv.FormatFloat(l.Overlap.F1, 'f', 3, 64)
			}
		}
		t.Logf("th %-5s stmts %d |%s | GGT F1 %.3f speaker %.3f stances %d", th, res.Statements, line, g.Quotes.F1, g.Speaker.Value, gres.Stances)
		if os.Getenv("SHOW") == th {
			for _, r := range res.Errors {
				if r.Label == "Content" && r.Kind == "false_positive" && r.Pred != nil {
					t.Logf("FP %q", r.Pred.Text)
				}
			}
		}
	}
	cueThreshold = 0
}
