package act

import (
	"fmt"
	"strings"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/attrib/text"
	"github.com/rapporteur/rapporteur/canon"
	"github.com/rapporteur/rapporteur/lexicon"
)

// window is how many words after a cue are read for its object, and how
// many words at the start of the content are read for an act verb.
const window = 10

// determiners and pronouns mark a cue word as a noun ("the denial") or a
// subject ("we reject").
var (
	determiners = set("the a an this that these those its their his her our my your some any no")
	subjects    = set("i we they he she it who which")
	auxiliaries = set("has have had is was were are be been will would")
	// adverbs start a sentence with a capital but name nobody.
	adverbs = set("thus however but so also still yet then now there here today yesterday")
	// stops end an object noun phrase.
	stops = set("of on for to that as in over after with and or by at from about who which is was are were be has have had will would said says but than into against while when because if whether not")
)

// actWords are the word classes of lexicon/data/en/act-words.txt; the
// act rules read English alone today. The file is embedded, so only a
// broken build can fail to read it.
var actWords = func() map[string]map[string]bool {
	rows, err := lexicon.Fields("en", "act-words")
	if err != nil {
		panic(err)
	}
	out := map[string]map[string]bool{}
	for _, r := range rows {
		if len(r) != 2 {
			panic(fmt.Sprintf("lexicon en/act-words: bad line %q", strings.Join(r, "|")))
		}
		out[r[0]] = set(r[1])
	}
	return out
}()

// actWord is the word class of act-words.txt named class.
func actWord(class string) map[string]bool {
	m, ok := actWords[class]
	if !ok {
		panic("lexicon en/act-words: no class " + class)
	}
	return m
}

func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// givenActs, when set (by tests only, SetGivenActs), may rewrite the acts
// and targets of an article's statements before its replies are linked:
// the linker's ceiling when the act stage is right (TestReplyCeiling).
var givenActs func(id string, sts []rapporteur.Statement)

// objBack is how many code points before an act verb's object are read
// for the words that open its noun phrase ("his" of "his demands").
const objBack = 12

// reading is what classify finds for one statement before targets are
// resolved across the article.
type reading struct {
	act      string
	obj      *rapporteur.Span // the words the act is aimed at, if named
	polarity bool             // the act was read from a content word, not a verb
	claim    bool             // the content or the object names a claim
	// him is the offset of the cue when its object is "him" or "her" (0
	// when it is not): the person the pronoun stands for is aimed at.
	him int
}

// Annotate returns a with the Act, Target and RespondsTo of every statement
// set. It does not change anything else; a's slices are not modified.
func (an *Annotator) Annotate(a rapporteur.Article) rapporteur.Article {
	return an.AnnotateDoc(a, nil)
}

// AnnotateDoc is Annotate reading d, the text layer of a.Text that
// attribution read (attrib.Attributor.AttributeDoc), instead of reading the
// text again; a nil d is read from a.Text.
func (an *Annotator) AnnotateDoc(a rapporteur.Article, d *text.Doc) rapporteur.Article {
	if len(a.Statements) == 0 {
		return a
	}
	l := an.lexOf(a.Language)
	if d == nil {
		d = text.Parse(a.Text)
	}
	sts := make([]rapporteur.Statement, len(a.Statements))
	copy(sts, a.Statements)
	rds := make([]reading, len(sts))
	known := knownWords(a.Entities)
	for i := range sts {
		rds[i] = l.classify(d, &sts[i], known)
	}
	if an.model.on() && l == an.langs["en"] {
		// The model reads only what the rules read as assertions.
		fss := l.articleFeatures(&rapporteur.Article{Title: a.Title, Statements: sts}, d, rds, func(i int) bool { return rds[i].act == "" })
		learned := make([]reading, len(sts))
		for i := range sts {
			learned[i] = rds[i]
			if fss[i] != nil {
				learned[i] = l.learned(an.model, fss[i], d, &sts[i], rds[i], known)
			}
		}
		rds = learned
	}
	// Targets of the acts read from verbs first: a polarity word is a
	// denial when its speaker is the one accused.
	var cands []nameCand
	for i := range sts {
		if rds[i].act == "" {
			continue
		}
		if rds[i].obj != nil {
			if cands == nil {
				cands = nameCands(sts, a.Entities) // read once, for the first target
			}
			sts[i].Target = resolve(d, *rds[i].obj, sts, a.Entities, cands, l)
		}
	}
	for i := range sts {
		if rds[i].act != "" && rds[i].obj == nil && rds[i].him > 0 {
			if cands == nil {
				cands = nameCands(sts, a.Entities)
			}
			sts[i].Target = antecedent(d, rds[i].him, sts[i].Speaker, cands)
		}
	}
	var roles map[string]*rapporteur.Speaker
	for i := range sts {
		if rds[i].act != "" && sts[i].Target == nil {
			if roles == nil {
				roles = rolesOf(sts)
			}
			sts[i].Target = roleNamed(tokens(d, sts[i].Content.Start, sts[i].Content.End), sts[i].Speaker, roles, d)
		}
	}
	for i, rd := range rds {
		sts[i].Act = rd.act
		if rd.act == "" {
			sts[i].Act = rapporteur.ActAssert
		}
	}
	for i := range sts {
		rd := rds[i]
		switch {
		case rd.act == "":
			continue
		case rd.polarity && rd.act == rapporteur.ActDeny && !rd.claim:
			// A denial word aimed at no claim denies the accusation
			// aimed at the speaker, when the article holds one; without
			// one it still denies (what was said is "fake"): a criticism
			// needs a word of judgement.
			if j := accusedBy(i, sts); j >= 0 {
				sts[i].Target = &rapporteur.Target{Name: sts[j].Speaker.Name, Type: sts[j].Speaker.Type}
			}
		}
		sts[i].Act = rd.act
	}
	if givenActs != nil {
		givenActs(a.ID, sts) // tests only: the reply linker on acts and targets given
	}
	// A statement that says it answers ("countered", "in response to")
	// answers what its words name; an assertion that does takes the act
	// the phrase gives (a counter denies).
	explicit := make([]int, len(sts))
	for i := range sts {
		explicit[i] = -1
		r, ok := l.replyCue(d, &sts[i])
		if !ok || sts[i].Act == rapporteur.ActAssert && r.act == "" || sts[i].Act == rapporteur.ActAccuse {
			continue
		}
		if asks(d, sts[i]) {
			continue // a question answers nothing
		}
		if cands == nil {
			cands = nameCands(sts, a.Entities)
		}
		j := l.answered(d, i, sts, r, cands)
		if j < 0 {
			continue
		}
		if sts[i].Act == rapporteur.ActAssert {
			// An assertion that answers a stand (an accusation, a
			// criticism, a demand) rejects it; one that answers a
			// plain statement stays an assertion, and no reply.
			switch {
			case sts[j].Act == rapporteur.ActAccuse, sts[j].Act == rapporteur.ActCriticize, sts[j].Act == rapporteur.ActDemand, r.inCue && r.obj == nil:
				sts[i].Act = r.act
			default:
				continue
			}
		}
		if sts[i].Target == nil {
			sts[i].Target = &rapporteur.Target{Name: sts[j].Speaker.Name, Type: sts[j].Speaker.Type}
		}
		explicit[i] = j
	}
	// Content words are read only for statements that may reply or be
	// replied to: most statements assert and are never compared.
	// A statement aimed at a speaker answers the one of theirs that says
	// the same thing, whatever its act: every statement's words are read
	// then.
	aimed := false
	for i := range sts {
		aimed = aimed || sts[i].Act != rapporteur.ActAssert && sts[i].Target != nil
	}
	words := make([][]string, len(sts))
	for i := range sts {
		if aimed || sts[i].Act != rapporteur.ActAssert {
			words[i] = contentWords(d, sts[i].Content)
		}
	}
	ws := weigh(words)
	l.negatedClaims(d, sts, ws)
	for i := range sts {
		named := explicit[i]
		// An accusation is no answer (but for accusing back, which
		// replies scores): a report it names is its source.
		if named < 0 && sts[i].Act != rapporteur.ActAssert && sts[i].Act != rapporteur.ActAccuse {
			r, ok := l.reference(d, &sts[i])
			if !ok && rds[i].obj != nil {
				// The object of the act's verb when the statement's cue
				// hangs on it: "rejected his demands, saying the
				// elections were free and honest" answers the demands.
				// The object's span starts at its noun: read the words
				// just before it too, for its possessor ("his").
				r, ok = l.refIn(tokens(d, max(0, rds[i].obj.Start-objBack), rds[i].obj.End), true)
			}
			if ok {
				if cands == nil {
					cands = nameCands(sts, a.Entities)
				}
				if r.pronoun && r.singular && r.possessor == "" && sts[i].Speaker.Type != rapporteur.Person {
					// "his demands" in the words of a body or a group
					// are another's: those of the person the pronoun
					// stands for. (A person's "his" may be their own.)
					if t := antecedent(d, r.at, sts[i].Speaker, cands); t != nil {
						r.possessor = t.Name
					}
				}
				named = referred(i, sts, r, cands, ws.w)
			}
		}
		sts[i].RespondsTo = replies(a.ID, i, sts, ws, named)
	}
	// A reaction that names no one answers the statement of the speaker
	// the headline names (headlined.go).
	var lead heads
	for i := range sts {
		if sts[i].RespondsTo != nil || sts[i].Act != rapporteur.ActCriticize && sts[i].Act != rapporteur.ActDeny {
			continue
		}
		if lead.lead == nil {
			lead = headlinedSpeakers(d, a.Title, sts)
			// The headline speaker's statements are compared with the
			// reactions by their words: read those not read yet.
			more := false
			for j := range sts {
				if lead.lead[j] && words[j] == nil {
					words[j] = contentWords(d, sts[j].Content)
					more = true
				}
			}
			if more {
				ws = weigh(words)
			}
		}
		if j := headlined(d, i, sts, lead, ws); j >= 0 {
			sts[i].RespondsTo = []rapporteur.Reply{{Article: a.ID, Statement: j}}
		}
	}
	// A reply to a document answers what it said first (documents.go).
	for i := range sts {
		for k, r := range sts[i].RespondsTo {
			if j := firstOfDocument(r.Statement, sts); j != r.Statement && j != i {
				sts[i].RespondsTo[k].Statement = j
			}
		}
	}
	a.Statements = sts
	return a
}

