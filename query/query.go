// Package query parses rapporteur's search language into a syntax tree.
//
//	zhao lijian                 both words (implicit AND)
//	xinjiang OR uyghur          either word
//	report NOT farce, -farce    without a word
//	(torture OR abuse) un       parentheses group
//	"credible allegations"      a phrase
//	allegat*                    a prefix
//	title:xinjiang              a word of the title
//	speaker:"zhao lijian"       the speaker (of an article: a person or
//	                            organization it quotes)
//	source:bbc.co.uk            the outlet: its name, its domain (with or
//	                            without www.), or part of the domain at a
//	                            dot (source:wikinews, source:bbc)
//	credit:AP                   a wire credit, by name or by an alias of
//	                            the agency lexicon (AP, AFP, dpa …)
//	lang:en                     the article language
//	kind:direct                 direct, indirect or mixed statements
//	date:2022-08-01..2022-09-30 an article date range (also 2022, 2022-08,
//	                            open ends 2022-08.. and ..2022-09)
//	date:P7D                    the last 7 days (ISO 8601 duration)
//	act:deny                    a statement's act: assert, accuse, deny,
//	                            criticize, support, confirm or demand
//	target:"UN report"          what a statement's act is aimed at (its
//	                            name holds the words)
//	answers:"Zhao Lijian"       statements that answer a statement of the
//	                            speaker (in its article or an earlier one)
//	has:note                    with a note (an article: on it or on
//	                            one of its statements)
//	note:disputed               with a note of that status: verified,
//	                            disputed or needs-check
//
// AND, OR and NOT are operators only in capitals; "and" is a word. NOT
// binds tightest, then AND, then OR. The parser has no clock: relative
// dates are resolved against the time passed to Parse. A malformed query
// gives an *Error with the position of the problem.
package query

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits on a query, so that no input can make parsing or the SQL built
// from it expensive.
const (
	MaxLen   = 2000 // bytes
	MaxDepth = 20   // nested parentheses and NOTs
	MaxTerms = 64
)

// Fields that a term can be restricted to.
const (
	FieldTitle   = "title"
	FieldSpeaker = "speaker"
	FieldSource  = "source"
	FieldCredit  = "credit"
	FieldLang    = "lang"
	FieldKind    = "kind"
	FieldMode    = "mode" // mode:speech or mode:stance (words or a position)
	FieldDate    = "date"
	FieldAct     = "act"     // act:deny, a statement's act (issue 11)
	FieldTarget  = "target"  // target:"UN report", what the act aims at
	FieldAnswers = "answers" // answers:"Zhao Lijian", replies to the speaker
	FieldHas     = "has"     // has:note
	FieldNote    = "note"    // note:disputed, the status of a note
)

// NoteStatuses are the values of note: (issue 15).
var NoteStatuses = []string{"verified", "disputed", "needs-check"}

// Acts are the values of act:, the statement acts of the extract
// contract.
var Acts = []string{"assert", "accuse", "deny", "criticize", "support", "confirm", "demand"}

var fields = []string{FieldAct, FieldTarget, FieldAnswers, FieldTitle, FieldSpeaker, FieldSource, FieldCredit, FieldLang, FieldKind, FieldMode, FieldDate, FieldHas, FieldNote}

// Error is a malformed query: Pos is the offset of the problem in code
// points from the start of the query, Msg says what is wrong and how to
// write it instead.
type Error struct {
	Pos int
	Msg string
}

func (e *Error) Error() string {
	return fmt.Sprintf("query: column %d: %s", e.Pos+1, e.Msg)
}

// Node is a node of the syntax tree: *And, *Or, *Not, *Term or *Date.
type Node interface {
	// String prints the node in the query language, with every AND
	// written and dates as exact instants: zhao AND (un OR report),
	// title:"x y", date:2022-08-01T00:00:00Z..; it parses to the same
	// tree.
	String() string
}

// And matches what all its nodes match.
type And struct{ Nodes []Node }

