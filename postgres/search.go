package postgres

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
	"sync"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/canon"
	"github.com/rapporteur/rapporteur/internal/speakersql"
	"github.com/rapporteur/rapporteur/lexicon"
	"github.com/rapporteur/rapporteur/query"
	"github.com/rapporteur/rapporteur/registry"
)

// The translation of the search language follows package sqlite's: the
// words ANDed at the top of a query become one tsquery that the GIN index
// answers, and the rest (fields that live in other tables, a NOT without a
// positive word beside it, an OR mixing words and fields) become SQL
// conditions.

// A clause is a piece of SQL with the arguments of its ? parameters.
type clause struct {
	sql  string
	args []any
	// index says that the condition has an index of its own that finds
	// its few rows (source:, speaker:, credit:): counts try it exactly.
	index bool
	// speakers, when set, are the speakers whose articles pass the
	// condition, which byMembers lists newest first.
	speakers *memberSet
	// ids, when set, is the SELECT of the ids of the articles that pass
	// the condition, with the condition's own arguments (credit:), from
	// which a count's window reads its candidates.
	ids string
}

// A memberSet is the speakers of a condition: one id, or those a query
// finds (the SELECT of one id column, and its arguments).
type memberSet struct {
	id    int64
	query string
	args  []any
}

// conds collects the conditions of a WHERE, ANDed.
type conds []clause

func (c *conds) add(sql string, args ...any) { *c = append(*c, clause{sql: sql, args: args}) }

// where returns " AND (c1) AND (c2) …" and the arguments.
func (c conds) where() (string, []any) {
	var b strings.Builder
	var args []any
	for _, x := range c {
		b.WriteString(" AND (" + x.sql + ")")
		args = append(args, x.args...)
	}
	return b.String(), args
}

func (c conds) indexed() bool {
	for _, x := range c {
		if x.index {
			return true
		}
	}
	return false
}

// target describes what a query searches: articles or statements.
type target struct {
	table     string // the searched table
	alias     string // its alias in SQL
	articleID string // the SQL of the article id of a row
	tsv       string // its tsvector column
	weight    string // the tsquery weight of its field (title:, speaker:)
	field     string // that field
	ranks     string // ts_rank weights {D, C, B, A}
	cols      string // the columns a list selects
	plainFrom string // FROM of a list
	rowFrom   string // the joins that read a ranked row w's columns
	// windowFrom is the FROM of ranking and counting, without sources.
	windowFrom string
}

var (
	articlesTarget = &target{
		table: "articles", alias: "a", articleID: "a.id", tsv: "a.tsv", weight: "A", field: query.FieldTitle,
		ranks:      "'{0.25, 0.25, 0.25, 1.0}'",
		cols:       articleCols,
		plainFrom:  "articles a LEFT JOIN sources src ON src.id = a.source_id",
		rowFrom:    "JOIN articles a ON a.id = w.id AND a.date = w.date LEFT JOIN sources src ON src.id = a.source_id",
		windowFrom: "articles a",
	}
	statementsTarget = &target{
		// speaker: is the canonical speaker's (speakerClause), not the
		// written name's words in the vector: no field of the vector.
		table: "statements", alias: "s", articleID: "s.article_id", tsv: "s.tsv", weight: "A", field: "-",
		ranks:      "'{0.5, 0.5, 0.5, 1.0}'",
		cols:       statementCols,
		plainFrom:  "statements s JOIN articles a ON a.id = s.article_id AND a.date = s.date LEFT JOIN sources src ON src.id = s.source_id",
		rowFrom:    "JOIN statements s ON s.id = w.id JOIN articles a ON a.id = s.article_id AND a.date = s.date LEFT JOIN sources src ON src.id = s.source_id",
		windowFrom: "statements s JOIN articles a ON a.id = s.article_id AND a.date = s.date",
	}
)