// lexOf returns the act words of lang, English when it has none.
func (an *Annotator) lexOf(lang string) *lex {
	if l := an.langs[lang]; l != nil {
		return l
	}
	return an.langs["en"]
}

// knownWords returns the words of the entities' names, read when first
// asked for: most articles never ask (only a lone capital that starts a
// sentence does), and reading every name costs a sixth of the stage.
func knownWords(ents []rapporteur.Entity) *known {
	return &known{ents: ents}
}

// known is the set of the words of an article's entity names.
type known struct {
	ents []rapporteur.Entity
	m    map[string]bool
}

// has reports whether w is a word of an entity's name.
func (k *known) has(w string) bool {
	if k == nil {
		return false
	}
	if k.m == nil {
		k.m = map[string]bool{}
		for _, e := range k.ents {
			for _, x := range words(e.Name) {
				k.m[x] = true
			}
		}
	}
	return k.m[w]
}

// person reports whether w is a word of the name of a person entity.
func (k *known) person(w string) bool {
	if k == nil {
		return false
	}
	for _, e := range k.ents {
		if e.Type != rapporteur.Person {
			continue
		}
		for _, x := range words(e.Name) {
			if x == w {
				return true
			}
		}
	}
	return false
}

// learned returns the reading of statement st, whose features are fs, with
// the act model m: the
// rules' reading rd when the model keeps its act, else the model's act
// aimed at what the cue names, or the first name in the content that is
// not the speaker's.
func (l *lex) learned(m *Model, fs []uint64, d *text.Doc, st *rapporteur.Statement, rd reading, known *known) reading {
	rule := rd.act
	if rule == "" {
		rule = rapporteur.ActAssert
	}
	got := m.decide(fs, rule)
	if got == rule {
		return rd
	}
	if got == rapporteur.ActAssert {
		return reading{}
	}
	out := reading{act: got, obj: rd.obj, claim: rd.claim}
	if out.obj == nil && st.Cue != nil && !st.Cue.Empty() {
		ts := tokens(d, st.Cue.Start, st.Cue.End+80)
		k := 0
		for k < len(ts) && ts[k].start < st.Cue.End {
			k++
		}
		out.obj = object(ts, k)
	}
	if out.obj == nil {
		out.obj = l.named(tokens(d, st.Content.Start, st.Content.End), st.Speaker.Name, known)
	}
	return out
}

