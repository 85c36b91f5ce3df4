// Package text is the text layer of attribution: it reads an article's
// text once into paragraphs, paired quotations, tokens and sentences, with
// code point offsets (what spans use) and byte offsets (for slicing), and
// every reader of the article (statements, speakers, the span model) works
// on that one reading.
//
// Quote marks are classified and paired per paragraph (a quotation left
// open at a paragraph end continues when the next paragraph opens with a
// mark); words keep their inner apostrophes, hyphens and dotted acronyms
// ("don't", "O’Brien", "U.S."); sentences never break inside a quotation.
package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Doc is one article's text read into paragraphs, quotations, tokens and
// sentences. Build it with Parse, then Split. A Doc is not changed by its
// readers once built, so one Doc may be read by several of them.
type Doc struct {
	// Text is the article text; invalid UTF-8 is replaced, byte by byte,
	// with U+FFFD, so token texts are slices of it.
	Text  string
	Runes []rune
	// Paras are the [start, end) code point ranges of the non-empty lines,
	// space trimmed.
	Paras  [][2]int
	Quotes []Quotation
	Tokens []Token
	// Sentences are set by Split.
	Sentences []Sentence
	bytes     []int32 // byte offset in Text of each rune, and of the end
}

// Parse reads s into paragraphs, quotations and tokens.
func Parse(s string) *Doc {
	rs := []rune(s)
	paras := paraBounds(rs)
	quotes, used := pairQuotes(rs, paras, findMarks(rs))
	d := &Doc{Text: s, Runes: rs, Paras: paras, Quotes: quotes}
	d.tokenize(used)
	return d
}

// Byte returns the byte offset in d.Text of code point i (0 ≤ i ≤
// len(d.Runes)).
func (d *Doc) Byte(i int) int { return int(d.bytes[i]) }

// Token kinds.
const (
	Word  = iota
	Punct // any other character that is not space, quote marks not paired included
	Quote // a quote mark paired into a quotation
)

// Token is a word, a punctuation mark or a quote mark of the text. Offsets
// are code points.
type Token struct {
	Start, End int
	Kind       int
	Text       string // the token's text
	Lower      string // lower-cased text
	Upper      bool   // starts with an upper-case letter
	Para       int    // paragraph index
	Quote      int    // index of the quotation the token lies in, or -1
	Open       bool   // for Quote: opening mark
}

// Quotation is one paragraph's piece of a quoted passage: from its opening
// mark (or the paragraph start, for a quote continued from the paragraph
// before without a new mark) to its closing mark (or the paragraph end).
type Quotation struct {
	Open, Close int // rune index of the marks; -1 when absent
	Start, End  int // the quoted words, marks excluded
	Para        int
	ContPrev    bool // continues a quotation of the previous paragraph
	ContNext    bool // continues in the next paragraph
	First, Last int  // token range of the quotation, marks included
	Words       int  // number of word tokens inside
	Single      bool // opened with a single mark
}

// Mark families and roles.
const (
	famNone = iota
	famDouble
	famSingle
)

const (
	roleNone   = iota
	roleOpen   // certainly opens
	roleClose  // certainly closes
	roleEither // straight mark between letters: toggles
	roleOpenApos
	roleCloseApos // closes if a single quote is open, else an apostrophe
)

