package attrib

import (
	"strings"
	"unicode"

	"github.com/rapporteur/rapporteur"
)

// span is a labelled token range [a, b) of the model's output.
type span struct{ a, b int }

// spansOf reads the labelled spans of one role from the model's labels.
func spansOf(labels []int, role int) []span {
	var out []span
	for k := 0; k < len(labels); k++ {
		if labels[k] == lO || labelRole(labels[k]) != role {
			continue
		}
		e := k + 1
		for e < len(labels) && labels[e] != lO && labelRole(labels[e]) == role && !begins(labels[e]) {
			e++
		}
		out = append(out, span{k, e})
		k = e - 1
	}
	return out
}

// modelCands turns the model's labels into statement candidates: each
// content takes the nearest cue of its paragraph (in its sentence first),
// contents on both sides of one cue ("…, he said, …") are two statements
// with that cue, and each cue takes the nearest source of its sentence (before
// it first). A content with no cue continues the previous speaker, as a
// floating quotation does.
func (f *finder) modelCands(labels []int, margins []float32, sentOf []int, pos []string) []cand {
	cues := spansOf(labels, roleCue)
	sources := spansOf(labels, roleSource)
	contents := spansOf(labels, roleContent)
	para := func(k int) int { return f.toks[k].Para }
	sent := func(k int) int { return sentOf[k] }

	cueOf := make([]int, len(contents))
	for i, c := range contents {
		best, bestD := -1, 1<<30
		for j, q := range cues {
			if para(q.a) != para(c.a) {
				continue
			}
			d := 0
			switch {
			case q.b <= c.a:
				d = c.a - q.b
			case q.a >= c.b:
				d = q.a - c.b
			default:
				d = 0 // a cue inside the content's range: the gap of a split quote
			}
			if sent(q.a) != sent(c.a) && sent(q.a) != sent(c.b-1) {
				d += 1000 // another sentence: only when none in its own
			}
			if d < bestD {
				best, bestD = j, d
			}
		}
		cueOf[i] = best
	}
	srcOf := make([]int, len(cues))
	for j, q := range cues {
		best, bestD := -1, 1<<30
		for i, s := range sources {
			if para(s.a) != para(q.a) {
				continue
			}
			d := 0
			if s.b <= q.a {
				d = q.a - s.b
			} else {
				d = s.a - q.b + 2 // a source after its cue is the rarer order
			}
			if d < 0 {
				d = 0
			}
			if sent(s.a) != sent(q.a) {
				d += 1000
			}
			if d < bestD {
				best, bestD = i, d
			}
		}
		if bestD >= 1000+50 {
			best = -1
		}
		srcOf[j] = best
	}

	var out []cand
	for i := 0; i < len(contents); i++ {
		c := contents[i]
		q := cueOf[i]
		// The pieces of one statement around its cue ("…," she said,
		// "…") are statements of their own, as a reader quotes them, each
		// with the cue and source.
		pieces := []span{c}
		for i+1 < len(contents) && q >= 0 && cueOf[i+1] == q && cues[q].a >= pieces[len(pieces)-1].b && cues[q].b <= contents[i+1].a && para(contents[i+1].a) == para(c.a) {
			pieces = append(pieces, contents[i+1])
			i++
		}
		last := &pieces[len(pieces)-1]
		if hasVerb(pos[last.a:last.b]) {
			last.b = f.toSentenceEnd(*last, sentOf, labels)
		}
		for _, p := range pieces {
			a, b := f.snapToQuote(p.a, p.b)
			kind, r, ok := f.content(a, b)
			if !ok {
				continue
			}
			cd := cand{kind: kind, content: r, cue: [2]int{-1, -1}, source: [2]int{-1, -1}, sent: sent(p.a), viaFrom: -1, viaTo: -1}
			// Decided per piece: a piece of another sentence losing the cue
			// must not take it from the piece in the cue's own sentence
			// ("Mr Rudd … his allowance, which will be paid to … . …
			// Tony Abbott accused the Rudd government of "compassion
			// fatigue"").
			q := q
			if q >= 0 && kind != rapporteur.Direct && sent(cues[q].a) != sent(p.a) && sent(cues[q].a) != sent(p.b-1) {
				// Reported words stand in their cue's sentence: a cue of
				// another sentence ("…, they say. EB-5 requires … a
				// "targeted employment area," which …") reports none of
				// them; only a quotation carries over.
				q = -1
			}
			if q >= 0 {
				cd.cue = [2]int{cues[q].a, cues[q].b}
				if s := srcOf[q]; s >= 0 {
					cd.source = [2]int{sources[s].a, sources[s].b}
				}
				cd.viaFrom, cd.viaTo = cd.cue[1], min(len(f.toks), cd.cue[1]+6)
			}
			cd.conf = confOf(kind)
			cd.model = true
			cd.score = meanMargin(margins, p.a, p.b)
			if q >= 0 {
				cd.score = min(cd.score, meanMargin(margins, cues[q].a, cues[q].b))
			}
			cd.phrase = !hasVerb(pos[a:b])
			if kind == rapporteur.Indirect && !hasVerb(pos[a:b]) {
				// "added three more goals", "cited the Starlight Tours": a
				// noun phrase after the cue reports no words, whatever the
				// cue.
				cd.mode = rapporteur.Stance
				cd.runsOn = f.runsOn(b, pos)
			}
			out = append(out, cd)
		}
	}
	return out
}

