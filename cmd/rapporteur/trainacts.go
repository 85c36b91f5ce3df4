package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/attrib"
	"github.com/rapporteur/rapporteur/attrib/act"
	"github.com/rapporteur/rapporteur/attrib/text"
	"github.com/rapporteur/rapporteur/eval"
	"github.com/rapporteur/rapporteur/extract"
)

// The act model learns from our own threads gold (README, "Acts and replies
// gold"): train.jsonl, annotated for training. Its epochs and margin are
// picked on gold.jsonl, the dev gold (annotated by the annotator of the
// held-out gold); cross-validation over train.jsonl is printed beside it.
// The rules were tuned on gold.jsonl, so there they score far above what
// they score on unseen articles (0.68 against 0.46 macro-F1), and a model
// must beat them there; cross-validation on train, which neither has
// seen, says what the model adds elsewhere. heldout.jsonl is never read
// here.
const (
	actsSeed  = 1
	actsFolds = 5
	// The L2 penalty and the class balance were picked by the same
	// cross-validation (BENCHMARKS.md, issue 11, "a learned act model").
	actsL2      = 1e-3
	actsBalance = 0.5
	// actsMinGain is how far a setting must score above the rules on dev
	// to be picked: about three statements of the dev gold's 347. Less is
	// noise on a gold the rules were tuned on; the first model picked by
	// a smaller gain (0.690 against 0.688) scored below the rules on the
	// held-out gold (0.457 against 0.469) and on the story threads.
	actsMinGain = 0.01
)

var (
	// actsTrain and actsDev are the gold files, relative to the
	// repository root (a test points them elsewhere).
	actsTrain = "testdata/threads/train.jsonl"
	actsDev   = "testdata/threads/gold.jsonl"
	// actsEpochs and actsMargins are the settings tried.
	actsEpochs  = []int{5, 10, 20}
	actsMargins = []float32{0, 0.25, 0.5, 1, 1.5, 2, 3, 4, 6}
)

func init() {
	// After the statement models: the act model learns from the
	// statements the pipeline reads.
	trainables = append(trainables, trainable{
		name:  "acts",
		dir:   "attrib/act/model",
		files: []string{"en-acts.bin.gz"},
		about: "statement acts (accuse, deny, criticize, …) on our own threads gold,\n           testdata/threads/train.jsonl, with the rules' act as a feature;\n           epochs and margin picked on testdata/threads/gold.jsonl",
		train: trainActs,
	})
}

// actArticle is one gold article as the pipeline (without acts) read it.
type actArticle struct {
	gold eval.ThreadArticle
	a    rapporteur.Article
	d    *text.Doc
}

// readActArticles reads a threads gold file and runs extraction and
// attribution (the models embedded in this binary) on each article.
func readActArticles(path string, x *extract.Extractor, at *attrib.Attributor) ([]actArticle, error) {
	gold, err := eval.ReadThreads(path)
	if err != nil {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "%s: %w", path, err)
	}
	out := make([]actArticle, 0, len(gold))
	for _, g := range gold {
		a, err := x.Verbatim(g.ID, g.Title, g.Text)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", path, g.ID, err)
		}
		a, d := at.AttributeDoc(a)
		out = append(out, actArticle{gold: g, a: a, d: d})
	}
	return out, nil
}

