package speaker

import (
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/rapporteur/rapporteur"
)

// Resolve turns source, the noun phrase that a statement names as its
// speaker (its Start and End index the article text in code points), into
// a Speaker: the name, type, role and affiliation of the entity it refers
// to, with Mention set to the name (or pronoun, or nominal) inside source
// and Source to source itself. Later calls see the speakers resolved
// before, so "she" after "Agnes Callamard said" resolves to Callamard.
func (t *Table) Resolve(source rapporteur.Span) rapporteur.Speaker {
	src := source
	sp := rapporteur.Speaker{Type: rapporteur.Unknown, Source: &src}
	a, b := t.tokRange(source.Start, source.End)
	for a < b && t.toks[a].kind == kPunct {
		a++
	}
	for b > a && t.toks[b-1].kind == kPunct {
		b--
	}
	if a >= b {
		return sp
	}
	t.resolve(&sp, a, b)
	// The source may cover only part of a name ("Tory" of "John Tory"):
	// the mention stays inside it.
	if m := sp.Mention; m != nil && (m.Start < t.toks[a].r0 || m.End > t.toks[b-1].r1) {
		ma, mb := t.tokRange(max(m.Start, t.toks[a].r0), min(m.End, t.toks[b-1].r1))
		if ma < mb {
			sp.Mention = t.span(ma, mb)
		} else {
			sp.Mention = t.span(a, b)
		}
	}
	t.spk = append(t.spk, spoken{pos: t.toks[a].r0, end: t.toks[b-1].r1, sp: sp, ent: t.lastEnt})
	t.lastEnt = -1
	return sp
}

// lookBack bounds how many mentions or speakers a pronoun or nominal
// looks back over: news articles have a few hundred, and a huge or hostile
// text must not make every Resolve call scan all of them.
const lookBack = 2000

// mentsBefore returns the index of the last mention that starts before
// code point pos, and the lowest index worth looking back to.
func (t *Table) mentsBefore(pos int) (int, int) {
	hi := sort.Search(len(t.ments), func(i int) bool { return t.toks[t.ments[i].t0].r0 >= pos }) - 1
	return hi, max(0, hi-lookBack)
}

// placeQualifier reports whether tokens [a, b) are a place named after
// a city and a comma ("D.C." of "Washington, D.C.", "Texas" of "in Austin,
// Texas") or the two together: a location, not a country or city that
// speaks for its government ("Washington said").
func (t *Table) placeQualifier(a, b int) bool {
	m := t.mentionAt(a)
	if m < 0 || t.ments[m].t0 != a || !t.isPlace(m) {
		return false
	}
	if e := t.ments[m].t1; e < b {
		// "Washington, D.C." whole.
		n := -1
		if e+1 < b && t.toks[e].low == "," {
			n = t.mentionAt(e + 1)
		}
		return n >= 0 && t.ments[n].t0 == e+1 && t.ments[n].t1 == b && t.isPlace(n)
	}
	if a < 2 || t.toks[a-1].low != "," || !t.toks[a-2].cap {
		return false
	}
	// The word before the comma is a place, or a name after a preposition
	// of place ("in Austin": the gazetteer lacks it, and it is a first
	// name too).
	if p := t.mentionAt(a - 2); p >= 0 && t.ments[p].t1 == a-1 && t.isPlace(p) {
		return true
	}
	k := a - 2
	for k > 0 && t.toks[k-1].cap && t.toks[k-1].kind == kWord {
		k--
	}
	return k > 0 && locative[t.toks[k-1].low]
}

// placedOrg returns the mention of the organization that the place
// ending at token last locates ("the College of Wooster in Ohio", "the
// Centers for Disease Control and Prevention in the United States"), or
// -1: the place only says where the organization is, and the
// organization speaks.
func (t *Table) placedOrg(a, last int) int {
	m := t.mentionAt(last)
	if m < 0 || t.ments[m].t1 != last+1 || !t.isPlace(m) {
		return -1
	}
	p := t.ments[m].t0
	if p > a && t.l.is(t.toks[p-1].low, wDefinite) {
		p--
	}
	if p-2 < a || !locative[t.toks[p-1].low] {
		return -1
	}
	o := t.mentionAt(p - 2)
	if o < 0 || t.ments[o].t0 < a || t.ments[o].t1 != p-1 || t.ents[t.ments[o].ent].typ != rapporteur.Organization {
		return -1
	}
	return o
}

// locative are prepositions before a place ("in Austin, Texas").
var locative = map[string]bool{"in": true, "at": true, "near": true, "outside": true, "from": true, "to": true, "inside": true}

func (t *Table) isPlace(m int) bool { return t.ents[t.ments[m].ent].typ == rapporteur.Place }

// tokRange returns the tokens that lie inside code points [start, end).
func (t *Table) tokRange(start, end int) (int, int) {
	a := sort.Search(len(t.toks), func(i int) bool { return t.toks[i].r0 >= start })
	b := a
	for b < len(t.toks) && t.toks[b].r1 <= end {
		b++
	}
	return a, b
}