// runsOn reports whether the words from token k carry on a noun phrase
// that ends before k as a clause or a small clause: a verb, a noun phrase
// or an infinitive follows ("believe the crown prince | ordered the
// killing", "declared the outbreak | — the disease … — to be a
// pandemic"), past a parenthesis or a dash pair.
func (f *finder) runsOn(k int, pos []string) bool {
	if k <= 0 || k >= len(f.toks) {
		return false
	}
	p := f.toks[k-1].Para
	if t := f.toks[k].Text; t == "(" || t == "—" || t == "–" || t == "--" {
		closer := t
		if t == "(" {
			closer = ")"
		}
		for j := k + 1; j < len(f.toks) && j < k+40 && f.toks[j].Para == p; j++ {
			if f.toks[j].Text == closer {
				k = j + 1
				break
			}
		}
	}
	if k >= len(f.toks) || f.toks[k].Para != p || f.toks[k].Kind != tWord {
		return false
	}
	switch pos[k] {
	case "VERB", "AUX", "DET", "NOUN", "PROPN", "PRON", "ADJ", "NUM", "PART":
		return true
	}
	return false
}

// snapToQuote widens a piece that lies inside one quotation to the whole
// quotation, marks included, which is how the rules' content reader takes
// a direct quote.
func (f *finder) snapToQuote(a, b int) (int, int) {
	qi := -1
	for k := a; k < b; k++ {
		t := f.toks[k]
		if t.Kind != tWord {
			continue
		}
		if t.Quote < 0 || qi >= 0 && t.Quote != qi {
			return a, b
		}
		qi = t.Quote
	}
	if qi < 0 {
		return a, b
	}
	q := f.quotes[qi]
	return min(a, q.First), max(b, q.Last)
}

// mergeCands combines the model's candidates with the rules': the rules'
// statements stand, with their conventions (a quotation split by its cue
// is two statements, a stance needs the object the lexicon says), and the
// model adds the statements they missed that acceptNew takes. The model
// alone reads PolNeAR better (BENCHMARKS.md), but it reads PolNeAR's
// notion of an attribution, which counts what a reader of "who said
// what" does not want ("Residents would continue to pay it").
func mergeCands(f *finder, model, rules []cand) []cand {
	out := rules
	for _, m := range model {
		if f.acceptNew(m) && !overlapsAny(m, rules) && !(m.mode == rapporteur.Stance && (cueTaken(m, rules) || f.reportedIn(m, rules) || f.openingParticiple(m, rules))) && !(m.phrase && m.kind == rapporteur.Mixed && cueTaken(m, rules)) {
			m.learned = !f.lexiconCue(m)
			if o, ok := f.outerCue(m); ok && m.learned {
				// A cue only the cue model takes, inside the clause of a
				// lexicon cue between it and its source ("The agencies
				// reportedly believe the crown prince | ordered | the
				// killing"), is that clause's verb: the statement is the
				// outer cue's, with the clause the learned verb shows is
				// one.
				if !overlapsAny(o, out) && !cueTaken(o, out) {
					out = append(out, o)
				}
				continue
			}
			m.nounPhrase = m.learned && m.mode == rapporteur.Stance && f.inLexicon(m)
			out = append(out, m)
		}
	}
	return out
}