// classify reads the act of one statement: the cue's act unless negated,
// else the first act verb of the content, else a polarity word of the
// content, else wrongdoing words (an accusation).
func (l *lex) classify(d *text.Doc, st *rapporteur.Statement, known *known) reading {
	if st.Speaker.Role == "interviewer" {
		// An interviewer's turn asks: the judgement words in it ("did
		// you realize the effort was immoral") are the question's, not a
		// stand the outlet takes.
		return reading{}
	}
	if indirectQuestion(d, st) {
		return reading{} // "asked if he would resign" asks; it demands nothing
	}
	if st.Cue != nil && !st.Cue.Empty() {
		ts := tokens(d, st.Cue.Start, st.Cue.End+80)
		// The cue's act is that of its verb, after the auxiliaries and
		// adverbs a cue may hold in front of it ("has supported", "also
		// said", "recently condemned").
		for k := 0; k < len(ts) && ts[k].start < st.Cue.End; k++ {
			if warnsTo(ts, k) && !l.negated(d, ts[k].start) {
				return reading{act: rapporteur.ActDemand, obj: object(ts[k:], 1)}
			}
			if p, ok := match(ts, k, l.cues[ts[k].w]); ok {
				if l.negated(d, ts[k].start) || l.nounBefore(d, ts, k) {
					return reading{}
				}
				if deed(d, ts, k, p, st.Speaker, known) {
					break // a deed, not words: the content says what the act is
				}
				if p.act == rapporteur.ActConfirm && !admits[p.words[0]] && ownPlan(tokens(d, st.Content.Start, st.Content.End), st.Speaker) {
					// "confirmed it will send an extra 200 troops",
					// "conceded the sale would be extremely difficult":
					// what will or may be is announced or granted, no
					// claim or charge confirmed.
					return reading{}
				}
				rd := reading{act: l.cueAct(ts, k, p, known), obj: object(ts[k:], len(p.words))}
				if o := k + len(p.words); rd.obj != nil && o < len(ts) && l.times[ts[o].w] && rd.obj.End == ts[o].end {
					rd.obj = nil // "confirmed Thursday Dell would …": a day is no target
				}
				if declines(ts, k, p) {
					return reading{}
				}
				if p.words[0] == "refuse" && !refusesAsked(ts, k+len(p.words)) {
					break // a deed refused, not words: the content says what the act is
				}
				if o := k + len(p.words); rd.obj == nil && o < len(ts) && (ts[o].w == "him" || ts[o].w == "her") {
					rd.him = ts[k].start
				}
				return rd
			}
		}
	}
	c := st.Content
	ts := tokens(d, c.Start, c.End)
	if question(ts, tokens(d, c.End, c.End+3)) {
		return reading{} // a question asks: the judgement words in it are not the speaker's
	}
	if (st.Cue == nil || st.Cue.Empty()) && len(ts) > longAnswer {
		// Long words said with no cue (an interview's answer) take the
		// act of their first sentence: a long answer holds some negation
		// or judgement word somewhere ("We don't go out without a
		// mask"), which is no denial of anything.
		ts = firstSentence(ts)
	}
	claim := -1
	for k, t := range ts {
		if l.claim[t.w] && k > 0 && !stops[ts[k-1].w] {
			claim = k
			break
		}
	}
	for i := 0; i < len(ts) && i < window; i++ {
		ps := l.cues[ts[i].w]
		if len(ps) == 0 {
			continue
		}
		p, ok := match(ts, i, ps)
		if !ok {
			continue
		}
		base := ts[i].w == p.words[0]
		prev := ""
		if i > 0 {
			prev = ts[i-1].w
		}
		// An infinitive opening the content goes on from an aspect cue
		// ("went on | to blast Paul Kirchhof", "continued | to attack"):
		// it is the act's verb (walk 7, finding 5).
		carried := i == 1 && prev == "to" && aspectCue(d, st)
		if determiners[prev] || (base && !subjects[prev] && !carried) || ts[i].cap {
			continue
		}
		if carried && deed(d, ts, i, p, st.Speaker, known) {
			continue
		}
		if p.words[0] == "refuse" {
			// "the government has refused to plead for his release",
			// said by another, blames the refusal: only the refuser's
			// own cue denies.
			continue
		}
		if l.negatedTok(ts, i) {
			return reading{}
		}
		return reading{act: l.cueAct(ts, i, p, known), obj: object(ts, i+len(p.words)), claim: claim >= 0}
	}
	for i := range ts {
		if p, ok := match(ts, i, l.own[ts[i].w]); ok {
			if p.words[0] == "refuse" && !refusesAsked(ts, i+len(p.words)) {
				continue
			}
			return reading{act: p.act, obj: l.named(ts, st.Speaker.Name, known), claim: claim >= 0}
		}
	}
	// A wrongdoing said not to have happened ("I put no pressure on
	// them", "never pressured", "without influence") is denied, whoever
	// says it: the denial stands by itself.
	inner := reportedClauses(ts)
	for i := range ts {
		_, wrong := match(ts, i, l.wrong[ts[i].w])
		_, denied := match(ts, i, l.denied[ts[i].w])
		if (wrong || denied) && l.negatedTok(ts, i) && !inner[i] {
			return reading{act: rapporteur.ActDeny, obj: l.named(ts, st.Speaker.Name, known), claim: claim >= 0}
		}
	}
	// Content words: a word of judgement first, wherever it stands; a
	// modal ("should", "must") is weaker and gives a demand only when no
	// judgement is there ("should be remembered for what he was: a
	// dictator" criticizes).
	// A judgement said with a word of wrongdoing accuses: "the rampant
	// corruption was undermining democracy", "the treatment was cruel,
	// constituting torture" (README: accuse needs wrongdoing).
	wrongdoing := false
	for i := range ts {
		if _, ok := match(ts, i, l.wrong[ts[i].w]); ok {
			wrongdoing = true
			break
		}
	}
judged:
	for pass := 0; pass < 2; pass++ {
		for i := range ts {
			p, ok := match(ts, i, l.content[ts[i].w])
			if !ok || l.negatedTok(ts, i) || (p.act == rapporteur.ActDemand) != (pass == 1) || inner[i] {
				continue
			}
			obj := l.named(ts, st.Speaker.Name, known)
			act := p.act
			if errs[ts[i].w] && ownSubject(ts, st.Speaker) {
				// "it had made a mistake in its May 9th report": the
				// speaker owns an error, an admission (README: conceding
				// one's earlier claim may be wrong confirms).
				return reading{act: rapporteur.ActConfirm, claim: claim >= 0}
			}
			if claim >= 0 {
				obj = claimPhrase(ts, claim)
				if act == rapporteur.ActCriticize && claim >= i-claimNear && claim <= i+claimNear && !(spoken[ts[claim].w] && manners[ts[i].w]) {
					act = rapporteur.ActDeny
				}
			}
			if act == rapporteur.ActCriticize && wrongdoing {
				break judged
			}
			return reading{act: act, obj: obj, polarity: true, claim: claim >= 0}
		}
	}
	for i := range ts {
		if _, ok := match(ts, i, l.wrong[ts[i].w]); ok {
			if passive(ts, i) {
				// "Navalny was poisoned": the subject suffered the
				// wrong; the accused is the agent, when one is named
				// ("was poisoned by the FSB"), else no one.
				return reading{act: rapporteur.ActAccuse, obj: agent(ts, i+1)}
			}
			return reading{act: rapporteur.ActAccuse, obj: l.named(ts, st.Speaker.Name, known)}
		}
	}
	// A report, an investigation or a lawsuit that says what a named
	// party did accuses it ("a report by The New York Times: Spitzer
	// informed his officials that he was being investigated").
	if st.Speaker.Type == rapporteur.Document && l.accusingDoc(st.Speaker.Name) {
		if obj := l.named(ts, st.Speaker.Name, known); obj != nil {
			return reading{act: rapporteur.ActAccuse, obj: obj}
		}
	}
	if rd, ok := l.governed(d, st); ok {
		return rd
	}
	return reading{}
}

// governedActs are the acts a speech cue takes from the verb of the clause
// it hangs on: a denial or a criticism goes on in the words that follow it
// ("Musharraf denied a security lapse was responsible, telling reporters she
// had chosen her own police superintendent"; "officials reject his demands,
// and insist the elections were free"). Measured on the train split
// (BENCHMARKS.md, issue 11, sixth session): after an accusation, a support
// or a confirmation the words that follow are as often assertions or
// another act as the verb's.
var governedActs = set(rapporteur.ActDeny + " " + rapporteur.ActCriticize)

// governed reads the act of a neutral speech cue that hangs on an earlier
// verb of the same sentence and subject: a participle after a comma
// (", saying", ", telling reporters", ", adding") or a verb after "and"
// (", and insist"). That verb's act, when it is a denial or a criticism
// and not negated, is the statement's; the verb's object its target.
func (l *lex) governed(d *text.Doc, st *rapporteur.Statement) (reading, bool) {
	if st.Cue == nil || st.Cue.Empty() {
		return reading{}, false
	}
	cue := tokens(d, st.Cue.Start, st.Cue.End)
	if len(cue) == 0 {
		return reading{}, false
	}
	ts := tokens(d, st.Cue.Start-240, st.Cue.Start)
	n := len(ts)
	switch {
	case n >= 2 && strings.HasSuffix(cue[0].w, "ing") && ts[n-1].w == ",":
		n--
	case n >= 2 && ts[n-1].w == "and":
		n--
		if ts[n-1].w == "," {
			n--
		}
	default:
		return reading{}, false
	}
	// The clause before: back to the sentence's start, its first verb of
	// an act the one read.
	from := n - 1
	for from > 0 {
		w := ts[from-1].w
		if (w == "." && !titleDot(ts, from-1)) || w == "!" || w == "?" || w == ";" || w == ":" {
			break
		}
		from--
	}
	for k := from; k < n; k++ {
		p, ok := match(ts, k, l.cues[ts[k].w])
		if !ok || !governedActs[p.act] {
			continue
		}
		prev := ""
		if k > 0 {
			prev = ts[k-1].w
		}
		if determiners[prev] || prev == "to" || ts[k].cap || l.negatedTok(ts, k) {
			continue
		}
		if p.words[0] == "refuse" && !refusesAsked(ts[:n], k+len(p.words)) {
			// "refusing to travel with African Union personnel,
			// stating …": a refused deed gives its clause no act
			// (walk 7, finding 1a (c)).
			continue
		}
		return reading{act: l.cueAct(ts[:n], k, p, nil), obj: object(ts[k:n], len(p.words))}, true
	}
	return reading{}, false
}