// search is a parsed query translated for one target: a tsquery (empty
// when the query has no text to match) and SQL conditions.
type search struct {
	t     *target
	root  query.Node // the query, pruned; nil for none
	match string
	conds conds
	// dates are the date ranges ANDed at the top of the query (they are
	// in conds too), which bound the ids attention samples (as package
	// sqlite's article blocks do).
	dates []*query.Date
	// titleOnly says that every word of the tsquery is a title: word:
	// match is then a tsquery without weights on the title's vector
	// (titleVector), which its own index answers.
	titleOnly bool
}

// titleVector is the title words of an article's vector, which migration
// 016 indexes. A title: word is 'word':A on the whole vector, but the
// text index cannot tell a weight: it found every article with the word,
// and each was tested again with its vector read from TOAST ("title:iraq"
// at 1 M articles: 996 index hits, 328 passed, 4,003 pages, ~120 ms a
// month slice); on this index the same test takes no vector at all.
const titleVector = "ts_filter(a.tsv, '{a}')"

// vector returns the SQL of the vector the tsquery match is tested on.
func (s *search) vector() string {
	if s.titleOnly {
		return titleVector
	}
	return s.t.tsv
}

// matchSQL is the condition of the tsquery on the target.
func (s *search) matchSQL() string { return s.vector() + " @@ ?::tsquery" }

// translate turns a query tree into a tsquery and conditions.
func translate(t *target, n query.Node) *search {
	s := &search{t: t}
	n = prune(n)
	s.root = n
	if n == nil {
		return s
	}
	kids := []query.Node{n}
	if and, ok := n.(*query.And); ok {
		kids = and.Nodes
	}
	if t == articlesTarget {
		kids = s.sameStatement(kids)
		s.titleOnly = titleWords(s, kids)
	}
	var pos, neg []string
	var negNodes []query.Node
	for _, k := range kids {
		if d, ok := k.(*query.Date); ok {
			s.dates = append(s.dates, d)
		}
		if m, ok := s.ts(k); ok {
			pos = append(pos, m)
		} else if not, ok := k.(*query.Not); ok {
			if m, ok := s.ts(not.Node); ok {
				neg = append(neg, m)
				negNodes = append(negNodes, k)
			} else {
				s.conds = append(s.conds, s.sql(k))
			}
		} else {
			s.conds = append(s.conds, s.sql(k))
		}
	}
	if len(pos) > 0 {
		s.match = combine(pos, neg)
	} else {
		for _, k := range negNodes {
			s.conds = append(s.conds, s.sql(k))
		}
	}
	return s
}

// titleWords reports whether the words of the tsquery that kids (ANDed)
// make are all title: words.
func titleWords(s *search, kids []query.Node) bool {
	fields := map[string]bool{}
	for _, k := range kids {
		if not, ok := k.(*query.Not); ok {
			k = not.Node
		}
		if _, ok := s.ts(k); ok {
			termFields(k, fields)
		}
	}
	return len(fields) == 1 && fields[query.FieldTitle]
}

// termFields adds the fields of the terms of n to fields.
func termFields(n query.Node, fields map[string]bool) {
	switch n := n.(type) {
	case *query.Term:
		fields[n.Field] = true
	case *query.Not:
		termFields(n.Node, fields)
	case *query.And:
		for _, k := range n.Nodes {
			termFields(k, fields)
		}
	case *query.Or:
		for _, k := range n.Nodes {
			termFields(k, fields)
		}
	}
}

// positives returns the tsqueries of the query's words and phrases that
// are not under a NOT, each alone.
func (s *search) positives() []string {
	var out []string
	for _, t := range query.Positives(s.root) {
		if m, ok := s.ts(t); ok {
			out = append(out, m)
		}
	}
	return out
}

// combine builds "(p1 & p2) & !n1 & !n2".
func combine(pos, neg []string) string {
	m := strings.Join(pos, " & ")
	if len(pos) > 1 {
		m = "(" + m + ")"
	}
	for _, n := range neg {
		m = "(" + m + " & !" + n + ")"
	}
	return m
}