// outerCue returns the statement of the lexicon cue that stands between
// the source and the cue of m (a cue the lexicon does not hold), when the
// words between that cue and m's are the subject of m's verb:
// "The intelligence agencies reportedly believe the crown prince ordered
// the killing" is the agencies' belief that the crown prince ordered it,
// not their ordering of the killing. A belief verb without "that" is no
// cue for the rules ("believe" wants "that" or a quotation), so the
// learned verb after a noun phrase is the evidence of its clause.
func (f *finder) outerCue(m cand) (cand, bool) {
	if m.kind != rapporteur.Indirect || m.cue[0] < 0 || m.source[0] < 0 || m.source[1] > m.cue[0] {
		return cand{}, false
	}
	for k := m.source[1]; k < m.cue[0]; k++ {
		t := f.toks[k]
		if t.Kind != tWord || t.Quote >= 0 {
			return cand{}, false
		}
		e := f.clauseCueEnd(k, m.cue[0])
		if e < 0 {
			continue
		}
		a := e
		if f.l.is(f.toks[a].Lower, clThat) {
			a++
		}
		// The subject of the inner clause: a few words, no preposition
		// phrase or conjunction first ("believe in him", "think and …").
		if n := m.cue[0] - a; n < 1 || n > 6 || f.l.is(f.toks[a].Lower, clPrep|clStop|clConj|clObject) {
			return cand{}, false
		}
		if t := f.toks[a]; !t.Upper && !f.l.is(t.Lower, clDet|clSubj) && !unicode.IsDigit(f.rs[t.Start]) {
			return cand{}, false // a subject opens with a name, a determiner or a pronoun
		}
		for j := a; j < m.cue[0]; j++ {
			if !f.word(j) || f.toks[j].Quote >= 0 || j > a && f.l.is(f.toks[j].Lower, clConj|clPrep|clRel|clThat) {
				return cand{}, false // "confirmed the deal on Sunday but also | did not disclose"
			}
		}
		b := searchTok(f.toks, m.content[1])
		kind, r, ok := f.content(a, b)
		if !ok || kind != rapporteur.Indirect {
			return cand{}, false
		}
		c0 := k
		for c0 > m.source[1] && f.word(c0-1) && (f.l.is(f.toks[c0-1].Lower, clAux) || f.l.adverb(f.toks[c0-1])) {
			c0-- // "reportedly believe", "have said"
		}
		o := m
		o.content, o.cue = r, [2]int{c0, e}
		o.mode, o.runsOn, o.conf = "", false, confOf(kind)
		o.viaFrom, o.viaTo = e, a
		return o, true
	}
	return cand{}, false
}

// clauseCueEnd returns the end of the lexicon cue that starts at word k
// and may take a clause (not "according to", nor a noun after a
// determiner), when it ends before lim; -1 when there is none.
func (f *finder) clauseCueEnd(k, lim int) int {
	best := -1
	for _, c := range f.cuesAt(k) {
		if c.form == formPrep || c.noun && f.word(k-1) && f.l.is(f.toks[k-1].Lower, clDet) {
			continue
		}
		n := len(c.words)
		if k+n >= lim {
			continue
		}
		ok := true
		for w := 1; w < n; w++ {
			if f.toks[k+w].Lower != c.words[w] {
				ok = false
				break
			}
		}
		if ok && k+n > best {
			best = k + n
		}
	}
	return best
}

