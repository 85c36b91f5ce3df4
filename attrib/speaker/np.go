package speaker

import (
	"strings"

	"github.com/rapporteur/rapporteur"
)

// np is what a title phrase says about a person: "Chinese Foreign Ministry
// spokesman" gives role "spokesman" and affiliation "Chinese Foreign
// Ministry".
type np struct {
	role, aff string
	class     string // coreference class of the role noun
	gender    byte   // gender of the role noun ("spokeswoman"), if any
	byTitle   bool   // the role is only an abbreviated title ("Sgt.")
	// more are further roles coordinated with this one ("AU chairperson
	// and Egyptian President"), in text order.
	more []rapporteur.RoleDesc
}

// withMore returns p with the roles of q (its own, then its further ones)
// added to p's further roles.
func (p np) withMore(q np) np {
	p = p.add(rapporteur.RoleDesc{Role: q.role, Affiliation: q.aff})
	for _, d := range q.more {
		p = p.add(d)
	}
	return p
}

// add returns p with the further role d, unless d has no role, is p's own
// role or is already there.
func (p np) add(d rapporteur.RoleDesc) np {
	if d.Role == "" || strings.EqualFold(d.Role, p.role) && strings.EqualFold(d.Affiliation, p.aff) {
		return p
	}
	for _, m := range p.more {
		if strings.EqualFold(m.Role, d.Role) && strings.EqualFold(m.Affiliation, d.Affiliation) {
			return p
		}
	}
	p.more = append(append([]rapporteur.RoleDesc(nil), p.more...), d)
	return p
}

// coordFront adds to p, read from the title phrase starting at token a in
// front of a name, the role phrase coordinated before it: "AU chairperson
// and Egyptian President Abdel Fattah el-Sisi" keeps "chairperson, AU"
// beside "President, Egypt".
func (t *Table) coordFront(a int, p np) np {
	if p.role == "" || p.byTitle || a < 2 || t.toks[a-1].kind != kWord || t.toks[a-1].cap || !t.l.is(t.toks[a-1].low, wCoord) {
		return p
	}
	s := t.walkLeft(a-1, a-1)
	if s >= a-1 {
		return p
	}
	q := t.parseNP(s, a-1, false)
	if q.role == "" || q.byTitle {
		return p
	}
	// Text order: the coordinated phrase's roles come first.
	out := p
	out.more = nil
	out = out.withMore(q)
	for _, d := range p.more {
		out = out.add(d)
	}
	return out
}

// merge combines what the words in front of a name say (p) with what an
// appositive says (q): a role noun beats an abbreviated title, and a
// missing affiliation is taken from the other.
func merge(p, q np) np {
	out := mergeOne(p, q)
	for _, d := range append(append([]rapporteur.RoleDesc(nil), p.more...), q.more...) {
		out = out.add(d)
	}
	return out
}

func mergeOne(p, q np) np {
	if q.role != "" && (p.role == "" || p.byTitle) {
		if q.aff == "" && p.aff != "" {
			q.aff = p.aff
		}
		return q
	}
	if p.aff == "" && p.role == "" {
		return q
	}
	if p.aff == "" && q.role == "" {
		p.aff = q.aff
	}
	return p
}

// maxWalk bounds how far back from a name a title phrase or a sentence
// start is looked for, so long sentences cost no more than short ones.
const maxWalk = 40

// frontOf returns where the title phrase in front of a name starting at
// token s begins: the run of capitalised words, role words, possessives and
// the prepositions between them ("China's permanent representative to the
// UN"), within the sentence and without crossing another person's name.
func (t *Table) frontOf(s int) int {
	// "professor of Indigenous Studies": a name right after a
	// preposition is its object, not the titled person.
	if s > 0 && t.toks[s-1].kind == kWord && t.l.is(t.toks[s-1].low, wTitleJoin|wDet) {
		return s
	}
	return t.walkLeft(s, s)
}