// Or matches what any of its nodes matches.
type Or struct{ Nodes []Node }

// Not matches what its node does not.
type Not struct{ Node Node }

// Term is a word, a phrase or a prefix, in the default text fields or in
// one Field (title, speaker, source, credit, lang or kind). Text is as the
// user wrote it, without the quotes and the star.
type Term struct {
	Field  string
	Text   string
	Phrase bool // it was quoted
	Prefix bool // it ended in *
	Pos    int  // code point offset of the term in the query
}

// Date restricts the article date to From <= date < To; a zero bound is
// open.
type Date struct {
	From, To time.Time
	Pos      int
}

func (n *And) String() string {
	parts := make([]string, len(n.Nodes))
	for i, c := range n.Nodes {
		parts[i] = c.String()
		if _, ok := c.(*Or); ok {
			parts[i] = "(" + parts[i] + ")"
		}
	}
	return strings.Join(parts, " AND ")
}

func (n *Or) String() string {
	parts := make([]string, len(n.Nodes))
	for i, c := range n.Nodes {
		parts[i] = c.String()
	}
	return strings.Join(parts, " OR ")
}

func (n *Not) String() string {
	switch n.Node.(type) {
	case *And, *Or:
		return "NOT (" + n.Node.String() + ")"
	}
	return "NOT " + n.Node.String()
}

func (n *Term) String() string {
	s := n.Text
	if n.Phrase {
		s = `"` + s + `"`
	}
	if n.Prefix {
		s += "*"
	}
	if n.Field != "" {
		s = n.Field + ":" + s
	}
	return s
}

func (n *Date) String() string {
	f := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	return "date:" + f(n.From) + ".." + f(n.To)
}

// Parse parses a query. now anchors relative dates (date:P7D). An empty or
// blank query gives a nil Node and no error.
func Parse(q string, now time.Time) (Node, error) {
	if len(q) > MaxLen {
		return nil, &Error{Pos: 0, Msg: fmt.Sprintf("the query is longer than %d bytes", MaxLen)}
	}
	if !utf8.ValidString(q) {
		return nil, &Error{Pos: 0, Msg: "the query is not valid UTF-8"}
	}
	toks, err := lex(q)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks, now: now}
	if p.peek().kind == tEOF {
		return nil, nil
	}
	n, err := p.or(0)
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		if t.kind == tRParen {
			return nil, &Error{Pos: t.pos, Msg: `")" has no matching "("`}
		}
		return nil, &Error{Pos: t.pos, Msg: fmt.Sprintf("unexpected %s", t.describe())}
	}
	if p.terms > MaxTerms {
		return nil, &Error{Pos: 0, Msg: fmt.Sprintf("the query has more than %d terms", MaxTerms)}
	}
	return n, nil
}

// Token kinds.
const (
	tEOF = iota
	tWord
	tPhrase
	tLParen
	tRParen
	tAnd
	tOr
	tNot
	tMinus // a '-' glued to the next term: NOT
)

type token struct {
	kind   int
	text   string // word or phrase text; for a field term, the value
	field  string // field name before ':', lower case
	prefix bool   // ended in '*'
	pos    int    // code point offset
}

func (t token) describe() string {
	switch t.kind {
	case tEOF:
		return "end of query"
	case tLParen:
		return `"("`
	case tRParen:
		return `")"`
	case tAnd, tOr, tNot:
		return t.text
	case tPhrase:
		return fmt.Sprintf("phrase %q", t.text)
	}
	return fmt.Sprintf("%q", t.text)
}

