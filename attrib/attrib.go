// Package attrib finds the attributed statements of an article (direct,
// indirect and mixed quotes, "according to X") and resolves each speaker to
// a name, role and affiliation.
//
// It reads the text in a few linear passes: quote marks are classified and
// paired per paragraph (a quotation left open at a paragraph end continues
// when the next paragraph opens with a mark), the text is split into word
// tokens and sentences that never break inside a quotation, and cue words
// from the lexicon (said, told, according to, …) are read with the noun
// phrase before or after them as the source and the clause or quotation
// around them as the content. Quoted paragraphs that no cue claims continue
// the previous speaker. Sources go to the speaker package in text order.
package attrib

import (
	"errors"
	"fmt"
	"io"
	"sort"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/attrib/speaker"
	"github.com/rapporteur/rapporteur/attrib/tag"
	"github.com/rapporteur/rapporteur/attrib/text"
	"github.com/rapporteur/rapporteur/lexicon"
)

// Attributor holds the lexicons of each language. It is safe for concurrent
// use; build one at start-up with New.
type Attributor struct {
	langs    map[string]*lang
	resolver *speaker.Resolver
	// spans are the learned span models, by language; a language without
	// one is read by the rules alone.
	spans map[string]*spanModel
	// bounds are the learned boundary models of contents, by language.
	bounds map[string]*boundModel
	// cues are the learned cue models, by language: they decide whether
	// a statement the span model reads with a cue outside the lexicon is
	// one.
	cues map[string]*cueModel
	// tagger gives the span model its part-of-speech features.
	tagger *tag.Tagger
	// calib turns readings into calibrated confidences; nil keeps the
	// rules' priors.
	calib *Calibration
}

// Options change how an Attributor reads statements.
type Options struct {
	// RulesOnly reads statements with the rule engine alone, without the
	// learned span model.
	RulesOnly bool
	// Model, if set, is an English span model file (from `rapporteur
	// train`) to use instead of the embedded one.
	Model io.Reader
	// Bounds, if set, is an English boundary model file (from `rapporteur
	// train`), trained for Model, to use instead of the embedded one.
	Bounds io.Reader
	// NoBounds leaves the contents' boundaries as the rules and the span
	// model read them.
	NoBounds bool
	// Cues, if set, is an English cue model file (from `rapporteur
	// train`), trained with Model, to use instead of the embedded one.
	Cues io.Reader
	// Tagger, if set, is the part-of-speech tagger of the span model's
	// features, instead of the embedded one: it must be the tagger the
	// model was trained with.
	Tagger *tag.Tagger
	// Calibration, if set, is the confidence calibration (JSON, from
	// `rapporteur train`) instead of the embedded one.
	Calibration io.Reader
}

// fallback is the language used when an article's language has no
// attribution lexicon.
const fallback = "en"

// New returns an Attributor with the embedded lexicons and models loaded.
func New() (*Attributor, error) { return NewWithOptions(Options{}) }

