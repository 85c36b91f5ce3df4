package attrib

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rapporteur/rapporteur/eval"
)

// polnearSplits reads PolNeAR's train and dev splits from ../shared, for
// the development loops of the span, boundary and cue models.
func polnearSplits(t *testing.T) (train, dev []eval.BratDoc) {
	t.Helper()
	root := "../../shared/quotes-data/polnear/data"
	train, err := eval.ReadBrat(filepath.Join(root, "train"))
	if err != nil {
		t.Fatal(err)
	}
	dev, err = eval.ReadBrat(filepath.Join(root, "dev"))
	if err != nil {
		t.Fatal(err)
	}
	return train, dev
}

// trainDocs turns brat documents into training documents, as
// rapporteur train does.
func trainDocs(bs []eval.BratDoc) []TrainDoc {
	out := make([]TrainDoc, 0, len(bs))
	for _, d := range bs {
		td := TrainDoc{Text: d.Text, Group: d.ID}
		for _, s := range d.Spans {
			td.Spans = append(td.Spans, TrainSpan{Label: s.Label, Parts: s.Parts})
		}
		out = append(out, td)
	}
	return out
}

// polnearTrainDocs is PolNeAR train as the dev loops learn from it: with
// ALLANN set, every annotation of a text read by several annotators, the
// first ones in ReadBrat's order and the others after them (so that the
// first 840 keep their folds; Group keeps a text's annotations in one).
func polnearTrainDocs(t *testing.T, train []eval.BratDoc) []TrainDoc {
	t.Helper()
	docs := trainDocs(train)
	if os.Getenv("ALLANN") == "" {
		return docs
	}
	all, err := eval.ReadBratAnnotations("../../shared/quotes-data/polnear/data/train")
	if err != nil {
		t.Fatal(err)
	}
	first := map[string]bool{}
	var extra []eval.BratDoc
	for _, d := range all {
		if first[d.ID] {
			extra = append(extra, d)
		}
		first[d.ID] = true
	}
	t.Logf("training on %d documents and %d more annotations", len(docs), len(extra))
	return append(docs, trainDocs(extra)...)
}