// acceptNew says whether a statement the model found and the rules did
// not is one: a quotation; or a cue of the lexicon with the content it
// takes (a speech verb anything, a stance verb its object, a weak,
// intention or belief verb a clause, as the rules read them); or a cue
// the cue model takes for one in its context (learnedCue), which modeOf
// reads as a stance unless the lexicon says speech. Without the cue model
// a cue outside the lexicon is no cue: on plain news the span model alone
// took "Residents would continue to pay it" for a statement.
func (f *finder) acceptNew(m cand) bool {
	if f.embeddedQuote(m) {
		return false
	}
	if m.kind == rapporteur.Direct {
		return true
	}
	if m.cue[0] < 0 || f.words(searchTok(f.toks, m.content[0]), searchTok(f.toks, m.content[1])) < 2 {
		return false // a one-word content ("which") is a fragment
	}
	if m.source[0] < 0 {
		return false // reported speech names its speaker in its sentence
	}
	if k := searchTok(f.toks, m.content[1]) - 1; f.word(k) && f.l.is(f.toks[k].Lower, clConj) && m.kind == rapporteur.Indirect {
		// "… rising literacy rates and | , according to CNN, …": a
		// content that ends in its conjunction is the first half of a
		// clause pair, the other half the source's.
		return false
	}
	if m.content[1] <= f.toks[m.cue[0]].Start && f.word(m.cue[0]-1) && f.l.is(f.toks[m.cue[0]-1].Lower, clConj) {
		// "Schultz supported Democrats on MSNBC, which let him go in
		// 2015, and said he …": a cue joined to the clause before by
		// "and" or "but" reports what follows it; the words before are
		// that clause's, not what was said.
		return false
	}
	if k := searchTok(f.toks, m.content[0]); m.kind == rapporteur.Indirect && k-1 >= m.cue[1] && f.word(k-1) && f.l.is(f.toks[k-1].Lower, clNoContent|clAdjunct) && !f.l.is(f.toks[k-1].Lower, clConj) {
		// "she said after reading the outline", "she yells while moving
		// along the street": what follows a clause opener after the cue
		// is the saying's circumstance, not what was said (as the rules'
		// afterStart reads "said while sitting in a church"); a quotation
		// after it is what was said ("told the BBC after the verdict
		// "My client is …"").
		return false
	}
	for k := m.cue[0]; k < m.cue[1]; k++ {
		if f.linkSaid(k) {
			return false // "Having said that, …"
		}
	}
	if f.nounParticiple(m) {
		return false
	}
	clause := m.mode != rapporteur.Stance // modelCands marks noun phrases
	// "he was told by X of …": in the passive the speaker is the agent,
	// which the model does not read; the rules do.
	for k := m.cue[0]; k < m.cue[1]; k++ {
		if f.l.is(f.toks[k].Lower, clPassive) {
			return false
		}
	}
	// "responds to claims that …": a cue that ends in a noun of the
	// lexicon away from its subject ("the claims that …", not "Trump
	// claims that …") reports the claims, which the sentence attributes
	// to no one.
	if last := m.cue[1] - 1; last > m.cue[0] && (m.source[0] < 0 || m.source[1] != last) {
		for _, c := range f.l.cues[f.toks[last].Lower] {
			if c.noun {
				return false
			}
		}
	}
	lexical := false
	for k := m.cue[0]; k < m.cue[1]; k++ {
		for _, c := range f.l.cues[f.toks[k].Lower] {
			lexical = true
			switch {
			case c.noun && k == m.cue[0] && (m.source[0] < 0 || m.source[1] != k):
				// "the claims that …" is a noun; "Trump claims that …"
				// a verb, right after its subject.
			case c.weak || c.think:
				if clause && f.complement(m) {
					return true
				}
			case c.inf:
				if clause {
					return true
				}
			default:
				return true
			}
		}
	}
	if lexical && !clause {
		// A lexicon cue with a noun phrase the lexicon does not take
		// ("complained about his mic", "noted the clot's existence",
		// "Polls show a close contest") is a stance when the cue model is
		// sure of the cue in its context (npCueThreshold); it stays
		// rejected otherwise, and so does "report" with the event it
		// tells of ("reported the closure"), a noun
		// phrase that a clause carries on ("believe the crown prince |
		// ordered …"), a passive's agent ("the deal agreed by both
		// sides") and an owner's modifier ("the government's proposed
		// legislation").
		if last := f.toks[m.cue[1]-1].Lower; last == "by" || last == "between" || m.runsOn {
			return false
		}
		for k := m.cue[0]; k < m.cue[1]; k++ {
			if f.l.deeds[f.toks[k].Lower] {
				return false // "received criticism for not asking | follow-up questions": the subject is acted on
			}
		}
		if m.source[0] > m.cue[0] && !(f.sentenceStartsAt(m.cue[0]) && strings.HasSuffix(f.toks[m.cue[0]].Lower, "ing")) {
			// A noun phrase's source stands before its cue: one after it
			// is the next clause's subject ("AP called the election for
			// Biden, as did NBC, when Biden was declared …"), unless the
			// cue is a participle that opens the sentence, whose subject
			// is the main clause's ("Calling for the withdrawal of the
			// troops, protesters marched …").
			return false
		}
		for k := m.cue[0]; k < m.cue[1]; k++ {
			if lemma(f.toks[k].Lower) == "report" {
				return false // an outlet tells of an event ("reported the closure"): a credit, no stance
			}
		}
		if f.topicCue(m) {
			return false
		}
		if k := searchTok(f.toks, m.content[0]); k != m.cue[1] || k < len(f.toks) && f.toks[k].Lower == "as" {
			// The noun phrase is the cue's object, right after it: one
			// further on belongs to a clause the cue's object opens
			// ("promised protests every week until Sweden joined | the
			// Paris Agreement"), and "as …" is no noun phrase ("which
			// Biden opposed | as xenophobic": the object is "which").
			return false
		}
		if src := f.toks[m.source[1]-1].Lower; strings.HasSuffix(src, "'s") || strings.HasSuffix(src, "’s") {
			return false
		}
		return f.cueAbove(m, npCueThreshold)
	}
	// The lexicon does not hold the cue, or holds it for another
	// construction ("indicated" wants "that …" where the text has "have
	// indicated a homicide probe is ongoing"): the cue model decides in
	// context.
	return f.learnedCue(m)
}

