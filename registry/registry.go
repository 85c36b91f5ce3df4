// Package registry decides which canonical speaker a statement's speaker
// is: one speaker per real-world person or body across the store. It turns
// the names the extractor gives ("Afterwards Trump", "Erdoğan", "police")
// into registry keys, using the article's own full names first and the
// registry's known speakers second, so that "Erdogan" in one article and
// "Recep Tayyip Erdoğan" in another are one speaker while "Hunter Biden"
// and "Joe Biden" stay two.
//
// The package is pure: the registry itself is reached through the Lookup
// interface, which the store implements over its tables (and tests over a
// map), so the same rules run at ingest and when a store re-keys its
// speakers.
package registry

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/canon"
	"github.com/rapporteur/rapporteur/lexicon"
)

// Version is the version of the rules by which Key and Resolve name the
// speaker of a statement. A store records the version its speakers were
// keyed with and re-keys them, when opened, if it is older: raise it with
// every change of whose speaker a statement is. 2: the type vote after
// the article's statements, partitives and employers that are no
// speakers, lone surnames chosen again among namesakes past a pronoun or a
// title; 3: a rank after a name ("John Major"), particles joined to names
// ("el-Sisi"), first names the list lacks; 4: capitals that modify a noun
// ("former Trump adviser", "Trump supporters") name no person; 5: an
// industry word ends a company's name ("Halvorsen Mining", "Nippon Steel":
// org-words.txt; "Geological Survey"; a hyphenated last word: "Las Vegas
// Review-Journal"), a people's adjective alone is no name ("German
// government source"), a relative is listed as "Jon Huber's wife", a
// programmer's job in front is no part of the name ("Co-developer Jing
// Wang"); 6: "US", "U.S." and "United States" before a body's name read
// alike ("U.S. Supreme Court", "United States Supreme Court"), a body's
// bare name ("Supreme Court", "Coast Guard") is the longer name its article
// gives it ("Supreme Court of Puerto Rico", "United States Coast Guard") or,
// in an article about the United States, the registry's "United States …"
// of that name, a chess title is no part of a name ("IM Dorsa
// Derakhshani"), a place is no person ("mayor of London", "New
// York") and a place or a people's adjective is no first name, and a
// surname that is a common word too ("Bush", "Obama") is a name when a
// person bears it.
const Version = 6

// Candidate is a speaker known to the registry.
type Candidate struct {
	ID    int64
	Key   string
	Name  string
	Type  string
	Count int // statements, copies folded
}

// Lookup reads the registry. Implementations return no error for a
// missing speaker, only a zero result.
type Lookup interface {
	// ByKey returns the speaker that has the name key as its key or an
	// alias, ok false when none has.
	ByKey(key string) (c Candidate, ok bool, err error)
	// BySurname returns up to a few persons whose full name (two words or
	// more) ends in the surname key, most statements first.
	BySurname(surname string) ([]Candidate, error)
}

// UserLookup is a Lookup that also knows the names users placed by hand
// (a merge, a split, a rename): such a name goes to its speaker whatever
// the article's context or the surname rules would choose, so that a
// user's correction holds when the article is read again.
type UserLookup interface {
	Lookup
	// UserKey returns the speaker a user gave one of the name keys to.
	UserKey(keys ...string) (c Candidate, ok bool, err error)
}

// Resolved is the registry decision for one statement.
type Resolved struct {
	// Skip is true when the statement gets no canonical speaker: a
	// document, group or unknown speaker, or a name that is no name
	// ("Nearly", "I've").
	Skip bool
	// Key is the registry key; Name the display name a new speaker gets;
	// Type person or organization.
	Key, Name, Type string
	// Alias is the key of the name as written, when it differs from Key and
	// should find this speaker again ("afterwards trump", "erdogan").
	Alias string
	// Surname is the surname key of a person with a full name, "" else.
	Surname string
}

// Dominance is how many times more statements the most quoted person with a
// surname must have than the next one for a lone surname ("Trump") to
// join it when its article names none of them in full.
const Dominance = 5

