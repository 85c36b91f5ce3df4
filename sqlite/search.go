package sqlite

import (
	"encoding/base64"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/canon"
	"github.com/rapporteur/rapporteur/internal/speakersql"
	"github.com/rapporteur/rapporteur/lexicon"
	"github.com/rapporteur/rapporteur/query"
	"github.com/rapporteur/rapporteur/registry"
)

// A clause is a piece of SQL with the arguments of its ? parameters, in
// order. Clauses are only ever combined whole, so a condition and its
// arguments cannot drift apart.
type clause struct {
	sql  string
	args []any
	// drive, when set, is the same condition written as a set of article
	// ids (a.id IN (…)) that an index yields directly. The plain form
	// tests one row at a time, which is cheapest while something else
	// (the text index, the date index) leads the search; the set form
	// leads when the condition is rare. See filteredByDate.
	drive *clause
	// members, when set, are the sources or speakers whose articles
	// pass the condition, which byMembers lists newest first.
	members *memberSet
}

// A memberSet is the sources or speakers of a condition: one id, or those
// a query finds (the SELECT of one id column, and its arguments); and
// newest, the SELECT of date and article id of a member's articles, "?"
// for the member, from an index that holds them in date order.
type memberSet struct {
	id     int64
	query  string
	args   []any
	newest string
	// extra, when set, is one more SELECT of date and id of statements
	// (s, with their article a and source src), with its arguments,
	// whose rows pass the condition beside the members' (the statements
	// the registry gives no speaker, by written name); a statement list
	// adds its conditions and order.
	extra     string
	extraArgs []any
}

const (
	speakersNewest = "SELECT date, article_id FROM statements INDEXED BY statements_by_speaker WHERE speaker_id = ?"
	sourcesNewest  = "SELECT date, id FROM articles INDEXED BY articles_by_source WHERE source_id = ?"
)

// conds collects the conditions of a WHERE, ANDed.
type conds []clause

func (c *conds) add(sql string, args ...any) { *c = append(*c, clause{sql: sql, args: args}) }

// where returns " AND c1 AND c2 …" (empty for no conditions) and the
// arguments.
func (c conds) where() (string, []any) { return c.join(false) }

// join is where, with the set form of each condition that has one when
// drive is set.
func (c conds) join(drive bool) (string, []any) {
	var b strings.Builder
	var args []any
	for _, x := range c {
		if drive && x.drive != nil {
			x = *x.drive
		}
		b.WriteString(" AND (" + x.sql + ")")
		args = append(args, x.args...)
	}
	return b.String(), args
}

// members returns the member set of the first condition that has one.
func (c conds) members() *memberSet {
	for _, x := range c {
		if x.members != nil {
			return x.members
		}
	}
	return nil
}

// canDrive reports whether a condition has a set form.
func (c conds) canDrive() bool {
	for _, x := range c {
		if x.drive != nil {
			return true
		}
	}
	return false
}

// target describes what a query searches: articles or statements, and the
// SQL to list them.
type target struct {
	fts       string            // the FTS5 table
	table     string            // the searched table
	alias     string            // its alias in SQL
	articleID string            // the SQL of the article id of a row
	columns   map[string]string // query field → FTS column
	weights   string            // bm25 weights of the FTS columns
	cols      string            // the columns a list selects
	plainFrom string            // FROM of a list without MATCH
	matchFrom string            // FROM of a list with MATCH, the FTS table first
	rowFrom   string            // the joins that read a ranked row w's columns
	// windowFrom is matchFrom for ranking, reading articles through their
	// narrow index (migration 003) since ranking needs no text.
	windowFrom string
	// countFrom is plainFrom for counts and facets without text, which
	// need no text either.
	countFrom string
}