func (t *Table) resolve(sp *rapporteur.Speaker, a, b int) {
	// "who" in "veteran MPs who say", "Nunes, the brawler who said".
	if b-a == 1 && t.l.relatives[t.toks[a].low] && !t.toks[a].cap {
		t.relative(sp, a)
		return
	}
	// A pronoun alone, or a possessive pronoun in front ("her statement").
	if p, ok := t.l.pronouns[t.toks[a].low]; ok {
		if b-a == 1 {
			t.pronoun(sp, a, p)
			return
		}
		if t.possessive(sp, a, b, p) {
			return
		}
	}
	// "outside Washington, D.C. saying", "in Austin, Texas, saying": the
	// place after a city and its comma only says where; the span model
	// took the noun phrase nearest the cue. It names no speaker.
	if t.placeQualifier(a, b) {
		sp.Name = ""
		return
	}
	// The head phrase ends at the first comma, bracket or dash; what
	// follows is an appositive.
	hb := a
	for hb < b && !(t.toks[hb].kind == kPunct && t.toks[hb].low != "&" && t.toks[hb].low != "-") {
		hb++
		// "the lanky, bespectacled professor": a comma between
		// lower-case modifiers stays inside the phrase.
		if hb+1 < b && hb > a && t.toks[hb].low == "," && t.modifierComma(a, hb, b) {
			hb++
		}
	}
	ap := hb + 1
	ae := b
	if ap < b {
		ae = t.segmentEnd(ap)
		if ae > b {
			ae = b
		}
	}
	// "Yesterday, Roscosmos, the Russian space agency", "Lastly, excerpts
	// from the book": a sentence adverb the span model took in before the
	// subject names no one; the speaker is what follows its comma.
	if ap < b && t.toks[hb].low == "," && !t.strongMentionIn(a, hb) && t.noNoun(a, hb) {
		t.resolve(sp, ap, b)
		return
	}
	last := hb - 1
	if last >= a && t.toks[last].kind == kPoss {
		last--
	}
	if last < a {
		return
	}
	// A group of named speakers ("Trudeau and Scheer").
	if t.coordinated(a, hb) {
		t.group(sp, a, hb)
		return
	}
	// "the mayor, Doug Ford", "the head of the WHO, Tedros": a title
	// phrase without a person, then the person's name.
	if ap < ae && !t.fullPersonIn(a, hb) {
		k := ap
		for k < ae-1 && t.isTitle(k) {
			k++
		}
		if m := t.mentionAt(k); m >= 0 && t.ments[m].t1 <= ae && t.ents[t.ments[m].ent].typ == rapporteur.Person && !t.ents[t.ments[m].ent].weak {
			t.named(sp, m, a, hb, -1, -1)
			return
		}
	}
	// "one of these groups, the Syrian Democratic Forces (SDF)": a
	// common noun phrase that names nobody, then an organization's name.
	// The name is who speaks; the phrase only describes it.
	if ap < ae && !t.nameIn(a, hb) {
		k := ap
		if t.l.is(t.toks[k].low, wDefinite) {
			k++
		}
		if m := t.mentionAt(k); m >= 0 && t.ments[m].t0 == k && t.ments[m].t1 <= ae && t.ents[t.ments[m].ent].typ == rapporteur.Organization {
			t.fromEntity(sp, t.ments[m].ent)
			sp.Mention = t.span(t.ments[m].t0, t.ments[m].t1)
			return
		}
	}
	// "a report by the Associated Press", "a spokesperson for the
	// camp": a common noun heads the phrase, whatever names follow.
	if c := t.nounCut(a, hb); c < hb && t.personIn(a, c) < 0 && t.mentionAt(c-1) < 0 && !t.titledName(last) {
		t.nominal(sp, a, hb, ap, ae)
		return
	}
	// "Sgt. Jane Smith of the RCMP": the person, not the organization. A
	// person named as a possessor ("Huber's partner Erick Rowan on
	// Instagram") is not the one who speaks: the next person is.
	// Nor is a capitalised word not known to name a person before a
	// known one ("Republican committee member Doug Collins of Georgia").
	m := t.personIn(a, hb)
	for m >= 0 && t.ments[m].t1 < hb && (t.toks[t.ments[m].t1].kind == kPoss || t.ents[t.ments[m].ent].weak) {
		m = t.personIn(t.ments[m].t1, hb)
	}
	if m >= 0 && t.ments[m].t1 < hb && !t.ents[t.ments[m].ent].weak && t.l.is(t.toks[t.ments[m].t1].low, wAfterName) {
		t.named(sp, m, a, hb, ap, ae)
		return
	}
	if o := t.placedOrg(a, last); o >= 0 {
		t.named(sp, o, a, hb, ap, ae)
		return
	}
	if m := t.mentionAt(last); m >= 0 {
		if hb-a == 1 && t.ents[t.ments[m].ent].weak && t.toks[a].sentStart && verbShaped(t.toks[a].low) && !t.known(t.toks[a].low) {
			// "Citing", "Arriving" at the start of a sentence: the scan
			// took the capital for a name, but the word reads as a verb
			// or an adverb and nothing made it a person; it names no
			// speaker, as in nominal.
			sp.Mention = t.span(a, hb)
			return
		}
		t.named(sp, m, a, hb, ap, ae)
		return
	}
	t.nominal(sp, a, hb, ap, ae)
}

// mentionAt returns the index of the named mention covering token k, or -1.
func (t *Table) mentionAt(k int) int {
	i := sort.Search(len(t.ments), func(i int) bool { return t.ments[i].t0 > k })
	for i, n := i-1, 0; i >= 0 && n < 3; i, n = i-1, n+1 {
		m := &t.ments[i]
		if m.t0 <= k && k < m.t1 && t.ents[m.ent].typ != rapporteur.Document {
			return i
		}
	}
	return -1
}

// timeFillers may join day and time words in a time phrase before a
// speaker: "a few days later", "two weeks ago", "last week".
var timeFillers = map[string]bool{
	"a": true, "an": true, "few": true, "several": true, "some": true, "days": true, "hours": true,
	"weeks": true, "months": true, "years": true, "minutes": true, "ago": true, "on": true,
	"last": true, "this": true, "next": true, "early": true, "late": true, "just": true, ",": true,
}

