package attrib

import (
	"strings"
	"unicode"

	"github.com/rapporteur/rapporteur"
)

// Confidence priors of the ways a statement is found. They order the
// readings (a quotation with a cue and a subject is the surest; reported
// speech read off a cue is less sure, its content boundary being a guess; a
// quotation carried over to the previous speaker, a "Name:" line or a
// dash signature the least). They are ranks, and they name the reading:
// the calibration (calibrate.go) replaces each with its measured share
// right, and only a reading too rare to measure keeps its prior.
const (
	confDirect   = 0.9
	confIndirect = 0.75
	confAccord   = 0.8
	confFloating = 0.6
	confBare     = 0.5
	// confInfinitive ranks an intention or refusal read off its
	// infinitive ("vowed to …", "declined to …").
	confInfinitive = 0.55
)

// cand is a statement found in the text, before its speaker is resolved.
// Ranges are token ranges [a, b); a source of [-1, -1] means the speaker
// is carried over from the statement before (a floating quotation).
type cand struct {
	kind           string
	content        [2]int // runes
	cue            [2]int // tokens, cue[0] < 0 when there is none
	source         [2]int // tokens
	conf           float64
	borrow         bool // speaker is the one of the previous statement in the sentence
	viaFrom, viaTo int  // token range searched for a relaying agency
	sent           int  // sentence index, or -1 for quotations read alone
	// fixed is the speaker an interview layout gives ("((WN))" is
	// Wikinews), used instead of resolving a source.
	fixed *rapporteur.Speaker
	label [2]int // tokens of a turn label, the speaker's mention; empty when none
	// noMention: the speaker carries on from a turn before, so no words
	// of this paragraph name them.
	noMention bool
	// needPerson: the source is one determiner ("His answer was …, but
	// said that …"), kept only when it resolves to a person
	// (dropWordSources).
	needPerson bool
	// ghost: a statement a rule removed (dropNestedStances) that still
	// gives its speaker to the quotations after it, as it did before the
	// rule, but is no statement itself.
	ghost bool
	// mode is the statement's mode when the reader knows it already;
	// empty lets modeOf decide.
	mode string
	// model says the span model read the candidate; score is then its
	// margin (see meanMargin).
	model bool
	score float64
	// learned says the cue model, not the lexicon, took the cue.
	learned bool
	// nounPhrase says a lexicon cue took, by the cue model's word, a noun
	// phrase the lexicon does not give it ("Polls showed national support
	// …", acceptNew).
	nounPhrase bool
	// runsOn says the span model's noun-phrase content stops before a
	// word that carries it on ("believe the crown prince | ordered …",
	// "declared the outbreak | a pandemic"): a clause cut short.
	runsOn bool
	// block says the content is the paragraph after its cue's ("He
	// said:" and the speech below): whole, its boundaries stay.
	block bool
	// phrase says the span model's content holds no verb: a noun
	// phrase, quoted or not ("CNN's "State of the Union."").
	phrase bool
}

// cueHit is a cue matched in a sentence.
type cueHit struct {
	a, b int // token range of the cue words (with auxiliaries in front)
	verb int // token index of the inflected word
	c    cue
}

// finder holds the per-article state of the statement search.
type finder struct {
	l      *lang
	rs     []rune
	toks   []token
	quotes []quotation
	cands  []cand
	seen   map[[2]int]bool // contents of cands
	cur    int             // index of the sentence being read
	// cueScore is the cue model's score of each token, nil without one.
	cueScore []float32
	// lexCues holds the lexicon's cues starting at each word token, read
	// once (see cuesAt).
	lexCues [][]cue
}

// The token predicates are false outside the token slice, so the
// readers can look one token past a range end without checking.
func (f *finder) word(k int) bool { return k >= 0 && k < len(f.toks) && f.toks[k].Kind == tWord }
func (f *finder) punct(k int, set string) bool {
	if k < 0 || k >= len(f.toks) {
		return false
	}
	t := f.toks[k]
	return t.Kind == tPunct && strings.ContainsRune(set, f.rs[t.Start])
}
func (f *finder) openQuote(k int) bool {
	return k >= 0 && k < len(f.toks) && f.toks[k].Kind == tQuote && f.toks[k].Open
}
func (f *finder) closeQuote(k int) bool {
	return k >= 0 && k < len(f.toks) && f.toks[k].Kind == tQuote && !f.toks[k].Open
}

// matchCues lists the cue words of sentence s that lie outside quotations
// and read as speech verbs.
func (f *finder) matchCues(s sentence) []cueHit {
	var hits []cueHit
	title := f.titleCase(s)
	for k := s.First; k < s.Last; k++ {
		t := f.toks[k]
		if t.Kind != tWord || t.Quote >= 0 || (t.Upper && k > s.First && !f.openQuote(k-1) && !title) {
			// A capitalized cue word inside a sentence is a name ("The
			// New York Post reports").
			continue
		}
		cs, ok := f.l.cues[t.Lower]
		if !ok {
			continue
		}
		best, bestLen := -1, 0
		for ci, c := range cs {
			n := len(c.words)
			if k+n > s.Last || n <= bestLen {
				continue
			}
			okw := true
			for w := 1; w < n; w++ {
				if f.toks[k+w].Lower != c.words[w] || f.toks[k+w].Quote >= 0 {
					okw = false
					break
				}
			}
			if okw {
				best, bestLen = ci, n
			}
		}
		if best < 0 {
			continue
		}
		c := cs[best]
		h := cueHit{a: k, b: k + bestLen, verb: k, c: c}
		if !f.verbal(s, h) {
			continue
		}
		// Auxiliaries in front join the cue: "has said", "will tell".
		// A capitalized one inside a sentence is a name ("Theresa May
		// said", "Will said").
		for h.a > s.First && f.toks[h.a-1].Quote < 0 && f.word(h.a-1) && f.l.is(f.toks[h.a-1].Lower, clAux) && !f.l.is(f.toks[h.a-1].Lower, clAdv) && c.form != formPrep && !(f.toks[h.a-1].Upper && h.a-1 > s.First && !title) {
			h.a--
		}
		hits = append(hits, h)
		k = h.b - 1
	}
	return hits
}

// spokeVerbs are the finite forms of the verbs that tell that someone
// spoke, not what: no cues (a noun phrase or a clause after them is none
// of their words), but a quotation after their phrase is.
var spokeVerbs = map[string]bool{"spoke": true, "speaks": true, "talked": true, "talks": true}

// phrasalParticle are the particles that make a verb of a cue word
// another verb when they are all that follows it ("backed out", "called
// off", "stepped down").
var phrasalParticle = map[string]bool{"out": true, "off": true, "down": true, "away": true, "up": true, "back": true, "over": true}

// readSpoke reads "Senator Lindsey Graham spoke on Fox News, "…"": a verb
// of speaking, a short phrase of where or to whom, a comma and a
// quotation. The quotation is what the subject said, not a floating one
// of the speaker before.
func (f *finder) readSpoke(s sentence) {
	for v := s.First + 1; v < s.Last; v++ {
		t := f.toks[v]
		if t.Kind != tWord || t.Quote >= 0 || t.Upper || !spokeVerbs[t.Lower] || !f.word(v+1) || !f.l.is(f.toks[v+1].Lower, clPrep) {
			continue
		}
		c := v + 2
		for c < s.Last && c < v+8 && f.word(c) && f.toks[c].Quote < 0 {
			c++
		}
		if c == v+2 || !f.punct(c, ",:") || !f.openQuote(c+1) {
			continue
		}
		j := f.skipLeft(s.First, v)
		st := f.leftNP(s.First, j)
		if st == j || !f.sentenceStartsAt(st) && !f.punct(st-1, ",") {
			continue
		}
		q := f.toks[c+1].Quote
		if f.quotes[q].used {
			continue
		}
		if kind, r, ok := f.content(c+1, f.quotes[q].Last); ok && kind == rapporteur.Direct {
			f.add(cand{kind: kind, content: r, cue: [2]int{v, v + 1}, source: [2]int{st, j}, conf: confOf(kind), viaFrom: v + 1, viaTo: c})
		}
	}
}

// readAsked reads a sentence that opens with the question put to its
// subject: "Asked about the plan, Ryan said …", "Asked whether …, the
// mayor shrugged". The content is the question, the source the subject
// after the comma; the main clause is read on its own.
func (f *finder) readAsked(s sentence, h cueHit) {
	a := h.b
	if f.word(a) && f.toks[a].Lower == "about" {
		h.b++
		a++
	}
	c := a
	for c < s.Last && c < a+40 && !(f.punct(c, ",") && f.toks[c].Quote < 0) {
		c++
	}
	if c == a || c+1 >= s.Last || !f.punct(c, ",") {
		return
	}
	st := c + 1
	e := st
	for e < s.Last && e < st+8 && f.word(e) && f.toks[e].Quote < 0 && !f.l.is(f.toks[e].Lower, clAux|clVerb) && !f.l.adverb(f.toks[e]) {
		if _, cue := f.l.cues[f.toks[e].Lower]; cue && e > st {
			break
		}
		e++
	}
	if e == st || !(f.toks[st].Upper || f.l.is(f.toks[st].Lower, clSubj|clDet)) || e >= s.Last || !f.word(e) {
		return
	}
	kind, r, ok := f.content(a, c)
	if !ok {
		return
	}
	f.add(cand{kind: kind, content: r, cue: [2]int{h.a, h.b}, source: [2]int{st, e}, conf: confInfinitive, viaFrom: h.b, viaTo: a})
}

// titleCase reports whether sentence s is a headline in title case
// ("Christie Says He Would Issue A Quarantine"), where a capitalized cue
// word is still a verb: five or more words outside quotations, nearly all
// of the longer ones capitalized.
func (f *finder) titleCase(s sentence) bool {
	words, long, upper := 0, 0, 0
	for k := s.First; k < s.Last; k++ {
		t := f.toks[k]
		if t.Kind != tWord || t.Quote >= 0 {
			continue
		}
		words++
		if len(t.Lower) >= 4 {
			long++
			if t.Upper && !allCaps(t.Text) {
				upper++
			}
		}
	}
	return words >= 5 && long >= 3 && upper*10 >= long*9
}

