package attrib

import (
	"slices"
	"strings"
	"unicode"

	"github.com/rapporteur/rapporteur"
)

// confTurn ranks a statement read off an interview layout: the words are
// the speaker's own, but who a label stands for is read from the layout.
const confTurn = 0.7

// Roles of an interview turn.
const (
	roleAnswer = iota
	roleAsk
)

// ivLabel is an entry of interview-labels.txt: a turn label that names a
// role, not a person.
type ivLabel struct {
	role   int
	outlet string // who asks, when the label stands for an outlet
}

// turn is one labelled paragraph of an interview: "((WN)) Why …?",
// "Q: …", "Natasha Gownaris: I've wanted …", "MS Although …".
type turn struct {
	para      int
	la, lb    int // token range of the label's words
	body      int // first token after the label
	key       string
	continued []int // unlabelled paragraphs that carry on this turn
	asks      bool  // the turn holds a question mark
}

// readTurns reads interviews and transcripts. An article is one when three
// or more paragraphs open with a turn label and at least two labels
// differ. Every labelled paragraph, and every unlabelled paragraph
// between two labelled ones, becomes a direct statement of the label's
// speaker: an outlet ("((WN))" is Wikinews), the person a name or initials
// stand for, or an interviewer or interviewee with no name. A label is
// never itself a speaker, so the statements the sentence readers found
// inside a turn with the label, a first- or second-person pronoun ("I
// think …", "you said …") or no source are dropped: the turn holds them.
func (f *finder) readTurns() {
	paras := f.paraStarts()
	var turns []turn
	keys := map[string]bool{}
	for p, a := range paras {
		if a < 0 {
			continue
		}
		if la, lb, body, ok := f.turnLabel(a, f.paraEnd(a)); ok {
			t := turn{para: p, la: la, lb: lb, body: body, key: f.labelKey(la, lb)}
			turns = append(turns, t)
			keys[t.key] = true
		}
	}
	if len(turns) < 3 || !f.interviewLike(turns) || len(keys) < 2 && !f.bracketed(turns[0]) {
		return
	}
	// Initials alone, with no mark ("MS Although we used …"), are a label
	// only inside a transcript, and only when a person of the article
	// bears them.
	labelled := map[int]bool{}
	for _, t := range turns {
		labelled[t.para] = true
	}
	var all []turn
	inits := map[string]bool{} // initials that label turns
	ti := 0
	for p, a := range paras {
		if ti < len(turns) && turns[ti].para == p {
			all = append(all, turns[ti])
			ti++
			continue
		}
		if a < 0 || !f.word(a) || !allCaps(f.toks[a].Text) || len([]rune(f.toks[a].Text)) > 3 || !f.word(a+1) || !f.toks[a+1].Upper || f.toks[a+1].Para != p {
			continue
		}
		if _, ok := f.initialsRun(f.toks[a].Text); ok {
			all = append(all, turn{para: p, la: a, lb: a + 1, body: a + 1, key: f.labelKey(a, a+1)})
			inits[f.toks[a].Text] = true
		}
	}
	// The full name, with no mark, labels the first turn of the person
	// the initials stand for ("Michael Siegel I am a professor …").
	for p, a := range paras {
		if a < 0 || labelled[p] {
			continue
		}
		for ini := range inits {
			n := len([]rune(ini))
			if f.spells(a, ini) && a+n < f.paraEnd(a) && f.word(a+n) {
				all = append(all, turn{para: p, la: a, lb: a + n, body: a + n, key: f.labelKey(a, a+n)})
				break
			}
		}
	}
	slices.SortFunc(all, func(x, y turn) int { return x.para - y.para })
	all = slices.CompactFunc(all, func(x, y turn) bool { return x.para == y.para })
	// Unlabelled paragraphs between two turns carry on the turn before.
	for i := 0; i+1 < len(all); i++ {
		for p := all[i].para + 1; p < all[i+1].para; p++ {
			if paras[p] >= 0 && !f.signature(paras[p]) && !f.captionPara(paras[p]) {
				all[i].continued = append(all[i].continued, p)
			}
		}
	}
	// A label whose turns are mostly questions asks.
	asked, seen := map[string]int{}, map[string]int{}
	for i := range all {
		t := &all[i]
		t.asks = f.holds(t.body, f.paraEnd(t.body), '?')
		seen[t.key]++
		if t.asks {
			asked[t.key]++
		}
	}
	inTurn := map[int]bool{}
	labelRunes := map[int][2]int{}
	for _, t := range all {
		inTurn[t.para] = true
		labelRunes[t.para] = [2]int{f.toks[t.la].Start, f.toks[t.body-1].End}
		for _, p := range t.continued {
			inTurn[p] = true
		}
	}
	kept := f.cands[:0]
	for _, c := range f.cands {
		if !f.innerTurn(c, inTurn, labelRunes) {
			kept = append(kept, c)
		}
	}
	f.cands = kept
	base := cand{kind: rapporteur.Direct, cue: [2]int{-1, -1}, source: [2]int{-1, -1}, conf: confTurn, viaFrom: -1, viaTo: -1, sent: -1}
	// The interviewee answers where no label says who does: after a
	// question, and in a turn whose label the page lost.
	interviewee := base
	f.turnSpeaker(&interviewee, turn{key: "a"}, roleAnswer)
	if r, ok := f.mainPerson(paras[all[0].para]); ok {
		interviewee.fixed, interviewee.source = nil, r
	}
	var asker *cand
	for _, t := range all {
		if t.la < t.lb && asked[t.key]*2 > seen[t.key] {
			a := base
			f.turnSpeaker(&a, t, roleAsk)
			asker = &a
			break
		}
	}
	for _, t := range all {
		role := roleAnswer
		if asked[t.key]*2 > seen[t.key] {
			role = roleAsk
		}
		c := base
		c.label = [2]int{t.la, t.lb}
		switch {
		case t.la < t.lb:
			f.turnSpeaker(&c, t, role)
			if c.fixed != nil && c.fixed.Role == "interviewee" {
				// "A:" is whom the interview is with.
				c.fixed, c.source = interviewee.fixed, interviewee.source
			}
		case role == roleAsk && asker != nil:
			c.fixed, c.source = asker.fixed, asker.source
		case role == roleAsk:
			f.turnSpeaker(&c, t, role)
		default:
			c.fixed, c.source = interviewee.fixed, interviewee.source
		}
		if r, ok := f.turnContent(t.body); ok {
			c.content = r
			f.cands = append(f.cands, c)
		}
		cont := c
		if role == roleAsk {
			cont = interviewee
		}
		cont.label = [2]int{}
		cont.noMention = true
		for _, p := range t.continued {
			if role == roleAsk && !f.firstPerson(paras[p]) {
				// After a question, a paragraph that never says "I" or
				// "we" is the article going on, not the answer.
				continue
			}
			if r, ok := f.turnContent(paras[p]); ok {
				cc := cont
				cc.content = r
				f.cands = append(f.cands, cc)
			}
		}
	}
}