// walkLeft returns where a title phrase ending before token from begins,
// staying in the sentence of token s.
func (t *Table) walkLeft(from, s int) int {
	k := from - 1
	for ; k >= 0 && k >= from-maxWalk; k-- {
		tk := &t.toks[k]
		if s < len(t.toks) && tk.sent != t.toks[s].sent || t.inName[k] {
			break
		}
		if tk.kind == kPoss {
			continue
		}
		if tk.kind != kWord {
			break
		}
		if tk.cap && !t.l.notNames[tk.low] {
			continue
		}
		if _, ok := t.l.roles[tk.low]; ok {
			continue
		}
		if t.l.roleMods[tk.low] {
			continue
		}
		if t.l.is(tk.low, wTitleJoin) {
			continue
		}
		break
	}
	a := k + 1
	for a < from && (t.toks[a].kind == kPoss || t.l.is(t.toks[a].low, wTitleJoin|wDet)) {
		a++
	}
	return a
}

// reverseAppos reads "the head of the World Health Organization, Tedros
// Adhanom Ghebreyesus": a role phrase, a comma, then the name at token s.
func (t *Table) reverseAppos(s int) np {
	if s < 2 || t.toks[s-1].low != "," {
		return np{}
	}
	a := t.walkLeft(s-1, s-1)
	if a >= s-1 {
		return np{}
	}
	return t.parseNP(a, s-1, false)
}

// appositive reads the phrase after the name ending at token j: ",
// Secretary General of Amnesty International," or ", a spokeswoman for the
// ministry,". An age (", 43,") is skipped.
func (t *Table) appositive(j int) np {
	// A bracket right after the name ("Rep. Gwen Moore (D-Wis.), …")
	// comes before the appositive.
	if j < len(t.toks) && t.toks[j].low == "(" {
		k := j + 1
		for k < len(t.toks) && k-j < 8 && t.toks[k].low != ")" {
			k++
		}
		if k < len(t.toks) && t.toks[k].low == ")" {
			j = k + 1
		}
	}
	for tries := 0; tries < 2; tries++ {
		if j >= len(t.toks) || t.toks[j].low != "," {
			return np{}
		}
		a := j + 1
		e := t.segmentEnd(a)
		if e == a+1 && hasDigit(t.toks[a].low) {
			j = e
			continue
		}
		if t.titlesNext(a, e) {
			return np{}
		}
		return t.parseNP(a, e, true)
	}
	return np{}
}

// titlesNext reports whether the phrase [a, e) after a comma is a role
// right before a name that a verb follows: "In the letter to GitHub, EFF's
// attorney Stoltz said": the role is Stoltz's title and the phrase the
// subject of the clause, no appositive of the name before the comma. In an
// appositive a name after a role is its employer, a noun or a relative
// clause following it ("a former Newsweek manager", "a former United
// States Representative who …").
func (t *Table) titlesNext(a, e int) bool {
	function := wDet | wAffPrep | wRolePrep | wCoord
	for k := a + 1; k < e; k++ {
		tk, prev := &t.toks[k], &t.toks[k-1]
		if tk.kind != kWord || !tk.cap || tk.upper || prev.kind != kWord || prev.cap || t.matchRole(k-1, k) != k {
			continue
		}
		n := k + 1
		for n < e && t.toks[n].kind == kWord && t.toks[n].cap {
			n++
		}
		next := &t.toks[min(n, len(t.toks)-1)]
		return n < e && next.kind == kWord && !next.cap && !t.l.is(next.low, function) &&
			!t.l.relatives[next.low] && t.matchRole(n, e) == n
	}
	return false
}

// segmentEnd returns the end of the phrase starting at a: the next comma,
// sentence mark, bracket, dash or quote, at most 20 tokens on.
func (t *Table) segmentEnd(a int) int {
	e := a
	for e < len(t.toks) && e-a < 20 && t.toks[e].sent == t.toks[a].sent {
		tk := &t.toks[e]
		if tk.kind == kPunct && !(tk.low == "-" || tk.low == "&") {
			break
		}
		e++
	}
	return e
}