// verbal reports whether the cue hit reads as a speech verb here, not as a
// noun ("the report"), a passive ("was told") or an adjective.
func (f *finder) verbal(s sentence, h cueHit) bool {
	if h.c.form == formPrep {
		return true
	}
	k := h.verb
	prev := k - 1
	for prev >= s.First && f.word(prev) && f.l.adverb(f.toks[prev]) {
		prev--
	}
	if prev < s.First && h.c.quest && (h.c.form == formPast || h.c.form == formPart) && prev == k-1 {
		// "Asked about the plan, Ryan said …": the question put to the
		// subject of the main clause.
		return true
	}
	if prev < s.First {
		// Sentence-initial: only an -ing form ("Saying …") is not a verb
		// with its subject before it; imperatives and nouns are not cues.
		return false
	}
	p := f.toks[prev]
	if f.linkSaid(k) {
		return false
	}
	if p.Kind == tWord && !p.Upper && prev > s.First && f.word(prev-1) && f.l.is(f.toks[prev-1].Lower, clSubj) && !f.l.is(p.Lower, clAux|clPassive|clAlone|clDet|clStop|clDiscourse) && !f.l.time[p.Lower] && !strings.HasSuffix(p.Lower, "self") && !strings.HasSuffix(p.Lower, "selves") && (prev-1 == s.First || !f.word(prev-2) || f.l.is(f.toks[prev-2].Lower, clStop)) {
		// "until it pays back the loan": the word after a subject
		// pronoun that opens a clause is the verb, and the cue word
		// after it a particle or its object ("the experts I
		// interviewed said" is a relative clause of the noun before).
		return false
	}
	if p.Kind == tWord && (f.l.is(p.Lower, clPassive) || strings.HasSuffix(p.Lower, "'re") || strings.HasSuffix(p.Lower, "’re")) && h.c.form != formIng {
		// "was told", "we're told"
		return false
	}
	// "three said", "another says": a quantifier standing alone is the
	// subject of a verb form; a noun form is read as a noun after it.
	alone := p.Kind == tWord && f.l.is(p.Lower, clAlone) && (h.c.form == formPast || !h.c.noun && (h.c.form == formS || h.c.form == formBase))
	if p.Kind == tWord && f.l.is(p.Lower, clDet) && !f.l.is(p.Lower, clSubj) && !alone {
		return false
	}
	if p.Kind == tWord && (p.Lower == "to") && h.c.form == formBase {
		// "to say" is an infinitive: real but rarely a statement of the
		// subject; keep only "has to say" style cues out.
		return false
	}
	if h.c.noun && (h.c.form == formBase || h.c.form == formS) {
		// A noun-like form needs a subject right before: a pronoun or an
		// auxiliary, a plural noun before the base form ("officials
		// claim"), a name before the -s form ("Trump claims"), never an
		// adjective ("a Republican state senator").
		if p.Kind != tWord {
			return false
		}
		ok := f.l.is(p.Lower, clSubj|clAux)
		if h.c.form == formBase && strings.HasSuffix(p.Lower, "s") && !p.Upper {
			ok = true
		}
		if h.c.form == formS && (p.Upper || strings.HasSuffix(p.Lower, "s")) {
			ok = true
		}
		if !ok {
			return false
		}
	}
	if h.c.name && (h.c.form == formPast || h.c.form == formPart) && p.Kind == tWord && !p.Upper && !f.l.is(p.Lower, clSubj|clAux|clRel) && !f.smallClause(h.b, s.Last) {
		// "an app called …" names; "she called it …" speaks, and so does
		// "one of the doctors called Oz a quack".
		return false
	}
	if (h.c.np || h.c.inf) && (h.c.form == formPast || h.c.form == formPart) && p.Kind == tWord && (strings.HasSuffix(p.Lower, "'s") || strings.HasSuffix(p.Lower, "’s") || f.l.is(p.Lower, clPrep) || unicode.IsDigit(rune(p.Lower[0]))) {
		// "the city's proposed budget", "in rejected bids": a participle
		// used as an adjective.
		return false
	}
	if h.b < s.Last && f.toks[h.b].Lower == "than" {
		// "easier said than done"
		return false
	}
	if h.c.form == formIng && p.Kind == tWord && f.l.is(p.Lower, clPrep) {
		// "after calling off classes", "along with adding …"
		return false
	}
	if h.c.form == formBase && p.Kind == tWord && !alone && !f.l.is(p.Lower, clSubj|clAux|clCollective) && !strings.HasSuffix(p.Lower, "s") && !strings.HasSuffix(p.Lower, "ed") && !p.Upper && !(f.pluralHead(s.First, prev) && !(f.word(h.b) && f.l.is(f.toks[h.b].Lower, clPrep))) {
		// "say" after a singular common noun is rare ("officials say" is
		// plural); after other words it is an infinitive or a noun.
		return false
	}
	return true
}

// pluralHead reports whether the words up to k (a noun) are the
// preposition phrases of a plural noun before them: "observers in
// Virginia and around the country say", "documents from his 1995 tax
// return show". (Its caller leaves out a cue with a preposition after it:
// "The needs of Parliamentary theatre argue for …" is no saying.)
func (f *finder) pluralHead(lo, k int) bool {
	for i := k; i > lo && i > k-12; i-- {
		t := f.toks[i]
		if !f.word(i) || t.Quote >= 0 || f.l.is(t.Lower, clThat|clRel|clSubj|clAux) || t.Lower == "to" {
			return false // a clause or an infinitive ("effort to bounce back")
		}
		if _, ok := f.l.cues[t.Lower]; ok && i < k && !f.l.is(t.Lower, clPrep) {
			return false // a verb: the phrase is a clause's
		}
		if !f.l.is(t.Lower, clPrep) || !f.word(i-1) {
			continue
		}
		h := f.toks[i-1]
		if !h.Upper && len(h.Lower) > 3 && strings.HasSuffix(h.Lower, "s") && !strings.HasSuffix(h.Lower, "ss") && !strings.HasSuffix(h.Lower, "'s") && !strings.HasSuffix(h.Lower, "’s") && !f.l.is(h.Lower, clStop|clAdv|clAux|clSubj) {
			return true
		}
	}
	return false
}

// find searches all sentences for statements.
func (f *finder) find(sents []sentence) {
	for si, s := range sents {
		f.cur = si
		if f.linkLine(s) {
			continue
		}
		f.readLabel(s)
		hits := f.matchCues(s)
		before := len(f.cands)
		for i, h := range hits {
			// A cue inside the content leaves it running ("says Machado
			// promised to keep supporting Clinton"); a later one may still
			// close it ("… and said she would stand up to the attacks").
			hi := s.Last
			for j := i + 1; j < len(hits) && hi == s.Last; j++ {
				hi = f.clauseEnd(h, hits[j], s)
			}
			f.readCue(s, h, hi, before)
		}
		f.readPassive(s)
		f.readSpoke(s)
	}
	f.readDashes()
	f.readPullQuotes(sents)
	f.floating()
}

// readPullQuotes reads pull quotes and embedded posts that a page signs
// with a bare name after the words: "It's very bad for our seniors. Rod
// Peters, Lake Cowichan mayor". The last sentence of the paragraph is two
// to eight words that open with a capitalized name and hold no verb we
// know; the paragraph before it has no statement yet.
func (f *finder) readPullQuotes(sents []sentence) {
	taken := map[int]bool{}
	for _, c := range f.cands {
		if c.cue[0] >= 0 {
			taken[f.toks[c.cue[0]].Para] = true
		}
	}
	for i := 1; i < len(sents); i++ {
		s, p := sents[i], sents[i-1]
		para := f.toks[s.First].Para
		if f.toks[p.First].Para != para || taken[para] || (s.Last < len(f.toks) && f.toks[s.Last].Para == para) {
			continue
		}
		n := s.Last - s.First
		if n < 2 || n > 8 || !f.word(s.First) || !f.word(s.First+1) || !f.toks[s.First].Upper || !f.toks[s.First+1].Upper || allCaps(f.toks[s.First].Text) {
			continue
		}
		ok := true
		for k := s.First; k < s.Last; k++ {
			t := f.toks[k]
			if t.Quote >= 0 || t.Kind == tPunct && !f.punct(k, ",.'’-") {
				ok = false
				break
			}
			if _, cue := f.l.cues[t.Lower]; cue || f.l.is(t.Lower, clVerb|clSubj|clDet) {
				ok = false
				break
			}
		}
		first := p.First
		for first > 0 && f.toks[first-1].Para == para {
			first--
		}
		if !ok || f.words(first, p.Last) < 6 {
			continue
		}
		if kind, c, cok := f.content(first, p.Last); cok {
			e := f.trimEnd(s.First, s.Last)
			f.cands = append(f.cands, cand{kind: kind, content: c, cue: [2]int{-1, -1}, source: [2]int{s.First, e}, conf: confBare, viaFrom: s.First, viaTo: e, sent: -1})
			taken[para] = true
		}
	}
}

// linkLine reports whether sentence s is page furniture that names a
// story: "READ MORE: X says …", "WATCH | …", a capitalized label before a
// colon or bar.
func (f *finder) linkLine(s sentence) bool {
	k := s.First
	for k < s.Last && k < s.First+3 && f.word(k) && allCaps(f.toks[k].Text) {
		k++
	}
	return k > s.First && k < s.Last && f.punct(k, ":|") && f.l.is(f.toks[s.First].Lower, clLink)
}

// readLabel reads a line that opens with a speaker's name and a colon, as
// transcripts and headlines write them ("PENCE: Well, …", "Sanders:
// Clinton needs …"): up to four capitalized words at the paragraph start,
// then the colon; the rest of the sentence is the content.
func (f *finder) readLabel(s sentence) {
	lo := s.First
	if lo > 0 && f.toks[lo-1].Para == f.toks[lo].Para {
		return
	}
	quoted := f.openQuote(lo)
	if quoted {
		lo++
	}
	k := lo
	for k < s.Last && k < lo+4 && f.word(k) && f.toks[k].Upper && (f.toks[k].Quote < 0 || quoted) {
		if !quoted && allCaps(f.toks[k].Text) {
			// Capitals without a transcript's opening mark are section
			// heads ("ENERGY:", "KEEPING SCORE:").
			return
		}
		k++
	}
	if k == lo || k >= s.Last-1 || !f.punct(k, ":") || f.l.labels[f.toks[lo].Lower] {
		return
	}
	for i := lo; i < k; i++ {
		if _, ok := f.l.cues[f.toks[i].Lower]; ok || f.l.caption(f.toks[i].Text) {
			// A caption names who is pictured and who took the
			// picture ("Kamala Harris Image: U.S. Senate"), no speaker.
			return
		}
	}
	if kind, c, ok := f.content(k+1, s.Last); ok {
		f.add(cand{kind: kind, content: c, cue: [2]int{k, k + 1}, source: [2]int{lo, k}, conf: confBare, viaFrom: k, viaTo: k})
	}
}

// allCaps reports whether w has two or more letters, all upper case.
func allCaps(w string) bool {
	n := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n > 1
}

// readDashes reads quotations signed with a dash and a name at the end of
// their paragraph: "…” ― Martha Aguilar".
func (f *finder) readDashes() {
	for qi := range f.quotes {
		q := &f.quotes[qi]
		if q.used || q.First < 0 || q.Words == 0 || q.Close < 0 || q.Last+1 >= len(f.toks) {
			continue
		}
		d := q.Last
		if !f.punct(d, "―—–") || f.toks[d].Para != q.Para {
			continue
		}
		e := d + 1
		for e < len(f.toks) && f.toks[e].Para == q.Para && (f.word(e) && f.toks[e].Quote < 0 || f.punct(e, ".-'’")) {
			e++
		}
		e = f.trimEnd(d+1, e)
		if e == d+1 || e-d > 7 || !f.toks[d+1].Upper || e < len(f.toks) && f.toks[e].Para == q.Para && !f.punct(e, ".") {
			continue
		}
		q.used = true
		f.cands = append(f.cands, cand{kind: rapporteur.Direct, content: [2]int{q.Start, q.End}, cue: [2]int{d, d + 1}, source: [2]int{d + 1, e}, conf: confBare, viaFrom: d + 1, viaTo: e, sent: -1})
	}
}

// clauseEnd returns where the content after cue h must stop because the
// next cue h2 continues the same speaker in a new clause ("…, and added
// …", "…, saying …"); otherwise the sentence end.
func (f *finder) clauseEnd(h, h2 cueHit, s sentence) int {
	b := h2.a
	for b > h.b && f.word(b-1) && f.l.is(f.toks[b-1].Lower, clAdv) {
		b--
	}
	switch {
	case h2.c.form == formPrep && b-1 > h.b && f.punct(b-1, ",;—–"):
		// "… say the report is damning, according to the AP"
	case b-1 > h.b && f.word(b-1) && f.l.is(f.toks[b-1].Lower, clConj):
		b--
	case h2.c.form == formIng && b-1 > h.b && f.punct(b-1, ",;—–"):
	default:
		// "X said A, and human rights groups warned that B": a new
		// subject after a comma and a conjunction.
		j := f.skipLeft(h.b, b)
		st := f.leftNP(h.b, j)
		if st < j && st-2 > h.b && f.word(st-1) && f.l.is(f.toks[st-1].Lower, clConj) && f.punct(st-2, ",;") {
			return st - 2
		}
		if st < j && st-3 > h.b && f.word(st-1) && f.l.is(f.toks[st-1].Lower, clConj) && f.closeQuote(st-2) && f.punct(st-3, ",;") && !f.l.is(f.toks[st].Lower, clThat) {
			// '… "would confirm that a person is pointing a gun," but he
			// said that …': the comma inside the quotation's marks ('…
			// "has been travelling," and that Martin's aides acknowledge
			// …' goes on with the first cue's second clause).
			return st - 1
		}
		if st < j && st-1 > h.b && f.punct(st-1, ";") {
			return st - 1
		}
		return s.Last
	}
	for b > h.b && f.punct(b-1, ",;—–") {
		b--
	}
	return b
}

// trimEnd moves end left over closing sentence punctuation outside
// quotations and over commas.
func (f *finder) trimEnd(a, b int) int {
	for b > a && f.toks[b-1].Kind == tPunct && f.toks[b-1].Quote < 0 {
		if f.punct(b-1, ")") && f.opens(a, b-1, '(', ')') {
			break // "(a total of $40 billion)" keeps its closing mark
		}
		b--
	}
	return b
}

