package eval

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rapporteur/rapporteur"
)

// Span labels of PolNeAR (and of any brat gold in the same scheme).
const (
	LabelSource  = "Source"
	LabelCue     = "Cue"
	LabelContent = "Content"
)

// SpanLabels are the labels scored, in display order.
var SpanLabels = []string{LabelSource, LabelCue, LabelContent}

// BratDoc is one gold document of a brat standoff directory: its text and
// the spans of one annotation file.
type BratDoc struct {
	ID   string
	Text string
	// Ann is the annotation file read; Annotators is how many annotation
	// files the document has (only the first in sorted order is read).
	Ann        string
	Annotators int
	Spans      []BratSpan
	// Events are the annotation's events ("E" lines), which tie a
	// relation's Source, Cue and Content spans together.
	Events []BratEvent
}

// ReadBrat reads a brat gold directory: either PolNeAR's layout, with
// text/<doc>.txt and attributions/<doc>[_<annotator>].ann, or brat's own,
// with <doc>.txt and <doc>.ann side by side. A document annotated by
// several annotators is read from its first annotation file in sorted
// order, so that there is one gold set per document. Texts without an
// annotation file are skipped; an annotation file without its text, or a
// span outside its text, is an error.
func ReadBrat(dir string) ([]BratDoc, error) {
	return readBrat(dir, false)
}

// ReadBratAnnotations is ReadBrat for training: a document annotated by
// several annotators is read once per annotation file, in sorted order,
// each a BratDoc of the same ID (the first is ReadBrat's).
func ReadBratAnnotations(dir string) ([]BratDoc, error) {
	return readBrat(dir, true)
}