// Resolve decides the speakers of one article's statements. articleID
// scopes the generic bodies ("police", "the government") that the article
// does not qualify: they stay per article, never pooled across the world.
func Resolve(statements []rapporteur.Statement, entities []rapporteur.Entity, articleID int64, look Lookup) ([]Resolved, error) {
	out := make([]Resolved, len(statements))
	// The article's full person names by surname key: who "Biden" can be.
	full := map[string][]string{} // surname → distinct full keys, first seen first
	names := map[string]string{}  // full key → display name
	addFull := func(name string) {
		n, ok := cleanName(name, rapporteur.Person)
		if !ok {
			return
		}
		k := keyOf(n, rapporteur.Person)
		s := surname(k)
		if s == "" || s == k {
			return
		}
		if _, seen := names[k]; seen {
			return
		}
		names[k] = n
		full[s] = append(full[s], k)
	}
	for _, st := range statements {
		if st.Speaker.Type == rapporteur.Person && fixType(st.Speaker.Name, st.Speaker.Type) == rapporteur.Person {
			addFull(st.Speaker.Name)
		}
	}
	for _, e := range entities {
		if e.Type == rapporteur.Person {
			addFull(e.Name)
		}
	}
	// onlySurname[k] is true while every proper-name mention of the full
	// name k in this article is its surname alone: then the extractor
	// chose among namesakes ("Biden" → Hunter Biden) and the registry
	// may choose again.
	onlySurname := map[string]bool{}
	for _, st := range statements {
		n, ok := cleanName(st.Speaker.Name, st.Speaker.Type)
		if !ok || st.Speaker.Type != rapporteur.Person {
			continue
		}
		k := keyOf(n, rapporteur.Person)
		s := surname(k)
		if s == "" || s == k {
			continue
		}
		if _, seen := onlySurname[k]; !seen {
			onlySurname[k] = true
		}
		// A proper name other than the surname ("Hunter Biden") settles
		// it; a pronoun or a title with the surname ("He", "President
		// Biden") does not, capitalised or not.
		if m := st.Speaker.Mention; m != nil && startsUpper(m.Text) {
			if mn, ok := cleanName(m.Text, rapporteur.Person); ok && canon.Name(mn) != s {
				onlySurname[k] = false
			}
		}
	}
	// The article's longer names of bodies: what "Supreme Court" or
	// "Coast Guard" is in it.
	bodies := map[string]string{} // key → display name
	addBody := func(name, typ string) {
		if fixType(name, typ) != rapporteur.Organization {
			return
		}
		if n, ok := cleanName(name, rapporteur.Organization); ok {
			if k := keyOf(n, rapporteur.Organization); strings.Contains(k, " ") {
				if _, seen := bodies[k]; !seen {
					bodies[k] = n
				}
			}
		}
	}
	for _, st := range statements {
		addBody(st.Speaker.Name, st.Speaker.Type)
	}
	for _, e := range entities {
		if e.Type == rapporteur.Organization {
			addBody(e.Name, e.Type)
		}
	}
	// An article that names the United States and calls a body of its
	// own by it ("U.S. House") means the United States' by a bare
	// "State Department" too, though it names Ukraine more often.
	american := aboutUS(entities) || namesUS(entities) && usBody(bodies)
	counts := map[string]int{} // registry counts of full keys, read once
	count := func(k string) (int, error) {
		if n, ok := counts[k]; ok {
			return n, nil
		}
		c, ok, err := look.ByKey(k)
		if err != nil {
			return 0, err
		}
		if ok {
			counts[k] = c.Count
		} else {
			counts[k] = 0
		}
		return counts[k], nil
	}
	// pick chooses among the article's namesakes the one the registry
	// quotes most; ties keep the first.
	pick := func(keys []string) (string, error) {
		best, bestN := keys[0], -1
		for _, k := range keys {
			n, err := count(k)
			if err != nil {
				return "", err
			}
			if n > bestN {
				best, bestN = k, n
			}
		}
		return best, nil
	}
	for i, st := range statements {
		r := &out[i]
		typ := fixType(st.Speaker.Name, st.Speaker.Type)
		if typ != rapporteur.Person && typ != rapporteur.Organization {
			r.Skip = true
			continue
		}
		raw := canon.Name(st.Speaker.Name)
		n, ok := cleanName(st.Speaker.Name, typ)
		if !ok && typ == rapporteur.Person {
			// "Bush", "Obama", "May": a surname that is a common word
			// too is a name when a person of the article or the
			// registry bears it.
			w, found, err := commonSurname(st.Speaker.Name, full, look)
			if err != nil {
				return nil, err
			}
			n, ok = w, found
		}
		if !ok {
			if generic(st.Speaker.Name) && !partOf(st.Speaker.Name) {
				// A description ("police", "the government", "his wife"):
				// the affiliation qualifies it, else it stays in its article.
				r.Type = typ
				r.Name = strings.TrimSpace(st.Speaker.Name)
				g := canon.Name(stripArticle(st.Speaker.Name))
				aff := canon.Name(st.Speaker.Affiliation)
				if strings.Contains(" "+g+" ", " "+aff+" ") {
					// "a hospital official" of "hospital": the
					// affiliation is the description's own word, which
					// names no body of its own.
					aff = ""
				}
				if aff != "" {
					r.Key = aff + " " + g
					r.Name = strings.TrimSpace(st.Speaker.Affiliation) + " " + stripArticle(st.Speaker.Name)
					if fs := strings.Fields(g); len(fs) > 0 && words.kin[fs[len(fs)-1]] {
						// "his wife" of Jon Huber: Jon Huber's wife, not
						// a "Jon Huber wife" (the key stays).
						r.Name = possessive(strings.TrimSpace(st.Speaker.Affiliation)) + " " + stripArticle(st.Speaker.Name)
					}
				} else {
					r.Key = g + " @" + strconv.FormatInt(articleID, 10)
				}
				if g == "" {
					r.Skip = true
				}
				continue
			}
			r.Skip = true
			continue
		}
		k := keyOf(n, typ)
		r.Type, r.Name, r.Key = typ, n, k
		if u, ok := look.(UserLookup); ok {
			c, ok, err := u.UserKey(raw, k)
			if err != nil {
				return nil, err
			}
			if ok {
				r.Type, r.Name, r.Key = c.Type, c.Name, c.Key
				if raw != c.Key && raw != "" {
					r.Alias = raw
				}
				continue
			}
		}
		if typ == rapporteur.Organization {
			if q, name, ok := qualified(k, bodies); ok {
				// The article's own longer name of the body; the bare
				// name becomes no alias: another article's "Coast
				// Guard" may be another country's.
				r.Key, r.Name = q, name
				continue
			}
			if american && strings.Contains(k, " ") && !strings.HasPrefix(k, "united states") {
				c, ok, err := look.ByKey("united states " + k)
				if err != nil {
					return nil, err
				}
				if ok && c.Type == rapporteur.Organization {
					r.Key, r.Name = c.Key, c.Name
					continue
				}
			}
		}
		if typ == rapporteur.Person {
			s := surname(k)
			switch {
			case s == k:
				// A lone surname: the article's full name, else the
				// registry's only (or dominant) person of that surname.
				if ks := full[s]; len(ks) == 1 {
					r.Key, r.Name = ks[0], names[ks[0]]
				} else if len(ks) > 1 {
					best, err := pick(ks)
					if err != nil {
						return nil, err
					}
					r.Key, r.Name = best, names[best]
				} else {
					c, ok, err := bySurname(look, s)
					if err != nil {
						return nil, err
					}
					if ok {
						r.Key, r.Name = c.Key, c.Name
					} else if words.orgFirst[n] {
						// No person of that name anywhere, but an
						// organisation named after it ("Ford" for Ford
						// Motor Company): the company speaks.
						r.Type = rapporteur.Organization
					}
				}
			case onlySurname[k] && len(full[s]) > 1:
				best, err := pick(full[s])
				if err != nil {
					return nil, err
				}
				r.Key, r.Name = best, names[best]
			}
			if r.Key != "" {
				if ss := surname(r.Key); ss != r.Key {
					r.Surname = ss
				}
			}
		}
		if raw != r.Key && raw != "" && raw != surname(r.Key) {
			r.Alias = raw
		}
	}
	return out, nil
}

