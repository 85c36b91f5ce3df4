// Package snippet cuts the snippet of a search result: the words of a
// query's terms marked in the stretch of text where most of them are.
// Both stores use it. Snippets are cut in Go rather than by the database
// (FTS5's snippet() must find each listed row again in the index, which for
// a common word means walking its whole posting list once per row, and then
// tokenizes the text anyway); the text is split the way the indexes split
// it (Split: unicode61's words, diacritics removed, case folded; the
// PostgreSQL store builds its tsvectors from the same words), so the words
// that matched are the words marked.
package snippet

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/query"
	"golang.org/x/text/unicode/norm"
)

// Words is the length of a snippet in words.
const Words = 30

// Highlighter marks the words of a query's positive terms in a text.
type Highlighter struct {
	terms [][]string // each term's words, normalised
	pref  []bool     // whether the term's last word is a prefix
}

// New collects the terms of n outside any NOT whose field is
// "" or one of fields.
func New(n query.Node, fields ...string) *Highlighter {
	h := &Highlighter{}
	for _, t := range query.Positives(n) {
		if t.Field != "" && !slices.Contains(fields, t.Field) {
			continue
		}
		var words []string
		for _, w := range Split(t.Text) {
			words = append(words, w.Form)
		}
		if len(words) > 0 {
			h.terms = append(h.terms, words)
			h.pref = append(h.pref, t.Prefix)
		}
	}
	return h
}

// Empty reports whether h has no words to mark, so no text can give a
// snippet.
func (h *Highlighter) Empty() bool { return len(h.terms) == 0 }

// Word is a word of a text: its byte range and normalised form.
type Word struct {
	Start, End int
	Form       string
}

// Split splits s into runs of letters, digits and marks, as FTS5's
// unicode61 tokenizer does.
func Split(s string) []Word {
	var toks []Word
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
			toks = append(toks, Word{start, i, Norm(s[start:i])})
			start = -1
		}
	}
	if start >= 0 {
		toks = append(toks, Word{start, len(s), Norm(s[start:])})
	}
	return toks
}

// Norm folds case and removes diacritics.
func Norm(w string) string {
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
	return Fold(w)
}

// Fold is Norm for any text: lower case without combining marks.
func Fold(w string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(w) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// snippet returns about Words words of text around the most
// matches, the matched words between the highlight markers, with "…" where
// text was cut; ok is false when nothing matches.
func (h *Highlighter) Cut(text string) (string, bool) {
	if len(h.terms) == 0 {
		return "", false
	}
	toks := Split(text)
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
	// The window of Words words with the most hit words.
	best, bestN, n := 0, -1, 0
	for i := range toks {
		if hit[i] {
			n++
		}
		if i >= Words && hit[i-Words] {
			n--
		}
		if s := max(0, i-Words+1); n > bestN {
			best, bestN = s, n
		}
	}
	end := min(len(toks), best+Words)
	var b strings.Builder
	if best > 0 {
		b.WriteString("…")
	}
	pos := toks[best].Start
	for i := best; i < end; i++ {
		t := toks[i]
		b.WriteString(text[pos:t.Start])
		if hit[i] {
			b.WriteString(rapporteur.HighlightStart + text[t.Start:t.End] + rapporteur.HighlightEnd)
		} else {
			b.WriteString(text[t.Start:t.End])
		}
		pos = t.End
	}
	if end < len(toks) {
		b.WriteString("…")
	} else {
		b.WriteString(strings.TrimRightFunc(text[pos:], unicode.IsSpace))
	}
	return strings.ToValidUTF8(b.String(), string(utf8.RuneError)), true
}

// matchAt reports whether a term's words start at toks[i].
func (h *Highlighter) matchAt(toks []Word, i int, words []string, prefix bool) bool {
	if i+len(words) > len(toks) {
		return false
	}
	for j, w := range words {
		t := toks[i+j].Form
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
