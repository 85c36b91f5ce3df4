// Package transfer moves a store's data to another store, of the same
// kind or not (SQLite to PostgreSQL and back), as JSON Lines: Export
// writes every feed, every article with its statements, credits, entities
// and links, every note and every saved search, Import reads them into a
// store. Both stream: a line
// is read, stored and forgotten, whatever the size of the archive.
//
// The format is the API's: an article line is the article as GET
// /api/v1/articles/{id} and the JSON Lines export of /api/v1/articles
// give it, with one field added, "story" (the key and title of its
// story), since a story id means nothing in another store. A feed line is
// {"feed": {…}}, the feed as GET /api/v1/feeds/{id} gives it, a note
// line {"note": {…}}, the note as GET /api/v1/notes gives it, and a
// saved-search line {"saved_search": {…}}, the saved search as the API
// gives it with its webhook secret. So an export of the API imports too,
// without its story links.
//
// Ids belong to one store. An export walks the articles in storing order
// (ascending id) and writes each with its id; duplicate_of, feed_id and
// the story key (the id of the story's first article, see package story)
// name articles and feeds by those ids. Import stores the articles in
// file order, so they keep their storing order and their created time,
// and translates every reference to the ids the target store gave: the
// links stay consistent, the numbers may change. Imported into an empty
// store, an export of a store without gaps in its ids gets the same ids
// back, but nothing should rely on it. The external id (the id the input
// gave) and everything keyed by it (replies between statements) are kept
// as they are.
package transfer

import (
	"time"

	"github.com/rapporteur/rapporteur"
)

// Record is one line of an export: an article, or a feed.
type Record struct {
	// StoredArticle is the article as the API gives it: its statements
	// (with speaker, act, mode, confidence, target and replies), credits,
	// entities, source, and its links (duplicate_of, similarity,
	// story_id).
	*rapporteur.StoredArticle
	// Story is the article's story, named by its key, which import
	// translates; story_id is the exporting store's and ignored.
	Story *StoryRef `json:"story,omitempty"`
	// Feed is set on a feed line, which has no other field.
	Feed *rapporteur.Feed `json:"feed,omitempty"`
	// SavedSearch is set on a saved-search line, which has no other
	// field.
	SavedSearch *SavedSearch `json:"saved_search,omitempty"`
	// Note is set on a note line, which has no other field: a newsroom's
	// note on an article (article_id) or on one of its statements, named
	// by its words (quote), since statement ids belong to one store.
	Note *rapporteur.Note `json:"note,omitempty"`
}

// SavedSearch is a saved search as the API gives it, with its webhook's
// secret, which the API never shows: an export holds secrets, and
// `rapporteur export` writes its file with mode 0600.
type SavedSearch struct {
	*rapporteur.SavedSearch
	WebhookSecret string `json:"webhook_secret,omitempty"`
}

// StoryRef names a story across stores.
type StoryRef struct {
	Key   string `json:"key"`
	Title string `json:"title"`
}

// Counts are what an export wrote or an import read and stored. The feed,
// article, statement, copy and story counts of an export and of the import
// of that export are equal when nothing failed.
type Counts struct {
	Feeds         int `json:"feeds"`
	SavedSearches int `json:"saved_searches"`
	Notes         int `json:"notes"`
	Articles      int `json:"articles"`
	Statements    int `json:"statements"`
	// Copies counts articles linked as a wire copy (duplicate_of).
	Copies int `json:"copies"`
	// InStory counts articles linked to a story.
	InStory int `json:"in_story"`

	// The import's outcome of each article line, as ingest reports it.
	Created   int `json:"created,omitempty"`
	Updated   int `json:"updated,omitempty"`
	Unchanged int `json:"unchanged,omitempty"`
	// Failed counts article lines the target store refused, and links it
	// could not record (a reference to an article missing from the
	// file); each is reported with its line.
	Failed int `json:"failed,omitempty"`

	Took time.Duration `json:"-"`
}