// mainPerson finds who an interview is with: the name, of two or more
// capitalized words, whose last word recurs alone most often before the
// first turn (at token end); "Craig Farquharson … Farquharson is …". It returns
// the first full mention.
func (f *finder) mainPerson(end int) ([2]int, bool) {
	count := map[string]int{}
	first := map[string][2]int{}
	for k := 0; k < end; k++ {
		// A surname alone ("Farquharson is …") tells a person from the
		// last word of an organization's name ("Liberal National").
		if f.word(k) && f.toks[k].Upper && f.toks[k].Quote < 0 && !allCaps(f.toks[k].Text) && !(f.word(k-1) && f.toks[k-1].Upper) && !(f.word(k+1) && f.toks[k+1].Upper) {
			count[f.toks[k].Text]++
		}
	}
	for k := 0; k < end; {
		e := k
		for e < end && f.word(e) && f.toks[e].Upper && f.toks[e].Quote < 0 && !allCaps(f.toks[e].Text) && f.toks[e].Para == f.toks[k].Para {
			e++
		}
		if e-k >= 2 {
			w := f.toks[e-1].Text
			if _, ok := first[w]; !ok {
				first[w] = [2]int{k, e}
			}
		}
		k = max(e, k+1)
	}
	best, bestN := "", 0
	for w, r := range first {
		// On a tie the later name wins: an interview's introduction
		// names whom it is with just before the questions.
		if n := count[w]; n > bestN || n == bestN && best != "" && r[0] > first[best][0] {
			best, bestN = w, n
		}
	}
	if best == "" {
		return [2]int{}, false
	}
	return first[best], true
}

// bracketed reports whether turn t's label is written "((Label))", as
// only interview layouts write them.
func (f *finder) bracketed(t turn) bool {
	return t.la >= 2 && f.punct(t.la-1, "(") && f.punct(t.la-2, "(")
}

// interviewLike reports whether labelled paragraphs read as an
// interview: a label is an interview role ("Q", "((WN))"), or a turn asks
// a question. Labelled sections of a report ("Markets: …") do neither.
func (f *finder) interviewLike(turns []turn) bool {
	for _, t := range turns {
		if _, ok := f.l.interview[t.key]; ok || f.holds(t.body, f.paraEnd(t.body), '?') {
			return true
		}
	}
	return false
}