// parseNP reads role and affiliation from tokens [a, b). In front of a
// name the last role noun is the role; in an appositive the first one is,
// and it must come early, after words that can stand in a title.
func (t *Table) parseNP(a, b int, appos bool) np {
	for a < b && t.l.is(t.toks[a].low, wDet) {
		a++
	}
	// "a UN rapporteur for the Office … who had investigated the case":
	// a relative clause tells what the person did, not what they are.
	for k := a; k < b; k++ {
		if tk := &t.toks[k]; tk.kind == kWord && !tk.upper && t.l.relatives[tk.low] {
			b = k
			break
		}
	}
	titleRole := ""
	for b > a && (t.toks[b-1].kind == kPunct || t.toks[b-1].kind == kWord && t.isTitle(b-1) && t.matchRole(b-1, b) == b-1) {
		if tr := t.l.titles[t.toks[b-1].low].role; tr != "" && titleRole == "" && t.toks[b-1].kind == kWord {
			titleRole = tr
		}
		b--
	}
	if a >= b {
		return np{role: titleRole, byTitle: titleRole != ""}
	}
	rk, re := -1, -1
	for k := a; k < b; {
		e := t.matchRole(k, b)
		if e == k {
			if appos && !t.titleWord(k) {
				return np{}
			}
			k++
			continue
		}
		rk, re = k, e
		if appos {
			break
		}
		k = e
	}
	if rk < 0 {
		if !appos && t.toks[b-1].kind == kPoss {
			return np{role: titleRole, byTitle: titleRole != "", aff: t.affText(a, b-1)}
		}
		if titleRole != "" {
			// "RCMP Cpl. Jennifer Clarke": the title is the role.
			return np{role: titleRole, byTitle: true, aff: t.affText(a, b)}
		}
		return np{}
	}
	// Role words in front of the head belong to the role ("chief public
	// health officer", "Foreign Minister").
	// So do lower-case words that are not nouns of organizations
	// ("presidential nominee"; but "Toronto police spokesperson").
	rs := rk
	for rs > a && t.toks[rs-1].kind == kWord && (t.isRoleMod(rs-1) || t.roleAdjective(rs-1)) {
		rs--
	}
	// Capitals after a name's "of" or "for" end the name, they do not
	// begin the role: "Massachusetts Institute of Technology professor"
	// is a professor of the institute, not a "Technology professor" of
	// "Massachusetts Institute of".
	if rs < rk && rs-2 >= a && t.toks[rs-2].cap && t.toks[rs-1].kind == kWord && t.l.is(t.toks[rs-1].low, wOrgJoin) &&
		!t.l.is(t.toks[rs-1].low, wDet) && !t.l.is(t.toks[rs-1].low, wCoord) {
		for rs < rk && t.toks[rs].cap {
			rs++
		}
	}
	// The affiliation is the name (or organization noun) right before
	// the role: "his wife and current Democratic presidential nominee"
	// gives "Democratic".
	ab := rs
	for ab > a {
		tk := &t.toks[ab-1]
		if t.l.rolePrefix[tk.low] {
			break // "Former U.S. president"
		}
		if tk.cap || tk.kind == kPoss || tk.kind == kWord && (t.orgNoun(tk.low) || hasDigit(tk.low)) ||
			tk.kind == kWord && (t.l.is(tk.low, wOrgJoin) || t.l.particles[tk.low]) && ab-2 >= a && t.toks[ab-2].cap && !t.l.is(tk.low, wDet) {
			ab--
			continue
		}
		break
	}
	// Modifiers like "former" stay with the role even when an
	// affiliation sits between ("former U.S. president").
	prefix := ""
	for k := a; k < ab; k++ {
		if t.l.rolePrefix[t.toks[k].low] {
			prefix = t.textOf(k, k+1)
			if as := t.l.prefixAs[t.toks[k].low]; as != "" {
				prefix = as
			}
		}
	}
	r := t.l.roles[t.joinLow(rk, re)]
	out := np{class: r.class, gender: r.gender, aff: t.affText(ab, rs)}
	// In an appositive the first role may be a modifier of a later one
	// ("chief public health officer").
	for k := re; k < b && t.toks[k].kind == kWord && (t.l.roleMods[t.toks[k].low] || t.matchRole(k, b) > k); {
		if e := t.matchRole(k, b); e > k {
			re, k = e, e
			continue
		}
		k++
	}
	// "AU chairperson and Egyptian President": a second role phrase
	// coordinated with the first is kept beside it.
	var co np
	if appos && re+1 < b && t.toks[re].kind == kWord && !t.toks[re].cap && t.l.is(t.toks[re].low, wCoord) {
		if co = t.parseNP(re+1, b, false); co.byTitle {
			co = np{}
		}
	}
	if re < b && !t.l.is(t.toks[re].low, wRolePrep) {
		// "an NLD member freed on Friday": what follows the role noun
		// without a preposition is no part of it.
		b = re
	}
	end := b
	if re < b {
		for q := re; q < b; q++ {
			// "adviser to the campaign" names the employer; "ambassador
			// to Canada" the posting (roles marked "to" in roles.txt).
			toAff := t.l.is(t.toks[q].low, wEmployer) && !r.toPost
			if t.toks[q].kind != kWord || !t.l.is(t.toks[q].low, wAffPrep) && !toAff || out.aff != "" {
				continue
			}
			o := q + 1
			for o < b && t.l.is(t.toks[o].low, wDet) && !t.nameThe(o) {
				o++
			}
			if o >= b || t.allRoleMods(o, b) {
				continue
			}
			if t.toks[o].cap {
				// The name ends where its capitalised run does
				// ("Chairman of the Federal Reserve has said").
				ce := t.capRunEnd(o, b)
				out.aff = t.affText(o, ce)
				// "mayor of the Polish city of Gdańsk": the place
				// noun's own object is the place.
				if ce+1 < b && t.placeNoun(ce-1) && t.l.is(t.toks[ce].low, wOrgOf) && t.toks[ce+1].cap {
					out.aff = t.affText(ce+1, t.capRunEnd(ce+1, b))
				}
				end = q
				break
			}
			if oe := t.lowerRunEnd(o, b); t.orgNominal(o, oe) {
				out.aff = t.affText(o, oe)
				end = q
				break
			}
			// "president of residential real estate advisory firm
			// Bullpen Research Inc.": the name ending the object.
			if c := t.trailingName(o, b); c < b && !t.anyPrep(o, c) {
				out.aff = t.textOf(c, b)
				end = q
				break
			}
		}
	}
	out.role = t.textOf(rs, end)
	if prefix != "" {
		out.role = prefix + " " + out.role
	}
	if co.role != "" {
		out = out.withMore(co)
	}
	return out
}

