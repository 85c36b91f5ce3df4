// Package act reads what each attributed statement does (issue 11): its act
// (assert, accuse, deny, criticize, support, confirm, demand), the target the
// act is aimed at, and which other statements of the same article it answers.
//
// It is a pure stage after attribution: Annotate reads an Article's text and
// statements and returns the article with Act, Target and RespondsTo set. The
// words it reads are data (lexicon/data/LANG/acts.txt); the rules are few and
// general: the cue's act unless negated, else the first act verb of the
// content, else the content's polarity words; the target is the object of the
// cue, resolved to an earlier speaker or an entity; replies are scored by
// act pair and by who is aimed at whom.
package act

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/attrib/text"
	"github.com/rapporteur/rapporteur/lexicon"
)

// Annotator holds the act lexicons of every language. It is safe for
// concurrent use.
type Annotator struct {
	langs map[string]*lex
	// model, when set, reads English acts with the rules' act as one of
	// its features; nil reads them with the rules alone.
	model *Model
}

// Options choose how acts are read.
type Options struct {
	// RulesOnly reads acts with the lexicon rules alone, without the
	// learned model.
	RulesOnly bool
	// Model is an act model file (`rapporteur train --only acts`) to use
	// instead of the embedded one.
	Model io.Reader
}

// models holds the act model `rapporteur train` writes.
//
//go:embed model
var models embed.FS

// embeddedModel loads the embedded act model; nil, nil when the binary was
// built without one.
func embeddedModel() (*Model, error) {
	data, err := models.ReadFile("model/en-acts.bin.gz")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return ReadModel(bytes.NewReader(data))
}

// lex is one language's act words.
type lex struct {
	cues    map[string][]phrase // first word (inflected) → phrases
	content map[string][]phrase // first word → content phrases
	own     map[string][]phrase // content phrases whose act stands by itself
	neg     map[string][]phrase
	claim   map[string]bool
	wrong   map[string][]phrase
	denied  map[string][]phrase // words that deny under a negation and accuse no one by themselves
	hedge   map[string][]phrase // words that report a claim without asserting it
	debunk  map[string][]phrase // words that call a claim false, wherever they stand
	// refers holds the nouns a reply names what it answers by, and the
	// act each names ("denial" → deny; "remarks" → "", any act).
	refers map[string]string
	reply  map[string][]phrase // words that say a statement answers ("countered", "in response to")
	// accusing holds the nouns of documents that accuse by what they
	// tell of a named party (report, investigation, lawsuit).
	accusing map[string]bool
	// replyKeys holds a word each reply phrase must hold, inflected (the
	// first word that is no stop word: "response" of "in response to"),
	// to skip the statements with none near cheaply.
	replyKeys map[string]bool
	// speech holds the forms of the speech cue verbs (cues.txt): a
	// refers noun before one is a source quoted ("the report said"), not
	// what a reply answers.
	speech map[string]bool
	// times are the day, month and time words (attrib-time): alone,
	// capitalised, they are no one's name, so never a target.
	times map[string]bool
	// starts holds, for each word that starts a phrase, which of the maps
	// above have one (the in… bits): the act model reads every word of a
	// content against all of them, with one look-up.
	starts map[string]uint16
}

// The bits of lex.starts.
const (
	inCue uint16 = 1 << iota
	inContent
	inOwn
	inWrong
	inDenied
	inHedge
	inDebunk
	inClaim
	inNeg
)

// index fills l.starts.
func (l *lex) index() {
	l.starts = map[string]uint16{}
	for bit, m := range map[uint16]map[string][]phrase{inCue: l.cues, inContent: l.content, inOwn: l.own, inWrong: l.wrong, inDenied: l.denied, inHedge: l.hedge, inDebunk: l.debunk, inNeg: l.neg} {
		for w := range m {
			l.starts[w] |= bit
		}
	}
	for w := range l.claim {
		l.starts[w] |= inClaim
	}
}

// phrase is a word sequence and the act it signals.
type phrase struct {
	words []string
	act   string
}

// New loads the act lexicon of every language that has one, and the
// embedded act model.
func New() (*Annotator, error) { return NewWith(Options{}) }

