package speaker

import (
	"strings"

	"unicode"
	"unicode/utf8"

	"github.com/rapporteur/rapporteur/attrib/text"
)

// Token kinds.
const (
	kWord  = iota
	kPoss  // possessive "'s" or the bare apostrophe of "ministers'"
	kPunct // any other single character that is not space
)

// token is a word or punctuation mark of the article, with byte offsets
// (for slicing) and code point offsets (what spans use).
type token struct {
	b0, b1    int
	r0, r1    int
	low       string // lower-cased word; "'s" for both apostrophes
	kind      uint8
	cap       bool // starts with an upper-case letter
	upper     bool // all letters upper case, at least two ("UN", "NDP")
	sentStart bool // first word of a sentence, a paragraph or a quote
	quoted    bool // inside quotation marks (reset at each line break)
	lineStart bool // first token of a line
	sent      int32
}

// tokens derives the resolver's tokens from the text layer's: the words
// of the article as attrib reads them, with a possessive "'s" (or the bare
// apostrophe of "ministers'") split off, the period of an abbreviation of
// the lexicon kept on its word ("Mr.", "Inc.") so it ends no sentence, and
// square brackets dropped: they mark an editor's insertion inside a quote
// ("[Prime Minister Narendra] Modi"), whose words read on with the words
// around them, so the name is whole.
func tokens(l *lang, d *text.Doc, toks []token) []token {
	src := d.Text
	pending := true // the next word starts a sentence
	quoted := false
	newLine := true
	para := -1
	var sent int32
	dt := d.Tokens
	// A dotted word that ends a sentence of the text layer ("… Mac OS X.
	// Michael Dell, …", "… the U.S. The weather …") ends it here too: its
	// period is the word's, no punctuation token.
	dottedEnd := map[int]bool{}
	for _, s := range d.Sentences {
		if k := s.Last - 1; k >= 0 && k < len(dt) && dt[k].Kind == text.Word && strings.HasSuffix(dt[k].Text, ".") {
			dottedEnd[k] = true
		}
	}
	for i := 0; i < len(dt); i++ {
		t := &dt[i]
		if t.Para != para {
			para = t.Para
			pending, quoted, newLine = true, false, true
		}
		b0, b1 := d.Byte(t.Start), d.Byte(t.End)
		if t.Kind == text.Word {
			r0, r1 := t.Start, t.End
			// A possessive at the word's end is a token of its own.
			var poss token
			switch w := src[b0:b1]; {
			case len(w) > 2 && w[len(w)-1]|0x20 == 's' && w[len(w)-2] == '\'':
				poss = token{b0: b1 - 2, b1: b1, r0: r1 - 2, r1: r1, low: "'s", kind: kPoss}
			case len(w) > 4 && w[len(w)-1]|0x20 == 's' && strings.HasSuffix(w[:len(w)-1], "’"):
				poss = token{b0: b1 - 4, b1: b1, r0: r1 - 2, r1: r1, low: "'s", kind: kPoss}
			case len(w) > 1 && w[len(w)-1] == '\'':
				poss = token{b0: b1 - 1, b1: b1, r0: r1 - 1, r1: r1, low: "'", kind: kPoss}
			case len(w) > 3 && strings.HasSuffix(w, "’"):
				poss = token{b0: b1 - 3, b1: b1, r0: r1 - 1, r1: r1, low: "'", kind: kPoss}
			}
			if poss.kind == kPoss {
				b1, r1 = poss.b0, poss.r0
			} else if i+1 < len(dt) && dt[i+1].Start == r1 && dt[i+1].Kind == text.Punct && src[b1:min(b1+1, len(src))] == "." && l.abbrevs[lower(src[b0:b1])+"."] {
				// "Mr.", "Inc.": the period is the abbreviation's.
				b1, r1 = b1+1, r1+1
				i++
			}
			if cut := gluedLabel(l, src, b0, b1); cut > b0 {
				// "Bill HammonsImage: Bill Hammons.": a caption word run
				// into the name is a word of its own.
				n := utf8.RuneCountInString(src[cut:b1])
				toks = appendWord(l, toks, src, b0, cut, r0, r1-n, &pending, quoted, &newLine, &sent)
				b0, r0 = cut, r1-n
			}
			toks = appendWord(l, toks, src, b0, b1, r0, r1, &pending, quoted, &newLine, &sent)
			if poss.kind == kPoss {
				poss.sent = sent
				toks = append(toks, poss)
			}
			if dottedEnd[i] {
				pending = true
			}
			continue
		}
		// Punctuation, one character a token ("''" is two).
		for ri, bi := t.Start, b0; bi < b1; ri++ {
			c, sz := utf8.DecodeRuneInString(src[bi:])
			if c == '[' || c == ']' {
				bi += sz
				continue
			}
			// An apostrophe after a word: possessive "'s" or a plural's "'".
			if isApos(c) && len(toks) > 0 && toks[len(toks)-1].kind == kWord && toks[len(toks)-1].b1 == bi {
				n := bi + sz
				if n < len(src) && (src[n] == 's' || src[n] == 'S') && !wordAt(src, n+1) && i+1 < len(dt) && dt[i+1].End == ri+2 {
					toks = append(toks, token{b0: bi, b1: n + 1, r0: ri, r1: ri + 2, low: "'s", kind: kPoss, sent: sent})
					i++ // the "s" is the next token
					break
				}
				if !wordAt(src, n) && strings.HasSuffix(toks[len(toks)-1].low, "s") {
					toks = append(toks, token{b0: bi, b1: n, r0: ri, r1: ri + 1, low: "'", kind: kPoss, sent: sent})
					bi = n
					continue
				}
			}
			toks = append(toks, token{b0: bi, b1: bi + sz, r0: ri, r1: ri + 1, low: src[bi : bi+sz], kind: kPunct, sent: sent, lineStart: newLine})
			newLine = false
			switch c {
			case '"':
				quoted = !quoted
			case '“', '«', '„':
				quoted = true
			case '”', '»':
				quoted = false
			}
			switch {
			case c == '.' || c == '!' || c == '?':
				pending = true
			case isQuote(c) && wordAt(src, bi+sz):
				// An opening quote: its first word is capitalised like a
				// sentence's.
				pending = true
			}
			bi += sz
		}
	}
	return toks
}