// longAnswer is the length in tokens past which words said with no cue
// are an answer or a speech rather than a quotation a news story goes on
// with, and take the act of their first sentence.
const longAnswer = 60

// passive reports whether the word at ts[i] is a passive participle: a
// form in -ed or -en with a form of "be" or "get" before it, adverbs and
// "not" between.
func passive(ts []tok, i int) bool {
	if w := ts[i].w; !strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "en") {
		return false // "was unlawful", "is racist": the subject is judged, it suffered nothing
	}
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		switch ts[k].w {
		case "was", "were", "is", "are", "been", "be", "being", "got", "get", "gets":
			return true
		case "not", "n't", "allegedly", "reportedly", "repeatedly", "never":
			continue
		}
		if !adverbs[ts[k].w] {
			return false
		}
	}
	return false
}

// agent returns the phrase after the first "by" in ts[from:] within the
// clause: the doer of a passive ("poisoned by the FSB"); nil when none.
func agent(ts []tok, from int) *rapporteur.Span {
	for k := from; k < len(ts) && k < from+6; k++ {
		if ts[k].w == "by" {
			return object(ts, k+1)
		}
		if !isWord(ts[k].w) {
			break
		}
	}
	return nil
}

// firstSentence returns the tokens of ts up to the end of its first
// sentence: a full stop, question or exclamation mark followed by a word
// written with a capital.
func firstSentence(ts []tok) []tok {
	for i := 0; i+1 < len(ts); i++ {
		if (ts[i].w == "." || ts[i].w == "?" || ts[i].w == "!") && ts[i+1].cap {
			return ts[:i+1]
		}
	}
	return ts
}

// nounBefore reports whether the cue word ts[k] is a noun for an event,
// by what stands just before it: an article, a possessive pronoun or a
// possessive ("Another blast occurred", "Today's blast happened in
// Sukhumi"): an event reported, no act of a speaker. A noun for what was
// said ("an appeal", "the demand"; acts.txt refers) and a participle ("the
// alleged abuse") keep their act.
func (l *lex) nounBefore(d *text.Doc, ts []tok, k int) bool {
	if _, ok := l.refers[ts[k].w]; ok || strings.HasSuffix(ts[k].w, "ed") {
		return false
	}
	var prev tok
	if k > 0 {
		prev = ts[k-1]
	} else {
		before := tokens(d, ts[k].start-30, ts[k].start)
		if len(before) == 0 {
			return false
		}
		prev = before[len(before)-1]
	}
	return articles[prev.w] || possessives[prev.w] || prev.w == "another" || prev.poss
}

// errs are the judgement words of an error, which their maker admits.
var errs = actWord("error")

// ownSubject reports whether content ts opens with its speaker as the
// subject: I or we, "it" for a speaker that is no person, "he" or "she"
// for one that is, or a word of the speaker's name.
func ownSubject(ts []tok, sp rapporteur.Speaker) bool {
	if len(ts) > 0 && ts[0].w == "that" {
		ts = ts[1:]
	}
	if len(ts) == 0 {
		return false
	}
	switch w := ts[0].w; w {
	case "i", "we":
		return true
	case "it":
		return sp.Type != rapporteur.Person
	case "he", "she":
		return sp.Type == rapporteur.Person
	default:
		for _, x := range words(sp.Name) {
			if x == w && ts[0].cap {
				return true
			}
		}
	}
	return false
}

// spoken are the claim nouns for words said, and manners the judgements of
// how they were said: "called the remarks highly irresponsible" criticizes
// the saying and denies no fact ("Rice's comments can be considered a
// propaganda move" does deny; walk 7, finding 7).
var (
	spoken  = set("remarks remark comments comment statement statements words speech")
	manners = set("irresponsible unfortunate provocative inappropriate offensive outrageous unacceptable disgraceful dangerous reckless insensitive unhelpful regrettable shameful deplorable inflammatory hurtful divisive")
)

// reportedClauses marks the words of ts that stand in what another is told
// to have said ("The administration's response has been that our report is
// absurd, and our answer is …"): a word of saying not the speaker's (no I,
// we, our, my in the four words before it) followed within three words by
// "that" (a noun of stance through a copula), up to
// the end of that clause (a full stop, colon, semicolon, or a comma before
// "and"/"but"). A judgement there is the other's, not the speaker's (walk
// 7, finding 7).
func reportedClauses(ts []tok) []bool {
	var in []bool
	for k := 0; k < len(ts); k++ {
		if !sayings[ts[k].w] && !stances[ts[k].w] {
			continue
		}
		own := false
		for b := k - 1; b >= 0 && b >= k-4; b-- {
			own = own || ts[b].w == "i" || ts[b].w == "we" || ts[b].w == "our" || ts[b].w == "my"
		}
		if own {
			continue
		}
		o := -1
		for j := k + 1; j < len(ts) && j <= k+3; j++ {
			if ts[j].w == "that" {
				o = j
				break
			}
		}
		if o > 0 && stances[ts[k].w] && !copular(ts[k+1:o]) {
			o = -1 // "the claim that X is questionable" judges the claim
		}
		if o < 0 {
			continue
		}
		if in == nil {
			in = make([]bool, len(ts))
		}
		for j := o + 1; j < len(ts); j++ {
			w := ts[j].w
			if w == "." || w == ":" || w == ";" || w == "," && j+1 < len(ts) && (ts[j+1].w == "and" || ts[j+1].w == "but") {
				break
			}
			in[j] = true
		}
	}
	if in == nil {
		in = make([]bool, len(ts))
	}
	return in
}

// sayings are the verbs that report another's words before "that", and
// stances the nouns that do so with a copula ("the administration's
// response has been that …", "their position is that …").
var (
	sayings = set("said says say claimed argued argues insisted insists maintained maintains told")
	stances = set("response position view answer line")
)

// copular reports whether ts holds a copula.
func copular(ts []tok) bool {
	for _, t := range ts {
		switch t.w {
		case "is", "was", "has", "been", "'s", "remains", "remained":
			return true
		}
	}
	return false
}

// claimNear is how many words from a judgement word a claim noun must stand
// for the judgement to deny it: "an absurd allegation", "the claim of a
// release was government propaganda".
const claimNear = 6

// deeds are forms of a cue verb of criticism that, as a statement's cue,
// name a violent act far more often than words: "bomb blasts have sent
// ripples", "Mortar attacks: 204", "the 16 July attack" (the noun, which
// the extractor reads as a cue; the verb's past "attacked the Civil Unions
// Act" stays a criticism). On the train split this reads 27 statements
// again: 18 gold assertions and one accusation now right, none right
// before (BENCHMARKS.md, issue 11, seventh session).
var deeds = actWord("deed")

// deed reports whether the cue verb of criticism p at ts[k] tells a deed,
// not words: one of deeds read as a noun (no infinitive or modal before it,
// no object after it: "bomb blasts have sent", "arson attacks appear"), or
// deedVerbs said of a group and aimed at neither a person nor something
// said or done ("militants attacked a watch tower"; but "observers have
// attacked the AP6 outcomes", "the Democratic Party continued to attack
// Trump" criticize; walk 7, finding 5).
func deed(d *text.Doc, ts []tok, k int, p phrase, sp rapporteur.Speaker, known *known) bool {
	o := k + len(p.words)
	if deeds[ts[k].w] && (!verbAt(d, ts, k, o) || sp.Type == rapporteur.Unknown) {
		return true // ("a bat attacks the Libertarian Party's nominee")
	}
	return (sp.Type == rapporteur.Group || sp.Type == rapporteur.Organization) && deedVerbs[p.words[0]] && !saidAgainst(ts, o, known)
}