func readBrat(dir string, every bool) ([]BratDoc, error) {
	textDir, annDir := filepath.Join(dir, "text"), filepath.Join(dir, "attributions")
	if !isDir(textDir) || !isDir(annDir) {
		textDir, annDir = dir, dir
	}
	texts, err := filepath.Glob(filepath.Join(textDir, "*.txt"))
	if err != nil {
		return nil, fmt.Errorf("brat gold %s: %w", dir, err)
	}
	anns, err := filepath.Glob(filepath.Join(annDir, "*.ann"))
	if err != nil {
		return nil, fmt.Errorf("brat gold %s: %w", dir, err)
	}
	if len(anns) == 0 {
		return nil, fmt.Errorf("brat gold %s: no .ann files (want text/*.txt with attributions/*.ann, or *.txt with *.ann)", dir)
	}
	base := func(p, ext string) string { return strings.TrimSuffix(filepath.Base(p), ext) }
	hasText := map[string]bool{}
	for _, t := range texts {
		hasText[base(t, ".txt")] = true
	}
	byDoc := map[string][]string{}
	for _, a := range anns {
		id := base(a, ".ann")
		if !hasText[id] {
			// PolNeAR names annotation files <doc>_<annotator>.ann.
			if i := strings.LastIndexByte(id, '_'); i > 0 && hasText[id[:i]] {
				id = id[:i]
			} else {
				return nil, fmt.Errorf("brat gold %s: %s has no text file %s.txt", dir, filepath.Base(a), id)
			}
		}
		byDoc[id] = append(byDoc[id], a)
	}
	ids := make([]string, 0, len(byDoc))
	for id := range byDoc {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	docs := make([]BratDoc, 0, len(ids))
	for _, id := range ids {
		files := byDoc[id]
		sort.Strings(files)
		if !every {
			files = files[:1]
		}
		for _, f := range files {
			d, err := readBratDoc(id, filepath.Join(textDir, id+".txt"), f)
			if err != nil {
				return nil, fmt.Errorf("brat gold %s: %w", dir, err)
			}
			d.Annotators = len(byDoc[id])
			docs = append(docs, d)
		}
	}
	return docs, nil
}

func readBratDoc(id, textPath, annPath string) (BratDoc, error) {
	text, err := os.ReadFile(textPath)
	if err != nil {
		return BratDoc{}, err
	}
	if !utf8.Valid(text) {
		return BratDoc{}, fmt.Errorf("%s: not valid UTF-8", filepath.Base(textPath))
	}
	ann, err := os.ReadFile(annPath)
	if err != nil {
		return BratDoc{}, err
	}
	spans, err := ParseBrat(string(ann))
	if err != nil {
		return BratDoc{}, fmt.Errorf("%s: %w", filepath.Base(annPath), err)
	}
	n := utf8.RuneCount(text)
	for _, s := range spans {
		if s.End > n {
			return BratDoc{}, fmt.Errorf("%s: annotation %s ends at %d, after the text (%d code points)", filepath.Base(annPath), s.ID, s.End, n)
		}
	}
	return BratDoc{ID: id, Text: string(text), Ann: filepath.Base(annPath), Spans: spans, Events: ParseBratEvents(string(ann))}, nil
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// SpanScore is the score of one label under four matching rules.
type SpanScore struct {
	Label string `json:"label"`
	// Strict counts a prediction right when its offsets equal a gold
	// span's.
	Strict PRF `json:"strict"`
	// Exact compares spans after trimming both sides of white space, quote
	// marks of every style, trailing . , ; : and a leading "that " or "that, ": the
	// gold Content includes the quote marks, the final punctuation and the
	// complementizer, which rapporteur's contract leaves out.
	Exact PRF `json:"exact"`
	// Overlap matches gold and predicted spans one to one (greedily, by
	// overlap over union) when they share at least one character.
	Overlap PRF `json:"overlap"`
	// Token matches one to one like Overlap, but gives each pair
	// proportional credit: the shared tokens over the gold span's tokens
	// for recall, over the predicted span's tokens for precision.
	Token PRF `json:"token"`
}

// BratResult is the score of the extractor on a brat gold directory.
type BratResult struct {
	Dir        string `json:"dir"`
	Documents  int    `json:"documents"`
	Statements int    `json:"statements"`
	// MultiAnnotated counts the documents with several annotation files,
	// of which only the first was read.
	MultiAnnotated int `json:"multi_annotated"`
	// Discontinuous counts the gold spans made of several fragments; each
	// was scored as one span from its first start to its last end.
	Discontinuous int `json:"discontinuous"`
	// Duplicates counts the gold spans dropped because another span of the
	// same label had the same offsets in the same document (several
	// relations sharing a source or cue).
	Duplicates int         `json:"duplicates"`
	Failed     int         `json:"failed"`
	Labels     []SpanScore `json:"labels"`
	Errors     []Record    `json:"-"`
}

// Label returns the score of one label.
func (r *BratResult) Label(name string) SpanScore {
	for _, s := range r.Labels {
		if s.Label == name {
			return s
		}
	}
	return SpanScore{Label: name}
}

// ScoreBrat runs x on every document and scores the Source, Cue and
// Content spans of its statements against the gold spans of the same
// label. A statement's Source is its speaker's Source span, or its Mention
// when it has no Source. Spans are sets per document and label: a speaker
// quoted twice counts once.
func ScoreBrat(ctx context.Context, dir string, docs []BratDoc, x Extractor) (*BratResult, error) {
	results, err := run(ctx, len(docs), x, func(i int) (string, string, string) {
		return docs[i].ID, "", docs[i].Text
	})
	if err != nil {
		return nil, err
	}
	res := &BratResult{Dir: dir, Documents: len(docs)}
	for _, l := range SpanLabels {
		res.Labels = append(res.Labels, SpanScore{Label: l})
	}
	for i, bd := range docs {
		r := results[i]
		if bd.Annotators > 1 {
			res.MultiAnnotated++
		}
		res.Statements += len(r.article.Statements)
		if r.err != nil {
			res.Failed++
			res.Errors = append(res.Errors, Record{Dataset: "brat", Kind: "extractor_error", Doc: bd.ID, Context: r.err.Error()})
		}
		d := doc([]rune(bd.Text))
		toks := tokenIDs(d)
		rels := relations(bd)
		for li, label := range SpanLabels {
			var gold []interval
			for _, s := range bd.Spans {
				if s.Label != label {
					continue
				}
				if s.Pieces > 1 {
					res.Discontinuous++
				}
				gold = append(gold, interval{s.Start, s.End})
			}
			gold, dups := dedupe(gold)
			res.Duplicates += dups
			pred, from := predIntervals(d, r.article.Statements, label)
			pred, _ = dedupe(pred)
			recs := scoreSpans(&res.Labels[li], d, toks, gold, pred)
			for k := range recs {
				rec := &recs[k]
				rec.Doc, rec.Label = bd.ID, label
				// Say which statement a wrong prediction came from, and
				// which cue and source a gold span was annotated with.
				if p := rec.Pred; p != nil {
					st := from[interval{p.Start, p.End}]
					rec.PredKind, rec.PredSpeaker = st.Kind, st.Speaker.Name
				}
				if g := rec.Gold; g != nil {
					rel := rels[relKey{label, g.Start, g.End}]
					if c, ok := rel[LabelCue]; ok && label != LabelCue {
						rec.GoldVerb = string(d[c.start:c.end])
					}
					if src, ok := rel[LabelSource]; ok && label != LabelSource {
						sp := d.span(src.start, src.end)
						rec.GoldSpeaker = &sp
					}
				}
			}
			res.Errors = append(res.Errors, recs...)
		}
	}
	for li := range res.Labels {
		l := &res.Labels[li]
		l.Strict.finish()
		l.Exact.finish()
		l.Overlap.finish()
		l.Token.finish()
	}
	return res, nil
}

// relKey names a gold span by its label and offsets.
type relKey struct {
	label      string
	start, end int
}

// relations maps each gold span to the spans of its first event, by role,
// so that an error record can show a missed content's cue and source.
func relations(bd BratDoc) map[relKey]map[string]interval {
	byID := map[string]BratSpan{}
	for _, s := range bd.Spans {
		byID[s.ID] = s
	}
	out := map[relKey]map[string]interval{}
	for _, e := range bd.Events {
		roles := map[string]interval{}
		for _, a := range e.Args {
			if s, ok := byID[a.ID]; ok {
				roles[a.Role] = interval{s.Start, s.End}
			}
		}
		for role, v := range roles {
			k := relKey{role, v.start, v.end}
			if _, ok := out[k]; !ok {
				out[k] = roles
			}
		}
	}
	return out
}

// predIntervals returns the spans a label's predictions cover, and the
// first statement that gave each.
func predIntervals(d doc, stmts []rapporteur.Statement, label string) ([]interval, map[interval]rapporteur.Statement) {
	var out []interval
	from := map[interval]rapporteur.Statement{}
	var st rapporteur.Statement
	add := func(s *rapporteur.Span) {
		if s != nil {
			a, b := d.clamp(s.Start, s.End)
			v := interval{a, b}
			if b > a {
				out = append(out, v)
				if _, ok := from[v]; !ok {
					from[v] = st
				}
			}
		}
	}
	for i := 0; i < len(stmts); i++ {
		st = stmts[i]
		switch label {
		case LabelSource:
			if st.Speaker.Source != nil {
				add(st.Speaker.Source)
			} else {
				add(st.Speaker.Mention)
			}
		case LabelCue:
			add(st.Cue)
		case LabelContent:
			c := st.Content
			// A quotation its cue splits ("…," she said, "…") is two
			// statements, one a piece, where PolNeAR marks one
			// discontinuous span; gold pieces are joined from the first
			// start to the last end, and so are the statements' here.
			// So is a quotation that goes on right after the cue's
			// sentence ("…," she said. "…"), which the product reads as
			// a statement of the same speaker without a cue.
			for i+1 < len(stmts) && (splitAround(st, stmts[i+1]) || goesOn(d, st, stmts[i+1])) {
				i++
				c.End = stmts[i].Content.End
			}
			add(&c)
		}
	}
	return out, from
}

// splitAround reports whether a and b are the two pieces of one quotation
// around their shared cue: same cue, a before it, b after it.
func splitAround(a, b rapporteur.Statement) bool {
	return a.Cue != nil && b.Cue != nil && a.Cue.Start == b.Cue.Start && a.Cue.End == b.Cue.End &&
		a.Content.End <= a.Cue.Start && b.Content.Start >= a.Cue.End
}

// goesOn reports whether b is a quotation that goes on right after the
// sentence of a's cue, which follows a's content: '"…," she said. "…"'.
// Between a's cue (or source, when it comes after the cue) and b lies the
// rest of that sentence and nothing else ('"…," said Kim Lee, a lawyer,
// on Monday. "…"'), and b names no speaker and no cue of its own: the
// product carries a's speaker over to it.
func goesOn(d doc, a, b rapporteur.Statement) bool {
	if a.Cue == nil || b.Cue != nil || b.Kind != rapporteur.Direct || a.Kind == rapporteur.Indirect ||
		a.Content.End > a.Cue.Start || b.Speaker.Source != nil {
		return false
	}
	from := a.Cue.End
	if s := a.Speaker.Source; s != nil && s.End > from {
		from = s.End
	}
	from, to := d.clamp(from, b.Content.Start)
	if b.Content.Start < from {
		return false
	}
	// Words may stand between, when they are the rest of the cue's
	// sentence (an apposition, "on Monday", "in a statement"): the
	// sentence ends right before b, and nothing between is a new line or
	// a quote mark, which would open another quotation.
	// A sentence that ends between (a word of four letters or more, a
	// full stop, a space and another word) is another sentence, and b no
	// longer goes on from a's cue; shorter words before a full stop are
	// taken for abbreviations ("Sen.", "Jr.").
	between := d[from:to]
	ended, words, word := false, false, 0
	for i, r := range between {
		switch {
		case r == '\n' || strings.ContainsRune(quoteMarks, r) && words && !ended:
			return false
		case r == '.' || r == '!' || r == '?' || r == ':':
			if i+2 < len(between) && between[i+1] == ' ' && unicode.IsLetter(between[i+2]) && (r != '.' || word >= 4) {
				return false
			}
			ended = true
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			ended, words = false, true
		}
		if unicode.IsLetter(r) {
			word++
		} else {
			word = 0
		}
	}
	return ended || !words
}

// dedupe sorts spans and removes repeated ones, returning how many it
// removed.
func dedupe(s []interval) ([]interval, int) {
	sort.Slice(s, func(i, j int) bool {
		if s[i].start != s[j].start {
			return s[i].start < s[j].start
		}
		return s[i].end < s[j].end
	})
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out, len(s) - len(out)
}

// scoreSpans adds the four scores of one document and label to sc and
// returns the error records: gold spans no prediction overlaps ("miss"),
// gold spans overlapped but not equal after normalisation ("boundary"),
// and predictions overlapping no gold span ("false_positive").
func scoreSpans(sc *SpanScore, d doc, toks []int, gold, pred []interval) []Record {
	exactSet := func(g, p []interval) float64 {
		in := map[interval]bool{}
		for _, v := range g {
			in[v] = true
		}
		n := 0
		for _, v := range p {
			if in[v] {
				n++
			}
		}
		return float64(n)
	}
	m := exactSet(gold, pred)
	sc.Strict.add(PRF{Gold: len(gold), Pred: len(pred), Matched: m, MatchedPred: m})

	ng, _ := dedupe(normalizeAll(d, gold))
	np, _ := dedupe(normalizeAll(d, pred))
	m = exactSet(ng, np)
	sc.Exact.add(PRF{Gold: len(ng), Pred: len(np), Matched: m, MatchedPred: m})

	var cands []pair
	for gi, g := range gold {
		for pi, p := range pred {
			if o := overlap(g.start, g.end, p.start, p.end); o > 0 {
				union := max(g.end, p.end) - min(g.start, p.start)
				cands = append(cands, pair{gi, pi, float64(o) / float64(union)})
			}
		}
	}
	g2p, p2g := greedy(len(gold), len(pred), cands)
	m = float64(matched(g2p))
	sc.Overlap.add(PRF{Gold: len(gold), Pred: len(pred), Matched: m, MatchedPred: m})

	tok := PRF{Gold: len(gold), Pred: len(pred)}
	for gi, pi := range g2p {
		if pi < 0 {
			continue
		}
		gf, gl := tokenRange(toks, gold[gi])
		pf, pl := tokenRange(toks, pred[pi])
		shared := max(0, min(gl, pl)-max(gf, pf)+1)
		if gl >= gf {
			tok.Matched += float64(shared) / float64(gl-gf+1)
		}
		if pl >= pf {
			tok.MatchedPred += float64(shared) / float64(pl-pf+1)
		}
	}
	sc.Token.add(tok)

	normPred := map[interval]bool{}
	for _, p := range pred {
		normPred[normalize(d, p)] = true
	}
	var recs []Record
	for gi, g := range gold {
		gs := d.span(g.start, g.end)
		rec := Record{Dataset: "polnear", Gold: &gs, Context: d.context(g.start, g.end)}
		switch pi := g2p[gi]; {
		case pi < 0:
			rec.Kind = "miss"
		case normalize(d, g) != normalize(d, pred[pi]):
			rec.Kind = "boundary"
			ps := d.span(pred[pi].start, pred[pi].end)
			rec.Pred, rec.Overlap = &ps, coverage(g, pred[pi])
		default:
			continue
		}
		recs = append(recs, rec)
	}
	for pi, p := range pred {
		if p2g[pi] >= 0 {
			continue
		}
		ps := d.span(p.start, p.end)
		recs = append(recs, Record{Dataset: "polnear", Kind: "false_positive", Pred: &ps, Context: d.context(p.start, p.end)})
	}
	return recs
}

// quoteMarks are the quote marks of every style that normalisation trims.
const quoteMarks = "\"'`“”„‟«»‹›‘’‚‛"

// normalize trims span v of d, repeatedly, of surrounding white space and
// quote marks, of trailing . , ; : and of a leading "that " or "that, " (any case), so
// that spans differing only by the conventions of the gold and of
// rapporteur compare equal. An empty result is returned as an empty
// interval at the original start.
func normalize(d doc, v interval) interval {
	s, e := d.clamp(v.start, v.end)
	for {
		ps, pe := s, e
		for s < e && (unicode.IsSpace(d[s]) || strings.ContainsRune(quoteMarks, d[s])) {
			s++
		}
		for e > s && (unicode.IsSpace(d[e-1]) || strings.ContainsRune(quoteMarks+".,;:", d[e-1])) {
			e--
		}
		if e-s > 5 && strings.EqualFold(string(d[s:s+4]), "that") && (unicode.IsSpace(d[s+4]) || d[s+4] == ',') {
			s += 5
		}
		if s == ps && e == pe {
			break
		}
	}
	if s >= e {
		return interval{v.start, v.start}
	}
	return interval{s, e}
}

func normalizeAll(d doc, v []interval) []interval {
	out := make([]interval, 0, len(v))
	for _, x := range v {
		if n := normalize(d, x); n.len() > 0 {
			out = append(out, n)
		}
	}
	return out
}

// tokenIDs numbers the tokens of d: runs of letters and digits, and every
// other non-space character on its own. Each code point gets the number of
// its token, or -1 for white space. Numbers grow along the text, so the
// tokens a span touches are the range from its first to its last number.
func tokenIDs(d doc) []int {
	ids := make([]int, len(d))
	n := -1
	for i, r := range d {
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case unicode.IsSpace(r):
			ids[i] = -1
			continue
		case !word || i == 0 || !(unicode.IsLetter(d[i-1]) || unicode.IsDigit(d[i-1])):
			n++
		}
		ids[i] = n
	}
	return ids
}

// tokenRange returns the first and last token numbers v touches; last <
// first when it touches none.
func tokenRange(ids []int, v interval) (first, last int) {
	first, last = 0, -1
	for i := v.start; i < v.end && i < len(ids); i++ {
		if ids[i] >= 0 {
			first = ids[i]
			break
		}
	}
	for i := min(v.end, len(ids)) - 1; i >= v.start; i-- {
		if ids[i] >= 0 {
			last = ids[i]
			break
		}
	}
	return first, last
}