// ts returns the tsquery of a node, if the target's vector can answer it.
func (s *search) ts(n query.Node) (string, bool) {
	switch n := n.(type) {
	case *query.Term:
		switch n.Field {
		case "":
			return tsTerm(n, "")
		case s.t.field:
			if s.titleOnly {
				return tsTerm(n, "") // on the title's own vector
			}
			return tsTerm(n, s.t.weight)
		}
	case *query.And:
		var pos, neg []string
		for _, k := range n.Nodes {
			if m, ok := s.ts(k); ok {
				pos = append(pos, m)
			} else if not, ok := k.(*query.Not); ok {
				m, ok := s.ts(not.Node)
				if !ok {
					return "", false
				}
				neg = append(neg, m)
			} else {
				return "", false
			}
		}
		if len(pos) == 0 {
			return "", false
		}
		return combine(pos, neg), true
	case *query.Or:
		parts := make([]string, len(n.Nodes))
		for i, k := range n.Nodes {
			m, ok := s.ts(k)
			if !ok {
				return "", false
			}
			parts[i] = m
		}
		return "(" + strings.Join(parts, " | ") + ")", true
	}
	return "", false
}

// sql returns the SQL condition of a node on the searched table.
func (s *search) sql(n query.Node) clause {
	join := func(nodes []query.Node, op string) clause {
		var c clause
		parts := make([]string, len(nodes))
		for i, k := range nodes {
			kc := s.sql(k)
			parts[i] = "(" + kc.sql + ")"
			c.args = append(c.args, kc.args...)
		}
		c.sql = strings.Join(parts, " "+op+" ")
		return c
	}
	switch n := n.(type) {
	case *query.And:
		return join(n.Nodes, "AND")
	case *query.Or:
		return join(n.Nodes, "OR")
	case *query.Not:
		c := s.sql(n.Node)
		return clause{sql: "NOT (" + c.sql + ")", args: c.args}
	case *query.Date:
		return dateClause(s.t.alias, n)
	case *query.Term:
		return s.term(n)
	}
	panic("postgres: unknown query node")
}

// dateClause bounds the date of the rows of alias. On articles the date
// is the partition key, so PostgreSQL reads only the months concerned.
func dateClause(alias string, d *query.Date) clause {
	var parts []string
	var args []any
	if !d.From.IsZero() {
		parts = append(parts, alias+".date >= ?")
		args = append(args, d.From.Unix())
	}
	if !d.To.IsZero() {
		parts = append(parts, alias+".date < ?")
		args = append(args, d.To.Unix())
	}
	if len(parts) == 0 {
		return clause{sql: "1 = 1"}
	}
	return clause{sql: strings.Join(parts, " AND "), args: args}
}