var (
	articlesTarget = &target{
		fts: "articles_fts", table: "articles", alias: "a", articleID: "a.id",
		columns:    map[string]string{query.FieldTitle: "title"},
		weights:    "4.0, 1.0",
		cols:       articleCols,
		plainFrom:  "articles a LEFT JOIN sources src ON src.id = a.source_id",
		matchFrom:  "articles_fts JOIN articles a ON a.id = articles_fts.rowid LEFT JOIN sources src ON src.id = a.source_id",
		rowFrom:    "JOIN articles a ON a.id = w.id LEFT JOIN sources src ON src.id = a.source_id",
		windowFrom: "articles_fts JOIN articles a INDEXED BY articles_narrow ON a.id = articles_fts.rowid",
		countFrom:  "articles a INDEXED BY articles_narrow",
	}
	statementsTarget = &target{
		fts: "statements_fts", table: "statements", alias: "s", articleID: "s.article_id",
		columns:    map[string]string{}, // speaker: is the canonical speaker's (speakerClause)
		weights:    "1.0, 2.0",
		cols:       statementCols,
		plainFrom:  "statements s JOIN articles a ON a.id = s.article_id LEFT JOIN sources src ON src.id = s.source_id",
		matchFrom:  "statements_fts JOIN statements s ON s.id = statements_fts.rowid JOIN articles a ON a.id = s.article_id LEFT JOIN sources src ON src.id = s.source_id",
		rowFrom:    "JOIN statements s ON s.id = w.id JOIN articles a ON a.id = s.article_id LEFT JOIN sources src ON src.id = s.source_id",
		windowFrom: "statements_fts JOIN statements s ON s.id = statements_fts.rowid JOIN articles a INDEXED BY articles_narrow ON a.id = s.article_id",
		countFrom:  "statements s JOIN articles a INDEXED BY articles_narrow ON a.id = s.article_id",
	}
)

// search is a parsed query translated for one target: an FTS5 MATCH
// expression (empty when the query has no text to match) and SQL
// conditions on the searched table.
type search struct {
	t     *target
	root  query.Node // the query, pruned; nil for none
	match string
	conds conds
	// dates are the date ranges ANDed at the top of the query, which a
	// walk of the date index can start from; they are in conds too.
	dates []*query.Date
}

