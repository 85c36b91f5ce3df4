package eval

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/rapporteur/rapporteur"
)

// GGTArticle is one article of the Gender Gap Tracker gold set
// (ggt_quotes.jsonl, one article per line).
type GGTArticle struct {
	ID     string     `json:"id"`
	Outlet string     `json:"outlet,omitempty"`
	Text   string     `json:"text"`
	Quotes []GGTQuote `json:"quotes"`
}

// GGTQuote is one gold quote. Spans are [start, end) code point offsets
// into the article text, nil when the annotators left the field empty (a
// "floating" quote has no speaker span, only a Reference).
type GGTQuote struct {
	Quote       string  `json:"quote"`
	Speaker     string  `json:"speaker"`
	Verb        string  `json:"verb"`
	Reference   string  `json:"reference"`
	QuoteSpan   *[2]int `json:"quote_span"`
	SpeakerSpan *[2]int `json:"speaker_span"`
	VerbSpan    *[2]int `json:"verb_span"`
	// Type is direct, indirect or mixed, as the converter guessed it from
	// the quote marks (it is not annotated).
	Type string `json:"type_heuristic"`
}

// ReadGGT reads a GGT gold file. It checks that every span lies inside
// its article's text, so that a misaligned file fails here rather than
// scoring silently wrong.
func ReadGGT(path string) ([]GGTArticle, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("ggt gold: %w", err)
	}
	defer f.Close()
	return decodeGGT(f, path)
}

func decodeGGT(r io.Reader, name string) ([]GGTArticle, error) {
	dec := json.NewDecoder(r)
	var arts []GGTArticle
	for line := 1; ; line++ {
		var a GGTArticle
		err := dec.Decode(&a)
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("ggt gold %s: article %d: %w", name, line, err)
		}
		if !utf8.ValidString(a.Text) {
			return nil, fmt.Errorf("ggt gold %s: article %s: text is not valid UTF-8", name, a.ID)
		}
		n := utf8.RuneCountInString(a.Text)
		for qi, q := range a.Quotes {
			for _, s := range []*[2]int{q.QuoteSpan, q.SpeakerSpan, q.VerbSpan} {
				if s != nil && (s[0] < 0 || s[1] < s[0] || s[1] > n) {
					return nil, fmt.Errorf("ggt gold %s: article %s: quote %d: span %v outside the text (%d code points)", name, a.ID, qi, *s, n)
				}
			}
		}
		arts = append(arts, a)
	}
	if len(arts) == 0 {
		return nil, fmt.Errorf("ggt gold %s: no articles", name)
	}
	return arts, nil
}

// GGTScore is the GGT protocol at one overlap threshold.
type GGTScore struct {
	Threshold float64 `json:"threshold"`
	// Quotes is precision, recall and F1 over quotes: a predicted
	// statement matches a gold quote when its content covers more than
	// Threshold of the gold quote's characters.
	Quotes PRF `json:"quotes"`
	// Speaker is the accuracy among matched quotes of the speaker: right
	// when the predicted speaker's mention or source span overlaps the
	// gold speaker span, or the predicted name equals the gold reference
	// (case and spacing aside), or both sides have no speaker at all.
	Speaker Accuracy `json:"speaker"`
	// SpeakerSpan is the speaker accuracy exactly as GGT scored its own
	// system: span overlap, or both spans empty (a floating quote whose
	// speaker is carried over counts as right when the prediction names no
	// speaker in the sentence either). Comparable to the published number.
	SpeakerSpan Accuracy `json:"speaker_span"`
	// SpeakerName is the accuracy among matched quotes of the resolved
	// name alone: predicted name equals the gold reference.
	SpeakerName Accuracy `json:"speaker_name"`
	// Cue is the accuracy among matched quotes that have a gold verb: the
	// lower-cased predicted cue text equals the gold verb.
	Cue Accuracy `json:"cue"`
	// CueAll is the cue accuracy as GGT scored its own system: among all
	// matched quotes, where a quote with no gold verb is right when the
	// prediction has no cue either. Comparable to the published number.
	CueAll Accuracy `json:"cue_all"`
	// RecallByType is the recall per gold quote type (direct, indirect,
	// mixed).
	RecallByType map[string]*Accuracy `json:"recall_by_type"`
	// PrecisionByKind is the precision per predicted statement kind: the
	// share of each kind's statements that matched a gold quote.
	PrecisionByKind map[string]*Accuracy `json:"precision_by_kind"`
}