// NewWith loads the act lexicons and the model o says.
func NewWith(o Options) (*Annotator, error) {
	an := &Annotator{langs: map[string]*lex{}}
	switch {
	case o.RulesOnly:
	case o.Model != nil:
		m, err := ReadModel(o.Model)
		if err != nil {
			return nil, err
		}
		an.model = m
	default:
		m, err := embeddedModel()
		if err != nil {
			return nil, fmt.Errorf("embedded act model: %w", err)
		}
		an.model = m
	}
	for _, lang := range lexicon.Languages() {
		if !lexicon.Has(lang, "acts") {
			continue
		}
		lines, err := lexicon.Lines(lang, "acts")
		if err != nil {
			return nil, err
		}
		l, err := parse(lines)
		if err != nil {
			return nil, fmt.Errorf("lexicon %s/acts: %w", lang, err)
		}
		// CAMEO's act verbs widen the cues; acts.txt has the last word
		// on any verb both list.
		if lexicon.Has(lang, "acts-cameo") {
			lines, err := lexicon.Lines(lang, "acts-cameo")
			if err != nil {
				return nil, err
			}
			more, err := parse(lines)
			if err != nil {
				return nil, fmt.Errorf("lexicon %s/acts-cameo: %w", lang, err)
			}
			l.addCues(more)
		}
		if lexicon.Has(lang, "cues") {
			lines, err := lexicon.Lines(lang, "cues")
			if err != nil {
				return nil, err
			}
			l.speech = speechForms(lines)
		}
		if lexicon.Has(lang, "attrib-time") {
			lines, err := lexicon.Lines(lang, "attrib-time")
			if err != nil {
				return nil, err
			}
			l.times = map[string]bool{}
			for _, w := range lines {
				l.times[strings.ToLower(strings.TrimSpace(w))] = true
			}
		}
		l.index()
		an.langs[lang] = l
	}
	if an.langs["en"] == nil {
		return nil, fmt.Errorf("lexicon en/acts: missing")
	}
	return an, nil
}

func parse(lines []string) (*lex, error) {
	l := &lex{cues: map[string][]phrase{}, content: map[string][]phrase{}, own: map[string][]phrase{}, neg: map[string][]phrase{}, claim: map[string]bool{}, wrong: map[string][]phrase{}, denied: map[string][]phrase{}, hedge: map[string][]phrase{}, debunk: map[string][]phrase{}, refers: map[string]string{}, reply: map[string][]phrase{}, accusing: map[string]bool{}}
	for _, line := range lines {
		f := strings.Split(line, "|")
		if len(f) != 3 {
			return nil, fmt.Errorf("%q: want phrase | act | where", line)
		}
		words := words(strings.TrimSpace(f[0]))
		act, where := strings.TrimSpace(f[1]), strings.TrimSpace(f[2])
		if len(words) == 0 {
			return nil, fmt.Errorf("%q: empty phrase", line)
		}
		switch act {
		case "", rapporteur.ActAssert, rapporteur.ActAccuse, rapporteur.ActDeny, rapporteur.ActCriticize,
			rapporteur.ActSupport, rapporteur.ActConfirm, rapporteur.ActDemand:
		default:
			return nil, fmt.Errorf("%q: unknown act %q", line, act)
		}
		p := phrase{words: words, act: act}
		switch where {
		case "cue":
			for _, form := range inflect(words[0]) {
				l.cues[form] = append(l.cues[form], p)
			}
		case "content":
			l.content[words[0]] = append(l.content[words[0]], p)
		case "own":
			l.own[words[0]] = append(l.own[words[0]], p)
		case "neg":
			l.neg[words[0]] = append(l.neg[words[0]], p)
		case "claim":
			l.claim[words[0]] = true
		case "wrong":
			l.wrong[words[0]] = append(l.wrong[words[0]], p)
		case "denied":
			l.denied[words[0]] = append(l.denied[words[0]], p)
		case "hedge":
			l.hedge[words[0]] = append(l.hedge[words[0]], p)
		case "debunk":
			l.debunk[words[0]] = append(l.debunk[words[0]], p)
		case "reply":
			for _, form := range inflect(words[0]) {
				l.reply[form] = append(l.reply[form], p)
			}
			if l.replyKeys == nil {
				l.replyKeys = map[string]bool{}
			}
			if key := words[0]; !stops[key] || len(words) == 1 {
				for _, form := range inflect(key) {
					l.replyKeys[form] = true
				}
			} else {
				l.replyKeys[words[1]] = true
			}
		case "accusing":
			l.accusing[words[0]] = true
		case "refers":
			if len(words) != 1 {
				return nil, fmt.Errorf("%q: a refers entry is one noun", line)
			}
			l.refers[words[0]] = act
		default:
			return nil, fmt.Errorf("%q: unknown place %q", line, where)
		}
	}
	return l, nil
}

// speechForms returns the inflected forms of the verbs of a cues lexicon
// (lemma | past | past participle | tags).
func speechForms(lines []string) map[string]bool {
	out := map[string]bool{}
	for _, line := range lines {
		f := strings.Split(line, "|")
		for k, field := range f {
			if k > 2 {
				break
			}
			ws := strings.Fields(strings.ToLower(field))
			if len(ws) == 0 {
				continue
			}
			if k == 0 {
				for _, form := range inflect(ws[0]) {
					out[form] = true
				}
				continue
			}
			out[ws[0]] = true
		}
	}
	return out
}