func isWordRune(r rune) bool {
	if r < 0x80 {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// isSpace reports whether r separates words: white space, and the
// invisible characters pasted text carries (zero-width space, soft hyphen,
// byte order mark), which would otherwise split a name from its verb.
func isSpace(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad':
		return true
	}
	return unicode.IsSpace(r)
}

// markAt classifies the quote mark at rs[i].
func markAt(rs []rune, i int) (fam, role int) {
	var prev, next rune = ' ', ' '
	if i > 0 {
		prev = rs[i-1]
	}
	if i+1 < len(rs) {
		next = rs[i+1]
	}
	pw, nw := isWordRune(prev), isWordRune(next)
	ps, ns := isSpace(prev) || strings.ContainsRune("([{—–-", prev), isSpace(next)
	switch rs[i] {
	case '"', '＂':
		switch {
		case ps && !ns:
			return famDouble, roleOpen
		case !ps && (ns || strings.ContainsRune(",.;:!?)]—–", next)):
			return famDouble, roleClose
		case pw && nw:
			return famDouble, roleEither
		}
		return famDouble, roleEither
	case '“':
		// Opens in English; closes after a word in German („…“) and when
		// misused as a closing mark.
		if !ps && (ns || strings.ContainsRune(",.;:!?)", next)) {
			return famDouble, roleClose
		}
		return famDouble, roleOpen
	case '”':
		if ps && !ns && (nw || next == '‘' || next == '\'') {
			return famDouble, roleOpen
		}
		return famDouble, roleClose
	case '„':
		return famDouble, roleOpen
	case '«', '»':
		// « … » in French and English, » … « in German: a guillemet that
		// follows a word and precedes a space or punctuation closes.
		if !ps && (ns || strings.ContainsRune(",.;:!?)", next)) {
			return famDouble, roleClose
		}
		if ps && !ns {
			return famDouble, roleOpen
		}
		if rs[i] == '«' {
			return famDouble, roleOpen
		}
		return famDouble, roleClose
	case '‹':
		return famSingle, roleOpen
	case '›':
		return famSingle, roleClose
	case '‘':
		if pw && nw {
			return famNone, roleNone
		}
		return famSingle, roleOpen
	case '’', '\'', '`':
		if pw && nw {
			return famNone, roleNone // don't, O’Brien
		}
		if ps && (nw || next == '"' || next == '“') {
			return famSingle, roleOpenApos // 'word or ’90s
		}
		if !ps && !pw {
			return famSingle, roleClose // .’ ,’ ?’
		}
		if pw && !nw {
			return famSingle, roleCloseApos // Jones’ or word’
		}
	}
	return famNone, roleNone
}

// isMark reports whether r can be a quote mark.
func isMark(r rune) bool {
	switch r {
	case '"', '＂', '“', '”', '„', '«', '»', '‹', '›', '‘', '’', '\'', '`':
		return true
	}
	return false
}

// mark is a classified quote mark; doubled marks (” and “) count as one
// double mark of width 2.
type mark struct {
	pos, width int
	fam, role  int
}

// findMarks lists the quote marks of rs in order.
func findMarks(rs []rune) []mark {
	var ms []mark
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if !isMark(r) {
			continue
		}
		if (r == '\'' || r == '`') && i+1 < len(rs) && rs[i+1] == r {
			// Old newspaper text writes ``…'' or ''…'' for double quotes.
			role := roleEither
			if r == '`' {
				role = roleOpen
			} else if i > 0 && !isSpace(rs[i-1]) {
				role = roleClose
			} else {
				role = roleOpen
			}
			ms = append(ms, mark{pos: i, width: 2, fam: famDouble, role: role})
			i++
			continue
		}
		fam, role := markAt(rs, i)
		if fam == famNone {
			continue
		}
		ms = append(ms, mark{pos: i, width: 1, fam: fam, role: role})
	}
	return ms
}

// paraBounds returns the [start, end) rune ranges of the paragraphs
// (lines) of rs, skipping empty ones.
func paraBounds(rs []rune) [][2]int {
	var out [][2]int
	s := 0
	for i := 0; i <= len(rs); i++ {
		if i == len(rs) || rs[i] == '\n' {
			a, b := s, i
			for a < b && isSpace(rs[a]) {
				a++
			}
			for b > a && isSpace(rs[b-1]) {
				b--
			}
			if b > a {
				out = append(out, [2]int{a, b})
			}
			s = i + 1
		}
	}
	return out
}

