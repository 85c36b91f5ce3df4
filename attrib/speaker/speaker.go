// Package speaker resolves who a statement's speaker is: it builds a table
// of the people, organizations and documents an article names, reads roles
// and affiliations from their full mentions ("Chinese Foreign Ministry
// spokesman Zhao Lijian"), and resolves later mentions ("Zhao", "he", "the
// spokesman", "the ministry") to them.
//
// All word lists are lexicon files, one folder per language
// (lexicon/data/en/…); the code only knows how to combine them:
//
//	roles.txt           role nouns with gender and class ("spokeswoman | f | spokesperson")
//	role-modifiers.txt  words that belong to a role ("chief", "Foreign", "former")
//	titles.txt          titles before names ("Sen." = Senator, "Mrs." = female)
//	nominals.txt        head nouns of nameless speakers ("ministry", "report", "officials")
//	np-words.txt        articles, prepositions and other closed-class words, by use
//	pronouns.txt        pronouns with gender and number, and relative pronouns
//	org-words.txt       words that make a name an organization ("Ministry", "Inc.")
//	orgs.txt            organizations named without one, with aliases (plus agencies.txt)
//	places.txt          countries, provinces, states, cities, with demonyms
//	place-words.txt     words that end a place name ("Street", "Bay")
//	party-words.txt     party adjectives run into names ("Republican Donald Trump")
//	not-names.txt       capitalised words that are no names ("However", "Monday")
//	name-particles.txt  particles inside names ("van", "bin", "de")
//	name-suffixes.txt   words ending a name that are no surname ("Jr.", "III")
//	first-names.txt     first names and their female share (generated, see gennames)
//
// Only roles.txt is required for a language to be loaded; a missing list
// is empty. Texts in a language without a lexicon use English.
package speaker

//go:generate go run ./internal/gennames -in ../../../shared/data/first-names-ssa/first_names.csv -out ../../lexicon/data/en/first-names.txt

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/rapporteur/rapporteur/lexicon"
)

// Resolver holds the lexicons of each language (titles, pronouns, nominals,
// first names and their gender). It is safe for concurrent use; build one at
// start-up with New.
type Resolver struct {
	langs map[string]*lang
	def   *lang
}

// defaultLang is used for texts whose language has no speaker lexicon.
const defaultLang = "en"

// New returns a Resolver with the embedded lexicons loaded.
func New() (*Resolver, error) {
	r := &Resolver{langs: map[string]*lang{}}
	for _, code := range lexicon.Languages() {
		if !lexicon.Has(code, "roles") {
			continue
		}
		l, err := loadLang(code)
		if err != nil {
			return nil, fmt.Errorf("speaker: %w", err)
		}
		r.langs[code] = l
	}
	r.def = r.langs[defaultLang]
	if r.def == nil {
		return nil, fmt.Errorf("speaker: no lexicon for %q", defaultLang)
	}
	return r, nil
}

func (r *Resolver) lang(code string) *lang {
	if l := r.langs[strings.ToLower(code)]; l != nil {
		return l
	}
	return r.def
}

// title is an honorific or abbreviated title written before a name.
type title struct {
	role   string
	gender byte
	aff    string // a party or nationality run into the name ("Republican Donald Trump")
}

// role is a role noun ("spokesman") with its gender and coreference class.
type role struct {
	gender byte
	class  string
	toPost bool // "to X" names the posting, not the employer ("ambassador to Canada")
	adj    bool // also an adjective ("General Election"): a title only before a clear name
}

// nominal is the head noun of a speaker phrase that is not a role.
type nominal struct {
	typ     string
	class   string
	generic bool // "the company" may stand for any organization named before
}

// wordTag is a set of the np-words.txt tags of a closed-class word.
type wordTag uint32

// The tags of np-words.txt; the file documents each.
const (
	wDet wordTag = 1 << iota
	wDefinite
	wOrgJoin
	wOrgOf
	wCoord
	wTitleJoin
	wAffPrep
	wRolePrep
	wCut
	wAfterName
	wPostAff
	wTitleLower
	wPossessive
	wQuant
	wAuthor
	wCompl
	wEmployer
)

