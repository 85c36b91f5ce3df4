package attrib

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/eval"
	"github.com/rapporteur/rapporteur/extract"
)

// TestBoundsDevLoop trains the boundary model on PolNeAR train for the
// embedded span model and scores PolNeAR dev and GGT with and without it:
// the development loop of the boundary model, run by hand with
// RAPPORTEUR_BOUNDS_DEV=1.
func TestBoundsDevLoop(t *testing.T) {
	if os.Getenv("RAPPORTEUR_BOUNDS_DEV") == "" {
		t.Skip("set RAPPORTEUR_BOUNDS_DEV=1 to train and score the boundary model")
	}
	train, dev := polnearSplits(t)
	base, err := NewWithOptions(Options{NoBounds: true})
	if err != nil {
		t.Fatal(err)
	}
	docs := trainDocs(train)
	start := time.Now()
	bm, err := base.TrainBounds(docs, TrainOptions{Seed: 1, Epochs: envInt("EPOCHS", 4), Bits: uint(envInt("BITS", 18)), Progress: func(e int, acc float64) {
		t.Logf("epoch %d: train ranking accuracy %.4f (%s)", e, acc, time.Since(start).Round(time.Second))
	}})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := bm.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	t.Logf("model: %d bytes", buf.Len())
	devDocs := trainDocs(dev)
	devInsts := base.boundInstances(devDocs, bm.m.bits)
	for _, tau := range []float32{0, 3, 6, 9} {
		fixed, broken := map[int]int{}, map[int]int{}
		for i, in := range devInsts {
			pred := 0
			var ps float32
			for k, fs := range in.feats {
				if v := bm.m.score(fs); k == 0 || v > ps {
					pred, ps = k, v
				}
			}
			if ps-bm.m.score(in.feats[in.base]) <= tau {
				pred = in.base
			}
			if in.right[pred] && !in.right[in.base] {
				fixed[in.role]++
			}
			if !in.right[pred] && in.right[in.base] {
				broken[in.role]++
			}
			if os.Getenv("SHOW") != "" && tau == 0 && !in.right[in.base] && i%3 == 0 {
				gold := -1
				for k := range in.right {
					if in.right[k] {
						gold = k
						break
					}
				}
				t.Logf("WRONG %v\n  base %q\n  gold %q\n  pred %q", i%2 == 0, in.show(in.base), in.show(gold), in.show(pred))
			}
		}
		t.Logf("tau %.1f: fixed %v, broken %v (by role: 1 source, 2 cue, 3 content)", tau, fixed, broken)
	}
	var n, baseRight, modelRight, moved, movedRight, movedWrong int
	for _, in := range devInsts {
		n++
		pred := 0
		var ps float32
		for k, fs := range in.feats {
			if v := bm.m.score(fs); k == 0 || v > ps {
				pred, ps = k, v
			}
		}
		if in.right[in.base] {
			baseRight++
		}
		if in.right[pred] {
			modelRight++
		}
		if pred != in.base {
			moved++
			if in.right[pred] && !in.right[in.base] {
				movedRight++
			}
			if !in.right[pred] && in.right[in.base] {
				movedWrong++
			}
		}
	}
	t.Logf("dev boundaries (reachable): %d, pipeline right %d, model right %d; moved %d: %d fixed, %d broken", n, baseRight, modelRight, moved, movedRight, movedWrong)
	os.WriteFile("/tmp/en-bounds.bin.gz", buf.Bytes(), 0o644)
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	ggt, err := eval.ReadGGT("../../shared/quotes-data/ggt-en-2020/ggt_quotes.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	for _, policy := range []string{"no bounds", "bounds"} {
		at := base
		if policy == "bounds" {
			if at, err = NewWithOptions(Options{Bounds: bytes.NewReader(buf.Bytes())}); err != nil {
				t.Fatal(err)
			}
		}
		xf := func(id, title, text string) (rapporteur.Article, error) {
			a, err := x.Verbatim(id, title, text)
			if err != nil {
				return a, err
			}
			return at.Attribute(a), nil
		}
		res, err := eval.ScoreBrat(context.Background(), "dev", dev, xf)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]int{}
		for _, r := range res.Errors {
			kinds[r.Label+"/"+r.Kind]++
		}
		t.Logf("%-9s errors: %v", policy, kinds)
		gres, err := eval.ScoreGGT(context.Background(), ggt, xf)
		if err != nil {
			t.Fatal(err)
		}
		g := gres.Scores[0]
		t.Logf("%-9s GGT      F1 %.3f (P %.3f R %.3f)  speaker %.4f", policy, g.Quotes.F1, g.Quotes.Precision, g.Quotes.Recall, g.Speaker.Value)
		for _, l := range res.Labels {
			t.Logf("%-9s %-8s exact F1 %.3f (P %.3f R %.3f)  overlap F1 %.3f", policy, l.Label, l.Exact.F1, l.Exact.Precision, l.Exact.Recall, l.Overlap.F1)
		}
	}
}