// timeTrim leaves a time phrase out of a nominal speaker's tokens [a, b):
// one before its determiner ("A few days later the administration",
// "Yesterday the agency") and one after its head ("officials on
// Thursday", "police earlier"). The span model's source phrases take them
// in, since they sit between the subject and its cue; they name no one.
func (t *Table) timeTrim(a, b int) (int, int) {
	k, timed := a, false
	for k < b && (timeFillers[t.toks[k].low] || t.l.times[t.toks[k].low] || isDigits(t.toks[k].low)) {
		timed = timed || t.l.times[t.toks[k].low]
		k++
	}
	if timed && k < b && (t.l.is(t.toks[k].low, wDet) || t.l.is(t.toks[k].low, wDefinite)) {
		a = k
	}
	for k := a + 1; k < b; k++ {
		if t.toks[k].cap {
			continue // a name's word: "USA Today"
		}
		switch w := t.toks[k].low; {
		case w == "yesterday" || w == "today" || w == "tonight" || w == "earlier" || w == "later":
			return a, k
		case (w == "on" || w == "last" || w == "this" || w == "next" || w == "early" || w == "late") &&
			k+1 < b && t.l.times[t.toks[k+1].low]:
			return a, k
		}
	}
	return a, b
}

func isDigits(w string) bool {
	for _, r := range w {
		if r < '0' || r > '9' {
			return false
		}
	}
	return w != ""
}

// strongMentionIn reports whether any of tokens [a, b) is part of a named
// mention that is more than a capitalised word not yet known to name
// anyone ("Lastly" at the start of a sentence).
func (t *Table) strongMentionIn(a, b int) bool {
	for k := a; k < b; k++ {
		if m := t.mentionAt(k); m >= 0 && !t.ents[t.ments[m].ent].weak {
			return true
		}
	}
	return false
}

// mentionIn reports whether any of tokens [a, b) is part of a named
// mention.
func (t *Table) mentionIn(a, b int) bool {
	for k := a; k < b; k++ {
		if t.mentionAt(k) >= 0 {
			return true
		}
	}
	return false
}

// nameIn reports whether a named mention lies in [a, b), other than a
// weak one (a lone capitalised word nothing else made a name) that
// modifies a noun after it ("the largest Sunni political party").
func (t *Table) nameIn(a, b int) bool {
	for k := a; k < b; k++ {
		if m := t.mentionAt(k); m >= 0 && !(t.ents[t.ments[m].ent].weak && t.ments[m].t1 < b && t.toks[t.ments[m].t1].kind == kWord && !t.toks[t.ments[m].t1].cap) {
			return true
		}
	}
	return false
}

// titledName reports whether token k ends a person's name that a title
// phrase leads up to ("representative to the UN Zhang Jun"), rather than
// the object of a preposition ("a spokeswoman for Trudeau").
func (t *Table) titledName(k int) bool {
	m := t.mentionAt(k)
	if m < 0 || t.ents[t.ments[m].ent].typ != rapporteur.Person || t.ments[m].t1 != k+1 {
		return false
	}
	s := t.ments[m].t0
	return s > 0 && t.frontOf(s) < s
}

// fullPersonIn reports whether [a, b) names a person known as one, with
// more than a single capitalised word ("Zündel's Toronto lawyer" does not).
func (t *Table) fullPersonIn(a, b int) bool {
	for m := t.personIn(a, b); m >= 0 && t.ments[m].t0 < b; m++ {
		x := &t.ments[m]
		if x.t1 <= b && t.ents[x.ent].typ == rapporteur.Person && !t.ents[x.ent].weak && x.t1-x.t0 > 1 {
			return true
		}
		if m+1 >= len(t.ments) {
			break
		}
	}
	return false
}

// personIn returns the first person mention inside tokens [a, b), or -1.
func (t *Table) personIn(a, b int) int {
	i := sort.Search(len(t.ments), func(i int) bool { return t.ments[i].t0 >= a })
	for ; i < len(t.ments) && t.ments[i].t0 < b; i++ {
		if t.ents[t.ments[i].ent].typ == rapporteur.Person && t.ments[i].t1 <= b {
			return i
		}
	}
	return -1
}

// coordinated reports whether [a, b) joins two names or plurals with
// "and" ("Trudeau and Scheer", "Western diplomats and UN officials").
func (t *Table) coordinated(a, b int) bool {
	for k := a + 1; k < b-1; k++ {
		if !t.l.is(t.toks[k].low, wCoord) {
			continue
		}
		// Both sides must name people or groups: "Trudeau and Scheer",
		// "diplomats and UN officials", not "Environment and Climate
		// Change Minister Steven Guilbeault" or "Procter & Gamble".
		if t.conjunct(k-1) && t.conjunct(b-1) && !t.roleBefore(k+1, b) {
			return true
		}
	}
	return false
}

// conjunct reports whether token k ends a person's name or a plural noun.
func (t *Table) conjunct(k int) bool {
	if m := t.mentionAt(k); m >= 0 {
		typ := t.ents[t.ments[m].ent].typ
		return t.ments[m].t1 == k+1 && (typ == rapporteur.Person || typ == rapporteur.Organization || typ == rapporteur.Place)
	}
	tk := &t.toks[k]
	if tk.cap || tk.kind != kWord {
		return false
	}
	if n, ok := t.l.nominals[tk.low]; ok {
		return n.typ == rapporteur.Group
	}
	return len(tk.low) > 3 && strings.HasSuffix(tk.low, "s")
}

