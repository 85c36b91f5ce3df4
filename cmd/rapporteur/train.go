package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/attrib"
	"github.com/rapporteur/rapporteur/attrib/tag"
	"github.com/rapporteur/rapporteur/eval"
	"github.com/rapporteur/rapporteur/extract"
)

// TrainCommand is `rapporteur train`: it rebuilds the embedded models from
// the shared data, deterministically, and writes them into the source tree.
type TrainCommand struct{ Main *Main }

// trainable is one model that `rapporteur train` rebuilds. To add a model,
// add an entry to trainables.
type trainable struct {
	// name is what --only selects.
	name string
	// dir is the model's directory relative to the repository root, where
	// its files go unless --out is given.
	dir string
	// files are the names train writes into its output directory.
	files []string
	// about is its line in the help text.
	about string
	// train reads its data under shared, writes files into out (which
	// exists), and prints its dev scores to w. It must give the same
	// bytes on every run, and write each file whole or not at all (see
	// writeModel).
	train func(ctx context.Context, in trainInput, w io.Writer) error
}

// trainInput is where a model's training reads and writes.
type trainInput struct {
	shared string // the shared data directory
	out    string // the model's output directory, which exists
	// brat, when set, are the brat directories (train, dev) of the
	// statement model instead of PolNeAR's: a user's own annotations.
	brat [2]string
}

// trainables are the models, in the order they are trained: a later model
// may use an earlier one (the statement model tags with the tagger).
var trainables = []trainable{
	{
		name:  "pos",
		dir:   "attrib/tag/model",
		files: []string{"en-upos.bin.gz"},
		about: "part-of-speech tagger (UPOS) on UD English EWT train; scored on EWT dev",
		train: trainPOS,
	},
	{
		name:  "spans",
		dir:   "attrib/model",
		files: []string{"en-cues.bin.gz", "en-spans.bin.gz", "en-bounds.bin.gz", "en-confidence.json"},
		about: "attribution cues, statement spans (source, cue, content) and\n           their boundaries on PolNeAR train, with the rules and the\n           tagger as features; scored on PolNeAR dev",
		train: trainSpans,
	},
}

// Usage returns the help text.
func (c *TrainCommand) Usage() string {
	var b strings.Builder
	b.WriteString(`usage: rapporteur train [--shared DIR] [--only NAME] [--out DIR]

Train rebuilds the models that rapporteur embeds from the training data in
the shared directory, prints each model's scores on its dev set, and writes
the model files into the source tree; rebuild the binary to embed them.
Training is deterministic: the same data gives the same bytes.

Models:
`)
	for _, m := range trainables {
		fmt.Fprintf(&b, "  %-8s %s\n           → %s\n", m.name, m.about, filepath.Join(m.dir, strings.Join(m.files, ", ")))
	}
	b.WriteString(`
Options:
  --shared DIR   the shared data directory (default: ../shared beside the
                 repository root found from the working directory)
  --only NAME    train only this model
  --brat-train DIR, --brat-dev DIR
                 train the statement model on your own brat annotations
                 (Source, Cue, Content spans, as "rapporteur eval polnear"
                 reads them) and score it on DIR of dev, instead of PolNeAR
  --out DIR      write the model files into DIR instead of the source tree

MODELS.md says what each model is trained on, under which terms, and how
well it does.
`)
	return b.String()
}

// Run runs the command.
func (c *TrainCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	shared := fs.String("shared", "", "")
	only := fs.String("only", "", "")
	var brat [2]string
	fs.StringVar(&brat[0], "brat-train", "", "")
	fs.StringVar(&brat[1], "brat-dev", "", "")
	out := fs.String("out", "", "")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return errUsage
	}
	models := trainables
	if *only != "" {
		models = nil
		for _, m := range trainables {
			if m.name == *only {
				models = append(models, m)
			}
		}
		if len(models) == 0 {
			return rapporteur.Errorf(rapporteur.EINVALID, "train: no model %q (see rapporteur train -h)", *only)
		}
	}
	dir, err := sharedDir(*shared)
	if err != nil {
		return err
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return rapporteur.Errorf(rapporteur.EINVALID, "train: no shared data directory at %s (give --shared DIR)", dir)
	}
	root := ""
	if *out == "" {
		if root, err = repoRoot(); err != nil {
			return err
		}
	}
	for _, m := range models {
		dst := *out
		if dst == "" {
			dst = filepath.Join(root, filepath.FromSlash(m.dir))
		}
		if err := os.MkdirAll(dst, 0o755); err != nil {
			return rapporteur.Errorf(rapporteur.EUNAVAILABLE, "train %s: %w", m.name, err)
		}
		fmt.Fprintf(c.Main.Stdout, "%s:\n", m.name)
		start := time.Now()
		if err := m.train(ctx, trainInput{shared: dir, out: dst, brat: brat}, c.Main.Stdout); err != nil {
			return fmt.Errorf("train %s: %w", m.name, err)
		}
		for _, f := range m.files {
			st, err := os.Stat(filepath.Join(dst, f))
			if err != nil {
				return rapporteur.Errorf(rapporteur.EINTERNAL, "train %s: did not write %s: %w", m.name, f, err)
			}
			fmt.Fprintf(c.Main.Stdout, "  wrote %s (%d bytes)\n", filepath.Join(dst, f), st.Size())
		}
		fmt.Fprintf(c.Main.Stdout, "  %.1f s\n", time.Since(start).Seconds())
	}
	return nil
}

