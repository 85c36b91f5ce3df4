package speaker

import (
	"slices"
	"sort"
	"strings"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/attrib/text"
)

// Table is the entity table of one article. It is not safe for concurrent
// use; build one per article.
type Table struct {
	l        *lang
	text     string
	toks     []token
	inName   []bool // per token: inside a person's name
	headline []bool // per token: in a title-case line (nil when none)
	ents     []entity
	ments    []mention // in text order
	spk      []spoken  // speakers resolved so far, in call order
	// lastEnt is the entity the Resolve call under way resolved to.
	lastEnt int
	byName  map[string]int   // lower-cased name of organizations, places, documents → entity
	byWord  map[string][]int // each word of a person's multi-word name → entities
	byFull  map[string]int   // a person's lower-cased name → entity
	// lowerWords holds the words written in lower case, built on demand.
	lowerWords map[string]bool
	// acronyms maps the acronyms the article defines ("World Health
	// Organization (WHO)") to their long form, built on demand.
	acronyms map[string]string
	// owned holds the entities named after a possessive pronoun, built
	// on demand once the mentions are all read (ownedName).
	owned map[int]bool
}

// entity is one person, organization, place or document of the article.
type entity struct {
	typ       string
	name      string
	words     []string // lower-cased words of the fullest name
	role, aff string
	more      []rapporteur.RoleDesc // further roles ("AU chairperson and Egyptian President")
	class     string                // role class (persons) or org-word class (organizations)
	classes   []string              // every role class a person was given, for "the mayor"
	byTitle   bool                  // role is only an abbreviated title
	kind      string                // place kind, or document head class
	gender    byte
	mentions  int  // named mentions, for Entities
	weak      bool // a capitalised sequence not yet known to be a person
	first     int  // code point offset of the first mention
	last      int  // token index of the latest mention
}

// mention is one place an entity is named, by tokens [t0, t1).
type mention struct {
	t0, t1 int
	ent    int
	subj   bool // the first person named in its sentence
	titled bool // after an honorific or title ("Mr. Zhang")
}

// spoken records that a statement's speaker at code point pos was ent.
type spoken struct {
	pos, end int // code points of the source phrase
	ent      int // -1 for a speaker that is no entity ("officials")
	sp       rapporteur.Speaker
}

// Table scans s (an article body in language lang) for named entities
// and their full mentions.
func (r *Resolver) Table(lang, s string) *Table {
	return r.TableOf(lang, text.Parse(s))
}

// TableOf is Table on an article already read by the text layer, the
// reading attrib made of it.
func (r *Resolver) TableOf(lang string, d *text.Doc) *Table {
	t := &Table{l: r.lang(lang), text: d.Text, lastEnt: -1}
	t.toks = tokens(t.l, d, make([]token, 0, len(d.Tokens)+16))
	t.inName = make([]bool, len(t.toks))
	t.scan()
	return t
}

// scan finds every capitalised sequence and document mention in one pass.
func (t *Table) scan() {
	seen := t.lowerSeen()
	subjSent := int32(-1)
	for i := 0; i < len(t.toks); {
		if t.nameTok(i, seen) {
			j := t.chunkEnd(i, seen)
			if t.isHeadline(i) {
				j = t.headlineName(i, j)
			}
			t.chunkAt(i, j, &subjSent)
			i = j
			continue
		}
		if n, ok := t.l.nominals[t.toks[i].low]; ok && n.typ == rapporteur.Document {
			t.docAt(i, n)
		}
		i++
	}
	t.linkWeak()
	t.orgNamesakes()
	t.markSubjects()
}

// orgNamesakes folds into an organization the weak person of the same
// name: "code-sharing service GitHub … GitHub said", "software company
// Red Hat … Red Hat said". A person is also named by a part of the name
// ("Perttu Ahola … Ahola said", after "game developer Perttu Ahola"), so a
// name ever mentioned in part stays a person.
func (t *Table) orgNamesakes() {
	short := map[int]bool{}
	for _, m := range t.ments {
		if en := &t.ents[m.ent]; en.typ == rapporteur.Person && m.t1-m.t0 < len(en.words) {
			short[m.ent] = true
		}
	}
	for e := range t.ents {
		en := &t.ents[e]
		if en.typ != rapporteur.Person || !en.weak || short[e] {
			continue
		}
		o, ok := t.byName[lower(en.name)]
		if !ok || o == e || t.ents[o].typ != rapporteur.Organization {
			continue
		}
		for k := range t.ments {
			if t.ments[k].ent == e {
				t.ments[k].ent = o
			}
		}
		t.ents[o].mentions += en.mentions
		t.ents[o].last = max(t.ents[o].last, en.last)
		en.mentions = 0
	}
}

// lowerSeen returns the sentence-initial capitalised words that also occur
// in lower case in the article: those are ordinary words ("Critics",
// "Police"), not names.
func (t *Table) lowerSeen() map[string]bool {
	t.markHeadlines()
	var cand map[string]bool
	for i := range t.toks {
		tk := &t.toks[i]
		if tk.kind == kWord && (tk.sentStart || t.isHeadline(i)) && tk.cap && !tk.upper && !t.l.notNames[tk.low] {
			if cand == nil {
				cand = map[string]bool{}
			}
			cand[tk.low] = false
		}
	}
	if cand == nil {
		return nil
	}
	for i := range t.toks {
		tk := &t.toks[i]
		if tk.kind == kWord && !tk.cap {
			if _, ok := cand[tk.low]; ok {
				cand[tk.low] = true
			}
		}
	}
	return cand
}