// GGTResult is the score of the extractor on a GGT gold file.
type GGTResult struct {
	Articles   int `json:"articles"`
	Quotes     int `json:"quotes"`
	Statements int `json:"statements"`
	// Stances counts the statements of mode stance, which GGT does not
	// annotate and the scores leave out.
	Stances int `json:"stances"`
	// Failed counts the articles the extractor returned an error for; they
	// score as articles with no statements.
	Failed int        `json:"failed"`
	Scores []GGTScore `json:"scores"`
	// Errors is the error analysis at the first threshold.
	Errors []Record `json:"-"`
}

// GGTThresholds are the overlap thresholds the GGT paper reports.
var GGTThresholds = []float64{0.3, 0.8}

// ScoreGGT runs x on every article and scores its statements against the
// gold quotes with the protocol of Asr et al. (2021) at each threshold of
// GGTThresholds. GGT annotates quotations, what people said: statements of
// mode stance ("endorsed Cruz", "plans to …") are left out of the scoring
// and counted in Stances.
func ScoreGGT(ctx context.Context, arts []GGTArticle, x Extractor) (*GGTResult, error) {
	results, err := run(ctx, len(arts), x, func(i int) (string, string, string) {
		return arts[i].ID, "", arts[i].Text
	})
	if err != nil {
		return nil, err
	}
	res := &GGTResult{Articles: len(arts)}
	for _, th := range GGTThresholds {
		res.Scores = append(res.Scores, GGTScore{Threshold: th, RecallByType: map[string]*Accuracy{}, PrecisionByKind: map[string]*Accuracy{}})
	}
	for i, a := range arts {
		r := results[i]
		res.Quotes += len(a.Quotes)
		speech := r.article.Statements[:0:0]
		for _, st := range r.article.Statements {
			if st.Mode == rapporteur.Stance {
				res.Stances++
			} else {
				speech = append(speech, st)
			}
		}
		r.article.Statements = speech
		res.Statements += len(r.article.Statements)
		if r.err != nil {
			res.Failed++
			res.Errors = append(res.Errors, Record{Dataset: "ggt", Kind: "extractor_error", Doc: a.ID, Context: r.err.Error()})
		}
		for ti := range res.Scores {
			recs := scoreGGTArticle(&res.Scores[ti], a, r.article.Statements)
			if ti == 0 {
				res.Errors = append(res.Errors, recs...)
			}
		}
	}
	for ti := range res.Scores {
		s := &res.Scores[ti]
		s.Quotes.finish()
		s.Speaker.finish()
		s.SpeakerSpan.finish()
		s.SpeakerName.finish()
		s.Cue.finish()
		s.CueAll.finish()
		for _, a := range s.RecallByType {
			a.finish()
		}
		for _, a := range s.PrecisionByKind {
			a.finish()
		}
	}
	return res, nil
}

