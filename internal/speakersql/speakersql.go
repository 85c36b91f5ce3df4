// Package speakersql builds the SQL that finds the canonical speakers a
// speaker:, target: or answers: term names. The SQLite and PostgreSQL
// stores answer those terms the same way (the storetest contract holds
// both to it) and differ only in their full-text match and two SQL
// functions, so the query is written once here and each store gives its
// Dialect.
package speakersql

import (
	"strconv"
	"strings"

	"github.com/rapporteur/rapporteur/canon"
	"github.com/rapporteur/rapporteur/query"
	"github.com/rapporteur/rapporteur/registry"
)

// Dialect is what differs between the stores' SQL. Placeholders are "?"
// in both.
type Dialect struct {
	// Match is the SELECT of the ids of the speakers whose names or other
	// names match the words of t, and its arguments.
	Match func(t *query.Term) (string, []any)
	// FirstNameIn is true when the lower-cased first word of the name of
	// the speaker row sp is one of the names of its one argument, a list
	// written "|anne|mary|".
	FirstNameIn string
	// Greatest is the SQL function that returns the larger of two numbers.
	Greatest string
}

// Named is the SELECT of the ids of the canonical speakers term t names,
// and its arguments: those whose name or other names match the words,
// and for a name with a title in front ("President Trump", which no
// speaker is named) the ones the name without it names, as the registry
// reads a speaker written so: a full name's ("Donald Trump"), or for a
// lone surname the persons of that surname whom no other person of it is
// quoted registry.Dominance times more than (Donald Trump, not Melania;
// both Obamas when each is quoted about as much).
func Named(d Dialect, t *query.Term) (string, []any) {
	q, args := d.Match(t)
	if t.Prefix {
		return q, args
	}
	name, lone, ok := registry.SearchName(t.Text)
	if !ok {
		// A full name with or without its middle initials.
		m, margs := initialsNamed(t.Text)
		return q + m, append(args, margs...)
	}
	// The speakers the name without its titles names: the registry's
	// speaker of that very name ("Pope Francis" is the speaker "Francis"),
	// for a lone surname the persons who bear it, for a full name those
	// named so, with or without middle initials.
	c, cargs := "SELECT speaker_id FROM speaker_aliases WHERE key = ?", []any{canon.Name(name)}
	if lone {
		c += " UNION SELECT id FROM speakers WHERE surname = ? AND surname <> '' AND type = 'person'"
		cargs = append(cargs, canon.Name(name))
	} else {
		n, nargs := d.Match(&query.Term{Text: name})
		m, margs := initialsNamed(name)
		c += " UNION " + n + m
		cargs = append(append(cargs, nargs...), margs...)
	}
	// What the title says of whom is meant: a person of the other gender,
	// by a first name the first-names list gives to it alone, is not
	// meant ("Mrs Trump" is not Donald Trump); of those left, the bearers
	// of the title's role, when one is ("Chief Justice Roberts" is John G.
	// Roberts, not Troy Roberts).
	title := registry.SearchTitle(t.Text)
	f := "SELECT sp.id, sp.type, sp.surname, sp.statement_count FROM speakers sp WHERE sp.id IN (SELECT * FROM c)"
	if title.Gender != 0 {
		// And a person whose first name is of the title's gender is
		// meant before one whose name says nothing ("Mrs Obama" is
		// Michelle Obama; the list does not hold Barack).
		first := d.FirstNameIn
		f = "WITH e AS (SELECT sp.id, sp.type, sp.surname, sp.statement_count, sp.type = 'person' AND " + first + " AS same" +
			" FROM speakers sp WHERE sp.id IN (SELECT * FROM c) AND NOT (sp.type = 'person' AND " + first + "))" +
			" SELECT id, type, surname, statement_count FROM e WHERE same OR NOT EXISTS (SELECT 1 FROM e WHERE same)"
		cargs = append(cargs, registry.FirstNamesOf(title.Gender), registry.FirstNamesOf(map[byte]byte{'f': 'm', 'm': 'f'}[title.Gender]))
	}
	r := "SELECT * FROM f"
	if title.Role != "" {
		has := func(id string) string {
			cargs = append(cargs, title.Role, "% "+title.Role, "%vice "+title.Role, "%deputy "+title.Role)
			return "EXISTS (SELECT 1 FROM statements st WHERE st.speaker_id = " + id + " AND (lower(st.role) = ?" +
				" OR lower(st.role) LIKE ? AND lower(st.role) NOT LIKE ? AND lower(st.role) NOT LIKE ?))"
		}
		r += " WHERE " + has("f.id") + " OR NOT EXISTS (SELECT 1 FROM f g WHERE " + has("g.id") + ")"
	}
	sel := "SELECT id FROM r"
	if lone {
		// A lone surname names the persons of it whom no other person
		// meant is quoted registry.Dominance times more than.
		sel += " WHERE NOT (r.type = 'person' AND r.surname <> '' AND EXISTS (SELECT 1 FROM r o WHERE o.surname = r.surname" +
			" AND o.type = 'person' AND o.id <> r.id AND o.statement_count >= " + strconv.Itoa(registry.Dominance) +
			" * " + d.Greatest + "(r.statement_count, 1)))"
	}
	q += " UNION SELECT x.id FROM (WITH c AS (" + c + "), f AS (" + f + "), r AS (" + r + ") " + sel + ") x"
	return q, append(args, cargs...)
}

// initialsNamed is the UNION of the speakers a full name names with or
// without its middle initials ("Donald J. Trump" is the speaker "Donald
// Trump", "John Roberts" the speaker "John G. Roberts"), and its
// arguments.
func initialsNamed(name string) (string, []any) {
	keys, initial := registry.NameKeys(name)
	q, args := " UNION SELECT speaker_id FROM speaker_aliases WHERE key = ?", []any{keys[0]}
	if len(keys) > 1 {
		// The name as written first: "George W. Bush" is not the
		// speaker "George Bush" when the registry holds George W. Bush.
		q += " UNION SELECT speaker_id FROM speaker_aliases WHERE key = ? AND NOT EXISTS (SELECT 1 FROM speaker_aliases WHERE key = ?)"
		args = append(args, keys[1], keys[0])
	}
	if initial != "" {
		q += " UNION SELECT id FROM speakers WHERE surname = ? AND type = 'person' AND key LIKE ?"
		args = append(args, initial[strings.LastIndex(initial, " ")+1:], initial)
	}
	return q, args
}