// capRunEnd returns the end of the name starting at token o: capitalised
// words, numbers ("Local 832"), possessives, and connectors between them.
func (t *Table) capRunEnd(o, b int) int {
	k := o
	for k < b {
		tk := &t.toks[k]
		switch {
		case tk.cap || tk.kind == kPoss || tk.kind == kWord && hasDigit(tk.low) || tk.low == "&" || tk.low == "-":
			k++
		case tk.kind == kWord && (t.l.is(tk.low, wOrgJoin) || t.l.particles[tk.low]) && k+1 < b && (t.toks[k+1].cap || t.l.is(t.toks[k+1].low, wDet) && k+2 < b && t.toks[k+2].cap):
			k++
		default:
			// "the Democratic caucus": an organization noun ends it.
			if k > o && tk.kind == kWord && t.orgNoun(tk.low) {
				return k + 1
			}
			return k
		}
	}
	return k
}

// lowerRunEnd returns the end of the run of lower-case words starting at
// o, before any preposition or relative word ("the ministry said").
func (t *Table) lowerRunEnd(o, b int) int {
	k := o
	for k < b && t.toks[k].kind == kWord && !t.toks[k].cap && (k == o || !t.l.is(t.toks[k].low, wCut)) {
		if _, ok := t.l.nominals[t.toks[k].low]; ok && k > o {
			return k + 1
		}
		k++
	}
	return k
}

// trailingName returns where a run of capitalised words (with their
// connectors) that ends [a, b) starts, or b when the phrase does not end
// in one.
func (t *Table) trailingName(a, b int) int {
	c := b
	for c > a && (t.toks[c-1].cap || t.l.is(t.toks[c-1].low, wOrgJoin) && !t.l.is(t.toks[c-1].low, wDet)) {
		c--
	}
	for c < b && !t.toks[c].cap {
		c++
	}
	return c
}

func (t *Table) anyPrep(a, b int) bool {
	for k := a; k < b; k++ {
		if t.toks[k].kind == kWord && t.l.is(t.toks[k].low, wAffPrep) {
			return true
		}
	}
	return false
}

// isRoleMod reports whether token k belongs to a role before its noun,
// also with "ex-" ("Ex-Prime Minister").
func (t *Table) isRoleMod(k int) bool {
	low := t.toks[k].low
	if t.l.roleMods[low] {
		return true
	}
	if rest, ok := strings.CutPrefix(low, "ex-"); ok {
		_, r := t.l.roles[rest]
		return r || t.l.roleMods[rest]
	}
	return false
}

