package eval

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/rapporteur/rapporteur"
)

// Extractor runs the extraction pipeline on one gold document. The text
// must be used verbatim (no cleaning), so that the spans of the returned
// statements index the same code points as the gold offsets; the CLI passes
// Pipeline.Verbatim.
type Extractor func(id, title, text string) (rapporteur.Article, error)

// PRF is precision, recall and F1 over spans or quotes. Matched is the
// credit given to matched pairs: a count for one-to-one matching, a sum of
// partial credits for proportional matching, in which case MatchedPred
// differs from Matched (credit relative to the prediction's size).
type PRF struct {
	Gold        int     `json:"gold"`
	Pred        int     `json:"pred"`
	Matched     float64 `json:"matched"`
	MatchedPred float64 `json:"matched_pred"`
	Precision   float64 `json:"precision"`
	Recall      float64 `json:"recall"`
	F1          float64 `json:"f1"`
}

// add accumulates the counts of o into p; call finish to recompute the
// ratios.
func (p *PRF) add(o PRF) {
	p.Gold += o.Gold
	p.Pred += o.Pred
	p.Matched += o.Matched
	p.MatchedPred += o.MatchedPred
}

// finish computes the ratios from the counts. Precision is 0 when nothing
// was predicted, recall 0 when there is no gold: an empty side earns
// nothing rather than a perfect score.
func (p *PRF) finish() {
	p.Precision, p.Recall, p.F1 = 0, 0, 0
	if p.Pred > 0 {
		p.Precision = p.MatchedPred / float64(p.Pred)
	}
	if p.Gold > 0 {
		p.Recall = p.Matched / float64(p.Gold)
	}
	if p.Precision+p.Recall > 0 {
		p.F1 = 2 * p.Precision * p.Recall / (p.Precision + p.Recall)
	}
}

// Accuracy is the share of Correct among Total.
type Accuracy struct {
	Correct int     `json:"correct"`
	Total   int     `json:"total"`
	Value   float64 `json:"value"`
}

func (a *Accuracy) count(ok bool) {
	a.Total++
	if ok {
		a.Correct++
	}
}

func (a *Accuracy) add(o Accuracy) {
	a.Correct += o.Correct
	a.Total += o.Total
}

func (a *Accuracy) finish() {
	a.Value = 0
	if a.Total > 0 {
		a.Value = float64(a.Correct) / float64(a.Total)
	}
}

// Record is one line of the error analysis (`rapporteur eval --errors`):
// a gold span nothing matched ("miss"), a prediction that matched no gold
// ("false_positive"), a matched quote whose speaker is wrong ("speaker") or
// whose cue differs from the gold verb ("cue"); for PolNeAR also a gold
// span overlapped but not matched exactly ("boundary"). Spans index the
// document's text in code points. Context shows the gold span (the
// prediction for a false positive; for a speaker error, from the gold
// speaker to the end of the quote) between ⟦ and ⟧, with about 100
// characters either side.
type Record struct {
	Dataset string `json:"dataset"`
	Kind    string `json:"kind"`
	Doc     string `json:"doc"`
	// Label is the PolNeAR span label (Source, Cue, Content).
	Label string `json:"label,omitempty"`

	Gold          *rapporteur.Span `json:"gold,omitempty"`
	GoldType      string           `json:"gold_type,omitempty"`
	GoldSpeaker   *rapporteur.Span `json:"gold_speaker,omitempty"`
	GoldReference string           `json:"gold_reference,omitempty"`
	GoldVerb      string           `json:"gold_verb,omitempty"`

	Pred        *rapporteur.Span `json:"pred,omitempty"`
	PredKind    string           `json:"pred_kind,omitempty"`
	PredSpeaker string           `json:"pred_speaker,omitempty"`
	PredMention *rapporteur.Span `json:"pred_mention,omitempty"`
	PredSource  *rapporteur.Span `json:"pred_source,omitempty"`
	PredCue     *rapporteur.Span `json:"pred_cue,omitempty"`
	// Overlap is |gold ∩ pred| / |gold| for the nearest prediction of a
	// miss (the one covering most of the gold span), or of a matched pair.
	Overlap float64 `json:"overlap,omitempty"`
	// PredTaken is true when a miss's nearest prediction was matched to
	// another gold span.
	PredTaken bool   `json:"pred_taken,omitempty"`
	Context   string `json:"context"`
}

// contextChars is how many code points of text a Record shows on each
// side of its span.
const contextChars = 100

// doc is a document's text as code points, so that spans slice it the way
// Python and brat count.
type doc []rune

// span returns the Span [s, e) of d with its text, clamped to the text.
func (d doc) span(s, e int) rapporteur.Span {
	s, e = d.clamp(s, e)
	return rapporteur.Span{Start: s, End: e, Text: string(d[s:e])}
}

func (d doc) clamp(s, e int) (int, int) {
	s = max(0, min(s, len(d)))
	e = max(s, min(e, len(d)))
	return s, e
}

// context shows [s, e) between ⟦ and ⟧ with contextChars either side.
func (d doc) context(s, e int) string {
	s, e = d.clamp(s, e)
	a, b := max(0, s-contextChars), min(len(d), e+contextChars)
	return string(d[a:s]) + "⟦" + string(d[s:e]) + "⟧" + string(d[e:b])
}

// overlap returns the number of code points [s1, e1) and [s2, e2) share.
func overlap(s1, e1, s2, e2 int) int {
	return max(0, min(e1, e2)-max(s1, s2))
}

// spanPtr returns a copy of s with its text taken from d, or nil for nil.
func (d doc) spanPtr(s *rapporteur.Span) *rapporteur.Span {
	if s == nil {
		return nil
	}
	c := d.span(s.Start, s.End)
	return &c
}

// result is what running the extractor on one document gave.
type result struct {
	article rapporteur.Article
	err     error
}

// run calls x on every document over GOMAXPROCS workers and returns the
// results in input order, so that scores do not depend on scheduling. It
// stops early, with ctx's error, when ctx is cancelled. A panic in the
// extractor becomes that document's error, so one bad document is reported
// instead of killing the whole evaluation.
func run(ctx context.Context, n int, x Extractor, input func(i int) (id, title, text string)) ([]result, error) {
	out := make([]result, n)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(n, runtime.GOMAXPROCS(0)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				id, title, text := input(i)
				out[i] = call(x, id, title, text)
			}
		}()
	}
	var err error
feed:
	for i := 0; i < n; i++ {
		select {
		case jobs <- i:
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	return out, err
}

func call(x Extractor, id, title, text string) (r result) {
	defer func() {
		if p := recover(); p != nil {
			r = result{err: fmt.Errorf("extractor panicked on %s: %v", id, p)}
		}
	}()
	a, err := x(id, title, text)
	return result{article: a, err: err}
}
