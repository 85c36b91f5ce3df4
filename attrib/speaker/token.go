package speaker

import (
	"strings"
	"unicode"
	"unicode/utf8"
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

// tokenize splits text into tokens in one pass. Periods stay on initials
// ("J.", "U.S.") and on abbreviations from the lexicon ("Mr.", "Inc."), so
// they do not end a sentence or split a name.
func tokenize(l *lang, text string, toks []token) []token {
	pending := true // the next word starts a sentence
	quoted := false
	newLine := true
	var sent int32
	ri := 0
	for bi := 0; bi < len(text); {
		c, sz := utf8.DecodeRuneInString(text[bi:])
		switch {
		case c == '\n' || c == '\r':
			pending = true
			quoted = false
			newLine = true
			bi += sz
			ri++
			continue
		case unicode.IsSpace(c) || c == '[' || c == ']':
			// Square brackets mark an editor's insertion inside a quote
			// ("[Prime Minister Narendra] Modi"): the words inside read
			// on with the words around them, so the name is whole.
			bi += sz
			ri++
			continue
		case unicode.IsLetter(c) || unicode.IsDigit(c):
			t := token{b0: bi, r0: ri, kind: kWord}
			bi, ri = scanWord(l, text, bi, ri)
			if cut := gluedLabel(l, text, t.b0, bi); cut > t.b0 {
				// "Bill HammonsImage: Bill Hammons.": a caption word run
				// into the name is a word of its own.
				ri -= utf8.RuneCountInString(text[cut:bi])
				bi = cut
			}
			t.b1, t.r1 = bi, ri
			w := text[t.b0:t.b1]
			t.low = lower(w)
			t.cap = unicode.IsUpper(c) || particleName(l, w)
			t.upper = t.cap && isAllUpper(w)
			if t.upper && l.closedClass(t.low) && !strings.HasPrefix(text[bi:], "$") {
				// "US", "WHO", "IT": an acronym, not the pronoun or
				// relative word it spells; the lexicons list such
				// acronyms as written too (see lang.addAcronym). "US$"
				// is a currency, no place.
				t.low = w
			}
			if pending && len(toks) > 0 {
				sent++
			}
			t.sentStart = pending
			t.quoted = quoted
			t.lineStart = newLine
			newLine = false
			t.sent = sent
			pending = false
			toks = append(toks, t)
			continue
		}
		// An apostrophe after a word: possessive "'s" or a plural's "'".
		if isApos(c) && len(toks) > 0 && toks[len(toks)-1].kind == kWord && toks[len(toks)-1].b1 == bi {
			n := bi + sz
			if n < len(text) && (text[n] == 's' || text[n] == 'S') && !wordAt(text, n+1) {
				toks = append(toks, token{b0: bi, b1: n + 1, r0: ri, r1: ri + 2, low: "'s", kind: kPoss, sent: sent})
				bi, ri = n+1, ri+2
				continue
			}
			if !wordAt(text, n) && strings.HasSuffix(toks[len(toks)-1].low, "s") {
				toks = append(toks, token{b0: bi, b1: n, r0: ri, r1: ri + 1, low: "'", kind: kPoss, sent: sent})
				bi, ri = n, ri+1
				continue
			}
		}
		t := token{b0: bi, b1: bi + sz, r0: ri, r1: ri + 1, low: text[bi : bi+sz], kind: kPunct, sent: sent, lineStart: newLine}
		newLine = false
		toks = append(toks, t)
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
		case isQuote(c) && wordAt(text, bi+sz):
			// An opening quote: its first word is capitalised like a
			// sentence's.
			pending = true
		}
		bi += sz
		ri++
	}
	return toks
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

// scanWord returns the end (bytes, code points) of the word starting at bi.
func scanWord(l *lang, text string, bi, ri int) (int, int) {
	start := bi
	for bi < len(text) {
		c, sz := utf8.DecodeRuneInString(text[bi:])
		if unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.Is(unicode.Mn, c) {
			bi += sz
			ri++
			continue
		}
		n := bi + sz
		if (c == '-' || c == '‐' || c == '&') && wordAt(text, n) {
			bi, ri = n, ri+1
			continue
		}
		if isApos(c) && wordAt(text, n) {
			// "'s" followed by a non-letter is a possessive, its own token.
			if (text[n] == 's' || text[n] == 'S') && !wordAt(text, n+1) {
				break
			}
			bi, ri = n, ri+1
			continue
		}
		break
	}
	if bi >= len(text) || text[bi] != '.' {
		return bi, ri
	}
	w := text[start:bi]
	if n, _ := utf8.DecodeRuneInString(w); utf8.RuneLen(n) == len(w) && unicode.IsLetter(n) {
		// An initial, or an initialism: "J.", "U.S.", "U.N.".
		bi, ri = bi+1, ri+1
		for bi+1 < len(text) {
			c, sz := utf8.DecodeRuneInString(text[bi:])
			if !unicode.IsLetter(c) || bi+sz >= len(text) || text[bi+sz] != '.' {
				break
			}
			bi, ri = bi+sz+1, ri+2
		}
		return bi, ri
	}
	if l.abbrevs[lower(w)+"."] {
		return bi + 1, ri + 1
	}
	return bi, ri
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