// roleAdjective reports whether lower-case token k, right before a role
// noun, modifies the role: not an organization noun, determiner,
// preposition, conjunction or pronoun.
func (t *Table) roleAdjective(k int) bool {
	tk := &t.toks[k]
	if tk.cap || tk.kind != kWord || hasDigit(tk.low) || t.orgNoun(tk.low) || t.l.is(tk.low, wDet) || t.l.is(tk.low, wTitleJoin|wDet) || t.l.is(tk.low, wCut) || t.l.notNames[tk.low] {
		return false
	}
	_, pro := t.l.pronouns[tk.low]
	return !pro
}

// placeNoun reports whether token k is a noun for a kind of place the
// gazetteer lists ("city", "province", "state").
func (t *Table) placeNoun(k int) bool {
	n, ok := t.l.nominals[t.toks[k].low]
	return ok && t.toks[k].kind == kWord && t.l.placeKinds[n.class]
}

// orgNoun reports whether a lower-case word names an organization
// ("police", "campaign", "company").
func (t *Table) orgNoun(low string) bool {
	n, ok := t.l.nominals[low]
	return ok && n.typ == "organization"
}

// titleWord reports whether token k can stand before the role noun of an
// appositive ("Canada's chief public health", "the World Health
// Organization's").
func (t *Table) titleWord(k int) bool {
	tk := &t.toks[k]
	if tk.kind == kPoss || tk.kind == kWord && (tk.cap || t.l.roleMods[tk.low] || t.l.is(tk.low, wDet)) {
		return true
	}
	// "the company's chief executive": an organization noun owning the role.
	n, ok := t.l.nominals[tk.low]
	return ok && n.typ == "organization" && k+1 < len(t.toks) && t.toks[k+1].kind == kPoss
}

func (t *Table) isTitle(k int) bool {
	_, ok := t.l.titles[t.toks[k].low]
	return ok && t.toks[k].cap
}

func (t *Table) allRoleMods(a, b int) bool {
	for k := a; k < b; k++ {
		if !t.l.roleMods[t.toks[k].low] && !t.l.is(t.toks[k].low, wCoord) {
			return false
		}
	}
	return true
}

// orgNominal reports whether [a, b) is a phrase like "the ministry" whose
// head is an organization noun.
func (t *Table) orgNominal(a, b int) bool {
	if b <= a {
		return false
	}
	n, ok := t.l.nominals[t.toks[b-1].low]
	return ok && n.typ == "organization"
}

// nameThe reports whether token k is a capital "The" inside a sentence,
// before another capital: the start of a name ("The Atlantic").
func (t *Table) nameThe(k int) bool {
	tk := &t.toks[k]
	return tk.cap && !tk.sentStart && t.l.is(tk.low, wDet) && t.l.is(tk.low, wDefinite) && k+1 < len(t.toks) && t.toks[k+1].cap
}

// affText turns tokens [a, b) into an affiliation: determiners and a final
// possessive go, a lone demonym becomes its place ("German" → "Germany"),
// and "the ministry" becomes the ministry the article named.
func (t *Table) affText(a, b int) string {
	for a < b && (t.l.is(t.toks[a].low, wDet) || t.l.notNames[t.toks[a].low]) {
		// "the", "Another critic"; but a capital "The" inside a
		// sentence starts a name ("The Atlantic").
		if t.nameThe(a) {
			break
		}
		a++
	}
	for b > a && (t.toks[b-1].kind == kPoss || t.toks[b-1].kind == kPunct) {
		b--
	}
	if a >= b {
		return ""
	}
	if b-a == 1 {
		if p, ok := t.l.demonyms[t.toks[a].low]; ok && t.toks[a].cap {
			return p.name
		}
	}
	anyCap := false
	for k := a; k < b; k++ {
		if t.toks[k].cap {
			anyCap = true
			break
		}
	}
	if anyCap {
		// "Stein spokeswoman": the person by their full name.
		if m := t.mentionAt(a); m >= 0 && t.ments[m].t0 == a && t.ments[m].t1 == b && t.ents[t.ments[m].ent].typ == "person" {
			return t.ents[t.ments[m].ent].name
		}
		return t.normAff(a, b)
	}
	if n, ok := t.l.nominals[t.toks[b-1].low]; ok && n.typ == "organization" {
		if e := t.findOrg(n.class, t.toks[b-1].low, t.toks[a].r0); e >= 0 {
			return t.ents[e].name
		}
		return t.textOf(a, b)
	}
	return ""
}