// opens reports whether [a, b) leaves an open mark unclosed.
func (f *finder) opens(a, b int, open, close rune) bool {
	n := 0
	for k := a; k < b; k++ {
		if f.toks[k].Kind != tPunct {
			continue
		}
		switch f.rs[f.toks[k].Start] {
		case open:
			n++
		case close:
			if n > 0 {
				n--
			}
		}
	}
	return n > 0
}

// span turns a token range into a rune range.
func (f *finder) span(a, b int) [2]int {
	if b <= a {
		return [2]int{-1, -1}
	}
	return [2]int{f.toks[a].Start, f.toks[b-1].End}
}

// content builds a candidate's content from token range [a, b): the
// quoted words alone when the range is one quotation (direct), the whole
// range otherwise (mixed when it holds a quotation).
func (f *finder) content(a, b int) (kind string, r [2]int, ok bool) {
	for a < b && (f.punct(a, ",:;—–-") || (f.word(a) && f.l.is(f.toks[a].Lower, clThat|clConj) && f.toks[a].Quote < 0)) {
		a++
	}
	if a+1 < b && f.word(a) && f.toks[a].Quote < 0 && f.l.is(f.toks[a].Lower, clDiscourse) && f.punct(a+1, ",") {
		// "Meanwhile, her ratings rose": the reporter's link word.
		a += 2
	}
	b = f.trimEnd(a, b)
	if b <= a {
		return "", r, false
	}
	words := 0
	hasQuote := false
	for k := a; k < b; k++ {
		if f.toks[k].Quote >= 0 {
			hasQuote = true
		}
		if f.word(k) {
			words++
		}
	}
	if words == 0 {
		return "", r, false
	}
	if qa := f.toks[a].Quote; qa >= 0 && f.toks[b-1].Quote == qa && f.openQuote(a) {
		q := &f.quotes[qa]
		if q.First == a && q.Last == b || (q.Close < 0 && q.First == a) {
			q.used = true
			return rapporteur.Direct, [2]int{q.Start, q.End}, q.End > q.Start
		}
	}
	kind = rapporteur.Indirect
	if hasQuote {
		kind = rapporteur.Mixed
		for k := a; k < b; k++ {
			if qi := f.toks[k].Quote; qi >= 0 {
				f.quotes[qi].used = true
			}
		}
	}
	return kind, f.span(a, b), true
}

// skipLeft moves left from the cue over adverbs, auxiliaries and time
// phrases that sit between a subject and its verb ("also on Monday said").
func (f *finder) skipLeft(lo, j int) int {
	for j > lo {
		t := f.toks[j-1]
		if t.Kind != tWord || t.Quote >= 0 {
			break
		}
		if (f.l.adverb(t) || f.l.is(t.Lower, clAux)) && !f.l.is(t.Lower, clSubj) || f.l.time[t.Lower] {
			j--
			continue
		}
		if f.l.is(t.Lower, clPrep|clDet) && j < len(f.toks) && f.l.time[f.toks[j].Lower] {
			// "at the time", "in June", "on Monday"
			j--
			continue
		}
		break
	}
	return j
}

// leftNP returns the start of the noun phrase that ends at j (exclusive),
// read leftwards up to a clause boundary, or j when there is none.
func (f *finder) leftNP(lo, j int) int {
	k := j
	for k > lo {
		t := f.toks[k-1]
		if t.Kind == tQuote || t.Quote >= 0 {
			break
		}
		if t.Kind == tPunct {
			r := f.rs[t.Start]
			if r == '.' || r == '\'' || r == '’' || r == '&' || r == '/' {
				k--
				continue
			}
			if r == ')' {
				// "Rep. John Mica (R-Fla.) said": skip the parenthesis.
				o := k - 2
				for o > lo && o > k-8 && !f.punct(o, "(") {
					o--
				}
				if o > lo && f.punct(o, "(") && f.word(o-1) {
					k = o
					continue
				}
			}
			break
		}
		if !t.Upper && f.l.is(t.Lower, clStop) && !f.l.is(t.Lower, clDet) {
			if t.Lower == "and" && k-1 > lo && f.toks[k-2].Kind == tWord && (f.toks[k-2].Upper || strings.HasSuffix(f.toks[k-2].Lower, "s")) && k < j {
				// "Western diplomats and UN officials say": a coordinated
				// subject, when the left part reaches the clause start
				// (or a sentence-opening "But", "And", "So").
				if s := f.leftNP(lo, k-1); s < k-1 && (s == lo || !f.word(s-1) || s-1 == lo && f.l.is(f.toks[lo].Lower, clStop) && !f.l.is(f.toks[lo].Lower, clDet)) {
					return s
				}
			}
			break
		}
		if cs, ok := f.l.cues[t.Lower]; ok && !t.Upper && (cs[0].form == formPast || cs[0].form == formS) {
			// A speech verb ends the subject: "X reported its source said".
			break
		}
		if f.l.is(t.Lower, clStop) && t.Lower != "the" && !f.l.is(t.Lower, clDet) && k-1 == lo {
			// Sentence-initial "But", "And", "So".
			break
		}
		k--
	}
	// A subject pronoun is the whole subject: "In the letter he said".
	for i := j - 1; i >= k; i-- {
		if f.l.is(f.toks[i].Lower, clSubj) && f.toks[i].Lower != "it" && f.toks[i].Lower != "who" {
			if i == j-1 {
				return i
			}
			break
		}
	}
	// Drop a leading preposition phrase on a time ("On Monday Trump",
	// "In early November the company", "In 2015 the agency").
	for k < j && f.word(k) && f.l.is(f.toks[k].Lower, clPrep) {
		e := -1
		for i := k + 1; i < j-1 && i <= k+3; i++ {
			if f.word(i) && (f.l.time[f.toks[i].Lower] || isYear(f.toks[i].Text)) {
				e = i + 1
			}
		}
		if e < 0 {
			break
		}
		k = e
	}
	for k < j && f.word(k) && f.l.time[f.toks[k].Lower] && !f.toks[k].Upper {
		k++
	}
	return k
}

// isYear reports whether w is a four-digit year.
func isYear(w string) bool {
	if len(w) != 4 {
		return false
	}
	for i := 0; i < 4; i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return w[0] == '1' || w[0] == '2'
}

// rightNP returns the end of the noun phrase that starts at k, read up to
// the sentence end, a quotation or a clause boundary.
func (f *finder) rightNP(k, hi int) int {
	e := k
	for e < hi {
		t := f.toks[e]
		if t.Kind == tQuote || t.Quote >= 0 {
			break
		}
		if t.Kind == tPunct {
			r := f.rs[t.Start]
			if r == '.' && e+1 < hi && !f.punct(e+1, ".") {
				e++
				continue
			}
			if r == '\'' || r == '’' || r == '&' || r == '/' {
				e++
				continue
			}
			if o := f.nameParen(e, hi); o > e && e > k && f.toks[e-1].Upper {
				// "said Rep. G.K. Butterfield (D-N.C.), head of …": a
				// party and state after a name are the name's.
				e = o
				continue
			}
			break
		}
		if e > k && !t.Upper && (f.l.is(t.Lower, clStop) && !f.l.is(t.Lower, clDet) && t.Lower != "and" || f.l.is(t.Lower, clThat)) {
			break
		}
		if e > k && f.l.is(t.Lower, clRel) {
			break
		}
		if e > k && (f.l.time[t.Lower] && !t.Upper || (t.Lower == "last" || t.Lower == "this") && e+1 < hi && f.l.time[f.toks[e+1].Lower]) {
			// "a poll last week", "the survey on Thursday"
			if f.word(e-1) && f.l.is(f.toks[e-1].Lower, clPrep) {
				e--
			}
			break
		}
		e++
	}
	return e
}

// nameParen returns the end of a short parenthesis opening at k with a
// party letter or a state ("(D-N.C.)", "(R)", "(R Minnesota)", "(Vt.)"),
// which news writes after a politician's name, or k when there is none.
// An acronym ("(WHO)") names a body, not a party: it stays out.
func (f *finder) nameParen(k, hi int) int {
	if !f.punct(k, "(") || !f.word(k+1) {
		return k
	}
	w := f.toks[k+1].Text
	if !(len(w) == 1 || len(w) > 2 && w[1] == '-') || w[0] < 'A' || w[0] > 'Z' {
		if !(f.toks[k+1].Upper && f.punct(k+2, ".") && f.punct(k+3, ")")) {
			return k
		}
	}
	for o := k + 2; o < hi && o <= k+8; o++ {
		if f.punct(o, ")") {
			return o + 1
		}
		if !f.word(o) && !f.punct(o, ".-") || f.toks[o].Quote >= 0 {
			return k
		}
	}
	return k
}

// skipRight moves right from the cue over particles ("in a statement",
// "on Wednesday", "reporters") and, for verbs like tell, over the hearer.
func (f *finder) skipRight(h cueHit, k, hi int) int {
	for {
		n := f.particle(k, hi)
		if n == 0 {
			break
		}
		k += n
	}
	if k < hi && f.word(k) && f.l.is(f.toks[k].Lower, clPrep) {
		// "said in his New Year's speech he was ready …": a phrase that
		// ends with a medium noun.
		for e := k + 1; e < hi && e < k+7; e++ {
			t := f.toks[e]
			if t.Kind != tWord || t.Quote >= 0 || f.l.is(t.Lower, clThat) {
				break
			}
			if f.l.media[t.Lower] && e+1 < hi && !f.l.is(f.toks[e+1].Lower, clPrep) {
				if n := f.particle(e+1, hi); n > 0 {
					return e + 1 + n
				}
				return e + 1
			}
		}
		// "says at a campaign stop in Toledo, Ohio, that …"
		lim := k + 14
		if h.c.weak {
			lim = k + 5
		}
		for e := k + 1; e < hi && e < lim; e++ {
			t := f.toks[e]
			if t.Quote >= 0 || t.Kind == tPunct && f.rs[t.Start] != ',' && f.rs[t.Start] != '.' {
				break
			}
			if t.Kind == tWord && f.l.is(t.Lower, clThat) {
				// Only after a place, a time or a comma: "in the video
				// that has …" is a relative clause.
				p := f.toks[e-1]
				if !h.c.weak || p.Upper || p.Kind == tPunct || f.l.time[p.Lower] {
					return e
				}
				break
			}
		}
	}
	if h.c.obj && k == h.b && k < hi && f.word(k) && f.toks[k].Quote < 0 {
		// The hearer runs to "that" when it comes soon, else one noun
		// phrase ("told CNN", "warned the committee").
		for e := k; e < hi && e < k+16; e++ {
			if f.toks[e].Quote >= 0 || f.toks[e].Kind != tWord && !f.punct(e, ",.") {
				break
			}
			if _, ok := f.l.cues[f.toks[e].Lower]; ok && e > k {
				break // another cue's clause: "asked not to be named, told X that"
			}
			if e > k && f.clauseStart(e) {
				break // "reminded the crowd it was … that": the content began
			}
			if f.l.is(f.toks[e].Lower, clThat) {
				return e
			}
		}
		e := k
		if f.l.is(f.toks[e].Lower, clDet) {
			// "told the tour he would …": a determiner and its noun.
			e++
			for e < hi && e < k+4 && f.word(e) && f.toks[e].Quote < 0 && !f.l.is(f.toks[e].Lower, clSubj|clDet|clThat|clPrep) {
				e++
			}
		} else if f.toks[e].Upper {
			for e < hi && f.word(e) && f.toks[e].Quote < 0 && f.toks[e].Upper {
				e++
			}
		} else if !f.l.is(f.toks[e].Lower, clSubj|clThat|clPrep) || f.toks[e].Lower == "them" {
			// "told state media", "warned voters": a few plain words.
			e++
			for e < hi && e < k+3 && f.word(e) && f.toks[e].Quote < 0 && !f.toks[e].Upper && !f.l.is(f.toks[e].Lower, clSubj|clDet|clThat|clPrep|clStop) {
				e++
			}
		}
		if e <= hi {
			k = e
		}
		for {
			n := f.particle(k, hi)
			if n == 0 {
				break
			}
			k += n
		}
	}
	return k
}

// particle returns the number of tokens of a cue particle at k, or 0.
func (f *finder) particle(k, hi int) int {
	best := 0
	for _, p := range f.l.particles {
		if k+len(p) > hi || len(p) <= best {
			continue
		}
		ok := true
		for i, w := range p {
			t := f.toks[k+i]
			if t.Quote >= 0 || t.Kind != tWord {
				ok = false
				break
			}
			if w == "DAY" {
				if !f.l.time[t.Lower] {
					ok = false
					break
				}
				continue
			}
			if t.Lower != w {
				ok = false
				break
			}
		}
		if ok {
			best = len(p)
		}
	}
	return best
}