// NewWithOptions returns an Attributor with the embedded lexicons loaded
// and the span model the options say. A model file that cannot be read is
// an error that says why.
func NewWithOptions(o Options) (*Attributor, error) {
	at := &Attributor{langs: map[string]*lang{}, spans: map[string]*spanModel{}, bounds: map[string]*boundModel{}, cues: map[string]*cueModel{}}
	// The tagger and the span model are the largest files to inflate;
	// the tagger loads on a goroutine of its own beside the rest, which
	// takes a third off the wall time of a process's start on two cores.
	tagger, tagErr, tagged := o.Tagger, error(nil), make(chan struct{})
	if tagger == nil && !o.RulesOnly {
		go func() {
			defer close(tagged)
			tagger, tagErr = tag.Default()
		}()
	} else {
		close(tagged)
	}
	for _, code := range lexicon.Languages() {
		if !lexicon.Has(code, "cues") {
			continue
		}
		l, err := loadLang(code)
		if err != nil {
			return nil, fmt.Errorf("attrib: %w", err)
		}
		at.langs[code] = l
	}
	if at.langs[fallback] == nil {
		return nil, fmt.Errorf("attrib: no %q cue lexicon", fallback)
	}
	r, err := speaker.New()
	if err != nil {
		return nil, fmt.Errorf("attrib: %w", err)
	}
	at.resolver = r
	switch {
	case o.RulesOnly:
	case o.Model != nil:
		m, err := readSpanModel(o.Model)
		if err != nil {
			return nil, fmt.Errorf("attrib: %w", err)
		}
		at.spans[fallback] = m
	default:
		m, err := embeddedSpans()
		if err != nil {
			return nil, fmt.Errorf("attrib: the embedded %w", err)
		}
		if m != nil {
			at.spans[fallback] = m
		}
	}
	switch {
	case o.RulesOnly || o.NoBounds:
	case o.Bounds != nil:
		b, err := readBoundModel(o.Bounds)
		if err != nil {
			return nil, fmt.Errorf("attrib: %w", err)
		}
		at.bounds[fallback] = b
	case o.Model == nil:
		// The embedded boundary model was trained for the embedded span
		// model.
		b, err := embeddedBounds()
		if err != nil {
			return nil, fmt.Errorf("attrib: the embedded %w", err)
		}
		if b != nil {
			at.bounds[fallback] = b
		}
	}
	switch {
	case o.RulesOnly:
	case o.Cues != nil:
		c, err := readCueModel(o.Cues)
		if err != nil {
			return nil, fmt.Errorf("attrib: %w", err)
		}
		at.cues[fallback] = c
	case o.Model == nil:
		// The embedded cue model's threshold was picked with the
		// embedded span model.
		c, err := embeddedCues()
		if err != nil {
			return nil, fmt.Errorf("attrib: the embedded %w", err)
		}
		if c != nil {
			at.cues[fallback] = c
		}
	}
	if <-tagged; tagErr != nil {
		return nil, fmt.Errorf("attrib: %w", tagErr)
	}
	at.tagger = tagger
	if m := at.spans[fallback]; m != nil && m.cues && at.cues[fallback] == nil {
		return nil, errors.New("attrib: the span model reads a cue model's scores, and none was given (en-cues.bin.gz, from the same `rapporteur train`)")
	}
	switch {
	case o.Calibration != nil:
		if at.calib, err = readCalibration(o.Calibration); err != nil {
			return nil, fmt.Errorf("attrib: %w", err)
		}
	case o.Model == nil:
		// The embedded calibration was measured with the embedded model,
		// or with the rules alone for the rules' readings.
		if at.calib, err = embeddedCalibration(); err != nil {
			return nil, fmt.Errorf("attrib: the embedded %w", err)
		}
	}
	return at, nil
}

// Attribute fills a.Statements and a.Entities, adds relay credits
// ("according to the Associated Press") to a.Credits, and returns a. It does
// not change a.Text. It is a pure function of a.
func (at *Attributor) Attribute(a rapporteur.Article) rapporteur.Article {
	a, _, _ = at.attribute(a)
	return a
}

// AttributeDoc is Attribute, also returning the text layer it read a.Text
// into, so that later stages (attrib/act) read the same tokens without
// reading the text again.
func (at *Attributor) AttributeDoc(a rapporteur.Article) (rapporteur.Article, *text.Doc) {
	a, _, d := at.attribute(a)
	return a, d
}

