package eval

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// sharedDir returns ../shared beside the repository root, or skips the
// test when the shared data is not there (it is not redistributable, so
// it is absent from most checkouts).
func sharedDir(t *testing.T, rel string) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			p := filepath.Join(filepath.Dir(dir), "shared", rel)
			if _, err := os.Stat(p); err != nil {
				t.Skipf("shared evaluation data not found at %s (it lives beside the repository, see DESIGN.md)", p)
			}
			return p
		}
		if filepath.Dir(dir) == dir {
			t.Skip("no go.mod above the working directory to find ../shared from")
		}
	}
}

// TestSharedGGT reads the GGT gold file and scores the gold quotes
// themselves: every quote must match itself, so the readers, the offsets
// and the protocol agree with the data.
func TestSharedGGT(t *testing.T) {
	arts, err := ReadGGT(sharedDir(t, "quotes-data/ggt-en-2020/ggt_quotes.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	quotes := 0
	oracle := map[string][]rapporteur.Statement{}
	for _, a := range arts {
		quotes += len(a.Quotes)
		for _, q := range a.Quotes {
			st := rapporteur.Statement{Content: rapporteur.Span{Start: q.QuoteSpan[0], End: q.QuoteSpan[1]}, Speaker: rapporteur.Speaker{Name: q.Reference}}
			if q.SpeakerSpan != nil {
				st.Speaker.Mention = &rapporteur.Span{Start: q.SpeakerSpan[0], End: q.SpeakerSpan[1]}
			}
			if q.VerbSpan != nil {
				st.Cue = &rapporteur.Span{Start: q.VerbSpan[0], End: q.VerbSpan[1]}
			}
			oracle[a.ID] = append(oracle[a.ID], st)
		}
	}
	if len(arts) != 98 || quotes != 1520 {
		t.Fatalf("read %d articles, %d quotes; want 98 and 1,520", len(arts), quotes)
	}
	res, err := ScoreGGT(context.Background(), arts, fixed(oracle))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range res.Scores {
		if s.Quotes.F1 != 1 || s.Speaker.Value != 1 {
			t.Errorf("gold scored against itself at %.1f: quote F1 %.4f, speaker %.4f; want 1", s.Threshold, s.Quotes.F1, s.Speaker.Value)
		}
		// One verb span could not be re-found in the text (README).
		if s.Cue.Total-s.Cue.Correct > 1 {
			t.Errorf("gold cue accuracy at %.1f: %d/%d", s.Threshold, s.Cue.Correct, s.Cue.Total)
		}
	}
}

// TestSharedPolNeAR reads the PolNeAR splits and scores the dev gold spans
// against themselves.
func TestSharedPolNeAR(t *testing.T) {
	root := sharedDir(t, "quotes-data/polnear/data")
	for _, tt := range []struct {
		split string
		docs  int
	}{{"dev", 84}, {"train", 840}} {
		docs, err := ReadBrat(filepath.Join(root, tt.split))
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) != tt.docs {
			t.Errorf("%s: %d documents, want %d", tt.split, len(docs), tt.docs)
		}
		if tt.split != "dev" {
			continue
		}
		oracle := map[string][]rapporteur.Statement{}
		for _, d := range docs {
			for _, s := range d.Spans {
				sp := &rapporteur.Span{Start: s.Start, End: s.End}
				switch s.Label {
				case LabelSource:
					oracle[d.ID] = append(oracle[d.ID], rapporteur.Statement{Speaker: rapporteur.Speaker{Source: sp}})
				case LabelCue:
					oracle[d.ID] = append(oracle[d.ID], rapporteur.Statement{Cue: sp})
				case LabelContent:
					oracle[d.ID] = append(oracle[d.ID], rapporteur.Statement{Content: *sp})
				}
			}
		}
		res, err := ScoreBrat(context.Background(), "dev", docs, fixed(oracle))
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range res.Labels {
			if l.Strict.F1 != 1 || l.Exact.F1 != 1 || l.Overlap.F1 != 1 || l.Token.F1 != 1 {
				t.Errorf("dev gold %s against itself: %+v; want F1 1 everywhere", l.Label, l)
			}
		}
	}
}

func TestSharedGUM(t *testing.T) {
	docs, err := ReadGUM(sharedDir(t, "data/gum-wikinews/gum_wikinews.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := ScoreGUM(context.Background(), docs, fixed(nil))
	if err != nil {
		t.Fatal(err)
	}
	if res.Documents != 43 || res.Quotes != 124 || res.Unlocated != 0 {
		t.Errorf("read %d documents, %d quotes, %d not found in their text; want 43, 124, 0", res.Documents, res.Quotes, res.Unlocated)
	}
}
