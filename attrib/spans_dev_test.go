package attrib

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/eval"
	"github.com/rapporteur/rapporteur/extract"
)

// TestSpansDevLoop trains on PolNeAR train and scores PolNeAR dev: the
// development loop of the span model, run by hand with
// RAPPORTEUR_SPANS_DEV=1 (it takes a minute or two).
func TestSpansDevLoop(t *testing.T) {
	if os.Getenv("RAPPORTEUR_SPANS_DEV") == "" {
		t.Skip("set RAPPORTEUR_SPANS_DEV=1 to train and score the span model")
	}
	train, dev := polnearSplits(t)
	at, err := NewWithOptions(Options{RulesOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	docs := trainDocs(train)
	start := time.Now()
	sm, err := at.TrainSpans(docs, TrainOptions{Seed: 1, Epochs: envInt("EPOCHS", 8), Bits: uint(envInt("BITS", 18)), Progress: func(e int, acc float64) {
		t.Logf("epoch %d: train token accuracy %.4f (%s)", e, acc, time.Since(start).Round(time.Second))
	}})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := sm.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	t.Logf("model: %d bytes", buf.Len())
	os.WriteFile("/tmp/en-spans.bin.gz", buf.Bytes(), 0o644)
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	ggt, err := eval.ReadGGT("../../shared/quotes-data/ggt-en-2020/ggt_quotes.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	policies := []string{"rules", "model"}
	for _, policy := range policies {
		o := Options{RulesOnly: policy == "rules"}
		if policy != "rules" {
			o.Model = bytes.NewReader(buf.Bytes())
		}
		at2, err := NewWithOptions(o)
		if err != nil {
			t.Fatal(err)
		}
		res, err := eval.ScoreBrat(context.Background(), "dev", dev, func(id, title, text string) (rapporteur.Article, error) {
			a, err := x.Verbatim(id, title, text)
			if err != nil {
				return a, err
			}
			return at2.Attribute(a), nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if policy == "model" {
			kinds := map[string]int{}
			for _, r := range res.Errors {
				if r.Label != "Content" {
					continue
				}
				k := r.Kind
				if k == "boundary" && r.Gold != nil && r.Pred != nil {
					switch {
					case r.Gold.Start == r.Pred.Start:
						k += "/end"
						if r.Pred.End < r.Gold.End {
							k += "-short"
						} else {
							k += "-long"
						}
					case r.Gold.End == r.Pred.End:
						k += "/start"
						if r.Pred.Start > r.Gold.Start {
							k += "-late"
						} else {
							k += "-early"
						}
					default:
						k += "/both"
					}
				}
				kinds[k]++
			}
			t.Logf("content errors: %v", kinds)
			n := 0
			for _, r := range res.Errors {
				if r.Label == "Content" && r.Kind == "boundary" && n < 25 && r.Gold != nil && r.Pred != nil && r.Gold.Start == r.Pred.Start {
					n++
					t.Logf("END gold %q\n   pred %q", r.Gold.Text, r.Pred.Text)
				}
			}
			n = 0
			for _, r := range res.Errors {
				if r.Label == "Content" && r.Kind == "boundary" && n < 25 && r.Gold != nil && r.Pred != nil && r.Gold.End == r.Pred.End {
					n++
					t.Logf("START gold %q\n   pred %q", r.Gold.Text, r.Pred.Text)
				}
			}
		}
		gres, err := eval.ScoreGGT(context.Background(), ggt, func(id, title, text string) (rapporteur.Article, error) {
			a, err := x.Verbatim(id, title, text)
			if err != nil {
				return a, err
			}
			return at2.Attribute(a), nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if os.Getenv("GGTFP") != "" && policy != "rules" {
			kinds := map[string]int{}
			n := 0
			for _, r := range gres.Errors {
				kinds[r.Kind]++
				if r.Kind == os.Getenv("GGTFP") && n < 40 {
					n++
					if r.Pred != nil {
						t.Logf("%s pred %q cue %v speaker %q | %.200s", r.Kind, r.Pred.Text, r.PredCue, r.PredSpeaker, r.Context)
					} else if r.Gold != nil {
						t.Logf("%s gold %q | %.200s", r.Kind, r.Gold.Text, r.Context)
					}
				}
			}
			t.Logf("GGT errors: %v", kinds)
		}
		g := gres.Scores[0]
		t.Logf("%-6s GGT      F1 %.3f (P %.3f R %.3f)  speaker %.3f", policy, g.Quotes.F1, g.Quotes.Precision, g.Quotes.Recall, g.Speaker.Value)
		for _, l := range res.Labels {
			t.Logf("%-6s %-8s exact F1 %.3f (P %.3f R %.3f)  overlap F1 %.3f", policy, l.Label, l.Exact.F1, l.Exact.Precision, l.Exact.Recall, l.Overlap.F1)
		}
	}
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}