// term returns the SQL condition of one term.
func (s *search) term(t *query.Term) clause {
	a := s.t.alias
	switch t.Field {
	case "":
		m, _ := tsTerm(t, "")
		return clause{sql: s.t.tsv + " @@ ?::tsquery", args: []any{m}}
	case query.FieldTitle:
		// The title's vector, which has an index of its own, rather
		// than 'word':A on the whole one (see titleVector).
		m, _ := tsTerm(t, "")
		return clause{sql: titleVector + " @@ ?::tsquery", args: []any{m}} // a is the statement's article too
	case query.FieldSpeaker:
		if s.t == statementsTarget {
			return speakerClause(t)
		}
		// On articles, the canonical speakers whose names match: a few
		// ids, where matching the name in every statement would read
		// them all.
		named, args := speakersNamed(t)
		return clause{sql: "EXISTS (SELECT 1 FROM statements st WHERE st.article_id = a.id AND st.date = a.date AND st.speaker_id IN (" + named + "))",
			args: args, index: true, speakers: &memberSet{query: named, args: args}}
	case query.FieldSource:
		sources, args := sourceSet(t)
		return clause{sql: a + ".source_id IN (" + sources + ")", args: args, index: s.t == articlesTarget}
	case query.FieldCredit:
		keys := creditKeys(t.Text)
		ids := func(c clause) clause {
			if s.t == articlesTarget {
				c.ids = "SELECT c.article_id FROM credits c WHERE " + c.ids
			} else {
				c.ids = ""
			}
			return c
		}
		if t.Prefix {
			return ids(clause{sql: "EXISTS (SELECT 1 FROM credits c WHERE c.article_id = " + s.t.articleID + ` AND c.name_key LIKE ? ESCAPE '\')`,
				args: []any{likeEscape(keys[0]) + "%"}, index: true, ids: `c.name_key LIKE ? ESCAPE '\'`})
		}
		args := make([]any, len(keys))
		marks := make([]string, len(keys))
		for i, k := range keys {
			args[i], marks[i] = k, "?"
		}
		return ids(clause{sql: "EXISTS (SELECT 1 FROM credits c WHERE c.name_key IN (" + strings.Join(marks, ", ") + ") AND c.article_id = " + s.t.articleID + ")",
			args: args, index: true, ids: "c.name_key IN (" + strings.Join(marks, ", ") + ")"})
	case query.FieldLang:
		return clause{sql: "a.language = ?", args: []any{t.Text}}
	case query.FieldAct, query.FieldTarget:
		return actClause(s.t, t)
	case query.FieldAnswers:
		return answersClause(s.t, t)
	case query.FieldHas, query.FieldNote:
		// A note (issue 15): on an article, on it or on any of its
		// statements; on a statement, one on its words.
		status, args := "", []any(nil)
		if t.Field == query.FieldNote {
			status, args = " AND n.status = ?", []any{t.Text}
		}
		if s.t == statementsTarget {
			return clause{sql: "EXISTS (SELECT 1 FROM notes n WHERE n.article_id = s.article_id AND n.quote = s.content" + status + ")", args: args}
		}
		return clause{sql: "EXISTS (SELECT 1 FROM notes n WHERE n.article_id = a.id" + status + ")", args: args, index: true}
	case query.FieldKind:
		if s.t == statementsTarget {
			return clause{sql: "s.kind = ?", args: []any{t.Text}}
		}
		return clause{sql: "EXISTS (SELECT 1 FROM statements k WHERE k.article_id = a.id AND k.kind = ?)", args: []any{t.Text}}
	case query.FieldMode:
		// Statements stored before modes were read (mode '') are speech:
		// stances were not extracted then.
		cond := "mode <> 'stance'"
		if t.Text == rapporteur.Stance {
			cond = "mode = 'stance'"
		}
		if s.t == statementsTarget {
			return clause{sql: "s." + cond}
		}
		return clause{sql: "EXISTS (SELECT 1 FROM statements k WHERE k.article_id = a.id AND k." + cond + ")"}
	}
	panic("postgres: unknown query field " + t.Field)
}

// sameStatement reads act: and target: terms beside speaker: terms, ANDed
// at the top of an article search, as one statement's (as package sqlite
// does): act:deny speaker:X finds the articles where X denies. It adds
// their condition and returns the other terms.
func (s *search) sameStatement(kids []query.Node) []query.Node {
	var acts, speakers []*query.Term
	var rest []query.Node
	for _, k := range kids {
		t, ok := k.(*query.Term)
		switch {
		case ok && (t.Field == query.FieldAct || t.Field == query.FieldTarget):
			acts = append(acts, t)
		case ok && t.Field == query.FieldSpeaker:
			speakers = append(speakers, t)
		default:
			rest = append(rest, k)
		}
	}
	if len(acts) == 0 || len(speakers) == 0 {
		return kids
	}
	var parts []string
	var args []any
	for _, t := range acts {
		c, a := actCond(t, "k.")
		parts = append(parts, c)
		args = append(args, a...)
	}
	for _, t := range speakers {
		named, a := speakersNamed(t)
		parts = append(parts, "k.speaker_id IN ("+named+")")
		args = append(args, a...)
	}
	s.conds = append(s.conds, clause{sql: "EXISTS (SELECT 1 FROM statements k WHERE k.article_id = a.id AND " + strings.Join(parts, " AND ") + ")", args: args, index: true})
	return rest
}