// markHeadlines flags the words of lines in title case ("Obama Sees
// Progress On Climate Deal"): there a capital says nothing about a name.
func (t *Table) markHeadlines() {
	for a := 0; a < len(t.toks); {
		b := a + 1
		for b < len(t.toks) && !t.toks[b].lineStart {
			b++
		}
		// Title case capitalises every word but short function words;
		// a sentence full of names still has its lower-case verbs.
		words, title := 0, true
		for k := a; k < b && title; k++ {
			tk := &t.toks[k]
			if tk.kind != kWord || hasDigit(tk.low) {
				continue
			}
			words++
			if !tk.cap && len(tk.low) >= 3 && !t.l.is(tk.low, wTitleLower) {
				title = false
			}
		}
		// Short lines count when they end without a full stop, like
		// section headings ("Preliminary Election Results").
		last := t.toks[b-1].low
		open := last != "." && last != "!" && last != "?" && last != "\"" && last != "”"
		if title && (words >= 4 || words >= 2 && open) {
			if t.headline == nil {
				t.headline = make([]bool, len(t.toks))
			}
			for k := a; k < b; k++ {
				t.headline[k] = true
			}
		}
		a = b
	}
}

// headlineName cuts a capitalised run [i, j) of a title-case line to the
// name it starts with: a listed organization or place, a first name and
// a surname, or else one word ("Obama Sees Progress" gives "Obama").
func (t *Table) headlineName(i, j int) int {
	if p := t.knownPrefix(i, j+1); p > i {
		return min(p, j)
	}
	if _, first := t.l.firstName(t.toks[i].low); first && j-i >= 2 {
		return i + 2
	}
	return i + 1
}

// isHeadline reports whether token i is in a title-case line.
func (t *Table) isHeadline(i int) bool {
	return t.headline != nil && t.headline[i]
}

// nameTok reports whether token i can be part of a name.
func (t *Table) nameTok(i int, seen map[string]bool) bool {
	tk := &t.toks[i]
	if tk.kind != kWord || !tk.cap || t.l.notNames[tk.low] {
		return false
	}
	if tk.upper && t.turnLabel(i) {
		return false
	}
	// "I've", "We're": a pronoun, capitalised or not ("US" is a name).
	if _, pron := t.l.pronouns[tk.low]; pron && !tk.upper {
		return false
	}
	if (tk.sentStart || t.isHeadline(i)) && seen[tk.low] && !t.known(tk.low) {
		return false
	}
	if t.isHeadline(i) && t.l.verbs[tk.low] && !tk.sentStart {
		return false // "Lindsey Graham Says"
	}
	// "Officials said", "Police said": a common noun capitalised at the
	// start of a sentence, with no name after it.
	if _, nom := t.l.nominals[tk.low]; nom && tk.sentStart && !t.known(tk.low) {
		return i+1 < len(t.toks) && t.toks[i+1].cap && t.toks[i+1].kind == kWord && !t.l.notNames[t.toks[i+1].low]
	}
	return true
}

// turnLabel reports whether token i is the whole of an interview's turn
// label in double brackets ("((WN)) Why …?"): initials that stand for the
// interviewer, no entity of the article.
func (t *Table) turnLabel(i int) bool {
	return i >= 2 && i+2 < len(t.toks) && t.toks[i-1].low == "(" && t.toks[i-2].low == "(" && t.toks[i+1].low == ")" && t.toks[i+2].low == ")"
}

// known reports whether a word is in a lexicon that names things, so a
// sentence-initial capital is kept even when the word also occurs in
// lower case.
func (t *Table) known(low string) bool {
	l := t.l
	_, a := l.titles[low]
	_, b := l.roles[low]
	_, c := l.orgWords[low]
	_, d := l.places[low]
	_, e := l.orgs[low]
	_, f := l.firstName(low)
	return a || b || c || d || e || f
}

// maxChunk bounds a capitalised sequence: no name or title runs longer,
// and a text of capitals alone must not make one sequence of it all.
const maxChunk = 16

// chunkEnd extends a name from token i over capitalised words, name
// particles ("von der", "bin") and, inside organization names, connectors.
func (t *Table) chunkEnd(i int, seen map[string]bool) int {
	j := i + 1
	org := t.isOrgWord(i)
	for j < len(t.toks) && j-i < maxChunk {
		if t.toks[j].sent != t.toks[i].sent {
			break
		}
		if t.nameTok(j, seen) && !t.toks[j].sentStart {
			org = org || t.isOrgWord(j)
			j++
			continue
		}
		tk := &t.toks[j]
		if tk.kind != kWord || tk.cap {
			break
		}
		// Particles sit between two name words.
		if t.l.particles[tk.low] {
			// "van der", "de la": a run of particles, then a name word.
			k := j + 1
			for k < len(t.toks) && k-j < 3 && t.toks[k].kind == kWord && !t.toks[k].cap && t.l.particles[t.toks[k].low] {
				k++
			}
			if k < len(t.toks) && t.nameTok(k, seen) {
				j = k
				continue
			}
		}
		if !t.l.is(tk.low, wOrgJoin) || t.l.is(tk.low, wDet) {
			break
		}
		k := j + 1
		if k < len(t.toks) && t.l.is(t.toks[k].low, wDet) && !t.l.is(tk.low, wCoord) {
			k++
		}
		if k >= len(t.toks) || !t.nameTok(k, seen) {
			break
		}
		if t.l.is(tk.low, wCoord) {
			// "and" joins only inside an organization name already
			// under way ("Institute of Allergy and Infectious Diseases").
			if !org || !t.hasConnector(i, j) {
				break
			}
		} else if !org && !t.roleOf(j-1, j+2) {
			break
		}
		j = k
	}
	return j
}