// commonSurname reads a person's name that cleanName refuses as a common
// word ("Bush", in 2 % of news articles) as the surname it is when the
// article names a person of that surname in full or the registry gives a
// lone one to someone: a sentence's "Most" names no one of either.
func commonSurname(name string, full map[string][]string, look Lookup) (string, bool, error) {
	fs := personRun(strings.Fields(stripArticle(name)))
	if len(fs) != 1 {
		return "", false, nil
	}
	l := strings.ToLower(fs[0])
	if !words.common[l] || words.notNames[l] || words.lead[l] || words.demonyms[l] || words.places[canon.Name(l)] != "" || strings.ContainsAny(l, "'’") {
		return "", false, nil
	}
	s := canon.Name(fs[0])
	if len(full[s]) > 0 {
		return fs[0], true, nil
	}
	_, ok, err := bySurname(look, s)
	return fs[0], ok, err
}

// qualified returns the one longer name of a body that the article gives
// the bare name k: "united states coast guard" or "supreme court of puerto
// rico" for "coast guard" or "supreme court". ok is false when the article
// gives none, or several.
func qualified(k string, bodies map[string]string) (key, name string, ok bool) {
	if !strings.Contains(k, " ") {
		return "", "", false
	}
	found := false
	for b, n := range bodies {
		q, ok := strings.CutSuffix(b, " "+k)
		// "Philippine Coast Guard", "Supreme Court of Puerto Rico"; not
		// "Control Centre of the Coast Guard", a part of it.
		if ok && (words.places[q] != "" || words.demonyms[q]) || strings.HasPrefix(b, k+" of ") {
			if found && b != key {
				return "", "", false
			}
			key, name, found = b, n, true
		}
	}
	return key, name, found
}