// addCues adds the cue phrases of o that l does not hold yet.
func (l *lex) addCues(o *lex) {
	for first, ps := range o.cues {
	next:
		for _, p := range ps {
			for _, q := range l.cues[first] {
				if strings.Join(q.words, " ") == strings.Join(p.words, " ") {
					continue next
				}
			}
			l.cues[first] = append(l.cues[first], p)
		}
	}
}

// inflect returns the forms of an English verb lemma: base, -s, -ed, -ing,
// with a doubled final consonant as well when the rule cannot tell.
func inflect(v string) []string {
	forms := []string{v}
	n := len(v)
	switch {
	case strings.HasSuffix(v, "e"):
		forms = append(forms, v+"s", v+"d", v[:n-1]+"ing")
	case n > 1 && strings.HasSuffix(v, "y") && !strings.ContainsRune("aeiou", rune(v[n-2])):
		forms = append(forms, v[:n-1]+"ies", v[:n-1]+"ied", v+"ing")
	case strings.HasSuffix(v, "sh") || strings.HasSuffix(v, "ch") || strings.HasSuffix(v, "s") || strings.HasSuffix(v, "x"):
		forms = append(forms, v+"es", v+"ed", v+"ing")
	default:
		forms = append(forms, v+"s", v+"ed", v+"ing")
		if n > 2 && !strings.ContainsRune("aeiouwxy", rune(v[n-1])) && strings.ContainsRune("aeiou", rune(v[n-2])) && !strings.ContainsRune("aeiou", rune(v[n-3])) {
			d := v + v[n-1:]
			forms = append(forms, d+"ed", d+"ing")
		}
	}
	return forms
}

// tok is a lower-cased word of the text and its code point offsets, as act
// reads it: a token of the text layer (package text) with "n't" split off
// ("don't" → "do" "n't", so "did n't deny" matches "did not deny"'s
// lexicon entries) and a possessive 's or ' taken off.
type tok struct {
	w          string
	start, end int
	cap        bool // the word starts with an upper-case letter
	poss       bool // the word had a possessive 's or ' taken off
}

// words splits s into lower-case word strings.
func words(s string) []string {
	var out []string
	for _, t := range tokensOf(s) {
		out = append(out, t.w)
	}
	return out
}

// tokensOf reads s, a text of its own (a lexicon phrase, a name, a
// headline), into act's words.
func tokensOf(s string) []tok {
	d := text.Parse(s)
	return tokens(d, 0, len(d.Runes))
}

// tokens returns act's words for the tokens of d that start in [from, to).
func tokens(d *text.Doc, from, to int) []tok {
	ts := d.Tokens
	i := sort.Search(len(ts), func(k int) bool { return ts[k].Start >= from })
	j := i + sort.Search(len(ts)-i, func(k int) bool { return ts[i+k].Start >= to })
	if j == i {
		return nil
	}
	out := make([]tok, 0, j-i+2) // room for a split "n't" or two
	for _, t := range ts[i:j] {
		out = appendTok(out, t)
	}
	return out
}

// appendTok appends the words of one layer token to out.
func appendTok(out []tok, t text.Token) []tok {
	w := t.Lower
	if t.Kind != text.Word {
		return append(out, tok{w: w, start: t.Start, end: t.End})
	}
	if strings.ContainsRune(w, '’') {
		w = strings.ReplaceAll(w, "’", "'")
	}
	if strings.HasSuffix(w, "n't") && len(w) > 3 {
		return append(out, tok{w: w[:len(w)-3], start: t.Start, end: t.End - 3, cap: t.Upper},
			tok{w: "n't", start: t.End - 3, end: t.End})
	}
	end := t.End
	if s := strings.TrimSuffix(w, "'s"); s != w {
		w, end = s, end-2
	} else if s := strings.TrimSuffix(w, "'"); s != w {
		w, end = s, end-1
	}
	return append(out, tok{w: w, start: t.Start, end: end, cap: t.Upper, poss: end < t.End})
}

// match returns the longest phrase of ps whose words start at ts[i].
func match(ts []tok, i int, ps []phrase) (phrase, bool) {
	var best phrase
	found := false
	for _, p := range ps {
		if i+len(p.words) > len(ts) {
			continue
		}
		ok := true
		for k := 1; k < len(p.words); k++ {
			if ts[i+k].w != p.words[k] {
				ok = false
				break
			}
		}
		if ok && (!found || len(p.words) > len(best.words)) {
			best, found = p, true
		}
	}
	return best, found
}