// roleOf reports whether tokens [a, b) spell a role ("Secretary of State").
func (t *Table) roleOf(a, b int) bool {
	if b > len(t.toks) {
		return false
	}
	_, ok := t.l.roles[t.joinLow(a, b)]
	return ok
}

func (t *Table) hasConnector(i, j int) bool {
	for k := i; k < j; k++ {
		if t.l.is(t.toks[k].low, wOrgOf) {
			return true
		}
	}
	return false
}

func (t *Table) isOrgWord(i int) bool {
	_, ok := t.l.orgWords[t.toks[i].low]
	return ok
}

// joinLow returns the lower-cased words of tokens [a, b) joined by spaces.
func (t *Table) joinLow(a, b int) string {
	if b-a == 1 {
		return t.toks[a].low
	}
	var sb strings.Builder
	for k := a; k < b; k++ {
		if k > a {
			sb.WriteByte(' ')
		}
		sb.WriteString(t.toks[k].low)
	}
	return sb.String()
}

// textOf returns the article text of tokens [a, b).
func (t *Table) textOf(a, b int) string {
	if a >= b {
		return ""
	}
	s := t.text[t.toks[a].b0:t.toks[b-1].b1]
	if strings.ContainsAny(s, "[]") {
		// An editor's insertion ("[Prime Minister Narendra] Modi") is
		// read with the words around it (see tokens); its brackets are no
		// part of a name.
		s = strings.Join(strings.Fields(strings.NewReplacer("[", " ", "]", " ").Replace(s)), " ")
	}
	return s
}

// matchRole returns the end of the longest role starting at token k, or k.
func (t *Table) matchRole(k, end int) int {
	best := k
	maxN := t.l.maxRole
	if !t.l.multi[t.toks[k].low] {
		maxN = 1
	}
	for n := 1; n <= maxN && k+n <= end; n++ {
		if t.toks[k+n-1].kind != kWord {
			break
		}
		if _, ok := t.l.roles[t.joinLow(k, k+n)]; ok {
			best = k + n
		}
	}
	return best
}

// matchTitle returns the end of the longest title starting at token k and
// the title, or k.
func (t *Table) matchTitle(k, end int) (int, title) {
	best, bt := k, title{}
	maxN := t.l.maxTitle
	if !t.l.multi[t.toks[k].low] {
		maxN = 1
	}
	for n := 1; n <= maxN && k+n <= end; n++ {
		if t.toks[k+n-1].kind != kWord {
			break
		}
		key := t.joinLow(k, k+n)
		if ti, ok := t.l.titles[key]; ok {
			best, bt = k+n, ti
		}
	}
	return best, bt
}