// aboutUS reports whether an article is about the United States: it
// names the country, and the country and its states at least as often as
// any other country. Its bare "Coast Guard" is then the United States'.
// An article that names states and not the country is about them: its
// "Supreme Court" is a state's.
func aboutUS(entities []rapporteur.Entity) bool {
	us, states, other := 0, 0, map[string]int{}
	for _, e := range entities {
		if e.Type != "place" {
			continue
		}
		n := max(e.Mentions, 1)
		switch p := words.places[canon.Name(e.Name)]; {
		case p == "united states":
			us += n
		case p == "state":
			states += n
		case p != "" && p != "place":
			other[p] += n
		}
	}
	if us == 0 {
		// A state has its own "Supreme Court": an article that names
		// states and not the country is about them.
		return false
	}
	for _, n := range other {
		if n > us+states {
			return false
		}
	}
	return true
}

// namesUS reports whether an article names the United States.
func namesUS(entities []rapporteur.Entity) bool {
	for _, e := range entities {
		if e.Type == "place" && words.places[canon.Name(e.Name)] == "united states" {
			return true
		}
	}
	return false
}

// usBody reports whether an article's bodies hold one named by the
// United States ("U.S. House", "US State Department").
func usBody(bodies map[string]string) bool {
	for k := range bodies {
		if strings.HasPrefix(k, "united states ") {
			return true
		}
	}
	return false
}

// bySurname returns the registry's person for a lone surname: the only
// one, or one quoted Dominance times more than the next.
func bySurname(look Lookup, s string) (Candidate, bool, error) {
	cs, err := look.BySurname(s)
	if err != nil || len(cs) == 0 {
		return Candidate{}, false, err
	}
	if len(cs) == 1 || cs[0].Count >= Dominance*max(cs[1].Count, 1) {
		return cs[0], true, nil
	}
	return Candidate{}, false, nil
}

// Surname returns the surname key of a name key: its last word, name
// suffixes ("jr", "iii") left out. For a one-word key it is the key.
func Surname(key string) string { return surname(key) }

func surname(key string) string {
	ws := strings.Fields(key)
	for len(ws) > 1 && suffixes[ws[len(ws)-1]] {
		ws = ws[:len(ws)-1]
	}
	if len(ws) == 0 {
		return ""
	}
	return ws[len(ws)-1]
}

// Key returns the registry key of a speaker name: the name cleaned of
// editorial words and titles, then canon.Name. ok is false for a name that
// is no name (a description or a stray word).
func Key(name, typ string) (string, bool) {
	typ = fixType(name, typ)
	n, ok := cleanName(name, typ)
	if !ok {
		return "", false
	}
	return keyOf(n, typ), true
}

// keyOf is the key of a cleaned name: canon.Name, and for a person the
// Arabic article as one word, since it is written el- or al- ("Abdel
// Fattah el-Sisi", "al-Sisi"): one person, one key.
func keyOf(n, typ string) string {
	k := canon.Name(n)
	if typ == rapporteur.Person && strings.Contains(k, " el ") {
		k = strings.ReplaceAll(k, " el ", " al ")
	}
	if typ == rapporteur.Organization {
		// "U.S. Supreme Court", "US Supreme Court", "United States
		// Supreme Court": one court, one key.
		for _, p := range []string{"u s ", "us "} {
			if rest, ok := strings.CutPrefix(k, p); ok {
				k = "united states " + rest
			}
		}
	}
	return k
}

// Type returns the type the registry gives a speaker: organization for
// known outlets, agencies and companies and for names ending in an
// organisation word, whatever the extractor said.
func Type(name, typ string) string { return fixType(name, typ) }