// roleBefore reports whether a role noun stands in [a, b) before a
// person's name, as in "… and Finance Minister Chrystia Freeland".
func (t *Table) roleBefore(a, b int) bool {
	m := t.personIn(a, b)
	if m < 0 {
		return false
	}
	for k := a; k < t.ments[m].t0; k++ {
		if t.matchRole(k, t.ments[m].t0) > k {
			return true
		}
	}
	return false
}

func (t *Table) group(sp *rapporteur.Speaker, a, b int) {
	for a < b && t.l.is(t.toks[a].low, wDet) {
		a++
	}
	for a < b-1 && t.l.is(t.toks[a].low, wQuant) {
		a++
	}
	sp.Type = rapporteur.Group
	sp.Mention = t.span(a, b)
	// Each person named by surname gets the full name: "Nick Sandmann and
	// Nathan Phillips" for "Sandmann and Phillips".
	var sb strings.Builder
	at := t.toks[a].b0 // bytes written so far end here
	for k := a; k < b; k++ {
		m := t.mentionAt(k)
		if m < 0 || t.ments[m].t0 != k || t.ments[m].t1 > b || t.ents[t.ments[m].ent].typ != rapporteur.Person {
			continue
		}
		sb.WriteString(t.text[at:t.toks[k].b0])
		sb.WriteString(t.ents[t.ments[m].ent].name)
		at = t.toks[t.ments[m].t1-1].b1
		k = t.ments[m].t1 - 1
	}
	sb.WriteString(t.text[at:t.toks[b-1].b1])
	sp.Name = sb.String()
}

// modifierComma reports whether the comma at token c, in the phrase
// [a, b), separates two modifiers of one noun: a lower-case word before it
// that is no noun we know, and after it at most three lower-case words up
// to the end of the segment, the last a role or nominal noun.
func (t *Table) modifierComma(a, c, b int) bool {
	p := &t.toks[c-1]
	if p.kind != kWord || p.cap || t.mentionAt(c-1) >= 0 || t.roleEnding(a, c) >= 0 || t.isNominal(c-1) {
		return false
	}
	e := t.segmentEnd(c + 1)
	if e > b {
		e = b
	}
	if e-(c+1) < 1 || e-(c+1) > 3 {
		return false
	}
	for k := c + 1; k < e; k++ {
		tk := &t.toks[k]
		if tk.kind != kWord || tk.cap || t.l.is(tk.low, wDet) || t.l.is(tk.low, wCut) {
			return false
		}
	}
	return t.roleEnding(c+1, e) >= 0 || t.isNominal(e-1)
}

func (t *Table) isNominal(k int) bool {
	_, ok := t.l.nominals[t.toks[k].low]
	return ok
}

// span returns the Span of tokens [a, b).
func (t *Table) span(a, b int) *rapporteur.Span {
	return &rapporteur.Span{Start: t.toks[a].r0, End: t.toks[b-1].r1, Text: t.textOf(a, b)}
}

// named fills sp from the named mention m; [a, hb) is the head phrase of the
// source and [ap, ae) its appositive.
func (t *Table) named(sp *rapporteur.Speaker, mi, a, hb, ap, ae int) {
	m := t.ments[mi]
	e := m.ent
	en := &t.ents[e]
	var p np
	if a < m.t0 {
		p = t.coordFront(a, t.parseNP(a, m.t0, false))
	}
	if ap >= 0 && ap < ae {
		p = merge(p, t.parseNP(ap, ae, true))
	}
	if en.typ == rapporteur.Person && en.weak && len(en.words) == 1 && p.role == "" {
		// One capitalised word that speaks, no first name, no full name
		// in the article: a company or a body ("Sony said"), not a
		// person.
		if _, first := t.l.firstName(en.words[0]); !first {
			en.typ = rapporteur.Organization
			en.weak = false
		}
	}
	if en.typ == rapporteur.Person {
		en.weak = false
		t.setRole(e, p)
		// What the table read elsewhere fills what this phrase lacks.
		if p.role == "" || strings.EqualFold(p.role, en.role) || p.byTitle && !en.byTitle {
			if en.role != "" && (p.role == "" || p.byTitle && !en.byTitle) {
				p.role = en.role
			}
			if p.aff == "" {
				p.aff = en.aff
			}
			if strings.EqualFold(p.role, en.role) && strings.EqualFold(p.aff, en.aff) {
				p = p.withMore(np{more: en.more})
			}
		}
	}
	sp.Name = en.name
	sp.Type = en.typ
	if en.typ == rapporteur.Place {
		// A country or city that speaks is its government.
		sp.Type = rapporteur.Organization
	}
	sp.Role, sp.Affiliation, sp.MoreRoles = p.role, p.aff, p.more
	if sp.Role == "" && sp.Affiliation == "" {
		sp.Role, sp.Affiliation, sp.MoreRoles = en.role, en.aff, en.more
	}
	sp.Mention = t.span(m.t0, m.t1)
	t.lastEnt = e
}