// onlyTail reports whether [k, hi) holds nothing but a sentence end, maybe
// after particles: the cue closes its sentence ("…, he said on Monday.").
func (f *finder) onlyTail(k, hi int) bool {
	for k < hi {
		if n := f.particle(k, hi); n > 0 {
			k += n
			continue
		}
		if f.punct(k, ";") && f.toks[k].Quote < 0 {
			// "…, Foster writes; such accusations …": a new clause.
			return true
		}
		if f.toks[k].Kind == tPunct && f.toks[k].Quote < 0 {
			k++
			continue
		}
		if f.word(k) && f.l.is(f.toks[k].Lower, clPrep) && f.toks[k].Lower != "to" {
			// "said at a Washington event this month.": a preposition
			// phrase to the sentence end, with no clause in it.
			for e := k; e < hi; e++ {
				t := f.toks[e]
				if t.Quote >= 0 || t.Kind == tWord && f.l.is(t.Lower, clThat|clSubj) || t.Kind == tPunct && !sentenceEnd(f.rs[t.Start]) && f.rs[t.Start] != '.' {
					return false
				}
			}
			return true
		}
		return false
	}
	return true
}

// readCue reads the statement around cue h of sentence s; hi bounds the
// content that follows the cue.
func (f *finder) readCue(s sentence, h cueHit, hi, sentFirstCand int) {
	lo := s.First
	if h.c.form == formPrep {
		f.readAccording(s, h)
		return
	}
	if h.a == s.First && h.c.quest && (h.c.form == formPast || h.c.form == formPart) {
		f.readAsked(s, h)
		return
	}
	j := f.skipLeft(lo, h.a)
	if h.c.form == formIng && j-2 > lo && f.toks[j-1].Lower == "as" && f.toks[j-2].Lower == "quoted" {
		// "he was quoted as saying": the subject is before "was quoted".
		j = f.skipLeft(lo, j-2)
		if j > lo && f.word(j-1) && f.l.is(f.toks[j-1].Lower, clPassive) {
			j = f.skipLeft(lo, j-1)
		}
	} else if h.c.form == formIng && j > lo && f.word(j-1) && f.l.is(f.toks[j-1].Lower, clPassive) {
		// "is saying": a progressive, with its subject before "is".
		j = f.skipLeft(lo, j-1)
	} else if h.c.form == formIng || (j > lo && f.word(j-1) && f.l.is(f.toks[j-1].Lower, clConj)) {
		// ", saying …", "and added …": the subject of the clause before.
		f.readBorrowed(s, h, hi, sentFirstCand)
		return
	}
	if j > lo && (f.punct(j-1, ",:—–") || f.closeQuote(j-1)) {
		// Inverted order: "…," said Agnes Callamard. / "…, said X."
		if e := f.rightNP(h.b, hi); !h.c.obj && f.invertedSource(h.b, e, hi) && (f.hasQuote(lo, j) || !f.plainSubject(lo, j-1) && f.words(lo, j) >= 4 && !f.relativeAside(lo, j-1)) {
			e = f.appositive(e, hi, true)
			if kind, c, ok := f.content(lo, j); ok {
				f.add(cand{kind: kind, content: c, cue: [2]int{h.a, h.b}, source: [2]int{h.b, e}, conf: confOf(kind), viaFrom: h.b, viaTo: e})
				f.rest(h, e, s.Last, [2]int{h.b, e})
			}
			return
		}
		if !f.punct(j-1, ",") {
			return
		}
		tail := f.onlyTail(h.b, hi)
		// "Smith, who …, said that …" and "Smith, a professor, said …":
		// the subject sits before the commas.
		k := j - 1
		for k > lo && !f.punct(k-1, ",") {
			k--
		}
		if k > lo {
			st := f.leftNP(lo, k-1)
			if f.openingSubject(lo, j-1) {
				// "Roxana Leon, 63, a voter from Ohio, said": several
				// appositives after a name that opens the sentence.
				st = lo
			} else if q := f.afterQuotation(lo, k); q > lo && f.openingSubject(q, j-1) {
				// "“…,” Scott Pruitt, the attorney general of Oklahoma,
				// one of the states suing the EPA, said": the same
				// after the quotation.
				st = q
			}
			if st < k-1 {
				// The source keeps its appositive or relative clause, not
				// a phrase about the saying ("Smith, in an interview,
				// said", "Jones, exasperated, said").
				src := [2]int{st, f.asideEnd(st, j-1)}
				if st > lo && f.closeQuote(st-1) || (st > lo+1 && f.punct(st-1, ",") && f.closeQuote(st-2)) {
					// "…," Alexei Malashenko, an expert, said about …
					if kind, c, ok := f.content(lo, st); ok {
						f.add(cand{kind: kind, content: c, cue: [2]int{h.a, h.b}, source: src, conf: confOf(kind), viaFrom: h.b, viaTo: hi})
					}
					return
				}
				if !tail {
					f.after(h, hi, src)
				}
			}
		}
		return
	}
	if j > lo && f.word(j-1) && f.l.is(f.toks[j-1].Lower, clRel) {
		// "Trump, who says …": the relative pronoun is the source in the
		// sentence; the speaker table resolves it to the noun before.
		f.after(h, hi, [2]int{j - 1, j})
		return
	}
	st := f.leftNP(lo, j)
	if st == j || f.reducedRelative(st, j) {
		return
	}
	src := [2]int{st, j}
	if st > lo && (f.punct(st-1, ",:—–") || f.closeQuote(st-1)) {
		// "…, X said." — the content is before the subject, unless an
		// explicit complement follows the cue ("In a statement, X said
		// that …").
		if f.punct(st-1, ",") && f.parenthetical(h, hi) && (st-1 > lo && f.word(st-2) || f.clauseBefore(lo, st-1)) {
			// "The museum, Mr. Obama said, would make …": the content runs
			// on both sides of the cue.
			if kind, c, ok := f.content(lo, hi); ok {
				f.add(cand{kind: kind, content: c, cue: [2]int{h.a, h.b}, source: src, conf: confOf(kind) - 0.1, viaFrom: h.b, viaTo: hi})
			}
			return
		}
		if f.closeQuote(st-1) && f.quoteAfterComma(h, hi) {
			// "…," she said, "…": a quotation on each side.
			if kind, c, ok := f.content(lo, st); ok {
				f.add(cand{kind: kind, content: c, cue: [2]int{h.a, h.b}, source: src, conf: confOf(kind), viaFrom: h.b, viaTo: hi})
			}
		}
		if f.punct(st-1, ",") && f.nameBefore(lo, st-1) {
			// "Tony Blair, former British Prime Minister said of Ahern,
			// "…"": a name and its appositive, the comma after it left
			// out; the source is both, as with the comma.
			f.after(h, hi, [2]int{lo, j})
			return
		}
		_, afterOK := f.afterStart(h, hi)
		if f.onlyTail(h.b, hi) || !h.c.weak && (!afterOK && f.clauseBefore(lo, st) || f.closeQuote(st-1) && !f.explicitAfter(h, hi)) || f.commaQuote(lo, st-1, h) && !f.explicitAfter(h, hi) && !afterOK {
			a := lo
			if f.namedQuote(st-1, h) {
				// "… — a “scaffold,” she calls it —": the named words
				// start after the dash.
				for k := st - 2; k > lo; k-- {
					if f.punct(k-1, "—–:;(") {
						a = k
						break
					}
				}
			}
			if kind, c, ok := f.content(a, st); ok {
				f.add(cand{kind: kind, content: c, cue: [2]int{h.a, h.b}, source: src, conf: confOf(kind), viaFrom: h.b, viaTo: hi})
				f.rest(h, h.b+f.particle(h.b, hi), s.Last, src)
			}
			return
		}
	}
	f.after(h, hi, src)
}

// reducedRelative reports whether [st, j), the words before a cue, is a
// noun phrase with a relative clause that lacks its "that": "…, a charge
// the company rejected", "a decision the party welcomed". Its cue is the
// verb of the relative clause, whose object is the noun phrase, not a
// statement: a determiner opens the phrase, and another follows a word
// that is no preposition or conjunction ("a majority of the members said"
// is a source).
func (f *finder) reducedRelative(st, j int) bool {
	if !f.word(st) || !f.l.is(f.toks[st].Lower, clDet) {
		return false
	}
	for k := st + 2; k < j; k++ {
		if f.word(k) && f.l.is(f.toks[k].Lower, clDet) && f.word(k-1) && !f.l.is(f.toks[k-1].Lower, clDet|clPrep|clStop|clConj) {
			return true
		}
	}
	return false
}

// relativeAside reports whether [lo, e) is a subject with a relative
// clause set off by commas that runs up to e, the comma before the cue:
// "Opposition Leader Kim Beazley, who was outraged that …, pointed out
// the two ministers were at odds" has its subject before the cue, not
// its content (an inverted "…, said X" reading made "the two ministers
// were at odds" the speaker).
func (f *finder) relativeAside(lo, e int) bool {
	c := lo
	for c < e && !f.punct(c, ",") {
		c++
	}
	if c >= e || c == lo || !f.plainSubject(lo, c) || !f.word(c+1) || f.toks[c+1].Quote >= 0 {
		return false
	}
	for k := c + 1; k < e; k++ {
		if f.punct(k, ",;:") {
			return false // "The plan, which was announced on Monday, will fail, said X."
		}
	}
	w := f.toks[c+1].Lower
	return f.l.is(w, clRel) && !f.l.is(w, clThat)
}

// parenthetical reports whether the cue is followed, after particles, by a
// comma and more words of the same clause (not a quotation, not a
// participle clause).
func (f *finder) parenthetical(h cueHit, hi int) bool {
	k := h.b
	for {
		n := f.particle(k, hi)
		if n == 0 {
			break
		}
		k += n
	}
	if k+1 >= hi || !f.punct(k, ",") || !f.word(k+1) || f.toks[k+1].Quote >= 0 {
		return false
	}
	w := f.toks[k+1].Lower
	if cs, ok := f.l.cues[w]; ok && cs[0].form == formIng || strings.HasSuffix(w, "ing") || f.l.is(w, clConj|clNoContent) {
		return false
	}
	return true
}

// prepThenQuote reports whether a phrase of a preposition and at most
// five words, then a comma and an opening quotation mark, start at k
// ("in the majority opinion, "…""), and returns the comma. "to" and "by"
// open no such phrase ("continued by saying, "…"" keeps its cue).
func (f *finder) prepThenQuote(k, hi int) (int, bool) {
	if !f.word(k) || !f.l.is(f.toks[k].Lower, clPrep) || f.toks[k].Lower == "to" || f.toks[k].Lower == "by" {
		return k, false
	}
	c := k + 1
	for c < hi && c < k+7 && !f.punct(c, ",") {
		c++
	}
	return c, c > k+1 && f.punct(c, ",") && f.openQuote(c+1)
}

// nameBefore reports whether [lo, e) is a name alone that opens the
// sentence: two to five capitalized words, no time word among them
// ("Tony Blair", "Peter Robinson"; not "Last week", "In Washington").
func (f *finder) nameBefore(lo, e int) bool {
	if e-lo < 2 || e-lo > 5 || !f.plainSubject(lo, e) {
		return false
	}
	for k := lo; k < e; k++ {
		t := f.toks[k]
		if t.Kind != tWord || !t.Upper || f.l.time[t.Lower] || f.l.is(t.Lower, clDet|clPrep|clDiscourse|clAdv) {
			return false
		}
	}
	return true
}

// plainSubject reports whether [lo, e) reads as one subject noun phrase
// with appositives: it opens with a capitalized word that is no
// preposition or conjunction, and holds no quotation, cue or clause word.
func (f *finder) plainSubject(lo, e int) bool {
	if e-lo > 25 || !f.word(lo) || !f.toks[lo].Upper || f.l.is(f.toks[lo].Lower, clPrep|clStop|clNoContent|clSubj) {
		return false
	}
	for k := lo; k < e; k++ {
		t := f.toks[k]
		if t.Quote >= 0 || t.Kind == tPunct && !strings.ContainsRune(",.'’-&()", f.rs[t.Start]) {
			return false
		}
		if t.Kind == tWord && (f.l.is(t.Lower, clThat) || !t.Upper && f.l.is(t.Lower, clVerb) || f.l.is(t.Lower, clSubj) && !f.l.is(t.Lower, clRel)) {
			return false
		}
		if cs, ok := f.l.cues[t.Lower]; ok && t.Kind == tWord && !t.Upper && !prepCue(cs) && !f.nounUse(k, lo, cs) {
			// A cue verb makes a clause; "according to X" is an aside
			// ("Witnesses, according to The Telegraph, said a man …").
			return false
		}
	}
	return true
}