// verbAt reports whether the word at ts[k], whose phrase ends before ts[o],
// is a verb by its neighbours: "to" or a modal before it ("went on to
// attack", "will blast"), or an object after it ("The study attacks some of
// the data", "attacks the plan", "blasts Merkel").
func verbAt(d *text.Doc, ts []tok, k, o int) bool {
	var prev string
	if k > 0 {
		prev = ts[k-1].w
	} else if before := tokens(d, ts[k].start-20, ts[k].start); len(before) > 0 {
		prev = before[len(before)-1].w
	}
	if prev == "to" || modalVerbs[prev] {
		return true
	}
	if o >= len(ts) {
		return false
	}
	return objectOpeners[ts[o].w] || ts[o].cap && isWord(ts[o].w)
}

// modalVerbs stand before a verb's base form.
var modalVerbs = set("will would can could may might must should shall did does do 'll")

// objectOpeners open an object ("that" would open a relative clause:
// "missile attacks that killed 18 people").
var objectOpeners = set("the a an this these those its their his her our my your some any both all each every several many much him them us me")

// saidAgainst reports whether the object starting at ts[o] names a person
// of the article or something said, decided or done, which an attack
// criticizes: a policy, a record, an outcome, data, a party.
func saidAgainst(ts []tok, o int, known *known) bool {
	for j := o; j < len(ts) && j < o+6; j++ {
		w := ts[j].w
		if !isWord(w) || j > o && stops[w] {
			break
		}
		if targets[w] || ts[j].cap && known.person(w) {
			return true
		}
	}
	return false
}

// targets are the nouns for what is said, decided or done, and for those
// who govern, that an attack on criticizes.
var targets = actWord("target")

// aspectCue reports whether the statement's cue ends in a verb that goes on
// into the content's infinitive ("went on", "continued", "began", "moved").
func aspectCue(d *text.Doc, st *rapporteur.Statement) bool {
	if st.Cue == nil || st.Cue.Empty() {
		return false
	}
	ts := tokens(d, st.Cue.Start, st.Cue.End)
	return len(ts) > 0 && aspects[ts[len(ts)-1].w]
}

// aspects are the last words of cues that go on into an infinitive.
var aspects = actWord("aspect")

// deedVerbs are the lemmas of cue verbs of criticism that, said of a group
// ("militants attacked a watch tower", "fighter jets have attacked several
// towns"), tell a violent act, not words: on the train split 8 such
// statements, 3 gold assertions (train-second: 4 of 4), the other 5
// accusations, none a criticism.
var deedVerbs = actWord("deed-verb")

// warnsTo reports whether ts[k] is a form of "warn" that tells someone to
// act or not to: "warned its citizens in China to keep a low profile",
// "warning residents to leave the area", "warned people against the start
// of uprisings" (a demand). "Warned that …" and "warned of …" tell of a
// danger and stay assertions.
func warnsTo(ts []tok, k int) bool {
	switch ts[k].w {
	case "warn", "warns", "warned", "warning":
	default:
		return false
	}
	for o := k + 1; o < len(ts) && o <= k+8; o++ {
		switch w := ts[o].w; {
		case w == "against":
			return true
		case w == "to":
			return o > k+1 && o+1 < len(ts) && isWord(ts[o+1].w) && !determiners[ts[o+1].w]
		case w == "that" || w == "of" || w == "about" || !isWord(w):
			return false
		case auxiliaries[w] || modals[w] || w == "are" || w == "pose" || w == "poses":
			// a clause without "that" ("warned the subsidies are a
			// threat to economic growth"): a danger told, no demand
			return false
		}
	}
	return false
}

// cueAct returns the act of the cue phrase p at ts[k]: opposes', but for
// recommending a person of the article, which endorses them ("Charlie
// Watts recommended Steve Baker to be his replacement": support; walk 7,
// finding 13), where recommending an action demands it.
func (l *lex) cueAct(ts []tok, k int, p phrase, known *known) string {
	if o := k + len(p.words); p.words[0] == "recommend" && o < len(ts) && ts[o].cap && known.person(ts[o].w) {
		return rapporteur.ActSupport
	}
	return l.opposes(ts, k, p)
}

// opposes returns the act of the cue phrase p at ts[k]: its own, but for
// "oppose" aimed at no claim or proposal, which disapproves (criticize):
// "opposes the UN report", "opposed the move" reject what was said or
// proposed (deny), "oppose the deployment of new troops", "opposed the
// ICC" disapprove of a policy or a body (README, "Acts and replies gold").
func (l *lex) opposes(ts []tok, k int, p phrase) string {
	if p.words[0] != "oppose" || p.act != rapporteur.ActDeny {
		return p.act
	}
	for o := k + len(p.words); o < len(ts) && o <= k+len(p.words)+4; o++ {
		w := ts[o].w
		if !isWord(w) {
			break
		}
		if l.claim[w] || proposals[w] {
			return p.act
		}
	}
	return rapporteur.ActCriticize
}

// proposals are nouns for what is proposed or asked: opposing one
// rejects it.
var proposals = actWord("proposal")

// declines reports whether the cue phrase p at ts[k] opens its sentence or
// refuses only to speak
// ("refused to comment", "refused to be drawn on", "refuses to confirm or
// deny"), which asserts (README: declining to comment asserts), where
// refusing anything else denies ("refused to concede", "refused to allow
// more protests").
func declines(ts []tok, k int, p phrase) bool {
	if p.words[0] != "refuse" {
		return false
	}
	o := k + len(p.words)
	// An opening participle ("Refusing to give up power, Mugabe agreed
	// to power-sharing") tells the story of its subject; it is no
	// statement.
	return ts[k].cap || o < len(ts) && unsaid[ts[o].w]
}

// refusesAsked reports whether the refusal whose refused verb is ts[o]
// refuses what another asks or offers, which denies it (README: refusing a
// demand, an offer, a proposal or a question denies): a verb of yielding,
// agreeing or answering ("refused to concede", "to apologise", "to allow
// more protests", "to name the date"), or any verb refused against an
// asking its own sentence tells ("refused to leave despite warnings from
// the soldiers", "to yield to international pressure"). Any other refused
// verb is a deed not done ("refusing to eat", "refused to air the tape",
// "refused to visit a cemetery"), no words; nor is refusing to disavow or
// condemn a denial of what is not disavowed (walk 7, finding 1). On
// train.jsonl the refusals of 'work', 'vote', 'exchange' are gold
// assertions, those of 'allow', 'concede', 'meet', 'join' denials.
func refusesAsked(ts []tok, o int) bool {
	if o < len(ts) && yields[ts[o].w] {
		return true
	}
	for j := o; j < len(ts); j++ {
		w := ts[j].w
		if w == "." || w == "?" || w == "!" || w == ";" {
			break
		}
		if asked[w] {
			return true
		}
	}
	return false
}

// yields are the verbs whose refusal withholds what another asks, offers
// or puts as a question; "do" stands for what was asked before ("refused
// to do so").
var yields = actWord("yield")

// asked are the words that tell what was asked of a refuser, or that the
// refused thing yields ("refused to make any apologies").
var asked = actWord("asked")

// unsaid are the verbs after "refused to" that withhold words only, and
// "rule" (out): refusing to rule out denies nothing.
var unsaid = actWord("unsaid")

// admits are the confirmation verbs that confirm whatever follows them: an
// admission of what may be is still one ("admitted he could have done
// more"). The others (confirm, acknowledge, concede) followed by what the
// speaker will or may do announce it (ownPlan): on the train split 10 of
// 44 statements of those verbs before any modal are gold confirmations
// (BENCHMARKS.md, issue 11, seventh session).
var admits = set("admit")