// pairQuotes pairs the marks of each paragraph into quotations; used
// marks the runes that are paired quote marks. It is one
// pass over the marks with a look-ahead table, so it stays linear on text
// with thousands of marks.
func pairQuotes(rs []rune, paras [][2]int, ms []mark) (quotes []Quotation, used []bool) {
	used = make([]bool, len(rs))
	mi := 0
	carry := false // a double quotation continues from the previous paragraph
	for pi, p := range paras {
		// Marks of this paragraph.
		lo := mi
		for mi < len(ms) && ms[mi].pos < p[1] {
			mi++
		}
		pm := ms[lo:mi]
		// nextSingleClose[k]: whether a single closing candidate follows k.
		hasSingleClose := make([]bool, len(pm)+1)
		for k := len(pm) - 1; k >= 0; k-- {
			hasSingleClose[k] = hasSingleClose[k+1] || (pm[k].fam == famSingle && (pm[k].role == roleClose || pm[k].role == roleCloseApos))
		}
		openFam, openAt, openPos := famNone, -1, 0
		contPrev := false
		if carry {
			// A continued quotation reopens with a mark at the paragraph
			// start; without one, the paragraph is still quoted.
			if len(pm) > 0 && pm[0].pos == p[0] && pm[0].fam == famDouble && pm[0].role != roleClose {
				openFam, openAt, openPos = famDouble, pm[0].pos, pm[0].pos+pm[0].width
				used[pm[0].pos] = true
				pm = pm[1:]
				hasSingleClose = hasSingleClose[1:]
			} else {
				openFam, openAt, openPos = famDouble, -1, p[0]
			}
			contPrev = true
		}
		carry = false
		for k, m := range pm {
			if openFam == famNone {
				switch {
				case m.fam == famDouble && m.role != roleClose:
					openFam, openAt, openPos = famDouble, m.pos, m.pos+m.width
				case m.fam == famSingle && (m.role == roleOpen || m.role == roleOpenApos) && hasSingleClose[k+1]:
					openFam, openAt, openPos = famSingle, m.pos, m.pos+m.width
				default:
					continue
				}
				contPrev = false
				used[m.pos] = true
				continue
			}
			if m.fam != openFam {
				continue // nested quotation: part of the outer one
			}
			if m.role == roleOpen || m.role == roleOpenApos {
				continue // nested or stray opener
			}
			quotes = append(quotes, Quotation{Open: openAt, Close: m.pos, Start: openPos, End: m.pos, Para: pi, ContPrev: contPrev, Single: openFam == famSingle})
			used[m.pos] = true
			openFam = famNone
		}
		if openFam != famNone {
			// Unclosed at the paragraph end: a double quotation continues
			// when the next paragraph opens with a mark.
			q := Quotation{Open: openAt, Close: -1, Start: openPos, End: p[1], Para: pi, ContPrev: contPrev}
			if openFam == famDouble && pi+1 < len(paras) {
				np := paras[pi+1]
				if mi < len(ms) && ms[mi].pos == np[0] && ms[mi].fam == famDouble && ms[mi].role != roleClose {
					q.ContNext = true
					carry = true
				}
			}
			if q.End > q.Start {
				quotes = append(quotes, q)
			} else if openAt >= 0 {
				used[openAt] = false
			}
		}
	}
	return quotes, used
}

// SentenceEnd reports whether r ends a sentence.
func SentenceEnd(r rune) bool { return r == '.' || r == '!' || r == '?' || r == '…' }

