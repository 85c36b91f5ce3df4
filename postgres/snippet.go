package postgres

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/query"
	"golang.org/x/text/unicode/norm"
)

// Snippets are cut in Go, as in package sqlite (this file repeats its
// snippet.go): the text is split into the words the tsvectors are built
// from (text.go), so a snippet marks exactly the words that matched.

// snippetWords is the length of a snippet in words.
const snippetWords = 30

// highlighter marks the words of a query's positive terms in a text.
type highlighter struct {
	terms [][]string // each term's words, normalised
	pref  []bool     // whether the term's last word is a prefix
}

// newHighlighter collects the terms of n outside any NOT whose field is
// "" or one of fields.
func newHighlighter(n query.Node, fields ...string) *highlighter {
	h := &highlighter{}
	for _, t := range query.Positives(n) {
		if t.Field != "" && !slices.Contains(fields, t.Field) {
			continue
		}
		var words []string
		for _, w := range wordTokens(t.Text) {
			words = append(words, w.norm)
		}
		if len(words) > 0 {
			h.terms = append(h.terms, words)
			h.pref = append(h.pref, t.Prefix)
		}
	}
	return h
}

// wordToken is a word of a text: its byte range and normalised form.
type wordToken struct {
	start, end int
	norm       string
}

// wordTokens splits s into runs of letters, digits and marks, as FTS5's
// unicode61 tokenizer does.
func wordTokens(s string) []wordToken {
	var toks []wordToken
	start := -1
	for i, r := range s {
		var word bool
		if r < utf8.RuneSelf { // most of the text: no table lookups
			word = 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
		} else {
			word = unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Co, r)
		}
		if word && start < 0 {
			start = i
		} else if !word && start >= 0 {
			toks = append(toks, wordToken{start, i, normWord(s[start:i])})
			start = -1
		}
	}
	if start >= 0 {
		toks = append(toks, wordToken{start, len(s), normWord(s[start:])})
	}
	return toks
}

// normWord folds case and removes diacritics.
func normWord(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii { // nothing to decompose: a snippet reads whole bodies
		return strings.ToLower(w)
	}
	return foldWord(w)
}

// foldWord is normWord for any text: lower case without combining marks.
func foldWord(w string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(w) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// snippet returns about snippetWords words of text around the most
// matches, the matched words between the highlight markers, with "…" where
// text was cut; ok is false when nothing matches.
func (h *highlighter) snippet(text string) (string, bool) {
	if len(h.terms) == 0 {
		return "", false
	}
	toks := wordTokens(text)
	hit := make([]bool, len(toks))
	any := false
	for i := range toks {
		for k, words := range h.terms {
			if h.matchAt(toks, i, words, h.pref[k]) {
				for j := range words {
					hit[i+j] = true
				}
				any = true
			}
		}
	}
	if !any {
		return "", false
	}
	// The window of snippetWords words with the most hit words.
	best, bestN, n := 0, -1, 0
	for i := range toks {
		if hit[i] {
			n++
		}
		if i >= snippetWords && hit[i-snippetWords] {
			n--
		}
		if s := max(0, i-snippetWords+1); n > bestN {
			best, bestN = s, n
		}
	}
	end := min(len(toks), best+snippetWords)
	var b strings.Builder
	if best > 0 {
		b.WriteString("…")
	}
	pos := toks[best].start
	for i := best; i < end; i++ {
		t := toks[i]
		b.WriteString(text[pos:t.start])
		if hit[i] {
			b.WriteString(rapporteur.HighlightStart + text[t.start:t.end] + rapporteur.HighlightEnd)
		} else {
			b.WriteString(text[t.start:t.end])
		}
		pos = t.end
	}
	if end < len(toks) {
		b.WriteString("…")
	} else {
		b.WriteString(strings.TrimRightFunc(text[pos:], unicode.IsSpace))
	}
	return strings.ToValidUTF8(b.String(), string(utf8.RuneError)), true
}

// matchAt reports whether a term's words start at toks[i].
func (h *highlighter) matchAt(toks []wordToken, i int, words []string, prefix bool) bool {
	if i+len(words) > len(toks) {
		return false
	}
	for j, w := range words {
		t := toks[i+j].norm
		if prefix && j == len(words)-1 {
			if !strings.HasPrefix(t, w) {
				return false
			}
		} else if t != w {
			return false
		}
	}
	return true
}
