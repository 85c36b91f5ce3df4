// Package rapporteur holds the domain types of rapporteur, a news monitor
// that reads articles and reports who said what, where, and who reported it.
//
// The types here are the contract between the stages (extract, attrib, …)
// and the JSON that `rapporteur extract` prints; their JSON field names are
// read by other programs and must never be renamed.
package rapporteur

import "time"

// Span is a piece of Article.Text. Start and End are Unicode code point
// offsets (as Python and brat count them), End exclusive. Text repeats the
// covered characters so a reader of the JSON need not slice.
type Span struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text,omitempty"`
}

// Len returns the number of code points the span covers.
func (s Span) Len() int { return s.End - s.Start }

// Empty reports whether the span covers nothing.
func (s Span) Empty() bool { return s.End <= s.Start }

// Article is one news article after extraction and attribution. Text is the
// body that every Span indexes.
type Article struct {
	ID         string      `json:"id,omitempty"`
	Title      string      `json:"title,omitempty"`
	Text       string      `json:"text"`
	URL        string      `json:"url,omitempty"`
	Site       string      `json:"site,omitempty"`
	Published  *time.Time  `json:"published,omitempty"`
	Authors    []string    `json:"authors,omitempty"`
	Language   string      `json:"language,omitempty"`
	Credits    []Credit    `json:"credits"`
	Statements []Statement `json:"statements"`
	Entities   []Entity    `json:"entities"`

	// PageType is what kind of page the HTML was: article, forum,
	// product, listing, collection, documentation or service; empty for
	// plain text. It says what the main text is: a forum's text holds
	// its posts, a listing's its entries.
	PageType string `json:"page_type,omitempty"`
}

// Credit is a wire agency or news organisation the article credits as a
// source of its reporting ("Source: Interfax, Associated Press", "(AP) —").
type Credit struct {
	// Name is the canonical agency name ("Associated Press" for "AP").
	Name string `json:"name"`
	// Evidence is where the credit was read. It indexes Article.Text,
	// except when Removed is set: credit lines ("Source: …", "Reporting by
	// …") leave the body, and their evidence then indexes the input as it
	// was given (the pasted text, or the body extracted from the HTML page
	// before cleaning).
	Evidence Span `json:"evidence"`
	// Removed is true when the credit line was taken out of the body.
	Removed bool `json:"removed,omitempty"`
	// Relay is true when the credit comes from a statement relayed inside
	// the body ("according to the Associated Press", "told Reuters").
	Relay bool `json:"relay,omitempty"`
}

// Statement kinds.
const (
	Direct   = "direct"   // the words inside quote marks
	Indirect = "indirect" // reported speech without quote marks
	Mixed    = "mixed"    // reported speech with a quoted fragment
)

// Statement modes: what an attribution reports.
const (
	// Speech reports words: a quotation, or what someone said, told,
	// announced or wrote ("said that …", "according to …").
	Speech = "speech"
	// Stance reports a position taken rather than words: an endorsement,
	// a criticism, a plan, a belief ("endorsed Cruz", "plans to …",
	// "believes that …", "glosses over the fact that …").
	Stance = "stance"
)

// Statement is one attributed statement: what was said (Content), the word
// that introduces it (Cue) and who said it (Speaker).
type Statement struct {
	Kind string `json:"kind"`
	// Mode says whether the statement reports words (Speech) or a stance
	// (Stance). Quotation benchmarks such as GGT count speech only.
	Mode    string  `json:"mode"`
	Content Span    `json:"content"`
	Cue     *Span   `json:"cue,omitempty"`
	Speaker Speaker `json:"speaker"`
	// Via names the agency or outlet that relayed the statement ("told
	// Reuters", "according to the Associated Press"), when there is one.
	Via        string  `json:"via,omitempty"`
	Confidence float64 `json:"confidence"`
	// Act is what the statement does: one of the Act… constants; empty
	// when no act stage ran.
	Act string `json:"act,omitempty"`
	// Target is who or what the act is aimed at; nil for an assertion or
	// when it cannot be read.
	Target *Target `json:"target,omitempty"`
	// RespondsTo names the statements this one answers: a denial the
	// accusation it denies, a criticism the denial it attacks.
	RespondsTo []Reply `json:"responds_to,omitempty"`
}

// Statement acts.
const (
	ActAssert    = "assert"    // states something; the default
	ActAccuse    = "accuse"    // alleges wrongdoing or a damaging fact
	ActDeny      = "deny"      // denies, rejects, dismisses or refutes a claim
	ActCriticize = "criticize" // condemns or disapproves, with no new allegation
	ActSupport   = "support"   // praises, endorses, defends or agrees
	ActConfirm   = "confirm"   // confirms a claim or admits an accusation
	ActDemand    = "demand"    // calls for, urges or demands action
)

// Target is who or what a statement's act is aimed at: an actor ("China")
// or a claim ("UN report"). Name is resolved to the article's entities or
// to an earlier statement's speaker when it can be; Type is a speaker or
// entity type.
type Target struct {
	Name string `json:"name"`
	Type string `json:"type"`
	// Mention is the words that name the target in the text, when the
	// target is named there.
	Mention *Span `json:"mention,omitempty"`
}

// Reply points at a statement another statement answers: Statement indexes
// the Statements of the article whose ID is Article. Article is left out
// of the JSON when the article has no id (a page posted without one).
type Reply struct {
	Article   string `json:"article,omitempty"`
	Statement int    `json:"statement"`
}

// Name gives the article its id, and its statements' replies within it
// that id: the pipeline reads a text before it knows what the input calls
// it (an HTML record, a file named on the command line), so every entry
// point names the article through here.
func (a *Article) Name(id string) {
	a.ID = id
	for i := range a.Statements {
		for j := range a.Statements[i].RespondsTo {
			a.Statements[i].RespondsTo[j].Article = id
		}
	}
}

// Speaker types.
const (
	Person       = "person"
	Organization = "organization"
	Document     = "document"
	Group        = "group"
	Unknown      = "unknown"
)

// Speaker is who a statement is attributed to, resolved to the fullest form
// the article gives: "she" or "the spokesman" in one sentence becomes
// "Zhao Lijian", spokesman, Chinese Foreign Ministry.
type Speaker struct {
	Name        string `json:"name,omitempty"`
	Type        string `json:"type"`
	Role        string `json:"role,omitempty"`
	Affiliation string `json:"affiliation,omitempty"`
	// Mention is the words in the statement's sentence that name the
	// speaker ("Zhang Jun", "she", "the report"); nil for a floating quote
	// whose speaker is carried over from an earlier paragraph.
	Mention *Span `json:"mention,omitempty"`
	// Source is the whole noun phrase that names the speaker, with its
	// titles and modifiers ("Chinese Foreign Ministry spokesman Zhao
	// Lijian"); Mention lies inside it.
	Source *Span `json:"source,omitempty"`
	// MoreRoles are the further roles the article gives the speaker in
	// one phrase ("AU chairperson and Egyptian President"): Role and
	// Affiliation hold the one the extractor picked, these the others.
	MoreRoles []RoleDesc `json:"more_roles,omitempty"`
}

// RoleDesc is one role and affiliation of a speaker.
type RoleDesc struct {
	Role        string `json:"role,omitempty"`
	Affiliation string `json:"affiliation,omitempty"`
}

// Entity is a named person, organization or place mentioned in the article.
type Entity struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Mentions int    `json:"mentions"`
}

// Place is the entity type of a named place; the other entity types are the
// speaker types Person and Organization.
const Place = "place"
