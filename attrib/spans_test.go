package attrib

import (
	"bytes"
	"compress/gzip"
	"slices"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// trainingDocs are a few documents written for the tests, with their
// spans found by the words they cover.
func trainingDocs(t *testing.T) []TrainDoc {
	t.Helper()
	texts := []struct{ text, source, cue, content string }{
		{"The mayor said the bridge would reopen in May.", "The mayor", "said", "the bridge would reopen in May"},
		{"Union leaders warned that the strike could spread to the ports.", "Union leaders", "warned", "the strike could spread to the ports"},
		{"According to the ministry, exports fell for a third month.", "the ministry", "According to", "exports fell for a third month"},
		{"\"We will not back down,\" the senator told reporters on Monday.", "the senator", "told", "We will not back down,"},
		{"Critics argued the plan favoured large farms over small ones.", "Critics", "argued", "the plan favoured large farms over small ones"},
	}
	var docs []TrainDoc
	for _, x := range texts {
		d := TrainDoc{Text: x.text}
		for label, s := range map[string]string{"Source": x.source, "Cue": x.cue, "Content": x.content} {
			i := strings.Index(x.text, s)
			if i < 0 {
				t.Fatalf("%q not in %q", s, x.text)
			}
			a := len([]rune(x.text[:i]))
			d.Spans = append(d.Spans, TrainSpan{Label: label, Parts: [][2]int{{a, a + len([]rune(s))}}})
		}
		docs = append(docs, d)
	}
	return docs
}

// trainSmall trains a small span model on the test documents and returns
// its file.
func trainSmall(t *testing.T) []byte { return trainSmallShuffled(t, 0) }

// trainSmallShuffled is trainSmall averaged over that many orders of the
// documents (TrainOptions.Shuffles; 0 is the default).
func trainSmallShuffled(t *testing.T, shuffles int) []byte {
	t.Helper()
	at, err := NewWithOptions(Options{RulesOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	sm, err := at.TrainSpans(trainingDocs(t), TrainOptions{Bits: 12, Epochs: 3, Seed: 7, Shuffles: shuffles})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := sm.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestTrainSpansDeterministic: the same data and options give the same
// model file, byte for byte, as `rapporteur train` promises.
func TestTrainSpansDeterministic(t *testing.T) {
	a, b := trainSmall(t), trainSmall(t)
	if !bytes.Equal(a, b) {
		t.Fatalf("two trainings gave different files (%d and %d bytes)", len(a), len(b))
	}
	at, err := NewWithOptions(Options{Model: bytes.NewReader(a)})
	if err != nil {
		t.Fatalf("the trained model does not load: %v", err)
	}
	// It labels what it was trained on.
	out := at.Attribute(rapporteur.Article{Text: "Union leaders warned that the strike could spread to the ports.", Language: "en"})
	if len(out.Statements) == 0 {
		t.Error("no statement on a training sentence")
	}
}

// TestBadModelFiles: a model file that is not one, is cut short, has other
// features or trailing bytes is an error that says so, never a panic.
func TestBadModelFiles(t *testing.T) {
	good := trainSmall(t)
	raw := func(data []byte) []byte {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		b.ReadFrom(zr)
		return b.Bytes()
	}
	gz := func(data []byte) []byte {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write(data)
		zw.Close()
		return b.Bytes()
	}
	plain := raw(good)
	otherFeatures := bytes.Replace(plain, []byte("spans/v"), []byte("spans/x"), 1)
	tests := []struct {
		name string
		data []byte
		msg  string
	}{
		{"empty", nil, "not a model file"},
		{"not gzip", []byte("hello"), "not a model file"},
		{"another file", gz([]byte("RAPSPAN0 something else")), "not a span model file"},
		{"other features", gz(otherFeatures), "trained with other features"},
		{"cut short", gz(plain[:len(plain)/2]), "truncated"},
		{"trailing data", gz(append(append([]byte(nil), plain...), 1, 2, 3)), "trailing data"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewWithOptions(Options{Model: bytes.NewReader(tt.data)})
			if err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("error %v, want one saying %q", err, tt.msg)
			}
		})
	}
}

// TestEmbeddedModelLoads: the binary's own model is there and is read.
func TestEmbeddedModelLoads(t *testing.T) {
	m, err := embeddedSpans()
	if err != nil || m == nil {
		t.Fatalf("embedded span model: %v, %v", m, err)
	}
}

// TestCalibration: a reading's confidence is the share of it that was
// right once it was seen often enough, its prior before; a calibration
// file with a share outside [0, 1] is refused.
func TestCalibration(t *testing.T) {
	var outs []Outcome
	for i := range 40 {
		outs = append(outs, Outcome{Reading: "rules/direct/speech/0.90", Right: i%4 != 0})
	}
	outs = append(outs, Outcome{Reading: "model/indirect/stance/low", Right: true})
	c := Calibrate(outs, "test")
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	at, err := NewWithOptions(Options{RulesOnly: true, Calibration: &buf})
	if err != nil {
		t.Fatal(err)
	}
	if got := at.confidence("rules/direct/speech/0.90", 0.9); got != 0.75 {
		t.Errorf("measured reading: %v, want 0.75", got)
	}
	if got := at.confidence("model/indirect/stance/low", 0.4); got != 0.4 {
		t.Errorf("a reading seen once keeps its prior: %v, want 0.4", got)
	}
	rows, ece := Reliability([]Outcome{{Confidence: 0.95, Right: true}, {Confidence: 0.95, Right: false}})
	if len(rows) != 1 || rows[0][2] != 0.5 || ece < 0.44 || ece > 0.46 {
		t.Errorf("reliability %v, ece %v", rows, ece)
	}
	for _, bad := range []string{`{"readings": {"x": {"n": 3, "right": 1.5}}}`, `not json`} {
		if _, err := NewWithOptions(Options{RulesOnly: true, Calibration: strings.NewReader(bad)}); err == nil {
			t.Errorf("calibration %q accepted", bad)
		}
	}
}

// TestTrainShuffles: a model averaged over several orders of the
// documents is the same size as one run's, the same bytes on every run,
// other weights than one run's, and reads what it was trained on.
func TestTrainShuffles(t *testing.T) {
	one, three, again := trainSmallShuffled(t, 1), trainSmallShuffled(t, 3), trainSmallShuffled(t, 3)
	if !bytes.Equal(one, trainSmall(t)) {
		t.Error("Shuffles 1 trained other bytes than the default")
	}
	if !bytes.Equal(three, again) {
		t.Error("two averaged trainings gave different files")
	}
	if bytes.Equal(one, three) {
		t.Error("averaging three orders gave one run's model")
	}
	if a, b := uncompressedLen(t, one), uncompressedLen(t, three); a != b {
		t.Errorf("averaged model holds %d bytes, one run's %d", b, a)
	}
	at, err := NewWithOptions(Options{Model: bytes.NewReader(three)})
	if err != nil {
		t.Fatal(err)
	}
	out := at.Attribute(rapporteur.Article{Text: "Union leaders warned that the strike could spread to the ports.", Language: "en"})
	if len(out.Statements) == 0 {
		t.Error("no statement on a training sentence")
	}
}

func uncompressedLen(t *testing.T, b []byte) int {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := out.ReadFrom(zr); err != nil {
		t.Fatal(err)
	}
	return out.Len()
}

// TestDocFolds: the annotations of one text share their first one's fold.
func TestDocFolds(t *testing.T) {
	docs := []TrainDoc{{Group: "a"}, {Group: "b"}, {Group: "c"}, {}, {Group: "a"}, {Group: "b"}}
	if got, want := docFolds(docs, 3), []int{0, 1, 2, 0, 0, 1}; !slices.Equal(got, want) {
		t.Errorf("folds %v, want %v", got, want)
	}
}