func fixType(name, typ string) string {
	if typ != rapporteur.Person && typ != rapporteur.Organization {
		return typ
	}
	n := strings.TrimSpace(stripArticle(name))
	if words.orgs[n] || words.places[canon.Name(n)] != "" && (strings.Contains(n, " ") || !firstName(n)) {
		// A place that speaks is its government ("Saudi Arabia",
		// "New York"); "Jordan" or "Georgia" alone may be a person.
		return rapporteur.Organization
	}
	fs := strings.Fields(n)
	if len(fs) > 1 && startsUpper(fs[len(fs)-1]) {
		// "Las Vegas Review-Journal", "Pittsburgh Post-Gazette": the
		// last part of a hyphenated last word counts too.
		last := fs[len(fs)-1]
		if words.orgWords[last] || words.orgWords[last[strings.LastIndex(last, "-")+1:]] {
			return rapporteur.Organization
		}
	}
	return typ
}

// cleanName returns the name without the editorial words, titles and
// roles the extractor left before it ("Afterwards Trump", "Podcaster
// Spike Cohen", "Current Director of National Intelligence John
// Ratcliffe") and, for a person, without trailing words that are not
// part of a name. ok is false when nothing name-like is left.
// Clean is the name of a speaker as the registry reads it: without the
// editorial words and titles in front ("Afterwards Trump" → "Trump"); ok
// is false when nothing name-like is left.
func Clean(name, typ string) (string, bool) { return cleanName(name, typ) }

func cleanName(name, typ string) (string, bool) {
	fs := strings.Fields(stripArticle(name))
	if typ == rapporteur.Person {
		fs = personRun(fs)
		if len(fs) > 1 && words.orgWords[fs[len(fs)-1]] && !firstName(fs[0]) {
			// "Unity Party of America presidential nominee": a person
			// the article names by a body's role, whose name left is
			// the body's, not the person's.
			return "", false
		}
	} else {
		// An organization keeps its inner lower-case words ("University of
		// Colorado"); stray words go from both ends ("According to …",
		// "… in March").
		for len(fs) > 0 && dropOrg(fs[0]) && !(len(fs) > 1 && fs[0] == "US") {
			// "US Supreme Court": the country, not the pronoun "us".
			fs = fs[1:]
		}
		// Trailing words go only when they are stray words ("in
		// March"), not the lower-case end of a name ("Trump
		// administration").
		for len(fs) > 0 && words.notNames[strings.ToLower(fs[len(fs)-1])] {
			fs = fs[:len(fs)-1]
		}
	}
	if len(fs) == 0 || chessTitles[strings.ToLower(strings.Join(fs, " "))] {
		// "International Master": the title an interview calls its
		// player by names no one of its own.
		return "", false
	}
	if len(fs) > 1 && stray(fs[0]) && !hasUpper(fs[1:]) {
		// "Most of the landlords", "Many residents": a common word
		// capitalised at the start of a sentence, then lower-case
		// words, is a description, no name.
		return "", false
	}
	n := strings.Join(fs, " ")
	if len(fs) == 1 && stray(fs[0]) && !words.orgs[n] {
		return "", false
	}
	return n, true
}