// tokenize splits the paragraphs into tokens, marking quote tokens and
// the quotation every token lies in.
func (d *Doc) tokenize(used []bool) {
	rs, paras, quotes := d.Runes, d.Paras, d.Quotes
	// Byte offset of every rune, so token texts are slices of text, not
	// copies. Invalid UTF-8 decodes to U+FFFD rune by rune; such a text is
	// rebuilt from the runes so the slices still match them.
	if !utf8.ValidString(d.Text) {
		d.Text = string(rs)
	}
	text := d.Text
	boff := make([]int32, len(rs)+1)
	bi := 0
	for i, r := range rs {
		boff[i] = int32(bi)
		bi += utf8.RuneLen(r)
	}
	boff[len(rs)] = int32(bi)
	d.bytes = boff
	toks := make([]Token, 0, len(rs)/4+16)
	qi := 0
	for pi, p := range paras {
		i := p[0]
		for i < p[1] {
			r := rs[i]
			if isSpace(r) {
				i++
				continue
			}
			t := Token{Start: i, Para: pi, Quote: -1}
			switch {
			case used[i]:
				t.Kind = Quote
				t.End = i + 1
				if i+1 < p[1] && (rs[i] == '\'' || rs[i] == '`') && rs[i+1] == rs[i] {
					t.End = i + 2
				}
			case isWordRune(r):
				j := i + 1
				for j < p[1] {
					c := rs[j]
					if isWordRune(c) || c >= 0x80 && unicode.IsMark(c) {
						j++
						continue
					}
					if j+1 < p[1] && isWordRune(rs[j+1]) && !used[j] {
						// don't, O’Brien, U.S, 3.5, 1,000, well-known, al‐Assad, AT&T,
						// Znak.com
						if c == '\'' || c == '’' || c == '-' || c == '&' || c == '‑' || c == '‐' ||
							(c == '.' && (unicode.IsDigit(rs[j+1]) || isAcronymDot(rs, i, j) || unicode.IsLower(rs[j+1]) && unicode.IsLetter(rs[j-1]))) ||
							(c == ',' && unicode.IsDigit(rs[j-1]) && unicode.IsDigit(rs[j+1])) {
							j++
							continue
						}
					}
					break
				}
				// Possessive of a plural or a name ending in s: Jones’
				if j < p[1] && (rs[j] == '\'' || rs[j] == '’') && !used[j] && (rs[j-1] == 's' || rs[j-1] == 'S') {
					j++
				}
				// Dotted acronym: keep its final period (U.S.).
				if j < p[1] && rs[j] == '.' && isAcronymDot(rs, i, j) {
					j++
				}
				t.Kind = Word
				t.End = j
			default:
				t.Kind = Punct
				t.End = i + 1
			}
			t.Text = text[boff[t.Start]:boff[t.End]]
			t.Lower = strings.ToLower(t.Text)
			t.Upper = unicode.IsUpper(rs[t.Start])
			toks = append(toks, t)
			i = t.End
		}
	}
	// Mark the quotation of every token, and the quotation's token range.
	for i := range quotes {
		quotes[i].First = -1
	}
	for k := range toks {
		for qi < len(quotes) && quoteEndRune(quotes[qi]) <= toks[k].Start {
			qi++
		}
		if qi < len(quotes) {
			q := &quotes[qi]
			lo := q.Start
			if q.Open >= 0 {
				lo = q.Open
			}
			if toks[k].Start >= lo && toks[k].Start < quoteEndRune(*q) {
				toks[k].Quote = qi
				if toks[k].Kind == Quote {
					toks[k].Open = toks[k].Start == q.Open
				}
				if q.First < 0 {
					q.First = k
				}
				q.Last = k + 1
				if toks[k].Kind == Word {
					q.Words++
				}
			}
		}
	}
	d.Tokens = toks
}

// quoteEndRune is the end of a quotation including its closing mark.
func quoteEndRune(q Quotation) int {
	if q.Close >= 0 {
		return q.Close + 1
	}
	return q.End
}

// isAcronymDot reports whether the period at rs[j] belongs to a dotted
// acronym that starts at rs[i] (U.S., U.N., a.m.): single letters
// separated by periods.
func isAcronymDot(rs []rune, i, j int) bool {
	// After a hyphen the acronym starts anew: a party and a state
	// ("D-N.C.", "R-S.C.") are one word, whose periods end no sentence.
	// Its final period is kept only after two letters or more ("D-N.C.",
	// not "Group X-A.").
	for k := j - 1; k > i; k-- {
		if rs[k] == '-' || rs[k] == '‑' || rs[k] == '‐' {
			i = k + 1
			if j-i < 3 && (j+1 >= len(rs) || !isWordRune(rs[j+1])) {
				return false
			}
			break
		}
	}
	if j-i < 1 {
		return false
	}
	// The word so far must be letter (. letter)* with single letters.
	for k := i; k < j; k++ {
		if (k-i)%2 == 0 {
			if !unicode.IsLetter(rs[k]) {
				return false
			}
		} else if rs[k] != '.' {
			return false
		}
	}
	return (j-i)%2 == 1
}

// Sentence is a token range [First, Last) inside one paragraph.
type Sentence struct {
	First, Last int
}

// Lexicon is what the sentence splitter needs to know of a language.
type Lexicon interface {
	// Abbrev reports whether w, a word as written, is an abbreviation
	// whose period does not end a sentence ("Mr", "Gen").
	Abbrev(w string) bool
	// Opener reports whether a lower-cased word opens a sentence after a
	// dotted acronym ("… in the U.S. The …", "… U.S. He …").
	Opener(lower string) bool
	// TailCue reports whether a lower-cased word is a cue that a quotation
	// ending in "?" or "!" runs on into ("…?" Kim asked.).
	TailCue(lower string) bool
}