// attribute is AttributeDoc, also returning the reading of each statement
// (see readingOf), which calibration counts by.
func (at *Attributor) attribute(a rapporteur.Article) (rapporteur.Article, []string, *text.Doc) {
	code := a.Language
	l := at.langs[code]
	if l == nil {
		code = fallback
		l = at.langs[fallback]
	}
	doc := l.parse(a.Text)
	rs := doc.Runes
	f, _, _, _ := at.read(code, l, doc)
	// Interview turns replace the statements read inside them, whoever
	// read them, so they come last.
	f.readTurns()
	f.trimSources()

	// Speakers resolve in text order, so "she" finds the Callamard named
	// before it.
	kept := f.cands[:0]
	for _, c := range f.cands {
		if c.content[1] > c.content[0] {
			kept = append(kept, c)
		}
	}
	f.cands = kept
	sort.SliceStable(f.cands, func(i, j int) bool { return f.cands[i].content[0] < f.cands[j].content[0] })
	// Two readings that start at the same word and end apart: the one
	// that runs over the other's attribution is wrong (twins.go).
	f.twins()
	// Two readings of the same words (two cues whose contents the
	// boundaries moved onto one stretch, a quotation read twice) are one
	// statement: the reading that names a source is kept, else the first.
	kept = f.cands[:0]
	for _, c := range f.cands {
		if n := len(kept); n > 0 && kept[n-1].content == c.content {
			if kept[n-1].source[0] < 0 && c.source[0] >= 0 {
				kept[n-1] = c
			}
			continue
		}
		kept = append(kept, c)
	}
	f.cands = kept
	f.dropNestedStances()
	f.dropWordSources()
	tab := at.resolver.TableOf(code, doc)
	statements := make([]rapporteur.Statement, 0, len(f.cands))
	readings := make([]string, 0, len(f.cands))
	var prev *rapporteur.Speaker
	// stance is the speaker of the last noun-phrase stance only the cue
	// model took, whose content ends at rune stanceEnd.
	var stance *rapporteur.Speaker
	var stanceEnd int
	credits := a.Credits
	// cands are the candidates kept as statements, in step with them.
	cands := make([]cand, 0, len(f.cands))
	for _, c := range f.cands {
		st := rapporteur.Statement{
			Kind:    c.kind,
			Mode:    f.modeOf(c),
			Content: spanOf(rs, c.content[0], c.content[1]),
		}
		r := readingOf(c, st.Mode)
		readings = append(readings, r)
		st.Confidence = at.confidence(r, c.conf)
		if c.cue[0] >= 0 {
			cs := spanOf(rs, f.toks[c.cue[0]].Start, f.toks[c.cue[1]-1].End)
			st.Cue = &cs
		}
		var sp rapporteur.Speaker
		var src rapporteur.Span
		resolved := false
		if c.fixed == nil && c.source[0] >= 0 {
			src = spanOf(rs, f.toks[c.source[0]].Start, f.toks[c.source[1]-1].End)
			if fr := quotedIn(c, cands, f.toks); fr >= 0 {
				// A cue inside another speaker's direct words ("They
				// would say …" in an interview answer): only someone
				// the article names speaks there, in that frame.
				var ok bool
				if sp, ok = tab.ResolveQuoted(src, statements[fr]); !ok {
					readings = readings[:len(readings)-1]
					continue
				}
			} else {
				sp = tab.Resolve(src)
			}
			if c.needPerson && sp.Type != rapporteur.Person {
				// As a ghost of dropWordSources: the next quotation
				// without a cue is no one's we know.
				prev, stance = &rapporteur.Speaker{Type: rapporteur.Unknown}, nil
				readings = readings[:len(readings)-1]
				continue
			}
			// A quotation after a colon whose sentence opens with no one
			// the resolver knows ("Previously, the radio carried a
			// reaction: "…"") continues the previous speaker, as one
			// with no colon does; a turn label ("((AN))") names its
			// speaker even unresolved.
			resolved = c.cue[0] >= 0 || c.label[1] > c.label[0] || sp.Type != rapporteur.Unknown || prev == nil && stance == nil
		}
		if c.fixed != nil {
			// An interview layout names the speaker ("((WN))" is Wikinews).
			st.Speaker = *c.fixed
		} else if resolved {
			// The source is this sentence's noun phrase, whatever entity
			// it resolves to (the Resolve contract; kept here so a
			// resolver change cannot move it to an antecedent).
			sp.Source = &src
			if sp.Mention != nil && (sp.Mention.Start < src.Start || sp.Mention.End > src.End) {
				m := src
				sp.Mention = &m
			}
			st.Speaker = sp
		} else if p := prev; p != nil || stance != nil {
			if stance != nil && (stance.Type == rapporteur.Person || joined(rs, stanceEnd, c.content[0])) {
				p = stance
			}
			if p == nil {
				p = &rapporteur.Speaker{Type: rapporteur.Unknown}
			}
			sp := *p
			sp.Mention = nil
			sp.Source = nil
			st.Speaker = sp
		} else {
			st.Speaker = rapporteur.Speaker{Type: rapporteur.Unknown}
		}
		if c.label[1] > c.label[0] {
			// A turn label ("((WN))", "MS") is how the text names the
			// speaker of its turn, whoever it resolved to.
			lab := spanOf(rs, f.toks[c.label[0]].Start, f.toks[c.label[1]-1].End)
			st.Speaker.Source, st.Speaker.Mention = &lab, &lab
		}
		if c.noMention {
			st.Speaker.Source, st.Speaker.Mention = nil, nil
		}
		if st.Speaker.Type == "" {
			st.Speaker.Type = rapporteur.Unknown
		}
		if c.learned && st.Speaker.Type == rapporteur.Unknown {
			// A cue only the cue model took needs a speaker the resolver
			// knows for one ("attempt", "The highest rate" are none).
			readings = readings[:len(readings)-1]
			continue
		}
		if c.nounPhrase {
			// A noun-phrase stance only the cue model took gives its
			// speaker to the quotation its words run into ("spoke of the
			// collaboration between his agency and SpaceX: "…"") and,
			// when a person took it ("Jack Reed asked Sanchez about the
			// claims."), to the quotations after it; a poll's or a
			// body's ("Various opinion polls showed national support
			// …") leaves a later quotation to whoever spoke before it.
			sp := st.Speaker
			stance, stanceEnd = &sp, c.content[1]
		} else if c.source[0] >= 0 || c.fixed != nil || prev == nil {
			sp := st.Speaker
			prev, stance = &sp, nil
		}
		if c.ghost {
			readings = readings[:len(readings)-1]
			continue
		}
		// Relays: an agency named in the source or right after the cue
		// ("told Reuters", "according to AP").
		if name, ev, ok := f.agency(c); ok {
			st.Via = name
			credits = addCredit(credits, rapporteur.Credit{Name: name, Evidence: spanOf(rs, ev[0], ev[1]), Relay: true})
		}
		statements = append(statements, st)
		cands = append(cands, c)
	}
	f.cands = cands
	// "X said …, according to the AP": the agency relays every statement
	// of its sentence.
	sentVia := map[int]string{}
	for i := range statements {
		if statements[i].Via != "" && f.cands[i].sent >= 0 && f.cands[i].cue[0] >= 0 && f.toks[f.cands[i].cue[0]].Lower == "according" {
			sentVia[f.cands[i].sent] = statements[i].Via
		}
	}
	for i := range statements {
		if v, ok := sentVia[f.cands[i].sent]; ok && statements[i].Via == "" && f.cands[i].sent >= 0 {
			statements[i].Via = v
		}
	}
	a.Statements = statements
	a.Entities = tab.Entities()
	if a.Entities == nil {
		a.Entities = []rapporteur.Entity{}
	}
	a.Credits = credits
	if a.Credits == nil {
		a.Credits = []rapporteur.Credit{}
	}
	return a, readings, doc
}