// appendWord appends the word src[b0:b1] (code points [r0, r1)).
func appendWord(l *lang, toks []token, src string, b0, b1, r0, r1 int, pending *bool, quoted bool, newLine *bool, sent *int32) []token {
	w := src[b0:b1]
	c, _ := utf8.DecodeRuneInString(w)
	t := token{b0: b0, b1: b1, r0: r0, r1: r1, kind: kWord}
	t.low = lower(w)
	t.cap = unicode.IsUpper(c) || particleName(l, w)
	t.upper = t.cap && isAllUpper(w)
	if t.upper && l.closedClass(t.low) && !strings.HasPrefix(src[b1:], "$") {
		// "US", "WHO", "IT": an acronym, not the pronoun or relative word
		// it spells; the lexicons list such acronyms as written too (see
		// lang.addAcronym). "US$" is a currency, no place.
		t.low = w
	}
	if *pending && len(toks) > 0 {
		*sent++
	}
	t.sentStart = *pending
	t.quoted = quoted
	t.lineStart = *newLine
	*newLine = false
	t.sent = *sent
	*pending = false
	return append(toks, t)
}

// gluedLabel returns where a caption word run into the word text[b0:b1]
// starts ("HammonsImage" before a colon: "Image"), or -1. The caption
// word is a not-name ("Image", "Photo") after a lower-case letter, and a
// colon follows it.
func gluedLabel(l *lang, text string, b0, b1 int) int {
	if b1 >= len(text) || text[b1] != ':' {
		return -1
	}
	prev := rune(0)
	for i, c := range text[b0:b1] {
		if i > 0 && unicode.IsUpper(c) && unicode.IsLower(prev) && l.notNames[lower(text[b0+i:b1])] {
			return b0 + i
		}
		prev = c
	}
	return -1
}

// wordAt reports whether a letter or digit starts at byte i.
func wordAt(text string, i int) bool {
	if i >= len(text) {
		return false
	}
	c, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.IsLetter(c) || unicode.IsDigit(c)
}

func isApos(c rune) bool { return c == '\'' || c == '’' }

func isQuote(c rune) bool {
	switch c {
	case '"', '“', '”', '‘', '’', '\'', '«', '»', '„', '‹', '›':
		return true
	}
	return false
}

// lower lower-cases s without allocating when it is already lower-case
// ASCII, which most words are.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return strings.ToLower(strings.ReplaceAll(s, "’", "'"))
		}
		if 'A' <= c && c <= 'Z' {
			return asciiLower(s)
		}
	}
	return s
}

func isAllUpper(s string) bool {
	n := 0
	for _, c := range s {
		if unicode.IsLower(c) {
			return false
		}
		if unicode.IsLetter(c) {
			n++
		}
	}
	return n >= 2
}

// asciiLower lower-cases s, which holds an upper-case ASCII letter, in one
// allocation; non-ASCII input goes to strings.ToLower.
func asciiLower(s string) string {
	b := make([]byte, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return strings.ToLower(strings.ReplaceAll(s, "’", "'"))
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return string(b)
}

// particleName reports whether w is a name joined to a lower-case particle
// ("al-Shabaab", "el-Sisi"): it counts as capitalised.
func particleName(l *lang, w string) bool {
	i := strings.IndexByte(w, '-')
	if i <= 0 || i+1 >= len(w) || !l.particles[w[:i]] {
		return false
	}
	c, _ := utf8.DecodeRuneInString(w[i+1:])
	return unicode.IsUpper(c)
}