// chunkAt classifies the capitalised sequence [i, j): titles and roles in
// front are split off ("German Chancellor Olaf Scholz"), and what remains
// becomes a person, organization or place mention.
func (t *Table) chunkAt(i, j int, subjSent *int32) {
	// A surname alone that is also a place or an organization word
	// ("Hamilton", "House") names the person the article named in full.
	if j-i == 1 && !t.toks[i].upper {
		if e := t.linkSingle(t.toks[i].low, i, 0); e >= 0 && !t.ents[e].weak && t.nameWord(e, t.toks[i].low) {
			t.personAt(i, i, j, title{}, subjSent)
			return
		}
	}
	// A known organization or place, as a whole.
	if t.knownName(i, j) {
		return
	}
	// Words in capitals ("JAPAN ECONOMY") are a headline or a label.
	if j-i > 1 && t.toks[i].upper && t.toks[j-1].upper {
		return
	}
	// "South Korean", "Black Canadians": a people, not a person.
	if _, dem := t.l.demonyms[strings.TrimSuffix(t.joinLow(i, j), "s")]; dem {
		return
	}
	// A known organization or place run into a name ("the UN Zhang Jun",
	// "RCMP Cpl. Jennifer Clarke", "Getty Images Kevin Vickers"). What
	// follows "of" is no name of its own: "Supreme Court of the United
	// Kingdom" is one court, not a person "of the United Kingdom".
	if p := t.knownPrefix(i, j); p > i && j-p > 1 && t.toks[p].cap && !t.anyOrgWord(p, j) && !t.isKnownOrg(p, j) {
		t.knownName(i, p)
		i = p
	} else if p := t.lastOrgWord(i, j); p > i && t.nameLike(p, j) {
		t.addMention(rapporteur.Organization, i, p, t.orgClass(i, p))
		i = p
	} else if p > i && j-p > 2 && t.nameLike(j-2, j) {
		// "House Intelligence Committee Represenative Adam Schiff" (a
		// misspelt title between): the name is the last two words.
		t.addMention(rapporteur.Organization, i, p, t.orgClass(i, p))
		i = j - 2
	}
	// The last role inside the sequence ends its front part.
	s := i
	var ti title
	for k := i; k < j; {
		if e := t.matchRole(k, j); e > k && e < j && !t.anyOrgWord(e, j) && (!t.l.roles[t.joinLow(k, e)].adj || t.nameAfterAdj(e, j)) {
			s, k = e, e
			continue
		}
		k++
	}
	// Titles right before the name ("Mr.", "Sen.", "Dr.").
	for s < j-1 {
		e, tt := t.matchTitle(s, j)
		if e == s || e >= j {
			break
		}
		if tt.gender != 0 {
			ti.gender = tt.gender
		}
		if tt.role != "" {
			ti.role = tt.role
		}
		s = e
	}
	// "Republican Donald Trump", "Latvian Dainis Ivans": an adjective
	// run into a name that starts with a first name.
	if s == i && j-s >= 3 && t.l.nameGender(t.toks[s+1].low) != 0 {
		_, dem := t.l.demonyms[t.toks[s].low]
		if dem || t.l.partyWords[t.toks[s].low] {
			ti.aff = t.affText(s, s+1)
			s++
		}
	}
	if s > i {
		// The words before the role may name the affiliation.
		pe := i
		for k := i; k < s; k++ {
			if e := t.matchRole(k, s); e > k {
				pe = k
				break
			}
			pe = k + 1
		}
		for pe > i && t.l.roleMods[t.toks[pe-1].low] {
			pe--
		}
		if pe > i {
			t.knownName(i, pe)
			t.orgAt(i, pe)
		}
	}
	if t.knownName(s, j) {
		return
	}
	// "artistic director Christopher House": a titled person whose
	// surname is an org word.
	titledPerson := j-s > 1 && t.l.nameGender(t.toks[s].low) != 0 && !t.anyOrgWord(s, j-1) &&
		(s > i || t.parseNP(t.frontOf(s), s, false).role != "")
	// An org word alone ("Energy", "Police") names no one in particular.
	if j-s == 1 && t.isOrgWord(s) {
		return
	}
	// "the Senate Minority Leader": a title without a name; only the
	// organization in front of it is one.
	if rs := t.roleEnding(s, j); rs > s && !t.l.is(t.toks[rs-1].low, wOrgJoin) && !t.nameLike(s, j) {
		for rs > s && t.l.roleMods[t.toks[rs-1].low] {
			rs--
		}
		if rs > s && !t.l.is(t.toks[rs-1].low, wOrgJoin) {
			if !t.knownName(s, rs) && t.anyOrgWord(s, rs) {
				t.addMention(rapporteur.Organization, s, rs, t.orgClass(s, rs))
			}
			return
		}
	}
	// "the Kenya Red Cross": a place before a known organization.
	if !titledPerson && (t.anyOrgWord(s, j) || s+1 < j && t.isKnownOrg(s+1, j)) {
		t.addMention(rapporteur.Organization, s, j, t.orgClass(s, j))
		return
	}
	// "media buying company GroupM": named right after an organization noun.
	if s == i && s > 0 && !t.toks[s-1].cap && t.toks[s-1].kind == kWord {
		if n, ok := t.l.nominals[t.toks[s-1].low]; ok && n.typ == rapporteur.Organization {
			t.addMention(rapporteur.Organization, s, j, n.class)
			return
		}
	}
	// "MPs", "Liberals": a plural, not a name.
	if j-s == 1 && strings.HasSuffix(t.toks[s].low, "s") {
		if _, r := t.l.roles[strings.TrimSuffix(t.toks[s].low, "s")]; r {
			return
		}
	}
	if j-s > 1 && t.l.placeWords[t.toks[j-1].low] {
		t.addNamed(rapporteur.Place, t.textOf(s, j), s, j, "", "")
		return
	}
	if j-s == 1 && t.toks[s].upper && !hasDigit(t.toks[s].low) {
		// "MILTON, Ont. —": a dateline, not an acronym.
		if t.toks[s].lineStart && j < len(t.toks) && t.toks[j].kind == kPunct {
			return
		}
		// "Export Development Canada (EDC)": the short form of the
		// organization just named.
		if s >= 2 && t.toks[s-1].low == "(" && j < len(t.toks) && t.toks[j].low == ")" {
			if m := t.mentionAt(s - 2); m >= 0 && t.ments[m].t1 == s-1 && (t.ents[t.ments[m].ent].typ == rapporteur.Organization || t.initials(t.ents[t.ments[m].ent].words) == t.toks[s].low) {
				e := t.ments[m].ent
				t.ents[e].typ, t.ents[e].weak = rapporteur.Organization, false
				t.ents[e].mentions++
				t.ents[e].last = s
				t.ments = append(t.ments, mention{t0: s, t1: j, ent: e})
				if t.byName == nil {
					t.byName = map[string]int{}
				}
				t.byName[t.toks[s].low] = e
				return
			}
		}
		if _, dem := t.l.demonyms[t.toks[s].low]; !dem {
			if _, r := t.l.roles[t.toks[s].low]; !r {
				t.addMention(rapporteur.Organization, s, j, "")
			}
		}
		return
	}
	if j-s == 1 {
		if _, dem := t.l.demonyms[t.toks[s].low]; dem {
			return
		}
		if _, r := t.l.roles[t.toks[s].low]; r && s == i {
			return
		}
		if _, ok := t.l.orgWords[t.toks[s].low]; ok {
			return
		}
	}
	// A role alone is no name, unless an honorific makes it a surname
	// ("Mr. King").
	if t.personWords(s, j) == 0 || t.onlyRole(s, j) && ti.gender == 0 {
		return
	}
	// "Chief Xbox officer Robbie Bach", "Nike founder Philip Knight": a
	// name before a lower-case role noun qualifies the role; it is a
	// person only when it names one the article named already.
	if j < len(t.toks) && t.toks[j].kind == kWord && !t.toks[j].cap && t.matchRole(j, min(len(t.toks), j+t.l.maxRole)) > j && !t.nameLike(s, j) {
		if j-s > 1 || t.linkSingle(t.toks[s].low, s, 0) < 0 {
			return
		}
	}
	// "Kelowna Rockets", "Ontario Power Generation": a place first, no
	// title or first name: an organization.
	if s == i && j-s > 1 && ti.gender == 0 && ti.role == "" {
		_, place := t.l.places[t.toks[s].low]
		_, first := t.l.firstName(t.toks[s].low) // "Victoria Smith"
		if place && !first {
			t.addMention(rapporteur.Organization, s, j, "")
			return
		}
	}
	t.personAt(i, s, j, ti, subjSent)
}

