package postgres

import (
	"sort"
	"strconv"
	"strings"

	"github.com/rapporteur/rapporteur/query"
	"github.com/rapporteur/rapporteur/snippet"
)

// The full-text vectors are built here rather than by to_tsvector: the
// words are those of snippet.Split (runs of letters, digits and marks, case
// folded, diacritics removed), the tokens of the SQLite store's unicode61
// tokenizer, so that both stores find the same articles for a query and
// the snippets mark what matched. A word's weight says its field: A for a
// title or a speaker's name, D for a body or a statement's content.

// maxPosition is PostgreSQL's largest tsvector position; words further in
// share it, so a phrase beyond it no longer matches by position.
const maxPosition = 16383

// maxLexeme bounds the bytes of a word in a vector (PostgreSQL allows 2047).
const maxLexeme = 1000

// vector builds the literal of a tsvector from fields of text, each with
// its weight letter. A field's words follow the previous field's after a
// gap, so no phrase matches across two fields. Every article and statement
// stored builds one: positions are kept as numbers and the literal written
// once (a string per position and a replacer per word were a third of an
// import's client CPU).
type vector struct {
	pos   map[string][]position // word → its positions
	order []string
	next  int
}

// position is a word's place and its field's weight.
type position struct {
	at     int
	weight byte
}

func (v *vector) add(text string, weight byte) {
	if v.pos == nil {
		v.pos = map[string][]position{}
		v.next = 1
	}
	for _, t := range snippet.Split(text) {
		w := t.Form
		if len(w) > maxLexeme {
			w = strings.ToValidUTF8(w[:maxLexeme], "")
		}
		p := min(v.next, maxPosition)
		v.next++
		if w == "" {
			continue // marks alone ("़"): no lexeme, but a place
		}
		ps, ok := v.pos[w]
		if !ok {
			v.order = append(v.order, w)
		}
		if len(ps) < 256 { // PostgreSQL keeps 256 positions a word
			v.pos[w] = append(ps, position{p, weight})
		}
	}
	v.next++ // the gap between fields
}

// String returns the tsvector literal.
func (v *vector) String() string {
	words := append([]string(nil), v.order...)
	sort.Strings(words)
	var b strings.Builder
	var num []byte
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		writeLexeme(&b, w)
		b.WriteByte(':')
		for j, p := range v.pos[w] {
			if j > 0 {
				b.WriteByte(',')
			}
			num = strconv.AppendInt(num[:0], int64(p.at), 10)
			b.Write(num)
			b.WriteByte(p.weight)
		}
	}
	return b.String()
}

// lexemeQuoter doubles what a quoted lexeme cannot hold as it is.
var lexemeQuoter = strings.NewReplacer(`\`, `\\`, `'`, `''`)

// lexeme quotes a word for a tsvector or tsquery literal.
func lexeme(w string) string {
	var b strings.Builder
	writeLexeme(&b, w)
	return b.String()
}

func writeLexeme(b *strings.Builder, w string) {
	b.WriteByte('\'')
	if strings.ContainsAny(w, `\'`) {
		lexemeQuoter.WriteString(b, w)
	} else {
		b.WriteString(w)
	}
	b.WriteByte('\'')
}

// articleVector is the tsvector of an article: title words A, body D.
func articleVector(title, body string) string {
	var v vector
	v.add(title, 'A')
	v.add(body, 'D')
	return v.String()
}

// statementVector is the tsvector of a statement: content D, speaker A.
func statementVector(content, speaker string) string {
	var v vector
	v.add(content, 'D')
	v.add(speaker, 'A')
	return v.String()
}

// speakerVector is the tsvector of a speaker's name and other names.
func speakerVector(name, aliases string) string {
	var v vector
	v.add(name, 'A')
	for _, a := range strings.Split(aliases, "\n") {
		v.add(a, 'B')
	}
	return v.String()
}

// tsTerm returns the tsquery of a term's words: one word, or a phrase of
// them (<->); the last word a prefix when the term is one; weight limits
// it to a field ("A"), "" to any. ok is false for a term without words.
func tsTerm(t *query.Term, weight string) (string, bool) {
	toks := lexemes(t.Text)
	if len(toks) == 0 {
		return "", false
	}
	parts := make([]string, len(toks))
	for i, w := range toks {
		if len(w) > maxLexeme {
			w = strings.ToValidUTF8(w[:maxLexeme], "")
		}
		p := lexeme(w)
		switch {
		case t.Prefix && i == len(toks)-1:
			p += ":*" + weight
		case weight != "":
			p += ":" + weight
		}
		parts[i] = p
	}
	if len(parts) == 1 {
		return parts[0], true
	}
	return "(" + strings.Join(parts, " <-> ") + ")", true
}

// prefixQuery turns free words into a tsquery where each word is a prefix:
// "zhao li" finds Zhao Lijian; "" means no words.
func prefixQuery(q string) string {
	var parts []string
	for _, w := range lexemes(q) {
		parts = append(parts, lexeme(w)+":*")
	}
	return strings.Join(parts, " & ")
}

// lexemes returns the words of s as the vectors hold them, leaving out the
// tokens that normalise to nothing (combining marks alone).
func lexemes(s string) []string {
	var out []string
	for _, t := range snippet.Split(s) {
		if t.Form != "" {
			out = append(out, t.Form)
		}
	}
	return out
}