// trainActs trains the act model on train.jsonl, picks its epochs and
// margin by act macro-F1 on the dev gold, and writes it.
func trainActs(ctx context.Context, in trainInput, w io.Writer) error {
	root, err := repoRoot()
	if err != nil {
		return err
	}
	inRoot := func(p string) string {
		if filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(root, filepath.FromSlash(p))
	}
	trainPath := inRoot(actsTrain)
	if _, err := os.Stat(trainPath); err != nil {
		return rapporteur.Errorf(rapporteur.EINVALID, "no act training gold: %w", err)
	}
	x, err := extract.New()
	if err != nil {
		return err
	}
	at, err := attrib.New()
	if err != nil {
		return err
	}
	rules, err := act.NewWith(act.Options{RulesOnly: true})
	if err != nil {
		return err
	}
	train, err := readActArticles(trainPath, x, at)
	if err != nil {
		return err
	}
	dev, err := readActArticles(inRoot(actsDev), x, at)
	if err != nil {
		return err
	}
	examples := func(arts []actArticle) []act.Example {
		var xs []act.Example
		for _, t := range arts {
			fs := rules.Features(t.a, t.d)
			for gi, pi := range eval.AlignThreads(t.gold.Statements, t.a.Statements) {
				if pi >= 0 {
					xs = append(xs, act.Example{Features: fs[pi], Act: t.gold.Statements[gi].Act})
				}
			}
		}
		return xs
	}
	xs := examples(train)
	goldN := 0
	for _, t := range train {
		goldN += len(t.gold.Statements)
	}
	fmt.Fprintf(w, "  train: %d articles, %d of %d gold statements aligned to the pipeline's\n", len(train), len(xs), goldN)
	// score scores arts, each read by the annotator annotator(i) gives.
	score := func(arts []actArticle, annotator func(i int) *act.Annotator) (eval.ThreadResult, error) {
		byID := map[string]int{}
		gold := make([]eval.ThreadArticle, len(arts))
		for i, t := range arts {
			byID[t.gold.ID] = i
			gold[i] = t.gold
		}
		return eval.ScoreThreads(ctx, func(id, _, _ string) (rapporteur.Article, error) {
			i := byID[id]
			return annotator(i).AnnotateDoc(arts[i].a, arts[i].d), nil
		}, gold)
	}
	byRules := func(int) *act.Annotator { return rules }
	base, err := score(train, byRules)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  train, rules alone: act macro-F1 %.3f, accuracy %.3f\n", base.MacroF1, base.Act.Value)
	devRules, err := score(dev, byRules)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  dev (%s), rules alone: act macro-F1 %.3f, accuracy %.3f, replies F1 %.3f\n", actsDev, devRules.MacroF1, devRules.Act.Value, devRules.Replies.F1)
	// Each setting is scored twice: on train by cross-validation (fold k
	// holds the articles i with i%actsFolds == k, each read by a model
	// trained on the other folds), and on dev by a model trained on all
	// of train. Dev picks, cross-validation breaking ties; a setting must
	// beat the rules on dev by actsMinGain to be picked. When none does, the model is
	// written with an infinite margin: it never overrides the rules, and
	// the act stage does not run it.
	type choice struct {
		epochs  int
		margin  float32
		cv, dev eval.ThreadResult
		model   *act.Model
	}
	var best *choice
	fmt.Fprintf(w, "  epochs  margin  train CV macro-F1  dev macro-F1\n")
	for _, e := range actsEpochs {
		opts := act.TrainOptions{Epochs: e, Seed: actsSeed, L2: actsL2, Balance: actsBalance}
		models := make([]*act.Model, actsFolds)
		for k := range models {
			var learn []actArticle
			for i, t := range train {
				if i%actsFolds != k {
					learn = append(learn, t)
				}
			}
			if models[k], err = act.Train(examples(learn), opts); err != nil {
				return err
			}
		}
		full, err := act.Train(xs, opts)
		if err != nil {
			return err
		}
		for _, margin := range actsMargins {
			annotators := make([]*act.Annotator, actsFolds)
			for k, m := range models {
				mc := *m
				mc.Margin = margin
				annotators[k] = rules.WithModel(&mc)
			}
			cv, err := score(train, func(i int) *act.Annotator { return annotators[i%actsFolds] })
			if err != nil {
				return err
			}
			m := *full
			m.Margin = margin
			withModel := rules.WithModel(&m)
			res, err := score(dev, func(int) *act.Annotator { return withModel })
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "  %6d  %6.2f  %17.3f  %12.3f\n", e, margin, cv.MacroF1, res.MacroF1)
			if res.MacroF1 < devRules.MacroF1+actsMinGain {
				continue
			}
			if best == nil || res.MacroF1 > best.dev.MacroF1+1e-9 || math.Abs(res.MacroF1-best.dev.MacroF1) <= 1e-9 && cv.MacroF1 > best.cv.MacroF1+1e-9 {
				best = &choice{epochs: e, margin: margin, cv: cv, dev: res, model: &m}
			}
		}
	}
	var model *act.Model
	if best == nil {
		// No setting beats the rules on dev: the model is kept, off.
		if model, err = act.Train(xs, act.TrainOptions{Epochs: actsEpochs[0], Seed: actsSeed, L2: actsL2, Balance: actsBalance}); err != nil {
			return err
		}
		model.Margin = float32(math.Inf(1))
		fmt.Fprintf(w, "  no setting beats the rules on dev (%.3f) by %.2f: the model is written off (infinite margin, %d epochs); the act stage reads with the rules alone\n", devRules.MacroF1, actsMinGain, actsEpochs[0])
	} else {
		model = best.model
		fmt.Fprintf(w, "  picked %d epochs, margin %.3g: dev act macro-F1 %.3f (rules alone %.3f), accuracy %.3f, replies F1 %.3f; train cross-validation %.3f (rules alone %.3f)\n",
			best.epochs, best.margin, best.dev.MacroF1, devRules.MacroF1, best.dev.Act.Value, best.dev.Replies.F1, best.cv.MacroF1, base.MacroF1)
	}
	var buf bytes.Buffer
	if _, err := model.WriteTo(&buf); err != nil {
		return err
	}
	return writeModel(filepath.Join(in.out, "en-acts.bin.gz"), func(f io.Writer) error {
		_, err := f.Write(buf.Bytes())
		return err
	})
}