// normAff returns the name [a, b) as an affiliation in one form, so one
// speaker's descriptions compare equal across articles: a country or place
// by its gazetteer name ("US", "U.S." → "United States"), and an acronym
// by its long form when the article gives both: it defines the acronym
// ("African Union (AU)"), or it is a listed short form whose long form the
// article also writes ("WHO" in an article that says "World Health
// Organization"). An acronym the article never spells out stays as it is.
func (t *Table) normAff(a, b int) string {
	key := t.joinLow(a, b)
	if p, ok := t.l.places[key]; ok {
		return p.name
	}
	// "the United States' Centers for Disease Control": a named body is
	// its own affiliation, without the country that owns it; "El Paso's
	// police" is the El Paso police.
	for k := a + 1; k < b-1; k++ {
		if t.toks[k].kind != kPoss {
			continue
		}
		if _, place := t.l.places[t.joinLow(a, k)]; place && t.toks[k+1].cap {
			return t.normAff(k+1, b)
		}
		if !t.toks[k+1].cap {
			return t.textOf(a, k) + " " + t.textOf(k+1, b)
		}
		break
	}
	if b-a == 1 && t.toks[a].upper {
		if long, ok := t.definedAcronyms()[t.textOf(a, b)]; ok {
			return long
		}
	}
	if name, ok := t.l.orgs[key]; ok && strings.Contains(t.text, name) {
		return name
	}
	return t.textOf(a, b)
}

// definedAcronyms returns the acronyms the article defines in brackets
// after a capitalised name whose initials they are: "the African Union
// (AU)", "Centers for Disease Control and Prevention (CDC)".
func (t *Table) definedAcronyms() map[string]string {
	if t.acronyms != nil {
		return t.acronyms
	}
	t.acronyms = map[string]string{}
	for k := 2; k+1 < len(t.toks); k++ {
		if t.toks[k-1].low != "(" || !t.toks[k].upper || t.toks[k+1].low != ")" {
			continue
		}
		// The name ends right before the bracket; walk back over its
		// capitalised words and connectors.
		e := k - 1
		s := e
		for s > 0 && e-s < 12 && t.toks[s-1].sent == t.toks[k].sent && (t.toks[s-1].cap || t.l.is(t.toks[s-1].low, wOrgJoin) && !t.l.is(t.toks[s-1].low, wDet)) {
			s--
		}
		for s < e && !t.toks[s].cap {
			s++
		}
		acr := t.textOf(k, k+1)
		// The acronym's letters, periods left out, are the initials of
		// the name's last words ("the World Health Organization").
		letters := strings.ToLower(strings.ReplaceAll(acr, ".", ""))
		for s2 := s; s2 < e; s2++ {
			if !t.toks[s2].cap || t.l.is(t.toks[s2].low, wDet) {
				continue
			}
			words := make([]string, 0, e-s2)
			for q := s2; q < e; q++ {
				words = append(words, t.toks[q].low)
			}
			if t.initials(words) == letters {
				t.acronyms[acr] = t.textOf(s2, e)
				break
			}
		}
	}
	return t.acronyms
}

// findOrg returns the organization (or place, for "the city") named last
// before code point pos whose class or name matches head noun head.
func (t *Table) findOrg(class, head string, pos int) int {
	for k, lo := t.mentsBefore(pos); k >= lo; k-- {
		m := &t.ments[k]
		if t.toks[m.t0].r0 >= pos || t.parenthesized(m) {
			continue
		}
		en := &t.ents[m.ent]
		switch en.typ {
		case "organization":
			if class == "" && en.class == "" || en.class == class && class != "" || head != "" && containsWord(en.words, head) {
				return m.ent
			}
		case "place":
			if en.kind == class {
				return m.ent
			}
		}
	}
	return -1
}

// parenthesized reports whether mention m stands alone in parentheses:
// an aside, such as a dateline's credit ("OSLO (Reuters) -") or an
// abbreviation after the full name ("the World Health Organization
// (WHO)"), which a later "the company" or "the agency" does not point
// back to (the full name's own mention stays a candidate).
func (t *Table) parenthesized(m *mention) bool {
	return m.t0 > 0 && m.t1 < len(t.toks) && t.toks[m.t0-1].low == "(" && t.toks[m.t1].low == ")"
}

func containsWord(words []string, w string) bool {
	for _, x := range words {
		if x == w || strings.TrimSuffix(x, ".") == w {
			return true
		}
	}
	return false
}