// embeddedQuote reports whether m's content, a quotation before its
// cue, is the object of a word of its own sentence ('banners which read
// "defend the whales" and "stop the whaling," crew … declared …', 'the
// existing phrase "war on terror"', 'was marked "Secret"'): a name, a
// title or a sign's words, not what the cue's speaker says: at most eight
// words in double marks, closed before the cue. A quotation after a cue
// word, "that", a conjunction or punctuation is left alone.
func (f *finder) embeddedQuote(m cand) bool {
	if m.cue[0] < 0 || m.kind == rapporteur.Indirect {
		return false
	}
	a := searchTok(f.toks, m.content[0])
	if a >= m.cue[0] || !f.openQuote(a-1) {
		return false
	}
	if q := f.quotes[f.toks[a-1].Quote]; q.Close < 0 || q.Last > m.cue[0] || q.Words > 8 || q.Single {
		return false // a name or a title is short, closed before the cue, in double marks
	}
	p := a - 2
	if !f.word(p) || f.toks[p].Quote >= 0 || f.sentenceStartsAt(a-1) {
		return false
	}
	w := f.toks[p].Lower
	if _, ok := f.l.cues[w]; ok || f.l.is(w, clThat|clConj) {
		return false
	}
	return true
}

// nounParticiple reports whether m's cue is a participle that modifies
// the noun right before it, in an aside between the source and its main
// verb: "Donald Trump, in a statement delivered via the press secretary,
// announced …" is no statement "Trump | delivered via | the press
// secretary"; the statement is the one the main verb tells.
func (f *finder) nounParticiple(m cand) bool {
	k := m.cue[0]
	if w := f.toks[k].Lower; !strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "en") || m.source[0] < 0 || m.source[1] >= k-2 || !f.punct(m.source[1], ",") {
		return false
	}
	if p := f.toks[k-1].Lower; !f.word(k-1) || f.l.is(p, clSubj|clAux|clAdv|clRel|clThat|clDet) {
		return false
	}
	det := false
	for j := m.source[1] + 1; j < k; j++ {
		if !f.word(j) {
			return false
		}
		det = det || f.l.is(f.toks[j].Lower, clDet)
	}
	return det && k-m.source[1] <= 6
}

// topicCue says whether the last lexicon word of m's cue, whose object
// the noun phrase is, names a topic or a deed with it ("explained the
// stimulus plan", "declared a state of emergency"), unless an "as" says
// what the speaker takes it for ("described the law as racist").
// "responded by calling for an inquiry" ends in "call for", no topic.
func (f *finder) topicCue(m cand) bool {
	for k := m.cue[1] - 1; k >= m.cue[0]; k-- {
		cs := f.l.cues[f.toks[k].Lower]
		if len(cs) == 0 {
			continue
		}
		topic := false
		for _, c := range cs {
			topic = topic || c.topic
		}
		if !topic {
			return false
		}
		for j := searchTok(f.toks, m.content[0]); j < len(f.toks) && f.toks[j].Start < m.content[1]; j++ {
			if f.toks[j].Lower == "as" {
				return false
			}
		}
		return true
	}
	return false
}

// inLexicon says whether a word of m's cue is a cue of the lexicon.
func (f *finder) inLexicon(m cand) bool {
	for k := m.cue[0]; k < m.cue[1]; k++ {
		if len(f.l.cues[f.toks[k].Lower]) > 0 {
			return true
		}
	}
	return false
}

// lexiconCue says whether acceptNew takes m without the cue model: its
// cue is a quotation's or the lexicon's, with the content it takes.
func (f *finder) lexiconCue(m cand) bool {
	s := f.cueScore
	f.cueScore = nil
	ok := f.acceptNew(m)
	f.cueScore = s
	return ok
}

// npCueThreshold is the cue model's score above which a lexicon cue the
// span model reads with a noun phrase is a stance (acceptNew): higher than
// cueThreshold, since the lexicon says such a cue wants a clause, and the
// model must overrule it. Picked on PolNeAR dev (5: source 0.708, cue
// 0.671; 10: 0.706, 0.671; 15: 0.704, 0.669), with the statements added to
// 1,500 wikinews-tosca articles read as the check: 10 adds 92, about one
// in seven of them junk; 5 about twice as many, one in five junk
// (BENCHMARKS.md, issue 9, fifth session).
var npCueThreshold float32 = 10