// commaQuote reports whether k closes a quotation that opens the sentence
// at lo, ends in a comma and holds a clause ("“He was at the top of his
// game,” Rendell recalled, suggesting …"): the sentence goes on to say
// who said it, even with a weak cue. A quotation inside the sentence is a
// name or a banner's words ('But in choosing the name "Vista," Microsoft
// may find …', 'banners which read "stop the whaling," crew … declared
// their intention …'), and one that opens after a comma left from the
// sentence before is that sentence's ('…,” The statement continued').
// A naming cue with "it" after it names the quoted words wherever they
// stand ('— a “scaffold,” she calls it —').
func (f *finder) commaQuote(lo, k int, h cueHit) bool {
	if !f.closeQuote(k) || !f.punct(k-1, ",") {
		return false
	}
	if f.namedQuote(k, h) {
		return true
	}
	return f.openQuote(lo) && f.toks[lo].Quote == f.toks[k].Quote && f.words(lo, k) >= 3
}

// namedQuote reports whether the quotation closing at k is named by a
// naming cue h with "it" after it ('a “scaffold,” she calls it').
func (f *finder) namedQuote(k int, h cueHit) bool {
	return f.closeQuote(k) && h.c.name && f.word(h.b) && (f.toks[h.b].Lower == "it" || f.toks[h.b].Lower == "them")
}

// afterQuotation returns where the words after the last quotation that
// closes in [lo, k) start, past a comma; lo when none closes there.
func (f *finder) afterQuotation(lo, k int) int {
	for q := k - 1; q > lo; q-- {
		if f.closeQuote(q) {
			if f.punct(q+1, ",") {
				q++
			}
			return q + 1
		}
	}
	return lo
}

// openingSubject reports whether [lo, e), which opens a sentence, is a
// plain subject (plainSubject) and not a phrase about the saying: a
// participle's ("Speaking to Portfolio.hu, Matt Simister, …",
// "Interviewed on France 2, …") or a time ("Late on Sunday, the
// President, …").
func (f *finder) openingSubject(lo, e int) bool {
	t := f.toks[lo]
	if !f.plainSubject(lo, e) || f.l.adverb(t) || f.l.is(t.Lower, clDiscourse) || len(t.Lower) > 4 && (strings.HasSuffix(t.Lower, "ing") || strings.HasSuffix(t.Lower, "ed")) {
		return false
	}
	for k := lo; k < e && !f.punct(k, ","); k++ {
		if w := f.toks[k].Lower; f.l.time[w] && w != "time" || w == "late" || w == "early" || timePreps[w] && k <= lo+1 {
			return false // the phrase before the first comma ("Shortly before the vote,")
		}
	}
	return true
}

// timePreps open a phrase of time as the sentence's first or second word
// ("Shortly before the vote,", "After the meeting,"): no subject.
var timePreps = map[string]bool{"before": true, "after": true, "during": true, "until": true, "since": true, "following": true, "amid": true}

// nounUse reports whether the cue word at k, inside a noun phrase that
// starts at lo, is a noun or a participle that modifies one ("one of the
// states suing the EPA"), not the verb of a clause ("Reports said
// O'Rourke …", "who claimed …").
func (f *finder) nounUse(k, lo int, cs []cue) bool {
	if k == lo || f.verbSlot(k) {
		return false
	}
	if strings.HasSuffix(f.toks[k].Lower, "ing") {
		return true
	}
	if p := f.toks[k-1].Lower; !f.l.is(p, clDet) && !strings.HasSuffix(p, "'s") && !strings.HasSuffix(p, "’s") {
		return false // "the states", "the UK's counter terror police"
	}
	for _, c := range cs {
		if c.noun {
			return true
		}
	}
	return false
}

// prepCue reports whether every cue of a first word is a preposition
// ("according to"), so the word makes no clause of its own.
func prepCue(cs []cue) bool {
	for _, c := range cs {
		if c.form != formPrep {
			return false
		}
	}
	return len(cs) > 0
}

// quoteAfterComma reports whether a comma and a quotation follow the cue
// (after particles).
func (f *finder) quoteAfterComma(h cueHit, hi int) bool {
	k := h.b + f.particle(h.b, hi)
	return k+1 < hi && f.punct(k, ",") && f.openQuote(k+1)
}

// appositive extends the noun phrase ending at e over ", director of …"
// when that runs to the sentence end: the role after a name. With commas
// set (the source after an inverted cue, as PolNeAR marks it) the role
// keeps its own commas and relative clause (", a lawyer for the Sierra
// Club, who has worked on the case for years"), but a comma before
// anything else than a relative clause, a determiner's noun phrase or a
// name ends it (", in a statement", ", to the BBC"). A cue word ends it
// too (", adding …", "who has challenged …").
func (f *finder) appositive(e, hi int, commas bool) int {
	if e >= hi || !f.punct(e, ",") || e+1 >= hi || !f.word(e+1) || f.l.is(f.toks[e+1].Lower, clConj|clStop|clSubj|clNoContent) && !f.l.is(f.toks[e+1].Lower, clRel) {
		return e
	}
	if w := f.toks[e+1]; commas && !w.Upper && (len(w.Lower) > 4 && strings.HasSuffix(w.Lower, "ing") && !roleIng[w.Lower] || f.l.is(w.Lower, clPrep) && w.Lower != "of") {
		// After an inverted cue, ", speaking of Clinton's health", ",
		// on what was his first day": the saying's circumstance (",
		// acting manager of …" is a role; ", of Ashton, Md." a home
		// town).
		return e
	}
	k := e + 1
	for k < hi && f.toks[k].Quote < 0 && (f.word(k) || f.punct(k, "-'’&().") || commas && f.punct(k, ",") && f.appositionGoesOn(k+1)) {
		t := f.toks[k]
		if t.Kind == tWord {
			if _, ok := f.l.cues[t.Lower]; ok && f.verbSlot(k) || f.l.is(t.Lower, clThat) && !f.word(k-1) {
				return e
			}

		}
		k++
	}
	if !f.onlyTail(k, hi) {
		return e
	}
	// "…, a former ambassador in a CNN interview.": the medium the words
	// were said in is no part of who said them.
	return f.trimEnd(e, f.mediaTail(e+1, k))
}

// roleIng are the -ing words of roles ("acting area manager", "managing
// director"; role-modifiers.txt), no participles.
var roleIng = map[string]bool{"acting": true, "outgoing": true, "incoming": true, "managing": true, "founding": true, "housing": true, "operating": true, "marketing": true}

// verbSlot reports whether the word at k stands where a verb of a clause
// inside an appositive would ("who has challenged", ", adding"), not as a
// noun or a name ("a liberal think tank", "Wayne State University").
func (f *finder) verbSlot(k int) bool {
	t := f.toks[k]
	if t.Upper {
		return false
	}
	if !f.word(k - 1) {
		return true
	}
	p := f.toks[k-1]
	return f.l.is(p.Lower, clRel|clSubj|clAux|clConj) || f.l.adverb(p) || p.Lower == "to"
}

// appositionGoesOn reports whether the words at k, after a comma inside
// an appositive, go on with it: a relative clause ("who has been …"), a
// noun phrase with a determiner ("a liberal think tank") or a capitalized
// name or title ("President, Warner Bros."), not an adjunct of the cue.
func (f *finder) appositionGoesOn(k int) bool {
	if !f.word(k) || f.toks[k].Quote >= 0 {
		return false
	}
	w := f.toks[k].Lower
	return f.l.is(w, clRel|clDet) && !f.l.is(w, clPrep) || f.toks[k].Upper && !f.l.is(w, clPrep|clConj|clSubj)
}

// invertedSource reports whether [a, e) reads as the source after an
// inverted cue ("said Agnes Callamard, …", "said the spokesman."): a short
// noun phrase opening with a name or a determiner, that closes the
// sentence or is followed by an appositive.
func (f *finder) invertedSource(a, e, hi int) bool {
	if e <= a || e-a > 10 && !(e-a <= 16 && f.onlyTail(e, hi)) {
		return false
	}
	t := f.toks[a]
	if f.timeOnly(a, e) {
		// "…," Mitch McConnell, R-Ky., said Tuesday.": a day is no
		// speaker; the source is before the cue.
		return false
	}
	switch {
	case f.l.is(t.Lower, clThat) || !t.Upper && f.l.is(t.Lower, clPrep|clStop|clNoContent) && !f.l.is(t.Lower, clDet):
		return false
	case f.l.is(t.Lower, clSubj):
		if e != a+1 {
			return false
		}
	case t.Upper || f.l.is(t.Lower, clDet):
	default:
		// "says architect Lorena Paz Akin": a title before a name.
		named := false
		for k := a + 1; k < e; k++ {
			if f.toks[k].Upper {
				named = true
			}
		}
		if !named {
			return false
		}
	}
	return f.onlyTail(e, hi) || f.punct(e, ",")
}

// timeOnly reports whether [a, e) holds only day and time words and
// numbers ("Tuesday", "last week", "Sept. 12").
func (f *finder) timeOnly(a, e int) bool {
	for k := a; k < e; k++ {
		t := f.toks[k]
		switch {
		case t.Kind == tPunct && f.rs[t.Start] == '.':
		case t.Kind == tWord && (f.l.time[t.Lower] || t.Lower == "last" || t.Lower == "this" || t.Lower == "next" || unicode.IsDigit(f.rs[t.Start])):
		default:
			return false
		}
	}
	return e > a
}

// explicitAfter reports whether the cue is followed (after particles) by
// "that", a quotation or a colon.
func (f *finder) explicitAfter(h cueHit, hi int) bool {
	k := f.skipRight(h, h.b, hi)
	if k >= hi {
		return false
	}
	return f.word(k) && f.l.is(f.toks[k].Lower, clThat) || f.openQuote(k) || f.punct(k, ":") || (f.punct(k, ",") && k+1 < hi && f.openQuote(k+1))
}

// clauseBefore reports whether [lo, st) can be the content of a cue that
// follows it: a quotation, or a clause of some length that is not just an
// opening phrase ("In a statement,").
func (f *finder) clauseBefore(lo, st int) bool {
	words := 0
	for k := lo; k < st; k++ {
		if f.toks[k].Quote >= 0 {
			return true
		}
		if f.word(k) {
			words++
		}
	}
	if f.word(lo) && f.l.is(f.toks[lo].Lower, clPrep|clNoContent|clStop) && !f.l.is(f.toks[lo].Lower, clConj) {
		// "Back in Wisconsin,", "When they discuss it,": an opening
		// phrase or clause, not a statement.
		return false
	}
	return words >= 4
}

// rest reads a second quotation after a cue: "…," said X, "…".
func (f *finder) rest(h cueHit, k, hi int, src [2]int) {
	if k < hi && f.punct(k, ",:") && k+1 < hi && f.openQuote(k+1) {
		if kind, c, ok := f.content(k+1, hi); ok {
			f.add(cand{kind: kind, content: c, cue: [2]int{h.a, h.b}, source: src, conf: confOf(kind), viaFrom: h.b, viaTo: k})
		}
	}
}