// onlyRole reports whether [s, j) is a role and nothing else ("Prime
// Minister", "Foreign Minister").
func (t *Table) onlyRole(s, j int) bool {
	for s < j-1 && t.l.roleMods[t.toks[s].low] {
		s++
	}
	return t.matchRole(s, j) == j
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}

// personWords counts the capitalised tokens of [s, j).
func (t *Table) personWords(s, j int) int {
	n := 0
	for k := s; k < j; k++ {
		if t.toks[k].cap {
			n++
		}
	}
	return n
}

func (t *Table) anyOrgWord(a, b int) bool {
	for k := a; k < b; k++ {
		if t.isOrgWord(k) {
			return true
		}
	}
	return false
}

func (t *Table) orgClass(a, b int) string {
	for k := b - 1; k >= a; k-- {
		if c, ok := t.l.orgWords[t.toks[k].low]; ok {
			return c
		}
	}
	return ""
}

// orgAt records [a, b) as an organization when it holds an org word.
func (t *Table) orgAt(a, b int) {
	if t.anyOrgWord(a, b) && t.chunkEntityAt(a) < 0 {
		t.addMention(rapporteur.Organization, a, b, t.orgClass(a, b))
	}
}

func (t *Table) chunkEntityAt(a int) int {
	if n := len(t.ments); n > 0 && t.ments[n-1].t0 == a {
		return t.ments[n-1].ent
	}
	return -1
}

// knownName records [a, b) when it is a listed organization or place, or
// its alias, and reports whether it was.
func (t *Table) knownName(a, b int) bool {
	if b-a > max(t.l.maxOrg, t.l.maxPlace) || b-a > 1 && !t.l.multi[t.toks[a].low] {
		return false
	}
	key := t.joinLow(a, b)
	if name, ok := t.l.orgs[key]; ok {
		t.addNamed(rapporteur.Organization, name, a, b, "", "")
		return true
	}
	if p, ok := t.l.places[key]; ok {
		t.addNamed(rapporteur.Place, p.name, a, b, "", p.kind)
		return true
	}
	return false
}

// isKnownOrg reports whether [a, b) is a listed organization.
func (t *Table) isKnownOrg(a, b int) bool {
	if b-a > t.l.maxOrg || b-a > 1 && !t.l.multi[t.toks[a].low] {
		return false
	}
	_, ok := t.l.orgs[t.joinLow(a, b)]
	return ok
}

// nameWord reports whether w, which is also a place or an org word,
// names person e here: as its surname, or as its first name when w is a
// common first name ("Jordan" for Jordan Stewart).
func (t *Table) nameWord(e int, w string) bool {
	switch t.matchWord(&t.ents[e], w) {
	case 2:
		return true
	case 1:
		_, ok := t.l.firstName(w)
		return ok && t.ents[e].words[0] == w
	}
	return false
}

// initials returns the first letters of a name's words, connectors left
// out ("bank of canada" gives "bc").
func (t *Table) initials(words []string) string {
	var b strings.Builder
	for _, w := range words {
		if len(w) > 0 && !t.l.is(w, wOrgJoin) {
			b.WriteByte(w[0])
		}
	}
	return b.String()
}

// nameAfterAdj reports whether [a, b), after a role word that is also an
// adjective ("General", "Chief"), is a name: a first name or a title, a
// surname named before, or words the article never writes in lower case
// ("Chief Na'moks"; not "General Election").
func (t *Table) nameAfterAdj(a, b int) bool {
	if t.nameLike(a, b) || b-a == 1 && t.linkSingle(t.toks[a].low, a, 0) >= 0 {
		return true
	}
	for k := a; k < b; k++ {
		low := t.toks[k].low
		_, nom := t.l.nominals[low]
		if nom || t.writtenLower(low) || t.writtenLower(strings.TrimSuffix(low, "s")) || t.isOrgWord(k) {
			return false
		}
	}
	return true
}

// writtenLower reports whether the article writes word low in lower case
// somewhere.
func (t *Table) writtenLower(low string) bool {
	if t.lowerWords == nil {
		t.lowerWords = map[string]bool{}
		for k := range t.toks {
			if tk := &t.toks[k]; tk.kind == kWord && !tk.cap {
				t.lowerWords[tk.low] = true
			}
		}
	}
	return t.lowerWords[low]
}

// nameLike reports whether [a, b) looks like a person's name on its own:
// a title first, or a known first name and a surname.
func (t *Table) nameLike(a, b int) bool {
	if a >= b {
		return false
	}
	if t.isTitle(a) {
		return b-a > 1
	}
	_, first := t.l.firstName(t.toks[a].low)
	return b-a > 1 && (first || t.matchRole(a, b) > a)
}

