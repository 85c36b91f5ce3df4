package eval

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// fixed returns an Extractor that gives each document the statements
// listed for its id.
func fixed(stmts map[string][]rapporteur.Statement) Extractor {
	return func(id, title, text string) (rapporteur.Article, error) {
		return rapporteur.Article{ID: id, Text: text, Statements: stmts[id]}, nil
	}
}

func pair2(s rapporteur.Span) *[2]int { return &[2]int{s.Start, s.End} }

func ptr(s rapporteur.Span) *rapporteur.Span { return &s }

func TestScoreGGT(t *testing.T) {
	// Non-ASCII names and curly quotes make code point and byte offsets
	// differ, so a scorer slicing bytes would fail here.
	text1 := "Renée Dubois said the plan works. “It is cheap,” she said. “Very cheap.” The minister added that costs fell and that jobs rose."
	text2 := "Ann Lee said the sky is green."
	f := func(text, sub string, n int) rapporteur.Span { return find(t, text, sub, n) }
	arts := []GGTArticle{
		{ID: "a1", Text: text1, Quotes: []GGTQuote{
			{QuoteSpan: pair2(f(text1, "the plan works", 0)), SpeakerSpan: pair2(f(text1, "Renée Dubois", 0)), Verb: "said", Reference: "Renée Dubois", Type: "indirect"},
			{QuoteSpan: pair2(f(text1, "“It is cheap,”", 0)), SpeakerSpan: pair2(f(text1, "she", 0)), Verb: "said", Reference: "Renée Dubois", Type: "direct"},
			// A floating quote: no speaker span, no verb.
			{QuoteSpan: pair2(f(text1, "“Very cheap.”", 0)), Reference: "Renée Dubois", Type: "direct"},
			{QuoteSpan: pair2(f(text1, "costs fell", 0)), SpeakerSpan: pair2(f(text1, "The minister", 0)), Verb: "added", Reference: "Paul Roy", Type: "indirect"},
			{QuoteSpan: pair2(f(text1, "jobs rose", 0)), SpeakerSpan: pair2(f(text1, "The minister", 0)), Verb: "added", Reference: "Paul Roy", Type: "indirect"},
		}},
		{ID: "a2", Text: text2, Quotes: []GGTQuote{
			{QuoteSpan: pair2(f(text2, "the sky is green", 0)), SpeakerSpan: pair2(f(text2, "Ann Lee", 0)), Verb: "said", Reference: "Ann Lee", Type: "indirect"},
		}},
	}
	stmts := map[string][]rapporteur.Statement{
		"a1": {
			{Kind: rapporteur.Indirect, Content: f(text1, "the plan works", 0), Cue: ptr(f(text1, "said", 0)),
				Speaker: rapporteur.Speaker{Name: "Renée Dubois", Mention: ptr(f(text1, "Renée Dubois", 0))}},
			// Right name (up to case and spacing) but the mention points
			// at the wrong words: right under "span or name", wrong under
			// GGT's span rule.
			{Kind: rapporteur.Direct, Content: f(text1, "It is cheap,", 0), Cue: ptr(f(text1, "said", 1)),
				Speaker: rapporteur.Speaker{Name: "renée  DUBOIS", Mention: ptr(f(text1, "Renée Dubois", 0))}},
			// Covers 4 of the 13 gold code points: over 0.3, under 0.8.
			{Kind: rapporteur.Direct, Content: f(text1, "Very", 0), Speaker: rapporteur.Speaker{Name: "Renée Dubois"}},
			// Covers both reported clauses: it serves one of them only.
			{Kind: rapporteur.Indirect, Content: f(text1, "costs fell and that jobs rose", 0), Cue: ptr(f(text1, "added", 0)),
				Speaker: rapporteur.Speaker{Mention: ptr(f(text1, "The minister", 0))}},
			{Kind: rapporteur.Indirect, Content: f(text1, "The minister", 0)},
		},
		"a2": {
			{Kind: rapporteur.Indirect, Content: f(text2, "the sky is green", 0), Speaker: rapporteur.Speaker{Name: "Bob"}},
		},
	}
	res, err := ScoreGGT(context.Background(), arts, fixed(stmts))
	if err != nil {
		t.Fatal(err)
	}
	if res.Articles != 2 || res.Quotes != 6 || res.Statements != 6 || res.Failed != 0 {
		t.Fatalf("counts: %+v", res)
	}
	at3, at8 := res.Scores[0], res.Scores[1]
	checks := []struct {
		name      string
		got, want float64
	}{
		{"P@0.3", at3.Quotes.Precision, 5.0 / 6},
		{"R@0.3", at3.Quotes.Recall, 5.0 / 6},
		{"F1@0.3", at3.Quotes.F1, 5.0 / 6},
		{"P@0.8", at8.Quotes.Precision, 4.0 / 6},
		{"R@0.8", at8.Quotes.Recall, 4.0 / 6},
		{"speaker span or name", at3.Speaker.Value, 4.0 / 5},
		{"speaker GGT span rule", at3.SpeakerSpan.Value, 3.0 / 5},
		{"speaker name", at3.SpeakerName.Value, 3.0 / 5},
		{"cue", at3.Cue.Value, 3.0 / 4},
		// The floating quote has no verb and its prediction no cue.
		{"cue, all matched", at3.CueAll.Value, 4.0 / 5},
		{"recall direct", at3.RecallByType["direct"].Value, 2.0 / 2},
		{"recall indirect", at3.RecallByType["indirect"].Value, 3.0 / 4},
		{"recall direct@0.8", at8.RecallByType["direct"].Value, 1.0 / 2},
	}
	for _, c := range checks {
		if !near(c.got, c.want) {
			t.Errorf("%s = %.4f, want %.4f", c.name, c.got, c.want)
		}
	}

	kinds := map[string][]Record{}
	for _, r := range res.Errors {
		kinds[r.Kind] = append(kinds[r.Kind], r)
	}
	if m := kinds["miss"]; len(m) != 1 || m[0].Gold.Text != "jobs rose" || !m[0].PredTaken || m[0].Pred.Text != "costs fell and that jobs rose" {
		t.Errorf("misses = %+v, want \"jobs rose\" with its taken nearest prediction", m)
	}
	if fp := kinds["false_positive"]; len(fp) != 1 || fp[0].Pred.Text != "The minister" {
		t.Errorf("false positives = %+v", fp)
	}
	if sp := kinds["speaker"]; len(sp) != 1 || sp[0].Doc != "a2" || sp[0].GoldReference != "Ann Lee" || sp[0].PredSpeaker != "Bob" ||
		!strings.Contains(sp[0].Context, "⟦Ann Lee said the sky is green⟧") {
		t.Errorf("speaker errors = %+v", sp)
	}
	if cue := kinds["cue"]; len(cue) != 1 || cue[0].GoldVerb != "said" || cue[0].PredCue != nil {
		t.Errorf("cue errors = %+v", cue)
	}
}