// translate turns a query tree into a MATCH expression and conditions.
// The words ANDed at the top of the query become one MATCH, which drives
// the search through the index; what FTS5 cannot say (fields that live in
// other tables, a NOT without a positive word beside it, an OR mixing
// words and fields) becomes SQL conditions, where words are again looked
// up in the index by a subquery.
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
	}
	var pos, neg []string
	var negNodes []query.Node
	for _, k := range kids {
		if d, ok := k.(*query.Date); ok {
			s.dates = append(s.dates, d)
		}
		if m, ok := s.fts(k); ok {
			pos = append(pos, m)
		} else if not, ok := k.(*query.Not); ok {
			if m, ok := s.fts(not.Node); ok {
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

// positives returns the MATCH expressions of the query's words and
// phrases that are not under a NOT, each alone.
func (s *search) positives() []string {
	var out []string
	for _, t := range query.Positives(s.root) {
		if m, ok := s.fts(t); ok {
			out = append(out, m)
		}
	}
	return out
}

// combine builds "(p1 AND p2) NOT n1 NOT n2" with the grouping explicit.
func combine(pos, neg []string) string {
	m := pos[0]
	if len(pos) > 1 {
		m = "(" + strings.Join(pos, " AND ") + ")"
	}
	for _, n := range neg {
		m = "(" + m + " NOT " + n + ")"
	}
	return m
}

// fts returns the MATCH expression of a node, if FTS5 can express it.
func (s *search) fts(n query.Node) (string, bool) {
	switch n := n.(type) {
	case *query.Term:
		if n.Field == "" {
			return ftsString(n), true
		}
		if col, ok := s.t.columns[n.Field]; ok {
			return col + " : " + ftsString(n), true
		}
	case *query.And:
		var pos, neg []string
		for _, k := range n.Nodes {
			if m, ok := s.fts(k); ok {
				pos = append(pos, m)
			} else if not, ok := k.(*query.Not); ok {
				m, ok := s.fts(not.Node)
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
			m, ok := s.fts(k)
			if !ok {
				return "", false
			}
			parts[i] = m
		}
		return "(" + strings.Join(parts, " OR ") + ")", true
	}
	return "", false
}

// ftsString quotes a term for FTS5: the text is one string (a phrase when
// it has several words), so no character of it is FTS5 syntax.
func ftsString(t *query.Term) string {
	q := `"` + strings.ReplaceAll(t.Text, `"`, `""`) + `"`
	if t.Prefix {
		q += "*"
	}
	return q
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
		return dateClause(s.t.alias+".date", n)
	case *query.Term:
		return s.term(n)
	}
	panic("sqlite: unknown query node")
}

func dateClause(col string, d *query.Date) clause {
	var parts []string
	var args []any
	if !d.From.IsZero() {
		parts = append(parts, col+" >= ?")
		args = append(args, d.From.Unix())
	}
	if !d.To.IsZero() {
		parts = append(parts, col+" < ?")
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
		return clause{sql: a + ".id IN (SELECT rowid FROM " + s.t.fts + " WHERE " + s.t.fts + " MATCH ?)", args: []any{ftsString(t)}}
	case query.FieldTitle:
		m := "title : " + ftsString(t)
		if s.t == articlesTarget {
			return clause{sql: "a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)", args: []any{m}}
		}
		return clause{sql: "s.article_id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)", args: []any{m}}
	case query.FieldSpeaker:
		if s.t == statementsTarget {
			return speakerClause(t)
		}
		// On articles, the canonical speakers (people and organizations)
		// whose names match: a few ids, where matching the name in every
		// statement would read them all. A row is tested through the
		// statements of its article; the set is their statements' articles.
		speakers, args := speakersNamed(t)
		return clause{
			sql:     "EXISTS (SELECT 1 FROM statements st WHERE st.article_id = a.id AND st.speaker_id IN (" + speakers + "))",
			args:    args,
			drive:   &clause{sql: "a.id IN (SELECT st.article_id FROM statements st WHERE st.speaker_id IN (" + speakers + "))", args: args},
			members: &memberSet{query: speakers, args: args, newest: speakersNewest},
		}
	case query.FieldSource:
		sources, args := sourceSet(t)
		c := clause{sql: a + ".source_id IN (" + sources + ")", args: args}
		if s.t == articlesTarget {
			c.drive = &clause{sql: "a.id IN (SELECT id FROM articles INDEXED BY articles_by_source WHERE source_id IN (" + sources + "))", args: args}
			c.members = &memberSet{query: sources, args: args, newest: sourcesNewest}
		}
		return c
	case query.FieldCredit:
		keys := creditKeys(t.Text)
		if t.Prefix {
			p := likeEscape(keys[0]) + "%"
			return clause{
				sql:   "EXISTS (SELECT 1 FROM credits c WHERE c.article_id = " + s.t.articleID + ` AND c.name_key LIKE ? ESCAPE '\')`,
				args:  []any{p},
				drive: &clause{sql: s.t.articleID + ` IN (SELECT article_id FROM credits WHERE name_key LIKE ? ESCAPE '\')`, args: []any{p}},
			}
		}
		in, args := "("+paramMarks(len(keys))+")", make([]any, len(keys))
		for i, k := range keys {
			args[i] = k
		}
		return clause{
			sql:   "EXISTS (SELECT 1 FROM credits c WHERE c.name_key IN " + in + " AND c.article_id = " + s.t.articleID + ")",
			args:  args,
			drive: &clause{sql: s.t.articleID + " IN (SELECT article_id FROM credits WHERE name_key IN " + in + ")", args: args},
		}
	case query.FieldLang:
		return clause{sql: "a.language = ?", args: []any{t.Text}}
	case query.FieldAct, query.FieldTarget:
		return actClause(s.t, t)
	case query.FieldAnswers:
		return answersClause(s.t, t)
	case query.FieldHas, query.FieldNote:
		// A note (migration 018): on an article, on it or on any of its
		// statements; on a statement, one on its words.
		status, args := "", []any(nil)
		if t.Field == query.FieldNote {
			status, args = " AND n.status = ?", []any{t.Text}
		}
		if s.t == statementsTarget {
			return clause{sql: "EXISTS (SELECT 1 FROM notes n WHERE n.article_id = s.article_id AND n.quote = s.content" + status + ")", args: args}
		}
		return clause{
			sql:   "EXISTS (SELECT 1 FROM notes n WHERE n.article_id = a.id" + status + ")",
			args:  args,
			drive: &clause{sql: "a.id IN (SELECT n.article_id FROM notes n WHERE 1 = 1" + status + ")", args: args},
		}
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
	panic("sqlite: unknown query field " + t.Field)
}

// speakerClause is the condition of a speaker: term on statements: the
// statement's canonical speaker is one whose name or other names match,
// as on articles, so that a speaker's page, its statements' search and
// its articles' search count alike ("Trump" of "US President Trump" is
// Donald Trump's; "Donald Trump and his supporters" is not). A statement
// the registry gives no speaker (a document, a group) is found by the
// whole name the article gives it ("UN report"), as answers: finds it.
// The set is read as ids, whose rows the list then reads: the speaker
// index yields a speaker's statements, the text index the written names.
func speakerClause(t *query.Term) clause {
	named, args := speakersNamed(t)
	set := &memberSet{query: named, args: slices.Clone(args)}
	ids := "SELECT id FROM statements INDEXED BY statements_by_speaker WHERE speaker_id IN (" + named + ")"
	if !t.Prefix {
		written := " FROM statements_fts JOIN statements w ON w.id = statements_fts.rowid" +
			" WHERE statements_fts MATCH ? AND w.speaker_id IS NULL AND lower(w.speaker_name) = ?"
		wargs := []any{"speaker_name : " + ftsString(t), strings.ToLower(strings.TrimSpace(t.Text))}
		ids += " UNION ALL SELECT w.id" + written
		args = append(args, wargs...)
		set.extra, set.extraArgs = "SELECT s.date, s.id FROM statements_fts JOIN statements s ON s.id = statements_fts.rowid"+
			" JOIN articles a ON a.id = s.article_id LEFT JOIN sources src ON src.id = s.source_id"+
			" WHERE statements_fts MATCH ? AND s.speaker_id IS NULL AND lower(s.speaker_name) = ?", wargs
	}
	// A list newest first reads the members' newest statements
	// (byMembers); the set of ids serves counts and other orders.
	return clause{sql: "s.id IN (" + ids + ")", args: args, members: set}
}

// speakersNamed is the SELECT of the ids of the canonical speakers a
// speaker:, target: or answers: term names, and its arguments
// (speakersql.Named, with SQLite's full-text match and functions).
func speakersNamed(t *query.Term) (string, []any) { return speakersql.Named(speakerSQL, t) }

var speakerSQL = speakersql.Dialect{
	Match: func(t *query.Term) (string, []any) {
		return "SELECT rowid FROM speakers_fts WHERE speakers_fts MATCH ?", []any{ftsString(t)}
	},
	FirstNameIn: "instr(?, '|' || lower(substr(sp.name, 1, instr(sp.name || ' ', ' ') - 1)) || '|') > 0",
	Greatest:    "max",
}

// sameStatement reads act: and target: terms beside speaker: terms, ANDed
// at the top of an article search, as one statement's: act:deny
// speaker:"Zhao Lijian" finds the articles where Zhao Lijian denies, not
// those where someone denies and Zhao Lijian says anything (a saved
// search alerting on "a denial by X" means the first). It adds their
// condition and returns the other terms.
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
	where := strings.Join(parts, " AND ")
	s.conds = append(s.conds, clause{
		sql:   "EXISTS (SELECT 1 FROM statements k WHERE k.article_id = a.id AND " + where + ")",
		args:  args,
		drive: &clause{sql: "a.id IN (SELECT k.article_id FROM statements k WHERE " + where + ")", args: args},
	})
	return rest
}

// answersClause is the condition of an answers: term (issue 11): the
// statement answers a statement of the speaker named — across articles
// through the story's thread links (migration 017), or within its
// article through its responds_to, whose index is the answered
// statement's rank among its article's statements. The speaker is
// matched as speaker: matches on articles (the canonical speakers the
// term names, speakersNamed), or by the name the article gives, for
// speakers the registry keeps none of (a document: answers:"UN report").
// The answers are read as a set of ids from the answered statements,
// which the speaker index and the text index yield: tested row by row,
// every statement of the store was read.
func answersClause(t *target, term *query.Term) clause {
	named, args := speakersNamed(term)
	// The written name: the text index finds the rows that hold its
	// words, of which those written so are kept.
	args = append(args, "speaker_name : "+ftsString(term), strings.ToLower(strings.TrimSpace(term.Text)))
	answered := "SELECT id, article_id FROM statements INDEXED BY statements_by_speaker WHERE speaker_id IN (" + named + ")" +
		" UNION SELECT w.id, w.article_id FROM statements_fts JOIN statements w ON w.id = statements_fts.rowid" +
		" WHERE statements_fts MATCH ? AND lower(w.speaker_name) = ?"
	set := "SELECT tl.statement_id FROM thread_links tl WHERE tl.parent_id IN (SELECT id FROM (" + answered + "))" +
		" UNION SELECT r.id FROM (" + answered + ") p JOIN statements r ON r.article_id = p.article_id" +
		" WHERE r.responds_to IS NOT NULL AND json_extract(r.responds_to, '$[0].statement') =" +
		" (SELECT count(*) FROM statements q WHERE q.article_id = p.article_id AND q.id < p.id)"
	both := append(slices.Clone(args), args...)
	if t == statementsTarget {
		return clause{sql: "s.id IN (" + set + ")", args: both}
	}
	return clause{
		sql:   "EXISTS (SELECT 1 FROM statements k WHERE k.article_id = a.id AND k.id IN (" + set + "))",
		args:  both,
		drive: &clause{sql: "a.id IN (SELECT article_id FROM statements WHERE id IN (" + set + "))", args: both},
	}
}

// actClause is the condition of an act: or target: term (issue 11): on
// statements, the statement's own act or target; on articles, any of
// their statements'. The act is one of query.Acts, written into the SQL
// as a literal so that SQLite can read the partial index of statements
// with an act (migration 017), which holds the minority that is not an
// assertion. A target matches when its name holds the term's words as
// whole words, case aside ("report" finds "UN report").
func actClause(t *target, term *query.Term) clause {
	if t == statementsTarget {
		c, args := actCond(term, "s.")
		return clause{sql: c, args: args}
	}
	k, args := actCond(term, "k.")
	all, _ := actCond(term, "")
	return clause{
		sql:   "EXISTS (SELECT 1 FROM statements k WHERE k.article_id = a.id AND " + k + ")",
		args:  args,
		drive: &clause{sql: "a.id IN (SELECT article_id FROM statements WHERE " + all + ")", args: args},
	}
}

// actCond is the condition of an act: or target: term on the statement
// columns prefixed by col ("s.", "k.", "").
func actCond(term *query.Term, col string) (string, []any) {
	if term.Field == query.FieldAct {
		c := col + "act = '" + term.Text + "'"
		if term.Text != "assert" {
			c += " AND " + col + "act NOT IN ('', 'assert')"
		}
		return c, nil
	}
	w := " " + likeEscape(strings.ToLower(strings.Join(strings.Fields(term.Text), " ")))
	if term.Prefix {
		w += "%"
	} else {
		w += " "
	}
	// Or the target's name is a name the speaker registry gives a speaker
	// the term names: one of its name keys, or the surname of a person
	// whom a lone surname joins (the only person of that surname, or one
	// quoted registry.Dominance times more than the next, as the registry
	// resolves a speaker "Trump"). So target:"Donald Trump" finds a
	// criticism of "Trump" in an article that never spells his full name.
	name := "lower(json_extract(" + col + "target, '$.name'))"
	// The speakers are those speaker: names, titles read alike
	// (target:"President Trump" is Donald Trump).
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
		" AND sp.statement_count < " + strconv.Itoa(registry.Dominance) + " * max(o.statement_count, 1))"
}

// sourceSet returns the SELECT of the ids of the sources a source: term
// names, and its arguments. A user writes an outlet as they know it: its
// name ("BBC News"), its domain with or without "www." or a scheme
// (www.example-daily.pt, https://bbc.co.uk/news), the domain without its
// ending (bbc finds bbc.co.uk and bbc.com), or any part of it at a label
// boundary (wikinews finds en.wikinews.org, wikinews.org finds it too).
// Hosts are stored without "www." (canon.Host). The LIKEs with a leading
// wildcard scan the sources table, which is one row per outlet, not per
// article.
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
// stored host: lower case, without scheme, path, port, "www." or a
// trailing dot. A name with spaces stays as it is, lower-cased.
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

// creditKeys returns the credit name keys (canon.Name) a credit: term
// matches: the text itself and, when it is an agency's name or alias in
// any language's agency lexicon, the agency's canonical name, under which
// extraction stores the credit (credit:AP finds "Associated Press"). The
// first key is the text's own.
func creditKeys(text string) []string {
	k := canon.Name(text)
	keys := []string{k}
	if name, ok := agencyAliases()[k]; ok && name != k {
		keys = append(keys, name)
	}
	return keys
}

// agencyAliases maps the name key of every agency name and alias of the
// agency lexicons to the key of its canonical name. Queries match them
// whatever their case: in an article "AP" must be capitals to be the
// agency, but someone typing credit:ap means it.
var agencyAliases = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, lang := range lexicon.Languages() {
		if !lexicon.Has(lang, "agencies") {
			continue
		}
		rows, err := lexicon.Fields(lang, "agencies")
		if err != nil {
			continue // an unreadable list is extract's error to report
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

// prune drops words without a letter or digit ("—", "&"), which the FTS5
// tokenizer would turn into nothing; a query of nothing else matches
// everything. It returns nil for an empty tree.
func prune(n query.Node) query.Node {
	switch n := n.(type) {
	case nil:
		return nil
	case *query.Term:
		if n.Field == "" || n.Field == query.FieldTitle || n.Field == query.FieldSpeaker {
			if strings.IndexFunc(n.Text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
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

// cursor is the position after the last item of a page. Kind names the
// order it belongs to; the other fields are what that order sorts by.
type cursor struct {
	Kind  string  `json:"k"`
	Date  int64   `json:"d,omitempty"`
	ID    int64   `json:"i,omitempty"`
	Count int64   `json:"c,omitempty"`
	Score float64 `json:"s,omitempty"`
	Now   int64   `json:"n,omitempty"` // the now of the relevance boost
	Floor int64   `json:"f,omitempty"` // the lowest id of the ranked window
	Phase int     `json:"p,omitempty"` // see phaseWindow
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