// read finds the statement candidates of a parsed text: the rules', with
// the span model's added and the boundary model's boundaries when the
// language has those models. It returns the sentences it read them in and,
// with a span model, the model's features and labels.
func (at *Attributor) read(code string, l *lang, doc *text.Doc) (*finder, []sentence, *featurizer, []int) {
	f, sents := l.scan(doc)
	m := at.spans[code]
	if m == nil {
		return f, sents, nil, nil
	}
	z := newFeaturizer(f, sents, at.tagger, m.bits, f.modelParas())
	if c := at.cues[code]; c != nil {
		f.cueScore = c.scores(z)
		if m.cues {
			z.setCues(f.cueScore)
		}
	}
	labels, margins := m.label(z)
	f.cands = mergeCands(f, f.modelCands(labels, margins, z.sent, z.pos), f.cands)
	if b := at.bounds[code]; b != nil {
		b.rebound(f, z, labels)
	}
	return f, sents, z, labels
}

// scan finds the statement candidates of a parsed text, and returns the
// sentences it read them in.
func (l *lang) scan(d *text.Doc) (*finder, []sentence) {
	quotes := make([]quotation, len(d.Quotes))
	for i, q := range d.Quotes {
		quotes[i].Quotation = q
	}
	f := &finder{l: l, rs: d.Runes, toks: d.Tokens, quotes: quotes, seen: map[[2]int]bool{}}
	f.find(d.Sentences)
	return f, d.Sentences
}