// lastOrgWord returns the token after the last org word of [a, b), or a.
func (t *Table) lastOrgWord(a, b int) int {
	for k := b - 1; k >= a; k-- {
		if t.isOrgWord(k) {
			return k + 1
		}
	}
	return a
}

// knownPrefix returns the end of the longest listed organization or place
// that starts [a, b) and leaves at least one word after it, or a.
func (t *Table) knownPrefix(a, b int) int {
	best := a
	maxN := max(t.l.maxOrg, t.l.maxPlace)
	if !t.l.multi[t.toks[a].low] {
		maxN = 1
	}
	for e := a + 1; e < b && e-a <= maxN; e++ {
		key := t.joinLow(a, e)
		_, o := t.l.orgs[key]
		_, p := t.l.places[key]
		if o || p {
			best = e
		}
	}
	return best
}

// addMention records [a, b) as a mention of the entity named by its text.
func (t *Table) addMention(typ string, a, b int, class string) int {
	return t.addNamed(typ, t.textOf(a, b), a, b, class, "")
}

func (t *Table) addNamed(typ, name string, a, b int, class, kind string) int {
	key := lower(name)
	if t.byName == nil {
		t.byName = map[string]int{}
	}
	if e, ok := t.byName[key]; ok && t.ents[e].typ == typ {
		t.ents[e].mentions++
		t.ents[e].last = a
		t.ments = append(t.ments, mention{t0: a, t1: b, ent: e})
		return e
	}
	t.ents = append(t.ents, entity{typ: typ, name: name, words: strings.Fields(key), class: class, kind: kind, mentions: 1, first: t.toks[a].r0, last: a})
	t.ments = append(t.ments, mention{t0: a, t1: b, ent: len(t.ents) - 1})
	t.byName[key] = len(t.ents) - 1
	return len(t.ents) - 1
}

// markSubjects flags the first organization or place named in each
// sentence: "it" and "they" prefer it, as "he" and "she" prefer the first
// person.
func (t *Table) markSubjects() {
	last := int32(-1)
	for k := range t.ments {
		m := &t.ments[k]
		typ := t.ents[m.ent].typ
		if typ != rapporteur.Organization && typ != rapporteur.Place {
			continue
		}
		if s := t.toks[m.t0].sent; s != last {
			m.subj = true
			last = s
		}
	}
}

// personAt records the name [s, j) (with front part [i, s)) as a person
// mention: a full name becomes an entity, a single word links to the
// person whose surname or first name it is.
func (t *Table) personAt(i, s, j int, ti title, subjSent *int32) {
	words := make([]string, 0, j-s)
	for k := s; k < j; k++ {
		words = append(words, t.toks[k].low)
	}
	first := t.toks[s].low
	// A known first name makes a person only with a surname after it:
	// alone, "Newton" or "Langley" are as likely places.
	_, firstName := t.l.firstName(first)
	strong := s > i || ti.gender != 0 || ti.role != "" || firstName && j-s > 1
	e := -1
	if len(words) == 1 {
		e = t.linkSingle(words[0], s, ti.gender)
	}
	if e < 0 {
		e = t.samePerson(words)
	}
	if e < 0 {
		t.ents = append(t.ents, entity{typ: rapporteur.Person, name: t.textOf(s, j), words: words, weak: !strong, first: t.toks[s].r0})
		e = len(t.ents) - 1
		if t.byFull == nil {
			t.byFull = map[string]int{}
		}
		t.byFull[strings.Join(words, " ")] = e
		if len(words) > 1 {
			if t.byWord == nil {
				t.byWord = map[string][]int{}
			}
			for _, w := range words {
				t.byWord[w] = append(t.byWord[w], e)
			}
		}
		if len(words) > 1 {
			t.ents[e].gender = t.l.nameGender(first)
		}
	} else if strong && len(words) > 1 {
		t.ents[e].weak = false
	}
	en := &t.ents[e]
	en.mentions++
	en.last = s
	if ti.gender != 0 && en.gender == 0 {
		en.gender = ti.gender
	}
	m := mention{t0: s, t1: j, ent: e, titled: ti.gender != 0 || ti.role != ""}
	if t.toks[s].sent != *subjSent && !t.toks[s].quoted {
		// A name inside a quotation is what the speaker talks about.
		m.subj = t.subjectLike(i)
		*subjSent = t.toks[s].sent
	}
	t.ments = append(t.ments, m)
	for k := s; k < j; k++ {
		t.inName[k] = true
	}
	// Role and affiliation from the words in front, and from an
	// appositive after the name.
	fe := t.bracketBefore(s)
	ff := t.frontOf(fe)
	p := t.coordFront(ff, t.parseNP(ff, fe, false))
	if p.role == "" && p.aff == "" {
		p = t.reverseAppos(s)
	}
	p = merge(p, t.appositive(j))
	if p.role != "" {
		en.weak = false
	}
	if p.aff == "" {
		// "Jane Smith of the RCMP", "John Doe from Acme Inc.".
		p.aff = t.postAff(j)
	}
	if p.role == "" && ti.role != "" {
		p.role = ti.role
	}
	if p.aff == "" && ti.aff != "" {
		p.aff = ti.aff
	}
	t.setRole(e, p)
}

// bracketBefore returns where a bracket right before the name at token s
// opens ("Labour MP (Member of Parliament) Tom Watson"), or s: the title
// phrase ends before it.
func (t *Table) bracketBefore(s int) int {
	if s < 3 || t.toks[s-1].low != ")" {
		return s
	}
	for k := s - 2; k > 0 && k >= s-8; k-- {
		switch t.toks[k].low {
		case "(":
			return k
		case ")":
			return s
		}
	}
	return s
}