// possessive resolves "her statement", "his office", "their lawyer": a
// statement or office speaks for its owner; a role names someone else.
func (t *Table) possessive(sp *rapporteur.Speaker, a, b int, p pronoun) bool {
	if !t.l.is(t.toks[a].low, wPossessive) {
		return false
	}
	h := b - 1
	n, isNom := t.l.nominals[t.toks[h].low]
	_, isRole := t.l.roles[t.toks[h].low]
	if !isNom && !isRole {
		return false
	}
	var owner rapporteur.Speaker
	t.pronoun(&owner, a, p)
	if isRole {
		sp.Type = rapporteur.Person
		sp.Name = t.textOf(a+1, b)
		sp.Role = sp.Name
		sp.Affiliation = owner.Name
		sp.Mention = t.span(a, b)
		t.lastEnt = -1
		return true
	}
	if n.typ != rapporteur.Document && n.class != "office" {
		return false
	}
	src := sp.Source
	*sp = owner
	sp.Source = src
	sp.Mention = t.span(a, b)
	return true
}

// relative resolves a relative pronoun at token i to the phrase before it:
// a person named there (or in apposition before a role phrase), or else
// the noun phrase itself ("veteran MPs").
func (t *Table) relative(sp *rapporteur.Speaker, i int) {
	sp.Mention = t.span(i, i+1)
	k := i - 1
	if k >= 0 && t.toks[k].low == "," {
		k--
	}
	if k < 0 {
		return
	}
	if m := t.mentionAt(k); m >= 0 {
		if e := t.ments[m].ent; t.ents[e].typ == rapporteur.Person || t.ents[e].typ == rapporteur.Organization {
			t.fromEntity(sp, e)
			return
		}
	}
	// Walk back over the noun phrase: "the ferocious brawler".
	a := k
	for a >= 0 && a > k-maxWalk && t.toks[a].kind == kWord && (!t.toks[a].cap || !t.inName[a] && a == k) && !t.l.is(t.toks[a].low, wDet) && !t.l.is(t.toks[a].low, wCut) && t.toks[a].sent == t.toks[i].sent {
		a--
	}
	if a >= 0 && t.toks[a].kind == kWord && t.l.is(t.toks[a].low, wDet) {
		// An appositive: "Nunes, the ferocious brawler who …".
		if a >= 2 && t.toks[a-1].low == "," {
			if m := t.mentionAt(a - 2); m >= 0 && t.ents[t.ments[m].ent].typ == rapporteur.Person {
				t.fromEntity(sp, t.ments[m].ent)
				return
			}
		}
		a--
	}
	if a+1 > k {
		return
	}
	// No name: the noun phrase is the speaker, typed by its head.
	var tmp rapporteur.Speaker
	t.nominal(&tmp, a+1, k+1, -1, -1)
	sp.Name, sp.Type, sp.Role, sp.Affiliation, sp.MoreRoles = tmp.Name, tmp.Type, tmp.Role, tmp.Affiliation, tmp.MoreRoles
}

// nominal fills sp for a phrase without a name: "the spokesman", "the
// ministry", "the UN report", "officials", "a source".
func (t *Table) nominal(sp *rapporteur.Speaker, a, hb, ap, ae int) {
	if a, hb = t.timeTrim(a, hb); a >= hb {
		return
	}
	det := ""
	a0 := a
	if t.l.is(t.toks[a].low, wDet) || t.l.is(t.toks[a].low, wDefinite) {
		det = t.toks[a].low
		a0 = a + 1
	}
	if a0 >= hb {
		return
	}
	cut := t.nounCut(a0, hb)
	h := cut - 1
	for h > a0 && t.toks[h].kind != kWord {
		h--
	}
	name := t.textOf(a0, hb)
	sp.Name = name
	sp.Mention = t.span(a, cut)
	head := t.toks[h].low
	definite := t.l.is(det, wDefinite)
	if org, ok := t.l.orgs[t.joinLow(a0, hb)]; ok && t.toks[a0].cap {
		sp.Type, sp.Name = rapporteur.Organization, org
		return
	}
	// "the Chinese", "Chinese": the country.
	if p, ok := t.l.demonyms[head]; ok && hb-a0 == 1 && t.toks[a0].cap {
		sp.Type, sp.Name = rapporteur.Organization, p.name
		return
	}
	// A role: "the spokesman", "a spokeswoman for the ministry".
	if rs := t.roleEnding(a0, h+1); rs >= 0 {
		r := t.l.roles[t.joinLow(rs, h+1)]
		// The head is the role ("a spokeswoman for the federal Justice
		// Ministry" is no justice).
		p := t.parseNP(a0, hb, true)
		if p.role == "" {
			p = t.parseNP(a0, hb, false)
		}
		if definite {
			if e := t.findByRole(r.class, t.toks[h].low, t.capWords(a0, rs), t.toks[a].r0); e >= 0 {
				en := &t.ents[e]
				sp.Type, sp.Name = rapporteur.Person, en.name
				sp.Role, sp.Affiliation, sp.MoreRoles = en.role, en.aff, en.more
				if sp.Role == "" {
					sp.Role, sp.Affiliation, sp.MoreRoles = p.role, p.aff, p.more
				}
				t.lastEnt = e
				return
			}
		}
		sp.Type = rapporteur.Person
		sp.Role, sp.Affiliation, sp.MoreRoles = p.role, p.aff, p.more
		return
	}
	n, ok := t.l.nominals[head]
	if !ok && h > a0 {
		n, ok = t.l.nominals[t.joinLow(h-1, h+1)]
	}
	if !ok {
		switch {
		case t.noNoun(a0, hb):
			// "There", "All", "the second", "Few": the phrase has no
			// noun that could name anyone, so it names no speaker, and
			// no later "they" can take it for an organization.
			sp.Name = ""
		case t.toks[h].cap && !t.toks[h].sentStart:
			sp.Type = rapporteur.Organization
		case len(head) > 3 && head[len(head)-1] == 's':
			sp.Type = rapporteur.Group
		case t.toks[h].cap:
			sp.Type = rapporteur.Organization
		}
		return
	}
	sp.Type = n.typ
	switch n.typ {
	case rapporteur.Organization:
		if !definite {
			break
		}
		// "the parole board" is the organization whose name holds both
		// words; "the ministry" any of its class.
		e := -1
		if a0 < h && !t.anyCap(a0, h+1) {
			e = t.findOrgWords(a0, h+1, t.toks[a].r0)
		} else if a0 == h {
			e = t.findOrg(n.class, head, t.toks[a].r0)
		}
		if e < 0 && a0 == h && n.generic {
			// "the company", "the agency": the organization named last,
			// when none is named with a word of that class.
			e = t.findOrg("", "", t.toks[a].r0)
		}
		if e >= 0 {
			sp.Name = t.ents[e].name
			t.lastEnt = e
		}
	case rapporteur.Document:
		if a0 < h && t.namedPremod(a0, h) {
			// A named document: it is its own entity, so "the report"
			// later finds it.
			sp.Name = t.textOf(a0, h+1)
			sp.Affiliation = t.stripPoss(t.firstCap(a0, h), h)
			t.addDoc(sp.Name, a0, h+1, n.class, sp.Affiliation)
			return
		}
		if definite {
			if e := t.findDoc(n.class, t.toks[a].r0); e >= 0 {
				sp.Name = t.ents[e].name
				sp.Affiliation = t.ents[e].aff
				return
			}
		}
		if cut < hb && t.l.is(t.toks[cut].low, wAuthor) {
			sp.Affiliation = t.affText(cut+1, hb)
		}
	}
}