// wordTagOf returns the bit of an np-words.txt tag name.
func wordTagOf(name string) (wordTag, bool) {
	names := [...]string{"det", "definite", "orgjoin", "orgof", "coord", "titlejoin", "affprep", "roleprep",
		"cut", "aftername", "postaff", "titlelower", "possessive", "quant", "author", "compl", "employer"}
	for i, n := range names {
		if n == name {
			return 1 << i, true
		}
	}
	return 0, false
}

// is reports whether word low has any of the tags.
func (l *lang) is(low string, tags wordTag) bool {
	return l.words[low]&tags != 0
}

// pronoun is a pronoun that can name a speaker.
type pronoun struct {
	gender byte // 'm', 'f', 'n' or 0 for any
	plural bool
	person bool // refers to people only
	thing  bool // refers to organizations and documents only
	// grammatical is 1 for the first person ("I", "we"), 2 for the
	// second ("you"), 0 for the third.
	grammatical byte
}

// place is a gazetteer entry; demonyms map to it too.
type place struct {
	name string
	kind string
}

// lang is the compiled lexicon of one language. Every map is keyed by the
// lower-cased word or phrase, so the table does one lookup per token.
type lang struct {
	code       string
	titles     map[string]title
	maxTitle   int // longest title in words
	roles      map[string]role
	maxRole    int
	roleMods   map[string]bool
	rolePrefix map[string]bool
	prefixAs   map[string]string // how a prefix is written in a role ("formerly" → "former")
	nominals   map[string]nominal
	maxNominal int
	pronouns   map[string]pronoun
	relatives  map[string]bool
	orgWords   map[string]string // word → class
	orgs       map[string]string // name or alias → canonical name
	maxOrg     int
	places     map[string]place // name or alias → place
	demonyms   map[string]place
	placeKinds map[string]bool // the kinds of places.txt ("country", "city")
	maxPlace   int
	notNames   map[string]bool
	times      map[string]bool // day and time words (attrib-time.txt): "Thursday", "later"
	particles  map[string]bool
	suffixes   map[string]bool    // "Jr.", "III": end a name, are no surname
	words      map[string]wordTag // closed-class words (np-words.txt)
	placeWords map[string]bool
	partyWords map[string]bool
	verbs      map[string]bool // speech verbs, which end a name in a headline ("… Graham Says")
	femShare   map[string]float32
	abbrevs    map[string]bool // words whose final period is part of the word
	// multi holds the first words of the multi-word titles, roles,
	// organizations and places, so single words need no joined lookups.
	multi map[string]bool
}