// ownPlan reports whether ts, a content, tells what will or may be, as
// its speaker announces it ("confirmed it will send an extra 200 troops",
// "conceded the sale would be extremely difficult"), and not what another
// named there will or may do, which is still confirmed ("confirmed Dell
// would no longer be offering servers", "has confirmed Mr Bush will not be
// attending"; README: "confirmed" of something others reported or claimed
// confirms, announcing one's own plans first-hand asserts; walk 7, finding
// 6): a name before the modal that is not the speaker's.
func ownPlan(ts []tok, sp rapporteur.Speaker) bool {
	if len(ts) > 0 && ts[0].w == "that" {
		ts = ts[1:]
	}
	m := -1
	for k, t := range ts {
		if modals[t.w] {
			m = k
			break
		}
	}
	if m < 0 {
		return false
	}
	if m > 6 {
		return true
	}
	own := map[string]bool{}
	for _, w := range append(words(sp.Name), words(sp.Affiliation)...) {
		own[w] = true
	}
	for _, t := range ts[:m] {
		if t.cap && isWord(t.w) && !own[t.w] && !planners[t.w] {
			return false
		}
	}
	return true
}

// planners are the subject pronouns that stand for a speaker.
var planners = set("i we he she it they")

// modals are the words that make a content tell what will or may be.
var modals = set("will would could might may 'll likely unlikely")

// articles open a noun phrase, and never a relative clause ("that").
var articles = set("the a an this these those")

// question reports whether the content ts is a question: it opens with an
// auxiliary or a question word, and its first sentence ends with a question
// mark (inside it, or just after it: after holds the few tokens that follow
// the content).
func question(ts, after []tok) bool {
	if len(ts) == 0 {
		return false
	}
	mark := false
	for _, t := range append(ts[:len(ts):len(ts)], after...) {
		if t.w == "?" {
			mark = true
			break
		}
		if t.w == "." || t.w == "!" {
			break
		}
	}
	if !mark {
		return false
	}
	first := ts[0].w
	if prepositions[first] && len(ts) > 1 {
		first = ts[1].w // "At what point …?", "In which year …?"
	}
	return questionWords[first]
}

// questionWords open a question; prepositions may stand before a
// question word ("to what extent").
var (
	questionWords = set("are is was were am do does did have has had can could will would shall should may might must what how when where who whom whose which why")
	prepositions  = set("at in on to for of from with by about under after before during since")
)

// negated reports whether a negation stands in the few words before the cue
// at offset at, within its clause.
func (l *lex) negated(d *text.Doc, at int) bool {
	ts := tokens(d, at-30, at)
	return l.negatedTok(ts, len(ts))
}

// negatedTok reports whether a negation phrase starts in the three words
// before ts[i], with no punctuation between.
func (l *lex) negatedTok(ts []tok, i int) bool {
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		if ts[k].end-ts[k].start == 1 && !isWord(ts[k].w) {
			return false
		}
		if _, ok := match(ts, k, l.neg[ts[k].w]); ok {
			return true
		}
	}
	return false
}

func isWord(w string) bool {
	for _, r := range w {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 {
			return true
		}
	}
	return false
}

// object returns the noun phrase that starts at ts[i] (after determiners),
// up to a stop word or punctuation, at most five words; nil when there is
// none or it is a pronoun.
func object(ts []tok, i int) *rapporteur.Span {
	if i < len(ts) && ts[i].w == "that" {
		return nil // a complementizer: the content follows, not an object
	}
	if i < len(ts) && whWords[ts[i].w] {
		// A free relative or a question ("denounced what he calls a
		// 'dirty war'", "asked why …") names no one aimed at (walk 7,
		// finding 14).
		return nil
	}
	for i < len(ts) && determiners[ts[i].w] {
		i++
	}
	j := i
	// At most five words, unless a name runs on past them ("Halvorsen
	// Mining chief executive Magnus Berg").
	for j < len(ts) && (j-i < 5 || ts[j].cap && ts[j-1].cap || titleDot(ts, j)) && (isWord(ts[j].w) || titleDot(ts, j)) && !stops[ts[j].w] {
		j++
		if ts[j-1].cap && ts[j-1].poss {
			// A possessive ("the House's decision"): the possessor is
			// aimed at, unless the phrase ends in a person's full name
			// ("Merkel's designate Finance minister Paul Kirchhof":
			// Kirchhof is blasted; walk 7, finding 5a).
			if n, m := namedAfter(ts, j); n >= 0 {
				return &rapporteur.Span{Start: ts[n].start, End: ts[m-1].end}
			}
			break
		}
	}
	if j == i || (j == i+1 && subjects[ts[i].w]) || (j == i+1 && (ts[i].w == "him" || ts[i].w == "them" || ts[i].w == "us" || ts[i].w == "me")) {
		return nil
	}
	return &rapporteur.Span{Start: ts[i].start, End: ts[j-1].end}
}

// namedAfter returns the run [n, m) of two or more capitalised words that
// ends the noun phrase starting at ts[j], within five words (a role before
// a name: "designate Finance minister Paul Kirchhof"), or -1.
func namedAfter(ts []tok, j int) (int, int) {
	n, m := -1, -1
	for k := j; k < len(ts) && k < j+6; k++ {
		if !isWord(ts[k].w) || stops[ts[k].w] || ts[k].poss {
			break
		}
		if !ts[k].cap {
			n = -1
			continue
		}
		if n < 0 || k > 0 && !ts[k-1].cap {
			n = k
		}
		m = k + 1
	}
	if n < 0 || m-n < 2 || m < len(ts) && isWord(ts[m].w) && !stops[ts[m].w] {
		return -1, -1
	}
	return n, m
}

// named returns the first run of capitalised words in ts that is not the
// speaker, nor a single capital starting a sentence unless it is a word of
// an entity's name (known): the actor a polarity or
// wrongdoing word is most likely aimed at. A run ends at "I" ("Well I"),
// and a day, month or time word alone is none (attrib-time: "on Sunday").
func (l *lex) named(ts []tok, speaker string, known *known) *rapporteur.Span {
	sp := strings.ToLower(speaker)
	for i := 0; i < len(ts); i++ {
		if !ts[i].cap || subjects[ts[i].w] || determiners[ts[i].w] || adverbs[ts[i].w] || stops[ts[i].w] || pronounI(ts[i].w) {
			continue
		}
		j := i
		for j < len(ts) && (ts[j].cap && !pronounI(ts[j].w) || titleDot(ts, j)) {
			j++
		}
		if j == i+1 && l.times[ts[i].w] {
			continue // a day, a month, a time word alone ("on Sunday"; not "Theresa May")
		}
		if j == i+1 && (i == 0 || !isWord(ts[i-1].w) && ts[i-1].w != ",") && !known.has(ts[i].w) {
			continue // a capital that starts a sentence, and no entity
		}
		if ts[j-1].poss && j < len(ts) && harms[ts[j].w] {
			// "Nabil's murder is unacceptable": the one a harm befell
			// is no one aimed at (walk 7, finding 4a).
			i = j
			continue
		}
		name := joined(ts[i:j])
		if name != sp && !strings.Contains(sp, name) {
			return &rapporteur.Span{Start: ts[i].start, End: ts[j-1].end}
		}
		i = j
	}
	return nil
}

// whWords open a free relative or an indirect question.
var whWords = set("what whatever why how whether where when who whom")

// harms are the nouns of a harm suffered, whose possessor is its victim.
var harms = actWord("harm")

// abbreviated are the titles written with a full stop before a name
// ("Mr. Redeker", "Dr. Fauci").
var abbreviated = set("mr mrs ms dr prof sen gov rep gen col lt capt sgt rev")

// titleDot reports whether ts[j] is the full stop of an abbreviated title
// before a name: it belongs to the name ("Mr. Redeker"), it ends no phrase.
func titleDot(ts []tok, j int) bool {
	return j > 0 && j+1 < len(ts) && ts[j].w == "." && ts[j-1].cap && abbreviated[ts[j-1].w] && ts[j+1].cap
}