// speakerClause is the condition of a speaker: term on statements, as
// package sqlite reads it: the statement's canonical speaker is one whose
// name or other names match, as on articles, so that a speaker's page,
// its statements' search and its articles' search count alike; a
// statement the registry gives no speaker (a document, a group) is found
// by the whole name the article gives it, as answers: finds it.
func speakerClause(t *query.Term) clause {
	named, args := speakersNamed(t)
	c := clause{sql: "s.speaker_id IN (" + named + ")", args: args}
	if !t.Prefix {
		w, _ := tsTerm(t, "A")
		c.sql = "(" + c.sql + " OR s.speaker_id IS NULL AND s.tsv @@ ?::tsquery AND lower(s.speaker_name) = ?)"
		c.args = append(c.args, w, strings.ToLower(strings.TrimSpace(t.Text)))
	}
	return c
}

// actClause is the condition of an act: or target: term (issue 11), as
// package sqlite reads them: on statements the statement's own act or
// target, on articles any of their statements'.
func actClause(t *target, term *query.Term) clause {
	if t == statementsTarget {
		c, args := actCond(term, "s.")
		return clause{sql: c, args: args}
	}
	c, args := actCond(term, "k.")
	return clause{sql: "EXISTS (SELECT 1 FROM statements k WHERE k.article_id = a.id AND " + c + ")", args: args}
}

// actCond is the condition of an act: or target: term on the statement
// columns prefixed by col. The act is one of query.Acts (the parser
// refuses any other), written as a literal; a target matches when its
// name holds the term's words as whole words.
func actCond(term *query.Term, col string) (string, []any) {
	if term.Field == query.FieldAct {
		return col + "act = '" + term.Text + "'", nil
	}
	w := " " + likeEscape(strings.ToLower(strings.Join(strings.Fields(term.Text), " ")))
	if term.Prefix {
		w += "%"
	} else {
		w += " "
	}
	// Or the target's name is a name the speaker registry gives a
	// speaker the term names (as package sqlite reads it): one of its
	// name keys, or the surname of a person whom a lone surname joins.
	name := "lower(" + col + "target::json->>'name')"
	// The speakers are those speaker: names, titles read alike.
	named, nargs := speakersNamed(term)
	args := append([]any{"%" + w + "%"}, nargs...)
	return col + "act NOT IN ('', 'assert') AND " + col + "target IS NOT NULL AND (' ' || " + name + " || ' ' LIKE ? ESCAPE '\\'" +
			" OR " + name + " IN (SELECT key FROM speaker_aliases WHERE speaker_id IN (" + named + "))" +
			" OR " + name + " IN (" + surnameOf(named) + "))",
		append(args, nargs...)
}

// surnameOf is the SELECT of the surnames by which a lone surname names
// one of the speakers of the SELECT named, as registry.Resolve decides it
// for a speaker: a person alone with the surname, or quoted
// registry.Dominance times more than any other person who has it.
func surnameOf(named string) string {
	return "SELECT sp.surname FROM speakers sp WHERE sp.id IN (" + named + ") AND sp.type = 'person' AND sp.surname <> ''" +
		" AND NOT EXISTS (SELECT 1 FROM speakers o WHERE o.surname = sp.surname AND o.type = 'person' AND o.id <> sp.id" +
		" AND sp.statement_count < " + strconv.Itoa(registry.Dominance) + " * greatest(o.statement_count, 1))"
}