// after reads the content that follows a cue: "X said (that) …".
func (f *finder) after(h cueHit, hi int, src [2]int) {
	k, ok := f.afterStart(h, hi)
	if !ok {
		return
	}
	if a, b, ok := f.blockAfter(k); ok {
		// "Limbaugh added:" closing its paragraph: the next paragraph is
		// what was said, quoted or set off as a block.
		if kind, c, ok := f.content(a, b); ok {
			f.add(cand{kind: kind, content: c, cue: [2]int{h.a, h.b}, source: src, conf: confOf(kind), viaFrom: h.b, viaTo: a, block: true})
		}
		return
	}
	// "…, which surprised no one": the reporter's own addition.
	for e := k + 1; e+1 < hi; e++ {
		if f.toks[e].Quote < 0 && f.punct(e, ",;") && f.rejoinder(e+1, hi) {
			// "…, but there is little actual basis to support such a
			// claim": the writer's answer to what was said.
			hi = e
			break
		}
		if f.toks[e].Quote < 0 && f.punct(e, ",") && f.word(e+1) && f.toks[e+1].Quote < 0 && !f.toks[e+1].Upper && strings.HasSuffix(f.toks[e+1].Lower, "ing") && len(f.toks[e+1].Lower) > 5 {
			// ", pointing to Cruz's victories": a participle clause.
			hi = e
			break
		}
		if f.toks[e].Quote < 0 && f.punct(e, ",") && f.word(e+1) && f.l.is(f.toks[e+1].Lower, clTail) {
			// A relative clause only when it runs to the end: "gas, which
			// leaks often, was the trigger" goes on after it.
			last := true
			for x := e + 2; x < hi && f.l.is(f.toks[e+1].Lower, clRel); x++ {
				if f.punct(x, ",;") {
					last = false
					break
				}
			}
			if last {
				hi = e
			}
			break
		}
	}
	if h.c.np && f.word(k) && !f.l.is(f.toks[k].Lower, clThat) {
		hi = f.objectEnd(k, hi)
	}
	if h.c.inf && f.word(k) && f.toks[k].Lower == "to" || h.c.name && f.asComplement(k, hi) {
		hi = f.predicateEnd(k, hi)
	}
	if f.word(k) && f.toks[k].Lower == "to" || h.c.name && f.asComplement(k, hi) || h.c.obj && f.hearerTo(k, hi) {
		hi = f.adverbialEnd(k, hi)
	}
	hi = f.mediaTail(k, hi)
	if e := f.trimEnd(k, hi); e == k+1 && f.word(k) && phrasalParticle[f.toks[k].Lower] {
		// "Washington backed out.": a phrasal verb, nothing said.
		return
	}
	kind, c, ok := f.content(k, hi)
	if !ok {
		return
	}
	conf := confOf(kind)
	if h.c.inf && f.toks[k].Lower == "to" || h.c.np && !f.l.is(f.toks[k].Lower, clThat) && !f.openQuote(k) {
		// An intention or a stance is a statement less surely than a
		// that-clause.
		conf = confInfinitive
	}
	f.add(cand{kind: kind, content: c, cue: [2]int{h.a, h.b}, source: src, conf: conf, viaFrom: h.b, viaTo: k, mode: f.namingMode(h, k, hi)})
}

// claimRefs are nouns that, after "such", "this" or "these", refer back
// to what was said as a claim; evidence nouns after "little" or "no"
// weigh it.
var (
	claimRefs = map[string]bool{"claim": true, "claims": true, "allegation": true, "allegations": true, "assertion": true, "assertions": true, "contention": true, "argument": true}
	proofs    = map[string]bool{"evidence": true, "basis": true, "proof": true}
)

// rejoinder reports whether the clause at [a, hi), after a comma in a
// reported clause, opens with "but" or "however" and weighs what was said
// as a claim ("but there is little actual basis to support such a
// claim", "but no evidence backs this assertion") with no cue of its own
// ("but he added there was no evidence" goes on): the writer's words, not
// the speaker's.
func (f *finder) rejoinder(a, hi int) bool {
	if !f.word(a) || f.toks[a].Quote >= 0 || f.toks[a].Lower != "but" && f.toks[a].Lower != "however" {
		return false
	}
	for k := a + 1; k < hi && f.toks[k].Quote < 0 && !f.punct(k, ";"); k++ {
		w := f.toks[k].Lower
		if _, ok := f.l.cues[w]; ok {
			return false // "but he added there was no evidence": the speaker goes on
		}
		switch {
		case w == "such" || w == "this" || w == "these":
			for j := k + 1; j < hi && j <= k+2; j++ {
				if claimRefs[f.toks[j].Lower] {
					return true
				}
			}
		case w == "little" || w == "no":
			for j := k + 1; j < hi && j <= k+2; j++ {
				if proofs[f.toks[j].Lower] {
					return true
				}
			}
		}
	}
	return false
}

// objectEnd returns where the object noun phrase of a stance cue that
// starts at k ends: before a comma or dash, a second verb ("and even
// questioned …"), an adverbial clause or phrase ("during the debate") or a
// time ("last week", "on Tuesday"). The object itself may hold
// prepositions and quotations ("his support for the Ohio governor").
func (f *finder) objectEnd(k, hi int) int {
	for e := k + 1; e < hi; e++ {
		t := f.toks[e]
		if t.Quote >= 0 || f.openQuote(e) || f.closeQuote(e) {
			continue
		}
		if f.punct(e, ",;—–(:") {
			return e
		}
		if !f.word(e) {
			continue
		}
		if f.l.is(t.Lower, clConj) && f.word(e+1) && (f.l.adverb(f.toks[e+1]) || f.l.is(f.toks[e+1].Lower, clVerb|clAux) || strings.HasSuffix(f.toks[e+1].Lower, "ed")) {
			return e
		}
		if f.l.is(t.Lower, clAdjunct) && !t.Upper && !f.asOpensComplement(e) {
			return e
		}
		if f.l.time[t.Lower] && (t.Upper || f.l.is(f.toks[e-1].Lower, clPrep|clDet|clTimeMod)) || f.l.adverb(t) && f.l.time[t.Lower] {
			s := e
			for s > k+1 && f.word(s-1) && f.l.is(f.toks[s-1].Lower, clPrep|clDet|clTimeMod) {
				s--
			}
			return s
		}
	}
	return hi
}

// predicateEnd returns where a content with no subject of its own (an
// infinitive, an object and its "as" complement) that starts at k ends:
// before a conjunction and a finite verb, which go on with the cue's
// subject, not the content ("did not want to remain in the hospital, but
// was treated as an outpatient", "described the incident as a "terrible
// situation," but stopped short of …"). Without one it returns hi.
func (f *finder) predicateEnd(k, hi int) int {
	for e := k + 1; e+1 < hi; e++ {
		t := f.toks[e]
		if t.Quote < 0 && f.word(e) && f.l.is(t.Lower, clRel|clThat|clSubj) {
			return hi // "a zombie organization that needs to reform or is going to die": the relative clause's own verbs
		}
		if t.Quote >= 0 || !f.word(e) || t.Lower != "and" && t.Lower != "but" && t.Lower != "or" {
			continue
		}
		v := e + 1
		for v < hi && f.word(v) && f.toks[v].Quote < 0 && f.l.adverb(f.toks[v]) {
			v++ // "and then", "but also"
		}
		if !f.word(v) || v >= hi || f.toks[v].Quote >= 0 {
			continue
		}
		w := f.toks[v].Lower
		// A past form needs the comma or "but" that sets a new predicate
		// off: "as rushed and ill-conceived" goes on with the complement.
		past := strings.HasSuffix(w, "ed") && !f.toks[v].Upper && (f.punct(e-1, ",") || t.Lower == "but")
		if f.l.is(w, clVerb) || past {
			if f.punct(e-1, ",") {
				return e - 1
			}
			return e
		}
	}
	return hi
}

// hearerTo reports whether the content at k is a hearer and an
// infinitive ("urged people to send a message"): a few words, then "to"
// and a word.
func (f *finder) hearerTo(k, hi int) bool {
	for e := k + 1; e < hi && e < k+6; e++ {
		w := f.toks[e].Lower
		if !f.word(e) || f.toks[e].Quote >= 0 || f.l.is(w, clVerb) || strings.HasSuffix(w, "ed") {
			return false // "told the agents helped to track down …" is a clause
		}
		if w == "to" {
			return f.word(e + 1)
		}
	}
	return false
}

// adverbialEnd returns where a content with no clause of its own (an
// intention's infinitive, a hearer told what to do, an object and its
// "as" complement) that starts at k ends: before a clause that says when
// or why the cue's subject spoke ("described Clinton as a "disgrace" after
// she attacked law enforcement officers", "warned officials to boost
// their security after hackers targeted data systems"). "until", "before",
// "if" and "unless" stay: they are often part of the intention ("vowed to
// keep marching until the law is repealed"). Without one it returns hi.
func (f *finder) adverbialEnd(k, hi int) int {
	start := k + 1
	if f.asComplement(k, hi) {
		for start < hi && f.toks[start].Lower != "as" {
			start++
		}
		start++ // the complement's own "as"
	}
	for e := start; e+1 < hi; e++ {
		t := f.toks[e]
		if t.Quote >= 0 || !f.word(e) {
			continue
		}
		n := f.toks[e+1]
		if n.Quote >= 0 || n.Kind != tWord {
			continue
		}
		pron := f.l.is(n.Lower, clSubj) && !f.l.is(n.Lower, clRel)
		clause := false
		switch t.Lower {
		case "because", "although", "though", "whereas":
			// Always a clause, but "because of".
			clause = pron || f.l.is(n.Lower, clDet) || n.Upper
		case "after", "as", "since", "while":
			// Also prepositions ("as a state judge", "after an Israeli
			// withdrawal", "as long as", "such as Pixar"): only a subject
			// pronoun or a name with its verb opens a clause.
			if f.word(e - 1) {
				switch f.toks[e-1].Lower {
				case "long", "soon", "well", "much", "far", "such", "same", "just":
					continue
				}
			}
			v := f.toks[min(e+2, hi-1)].Lower
			clause = pron || n.Upper && e+2 < hi && f.word(e+2) && (f.l.is(v, clVerb) || strings.HasSuffix(v, "ed") || strings.HasSuffix(v, "s") && !f.toks[e+2].Upper)
		}
		if clause {
			b := e
			if f.punct(b-1, ",") {
				b--
			}
			if b-1 > k && f.word(b-1) && (f.toks[b-1].Lower == "but" || f.toks[b-1].Lower == "until") {
				// "to serve, not because of a love for power but, because
				// I believe …": the reason is the position; "to delay his
				// ruling until after they made their recommendations": the
				// time is what was asked. A cut there left "… but",
				// "… until".
				continue
			}
			return b
		}
	}
	return hi
}

// asOpensComplement reports whether "as" at e opens the complement of the
// object before it ("cited the remarks as examples of …", "dismissed it as
// "absurd"") rather than an adverbial clause ("as he left"): a quotation or
// an ascompl word follows.
func (f *finder) asOpensComplement(e int) bool {
	return f.toks[e].Lower == "as" && (f.openQuote(e+1) || f.word(e+1) && f.l.asCompl[f.toks[e+1].Lower])
}

// mediaTail returns where a phrase naming the medium that closes content
// [k, hi) starts ("called for new elections in a statement", "attacked
// her in early-morning tweets"): a preposition, at most four words and a
// medium noun (attrib-media.txt) right before the sentence's closing
// punctuation. Without one it returns hi.
func (f *finder) mediaTail(k, hi int) int {
	e := f.trimEnd(k, hi)
	if e < hi && !f.punct(e, ".!?") || e-1 <= k || !f.word(e-1) || !f.l.media[f.toks[e-1].Lower] {
		return hi
	}
	for p := e - 2; p > k && p >= e-6; p-- {
		t := f.toks[p]
		if f.punct(p, "-") && t.Quote < 0 {
			continue // "early-morning tweets"
		}
		if !f.word(p) || t.Quote >= 0 {
			return hi
		}
		if f.l.is(t.Lower, clPrep) {
			if t.Lower != "in" && t.Lower != "on" && t.Lower != "via" || f.words(k, p) < 1 {
				return hi
			}
			return p
		}
	}
	return hi
}

// freeRelative reports whether the words at k, after "what", are the
// subject and the cue of a free relative: a pronoun ("what he called")
// or a name ("what Smith calls") right before a cue word. A name with an
// appositive ("what Rick Rodriquez, executive director of …, calls") is
// left to the inner reading, whose source the name and its appositive
// are.
func (f *finder) freeRelative(k int) bool {
	if !f.word(k) {
		return false
	}
	if w := f.toks[k].Lower; f.l.is(w, clSubj) && w != "who" {
		k++
	} else {
		for f.word(k) && f.toks[k].Upper {
			k++
		}
	}
	if !f.word(k) {
		return false
	}
	_, ok := f.l.cues[f.toks[k].Lower]
	return ok
}