// scoreGGTArticle adds one article's counts to s and returns its error
// records.
func scoreGGTArticle(s *GGTScore, a GGTArticle, stmts []rapporteur.Statement) []Record {
	d := doc([]rune(a.Text))
	gold := make([]interval, len(a.Quotes))
	for i, q := range a.Quotes {
		if q.QuoteSpan != nil {
			gold[i] = interval{q.QuoteSpan[0], q.QuoteSpan[1]}
		}
	}
	pred := contentIntervals(d, stmts)
	g2p, p2g := matchQuotes(gold, pred, s.Threshold)
	s.Quotes.add(PRF{Gold: len(gold), Pred: len(pred), Matched: float64(matched(g2p)), MatchedPred: float64(matched(g2p))})

	var recs []Record
	for gi, q := range a.Quotes {
		countBy(s.RecallByType, q.Type, g2p[gi] >= 0)
		rec := ggtRecord(d, a.ID, q)
		pi := g2p[gi]
		if pi < 0 {
			rec.Kind = "miss"
			if ni, c := nearest(gold[gi], pred); ni >= 0 {
				predInfo(&rec, d, stmts[ni])
				rec.Overlap, rec.PredTaken = c, p2g[ni] >= 0
			}
			recs = append(recs, rec)
			continue
		}
		st := stmts[pi]
		spanOK := q.SpeakerSpan != nil && (overlapsSpan(*q.SpeakerSpan, st.Speaker.Mention) || overlapsSpan(*q.SpeakerSpan, st.Speaker.Source))
		nameOK := normName(st.Speaker.Name) != "" && normName(st.Speaker.Name) == normName(q.Reference)
		noPredSpan := st.Speaker.Mention == nil && st.Speaker.Source == nil
		bothEmpty := q.SpeakerSpan == nil && normName(q.Reference) == "" && noPredSpan && normName(st.Speaker.Name) == ""
		s.Speaker.count(spanOK || nameOK || bothEmpty)
		s.SpeakerSpan.count(spanOK || (q.SpeakerSpan == nil && noPredSpan))
		s.SpeakerName.count(normName(st.Speaker.Name) == normName(q.Reference))
		cue := ""
		if st.Cue != nil {
			cue = normName(d.span(st.Cue.Start, st.Cue.End).Text)
		}
		cueOK := cue == normName(q.Verb)
		s.CueAll.count(cueOK)
		if normName(q.Verb) != "" {
			s.Cue.count(cueOK)
		}
		predInfo(&rec, d, st)
		rec.Overlap = coverage(gold[gi], pred[pi])
		if !(spanOK || nameOK || bothEmpty) {
			rec.Kind = "speaker"
			if q.SpeakerSpan != nil {
				// The speaker error is read around the gold speaker.
				sp := interval{min(q.SpeakerSpan[0], gold[gi].start), max(q.SpeakerSpan[1], gold[gi].end)}
				rec.Context = d.context(sp.start, sp.end)
			}
			recs = append(recs, rec)
		}
		if !cueOK {
			rec.Kind = "cue"
			recs = append(recs, rec)
		}
	}
	for pi, st := range stmts {
		countBy(s.PrecisionByKind, st.Kind, p2g[pi] >= 0)
		if p2g[pi] >= 0 {
			continue
		}
		rec := Record{Dataset: "ggt", Kind: "false_positive", Doc: a.ID, Context: d.context(pred[pi].start, pred[pi].end)}
		predInfo(&rec, d, st)
		recs = append(recs, rec)
	}
	return recs
}

// countBy counts ok under key in m ("unknown" for an empty key).
func countBy(m map[string]*Accuracy, key string, ok bool) {
	if key == "" {
		key = "unknown"
	}
	if m[key] == nil {
		m[key] = &Accuracy{}
	}
	m[key].count(ok)
}

func ggtRecord(d doc, id string, q GGTQuote) Record {
	rec := Record{Dataset: "ggt", Doc: id, GoldType: q.Type, GoldReference: q.Reference, GoldVerb: q.Verb}
	if q.QuoteSpan != nil {
		g := d.span(q.QuoteSpan[0], q.QuoteSpan[1])
		rec.Gold = &g
		rec.Context = d.context(g.Start, g.End)
	}
	if q.SpeakerSpan != nil {
		sp := d.span(q.SpeakerSpan[0], q.SpeakerSpan[1])
		rec.GoldSpeaker = &sp
	}
	return rec
}

// predInfo copies what a prediction said into rec.
func predInfo(rec *Record, d doc, st rapporteur.Statement) {
	c := d.span(st.Content.Start, st.Content.End)
	rec.Pred = &c
	rec.PredKind = st.Kind
	rec.PredSpeaker = st.Speaker.Name
	rec.PredMention = d.spanPtr(st.Speaker.Mention)
	rec.PredSource = d.spanPtr(st.Speaker.Source)
	rec.PredCue = d.spanPtr(st.Cue)
}

// contentIntervals returns the content span of each statement, clamped to
// the text.
func contentIntervals(d doc, stmts []rapporteur.Statement) []interval {
	out := make([]interval, len(stmts))
	for i, st := range stmts {
		s, e := d.clamp(st.Content.Start, st.Content.End)
		out[i] = interval{s, e}
	}
	return out
}

func matched(g2p []int) int {
	n := 0
	for _, p := range g2p {
		if p >= 0 {
			n++
		}
	}
	return n
}

func overlapsSpan(g [2]int, s *rapporteur.Span) bool {
	return s != nil && overlap(g[0], g[1], s.Start, s.End) > 0
}

// normName lower-cases s and collapses its white space, so that names and
// cue words compare regardless of case and spacing.
func normName(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}