// answersClause is the condition of an answers: term (issue 11), as
// package sqlite reads it: the statement answers a statement of the
// speaker named, across articles through the story's thread links, or
// within its article through its responds_to (whose index is the answered
// statement's rank among its article's statements). The speaker is the
// canonical speakers the term names (speakersNamed), or the name the
// article gives. The answers are read as a set of ids from the answered
// statements, which the speaker index and the text index yield: tested row
// by row, every statement of the store was read.
func answersClause(t *target, term *query.Term) clause {
	named, args := speakersNamed(term)
	w, _ := tsTerm(term, "A")
	args = append(args, w, strings.ToLower(strings.TrimSpace(term.Text)))
	answered := "SELECT id, article_id FROM statements WHERE speaker_id IN (" + named + ")" +
		" UNION SELECT id, article_id FROM statements WHERE tsv @@ ?::tsquery AND lower(speaker_name) = ?"
	set := "SELECT tl.statement_id FROM thread_links tl WHERE tl.parent_id IN (SELECT x.id FROM (" + answered + ") x)" +
		" UNION SELECT r.id FROM (" + answered + ") p JOIN statements r ON r.article_id = p.article_id" +
		" WHERE r.responds_to IS NOT NULL AND ((r.responds_to)::json -> 0 ->> 'statement')::bigint =" +
		" (SELECT count(*) FROM statements q WHERE q.article_id = p.article_id AND q.id < p.id)"
	both := append(append([]any(nil), args...), args...)
	if t == statementsTarget {
		return clause{sql: "s.id IN (" + set + ")", args: both}
	}
	return clause{sql: "a.id IN (SELECT article_id FROM statements WHERE id IN (" + set + "))", args: both}
}

// speakersNamed is the SELECT of the ids of the canonical speakers a
// speaker:, target: or answers: term names, and its arguments
// (speakersql.Named, with PostgreSQL's full-text match and functions).
func speakersNamed(t *query.Term) (string, []any) { return speakersql.Named(speakerSQL, t) }

var speakerSQL = speakersql.Dialect{
	Match: func(t *query.Term) (string, []any) {
		m, _ := tsTerm(t, "")
		return "SELECT id FROM speakers WHERE tsv @@ ?::tsquery", []any{m}
	},
	FirstNameIn: "strpos(?, '|' || split_part(lower(sp.name), ' ', 1) || '|') > 0",
	Greatest:    "greatest",
}

// unsupported returns the first field of the query this store cannot
// search yet (a field of the search language newer than the store), ""
// when there is none: parse refuses such a query instead of failing on it.
func unsupported(n query.Node) string {
	switch n := n.(type) {
	case *query.Term:
		switch n.Field {
		case "", query.FieldTitle, query.FieldSpeaker, query.FieldSource, query.FieldCredit, query.FieldLang,
			query.FieldKind, query.FieldMode, query.FieldAct, query.FieldTarget, query.FieldHas, query.FieldNote, query.FieldAnswers:
			return ""
		}
		return n.Field
	case *query.Not:
		return unsupported(n.Node)
	case *query.And:
		for _, k := range n.Nodes {
			if f := unsupported(k); f != "" {
				return f
			}
		}
	case *query.Or:
		for _, k := range n.Nodes {
			if f := unsupported(k); f != "" {
				return f
			}
		}
	}
	return ""
}

// sourceSet returns the SELECT of the ids of the sources a source: term
// names, and its arguments, as package sqlite reads an outlet: its name,
// its domain in any form, the domain without its ending, or a part of it
// at a label boundary.
func sourceSet(t *query.Term) (string, []any) {
	v := sourceValue(t.Text)
	if t.Prefix {
		p := likeEscape(v) + "%"
		return `SELECT id FROM sources WHERE host LIKE ? ESCAPE '\' OR host LIKE ? ESCAPE '\' OR lower(name) LIKE ? ESCAPE '\'`,
			[]any{p, "%." + p, strings.ToLower(strings.TrimSpace(t.Text)) + "%"}
	}
	e := likeEscape(v)
	return `SELECT id FROM sources WHERE host = ? OR host LIKE ? ESCAPE '\' OR host LIKE ? ESCAPE '\' OR host LIKE ? ESCAPE '\' OR lower(name) = ?`,
		[]any{v, e + ".%", "%." + e, "%." + e + ".%", strings.ToLower(strings.TrimSpace(t.Text))}
}