// claimPhrase returns the noun phrase that ends at the claim noun ts[k]
// ("the UN report" → "UN report").
func claimPhrase(ts []tok, k int) *rapporteur.Span {
	i := k
	for i > 0 && k-i < 3 && isWord(ts[i-1].w) && !determiners[ts[i-1].w] && !stops[ts[i-1].w] && !subjects[ts[i-1].w] {
		i--
	}
	return &rapporteur.Span{Start: ts[i].start, End: ts[k].end}
}

// pronounI reports whether a word is "I" or one of its contractions: a
// capital that names the speaker, never a target.
func pronounI(w string) bool {
	switch w {
	case "i", "i'm", "i've", "i'd", "i'll", "i’m", "i’ve", "i’d", "i’ll":
		return true
	}
	return false
}

func joined(ts []tok) string {
	var b strings.Builder
	for k, t := range ts {
		if k > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.w)
	}
	return b.String()
}

// accusedBy returns the statement (other than i) that accuses the speaker
// of statement i or its affiliation, or -1. Of several, it takes the one
// that other statements aim at most: the accusation the article answers.
func accusedBy(i int, sts []rapporteur.Statement) int {
	best, most := -1, -1
	for j := range sts {
		if j == i || sts[j].Act != rapporteur.ActAccuse || sts[j].Target == nil {
			continue
		}
		if !aims(sts[j].Target.Name, sts[i].Speaker) {
			continue
		}
		n := 0
		for k := range sts {
			if sts[k].Target != nil && aims(sts[k].Target.Name, sts[j].Speaker) {
				n++
			}
		}
		if n > most {
			best, most = j, n
		}
	}
	return best
}

// aims reports whether a target name names the speaker, the speaker's
// affiliation, or (for a document) the same kind of document.
func aims(target string, sp rapporteur.Speaker) bool {
	t := strings.ToLower(target)
	if t == "" {
		return false
	}
	for _, n := range []string{sp.Name, sp.Affiliation} {
		n = strings.ToLower(n)
		if n == "" {
			continue
		}
		if n == t || lastWord(n) == t && sp.Type == rapporteur.Person {
			return true
		}
		// One word of a person's name ("Mohammad" for Mohammad bin
		// Salman), or the person's role ("the President").
		if sp.Type == rapporteur.Person && !strings.Contains(t, " ") && len(t) >= 4 && (strings.HasPrefix(n, t+" ") || strings.Contains(n, " "+t+" ")) {
			return true
		}
		// An organization or document named inside the speaker's name
		// ("RIAA" for "RIAA's DMCA notice", "House" for the United States
		// House of Representatives).
		if sp.Type != rapporteur.Person && len(t) >= 4 && strings.Contains(" "+strings.ReplaceAll(n, "'s ", " ")+" ", " "+t+" ") {
			return true
		}
		if sp.Type == rapporteur.Person && sp.Role != "" && len(t) >= 4 && strings.EqualFold(strings.TrimPrefix(t, "the "), sp.Role) {
			return true
		}
		if sp.Type == rapporteur.Document && lastWord(n) == lastWord(t) {
			return true
		}
	}
	return false
}

func lastWord(s string) string {
	if i := strings.LastIndexByte(s, ' '); i >= 0 {
		return s[i+1:]
	}
	return s
}

// resolve names the target at span s of d: a statement's speaker or an
// entity of the article the words name, else the words themselves.
func resolve(d *text.Doc, s rapporteur.Span, sts []rapporteur.Statement, ents []rapporteur.Entity, cands []nameCand, l *lex) *rapporteur.Target {
	ts := tokens(d, s.Start, s.End)
	if len(ts) == 0 {
		return nil
	}
	np := joined(ts)
	mention := &rapporteur.Span{Start: s.Start, End: s.End, Text: d.Text[d.Byte(s.Start):d.Byte(s.End)]}
	head := ts[len(ts)-1].w
	for _, st := range sts {
		n := strings.ToLower(st.Speaker.Name)
		if n != "" && (n == np || st.Speaker.Type == rapporteur.Document && lastWord(n) == head) {
			return &rapporteur.Target{Name: st.Speaker.Name, Type: st.Speaker.Type, Mention: mention}
		}
	}
	for _, e := range ents {
		if n := strings.ToLower(e.Name); n == np || canon.Initials(n) == np {
			return &rapporteur.Target{Name: e.Name, Type: e.Type, Mention: mention}
		}
	}
	text := strings.TrimPrefix(strings.TrimPrefix(mention.Text, "the "), "The ")
	if c, ok := resolveName(mention.Text, startsUpper(text), cands); ok {
		return &rapporteur.Target{Name: c.name, Type: c.typ, Mention: mention}
	}
	typ := rapporteur.Unknown
	if l.claim[head] {
		typ = rapporteur.Document
	}
	return &rapporteur.Target{Name: mention.Text, Type: typ, Mention: mention}
}

// replies returns the statement statement i answers, if one scores high
// enough. A candidate scores for being aimed at (the statement's target
// names its speaker), for aiming at the statement's speaker when the
// statement denies or confirms (the accused answers), for an act pair that
// fits (accuse → deny → criticize or confirm), for sharing
// content words, and for coming first. A later statement is answered only
// when it is a document's (a report quoted after the denials of it).
// named is the statement the reply names by a noun for it ("the denial",
// "Mohammad's admission"; referred), or -1: that one is answered.
func replies(id string, i int, sts []rapporteur.Statement, words weighed, named int) []rapporteur.Reply {
	st := sts[i]
	switch st.Act {
	case rapporteur.ActDeny, rapporteur.ActCriticize, rapporteur.ActConfirm, rapporteur.ActSupport, rapporteur.ActDemand, rapporteur.ActAccuse:
	default:
		return nil
	}
	if named >= 0 {
		return []rapporteur.Reply{{Article: id, Statement: named}}
	}
	if st.Act == rapporteur.ActDeny && refusal(st) {
		return refused(id, i, sts, words)
	}
	best, bestScore := -1, 0.0
	for j := range sts {
		c := sts[j]
		if j == i || sameSpeaker(c.Speaker, st.Speaker) || j > i && c.Speaker.Type != rapporteur.Document {
			continue // what is quoted later was said later, but for a report quoted after its denials
		}
		if st.Act == rapporteur.ActAccuse && !(j < i && c.Act != rapporteur.ActAssert && c.Act != rapporteur.ActDeny && st.Target != nil && aims(st.Target.Name, c.Speaker) && !answers(c, i) && st.Speaker.Type != rapporteur.Document) {
			// An accusation answers only a stand of the one it accuses
			// (a counter-accusation, an accusation of the one who
			// criticized or demanded; walk 7, finding 4: "Al Gore's
			// incessant need to insert himself" answers Gore), not a
			// denial: news tells the denial of an accusation first
			// ("Beijing strongly opposes the UN report" before the
			// report's words), and the denial answers the accusation;
			// nor does a document's accusation (a report, an
			// indictment), which the people it names answer.
			continue
		}
		if st.Act == rapporteur.ActSupport && c.Act != rapporteur.ActCriticize && c.Act != rapporteur.ActAccuse && c.Act != rapporteur.ActDeny && c.Act != rapporteur.ActDemand {
			continue // praise answers a stand ("I concur"), not a person's plain words
		}
		score := 0.0
		aimed := st.Target != nil && aims(st.Target.Name, c.Speaker)
		if aimed {
			score += 2
		}
		if c.Target != nil && aims(c.Target.Name, st.Speaker) && (st.Act == rapporteur.ActDeny || st.Act == rapporteur.ActConfirm) {
			score += 1.5 // the accused answers
		}
		if score == 0 {
			continue
		}
		shared := overlap(words.w[i], words.w[j])
		if st.Act == rapporteur.ActDemand && (!aimed || shared == 0) {
			continue // a demand answers what its addressee said about the same thing
		}
		if c.Act == rapporteur.ActAssert && shared == 0 {
			continue // a plain statement is answered only on what it says
		}
		switch {
		case (st.Act == rapporteur.ActDeny || st.Act == rapporteur.ActConfirm) && (c.Act == rapporteur.ActAccuse || c.Act == rapporteur.ActCriticize || c.Act == rapporteur.ActDemand):
			score += 1
		case st.Act == rapporteur.ActCriticize && (c.Act == rapporteur.ActDeny || c.Act == rapporteur.ActAccuse || c.Act == rapporteur.ActCriticize || c.Act == rapporteur.ActSupport):
			score += 1
		case st.Act == rapporteur.ActSupport:
			score += 0.5
		}
		score += min(1, simWeight*words.sim(i, j))
		if j < i {
			score += 0.25
		}
		if score > bestScore {
			best, bestScore = j, score
		}
	}
	if best < 0 || bestScore < 2 {
		best = firstAccusation(i, sts, words.w)
	}
	if best < 0 {
		return nil
	}
	return []rapporteur.Reply{{Article: id, Statement: best}}
}