// cueAbove says whether the cue model scores a word of m's cue above th.
func (f *finder) cueAbove(m cand, th float32) bool {
	if f.cueScore == nil {
		return false
	}
	for k := m.cue[0]; k < m.cue[1]; k++ {
		if f.cueScore[k] > th {
			return true
		}
	}
	return false
}

// learnedCue says whether the cue model takes the cue of m, which the
// lexicon does not hold, for a cue: one of its words scores above
// cueThreshold.
func (f *finder) learnedCue(m cand) bool {
	for k := m.cue[0]; k < m.cue[1]; k++ {
		if f.l.deeds[f.toks[k].Lower] {
			return false // "nominated Barrett", "voted against the bill": a deed (attrib-deeds.txt)
		}
	}
	return f.cueAbove(m, cueThreshold)
}

// complement reports whether a content is the explicit complement a weak
// cue needs: a that-clause, a clause with its own subject, or the words
// before a cue that closes the sentence ("…, she warned.").
func (f *finder) complement(m cand) bool {
	k := searchTok(f.toks, m.content[0])
	switch {
	case m.cue[0] >= 0 && k >= m.cue[1]:
		return k > 0 && f.toks[k-1].Lower == "that" || k < len(f.toks) && f.l.class[f.toks[k].Lower]&clSubj != 0
	case m.cue[0] >= 0:
		return f.sentenceEndsAt(m.cue[1])
	}
	return false
}

// cueTaken reports whether a statement of cs has m's cue. The rules read
// what that cue introduces ("…," Burman said of Mrs. Clinton's plan); a
// second reading of the same cue as a noun phrase (mergeCands asks for
// stances only) is a fragment of the sentence ("Mrs. Clinton's plan"),
// while a clause may be the other side of a parenthetical cue ("The drugs
// have a limited set of uses, he says, and are mostly meant …").
func cueTaken(m cand, cs []cand) bool {
	for _, c := range cs {
		if m.cue[0] >= 0 && c.cue[0] < m.cue[1] && m.cue[0] < c.cue[1] {
			return true
		}
	}
	return false
}

// openingParticiple reports whether m's cue is a participle that opens
// its sentence and a statement of cs in the same sentence has m's source
// and its own cue after m's content: "Citing this test, RIAA's notice
// claimed that …" is the notice's claim, with what it cites as the
// claim's ground, not a second statement "Citing | this test"; the main
// clause's statement says what the speaker holds. Without one ("Calling
// for the withdrawal of the troops, protesters marched …") the
// participle is the statement.
func (f *finder) openingParticiple(m cand, cs []cand) bool {
	if m.cue[0] < 0 || m.source[0] < 0 || !f.sentenceStartsAt(m.cue[0]) || !strings.HasSuffix(f.toks[m.cue[0]].Lower, "ing") {
		return false
	}
	for _, c := range cs {
		if c.sent == m.sent && c.cue[0] >= 0 && f.toks[c.cue[0]].Start >= m.content[1] && c.source == m.source {
			return true
		}
	}
	return false
}

// reportedIn reports whether m's cue lies in what a statement of cs
// reports: in the same sentence, after that statement's cue and content,
// with only words between ("Trump said on Friday he can and may declare a
// national state of emergency": "may declare" is Trump's words, not a
// stance of its own; but "The Herald states the 707 was a freighter,
// despite photos …; it lists a tail number" is a second statement).
func (f *finder) reportedIn(m cand, cs []cand) bool {
	for _, c := range cs {
		if m.cue[0] < 0 || c.cue[0] < 0 || c.sent < 0 || c.sent != m.sent || c.cue[1] > m.cue[0] || c.content[1] <= c.content[0] || c.content[0] < f.toks[c.cue[1]-1].End {
			continue
		}
		words := true
		for k := searchTok(f.toks, c.content[1]); k < m.cue[0]; k++ {
			if f.toks[k].Kind != tWord {
				words = false
				break
			}
		}
		if words {
			return true
		}
	}
	return false
}

// trimSources drops a complementizer or relative "that" that a source
// starts with ("policies she supported that Trump argues …", "found that
// 74 percent of likely voters said …", "last week that those who question
// …"): the rules' subject reader and the boundary model take it in, and
// it is no part of who speaks. "that" stays when it is the whole source
// or a determiner of a common noun ("that official said").
func (f *finder) trimSources() {
	for i := range f.cands {
		c := &f.cands[i]
		a, b := c.source[0], c.source[1]
		if a < 0 || b-a < 2 || f.toks[a].Text != "that" {
			continue
		}
		next := f.toks[a+1]
		if next.Kind != tWord {
			continue
		}
		if next.Upper || next.Text[0] >= '0' && next.Text[0] <= '9' || f.l.is(next.Lower, clDet|clSubj) {
			c.source[0] = a + 1
		}
	}
	for i := range f.cands {
		c := &f.cands[i]
		c.source[0] = f.sourceStart(c.source)
		c.source[0] = f.appositiveStart(c.source, c.cue)
	}
}

