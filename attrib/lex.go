package attrib

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/rapporteur/rapporteur/lexicon"
)

// Cue form kinds: which inflection of the cue verb a token is. They decide
// how a cue is read: a participle after "was" is passive, an -ing form after
// a comma borrows the subject of its clause, a base or -s form of a word
// that is also a noun needs a subject right before it.
const (
	formBase = iota // say, call for
	formS           // says
	formPast        // said
	formPart        // said (participle, when it differs from the past)
	formIng         // saying
	formPrep        // according to
)

// cue is one inflected form of a cue lexicon entry.
type cue struct {
	words []string // lower-case words, first one inflected
	form  int
	obj   bool // takes the hearer as object ("told reporters")
	noun  bool // base and -s forms are also nouns
	weak  bool // needs an explicit complement
	nonum bool // a number after it is not content
	name  bool // its participle after a common noun names
	think bool // a belief verb
	quest bool // takes an indirect question
	inf   bool // takes a to-infinitive as its content ("vowed to …")
	np    bool // its object noun phrase is the content ("endorsed Cruz")
	topic bool // its object noun phrase is a topic or a deed, no position ("explained the plan")
}

// lang is the lexicon of one language, read once by New.
type lang struct {
	cues      map[string][]cue // by first word
	class     map[string]uint32
	abbrev    map[string]bool
	time      map[string]bool
	particles [][]string
	nameParts map[string]bool     // lower-case words inside names ("de Blasio", "bin Laden")
	deeds     map[string]bool     // word forms of verbs of deeds ("nominated", "voted"): no cue of speech
	agencies  map[string][]agency // by first word
	labels    map[string]bool     // line labels that are no speaker
	media     map[string]bool     // nouns ending "in his speech"-like phrases
	interview map[string]ivLabel  // turn labels that name a role ("q", "wn")
	asCompl   map[string]bool     // words after "as" that open a complement ("as examples of")
	// judging are the verbs whose act (acts.txt) is an accusation or a
	// criticism, by lemma: their passive names its speaker after "by"
	// (readPassive).
	judging map[string]bool
	// judgedParts are the past participles of judging's verbs that
	// stanceParticiple accepts, made once here: asked of most words of
	// every sentence, building them per word took 15 % of the text
	// pipeline's CPU.
	judgedParts map[string]bool
}

// agency is one alias of a wire agency or outlet, as words.
type agency struct {
	words []string
	name  string
}

// Word classes of attrib-words.txt, as bits so a word may be in several.
const (
	clDet uint32 = 1 << iota
	clSubj
	clAux
	clPassive
	clAdv
	clStop
	clThat
	clRel
	clPrep
	clConj
	clNoContent
	clTail
	clCollective
	clDiscourse
	clObject
	clVerb
	clLink
	clQuestion
	clAdjunct
	clTimeMod
	clAlone
)

// classNames are the class names of attrib-words.txt, in bit order.
var classNames = [...]string{"det", "subj", "aux", "passive", "adv", "stop", "that", "rel",
	"prep", "conj", "nocontent", "tail", "collective", "discourse", "object", "verb", "link", "question",
	"adjunct", "timemod", "alone"}

// classBit returns the bit of a class name.
func classBit(name string) (uint32, bool) {
	for i, n := range classNames {
		if n == name {
			return 1 << i, true
		}
	}
	return 0, false
}