func TestScoreGGTExtractorError(t *testing.T) {
	text := "Max said yes."
	arts := []GGTArticle{{ID: "bad", Text: text, Quotes: []GGTQuote{{QuoteSpan: pair2(find(t, text, "yes", 0))}}}}
	var x Extractor = func(id, title, text string) (rapporteur.Article, error) {
		return rapporteur.Article{}, errors.New("boom")
	}
	res, err := ScoreGGT(context.Background(), arts, x)
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed != 1 || res.Scores[0].Quotes.Recall != 0 || res.Errors[0].Kind != "extractor_error" {
		t.Errorf("a failing extractor should count as no statements and be reported: %+v", res)
	}
	var p Extractor = func(id, title, text string) (rapporteur.Article, error) { panic("bad index") }
	res, err = ScoreGGT(context.Background(), arts, p)
	if err != nil || res.Failed != 1 || !strings.Contains(res.Errors[0].Context, "panicked on bad") {
		t.Errorf("a panicking extractor should be reported per document: %v %+v", err, res)
	}
}

func TestDecodeGGT(t *testing.T) {
	tests := []struct {
		name, in, err string
		n             int
	}{
		{"two articles", `{"id":"a","text":"Né said x.","quotes":[{"quote_span":[8,9],"speaker_span":null}]}` + "\n" + `{"id":"b","text":"","quotes":[]}`, "", 2},
		{"span past the end in code points", `{"id":"a","text":"Né","quotes":[{"quote_span":[0,3]}]}`, "outside the text", 0},
		{"reversed span", `{"id":"a","text":"abc","quotes":[{"verb_span":[2,1]}]}`, "outside the text", 0},
		{"broken JSON", `{"id":`, "article 1", 0},
		{"empty", ``, "no articles", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, err := decodeGGT(strings.NewReader(tt.in), "test")
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || len(arts) != tt.n {
				t.Fatalf("got %d articles, %v; want %d", len(arts), err, tt.n)
			}
		})
	}
}