// personRun returns the words of a person's name in a phrase: the runs of
// name words (capitalised, not titles or editorial words, with particles
// such as "de" inside), the last run holding a known first name, else the
// longest; within it, the name starts at its first first name when the
// words before it are not first names ("National Intelligence John
// Ratcliffe" → "John Ratcliffe").
func personRun(fs []string) []string {
	type run struct{ start, end int }
	var runs []run
	for i := 0; i < len(fs); {
		if drop(fs[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(fs) && (!drop(fs[j]) || (words.particles[strings.ToLower(fs[j])] && j+1 < len(fs) && !drop(fs[j+1])) ||
			lastTitle(fs, j)) {
			j++
		}
		runs = append(runs, run{i, j})
		i = j
	}
	if len(runs) == 0 {
		return nil
	}
	best, named := runs[0], false
	for _, r := range runs {
		has := false
		for _, f := range fs[r.start:r.end] {
			// "mayor of London", "correspondent from French Wikinews":
			// London and French are first names too, but a people's
			// adjective, or a place alone, names no one.
			l := strings.ToLower(f)
			has = has || words.first[l] && !words.demonyms[l] && (r.end-r.start > 1 || words.places[canon.Name(f)] == "")
		}
		if r.end-r.start == 1 && words.demonyms[strings.ToLower(fs[r.start])] {
			// "German government source": a people's adjective, though
			// the list has Germán, is no name alone.
			has = false
		}
		switch {
		case has:
			best, named = r, true
		case !named && r.end-r.start >= best.end-best.start:
			best = r
		}
	}
	if !named && best.start >= 2 && words.affPrep[fs[best.start-1]] {
		// "Chief Technological Officer of Red Hat": the capitals after
		// "of" name the employer, not the person, who goes unnamed.
		return nil
	}
	if !named && best.end < len(fs) && modified(fs[best.end]) {
		// "former Trump adviser", "Trump supporters", "a Biden campaign
		// spokesman", "German government source": the capitals modify
		// the lower-case noun after them, which is the speaker; they name
		// someone else, whom the speaker's statements would join. A run
		// with a first name is a person's name whatever follows it
		// ("Chuck Schumer commented").
		return nil
	}
	out := fs[best.start:best.end]
	if len(out) > 2 && speech[strings.ToLower(out[len(out)-1])] {
		// "Narendra Modi Announced": the verb a headline capitalises
		// after the name is no part of it.
		out = out[:len(out)-1]
	}
	if named && !firstName(out[0]) {
		// The words before the first first name go when they are common
		// words, the end of a body's name ("National Intelligence John
		// Ratcliffe"); a first name the list lacks stays ("Meerjady
		// Sabrina Flora", "Haitham bin Tariq").
		for i, f := range out {
			if firstName(f) && i < len(out)-1 {
				if slices.ContainsFunc(out[:i], func(w string) bool { return words.common[strings.ToLower(w)] }) {
					out = out[i:]
				}
				break
			}
		}
	}
	return out
}

// modified reports whether w, the word after a run of name words, is a
// noun the run modifies: a lower-case word that is no particle, no
// preposition of an affiliation ("John Smith of Oxfam") and no
// conjunction ("Donald Trump and his supporters").
func modified(w string) bool {
	l := strings.ToLower(strings.Trim(w, ".,;:"))
	if l == "" || startsUpper(w) || !unicode.IsLetter([]rune(l)[0]) {
		return false
	}
	return !words.particles[l] && !words.affPrep[l] && l != "and" && l != "or"
}

// firstName reports whether a word is a known first name, accents aside
// ("Andrés" is "andres").
func firstName(w string) bool {
	l := strings.ToLower(w)
	return words.first[l] || words.first[canon.Name(l)]
}

// lastTitle reports whether word j, a title or rank, ends the phrase right
// after a name word: a title comes before the name it goes with, so one
// after the name is the name's own end ("John Major", "Peter Marshal").
func lastTitle(fs []string, j int) bool {
	if j != len(fs)-1 || j == 0 || !startsUpper(fs[j]) || drop(fs[j-1]) || strings.HasSuffix(fs[j-1], ",") {
		return false
	}
	l := strings.ToLower(strings.Trim(fs[j], ".,;:"))
	return words.lead[l] && !words.editorial[l] && !words.notNames[l]
}

// drop reports whether a word cannot be part of a speaker's name: a
// lower-case word, a title, a role, an editorial adverb.
func drop(w string) bool {
	if fideTitles[strings.Trim(w, ".,;:")] {
		return true
	}
	if !startsUpper(w) {
		// "al-Eryani", "el-Sisi", "bin-Salman": a particle joined to a
		// capitalised name is part of the name.
		p, rest, ok := strings.Cut(w, "-")
		return !ok || !words.particles[strings.ToLower(p)] || !startsUpper(rest)
	}
	l := strings.ToLower(strings.Trim(w, ".,;:"))
	return words.lead[l] || words.notNames[l]
}

// dropOrg reports whether a word at either end of an organization's name
// is not part of it: a lower-case word, an editorial word. Titles and role
// words are kept: they name bodies ("Ministry of Health").
func dropOrg(w string) bool {
	if !startsUpper(w) {
		return true
	}
	l := strings.ToLower(strings.Trim(w, ".,;:"))
	return words.editorial[l] || words.notNames[l]
}

// stray reports whether a lone capitalised word is no name: a common
// word capitalised at the start of a sentence, a pronoun, a role alone.
func stray(w string) bool {
	l := strings.ToLower(w)
	if words.first[l] {
		return false
	}
	return words.common[l] || words.notNames[l] || words.lead[l] || strings.ContainsAny(w, "'’")
}

// partitives are the words that take a part of a group ("most of the
// landlords", "one of the officials").
var partitives = map[string]bool{"most": true, "some": true, "many": true, "several": true, "one": true, "none": true,
	"each": true, "half": true, "all": true, "both": true, "few": true, "majority": true, "rest": true, "part": true,
	"two": true, "three": true, "any": true}

// partOf reports whether a description names a part of a group ("Most of
// the landlords"): some unnamed members, no body that speaks as one, so
// no speaker of its own.
func partOf(name string) bool {
	fs := strings.Fields(strings.ToLower(stripArticle(name)))
	return len(fs) > 2 && partitives[fs[0]] && fs[1] == "of"
}

// possessive is "name's", or "name'" after an s ("Charles'").
func possessive(name string) string {
	if strings.HasSuffix(name, "s") {
		return name + "'"
	}
	return name + "'s"
}

// generic reports whether a name is a description rather than a name: no
// word of it is capitalised ("police", "the government").
func generic(name string) bool {
	lower := false
	for _, f := range strings.Fields(name) {
		if startsUpper(f) && !words.notNames[strings.ToLower(f)] {
			return false
		}
		lower = lower || !startsUpper(f)
	}
	return lower
}

// hasUpper reports whether any of the words starts with a capital.
func hasUpper(ws []string) bool {
	for _, w := range ws {
		if startsUpper(w) {
			return true
		}
	}
	return false
}

func stripArticle(name string) string {
	n := strings.TrimSpace(name)
	for _, a := range []string{"the ", "The ", "THE "} {
		if rest, ok := strings.CutPrefix(n, a); ok {
			return strings.TrimSpace(rest)
		}
	}
	return n
}

func startsUpper(s string) bool {
	for _, r := range s {
		return unicode.IsUpper(r) || unicode.IsDigit(r)
	}
	return false
}

// speech are the verbs of saying that a capitalised headline or caption
// puts right after a name ("Narendra Modi Announced").
// "Said" is none of them: "Haitham bin Tariq Al Said".
var speech = map[string]bool{"announced": true, "announces": true, "added": true, "stated": true, "claimed": true,
	"tweeted": true, "declared": true, "replied": true, "responded": true, "warned": true}

// chessTitles are the same written out.
var chessTitles = map[string]bool{"grandmaster": true, "international master": true, "fide master": true, "candidate master": true,
	"woman grandmaster": true, "woman international master": true, "woman fide master": true}

// fideTitles are chess titles written before a player's name ("IM Dorsa
// Derakhshani", "GM Hikaru Nakamura"), in capitals only: "Gm" is no title.
var fideTitles = map[string]bool{"GM": true, "IM": true, "FM": true, "CM": true, "WGM": true, "WIM": true, "WFM": true, "WCM": true}

var suffixes = map[string]bool{"jr": true, "sr": true, "ii": true, "iii": true, "iv": true, "qc": true, "kc": true}

// words are the lexicon lists the rules read, loaded once.
var words = loadWords()

type wordLists struct {
	lead      map[string]bool // titles, roles, role modifiers, editorial words
	editorial map[string]bool // editorial words and times only
	notNames  map[string]bool
	common    map[string]bool
	first     map[string]bool
	particles map[string]bool
	orgs      map[string]bool // names of organisations (canonical and aliases)
	orgWords  map[string]bool // last words that make a name an organisation
	orgFirst  map[string]bool // first words of organisations' names ("Ford")
	affPrep   map[string]bool // prepositions that introduce an affiliation ("of", "for")
	kin       map[string]bool // roles that name a relative ("wife", "father"): their affiliation is a person
	demonyms  map[string]bool // "german", "french" (places.txt)
	// places are the keys of places.txt's names and aliases: "united
	// states" for the country, "state" for its states, a country's key
	// for a country and its provinces, "place" for the rest (cities,
	// regions).
	places map[string]string
}

// kinClasses are the classes of roles.txt whose roles name someone's
// relative.
var kinClasses = map[string]bool{"spouse": true, "parent": true, "child": true, "sibling": true, "fiancé": true}

// editorial are words that introduce a name in news prose without being
// part of it ("Podcaster Spike Cohen", "Voter Kitty Mak") and sentence
// adverbs that the lexicon's lists do not hold.
var editorial = []string{
	"afterwards", "whereas", "clearly", "lastly", "citing", "arriving", "listed", "according", "speaking",
	"podcaster", "businessman", "businesswoman", "voter", "activist", "actor", "actress", "singer",
	"author", "writer", "lawyer", "attorney", "candidate", "nominee", "comedian", "rapper", "entrepreneur",
	"investor", "economist", "professor", "scientist", "researcher", "analyst", "journalist", "reporter",
	"developer", "co-developer", "programmer", "engineer",
	"current", "former", "late", "then", "incumbent", "nearly", "yesterday", "today", "meanwhile",
}

// media are last words of outlet names ("Daily Telegraph", "Miami
// Herald") and of bodies ("Geological Survey") that org-words.txt does not
// hold. "Survey" is not there: the speaker package would then read "the
// U.S. Geological Survey" whole, whose key ("u s …") is not that of "US
// Geological Survey" (whose "US" goes as the pronoun), and split the body
// in two.
var media = []string{"Telegraph", "Herald", "Post", "Journal", "Gazette", "Tribune", "Mail", "Guardian",
	"Chronicle", "Observer", "Independent", "Express", "Mirror", "Review", "Magazine", "Radio", "Television",
	"TV", "Jazeera", "Press", "Inquirer", "Standard", "Sun", "Star", "Economist", "Agency", "Corporation", "Inc.",
	"Inc", "Ltd", "Company", "Group", "Linux", "Bank", "Survey"}

func loadWords() wordLists {
	w := wordLists{lead: map[string]bool{}, editorial: map[string]bool{}, notNames: map[string]bool{}, common: map[string]bool{},
		first: map[string]bool{}, particles: map[string]bool{}, orgs: map[string]bool{}, orgWords: map[string]bool{},
		orgFirst: map[string]bool{}, affPrep: map[string]bool{}, kin: map[string]bool{}, demonyms: map[string]bool{}, places: map[string]string{}}
	fields := func(name string) [][]string {
		f, err := lexicon.Fields("en", name)
		if err != nil {
			panic(err) // embedded data: a missing list is a build error
		}
		return f
	}
	for _, f := range fields("titles") {
		w.lead[strings.ToLower(strings.Trim(f[0], "."))] = true
		w.lead[strings.ToLower(f[0])] = true
	}
	for _, f := range fields("roles") {
		if !strings.Contains(f[0], " ") {
			w.lead[strings.ToLower(f[0])] = true
		}
		if len(f) > 2 && kinClasses[f[2]] {
			w.kin[strings.ToLower(f[0])] = true
		}
	}
	for _, f := range fields("role-modifiers") {
		w.lead[strings.ToLower(f[0])] = true
	}
	for _, f := range fields("attrib-time") {
		w.lead[strings.ToLower(f[0])] = true
		w.editorial[strings.ToLower(f[0])] = true
	}
	for _, e := range editorial {
		w.lead[e] = true
		w.editorial[e] = true
	}
	for _, f := range fields("not-names") {
		w.notNames[strings.ToLower(f[0])] = true
	}
	for _, f := range fields("pronouns") {
		w.notNames[strings.ToLower(f[0])] = true
	}
	for _, f := range fields("common-words") {
		w.common[strings.ToLower(f[0])] = true
	}
	for _, f := range fields("first-names") {
		w.first[strings.ToLower(f[0])] = true
	}
	for _, f := range fields("np-words") {
		if len(f) > 1 && slices.Contains(strings.Fields(f[1]), "affprep") {
			w.affPrep[strings.ToLower(f[0])] = true
		}
	}
	for _, f := range fields("places") {
		names := []string{f[0]}
		if len(f) > 3 {
			names = append(names, strings.Split(f[3], ",")...)
		}
		what := "place"
		switch {
		case len(f) > 1 && f[1] == "state":
			what = "state"
		case len(f) > 1 && f[1] == "province":
			what = "canada"
		case len(f) > 1 && f[1] == "country":
			what = canon.Name(f[0])
		}
		for _, n := range names {
			if k := canon.Name(stripArticle(n)); k != "" {
				w.places[k] = what
			}
		}
		if len(f) > 2 {
			for _, d := range strings.Split(f[2], ",") {
				if d = strings.TrimSpace(d); d != "" {
					w.demonyms[strings.ToLower(d)] = true
				}
			}
		}
	}
	for _, f := range fields("name-particles") {
		w.particles[strings.ToLower(f[0])] = true
	}
	for _, list := range []string{"orgs", "agencies"} {
		for _, f := range fields(list) {
			for _, n := range f {
				if n != "" {
					w.orgs[n] = true
				}
				if ws := strings.Fields(n); len(ws) > 1 {
					w.orgFirst[ws[0]] = true
				}
			}
		}
	}
	for _, f := range fields("org-words") {
		w.orgWords[f[0]] = true
	}
	for _, m := range media {
		w.orgWords[m] = true
	}
	return w
}
