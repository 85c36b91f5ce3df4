package act_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/attrib/act"
	"github.com/rapporteur/rapporteur/attrib/text"
	"github.com/rapporteur/rapporteur/eval"
)

// TestActModelDevLoop is the act model's development loop, run by hand
// with RAPPORTEUR_ACTS_DEV=1: it trains on testdata/threads/train.jsonl
// and scores the dev gold (gold.jsonl) with the rules alone and with the
// model at several margins; with RAPPORTEUR_ACTS_DEV=cv it instead
// trains on one half of the dev gold and scores the other, both ways (a
// check of the features while the training gold is small).
func TestActModelDevLoop(t *testing.T) {
	mode := os.Getenv("RAPPORTEUR_ACTS_DEV")
	l2 := 1e-4
	if v, err := strconv.ParseFloat(os.Getenv("RAPPORTEUR_ACTS_L2"), 64); err == nil {
		l2 = v
	}
	balance, _ := strconv.ParseFloat(os.Getenv("RAPPORTEUR_ACTS_BALANCE"), 64)
	if mode == "" {
		t.Skip("set RAPPORTEUR_ACTS_DEV=1 (or cv) to train and score the act model")
	}
	p := stages(t)
	rules, err := act.NewWith(act.Options{RulesOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	type art struct {
		g eval.ThreadArticle
		a rapporteur.Article
		d *text.Doc
	}
	read := func(name string) []art {
		gold, err := eval.ReadThreads(filepath.Join("..", "..", "testdata", "threads", name))
		if err != nil {
			t.Fatal(err)
		}
		var out []art
		for _, g := range gold {
			a, err := p.Extract.Verbatim(g.ID, g.Title, g.Text)
			if err != nil {
				t.Fatal(err)
			}
			a, d := p.Attrib.AttributeDoc(a)
			out = append(out, art{g, a, d})
		}
		return out
	}
	examples := func(arts []art) []act.Example {
		var xs []act.Example
		for _, r := range arts {
			fs := rules.Features(r.a, r.d)
			for gi, pi := range eval.AlignThreads(r.g.Statements, r.a.Statements) {
				if pi >= 0 {
					xs = append(xs, act.Example{Features: fs[pi], Act: r.g.Statements[gi].Act})
				}
			}
		}
		return xs
	}
	score := func(an *act.Annotator, arts []art) eval.ThreadResult {
		byID := map[string]int{}
		var gold []eval.ThreadArticle
		for i, r := range arts {
			byID[r.g.ID] = i
			gold = append(gold, r.g)
		}
		res, err := eval.ScoreThreads(context.Background(), func(id, _, _ string) (rapporteur.Article, error) {
			r := arts[byID[id]]
			return an.AnnotateDoc(r.a, r.d), nil
		}, gold)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	if mode == "traincv" {
		// Five folds of train.jsonl, whose articles the rules were never
		// tuned on: each article read by a model trained on the others.
		tr := read("train.jsonl")
		gold := make([]eval.ThreadArticle, len(tr))
		for i, r := range tr {
			gold[i] = r.g
		}
		base := score(rules, tr)
		t.Logf("train.jsonl CV: rules: macro-F1 %.3f acc %.3f", base.MacroF1, base.Act.Value)
		if m, err := act.Train(examples(tr), act.TrainOptions{Epochs: 10, Seed: 1, L2: l2, Balance: balance}); err == nil {
			res := score(rules.WithModel(m), tr)
			t.Logf("  fit on all of train, scored on it: macro-F1 %.3f acc %.3f %v", res.MacroF1, res.Act.Value, res.Confused)
		}
		for _, e := range []int{10} {
			for _, margin := range []float32{0, 0.25, 0.5, 1, 2} {
				byID := map[string]rapporteur.Article{}
				for k := 0; k < 5; k++ {
					var learn, test []art
					for i, r := range tr {
						if i%5 == k {
							test = append(test, r)
						} else {
							learn = append(learn, r)
						}
					}
					m, err := act.Train(examples(learn), act.TrainOptions{Epochs: e, Seed: 1, L2: l2, Balance: balance})
					if err != nil {
						t.Fatal(err)
					}
					m.Margin = margin
					an := rules.WithModel(m)
					for _, r := range test {
						byID[r.g.ID] = an.AnnotateDoc(r.a, r.d)
					}
				}
				res, err := eval.ScoreThreads(context.Background(), func(id, _, _ string) (rapporteur.Article, error) { return byID[id], nil }, gold)
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("  epochs %2d margin %4.1f: macro-F1 %.3f acc %.3f", e, margin, res.MacroF1, res.Act.Value)
				if os.Getenv("RAPPORTEUR_ACTS_VERBOSE") != "" {
					for _, a := range eval.NonAssertActs {
						t.Logf("    %s %+v", a, res.PerAct[a])
					}
					t.Logf("    %v", res.Confused)
				}
			}
		}
		return
	}
	dev := read("gold.jsonl")
	var folds [][2][]art
	if mode == "cv" {
		var a, b []art
		for i, r := range dev {
			if i%2 == 0 {
				a = append(a, r)
			} else {
				b = append(b, r)
			}
		}
		folds = [][2][]art{{a, b}, {b, a}}
	} else {
		folds = [][2][]art{{read("train.jsonl"), dev}}
	}
	for fi, f := range folds {
		xs := examples(f[0])
		base := score(rules, f[1])
		t.Logf("fold %d: %d training statements; rules: macro-F1 %.3f acc %.3f replies %.3f", fi, len(xs), base.MacroF1, base.Act.Value, base.Replies.F1)
		for _, e := range []int{5, 10, 20, 40} {
			m, err := act.Train(xs, act.TrainOptions{Epochs: e, Seed: 1, L2: l2, Balance: balance})
			if err != nil {
				t.Fatal(err)
			}
			for _, margin := range []float32{0, 0.25, 0.5, 1, 2} {
				m.Margin = margin
				res := score(rules.WithModel(m), f[1])
				t.Logf("  epochs %2d margin %4.1f: macro-F1 %.3f acc %.3f replies %.3f", e, margin, res.MacroF1, res.Act.Value, res.Replies.F1)
			}
		}
	}
}