// signature reports whether the paragraph at token a is a short line with
// no sentence end ("—Professor Siegel", a caption, a heading): no words
// of the turn before it.
func (f *finder) signature(a int) bool {
	e := f.paraEnd(a)
	return f.words(a, e) <= 5 && !f.holds(a, e, '.') && !f.holds(a, e, '?') && !f.holds(a, e, '!')
}

// captionPara reports whether the paragraph at token a holds a caption
// label before a colon ("Jorgensen in July 2020.Image: Jo Jorgensen for
// President"): a picture's caption and credit, nobody's words.
func (f *finder) captionPara(a int) bool {
	e := f.paraEnd(a)
	for k := a; k+1 < e; k++ {
		if f.word(k) && f.punct(k+1, ":") && f.l.caption(f.toks[k].Text) {
			return true
		}
	}
	return false
}

// firstPerson reports whether the paragraph at token a says "I", "we"
// or "my" outside quotation marks.
func (f *finder) firstPerson(a int) bool {
	e := f.paraEnd(a)
	for k := a; k < e; k++ {
		// "US" is no "us": a capital counts only on "I" and its
		// contractions.
		t := f.toks[k]
		if f.word(k) && t.Quote < 0 && personal(t.Lower) && !strings.HasPrefix(t.Lower, "you") && (!allCaps(t.Text) || t.Lower == "i") && (!t.Upper || strings.HasPrefix(t.Lower, "i") || f.sentenceStartsAt(k)) {
			return true
		}
	}
	return false
}

// innerTurn reports whether candidate c, found by the sentence readers, is
// one that a turn replaces: it lies in a turn paragraph and its source is
// the label, a first- or second-person pronoun, or missing.
func (f *finder) innerTurn(c cand, inTurn map[int]bool, labelRunes map[int][2]int) bool {
	if c.content[1] <= c.content[0] {
		return false
	}
	para := f.paraOfRune(c.content[0])
	if !inTurn[para] {
		return false
	}
	lr, hasLabel := labelRunes[para]
	if hasLabel && c.content[0] < lr[1] {
		return true
	}
	if c.source[0] < 0 {
		return true
	}
	if hasLabel && f.toks[c.source[0]].Start < lr[1] && f.toks[c.source[0]].Para == para {
		return true
	}
	return personal(f.toks[c.source[0]].Lower)
}

// personal reports whether w is a first- or second-person pronoun, alone
// or contracted ("I've", "let's").
func personal(w string) bool {
	w = strings.ReplaceAll(w, "’", "'")
	if i := strings.IndexByte(w, '\''); i > 0 {
		w = w[:i]
		if w == "let" {
			return true
		}
	}
	switch w {
	case "i", "me", "my", "we", "us", "our", "you", "your":
		return true
	}
	return false
}

// turnSpeaker sets the speaker of turn t on c: an outlet or role the
// lexicon gives the label, the person a name label or initials name, or
// an interviewer or interviewee with no name.
func (f *finder) turnSpeaker(c *cand, t turn, role int) {
	if iv, ok := f.l.interview[t.key]; ok {
		if iv.outlet != "" {
			c.fixed = &rapporteur.Speaker{Name: iv.outlet, Type: rapporteur.Organization, Role: "interviewer"}
			return
		}
		role = iv.role
	} else if t.lb == t.la {
		// No label: only the role is known.
	} else if t.lb-t.la == 1 && allCaps(f.toks[t.la].Text) {
		if r, ok := f.initialsRun(f.toks[t.la].Text); ok {
			c.source = r
			return
		}
	} else {
		c.source = [2]int{t.la, t.lb}
		return
	}
	name := "interviewee"
	if role == roleAsk {
		name = "interviewer"
	}
	c.fixed = &rapporteur.Speaker{Type: rapporteur.Unknown, Role: name}
}

