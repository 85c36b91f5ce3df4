package attrib

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token kinds.
const (
	tWord = iota
	tPunct
	tQuote // a quote mark paired into a quotation
)

// token is a word, a punctuation mark or a quote mark of the text. Offsets
// are code points.
type token struct {
	start, end int
	kind       int
	text       string // the token's text
	lower      string // lower-cased text
	upper      bool   // starts with an upper-case letter
	para       int    // paragraph index
	quote      int    // index of the quotation the token lies in, or -1
	open       bool   // for tQuote: opening mark
}

// quotation is one paragraph's piece of a quoted passage: from its opening
// mark (or the paragraph start, for a quote continued from the paragraph
// before without a new mark) to its closing mark (or the paragraph end).
type quotation struct {
	open, close int // rune index of the marks; -1 when absent
	start, end  int // the quoted words, marks excluded
	para        int
	contPrev    bool // continues a quotation of the previous paragraph
	contNext    bool // continues in the next paragraph
	first, last int  // token range of the quotation, marks included
	used        bool // claimed by a statement
	words       int  // number of word tokens inside
	single      bool // opened with a single mark
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
func pairQuotes(rs []rune, paras [][2]int, ms []mark) (quotes []quotation, used []bool) {
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
			quotes = append(quotes, quotation{open: openAt, close: m.pos, start: openPos, end: m.pos, para: pi, contPrev: contPrev, single: openFam == famSingle})
			used[m.pos] = true
			openFam = famNone
		}
		if openFam != famNone {
			// Unclosed at the paragraph end: a double quotation continues
			// when the next paragraph opens with a mark.
			q := quotation{open: openAt, close: -1, start: openPos, end: p[1], para: pi, contPrev: contPrev}
			if openFam == famDouble && pi+1 < len(paras) {
				np := paras[pi+1]
				if mi < len(ms) && ms[mi].pos == np[0] && ms[mi].fam == famDouble && ms[mi].role != roleClose {
					q.contNext = true
					carry = true
				}
			}
			if q.end > q.start {
				quotes = append(quotes, q)
			} else if openAt >= 0 {
				used[openAt] = false
			}
		}
	}
	return quotes, used
}

// sentenceEnd reports whether r ends a sentence.
func sentenceEnd(r rune) bool { return r == '.' || r == '!' || r == '?' || r == '…' }