// samePerson returns the person whose name is words, or ends or starts
// with them ("Martin Luther King Jr." for "Martin Luther King"), or -1.
func (t *Table) samePerson(words []string) int {
	if e, ok := t.byFull[strings.Join(words, " ")]; ok {
		return e
	}
	if len(words) < 2 {
		return -1
	}
	// "Robert Gabriel Mugabe" after "Robert Mugabe": a middle name added.
	if len(words) > 2 {
		if e, ok := t.byFull[words[0]+" "+words[len(words)-1]]; ok {
			return e
		}
	}
	// A longer name holds the first or the last word of this one.
	for _, w := range [2]string{words[len(words)-1], words[0]} {
		cands := t.byWord[w]
		for i := len(cands) - 1; i >= 0 && i >= len(cands)-lookBack; i-- {
			en := &t.ents[cands[i]]
			if len(en.words) < len(words) {
				continue
			}
			n := len(en.words) - len(words)
			if equalWords(en.words[n:], words) || equalWords(en.words[:len(words)], words) || shortFirst(en.words, words) {
				return cands[i]
			}
		}
	}
	return -1
}

// shortFirst reports whether two names differ only in a short form of the
// first name ("Phil Knight", "Philip Knight").
func shortFirst(a, b []string) bool {
	if len(a) != len(b) || len(a) < 2 || !equalWords(a[1:], b[1:]) {
		return false
	}
	x, y := a[0], b[0]
	if len(x) > len(y) {
		x, y = y, x
	}
	return len(x) >= 3 && strings.HasPrefix(y, x)
}