func loadLang(code string) (*lang, error) {
	l := &lang{
		code:       code,
		titles:     map[string]title{},
		roles:      map[string]role{},
		roleMods:   map[string]bool{},
		rolePrefix: map[string]bool{},
		prefixAs:   map[string]string{},
		nominals:   map[string]nominal{},
		pronouns:   map[string]pronoun{},
		relatives:  map[string]bool{},
		orgWords:   map[string]string{},
		orgs:       map[string]string{},
		places:     map[string]place{},
		demonyms:   map[string]place{},
		placeKinds: map[string]bool{},
		notNames:   map[string]bool{},
		times:      map[string]bool{},
		particles:  map[string]bool{},
		suffixes:   map[string]bool{},
		words:      map[string]wordTag{},
		placeWords: map[string]bool{},
		partyWords: map[string]bool{},
		verbs:      map[string]bool{},
		femShare:   map[string]float32{},
		abbrevs:    map[string]bool{},
		multi:      map[string]bool{},
	}
	fields := func(name string, min int, each func(f []string) error) error {
		// Only roles.txt is required of a language; a list it lacks is
		// empty (a new language can start with its roles and pronouns).
		if !lexicon.Has(code, name) {
			return nil
		}
		rows, err := lexicon.Fields(code, name)
		if err != nil {
			return err
		}
		for _, f := range rows {
			for len(f) < min {
				f = append(f, "")
			}
			if err := each(f); err != nil {
				return fmt.Errorf("lexicon %s/%s: %w", code, name, err)
			}
		}
		return nil
	}
	words := func(s string) int {
		f := strings.Fields(s)
		if len(f) > 1 {
			l.multi[f[0]] = true
		}
		return len(f)
	}
	err := fields("titles", 3, func(f []string) error {
		k := strings.ToLower(f[0])
		l.titles[k] = title{role: f[1], gender: genderOf(f[2])}
		l.maxTitle = max(l.maxTitle, words(k))
		l.addAbbrev(k)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = fields("roles", 4, func(f []string) error {
		k := strings.ToLower(f[0])
		tags := strings.Fields(f[3])
		l.roles[k] = role{gender: genderOf(f[1]), class: f[2], toPost: slices.Contains(tags, "to"), adj: slices.Contains(tags, "adj")}
		l.maxRole = max(l.maxRole, words(k))
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = fields("role-modifiers", 3, func(f []string) error {
		k := strings.ToLower(f[0])
		l.roleMods[k] = true
		l.rolePrefix[k] = f[1] == "prefix"
		if f[2] != "" {
			l.prefixAs[k] = f[2]
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = fields("nominals", 4, func(f []string) error {
		k := strings.ToLower(f[0])
		l.nominals[k] = nominal{typ: f[1], class: f[2], generic: f[3] == "generic"}
		l.maxNominal = max(l.maxNominal, words(k))
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = fields("pronouns", 5, func(f []string) error {
		if f[3] == "relative" {
			l.relatives[strings.ToLower(f[0])] = true
			return nil
		}
		l.pronouns[strings.ToLower(f[0])] = pronoun{
			gender:      genderOf(f[1]),
			plural:      f[2] == "p",
			person:      f[3] == "person",
			thing:       f[3] == "thing",
			grammatical: map[string]byte{"1": 1, "2": 2}[f[4]],
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = fields("np-words", 2, func(f []string) error {
		for _, tag := range strings.Fields(f[1]) {
			bit, ok := wordTagOf(tag)
			if !ok {
				return fmt.Errorf("unknown tag %q for %q", tag, f[0])
			}
			l.words[strings.ToLower(f[0])] |= bit
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = fields("org-words", 2, func(f []string) error {
		k := strings.ToLower(f[0])
		l.orgWords[k] = f[1]
		l.addAbbrev(k)
		return nil
	})
	if err != nil {
		return nil, err
	}
	addOrg := func(f []string) error {
		for _, a := range f {
			if a == "" {
				continue
			}
			k := strings.ToLower(a)
			if _, dup := l.orgs[k]; !dup {
				l.orgs[k] = f[0]
			}
			if l.addAcronym(a) {
				l.orgs[a] = f[0]
			}
			l.maxOrg = max(l.maxOrg, words(k))
		}
		return nil
	}
	if err := fields("orgs", 1, addOrg); err != nil {
		return nil, err
	}
	if err := fields("agencies", 1, addOrg); err != nil {
		return nil, err
	}
	err = fields("places", 4, func(f []string) error {
		p := place{name: f[0], kind: f[1]}
		l.placeKinds[f[1]] = true
		names := append([]string{f[0]}, splitList(f[3])...)
		for _, n := range names {
			k := strings.ToLower(n)
			l.places[k] = p
			l.maxPlace = max(l.maxPlace, words(k))
			if l.addAcronym(n) {
				l.places[n] = p
			}
		}
		for _, d := range splitList(f[2]) {
			l.demonyms[strings.ToLower(d)] = p
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = fields("not-names", 1, func(f []string) error {
		l.notNames[strings.ToLower(f[0])] = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = fields("attrib-time", 1, func(f []string) error {
		l.times[strings.ToLower(f[0])] = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = fields("name-particles", 1, func(f []string) error {
		l.particles[strings.ToLower(f[0])] = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = fields("name-suffixes", 1, func(f []string) error {
		k := strings.ToLower(f[0])
		l.suffixes[k] = true
		l.addAbbrev(k)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = fields("place-words", 1, func(f []string) error {
		k := strings.ToLower(f[0])
		l.placeWords[k] = true
		l.addAbbrev(k)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = fields("party-words", 1, func(f []string) error {
		l.partyWords[strings.ToLower(f[0])] = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The attribution stage's cue verbs (cues.txt: lemma | past | past
	// participle | tags), read for their forms only.
	err = fields("cues", 3, func(f []string) error {
		lemma := strings.ToLower(strings.Fields(f[0] + " x")[0])
		// Headlines use the present ("Says", "Warns") or the past;
		// the bare lemma is often a noun ("State", "Report").
		for _, w := range []string{lemma + "s", lemma + "es", strings.TrimSuffix(lemma, "y") + "ies", lemma + "ed", lemma + "d", f[1], f[2]} {
			if w = strings.ToLower(w); w != "" {
				l.verbs[w] = true
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = fields("first-names", 2, func(f []string) error {
		s, err := strconv.ParseFloat(f[1], 32)
		if err != nil {
			return fmt.Errorf("share of %q: %w", f[0], err)
		}
		l.femShare[strings.ToLower(f[0])] = float32(s)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// closedClass reports whether lower-cased word low is a closed-class word
// (np-words.txt, pronouns.txt): a token of capitals that spells one is kept
// as written, so "the WHO" is no relative pronoun and "US" no pronoun.
func (l *lang) closedClass(low string) bool {
	if l.words[low] != 0 || l.relatives[low] {
		return true
	}
	_, ok := l.pronouns[low]
	return ok
}

// addAcronym reports whether a name of the gazetteer or the organization
// list is a one-word acronym that spells a closed-class word ("US",
// "WHO"): the tokenizer keeps such tokens as written, so the lists hold
// them as written too. It must run after np-words and pronouns are read.
func (l *lang) addAcronym(name string) bool {
	return !strings.Contains(name, " ") && isAllUpper(name) && l.closedClass(strings.ToLower(name))
}

// addAbbrev records the one-word forms ending in a period ("mr.", "inc.")
// so the tokenizer keeps their period instead of ending a sentence there.
func (l *lang) addAbbrev(k string) {
	for _, w := range strings.Fields(k) {
		if strings.HasSuffix(w, ".") {
			l.abbrevs[w] = true
		}
	}
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func genderOf(s string) byte {
	switch s {
	case "m", "f", "n":
		return s[0]
	}
	return 0
}

// Share thresholds: a first name decides gender only when nearly all of
// its bearers share one. Names between are treated as unknown.
const (
	femaleShare = 0.75
	maleShare   = 0.25
)

// nameGender returns the gender a first name suggests, or 0.
func (l *lang) nameGender(lower string) byte {
	s, ok := l.firstName(lower)
	switch {
	case !ok:
		return 0
	case s >= femaleShare:
		return 'f'
	case s <= maleShare:
		return 'm'
	}
	return 0
}

// firstName returns the female share of a lower-cased first name, looking
// it up without accents too: the counts spell "Jose", articles "José".
func (l *lang) firstName(low string) (float32, bool) {
	// Old birth records hold words that are rarely names today
	// ("General", "Council"): a word of another list is not one here.
	if _, r := l.roles[low]; r || l.roleMods[low] {
		return 0, false
	}
	if _, o := l.orgWords[low]; o {
		return 0, false
	}
	if _, d := l.demonyms[low]; d { // "German Bundestag"
		return 0, false
	}
	if s, ok := l.femShare[low]; ok {
		return s, true
	}
	for i := 0; i < len(low); i++ {
		if low[i] >= 0x80 {
			s, ok := l.femShare[foldAccents(low)]
			return s, ok
		}
	}
	return 0, false
}

// foldAccents maps accented Latin letters to their base letter.
func foldAccents(s string) string {
	var b strings.Builder
	for _, c := range s {
		b.WriteRune(foldRune(c))
	}
	return b.String()
}

func foldRune(c rune) rune {
	switch c {
	case 'á', 'à', 'â', 'ä', 'ã', 'å':
		return 'a'
	case 'é', 'è', 'ê', 'ë':
		return 'e'
	case 'í', 'ì', 'î', 'ï':
		return 'i'
	case 'ó', 'ò', 'ô', 'ö', 'õ', 'ø':
		return 'o'
	case 'ú', 'ù', 'û', 'ü':
		return 'u'
	case 'ñ':
		return 'n'
	case 'ç':
		return 'c'
	case 'ý', 'ÿ':
		return 'y'
	}
	return c
}