// appositiveStart returns where source [a, b) starts when it is set off
// by commas after a name or a short noun phrase that opens its sentence,
// right before its cue: "Aaron Kall, the director of debate at the
// University of Michigan, compared …", "Schiff, 56, who has served …,
// told", "Another critic, Laurence H. Tribe, likened …". The readers
// took the words between the commas alone; who speaks is the name with
// them, as PolNeAR marks it.
func (f *finder) appositiveStart(r, cue [2]int) int {
	a, b := r[0], r[1]
	if a < 2 || cue[0] < 0 || !f.punct(a-1, ",") || !f.punct(b, ",") {
		return a
	}
	k := b + 1
	for k < cue[0] && f.word(k) && (f.l.adverb(f.toks[k]) || f.l.is(f.toks[k].Lower, clAux)) {
		k++
	}
	if k != cue[0] {
		return a
	}
	s := a - 1
	for s > 0 && s > a-8 && !f.sentenceStartsAt(s) && f.toks[s-1].Quote < 0 && (f.word(s-1) || f.punct(s-1, ".'’-")) {
		s--
	}
	if s == a-1 || !f.sentenceStartsAt(s) && !f.closeQuote(s-1) {
		return a
	}
	if !f.openingSubject(s, a-1) {
		return a
	}
	return s
}

// sourceStart returns where source [a, b) starts once the words before
// its own noun phrase are left out: what stands before a dash ("WASHINGTON
// -- President Obama"), before an inner "that" ("to reflect that Fowler",
// "now that Cruz"), or a phrase that opens with a preposition and runs
// into the name ("In a Bloomberg interview Trump").
func (f *finder) sourceStart(r [2]int) int {
	a, b := r[0], r[1]
	if a < 0 || b-a < 2 {
		return a
	}
	for k := b - 1; k > a; k-- {
		t := f.toks[k]
		if t.Text == "," || t.Text == "(" || t.Text == ")" {
			break // an apposition ("Mr. Clarke, who …"): the name is before it
		}
		if (t.Text == "--" || t.Text == "—" || t.Text == "–" || t.Text == "that") && k+1 < b && b-k <= 9 && f.toks[k+1].Kind == tWord && (f.toks[k+1].Upper || f.l.is(f.toks[k+1].Lower, clDet|clSubj)) {
			// A short noun phrase after it: a longer run is the clause
			// of a relative ("Kim Beazley, who was outraged that the
			// Government had chosen …").
			return k + 1
		}
	}
	if !f.l.is(f.toks[a].Lower, clPrep) {
		return a
	}
	// "In a Bloomberg interview Trump": the run of capitalised words that
	// ends the source, after a word that is not.
	e := b
	for e > a && f.toks[e-1].Kind == tWord && f.toks[e-1].Upper {
		e--
	}
	if e == b || e == a || f.toks[e-1].Kind != tWord || f.l.is(f.toks[e-1].Lower, clAlone) || unicode.IsDigit(f.rs[f.toks[e-1].Start]) || f.toks[e-1].Lower == "least" {
		return a // "At least three Liberal MPs", "Of the 12 Democrats"
	}
	for k := a; k < b; k++ {
		if f.toks[k].Kind != tWord {
			return a
		}
	}
	return e
}

func overlapsAny(m cand, cs []cand) bool {
	for _, c := range cs {
		if c.content[0] < m.content[1] && m.content[0] < c.content[1] {
			return true
		}
	}
	return false
}

// speechWord reports whether token k starts a cue of speech in the
// lexicon: one that reports words (said, told, according to, a report),
// not a stance, an intention or a belief (endorsed, vowed to, thinks).
func (f *finder) speechWord(k int) bool {
	if f.toks[k].Kind != tWord {
		return false
	}
	for _, c := range f.l.cues[f.toks[k].Lower] {
		if !c.weak && !c.np && !c.inf && !c.think {
			return true
		}
	}
	return false
}