// sourceValue reduces what a user wrote for an outlet to the form of a
// stored host (see package sqlite).
func sourceValue(s string) string {
	v := strings.ToLower(strings.TrimSpace(s))
	if strings.ContainsAny(v, " \t") {
		return v
	}
	if _, rest, ok := strings.Cut(v, "://"); ok {
		v = rest
	}
	if i := strings.IndexAny(v, "/?#"); i >= 0 {
		v = v[:i]
	}
	if h, port, ok := strings.Cut(v, ":"); ok && port != "" && strings.Trim(port, "0123456789") == "" {
		v = h
	}
	v = strings.TrimSuffix(v, ".")
	if w := strings.TrimPrefix(v, "www."); w != "" {
		v = w
	}
	return v
}

// creditKeys returns the credit name keys a credit: term matches: the
// text's own and, for an agency's name or alias, the agency's name.
func creditKeys(text string) []string {
	k := canon.Name(text)
	keys := []string{k}
	if name, ok := agencyAliases()[k]; ok && name != k {
		keys = append(keys, name)
	}
	return keys
}

// agencyAliases maps the name key of every agency name and alias of the
// agency lexicons to the key of its canonical name.
var agencyAliases = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, lang := range lexicon.Languages() {
		if !lexicon.Has(lang, "agencies") {
			continue
		}
		rows, err := lexicon.Fields(lang, "agencies")
		if err != nil {
			continue
		}
		for _, row := range rows {
			if len(row) == 0 || row[0] == "" {
				continue
			}
			name := canon.Name(row[0])
			for _, alias := range row {
				if k := canon.Name(alias); k != "" {
					if _, taken := m[k]; !taken {
						m[k] = name
					}
				}
			}
		}
	}
	return m
})

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// prune drops words without a letter or digit ("—", "&"), which make no
// token; a query of nothing else matches everything. It returns nil for
// an empty tree.
func prune(n query.Node) query.Node {
	switch n := n.(type) {
	case nil:
		return nil
	case *query.Term:
		if n.Field == "" || n.Field == query.FieldTitle || n.Field == query.FieldSpeaker {
			if len(lexemes(n.Text)) == 0 {
				return nil
			}
		}
		return n
	case *query.Not:
		k := prune(n.Node)
		if k == nil {
			return nil
		}
		return &query.Not{Node: k}
	case *query.And:
		var kids []query.Node
		for _, k := range n.Nodes {
			if k = prune(k); k != nil {
				kids = append(kids, k)
			}
		}
		switch len(kids) {
		case 0:
			return nil
		case 1:
			return kids[0]
		}
		return &query.And{Nodes: kids}
	case *query.Or:
		var kids []query.Node
		for _, k := range n.Nodes {
			k = prune(k)
			if k == nil {
				return nil // one side matches everything
			}
			kids = append(kids, k)
		}
		if len(kids) == 1 {
			return kids[0]
		}
		return &query.Or{Nodes: kids}
	}
	return n
}

// cursor is the position after the last item of a page, as in package
// sqlite (the same fields, so a cursor reads the same in both stores).
type cursor struct {
	Kind  string  `json:"k"`
	Date  int64   `json:"d,omitempty"`
	ID    int64   `json:"i,omitempty"`
	Count int64   `json:"c,omitempty"`
	Score float64 `json:"s,omitempty"`
	Now   int64   `json:"n,omitempty"`
	Floor int64   `json:"f,omitempty"`
	Phase int     `json:"p,omitempty"`
}

func (c cursor) encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor reads a cursor of the given kind; "" is the first page.
func decodeCursor(s, kind string) (*cursor, error) {
	if s == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	var c cursor
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.Kind != kind {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "invalid cursor %q: it must be the next of a page of the same list", s)
	}
	return &c, nil
}
