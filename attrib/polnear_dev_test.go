package attrib

import (
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
		td := TrainDoc{Text: d.Text}
		for _, s := range d.Spans {
			td.Spans = append(td.Spans, TrainSpan{Label: s.Label, Parts: s.Parts})
		}
		out = append(out, td)
	}
	return out
}