// agency looks for a wire agency alias in the source of c or between its
// cue and content.
func (f *finder) agency(c cand) (string, [2]int, bool) {
	ranges := [][2]int{{c.viaFrom, c.viaTo}}
	if c.source[0] >= 0 && !c.borrow {
		ranges = append(ranges, c.source)
	}
	for _, r := range ranges {
		for k := r[0]; k < r[1] && k >= 0; k++ {
			for _, ag := range f.l.agencies[f.toks[k].Text] {
				n := len(ag.words)
				if k+n > r[1] {
					continue
				}
				ok := true
				for i, w := range ag.words[1:] {
					if f.toks[k+1+i].Text != w {
						ok = false
						break
					}
				}
				if ok {
					return ag.name, [2]int{f.toks[k].Start, f.toks[k+n-1].End}, true
				}
			}
		}
	}
	return "", [2]int{}, false
}

// addCredit appends c unless a credit with its name exists.
func addCredit(cs []rapporteur.Credit, c rapporteur.Credit) []rapporteur.Credit {
	for _, o := range cs {
		if o.Name == c.Name {
			return cs
		}
	}
	return append(cs, c)
}

// quotedIn returns the index in kept of the direct statement whose
// content holds c's cue, or -1: c reports words inside another's
// quotation or interview answer.
func quotedIn(c cand, kept []cand, toks []token) int {
	if c.cue[0] < 0 {
		return -1
	}
	a, b := toks[c.cue[0]].Start, toks[c.cue[1]-1].End
	for i := len(kept) - 1; i >= 0; i-- {
		k := &kept[i]
		if k.kind == rapporteur.Direct && k.content[0] <= a && b <= k.content[1] {
			return i
		}
	}
	return -1
}

// spanOf builds a Span over runes [a, b) of rs.
func spanOf(rs []rune, a, b int) rapporteur.Span {
	return rapporteur.Span{Start: a, End: b, Text: string(rs[a:b])}
}

// joined reports whether the quotation at rune to opens in the sentence
// whose words end at rune from: no sentence end and no line break stand
// between them ("spoke of the collaboration between his agency and
// SpaceX: "…"").
func joined(rs []rune, from, to int) bool {
	if from < 0 || to < from || to > len(rs) {
		return false
	}
	for _, r := range rs[from:to] {
		if r == '\n' || text.SentenceEnd(r) {
			return false
		}
	}
	return true
}

// dropNestedStances drops a stance whose cue and content lie inside what
// its own speaker's statement reports ("Schultz said he did not support
// Mr. Trump": "he | did not support | Mr. Trump" repeats part of
// Schultz's reported words as a position of its own). A quotation's words are
// left to quotedIn, and reported speech inside reported speech ("said the
// minister had told him …") is kept: it names who said what.
func (f *finder) dropNestedStances() {
	kept := f.cands[:0]
	for i, c := range f.cands {
		if c.cue[0] >= 0 && f.modeOf(c) == rapporteur.Stance && f.nestedIn(i) {
			// Kept as a ghost: removing it handed the next quotation
			// without a cue to whoever spoke before ("The AP story is
			// incorrect. Senator Clinton will not concede …" went to the
			// AP's two campaign officials).
			c.ghost = true
		}
		kept = append(kept, c)
	}
	f.cands = kept
}

// nestedIn reports whether candidate i's cue and content lie inside the
// reported (not quoted) content of another candidate whose cue comes
// before it, and whose speaker is i's: a pronoun ("Syria said it supports
// …") or the same words. Another speaker's stance in reported words
// ("The paper reported that Rumsfeld praised Brazil's leadership") is
// Rumsfeld's position, reported.
func (f *finder) nestedIn(i int) bool {
	c := f.cands[i]
	a, b := f.toks[c.cue[0]].Start, c.content[1]
	if c.content[0] < a {
		a = c.content[0]
	}
	for j, o := range f.cands {
		if j == i || o.kind == rapporteur.Direct || o.cue[0] < 0 || o.cue[0] >= c.cue[0] {
			continue
		}
		if o.content[0] <= a && b <= o.content[1] && f.sameSpeaker(c.source, o.source) {
			return true
		}
	}
	return false
}