// turnLabel reads the turn label at the start of paragraph tokens [a, e):
// "((Label))" or a colon after one to four capitalized words ("Q:",
// "Natasha Gownaris:"). It returns the label's words and where the turn's
// words start.
func (f *finder) turnLabel(a, e int) (la, lb, body int, ok bool) {
	if f.punct(a, "(") && f.punct(a+1, "(") {
		k := a + 2
		for k < e && k < a+10 && (f.word(k) || f.punct(k, ".-'’")) {
			k++
		}
		if k > a+2 && f.punct(k, ")") && f.punct(k+1, ")") && k+2 < e && f.anyWord(a+2, k) {
			body = k + 2
			if f.punct(body, ":") {
				body++ // "((WSS)) : Which …?"
			}
			return a + 2, k, body, body < e
		}
		return 0, 0, 0, false
	}
	if f.punct(a, ":") && f.anyWord(a+1, e) {
		// ": Why are you running?": a label the page lost.
		return a, a, a + 1, true
	}
	k := a
	for k < e && k < a+4 && f.word(k) && f.toks[k].Upper && f.toks[k].Quote < 0 && !unicode.IsDigit(f.rs[f.toks[k].Start]) {
		t := f.toks[k]
		_, cue := f.l.cues[t.Lower]
		if _, iv := f.l.interview[t.Lower]; !iv && (cue || f.l.caption(t.Text)) {
			return 0, 0, 0, false
		}
		k++
	}
	if k == a || !f.punct(k, ":") || k+1 >= e || !f.anyWord(k+1, e) {
		return 0, 0, 0, false
	}
	if allCaps(f.toks[a].Text) && (k-a > 1 || len([]rune(f.toks[a].Text)) > 3) {
		if _, ok := f.l.interview[f.labelKey(a, k)]; !ok {
			// Capitals longer than initials are section heads
			// ("KEEPING SCORE:", "ANALYSIS:").
			return 0, 0, 0, false
		}
	}
	return a, k, k + 1, true
}

// labelKey is the lower-case text of a label, to compare labels.
func (f *finder) labelKey(a, b int) string {
	ws := make([]string, 0, b-a)
	for k := a; k < b; k++ {
		if f.word(k) {
			ws = append(ws, f.toks[k].Lower)
		}
	}
	return strings.Join(ws, " ")
}

// initialsRun finds the first run of capitalized words whose initials
// spell ini ("MS": "Michael Siegel").
func (f *finder) initialsRun(ini string) ([2]int, bool) {
	n := len([]rune(ini))
	for k := 0; k+n <= len(f.toks); k++ {
		if f.spells(k, ini) {
			return [2]int{k, k + n}, true
		}
	}
	return [2]int{}, false
}

// spells reports whether the capitalized words from token k, one per
// letter of ini, have ini as their initials.
func (f *finder) spells(k int, ini string) bool {
	i := k
	for _, r := range ini {
		if i >= len(f.toks) {
			return false
		}
		t := f.toks[i]
		if t.Kind != tWord || !t.Upper || allCaps(t.Text) || []rune(t.Text)[0] != r || t.Para != f.toks[k].Para {
			return false
		}
		i++
	}
	return true
}

// turnContent is the rune range of a turn's words from token a to its
// paragraph end, cut before a second "((" label inside the paragraph (a
// translation the page prints after the words: "((hi))Hindi language: …").
func (f *finder) turnContent(a int) ([2]int, bool) {
	e := f.paraEnd(a)
	for k := a + 1; k+1 < e; k++ {
		if f.punct(k, "(") && f.punct(k+1, "(") {
			e = k
			break
		}
	}
	e = f.trimEnd(a, e)
	if e <= a || !f.anyWord(a, e) {
		return [2]int{}, false
	}
	start, end := f.toks[a].Start, f.toks[e-1].End
	if f.toks[a].Kind == tQuote && f.toks[a].Open {
		start = f.toks[a].Start
	}
	return [2]int{start, end}, true
}

// paraStarts returns the first token of every paragraph, -1 for a
// paragraph with no tokens.
func (f *finder) paraStarts() []int {
	n := 0
	if len(f.toks) > 0 {
		n = f.toks[len(f.toks)-1].Para + 1
	}
	out := make([]int, n)
	for i := range out {
		out[i] = -1
	}
	for k := len(f.toks) - 1; k >= 0; k-- {
		out[f.toks[k].Para] = k
	}
	return out
}

// paraEnd returns the token index just past the paragraph of token a.
func (f *finder) paraEnd(a int) int {
	e := a
	for e < len(f.toks) && f.toks[e].Para == f.toks[a].Para {
		e++
	}
	return e
}

// paraOfRune returns the paragraph of the token that starts at or after
// rune r.
func (f *finder) paraOfRune(r int) int {
	lo, hi := 0, len(f.toks)
	for lo < hi {
		m := (lo + hi) / 2
		if f.toks[m].End <= r {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == len(f.toks) {
		return -1
	}
	return f.toks[lo].Para
}

// holds reports whether tokens [a, b) hold the punctuation mark r.
func (f *finder) holds(a, b int, r rune) bool {
	for k := a; k < b; k++ {
		if f.toks[k].Kind == tPunct && f.rs[f.toks[k].Start] == r {
			return true
		}
	}
	return false
}
