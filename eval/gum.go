package eval

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"unicode"
	"unicode/utf8"
)

// GUMDoc is one document of gum_wikinews.jsonl: a Wikinews text and the
// surface strings of its gold quotation spans, in document order.
type GUMDoc struct {
	ID     string   `json:"id"`
	Title  string   `json:"title"`
	Text   string   `json:"text"`
	Quotes []string `json:"quotes"`
}

// ReadGUM reads a GUM Wikinews gold file.
func ReadGUM(path string) ([]GUMDoc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("gum gold: %w", err)
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	var docs []GUMDoc
	for n := 1; ; n++ {
		var d GUMDoc
		err := dec.Decode(&d)
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("gum gold %s: document %d: %w", path, n, err)
		}
		if !utf8.ValidString(d.Text) {
			return nil, fmt.Errorf("gum gold %s: document %s: text is not valid UTF-8", path, d.ID)
		}
		docs = append(docs, d)
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("gum gold %s: no documents", path)
	}
	return docs, nil
}

// locateQuotes finds each quote string in text, in order, each search
// starting where the previous match ended. White space is ignored on both
// sides, because GUM's quote strings are joined from tokens ("that ’s")
// while the text keeps the original spacing. A quote that cannot be found
// gets an empty interval and does not move the search on.
func locateQuotes(d doc, quotes []string) []interval {
	// Compact the text to its non-space code points, remembering where
	// each one was.
	var comp []rune
	var pos []int
	for i, r := range d {
		if !unicode.IsSpace(r) {
			comp = append(comp, r)
			pos = append(pos, i)
		}
	}
	out := make([]interval, len(quotes))
	from := 0
	for qi, q := range quotes {
		var pat []rune
		for _, r := range q {
			if !unicode.IsSpace(r) {
				pat = append(pat, r)
			}
		}
		at := indexRunes(comp[from:], pat)
		if len(pat) == 0 || at < 0 {
			out[qi] = interval{-1, -1}
			continue
		}
		at += from
		end := at + len(pat)
		out[qi] = interval{pos[at], pos[end-1] + 1}
		from = end
	}
	return out
}

func indexRunes(s, pat []rune) int {
	for i := 0; i+len(pat) <= len(s); i++ {
		j := 0
		for j < len(pat) && s[i+j] == pat[j] {
			j++
		}
		if j == len(pat) {
			return i
		}
	}
	return -1
}

// GUMResult is the quote score on the GUM Wikinews documents. GUM marks
// only quote-mark spans (quotations and scare quotes), not reported
// speech, so Recall is the meaningful number; Precision counts every
// indirect statement as a false positive and is only a rough lower bound.
type GUMResult struct {
	Documents  int `json:"documents"`
	Quotes     int `json:"quotes"`
	Statements int `json:"statements"`
	// Unlocated counts the gold quote strings not found in their text;
	// they count as gold quotes that were missed.
	Unlocated int      `json:"unlocated"`
	Failed    int      `json:"failed"`
	Scores    []PRF    `json:"scores"`
	Errors    []Record `json:"-"`
}

// GUMThresholds are the overlap thresholds of the GUM score (those of the
// GGT protocol).
var GUMThresholds = GGTThresholds

// ScoreGUM runs x on every document and scores its statements against the
// located gold quotes with the GGT quote protocol at each threshold.
func ScoreGUM(ctx context.Context, docs []GUMDoc, x Extractor) (*GUMResult, error) {
	results, err := run(ctx, len(docs), x, func(i int) (string, string, string) {
		return docs[i].ID, docs[i].Title, docs[i].Text
	})
	if err != nil {
		return nil, err
	}
	res := &GUMResult{Documents: len(docs), Scores: make([]PRF, len(GUMThresholds))}
	for i, gd := range docs {
		r := results[i]
		res.Statements += len(r.article.Statements)
		if r.err != nil {
			res.Failed++
			res.Errors = append(res.Errors, Record{Dataset: "gum", Kind: "extractor_error", Doc: gd.ID, Context: r.err.Error()})
		}
		d := doc([]rune(gd.Text))
		gold := locateQuotes(d, gd.Quotes)
		res.Quotes += len(gold)
		for gi, g := range gold {
			if g.start < 0 {
				res.Unlocated++
				res.Errors = append(res.Errors, Record{Dataset: "gum", Kind: "unlocated", Doc: gd.ID, Context: gd.Quotes[gi]})
			}
		}
		stmts := r.article.Statements
		pred := contentIntervals(d, stmts)
		for ti, th := range GUMThresholds {
			g2p, p2g := matchQuotes(gold, pred, th)
			m := float64(matched(g2p))
			res.Scores[ti].add(PRF{Gold: len(gold), Pred: len(pred), Matched: m, MatchedPred: m})
			if ti > 0 {
				continue
			}
			for gi, g := range gold {
				if g2p[gi] >= 0 || g.start < 0 {
					continue
				}
				gs := d.span(g.start, g.end)
				rec := Record{Dataset: "gum", Kind: "miss", Doc: gd.ID, Gold: &gs, Context: d.context(g.start, g.end)}
				if ni, c := nearest(g, pred); ni >= 0 {
					predInfo(&rec, d, stmts[ni])
					rec.Overlap, rec.PredTaken = c, p2g[ni] >= 0
				}
				res.Errors = append(res.Errors, rec)
			}
		}
	}
	for i := range res.Scores {
		res.Scores[i].finish()
	}
	return res, nil
}