// sameSpeaker reports whether source s, inside the words of a statement
// whose source is o, names o's speaker again: a personal pronoun, or the
// same words.
func (f *finder) sameSpeaker(s, o [2]int) bool {
	if s[0] < 0 || o[0] < 0 {
		return false
	}
	if s[1]-s[0] == 1 {
		w := f.toks[s[0]].Lower
		if f.l.is(w, clSubj) && !f.l.is(w, clRel) {
			return true
		}
	}
	if s[1]-s[0] != o[1]-o[0] {
		return false
	}
	for k := 0; k < s[1]-s[0]; k++ {
		if f.toks[s[0]+k].Lower != f.toks[o[0]+k].Lower {
			return false
		}
	}
	return true
}

// dropWordSources drops a statement whose source is one word that names
// no one: a determiner ("The has announced that eleven bases …", where
// the page lost the linked name), a preposition, an adverb or link word
// ("Earlier had said …", "Reportedly denied …") or a time word
// ("December claimed …"): reported words need a speaker the text names;
// a quotation stays. "One said", "All
// agreed" and "Many believe" keep theirs.
func (f *finder) dropWordSources() {
	kept := f.cands[:0]
	for _, c := range f.cands {
		if c.fixed == nil && c.source[0] >= 0 && c.source[1]-c.source[0] == 1 && f.wordSource(c.source[0]) {
			if c.kind == rapporteur.Indirect && f.l.is(f.toks[c.source[0]].Lower, clDet) && c.cue[0] > c.source[1] && f.speechCue(c) {
				// A possessive heading the subject of a verb of saying
				// ("His answer was that …, but said that …") names the
				// speaker when it resolves to a person; "The says …"
				// and "his alleged involvement" (the cue right after
				// it) do not.
				c.needPerson = true
				kept = append(kept, c)
				continue
			}
			if c.kind == rapporteur.Indirect {
				// No statement, but a ghost whose speaker is unknown: a
				// quotation without a cue after it is as likely the
				// unnamed speaker's, and removing the reading had handed
				// it to whoever spoke before.
				c.ghost = true
				c.fixed = &rapporteur.Speaker{Type: rapporteur.Unknown}
				c.noMention = true
			}
			// A quotation is someone's words still: without a cue it
			// continues the previous speaker, as any quotation without
			// one does ("Earlier that day, in a long briefing: "…"");
			// with one ("signs that read "…"") its speaker is unknown.
			if c.cue[0] < 0 {
				c.source = [2]int{-1, -1}
			} else {
				c.fixed = &rapporteur.Speaker{Type: rapporteur.Unknown}
				c.noMention = true
			}
		}
		kept = append(kept, c)
	}
	f.cands = kept
}

// wordSource reports whether token k alone is no speaker (dropWordSources).
func (f *finder) wordSource(k int) bool {
	t := f.toks[k]
	if t.Kind != tWord {
		return true
	}
	w := t.Lower
	return f.l.is(w, clDet) && !f.l.is(w, clAlone|clSubj) || f.l.is(w, clPrep|clDiscourse|clAdv) && !f.l.is(w, clSubj) || f.l.time[w] && !(t.Upper && timeNoun[w])
}

// speechCue reports whether a word of c's cue is a verb of saying.
func (f *finder) speechCue(c cand) bool {
	for k := c.cue[0]; k >= 0 && k < c.cue[1] && k < len(f.toks); k++ {
		if f.speechWord(k) {
			return true
		}
	}
	return false
}

// timeNoun are the time words English writes in lower case: written with
// a capital as a source ("Time reported …", "according to Time") they
// name a publication, where a capital month, day or "Earlier" says
// nothing.
var timeNoun = map[string]bool{"time": true, "week": true, "weekend": true, "month": true, "year": true, "morning": true, "afternoon": true, "evening": true, "night": true}