// afterStart finds where the content after cue h starts, and whether what
// follows reads as a statement at all: a weak cue needs "that" or a
// quotation, and no cue takes a preposition phrase ("wrote in 1954") as
// its content; only cues tagged inf take an infinitive ("vowed to …").
func (f *finder) afterStart(h cueHit, hi int) (int, bool) {
	k := f.skipRight(h, h.b, hi)
	if k >= hi || f.punct(k, ".!?);") {
		return k, false
	}
	hasThat := f.word(k) && f.l.is(f.toks[k].Lower, clThat)
	quoteNext := f.openQuote(k) || (f.punct(k, ",:") && k+1 < hi && f.openQuote(k+1))
	if f.punct(k, ":") || quoteNext {
		return k, true
	}
	if f.punct(k, ",;—–-(") {
		return k, false
	}
	if f.word(k) && f.l.is(f.toks[k].Lower, clNoContent) {
		// "said while sitting in a church" is a circumstance; "said while
		// many refugees had support, others did not" is content.
		c := k + 1
		for c < hi && !f.punct(c, ",") {
			c++
		}
		if hi-c < 4 {
			return k, false
		}
	}
	ps := h.b + f.particle(h.b, hi)
	if h.c.obj && k > ps && f.word(ps) && !f.l.adverb(f.toks[ps]) && f.word(k) && f.toks[k].Lower == "to" && k+1 < hi && f.word(k+1) && !f.l.is(f.toks[k+1].Lower, clDet|clPrep) {
		// "urged people to send a message": the hearer and what they
		// are to do.
		return ps, true
	}
	if h.c.obj && h.c.np && k > ps && f.word(ps) && f.toks[ps].Quote < 0 && f.word(k) && f.l.is(f.toks[k].Lower, clPrep) && !f.l.is(f.toks[k].Lower, clTimeMod) && f.word(k+1) && !f.l.time[f.toks[k+1].Lower] {
		// "accused the agency of hiding the report": the one accused
		// and the charge.
		return ps, true
	}
	if h.c.inf && f.word(k) && f.toks[k].Lower == "to" && f.toks[k].Quote < 0 && f.word(k+1) && k+2 < hi && !f.l.is(f.toks[k+1].Lower, clDet|clPrep|clSubj) {
		// "declined to say whether …", "vowed to repeal the law": an
		// intention or refusal reported with its infinitive.
		return k, true
	}
	if h.c.quest && f.word(k) && f.l.is(f.toks[k].Lower, clQuestion) {
		// "asked whether the plan would pass"
		return k, true
	}
	if h.c.name && !hasThat && f.asComplement(k, hi) {
		// "described the attack as a sobering reminder"
		return k, true
	}
	if h.c.np && f.word(k) && f.toks[k].Lower == "what" && f.freeRelative(k+1) {
		// "condemned what he called a "brazen breach" of U.N.
		// resolutions": a free relative is the stance's object.
		return k, true
	}
	if h.c.np && !hasThat && !quoteNext && f.word(k) && f.toks[k].Quote < 0 && !f.l.is(f.toks[k].Lower, clPrep|clStop|clObject) && !f.l.adverb(f.toks[k]) {
		// "endorsed Cruz last week", "criticized the president's plan": the
		// object is what the stance is about.
		return k, true
	}
	if h.c.weak && !hasThat && !quoteNext && (h.c.think || !f.clauseStart(k)) {
		if c, ok := f.prepThenQuote(k, hi); ok && !h.c.think && !h.c.quest {
			// "declared in the majority opinion, "not every corrupt act
			// …"": a quotation after the phrase is the explicit
			// complement, as with "said of Ahern, "…"" (a question
			// cue's quotation after "asked about …," is the answer).
			return c + 1, true
		}
		// "called the report a farce" is read when the quote is there.
		if !(h.c.name && (f.hasQuote(k, hi) || f.smallClause(k, hi))) {
			return k, false
		}
	}
	if f.word(k) && f.l.is(f.toks[k].Lower, clPrep) && !hasThat {
		// "wrote in 1954" is a time; "said at 7:30 p.m., there were no
		// units" opens with one and goes on with a clause.
		c := k + 1
		for c < hi && c < k+7 && !f.punct(c, ",") {
			c++
		}
		if f.punct(c, ",") && f.openQuote(c+1) && c > k+1 && f.toks[k].Lower != "to" {
			// "says of Clinton, "If she gets the chance, …"": the phrase
			// says whom the words are about; the quotation is the words
			// ("went on to say, "…"" keeps its cue).
			return c + 1, true
		}
		if !f.punct(c, ",") || f.words(c, hi) < 3 || !f.clauseStart(c+1) && !f.word(c+1) {
			return k, false
		}
	}
	if h.c.nonum && (unicode.IsDigit(f.rs[f.toks[k].Start]) || unicode.Is(unicode.Sc, f.rs[f.toks[k].Start])) {
		return k, false
	}
	if f.word(k) && f.l.is(f.toks[k].Lower, clObject) {
		return k, false
	}
	if !hasThat && !quoteNext && !f.anyWord(k+1, hi) {
		// One word is no statement ("told state media, adding …").
		return k, false
	}
	if hasThat && k+2 < hi && f.word(k+1) && f.toks[k+2].Kind == tPunct && f.toks[k+2].Quote < 0 {
		// "questioned that logic, saying …": a determiner.
		return k, false
	}
	return k, true
}

// clauseStart reports whether token k opens a clause for sure: a subject
// pronoun ("admitted she was wrong"), not one that may be an object ("it",
// "you").
func (f *finder) clauseStart(k int) bool {
	if !f.word(k) || f.toks[k].Quote >= 0 {
		return false
	}
	w := f.toks[k].Lower
	return f.l.is(w, clSubj) && !f.l.is(w, clRel) && w != "it" && w != "you" || w == "there" && f.word(k+1)
}

// words counts the words of [a, b).
func (f *finder) words(a, b int) int {
	n := 0
	for k := a; k < b; k++ {
		if f.word(k) {
			n++
		}
	}
	return n
}

// asComplement reports whether [k, hi) reads "object as complement" with
// a short object ("the attack as a reminder").
func (f *finder) asComplement(k, hi int) bool {
	for e := k + 1; e < hi && e < k+6; e++ {
		if f.toks[e].Quote >= 0 || !f.word(e) {
			return false
		}
		if f.toks[e].Lower == "as" {
			return e+1 < hi && e > k
		}
	}
	return false
}

// namingMode is the mode of the statement a naming cue reads from k: an
// object and its complement without a quotation ("called it baseless",
// "called climate change a hoax") characterise the object, a stance, as
// "described the plan as a giveaway" does; otherwise the mode is left to
// modeOf.
func (f *finder) namingMode(h cueHit, k, hi int) string {
	if h.c.name && h.c.weak && !f.hasQuote(k, hi) && f.smallClause(k, hi) {
		return rapporteur.Speech
	}
	return ""
}

// blockAfter reports whether token k is a colon that closes its paragraph
// and returns the tokens of the next paragraph, which the cue before the
// colon introduces ("He said:" and the speech below it).
func (f *finder) blockAfter(k int) (a, b int, ok bool) {
	if !f.punct(k, ":") || k+1 >= len(f.toks) || f.toks[k+1].Para == f.toks[k].Para {
		return 0, 0, false
	}
	a, b = k+1, k+1
	for b < len(f.toks) && f.toks[b].Para == f.toks[a].Para {
		b++
	}
	return a, b, true
}

// linkSaid reports whether "said" at k is the writer's link to what comes
// next, not a statement: "Having said that, …", "That said, …" opening a
// sentence; so is the writer's "Let's say you …".
func (f *finder) linkSaid(k int) bool {
	if f.word(k) && f.toks[k].Lower == "say" && f.word(k-1) {
		switch f.toks[k-1].Lower {
		case "let's", "let’s", "lets":
			return true
		}
	}
	if !f.word(k) || f.toks[k].Lower != "said" || !f.word(k-1) {
		return false
	}
	opens := k-2 < 0 || f.toks[k-2].Para != f.toks[k-1].Para || f.punct(k-2, ".!?(;:—–") || f.closeQuote(k-2) || f.openQuote(k-2)
	switch f.toks[k-1].Lower {
	case "that":
		return opens && f.punct(k+1, ",")
	case "having":
		return opens && f.word(k+1) && (f.toks[k+1].Lower == "that" || f.toks[k+1].Lower == "this") && f.punct(k+2, ",")
	}
	return false
}

// objectPronouns may stand as the object of a naming cue before its
// complement ("called it baseless", "called them liars").
var objectPronouns = map[string]bool{"it": true, "them": true, "him": true, "her": true, "me": true, "us": true, "this": true}

// smallClause reports whether [k, hi), after a naming cue, is an object
// and its complement, which says what the speaker called the object:
// "called it baseless", "called him a liar", "called climate change a
// hoax", "called her vote in favor of the war a mistake". The object is a
// pronoun and the complement any word that is not a preposition, a
// conjunction, an adverb or a time ("called him on Monday", "called
// them back"); or it is up to eight words of a noun phrase (no
// punctuation, no verb of the verb class) and the complement opens with
// "a" or "an" after a word that is no preposition ("called the police a
// day later" is rare; "called off a strike" has a particle first).
func (f *finder) smallClause(k, hi int) bool {
	if !f.word(k) || f.toks[k].Quote >= 0 || f.l.is(f.toks[k].Lower, clPrep|clThat|clObject) || f.l.adverb(f.toks[k]) {
		return false
	}
	plain := func(e int) bool {
		if !f.word(e) || f.toks[e].Quote >= 0 {
			return false
		}
		w := f.toks[e].Lower
		return !f.l.is(w, clPrep|clConj|clThat|clRel|clVerb|clAux|clTimeMod) && !f.l.time[w] && !f.l.adverb(f.toks[e])
	}
	if objectPronouns[f.toks[k].Lower] {
		if !plain(k+1) || k+2 < hi && f.word(k+2) && f.toks[k+2].Quote < 0 && f.l.is(f.toks[k+2].Lower, clPrep) && !f.word(k+3) {
			return false
		}
		switch f.toks[k+1].Lower {
		case "as", "quits", "off", "back", "up", "out", "down", "over", "again", "home", "yesterday", "today", "tonight":
			return false
		}
		return true
	}
	for e := k + 1; e < hi && e <= k+8; e++ {
		if !f.word(e) || f.toks[e].Quote >= 0 || f.toks[e].Lower == "as" || f.l.is(f.toks[e].Lower, clVerb|clAux|clThat|clRel) {
			return false // "described it as …" is asComplement's
		}
		if w := f.toks[e].Lower; (w == "a" || w == "an") && !f.l.is(f.toks[e-1].Lower, clPrep|clConj) && plain(e+1) {
			switch f.toks[e+1].Lower {
			case "few", "lot", "couple", "number", "day", "week", "month", "year", "decade", "century", "second", "third", "minute", "moment", "while":
				return false
			}
			return true
		}
	}
	return false
}

// anyWord reports whether [a, b) holds a word.
func (f *finder) anyWord(a, b int) bool {
	for k := a; k < b; k++ {
		if f.word(k) {
			return true
		}
	}
	return false
}

func (f *finder) hasQuote(a, b int) bool {
	for k := a; k < b; k++ {
		if f.toks[k].Quote >= 0 {
			return true
		}
	}
	return false
}