func equalWords(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// postAff reads an organization named right after a person's name ending
// at token j: "of the Royal Canadian Mounted Police", "with Amnesty".
func (t *Table) postAff(j int) string {
	if j+1 >= len(t.toks) || t.toks[j].kind != kWord {
		return ""
	}
	if !t.l.is(t.toks[j].low, wPostAff) {
		return ""
	}
	o := j + 1
	if t.l.is(t.toks[o].low, wDet) {
		o++
	}
	if o >= len(t.toks) || !t.toks[o].cap {
		return ""
	}
	// The organization mention is recorded after this person's, so read
	// the capitalised run here and require an org word or a known name.
	e := o
	for e < len(t.toks) && t.toks[e].sent == t.toks[o].sent && (t.toks[e].cap || t.toks[e].kind == kWord && t.l.is(t.toks[e].low, wOrgJoin) && e+1 < len(t.toks) && t.toks[e+1].cap) {
		e++
	}
	key := t.joinLow(o, e)
	if name, ok := t.l.orgs[key]; ok {
		return name
	}
	if t.anyOrgWord(o, e) {
		return t.textOf(o, e)
	}
	return ""
}

// subjectLike reports whether the first person named in a sentence, whose
// phrase starts at token i, is likely its subject: no pronoun before it in
// the sentence ("He said the co-op, run by Martin Legere, …"), and not an
// appositive to a common noun ("his father's friend, Martin Legere").
func (t *Table) subjectLike(i int) bool {
	f := t.frontOf(i)
	sent := t.toks[i].sent
	for k := f - 1; k >= 0 && k >= f-maxWalk && t.toks[k].sent == sent; k-- {
		if p, ok := t.l.pronouns[t.toks[k].low]; ok && !p.thing && !t.toks[k].cap || ok && t.toks[k].sentStart {
			return false
		}
	}
	if f >= 2 && t.toks[f-1].low == "," && t.toks[f-2].kind == kWord && !t.toks[f-2].cap {
		if p := t.reverseAppos(f); p.role == "" {
			return false
		}
	}
	return true
}

// setRole gives entity e the role and affiliation p unless it already
// has a fuller one: the first complete description wins.
func (t *Table) setRole(e int, p np) {
	en := &t.ents[e]
	if p.class != "" && !slices.Contains(en.classes, p.class) {
		en.classes = append(en.classes, p.class)
	}
	if p.gender != 0 && en.gender == 0 {
		en.gender = p.gender
	}
	if p.role == "" && p.aff == "" {
		return
	}
	have := btoi(en.role != "") + btoi(en.aff != "")
	got := btoi(p.role != "") + btoi(p.aff != "")
	if got > have || got == have && en.byTitle && !p.byTitle {
		en.role, en.aff, en.class, en.byTitle, en.more = p.role, p.aff, p.class, p.byTitle, p.more
	} else if strings.EqualFold(en.role, p.role) && strings.EqualFold(en.aff, p.aff) {
		en.more = np{role: en.role, aff: en.aff, more: en.more}.withMore(np{more: p.more}).more
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// linkSingle finds the person whose surname or first name is w, of gender
// g when g is set, named before token s. When two such persons share the
// surname, the one the article introduced first wins: news style names the
// second of a family by first name ("Joe Biden … his son Hunter Biden …
// Biden said" is Joe Biden), so the latest full name is the wrong guess.
func (t *Table) linkSingle(w string, s int, g byte) int {
	best, bestBy, bestFirst := -1, 0, 0
	cands := t.byWord[w]
	for i := len(cands) - 1; i >= 0 && i >= len(cands)-lookBack; i-- {
		e := cands[i]
		en := &t.ents[e]
		if en.typ != rapporteur.Person || len(en.words) < 2 || en.last >= s {
			continue
		}
		if g != 0 && en.gender != 0 && en.gender != g {
			continue // "Mrs. Clinton" is not Bill Clinton
		}
		by := t.matchWord(en, w)
		if by == 0 || en.weak && by < 2 {
			// A capitalised sequence not known to be a person lends
			// only its last word ("Samsung" is not "Samsung
			// Electronics" the person).
			continue
		}
		if by > bestBy || by == bestBy && en.first < bestFirst {
			best, bestBy, bestFirst = e, by, en.first
		}
	}
	return best
}

// matchWord tells how w names en: 2 as its surname, 1 as another of its
// words (a first name, or a family name written first), 0 not at all.
func (t *Table) matchWord(en *entity, w string) int {
	last := len(en.words) - 1
	for last > 0 && t.isSuffix(en.words[last]) {
		last--
	}
	if en.words[last] == w {
		return 2
	}
	for _, x := range en.words[:last] {
		if x == w {
			return 1
		}
	}
	return 0
}

func (t *Table) isSuffix(w string) bool {
	return t.l.suffixes[w]
}

// linkWeak merges single-word persons named before their full name
// ("Callamard … Agnes Callamard") and confirms weak persons whose surname
// is used alone.
func (t *Table) linkWeak() {
	for k := range t.ments {
		m := &t.ments[k]
		en := &t.ents[m.ent]
		if en.typ != rapporteur.Person || len(en.words) != 1 {
			continue
		}
		best := -1
		for _, e := range t.byWord[en.words[0]] {
			if e != m.ent && t.ents[e].typ == rapporteur.Person {
				best = e
				break
			}
		}
		if best < 0 {
			continue
		}
		o := &t.ents[best]
		o.mentions++
		if !en.weak || m.titled {
			o.weak = false
		}
		en.mentions--
		if en.gender != 0 && o.gender == 0 {
			o.gender = en.gender
		}
		if o.role == "" && en.role != "" {
			o.role, o.aff, o.class = en.role, en.aff, en.class
		}
		m.ent = best
	}
	// A weak full name whose surname was used alone with an honorific
	// ("Mr. Zhang") is a person; "the Bundestag" alone proves nothing.
	for k := range t.ments {
		m := &t.ments[k]
		if m.titled && m.t1-m.t0 == 1 && t.ents[m.ent].typ == rapporteur.Person && len(t.ents[m.ent].words) > 1 {
			t.ents[m.ent].weak = false
		}
	}
}

// docAt records a named document ("the UN report", "a report by Amnesty
// International") at head noun token h.
func (t *Table) docAt(h int, n nominal) {
	a := h
	for a > 0 && (t.toks[a-1].cap && t.toks[a-1].kind == kWord || t.toks[a-1].kind == kPoss) && !t.l.notNames[t.toks[a-1].low] {
		a--
	}
	for a < h && t.toks[a].kind == kPoss {
		a++
	}
	if a < h && !t.namedPremod(a, h) {
		a = h
	}
	// "the UN report", "Amnesty's report"; not "the Post reports that",
	// where the noun is a verb.
	if a < h && t.toks[h-1].kind != kPoss && (a == 0 || !t.l.is(t.toks[a-1].low, wDet)) {
		a = h
	}
	if h+1 < len(t.toks) && t.l.is(t.toks[h+1].low, wCompl) {
		return // "… Post reports that": a verb
	}
	b := h + 1
	if a == h {
		// "a report by X", "a study from X".
		if b+1 < len(t.toks) && t.l.is(t.toks[b].low, wAuthor) {
			c := b + 1
			if t.l.is(t.toks[c].low, wDet) && c+1 < len(t.toks) {
				c++
			}
			if !t.toks[c].cap || t.toks[c].kind != kWord {
				return
			}
			for c < len(t.toks) && t.toks[c].cap && t.toks[c].kind == kWord {
				c++
			}
			b = c
		} else {
			return
		}
	}
	e := t.addNamed(rapporteur.Document, t.textOf(a, b), a, b, n.class, n.class)
	if t.ents[e].aff == "" {
		if a < h {
			t.ents[e].aff = t.stripPoss(a, h)
		} else {
			c := h + 2
			if t.l.is(t.toks[c].low, wDet) {
				c++
			}
			t.ents[e].aff = t.textOf(c, b)
		}
	}
}

// stripPoss returns the text of [a, b) without a final possessive.
func (t *Table) stripPoss(a, b int) string {
	for b > a && t.toks[b-1].kind == kPoss {
		b--
	}
	return t.textOf(a, b)
}

// Entities lists the named people, organizations and places of the
// article with their mention counts, most mentioned first.
func (t *Table) Entities() []rapporteur.Entity {
	idx := make([]int, 0, len(t.ents))
	for e := range t.ents {
		en := &t.ents[e]
		if en.mentions <= 0 || en.weak {
			continue
		}
		switch en.typ {
		case rapporteur.Person, rapporteur.Organization, rapporteur.Place:
			idx = append(idx, e)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool {
		x, y := &t.ents[idx[a]], &t.ents[idx[b]]
		if x.mentions != y.mentions {
			return x.mentions > y.mentions
		}
		return x.first < y.first
	})
	out := make([]rapporteur.Entity, len(idx))
	for k, e := range idx {
		out[k] = rapporteur.Entity{Name: t.ents[e].name, Type: t.ents[e].typ, Mentions: t.ents[e].mentions}
	}
	return out
}