// loadLang reads the attribution lexicons of language code.
func loadLang(code string) (*lang, error) {
	l := &lang{
		cues:      map[string][]cue{},
		class:     map[string]uint32{},
		abbrev:    map[string]bool{},
		time:      map[string]bool{},
		agencies:  map[string][]agency{},
		labels:    map[string]bool{},
		media:     map[string]bool{},
		interview: map[string]ivLabel{},
		asCompl:   map[string]bool{},
	}
	rows, err := lexicon.Fields(code, "cues")
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		for len(r) < 4 {
			r = append(r, "")
		}
		l.addCue(r[0], r[1], r[2], strings.Fields(r[3]))
	}
	words, err := lexicon.Fields(code, "attrib-words")
	if err != nil {
		return nil, err
	}
	for _, r := range words {
		if len(r) != 2 {
			return nil, fmt.Errorf("lexicon %s/attrib-words: bad line %q", code, strings.Join(r, "|"))
		}
		if r[0] == "ascompl" {
			// Kept apart from the classes: the span model hashes a word's
			// classes as one feature, and these words would change it.
			for _, w := range strings.Fields(r[1]) {
				l.asCompl[w] = true
			}
			continue
		}
		bit, ok := classBit(r[0])
		if !ok {
			return nil, fmt.Errorf("lexicon %s/attrib-words: unknown class %q", code, r[0])
		}
		for _, w := range strings.Fields(r[1]) {
			l.class[w] |= bit
		}
	}
	ab, err := optionalLines(code, "attrib-abbrev")
	if err != nil {
		return nil, err
	}
	for _, a := range ab {
		l.abbrev[a] = true
	}
	tm, err := optionalLines(code, "attrib-time")
	if err != nil {
		return nil, err
	}
	for _, t := range tm {
		l.time[t] = true
	}
	lb, err := optionalLines(code, "attrib-labels")
	if err != nil {
		return nil, err
	}
	for _, w := range lb {
		l.labels[w] = true
	}
	if lexicon.Has(code, "interview-labels") {
		iv, err := lexicon.Fields(code, "interview-labels")
		if err != nil {
			return nil, err
		}
		for _, r := range iv {
			if len(r) < 2 || r[1] != "ask" && r[1] != "answer" {
				return nil, fmt.Errorf("lexicon %s/interview-labels: bad line %q", code, strings.Join(r, "|"))
			}
			e := ivLabel{role: roleAnswer}
			if r[1] == "ask" {
				e.role = roleAsk
			}
			if len(r) > 2 {
				e.outlet = r[2]
			}
			l.interview[r[0]] = e
		}
	}
	md, err := optionalLines(code, "attrib-media")
	if err != nil {
		return nil, err
	}
	for _, w := range md {
		l.media[w] = true
	}
	if l.deeds, err = wordSet(code, "attrib-deeds"); err != nil {
		return nil, err
	}
	if l.nameParts, err = wordSet(code, "name-particles"); err != nil {
		return nil, err
	}
	ps, err := optionalLines(code, "attrib-particles")
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		l.particles = append(l.particles, strings.Fields(p))
	}
	if lexicon.Has(code, "acts") {
		acts, err := lexicon.Fields(code, "acts")
		if err != nil {
			return nil, err
		}
		l.judging = map[string]bool{}
		for _, r := range acts {
			if len(r) > 2 && r[2] == "cue" && (r[1] == "accuse" || r[1] == "criticize") && !strings.Contains(r[0], " ") {
				l.judging[r[0]] = true
			}
		}
		l.judgedParts = map[string]bool{}
		for lemma := range l.judging {
			if !deeds[lemma] {
				l.judgedParts[pastOf(lemma)] = true
				l.judgedParts[lemma+lemma[len(lemma)-1:]+"ed"] = true
			}
		}
	}
	if lexicon.Has(code, "agencies") {
		ag, err := lexicon.Fields(code, "agencies")
		if err != nil {
			return nil, err
		}
		for _, r := range ag {
			for _, alias := range r {
				ws := agencyWords(alias)
				if len(ws) > 0 {
					l.agencies[ws[0]] = append(l.agencies[ws[0]], agency{words: ws, name: r[0]})
				}
			}
		}
	}
	return l, nil
}

// optionalLines reads a list that a language may lack: a new language
// starts with its cue and word lists, and adds the others as it grows.
// wordSet reads a lexicon of one word per line into a set (empty when the
// language has none).
func wordSet(code, name string) (map[string]bool, error) {
	ws, err := optionalLines(code, name)
	set := make(map[string]bool, len(ws))
	for _, w := range ws {
		set[strings.TrimSpace(w)] = true
	}
	return set, err
}

func optionalLines(code, name string) ([]string, error) {
	if !lexicon.Has(code, name) {
		return nil, nil
	}
	return lexicon.Lines(code, name)
}