// Split splits each paragraph's tokens into d.Sentences. A sentence never
// ends inside a quotation: a quoted passage with its cue ("…," she said)
// is read as one unit.
func (d *Doc) Split(lx Lexicon) {
	rs, toks := d.Runes, d.Tokens
	out := make([]Sentence, 0, len(toks)/16+1)
	start := 0
	for k := range toks {
		t := toks[k]
		lastOfPara := k+1 == len(toks) || toks[k+1].Para != t.Para
		if lastOfPara {
			out = append(out, Sentence{start, k + 1})
			start = k + 1
			continue
		}
		nx := toks[k+1]
		end := false
		switch {
		case t.Kind == Punct && SentenceEnd(rs[t.Start]) && t.Quote < 0:
			end = endsHere(lx, rs, toks, k) && (nx.Upper || unicode.IsDigit(rs[nx.Start]) || (nx.Kind == Quote && nx.Open) || nx.Kind == Punct && rs[nx.Start] == '(')
		case t.Kind == Quote && !t.Open && k > 0 && toks[k-1].Kind == Punct && SentenceEnd(rs[toks[k-1].Start]):
			// After a period the quotation has ended its sentence: "….” He
			// warns that …" starts anew; only "?" and "!" may run on into
			// their cue ("…?" Kim said.).
			end = (nx.Upper || (nx.Kind == Quote && nx.Open)) && (rs[toks[k-1].Start] == '.' || !cueTail(lx, toks, k+1))
		case t.Kind == Word && t.Quote < 0 && strings.HasSuffix(t.Lower, ".") && nx.Upper && lx.Opener(nx.Lower) && nx.Lower != "i":
			// A dotted acronym (U.S.) also ends the sentence when a
			// sentence-opening word follows.
			end = true
		case t.Kind == Word && t.Quote < 0 && t.End-t.Start == 2 && t.Upper && rs[t.End-1] == '.' && nx.Upper && !acronymWord(rs, nx) && k > 0 && toks[k-1].End < t.Start && acronymWord(rs, toks[k-1]):
			// A letter after an acronym is a product's, no initial:
			// "Apple's Mac OS X. Michael Dell, …" ends its sentence
			// (not in capitals: "GEORGE W. BUSH").
			end = true
		}
		if !end && k+1-start >= MaxSentence && t.Quote < 0 {
			// Text without sentence ends (lists, tables, hostile input)
			// is cut into bounded pieces, so every reading of a cue stays
			// local and the whole search linear.
			end = true
		}
		if end {
			out = append(out, Sentence{start, k + 1})
			start = k + 1
		}
	}
	d.Sentences = out
}

// MaxSentence is the most tokens a sentence may have outside quotations;
// prose sentences are far shorter.
const MaxSentence = 250

// cueTail reports whether the tokens from k form a short clause with a cue
// that ends the sentence, as after a quotation ending in "?" or "!":
// "…?" Kim said. The quotation and its cue stay one sentence.
func cueTail(lx Lexicon, toks []Token, k int) bool {
	para := toks[k].Para
	for i := k; i < len(toks) && i < k+5 && toks[i].Para == para; i++ {
		t := toks[i]
		if t.Kind != Word {
			return false
		}
		if lx.TailCue(t.Lower) && !(t.Upper && i > k) {
			return true
		}
	}
	return false
}

// endsHere reports whether the period token at k ends a sentence, judging
// by the word before it.
func endsHere(lx Lexicon, rs []rune, toks []Token, k int) bool {
	if rs[toks[k].Start] != '.' || k == 0 {
		return true
	}
	p := toks[k-1]
	if p.Kind != Word || p.End != toks[k].Start {
		return true
	}
	if lx.Abbrev(p.Text) {
		return false
	}
	// An initial: "J. Smith".
	if p.End-p.Start == 1 && p.Upper {
		return false
	}
	return true
}

// acronymWord reports whether t is a word of two or more capital letters
// and no other letters ("OS", "NASA").
func acronymWord(rs []rune, t Token) bool {
	if t.Kind != Word || t.End-t.Start < 2 {
		return false
	}
	for _, r := range rs[t.Start:t.End] {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}