// readBorrowed reads ", saying …" and "and added that …": the content
// follows and the speaker is the subject of the statement before in the
// sentence.
func (f *finder) readBorrowed(s sentence, h cueHit, hi, sentFirstCand int) {
	k, ok := f.afterStart(h, hi)
	if !ok {
		return
	}
	if len(f.cands) > sentFirstCand {
		prev := f.cands[len(f.cands)-1]
		if kind, c, ok := f.content(k, hi); ok {
			f.add(cand{kind: kind, content: c, cue: [2]int{h.a, h.b}, source: prev.source, conf: confOf(kind) - 0.1, borrow: true, viaFrom: h.b, viaTo: k, mode: f.namingMode(h, k, hi)})
		}
		return
	}
	// Otherwise the subject that opens the sentence ("Gibson also noted
	// …, testifying …"): a pronoun, or a run of capitalized words; only
	// for a participle clause set off by a comma.
	if h.a == 0 || !f.punct(h.a-1, ",") && !(f.word(h.a-1) && f.l.is(f.toks[h.a-1].Lower, clConj)) {
		return
	}
	lo := s.First
	if f.word(lo) && f.l.is(f.toks[lo].Lower, clPrep|clStop) {
		// "On Sunday, Mr. Trump …": the subject follows the opening phrase.
		c := lo
		for c < h.a && c < lo+8 && !f.punct(c, ",") {
			c++
		}
		if !f.punct(c, ",") {
			return
		}
		lo = c + 1
	}
	if lo+1 < h.a && f.word(lo) && (f.l.is(f.toks[lo].Lower, clDiscourse|clAdv) || f.l.time[f.toks[lo].Lower]) && f.punct(lo+1, ",") {
		// "Later, …", "First, …"
		lo += 2
	}
	e := lo
	if f.word(lo) && f.l.is(f.toks[lo].Lower, clSubj) && f.toks[lo].Lower != "it" {
		e = lo + 1
	} else {
		if f.word(lo) && f.l.is(f.toks[lo].Lower, clDet) {
			e++
		}
		for e < h.a && e < lo+8 && f.toks[e].Quote < 0 {
			if e > lo && f.punct(e, ".") && f.l.abbrev[f.toks[e-1].Text] && f.word(e+1) {
				// "Mr. Obama", "Sen. Bernie Sanders"
				e++
				continue
			}
			if !f.word(e) {
				break
			}
			if f.toks[e].Upper {
				e++
				continue
			}
			// "Chinese foreign ministry spokeswoman Hua Chunying": plain
			// words between capitalized ones belong to the title.
			n := e
			for n < h.a && n < e+4 && f.word(n) && !f.toks[n].Upper && (f.toks[n].Lower == "of" || !f.l.is(f.toks[n].Lower, clDet|clPrep|clStop|clVerb|clSubj)) {
				if _, cue := f.l.cues[f.toks[n].Lower]; cue {
					break
				}
				n++
			}
			if n > e && n < h.a && f.word(n) && f.toks[n].Upper {
				e = n
				continue
			}
			break
		}
	}
	if e == lo || e < h.a && f.word(e) && f.toks[e].Upper {
		return
	}
	if !f.l.is(f.toks[lo].Lower, clSubj) || f.l.is(f.toks[lo].Lower, clDet) {
		e = f.headNouns(e, h.a)
	}
	e = f.borrowedAppositive(e, h.a)
	if kind, c, ok := f.content(k, hi); ok {
		f.add(cand{kind: kind, content: c, cue: [2]int{h.a, h.b}, source: [2]int{lo, e}, conf: confOf(kind) - 0.15, viaFrom: h.b, viaTo: k, mode: f.namingMode(h, k, hi)})
	}
}

// borrowedAppositive returns where the subject ending at e ends with the
// appositive set off by commas after it, when one follows before the
// participle's clause at hi ("Dean, a former Democratic National Committee
// chairman and presidential candidate, poked at …, tweeting …"): the
// subject is named with its role, as in the main readings.
func (f *finder) borrowedAppositive(e, hi int) int {
	if !f.punct(e, ",") || !f.appositionGoesOn(e+1) || f.l.is(f.toks[e+1].Lower, clRel) {
		return e
	}
	c := e + 1
	for c < hi && c < e+16 && f.word(c) && f.toks[c].Quote < 0 && !f.l.is(f.toks[c].Lower, clThat|clSubj) {
		if _, ok := f.l.cues[f.toks[c].Lower]; ok && f.verbSlot(c) {
			return e
		}
		c++
	}
	if c == e+1 || c >= hi || !f.punct(c, ",") {
		return e
	}
	return c
}

// asideEnd returns where a source in [st, e) ends when its first comma
// opens an aside rather than an appositive: a preposition, an adverb, a
// discourse word or a participle ("in a brief interview", "however",
// "citing documents", "exasperated").
func (f *finder) asideEnd(st, e int) int {
	for c := st + 1; c+1 < e; c++ {
		if !f.punct(c, ",") {
			continue
		}
		w := f.toks[c+1]
		if w.Kind != tWord || w.Upper || w.Quote >= 0 {
			return e
		}
		if f.l.is(w.Lower, clPrep|clDiscourse) || f.l.adverb(w) || len(w.Lower) > 4 && (strings.HasSuffix(w.Lower, "ing") || strings.HasSuffix(w.Lower, "ed")) {
			return c
		}
		return e
	}
	return e
}

// headNouns extends a subject that ends at e over the plain words that
// finish its noun phrase ("The Vermont senator", "Her liberal friends"):
// the run of plain words after e is the head and its verb, so the last word
// is the verb unless an auxiliary or adverb follows the run ("The nurse
// later sued").
func (f *finder) headNouns(e, hi int) int {
	n := e
	for n < hi && n < e+4 && f.word(n) && f.toks[n].Quote < 0 && !f.toks[n].Upper && !f.l.adverb(f.toks[n]) && !f.l.is(f.toks[n].Lower, clDet|clPrep|clStop|clVerb|clSubj|clAux) {
		if _, cue := f.l.cues[f.toks[n].Lower]; cue {
			break
		}
		n++
	}
	if n == e {
		return e
	}
	if n < hi && f.word(n) && (f.l.adverb(f.toks[n]) || f.l.is(f.toks[n].Lower, clVerb|clAux)) {
		return n
	}
	if _, cue := f.l.cues[f.toks[n].Lower]; cue && n < hi && f.word(n) {
		return n
	}
	return n - 1
}

// readAccording reads "according to X, …" and "…, according to X".
func (f *finder) readAccording(s sentence, h cueHit) {
	e := f.rightNP(h.b, s.Last)
	if e == h.b {
		return
	}
	src := [2]int{h.b, e}
	lo := s.First
	for lo < h.a && f.word(lo) && f.l.is(f.toks[lo].Lower, clStop) {
		lo++
	}
	if h.a == lo {
		if kind, c, ok := f.content(e, s.Last); ok {
			f.add(cand{kind: kind, content: c, cue: [2]int{h.a, h.b}, source: src, conf: confAccord, viaFrom: h.b, viaTo: e})
		}
		return
	}
	if f.punct(h.a-1, ",") && f.punct(e, ",") && e+1 < s.Last && h.a-2 >= lo && f.word(h.a-2) && f.l.is(f.toks[h.a-2].Lower, clConj) && !f.onlyTail(e+1, s.Last) {
		// "At 7:30 p.m. the forum was opened and, according to the
		// Workers' Party, the participants expressed support …": the
		// clause after the conjunction is the one its source tells.
		if kind, c, ok := f.content(e+1, s.Last); ok {
			f.add(cand{kind: kind, content: c, cue: [2]int{h.a, h.b}, source: src, conf: confAccord, viaFrom: h.b, viaTo: e})
		}
		return
	}
	if f.punct(h.a-1, ",") && f.punct(e, ",") && e+1 < s.Last && !f.onlyTail(e+1, s.Last) {
		if a := f.appositive(e, s.Last, false); a > e {
			// "…, according to the union, one of those representing them."
			src[1] = a
		} else {
			// "At the heart of it, according to Ross, was a decision …":
			// the content runs on both sides.
			if kind, c, ok := f.content(s.First, s.Last); ok {
				f.add(cand{kind: kind, content: c, cue: [2]int{h.a, h.b}, source: src, conf: confAccord - 0.1, viaFrom: h.b, viaTo: e})
			}
			return
		}
	}
	if kind, c, ok := f.content(s.First, h.a); ok {
		f.add(cand{kind: kind, content: c, cue: [2]int{h.a, h.b}, source: src, conf: confAccord, viaFrom: h.b, viaTo: e})
	}
}

func confOf(kind string) float64 {
	if kind == rapporteur.Indirect {
		return confIndirect
	}
	return confDirect
}

// add records a candidate unless one with the same content exists.
func (f *finder) add(c cand) {
	if f.seen[c.content] {
		return
	}
	f.seen[c.content] = true
	c.sent = f.cur
	f.cands = append(f.cands, c)
}

// floating turns quotations that no cue claimed into statements of the
// previous speaker: a quoted sentence or paragraph with no cue continues
// whoever spoke last ("…," she said. "…"). Quotations inside a sentence
// are scare quotes, titles and names, and short quoted lines without end
// punctuation are headings; both are left alone.
func (f *finder) floating() {
	for qi := range f.quotes {
		q := &f.quotes[qi]
		if q.used || q.First < 0 || q.Words == 0 {
			continue
		}
		if !q.ContPrev && !f.sentenceStartsAt(q.First) {
			continue
		}
		if !f.sentenceEndsAt(q.Last) {
			continue
		}
		if (q.Words < 4 || q.Single) && !f.endsWithPunct(*q) {
			// A heading: "'Community of acquaintances'".
			continue
		}
		f.cands = append(f.cands, cand{kind: rapporteur.Direct, content: [2]int{q.Start, q.End}, cue: [2]int{-1, -1}, source: f.colonSubject(q.First), conf: confFloating, sent: -1})
		q.used = true
	}
}

// colonSubject returns the tokens of the name that opens the sentence a
// colon ends right before token k (a quotation's first mark), when the
// sentence has no cue of its own: the quotation is what that sentence
// announces ("Bolton gave a different account of events, also speaking
// via Twitter: "…"", "Incumbent President Donald Trump quickly took a
// parting shot on Twitter: "…""). The name is a run of capitalised words
// and the lower-case words inside names ("Mayor de Blasio"); anything
// else gives {-1, -1}, and the quotation stays with the previous speaker.
func (f *finder) colonSubject(k int) [2]int {
	none := [2]int{-1, -1}
	j := k - 1
	if !f.punct(j, ":") || f.toks[j].Para != f.toks[k].Para {
		return none
	}
	lo := j
	for lo > 0 && f.toks[lo-1].Para == f.toks[j].Para && !(f.toks[lo-1].Kind == tPunct && sentenceEnd(f.rs[f.toks[lo-1].Start])) && f.toks[lo-1].Quote < 0 && f.toks[lo-1].Kind != tQuote {
		lo--
	}
	for _, c := range f.cands {
		if c.sent >= 0 && c.cue[0] >= lo && c.cue[0] < j {
			return none // the sentence has its own statement
		}
	}
	e := lo
	for e < j && f.word(e) && (f.toks[e].Upper || e > lo && f.l.nameParts[f.toks[e].Lower]) {
		e++
	}
	for e > lo && !f.toks[e-1].Upper {
		e-- // a name does not end in a particle
	}
	if e == lo || e == j || !f.plainSubject(lo, e) {
		return none
	}
	return [2]int{lo, e}
}

// sentenceEndsAt reports whether the sentence ends at token k (exclusive),
// allowing trailing punctuation.
func (f *finder) sentenceEndsAt(k int) bool {
	para := f.toks[k-1].Para
	for k < len(f.toks) && f.toks[k].Para == para && f.toks[k].Kind == tPunct {
		if !sentenceEnd(f.rs[f.toks[k].Start]) && !strings.ContainsRune(",;:'’\"”", f.rs[f.toks[k].Start]) {
			return false
		}
		k++
	}
	if k == len(f.toks) || f.toks[k].Para != para {
		return true
	}
	t := f.toks[k]
	p := f.toks[k-1]
	ended := sentenceEnd(f.rs[p.Start]) || p.Kind == tQuote && !p.Open && (sentenceEnd(f.rs[p.Start-1]) || f.rs[p.Start-1] == ',')
	return ended && (t.Upper || t.Kind == tQuote && t.Open) || t.Kind == tQuote && t.Open
}

// endsWithPunct reports whether the quoted words end with sentence
// punctuation or a comma (a quotation that is a sentence, not a title).
func (f *finder) endsWithPunct(q quotation) bool {
	e := q.End
	for e > q.Start && unicode.IsSpace(f.rs[e-1]) {
		e--
	}
	return e > q.Start && (sentenceEnd(f.rs[e-1]) || f.rs[e-1] == ',')
}

// sentenceStartsAt reports whether token k opens a sentence: the token
// before ends one.
func (f *finder) sentenceStartsAt(k int) bool {
	if k == 0 || f.toks[k-1].Para != f.toks[k].Para {
		return true
	}
	p := f.toks[k-1]
	if p.Kind == tQuote && !p.Open && k >= 2 {
		pp := f.toks[k-2]
		return pp.Kind == tPunct && sentenceEnd(f.rs[pp.Start]) || pp.Kind == tWord && f.rs[pp.End-1] == '.' && f.toks[k].Kind == tQuote
	}
	return p.Kind == tPunct && (sentenceEnd(f.rs[p.Start]) || f.rs[p.Start] == ':')
}