// noNoun reports whether the words [a, b) of a speaker phrase that no
// list knows are no noun: function words, quantifiers, ordinals and
// sentence adverbs ("There", "All", "the second", "as well": determiners,
// quantifiers and conjunctions of np-words.txt, pronouns.txt,
// not-names.txt and the time words), or one word
// capitalised only because a sentence starts with it that the article
// also writes in lower case, or that reads as a verb or an adverb
// ("Few", "Citing", "Lastly"), unless it is a plural noun ("Critics"). The scan took none of them for a name;
// only a sentence's first capital made them look like one.
func (t *Table) noNoun(a, b int) bool {
	closed := true
	for k := a; k < b && closed; k++ {
		low := t.toks[k].low
		_, pron := t.l.pronouns[low]
		closed = t.toks[k].kind != kWord || pron || t.l.relatives[low] || t.l.notNames[low] || t.l.times[low] ||
			t.l.is(low, wDet|wDefinite|wQuant|wCoord|wPossessive)
	}
	if closed {
		return true
	}
	if b-a != 1 {
		return false
	}
	tk := &t.toks[a]
	verbLike := verbShaped(tk.low)
	if !tk.cap {
		return verbLike
	}
	// "Critics", "Speakers": a plural noun, a group.
	plural := len(tk.low) > 3 && tk.low[len(tk.low)-1] == 's'
	return tk.sentStart && !plural && !t.known(tk.low) && t.titleCase(a) && (verbLike || t.writtenLower(tk.low))
}

// verbShaped reports whether lower-cased word low ends like a participle
// or an adverb ("citing", "lastly").
func verbShaped(low string) bool {
	return len(low) > 4 && (strings.HasSuffix(low, "ing") || strings.HasSuffix(low, "ly"))
}

// titleCase reports whether word k has one capital, its first letter: a
// word written "GitHub" or "eBay" is a name wherever it stands.
func (t *Table) titleCase(k int) bool {
	for i, c := range t.text[t.toks[k].b0:t.toks[k].b1] {
		if i > 0 && unicode.IsUpper(c) {
			return false
		}
	}
	return true
}

// nounCut returns where the head of a nominal phrase [a, b) ends: at the
// first preposition or relative pronoun after a lower-case noun ("a
// spokesperson for the camp", "the person who spoke"), or b.
func (t *Table) nounCut(a, b int) int {
	for q := a + 1; q < b; q++ {
		if t.toks[q].kind == kWord && !t.toks[q].cap && (t.l.is(t.toks[q].low, wCut) || len(t.toks[q].low) > 5 && strings.HasSuffix(t.toks[q].low, "ing")) {
			// After a lower-case noun, or a role ("Chairman of the
			// Federal Reserve").
			if p := &t.toks[q-1]; p.kind == kWord && (!p.cap || p.sentStart || t.roleEnding(a, q) >= 0) {
				return q
			}
			return b
		}
	}
	return b
}

// findOrgWords returns the organization named last before pos whose name
// holds every word of [a, b), or -1.
func (t *Table) findOrgWords(a, b, pos int) int {
	for k, lo := t.mentsBefore(pos); k >= lo; k-- {
		m := &t.ments[k]
		en := &t.ents[m.ent]
		if t.toks[m.t0].r0 >= pos || en.typ != rapporteur.Organization {
			continue
		}
		all := true
		for w := a; w < b && all; w++ {
			all = containsWord(en.words, t.toks[w].low)
		}
		if all {
			return m.ent
		}
	}
	return -1
}

// roleEnding returns where the longest role ending at token b starts, or
// -1 ("press secretary", "spokesman").
func (t *Table) roleEnding(a, b int) int {
	for s := max(a, b-t.l.maxRole); s < b; s++ {
		if _, ok := t.l.roles[t.joinLow(s, b)]; ok {
			return s
		}
	}
	return -1
}