// lex splits the query into tokens. Words run until white space, a
// parenthesis or a quote; "field:" before a word or a phrase makes a field
// term.
func lex(q string) ([]token, error) {
	rs := []rune(q)
	var toks []token
	i := 0
	for i < len(rs) {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '(':
			toks = append(toks, token{kind: tLParen, pos: i})
			i++
		case r == ')':
			toks = append(toks, token{kind: tRParen, pos: i})
			i++
		case r == '-' && i+1 < len(rs) && !unicode.IsSpace(rs[i+1]) && rs[i+1] != ')' && rs[i+1] != '-':
			// '-' starting a token is NOT; inside a word ("well-known")
			// it is part of the word, which the default case reads whole.
			toks = append(toks, token{kind: tMinus, text: "-", pos: i})
			i++
		case r == '"':
			t, n, err := lexPhrase(rs, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, t)
			i = n
		default:
			start := i
			for i < len(rs) && !unicode.IsSpace(rs[i]) && rs[i] != '(' && rs[i] != ')' && rs[i] != '"' {
				i++
			}
			word := string(rs[start:i])
			if name, rest, ok := strings.Cut(word, ":"); ok && isFieldName(name) {
				field := strings.ToLower(name)
				if !knownField(field) {
					return nil, &Error{Pos: start, Msg: fmt.Sprintf("unknown field %q; the fields are %s (put the word in quotes to search for it as text)", name+":", strings.Join(fields, ": ")+":")}
				}
				vpos := start + utf8.RuneCountInString(name) + 1
				if rest == "" {
					// the value may be a phrase: speaker:"zhao lijian"
					if i < len(rs) && rs[i] == '"' {
						t, n, err := lexPhrase(rs, i)
						if err != nil {
							return nil, err
						}
						t.field, t.pos = field, start
						toks = append(toks, t)
						i = n
						continue
					}
					return nil, &Error{Pos: vpos, Msg: fmt.Sprintf("%s: needs a value right after the colon, such as %s", field, example(field))}
				}
				t := token{kind: tWord, field: field, pos: start}
				t.text, t.prefix = cutStar(rest)
				if t.text == "" {
					return nil, &Error{Pos: vpos, Msg: fmt.Sprintf("%s: needs a value before the *", field)}
				}
				toks = append(toks, t)
				continue
			}
			switch word {
			case "AND":
				toks = append(toks, token{kind: tAnd, text: word, pos: start})
				continue
			case "OR":
				toks = append(toks, token{kind: tOr, text: word, pos: start})
				continue
			case "NOT":
				toks = append(toks, token{kind: tNot, text: word, pos: start})
				continue
			}
			t := token{kind: tWord, pos: start}
			t.text, t.prefix = cutStar(word)
			if t.text == "" {
				return nil, &Error{Pos: start, Msg: `a "*" must end a word, as in allegat*`}
			}
			toks = append(toks, t)
		}
	}
	return append(toks, token{kind: tEOF, pos: len(rs)}), nil
}

// lexPhrase reads a quoted phrase starting at rs[i] == '"', with an
// optional '*' after the closing quote.
func lexPhrase(rs []rune, i int) (token, int, error) {
	start := i
	i++
	for i < len(rs) && rs[i] != '"' {
		i++
	}
	if i == len(rs) {
		return token{}, 0, &Error{Pos: start, Msg: "this quote is never closed; add a closing \""}
	}
	text := strings.TrimSpace(string(rs[start+1 : i]))
	i++
	if text == "" {
		return token{}, 0, &Error{Pos: start, Msg: "empty phrase \"\""}
	}
	t := token{kind: tPhrase, text: text, pos: start}
	if i < len(rs) && rs[i] == '*' {
		t.prefix = true
		i++
	}
	return t, i, nil
}

func cutStar(s string) (string, bool) {
	if t, ok := strings.CutSuffix(s, "*"); ok {
		return strings.TrimRight(t, "*"), true
	}
	return s, false
}

// isFieldName reports whether s looks like a field name (ASCII letters
// only), so that "10:30" stays a word while a misspelt field ("speakr:")
// is reported instead of silently searched as text.
func isFieldName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r > unicode.MaxASCII || !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

func knownField(f string) bool {
	for _, k := range fields {
		if f == k {
			return true
		}
	}
	return false
}