// contentWords returns the lower-case words of a statement's content that
// can tie two statements together: no stop, function or short words.
func contentWords(d *text.Doc, s rapporteur.Span) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range tokens(d, s.Start, s.End) {
		if len([]rune(t.w)) < 4 || stops[t.w] || determiners[t.w] || subjects[t.w] || auxiliaries[t.w] || !isWord(t.w) || seen[t.w] {
			continue
		}
		seen[t.w] = true
		out = append(out, t.w)
	}
	return out
}

// overlap counts the words a and b share.
func overlap(a, b []string) int {
	n := 0
	for _, x := range a {
		for _, y := range b {
			if x == y {
				n++
				break
			}
		}
	}
	return n
}

// reach is how many statements back an answer that names no one looks for
// what it answers: news reports an answer next to what it answers.
var reach = 4

// firstAccusation is the fallback of a denial or confirmation that names
// no one. When an accusation by another speaker stands within reach before
// it (or a document's accusation sharing its words after it), it answers
// the first accusation of the article before it that it can answer: aimed
// at no one or at its speaker, or naming its speaker in its words
// (Rouhani's admission answers no Iranian accusation of the United States);
// else that speaker's first accusation, since a later accusation of the
// same speaker usually repeats the first. It returns -1 when there is none
// or the statement is no denial or confirmation.
func firstAccusation(i int, sts []rapporteur.Statement, words [][]string) int {
	if sts[i].Act != rapporteur.ActDeny && sts[i].Act != rapporteur.ActConfirm {
		return -1
	}
	by := -1
	// An accusation aimed at someone else is not the denier's to answer,
	// unless its words name the denier too ("gang raped by Quirin,
	// Redouane and a third officer").
	last := strings.ToLower(lastWord(sts[i].Speaker.Name))
	answerable := func(j int) bool {
		t := sts[j].Target
		if t == nil || aims(t.Name, sts[i].Speaker) {
			return true
		}
		for _, w := range words[j] {
			if w == last {
				return true
			}
		}
		return false
	}
	for j := i - 1; j >= 0 && j >= i-reach && by < 0; j-- {
		if sts[j].Act == rapporteur.ActAccuse && !sameSpeaker(sts[j].Speaker, sts[i].Speaker) && sts[j].Speaker.Name != "" {
			by = j
		}
	}
	// A refusal answers the demand just before it ("called for the
	// election to be postponed" - "to do so would be illegal").
	for j := i - 1; j >= 0 && j >= i-reach && by < 0 && sts[i].Act == rapporteur.ActDeny; j-- {
		if sts[j].Act == rapporteur.ActDemand && !sameSpeaker(sts[j].Speaker, sts[i].Speaker) && sts[j].Speaker.Name != "" {
			return j
		}
	}
	// A later accusation is answered only when it is a document's and
	// the denial shares its words: a report quoted after its denials.
	for j := i + 1; j < len(sts) && by < 0; j++ {
		if sts[j].Act == rapporteur.ActAccuse && sts[j].Speaker.Type == rapporteur.Document && sts[j].Speaker.Name != "" && overlap(words[i], words[j]) > 0 && answerable(j) {
			by = j
		}
	}
	if by < 0 {
		return -1
	}
	// The accusation answered is the first one before it that the
	// speaker can answer, whoever made it: news tells the accusation
	// first and the answers after, with later accusers in between (on
	// the dev and train-second golds, 29 of 42 denials and admissions
	// of an accusation answer the article's first, 15 the first of the
	// speaker who accused last before them).
	// Of those, the one that shares the answer's words is answered, the
	// first on a tie: a later accusation on the same thing is not
	// another's first on something else (walk 7, finding 2).
	var cs []int
	for j := 0; j < i; j++ {
		if sts[j].Act == rapporteur.ActAccuse && !sameSpeaker(sts[j].Speaker, sts[i].Speaker) && sts[j].Speaker.Name != "" && answerable(j) {
			cs = append(cs, j)
		}
	}
	if len(cs) > 0 {
		return mostShared(i, cs, words)
	}
	for j := range sts {
		if sts[j].Act == rapporteur.ActAccuse && sameSpeaker(sts[j].Speaker, sts[by].Speaker) && answerable(j) {
			return j
		}
	}
	if answerable(by) {
		return by
	}
	return -1
}

// refusal reports whether st's cue refuses ("refused to sign the Kyoto
// Protocol").
func refusal(st rapporteur.Statement) bool {
	return st.Cue != nil && strings.Contains(strings.ToLower(st.Cue.Text), "refus")
}

// refused returns what the refusal i answers: the demand or criticism of
// another speaker before it that shares the most of its words ("refused
// to ratify the Kyoto Protocol" answers the protests "calling on the
// Federal Government to ratify the Kyoto Protocol"); when none shares a
// word, the demand of another just before it, else nothing. A refusal is no answer to an accusation, a plain
// statement or a minister's words on something else (walk 7, finding 1a:
// "Australia and the United States have refused to sign the Kyoto
// Protocol" answered their own minister).
func refused(id string, i int, sts []rapporteur.Statement, words weighed) []rapporteur.Reply {
	best, most := -1, 0
	for j := i - 1; j >= 0; j-- {
		c := sts[j]
		if c.Act != rapporteur.ActDemand && c.Act != rapporteur.ActCriticize || c.Speaker.Name == "" || sameSpeaker(c.Speaker, sts[i].Speaker) {
			continue
		}
		if n := overlap(words.w[i], words.w[j]); n > most {
			best, most = j, n
		}
	}
	// Sharing no word, it answers the demand just before it ("has
	// refused to do so").
	for j := i - 1; j >= 0 && j >= i-reach && best < 0; j-- {
		if sts[j].Act == rapporteur.ActDemand && sts[j].Speaker.Name != "" && !sameSpeaker(sts[j].Speaker, sts[i].Speaker) {
			best = j
		}
	}
	if best < 0 {
		return nil
	}
	return []rapporteur.Reply{{Article: id, Statement: best}}
}

// answers reports whether statement c answers statement i.
func answers(c rapporteur.Statement, i int) bool {
	for _, r := range c.RespondsTo {
		if r.Statement == i {
			return true
		}
	}
	return false
}

func sameSpeaker(a, b rapporteur.Speaker) bool {
	return a.Name != "" && strings.EqualFold(a.Name, b.Name)
}

// accusingDoc reports whether a document speaker's name holds a noun for
// a document that accuses by what it tells (acts.txt, place accusing).
func (l *lex) accusingDoc(name string) bool {
	for _, w := range words(name) {
		if l.accusing[w] {
			return true
		}
	}
	return false
}