// namedPremod reports whether [a, b), in front of a document noun, holds a
// name ("the UN report", "a new Amnesty study"), not just a capitalised
// first word ("Early reports").
func (t *Table) namedPremod(a, b int) bool {
	for k := a; k < b; k++ {
		if t.toks[k].cap && (!t.toks[k].sentStart || t.mentionAt(k) >= 0) {
			return true
		}
	}
	return false
}

func (t *Table) anyCap(a, b int) bool {
	return t.firstCap(a, b) < b
}

func (t *Table) firstCap(a, b int) int {
	for k := a; k < b; k++ {
		if t.toks[k].cap {
			return k
		}
	}
	return b
}

// addDoc records a document named in a source phrase, keeping the
// mentions in text order.
func (t *Table) addDoc(name string, a, b int, class, aff string) {
	for e := range t.ents {
		if t.ents[e].typ == rapporteur.Document && t.ents[e].name == name {
			return
		}
	}
	t.ents = append(t.ents, entity{typ: rapporteur.Document, name: name, aff: aff, class: class, kind: class, first: t.toks[a].r0})
	m := mention{t0: a, t1: b, ent: len(t.ents) - 1}
	i := sort.Search(len(t.ments), func(i int) bool { return t.ments[i].t0 > a })
	t.ments = append(t.ments, mention{})
	copy(t.ments[i+1:], t.ments[i:])
	t.ments[i] = m
}

// findByRole returns the person named last before code point pos whose
// role has class class: "the spokesman" is the spokesman named before.
func (t *Table) findByRole(class, head string, must []string, pos int) int {
	has := func(e int) bool {
		en := &t.ents[e]
		return en.typ == rapporteur.Person && slices.Contains(en.classes, class) && fits(en, must)
	}
	best, bestPos := -1, -1
	for k, lo := t.mentsBefore(pos); k >= lo; k-- {
		m := &t.ments[k]
		if p := t.toks[m.t0].r0; p < pos && has(m.ent) {
			best, bestPos = m.ent, p
			break
		}
	}
	for k, lo := len(t.spk)-1, max(0, len(t.spk)-lookBack); k >= lo; k-- {
		s := &t.spk[k]
		if s.ent >= 0 && s.pos < pos && s.pos > bestPos && has(s.ent) {
			return s.ent
		}
	}
	if best >= 0 {
		return best
	}
	// "the mayor" for the "mayoral candidate": the head inside a role.
	for k, lo := t.mentsBefore(pos); k >= lo; k-- {
		m := &t.ments[k]
		en := &t.ents[m.ent]
		if t.toks[m.t0].r0 < pos && en.typ == rapporteur.Person && en.role != "" && strings.Contains(strings.ToLower(en.role), head) && fits(en, must) {
			return m.ent
		}
	}
	return -1
}

// capWords returns the lower-cased capitalised words of [a, b) ("the
// Democratic presidential nominee" gives "democratic").
func (t *Table) capWords(a, b int) []string {
	var out []string
	for k := a; k < b; k++ {
		if t.toks[k].cap && t.toks[k].kind == kWord && !t.toks[k].sentStart {
			out = append(out, t.toks[k].low)
		}
	}
	return out
}