// repoRoot is the directory of go.mod above the working directory, where
// the models' directories are.
func repoRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("train: %w", err)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		if filepath.Dir(dir) == dir {
			return "", rapporteur.Errorf(rapporteur.EINVALID, "train: no go.mod above %s: run it in the repository, or give --out DIR", wd)
		}
	}
}

// writeModel writes one model file through a temporary file renamed into
// place, so that a failed run leaves the old model whole.
func writeModel(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".model-*")
	if err != nil {
		return rapporteur.Errorf(rapporteur.EUNAVAILABLE, "%s: %w", path, err)
	}
	defer os.Remove(f.Name())
	if err := write(f); err != nil {
		f.Close()
		return rapporteur.Errorf(rapporteur.EUNAVAILABLE, "%s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return rapporteur.Errorf(rapporteur.EUNAVAILABLE, "%s: %w", path, err)
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return rapporteur.Errorf(rapporteur.EUNAVAILABLE, "%s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return rapporteur.Errorf(rapporteur.EUNAVAILABLE, "%s: %w", path, err)
	}
	return nil
}

// The EWT files under the shared directory.
const (
	ewtDir   = "data/ud-english-ewt"
	ewtTrain = "en_ewt-ud-train.conllu.gz"
	ewtDev   = "en_ewt-ud-dev.conllu"
)

// trainPOS trains the tagger on EWT train and scores it on EWT dev. EWT
// test is not read here: it was run once, for MODELS.md.
func trainPOS(ctx context.Context, in trainInput, w io.Writer) error {
	shared, out := in.shared, in.out
	read := func(name string) ([]tag.Sentence, error) {
		s, err := tag.ReadCoNLLUFile(filepath.Join(shared, ewtDir, name))
		if os.IsNotExist(err) {
			return nil, rapporteur.Errorf(rapporteur.EINVALID, "no EWT data: %w", err)
		} else if err != nil {
			return nil, rapporteur.Errorf(rapporteur.EINVALID, "%w", err)
		}
		return s, nil
	}
	train, err := read(ewtTrain)
	if err != nil {
		return err
	}
	dev, err := read(ewtDev)
	if err != nil {
		return err
	}
	start := time.Now()
	t, err := tag.Train(ctx, train, tag.Options{
		Info: "UD English EWT train (CC BY-SA 4.0), UPOS; see MODELS.md",
	})
	if err != nil {
		return err
	}
	right, total := tag.Accuracy(t, dev)
	fmt.Fprintf(w, "  EWT train: %d sentences, %.1f s; %d features\n", len(train), time.Since(start).Seconds(), t.Features())
	fmt.Fprintf(w, "  EWT dev UPOS accuracy: %.4f (%d of %d tokens)\n", float64(right)/float64(total), right, total)
	return writeModel(filepath.Join(out, "en-upos.bin.gz"), func(f io.Writer) error {
		_, err := t.WriteTo(f)
		return err
	})
}

// The PolNeAR splits under the shared directory; its test split is kept
// aside and never read.
const (
	polnearTrain = "quotes-data/polnear/data/train"
	polnearDev   = "quotes-data/polnear/data/dev"
)

// spansEpochs and spansBits are the span model's settings, chosen on
// PolNeAR dev (BENCHMARKS.md, "Statement model").
const (
	spansEpochs = 15
	spansBits   = 18
	spansSeed   = 1
	// boundsEpochs are the boundary model's passes (picked on PolNeAR
	// dev: BENCHMARKS.md, issue 9, "content boundaries").
	boundsEpochs = 4
	// cueEpochs are the cue model's passes; cueFolds the folds of its
	// jackknifed scores, which the span model learns from (picked on
	// PolNeAR dev).
	cueEpochs = 5
	cueFolds  = 5
	// spansShuffles is how many orders of the documents each of the cue,
	// span and boundary models is trained in, their weights averaged into
	// one model (BENCHMARKS.md, issue 9, "training signal and seed
	// averaging").
	spansShuffles = 1
)

// trainSpans trains the statement span model on PolNeAR train and scores
// the whole pipeline with it on PolNeAR dev. Its part-of-speech features
// come from the tagger this run trained when there is one (in out, or in
// the source tree beside it), so that model and tagger match.
func trainSpans(ctx context.Context, in trainInput, w io.Writer) error {
	out := in.out
	tagger, from, err := trainedTagger(out)
	if err != nil {
		return err
	}
	trainDir, devDir := filepath.Join(in.shared, polnearTrain), filepath.Join(in.shared, polnearDev)
	data := "PolNeAR train"
	if in.brat[0] != "" || in.brat[1] != "" {
		data = filepath.Base(in.brat[0])
		if in.brat[0] == "" || in.brat[1] == "" {
			return rapporteur.Errorf(rapporteur.EINVALID, "give both --brat-train and --brat-dev")
		}
		trainDir, devDir = in.brat[0], in.brat[1]
	}
	train, err := eval.ReadBrat(trainDir)
	if err != nil {
		return rapporteur.Errorf(rapporteur.EINVALID, "training annotations: %w", err)
	}
	dev, err := eval.ReadBrat(devDir)
	if err != nil {
		return rapporteur.Errorf(rapporteur.EINVALID, "dev annotations: %w", err)
	}
	rules, err := attrib.NewWithOptions(attrib.Options{RulesOnly: true, Tagger: tagger})
	if err != nil {
		return err
	}
	docs := spanDocs(train)
	opts := attrib.TrainOptions{Bits: spansBits, Epochs: spansEpochs, Seed: spansSeed, Tagger: tagger, CueFolds: cueFolds, CueEpochs: cueEpochs, Shuffles: spansShuffles}
	// Confidence is calibrated on a fifth of train that a model trained on
	// the other four fifths has not seen (a text's other annotations
	// with it); the shipped model then learns from all of train.
	var learn, held []attrib.TrainDoc
	nth := map[string]int{}
	for i, d := range docs {
		if _, ok := nth[d.Group]; !ok {
			nth[d.Group] = i
		}
		if nth[d.Group]%5 == 0 {
			held = append(held, d)
		} else {
			learn = append(learn, d)
		}
	}
	start := time.Now()
	foldCues, err := trainCueBytes(rules, learn, opts)
	if err != nil {
		return err
	}
	fold, err := trainSpanBytes(rules, learn, opts)
	if err != nil {
		return err
	}
	foldBounds, err := trainBoundBytes(fold, foldCues, tagger, learn, opts)
	if err != nil {
		return err
	}
	foldAt, err := attrib.NewWithOptions(attrib.Options{Model: bytes.NewReader(fold), Cues: bytes.NewReader(foldCues), Bounds: bytes.NewReader(foldBounds), Tagger: tagger})
	if err != nil {
		return err
	}
	calib := attrib.Calibrate(foldAt.Outcomes(held), fmt.Sprintf("%s: %d held-out documents, read by a model trained on the other %d", data, len(held), len(learn)))
	cues, err := trainCueBytes(rules, docs, opts)
	if err != nil {
		return err
	}
	model, err := trainSpanBytes(rules, docs, opts)
	if err != nil {
		return err
	}
	bounds, err := trainBoundBytes(model, cues, tagger, docs, opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  train: %d documents (calibration on %d held out), %.1f s; tagger %s\n", len(docs), len(held), time.Since(start).Seconds(), from)
	var calibBuf bytes.Buffer
	if _, err := calib.WriteTo(&calibBuf); err != nil {
		return err
	}
	at, err := attrib.NewWithOptions(attrib.Options{Model: bytes.NewReader(model), Cues: bytes.NewReader(cues), Bounds: bytes.NewReader(bounds), Tagger: tagger, Calibration: bytes.NewReader(calibBuf.Bytes())})
	if err != nil {
		return err
	}
	x, err := extract.New()
	if err != nil {
		return err
	}
	res, err := eval.ScoreBrat(ctx, "PolNeAR dev", dev, func(id, title, text string) (rapporteur.Article, error) {
		a, err := x.Verbatim(id, title, text)
		if err != nil {
			return a, err
		}
		return at.Attribute(a), nil
	})
	if err != nil {
		return err
	}
	for _, l := range res.Labels {
		fmt.Fprintf(w, "  dev %-7s exact F1 %.3f (P %.3f R %.3f), overlap F1 %.3f\n", l.Label, l.Exact.F1, l.Exact.Precision, l.Exact.Recall, l.Overlap.F1)
	}
	priors, err := attrib.NewWithOptions(attrib.Options{Model: bytes.NewReader(model), Cues: bytes.NewReader(cues), Bounds: bytes.NewReader(bounds), Tagger: tagger, Calibration: strings.NewReader(`{"readings": {}}`)})
	if err != nil {
		return err
	}
	_, eceRanks := attrib.Reliability(priors.Outcomes(spanDocs(dev)))
	rows, ece := attrib.Reliability(at.Outcomes(spanDocs(dev)))
	fmt.Fprintf(w, "  dev confidence: expected calibration error %.3f (the rules' ranks: %.3f)\n", ece, eceRanks)
	for _, r := range rows {
		fmt.Fprintf(w, "    %5.0f statements, mean confidence %.2f, share right %.2f\n", r[0], r[1], r[2])
	}
	if err := writeModel(filepath.Join(out, "en-cues.bin.gz"), func(f io.Writer) error {
		_, err := f.Write(cues)
		return err
	}); err != nil {
		return err
	}
	if err := writeModel(filepath.Join(out, "en-spans.bin.gz"), func(f io.Writer) error {
		_, err := f.Write(model)
		return err
	}); err != nil {
		return err
	}
	if err := writeModel(filepath.Join(out, "en-bounds.bin.gz"), func(f io.Writer) error {
		_, err := f.Write(bounds)
		return err
	}); err != nil {
		return err
	}
	return writeModel(filepath.Join(out, "en-confidence.json"), func(f io.Writer) error {
		_, err := f.Write(calibBuf.Bytes())
		return err
	})
}

// trainSpanBytes trains a span model and returns its file.
func trainSpanBytes(rules *attrib.Attributor, docs []attrib.TrainDoc, o attrib.TrainOptions) ([]byte, error) {
	sm, err := rules.TrainSpans(docs, o)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := sm.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// trainCueBytes trains a cue model and returns its file.
func trainCueBytes(rules *attrib.Attributor, docs []attrib.TrainDoc, o attrib.TrainOptions) ([]byte, error) {
	cm, err := rules.TrainCues(docs, o)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := cm.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// trainBoundBytes trains the boundary model of a span model and its cue
// model (their files) and returns its file. It learns from the contents
// that span model and the rules read in docs, with the span model's
// options (seed, bits) and boundsEpochs passes.
func trainBoundBytes(model, cues []byte, tagger *tag.Tagger, docs []attrib.TrainDoc, o attrib.TrainOptions) ([]byte, error) {
	at, err := attrib.NewWithOptions(attrib.Options{Model: bytes.NewReader(model), Cues: bytes.NewReader(cues), NoBounds: true, Tagger: tagger})
	if err != nil {
		return nil, err
	}
	o.Epochs = boundsEpochs
	bm, err := at.TrainBounds(docs, o)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := bm.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// spanDocs turns brat documents (each text's first annotation: training
// on every annotator's reading lowered PolNeAR dev, MODELS.md) into the
// span model's training documents, each with its text's ID as its group.
func spanDocs(docs []eval.BratDoc) []attrib.TrainDoc {
	out := make([]attrib.TrainDoc, 0, len(docs))
	for _, d := range docs {
		td := attrib.TrainDoc{Text: d.Text, Group: d.ID}
		for _, s := range d.Spans {
			td.Spans = append(td.Spans, attrib.TrainSpan{Label: s.Label, Parts: s.Parts})
		}
		out = append(out, td)
	}
	return out
}

// trainedTagger loads the tagger a train run wrote: into out itself (with
// --out), or into the tagger's own directory of the source tree beside
// out; failing both, the embedded one.
func trainedTagger(out string) (*tag.Tagger, string, error) {
	for _, p := range []string{
		filepath.Join(out, "en-upos.bin.gz"),
		filepath.Join(out, "..", "tag", "model", "en-upos.bin.gz"),
	} {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		t, err := tag.Load(f)
		f.Close()
		if err != nil {
			return nil, "", rapporteur.Errorf(rapporteur.EINVALID, "tagger %s: %w", p, err)
		}
		return t, p, nil
	}
	t, err := tag.Default()
	return t, "embedded", err
}