// modeOf says whether a candidate reports words or a stance: quotations
// and cues of speech report words; a weak cue does with a clause after it
// ("admitted that …"), also one whose object noun phrase is a stance
// ("denied the report", but "denied he made a deal" reports words);
// stances, intentions and beliefs ("endorsed", "vowed to", "believes"),
// and cues outside the lexicon, report a stance.
func (f *finder) modeOf(c cand) string {
	if c.mode != "" {
		return c.mode
	}
	if c.kind != rapporteur.Indirect || c.cue[0] < 0 {
		return rapporteur.Speech
	}
	weak, np := false, false
	for k := c.cue[0]; k < c.cue[1] && k < len(f.toks); k++ {
		if f.speechWord(k) {
			return rapporteur.Speech
		}
		for _, cu := range f.l.cues[f.toks[k].Lower] {
			weak = weak || cu.weak && !cu.np && !cu.inf && !cu.think
			np = np || cu.weak && cu.np && !cu.inf && !cu.think
		}
	}
	k := searchTok(f.toks, c.content[0])
	if weak {
		// The clause of "admitted that …", "warned it would …": the word
		// before the content is the complementizer, or the content is a
		// clause with its own subject.
		if k > 0 && f.toks[k-1].Lower == "that" || k < len(f.toks) && f.l.class[f.toks[k].Lower]&clSubj != 0 {
			return rapporteur.Speech
		}
	}
	if np {
		// A cue whose object may be a noun phrase reports words only with
		// a clause for sure: "denied that troops had crossed", "denied he
		// made a deal", "denies the two explosions are related"; not
		// "questioned that logic", "criticizes it",
		// nor a relative "that" ("emails … back that claimed …").
		if k > 0 && f.toks[k-1].Lower == "that" && f.words(k, searchTok(f.toks, c.content[1])) >= 3 && f.subjectWord(k) || f.clauseStart(k) || f.shortSubjectClause(k, searchTok(f.toks, c.content[1])) {
			return rapporteur.Speech
		}
	}
	return rapporteur.Stance
}

// subjectWord reports whether token k may open a clause as its subject:
// a word that is no verb, auxiliary or cue ("that troops had crossed", not
// "that claimed to have", "that don't meet").
func (f *finder) subjectWord(k int) bool {
	if !f.word(k) {
		return false
	}
	w := f.toks[k].Lower
	return !f.l.is(w, clAux|clVerb|clPassive|clStop) && len(f.l.cues[w]) == 0
}

// shortSubjectClause reports whether tokens [k, e) open with a clause
// whose subject is a short noun phrase: a finite form of be, have or a
// modal within its first five words, and before it no relative word,
// preposition, "to", comma or quote mark ("the two explosions are
// related", not "the report", "Brexit to be scrapped", "the plan of being
// insufficient" nor "the claims of officials who were …").
func (f *finder) shortSubjectClause(k, e int) bool {
	if !f.subjectWord(k) {
		return false
	}
	for j := k + 1; j < e && j < k+5; j++ {
		w := f.toks[j].Lower
		if !f.word(j) || f.toks[j].Quote >= 0 || w == "to" || f.l.is(w, clRel|clThat|clStop|clPrep) {
			return false
		}
		if f.l.is(w, clVerb) || f.l.is(w, clPassive) && w != "be" && w != "been" && w != "being" {
			return true
		}
	}
	return false
}

// hasVerb reports whether tags hold a verb or an auxiliary: whether the
// words are a clause rather than a noun phrase.
func hasVerb(tags []string) bool {
	for _, t := range tags {
		if t == "VERB" || t == "AUX" {
			return true
		}
	}
	return false
}

// meanMargin is the mean margin of tokens [a, b): how sure the model is of
// a span's labels.
func meanMargin(m []float32, a, b int) float64 {
	if b <= a {
		return 0
	}
	var sum float64
	for _, v := range m[a:b] {
		sum += float64(v)
	}
	return sum / float64(b-a)
}

// toSentenceEnd extends a content that stops short of its sentence's end
// when only plain words (no comma, dash, colon or quote mark, no other
// labelled span) lie between: a clause does not end in the middle of a
// run of words.
func (f *finder) toSentenceEnd(c span, sentOf []int, labels []int) int {
	k := c.b
	for k < len(f.toks) && sentOf[k] == sentOf[c.b-1] && f.toks[k].Para == f.toks[c.b-1].Para {
		if labels[k] != lO {
			return c.b
		}
		if f.toks[k].Kind != tWord {
			if f.punct(k, ".?!") && (k+1 >= len(f.toks) || sentOf[k+1] != sentOf[k] || f.toks[k+1].Para != f.toks[k].Para) {
				return k
			}
			return c.b
		}
		k++
	}
	return c.b
}