// fits reports whether each of words is found in the entity's name, role
// or affiliation, allowing a different ending ("Democratic", "Democrat";
// "Canadian", "Canada").
func fits(en *entity, words []string) bool {
	if len(words) == 0 {
		return true
	}
	have := strings.Fields(strings.ToLower(en.name + " " + en.role + " " + en.aff))
	for _, w := range words {
		ok := false
		for _, h := range have {
			n := min(len(w), len(h))
			if h == w || n >= 5 && w[:n-1] == h[:n-1] {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// findDoc returns the document named last before pos with head class class.
func (t *Table) findDoc(class string, pos int) int {
	for k, lo := t.mentsBefore(pos); k >= lo; k-- {
		m := &t.ments[k]
		if t.toks[m.t0].r0 < pos && t.ents[m.ent].typ == rapporteur.Document && t.ents[m.ent].class == class {
			return m.ent
		}
	}
	return -1
}

// pronoun resolves a personal pronoun at token i. "he" and "she" go to the
// latest compatible speaker unless a compatible person has been named as
// a sentence subject since; "it" to the latest organization or document;
// "they" to the latest group or organization.
func (t *Table) pronoun(sp *rapporteur.Speaker, i int, p pronoun) {
	pos := t.toks[i].r0
	sp.Mention = t.span(i, i+1)
	switch {
	case p.person && !p.plural:
		e := t.personFor(pos, p.gender)
		if e < 0 {
			sp.Type = rapporteur.Person
			return
		}
		t.fromEntity(sp, e)
	case p.thing:
		e, s := t.thingFor(pos, false)
		t.fill(sp, e, s, rapporteur.Organization)
	default:
		e, s := t.thingFor(pos, true)
		t.fill(sp, e, s, rapporteur.Group)
	}
}

// thingAcronym reports whether organization e is only a word of capitals
// that no list knows as an organization and that the article does not
// spell out as one ("HIV", "DRM", "the ACC" for a part of the brain):
// such a word names a thing as often as a body, and "it" or "they" would
// make it a speaker of what its context says. Named as the speaker
// ("ACC said") it still is one.
func (t *Table) thingAcronym(e int) bool {
	en := &t.ents[e]
	if en.typ != rapporteur.Organization || strings.Contains(en.name, " ") || !isAllUpper(en.name) {
		return false
	}
	if _, ok := t.l.orgs[en.name]; ok {
		return false
	}
	if _, ok := t.l.orgs[strings.ToLower(en.name)]; ok {
		return false
	}
	if long, ok := t.definedAcronyms()[en.name]; ok {
		for _, w := range strings.Fields(long) {
			if _, org := t.l.orgWords[strings.ToLower(w)]; org {
				return false
			}
		}
	}
	return true
}

// firstSecondPoss are the possessives of the one who speaks or is spoken
// to: "their union, Unifor" is a body, "my course" a thing.
var firstSecondPoss = map[string]bool{"my": true, "our": true, "your": true}

// ownedName reports whether entity e is ever named after "my", "our" or
// "your" ("I was doing my Pre University Course, PUC"): something a
// person has, not a body that "they" or "it" could be.
func (t *Table) ownedName(e int) bool {
	if t.owned == nil {
		t.owned = map[int]bool{}
		for _, m := range t.ments {
			if m.t0 > 0 && t.toks[m.t0-1].kind == kWord && firstSecondPoss[t.toks[m.t0-1].low] {
				t.owned[m.ent] = true
			}
		}
	}
	return t.owned[e]
}

func (t *Table) fill(sp *rapporteur.Speaker, e int, s *spoken, typ string) {
	switch {
	case e >= 0:
		t.fromEntity(sp, e)
	case s != nil:
		m, src := sp.Mention, sp.Source
		*sp = s.sp
		sp.Mention, sp.Source = m, src
	default:
		sp.Type = typ
	}
}

func (t *Table) fromEntity(sp *rapporteur.Speaker, e int) {
	en := &t.ents[e]
	sp.Name, sp.Type, sp.Role, sp.Affiliation, sp.MoreRoles = en.name, en.typ, en.role, en.aff, en.more
	if sp.Type == rapporteur.Place {
		sp.Type = rapporteur.Organization
	}
	t.lastEnt = e
}

// compatible reports whether person e can be "he" (g 'm'), "she" ('f')
// or either (0). Capitalised words not known to name a person ("Story",
// "Obviously" at the start of a quote) are no antecedents.
func (t *Table) compatible(e int, g byte) bool {
	en := &t.ents[e]
	return en.typ == rapporteur.Person && !en.weak && (g == 0 || en.gender == 0 || en.gender == g)
}

// personFor picks the person "he" or "she" at pos refers to.
// agent reports whether the name at token i is the agent of a passive
// ("since he was pardoned by Trump"): named so, a person is not who the
// text goes on about, and a "He" that follows is the newer subject.
func (t *Table) agent(i int) bool {
	return i > 0 && t.toks[i-1].low == "by"
}

func (t *Table) personFor(pos int, g byte) int {
	spk, spkPos := -1, -1
	for k, lo := len(t.spk)-1, max(0, len(t.spk)-lookBack); k >= lo; k-- {
		s := &t.spk[k]
		if s.pos < pos && s.ent >= 0 && t.compatible(s.ent, g) {
			spk, spkPos = s.ent, s.pos
			break
		}
	}
	subj, subjPos, anyE := -1, -1, -1
	for k, lo := t.mentsBefore(pos); k >= lo; k-- {
		m := &t.ments[k]
		p := t.toks[m.t0].r0
		if p >= pos || !t.compatible(m.ent, g) {
			continue
		}
		if anyE < 0 {
			anyE = m.ent
		}
		if m.subj {
			subj, subjPos = m.ent, p
			break
		}
	}
	if spk >= 0 && subj >= 0 && subjPos > spkPos && subj != spk {
		// The speaker named again after the newer subject ("Mayor John
		// Tory met Dennis Brooks. He says …") stays the better guess.
		for k, lo := t.mentsBefore(pos); k >= lo; k-- {
			p := t.toks[t.ments[k].t0].r0
			if p < subjPos {
				break
			}
			if p < pos && t.ments[k].ent == spk && !t.agent(t.ments[k].t0) {
				return spk
			}
		}
	}
	switch {
	case spk >= 0 && (subj < 0 || subjPos <= spkPos):
		return spk
	case subj >= 0:
		return subj
	}
	return anyE
}

// thingFor picks what "it" (or, when plural, "they") at pos refers to: the
// latest organization or document that spoke, unless one has been named
// first in a sentence since; else the latest one named.
func (t *Table) thingFor(pos int, plural bool) (int, *spoken) {
	var s *spoken
	for k, lo := len(t.spk)-1, max(0, len(t.spk)-lookBack); k >= lo; k-- {
		x := &t.spk[k]
		if x.pos >= pos {
			continue
		}
		switch x.sp.Type {
		case rapporteur.Organization, rapporteur.Document:
			if x.ent >= 0 && t.thingAcronym(x.ent) {
				continue
			}
			s = x
		case rapporteur.Group:
			if plural {
				s = x
			}
		}
		if s != nil {
			break
		}
	}
	subj, anyE := -1, -1
	for k, lo := t.mentsBefore(pos); k >= lo; k-- {
		m := &t.ments[k]
		p := t.toks[m.t0].r0
		if p >= pos {
			continue
		}
		if s != nil && p < s.end {
			break
		}
		typ := t.ents[m.ent].typ
		if typ != rapporteur.Organization && (typ != rapporteur.Document || plural) || t.thingAcronym(m.ent) {
			continue
		}
		if t.ownedName(m.ent) {
			continue
		}
		if anyE < 0 {
			anyE = m.ent
		}
		if m.subj {
			subj = m.ent
			break
		}
	}
	switch {
	case subj >= 0:
		return subj, nil
	case s != nil && s.ent >= 0:
		return s.ent, nil
	case s != nil:
		return -1, s
	}
	return anyE, nil
}