// agencyWords splits an agency alias into the words the tokenizer makes.
func agencyWords(alias string) []string {
	return strings.Fields(alias)
}

// addCue adds every inflected form of one cue entry.
func (l *lang) addCue(lemma, past, part string, tags []string) {
	words := strings.Fields(strings.ToLower(lemma))
	if len(words) == 0 {
		return
	}
	base := cue{}
	for _, t := range tags {
		switch t {
		case "obj":
			base.obj = true
		case "noun":
			base.noun = true
		case "weak":
			base.weak = true
		case "nonum":
			base.nonum = true
		case "naming":
			base.name = true
		case "belief":
			base.think = true
		case "question":
			base.quest = true
		case "inf":
			base.inf = true
		case "np":
			base.np = true
		case "topic":
			base.topic = true
		case "prep":
			base.form = formPrep
			c := base
			c.words = words
			l.cues[words[0]] = append(l.cues[words[0]], c)
			return
		}
	}
	v := words[0]
	if past == "" {
		past = pastOf(v)
	}
	if part == "" {
		part = past
	}
	forms := []struct {
		w    string
		form int
	}{{v, formBase}, {thirdOf(v), formS}, {past, formPast}, {ingOf(v, past), formIng}}
	if part != past {
		forms = append(forms, struct {
			w    string
			form int
		}{part, formPart})
	}
	for _, f := range forms {
		c := base
		c.form = f.form
		c.words = append([]string{f.w}, words[1:]...)
		l.cues[f.w] = append(l.cues[f.w], c)
	}
}

func isVowel(b byte) bool { return strings.IndexByte("aeiou", b) >= 0 }

// thirdOf returns the third person singular of a regular verb.
func thirdOf(v string) string {
	switch {
	case strings.HasSuffix(v, "s"), strings.HasSuffix(v, "sh"), strings.HasSuffix(v, "ch"),
		strings.HasSuffix(v, "x"), strings.HasSuffix(v, "z"), strings.HasSuffix(v, "o"):
		return v + "es"
	case len(v) > 1 && v[len(v)-1] == 'y' && !isVowel(v[len(v)-2]):
		return v[:len(v)-1] + "ies"
	}
	return v + "s"
}

// pastOf returns the past tense of a regular verb.
func pastOf(v string) string {
	switch {
	case strings.HasSuffix(v, "e"):
		return v + "d"
	case len(v) > 1 && v[len(v)-1] == 'y' && !isVowel(v[len(v)-2]):
		return v[:len(v)-1] + "ied"
	}
	return v + "ed"
}

// ingOf returns the -ing form, doubling the final consonant when the listed
// past form doubles it (admitted → admitting).
func ingOf(v, past string) string {
	if len(v) > 1 && strings.HasSuffix(past, v+v[len(v)-1:]+"ed") {
		return v + v[len(v)-1:] + "ing"
	}
	switch {
	case strings.HasSuffix(v, "ie"):
		return v[:len(v)-2] + "ying"
	case strings.HasSuffix(v, "ee"):
		return v + "ing"
	case strings.HasSuffix(v, "e") && len(v) > 2:
		return v[:len(v)-1] + "ing"
	}
	return v + "ing"
}

func (l *lang) is(w string, c uint32) bool { return l.class[w]&c != 0 }

// adverb reports whether token t is an adverb that may sit before a verb:
// a listed one, or a lower-case -ly word ("deeply", not "McNeely").
func (l *lang) adverb(t token) bool {
	w := t.Lower
	return l.is(w, clAdv) || !t.Upper && len(w) > 4 && strings.HasSuffix(w, "ly") && !l.is(w, clDet|clSubj)
}

// caption reports whether word w is a line label ("Image", "Photo") or
// ends in one run into a name ("HammonsImage"), as captions write them.
func (l *lang) caption(w string) bool {
	if l.labels[strings.ToLower(w)] {
		return true
	}
	prev := rune(0)
	for i, c := range w {
		if i > 0 && unicode.IsUpper(c) && unicode.IsLower(prev) && l.labels[strings.ToLower(w[i:])] {
			return true
		}
		prev = c
	}
	return false
}