// tokenize splits rs into tokens, marking quote tokens and the quotation
// every token lies in.
func tokenize(text string, rs []rune, paras [][2]int, quotes []quotation, used []bool) []token {
	// Byte offset of every rune, so token texts are slices of text, not
	// copies. Invalid UTF-8 decodes to U+FFFD rune by rune; such a text is
	// rebuilt from the runes so the slices still match them.
	if !utf8.ValidString(text) {
		text = string(rs)
	}
	boff := make([]int32, len(rs)+1)
	bi := 0
	for i, r := range rs {
		boff[i] = int32(bi)
		bi += utf8.RuneLen(r)
	}
	boff[len(rs)] = int32(bi)
	toks := make([]token, 0, len(rs)/4+16)
	qi := 0
	for pi, p := range paras {
		i := p[0]
		for i < p[1] {
			r := rs[i]
			if isSpace(r) {
				i++
				continue
			}
			t := token{start: i, para: pi, quote: -1}
			switch {
			case used[i]:
				t.kind = tQuote
				t.end = i + 1
				if i+1 < p[1] && (rs[i] == '\'' || rs[i] == '`') && rs[i+1] == rs[i] {
					t.end = i + 2
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
						// don't, O’Brien, U.S, 3.5, 1,000, well-known, AT&T,
						// Znak.com
						if c == '\'' || c == '’' || c == '-' || c == '&' || c == '‑' ||
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
				t.kind = tWord
				t.end = j
			default:
				t.kind = tPunct
				t.end = i + 1
			}
			t.text = text[boff[t.start]:boff[t.end]]
			t.lower = strings.ToLower(t.text)
			t.upper = unicode.IsUpper(rs[t.start])
			toks = append(toks, t)
			i = t.end
		}
	}
	// Mark the quotation of every token, and the quotation's token range.
	for i := range quotes {
		quotes[i].first = -1
	}
	for k := range toks {
		for qi < len(quotes) && quoteEndRune(quotes[qi]) <= toks[k].start {
			qi++
		}
		if qi < len(quotes) {
			q := &quotes[qi]
			lo := q.start
			if q.open >= 0 {
				lo = q.open
			}
			if toks[k].start >= lo && toks[k].start < quoteEndRune(*q) {
				toks[k].quote = qi
				if toks[k].kind == tQuote {
					toks[k].open = toks[k].start == q.open
				}
				if q.first < 0 {
					q.first = k
				}
				q.last = k + 1
				if toks[k].kind == tWord {
					q.words++
				}
			}
		}
	}
	return toks
}

// quoteEndRune is the end of a quotation including its closing mark.
func quoteEndRune(q quotation) int {
	if q.close >= 0 {
		return q.close + 1
	}
	return q.end
}

// isAcronymDot reports whether the period at rs[j] belongs to a dotted
// acronym that starts at rs[i] (U.S., U.N., a.m.): single letters
// separated by periods.
func isAcronymDot(rs []rune, i, j int) bool {
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

// sentence is a token range [first, last) inside one paragraph.
type sentence struct {
	first, last int
}

// splitSentences splits each paragraph's tokens into sentences. A sentence
// never ends inside a quotation: a quoted passage with its cue ("…," she
// said) is read as one unit.
func (l *lang) splitSentences(rs []rune, toks []token) []sentence {
	var out []sentence
	start := 0
	for k := range toks {
		t := toks[k]
		lastOfPara := k+1 == len(toks) || toks[k+1].para != t.para
		if lastOfPara {
			out = append(out, sentence{start, k + 1})
			start = k + 1
			continue
		}
		nx := toks[k+1]
		end := false
		switch {
		case t.kind == tPunct && sentenceEnd(rs[t.start]) && t.quote < 0:
			end = l.endsHere(rs, toks, k) && (nx.upper || unicode.IsDigit(rs[nx.start]) || (nx.kind == tQuote && nx.open) || nx.kind == tPunct && rs[nx.start] == '(')
		case t.kind == tQuote && !t.open && k > 0 && toks[k-1].kind == tPunct && sentenceEnd(rs[toks[k-1].start]):
			// After a period the quotation has ended its sentence: "….” He
			// warns that …" starts anew; only "?" and "!" may run on into
			// their cue ("…?" Kim said.).
			end = (nx.upper || (nx.kind == tQuote && nx.open)) && (rs[toks[k-1].start] == '.' || !l.cueTail(toks, k+1))
		case t.kind == tWord && t.quote < 0 && strings.HasSuffix(t.lower, ".") && l.acronymEnds(toks, k):
			end = true
		}
		if !end && k+1-start >= maxSentence && t.quote < 0 {
			// Text without sentence ends (lists, tables, hostile input)
			// is cut into bounded pieces, so every reading of a cue stays
			// local and the whole search linear.
			end = true
		}
		if end {
			out = append(out, sentence{start, k + 1})
			start = k + 1
		}
	}
	return out
}

// maxSentence is the most tokens a sentence may have outside quotations;
// prose sentences are far shorter.
const maxSentence = 250

// cueTail reports whether the tokens from k form a short clause with a cue
// that ends the sentence, as after a quotation ending in "?" or "!":
// "…?" Kim said. The quotation and its cue stay one sentence.
func (l *lang) cueTail(toks []token, k int) bool {
	para := toks[k].para
	for i := k; i < len(toks) && i < k+5 && toks[i].para == para; i++ {
		t := toks[i]
		if t.kind != tWord {
			return false
		}
		if cs, ok := l.cues[t.lower]; ok && cs[0].form != formPrep && !(t.upper && i > k) {
			return true
		}
	}
	return false
}

// endsHere reports whether the period token at k ends a sentence, judging
// by the word before it.
func (l *lang) endsHere(rs []rune, toks []token, k int) bool {
	if rs[toks[k].start] != '.' || k == 0 {
		return true
	}
	p := toks[k-1]
	if p.kind != tWord || p.end != toks[k].start {
		return true
	}
	w := string(rs[p.start:p.end])
	if l.abbrev[w] {
		return false
	}
	// An initial: "J. Smith".
	if p.end-p.start == 1 && p.upper {
		return false
	}
	return true
}

// acronymEnds reports whether a dotted acronym at k (U.S.) also ends the
// sentence: it does when a sentence-opening word follows.
func (l *lang) acronymEnds(toks []token, k int) bool {
	nx := toks[k+1]
	return nx.upper && l.is(nx.lower, clSubj|clDet) && nx.lower != "i"
}