func example(field string) string {
	switch field {
	case FieldKind:
		return "kind:direct"
	case FieldMode:
		return "mode:speech"
	case FieldAct:
		return "act:deny"
	case FieldTarget:
		return `target:"UN report"`
	case FieldAnswers:
		return `answers:"Zhao Lijian"`
	case FieldHas:
		return "has:note"
	case FieldNote:
		return "note:disputed"
	case FieldLang:
		return "lang:en"
	case FieldDate:
		return "date:2022-08-01..2022-09-30 or date:P7D"
	case FieldSpeaker:
		return `speaker:"Zhao Lijian"`
	case FieldSource:
		return "source:bbc.co.uk"
	case FieldCredit:
		return `credit:"Associated Press"`
	}
	return field + ":word"
}

type parser struct {
	toks  []token
	i     int
	now   time.Time
	terms int
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token { t := p.toks[p.i]; p.i++; return t }

func (p *parser) or(depth int) (Node, error) {
	first, err := p.and(depth)
	if err != nil {
		return nil, err
	}
	nodes := []Node{first}
	for p.peek().kind == tOr {
		op := p.next()
		if !p.startsTerm() {
			return nil, &Error{Pos: op.pos, Msg: "OR needs a term on both sides"}
		}
		n, err := p.and(depth)
		if err != nil {
			return nil, err
		}
		nodes = append(nodes, n)
	}
	if len(nodes) == 1 {
		return first, nil
	}
	return flatten(&Or{Nodes: nodes}), nil
}

func (p *parser) and(depth int) (Node, error) {
	first, err := p.unary(depth)
	if err != nil {
		return nil, err
	}
	nodes := []Node{first}
	for {
		t := p.peek()
		if t.kind == tAnd {
			p.next()
			if !p.startsTerm() {
				return nil, &Error{Pos: t.pos, Msg: "AND needs a term on both sides"}
			}
		} else if !p.startsTerm() {
			break
		}
		n, err := p.unary(depth)
		if err != nil {
			return nil, err
		}
		nodes = append(nodes, n)
	}
	if len(nodes) == 1 {
		return first, nil
	}
	return flatten(&And{Nodes: nodes}), nil
}

// startsTerm reports whether the next token can begin an operand.
func (p *parser) startsTerm() bool {
	switch p.peek().kind {
	case tWord, tPhrase, tLParen, tNot, tMinus:
		return true
	}
	return false
}

func (p *parser) unary(depth int) (Node, error) {
	if depth > MaxDepth {
		return nil, &Error{Pos: p.peek().pos, Msg: fmt.Sprintf("the query nests deeper than %d levels", MaxDepth)}
	}
	t := p.next()
	switch t.kind {
	case tNot, tMinus:
		if !p.startsTerm() {
			return nil, &Error{Pos: t.pos, Msg: fmt.Sprintf("%s needs a term after it, as in report NOT farce", t.text)}
		}
		n, err := p.unary(depth + 1)
		if err != nil {
			return nil, err
		}
		if inner, ok := n.(*Not); ok {
			return inner.Node, nil // NOT NOT x is x
		}
		return &Not{Node: n}, nil
	case tLParen:
		if p.peek().kind == tRParen {
			return nil, &Error{Pos: t.pos, Msg: "empty parentheses ()"}
		}
		n, err := p.or(depth + 1)
		if err != nil {
			return nil, err
		}
		if c := p.next(); c.kind != tRParen {
			return nil, &Error{Pos: t.pos, Msg: `this "(" is never closed; add a ")"`}
		}
		return n, nil
	case tWord, tPhrase:
		p.terms++
		return p.term(t)
	case tAnd, tOr:
		return nil, &Error{Pos: t.pos, Msg: fmt.Sprintf("%s needs a term on both sides", t.text)}
	case tRParen:
		return nil, &Error{Pos: t.pos, Msg: `")" has no matching "("`}
	}
	return nil, &Error{Pos: t.pos, Msg: "the query ends too early"}
}

func (p *parser) term(t token) (Node, error) {
	n := &Term{Field: t.field, Text: t.text, Phrase: t.kind == tPhrase, Prefix: t.prefix, Pos: t.pos}
	switch t.field {
	case FieldKind:
		v := strings.ToLower(t.text)
		if v != "direct" && v != "indirect" && v != "mixed" || t.prefix {
			return nil, &Error{Pos: t.pos, Msg: fmt.Sprintf("kind:%s is not a statement kind; use kind:direct, kind:indirect or kind:mixed", t.text)}
		}
		n.Text = v
	case FieldMode:
		v := strings.ToLower(t.text)
		if v != "speech" && v != "stance" || t.prefix {
			return nil, &Error{Pos: t.pos, Msg: fmt.Sprintf("mode:%s is not a statement mode; use mode:speech (words said) or mode:stance (a position reported)", t.text)}
		}
		n.Text = v
	case FieldAct:
		v := strings.ToLower(t.text)
		if !slices.Contains(Acts, v) || t.prefix {
			return nil, &Error{Pos: t.pos, Msg: fmt.Sprintf("act:%s is not a statement act; use act:accuse, act:deny, act:criticize, act:support, act:confirm, act:demand or act:assert", t.text)}
		}
		n.Text = v
	case FieldHas:
		if v := strings.ToLower(t.text); v != "note" || t.prefix {
			return nil, &Error{Pos: t.pos, Msg: fmt.Sprintf("has:%s is not something to have; use has:note", t.text)}
		}
		n.Text = "note"
	case FieldNote:
		v := strings.ToLower(t.text)
		if !slices.Contains(NoteStatuses, v) || t.prefix {
			return nil, &Error{Pos: t.pos, Msg: fmt.Sprintf("note:%s is not a note status; use note:verified, note:disputed or note:needs-check", t.text)}
		}
		n.Text = v
	case FieldLang:
		v := strings.ToLower(t.text)
		if len(v) < 2 || len(v) > 3 || strings.IndexFunc(v, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 || t.prefix {
			return nil, &Error{Pos: t.pos, Msg: fmt.Sprintf("lang:%s is not a language code; use a code such as lang:en", t.text)}
		}
		n.Text = v
	case FieldDate:
		d, err := parseDate(t.text, p.now)
		if err != nil || t.prefix {
			msg := "write a date as date:2022-08-01..2022-09-30, date:2022-08, date:2022-08-01.. or a duration back from now such as date:P7D"
			if err != nil {
				msg = err.Error() + "; " + msg
			}
			return nil, &Error{Pos: t.pos, Msg: msg}
		}
		d.Pos = t.pos
		return d, nil
	}
	return n, nil
}

// flatten merges nested nodes of the same operator: (AND a (AND b c)) is
// (AND a b c).
func flatten(n Node) Node {
	switch n := n.(type) {
	case *And:
		var out []Node
		for _, c := range n.Nodes {
			if a, ok := c.(*And); ok {
				out = append(out, a.Nodes...)
			} else {
				out = append(out, c)
			}
		}
		n.Nodes = out
	case *Or:
		var out []Node
		for _, c := range n.Nodes {
			if o, ok := c.(*Or); ok {
				out = append(out, o.Nodes...)
			} else {
				out = append(out, c)
			}
		}
		n.Nodes = out
	}
	return n
}

// Positives returns the terms of n that are outside any NOT, in query
// order: the words a match must or may contain, which a search counts and
// a snippet highlights.
func Positives(n Node) []*Term {
	var out []*Term
	var walk func(Node)
	walk = func(n Node) {
		switch n := n.(type) {
		case *And:
			for _, k := range n.Nodes {
				walk(k)
			}
		case *Or:
			for _, k := range n.Nodes {
				walk(k)
			}
		case *Term:
			out = append(out, n)
		}
	}
	walk(n)
	return out
}
