package rapporteur

import (
	"context"
	"html"
	"strings"
	"time"
)

// Store error codes, beside those of error.go. A Store classifies its errors
// with these so the HTTP layer can answer 404 and 409 without knowing SQL.
const (
	ENOTFOUND = "not_found" // no article, speaker, source, feed or saved search with that id
	ECONFLICT = "conflict"  // a unique key is taken, such as a feed URL already subscribed
)

// Store persists extracted articles and everything the monitor derives from
// them, and answers the searches of the web UI and the API. The sqlite
// package implements it; storetest holds the contract every implementation
// must pass. Implementations are safe for concurrent use.
//
// Every method is atomic: a method that returns an error has changed
// nothing, and a process killed during a call leaves the store as it was
// before the call or after it, never in between. (An implementation may
// commit concurrent PutArticle calls in one transaction; each call still
// returns only once its article is committed.)
//
// Lists are paginated with opaque cursors: pass the Next of one page as the
// Cursor of the filter to get the next page; Next is "" on the last page.
// Paging through a list never repeats or skips an item that was present on
// both calls. A cursor is only valid with the filter that produced it.
//
// Errors: a malformed search query is an *Error with code EINVALID whose
// cause is the parser's error (a *query.Error, with the position); an
// unknown id is ENOTFOUND; anything else is internal.
type Store interface {
	// PutArticle stores an extracted article idempotently, indexing it for
	// search in the same transaction.
	//
	// The article's key is its canonical URL (see package canon) when it has
	// a URL, and otherwise the content hash of its title and text. Putting
	// an article whose key is already stored replaces that article in
	// place, keeping its id: its fields, statements, credits and entities
	// are all replaced together, and the result is PutUpdated; when nothing
	// the store keeps differs, nothing is written and the result is
	// PutUnchanged. The same content under a different URL is a different
	// article (a wire story republished by another outlet is a different
	// publication); it shares the ContentHash, so exact copies can be found.
	PutArticle(ctx context.Context, a Article, meta ArticleMeta) (PutResult, error)

	// PutArticles puts several articles, in order, as PutArticle puts each:
	// results[i] and errs[i] are what PutArticle would return for items[i].
	// The store may commit them together, which makes a long ingest much
	// faster than one PutArticle after the other; a failing article fails
	// alone.
	PutArticles(ctx context.Context, items []PutItem) (results []PutResult, errs []error)

	// Article returns the stored article with its statements, credits,
	// entities and source.
	Article(ctx context.Context, id int64) (*StoredArticle, error)

	// ArticleIDByURL returns the id of the article stored under the
	// canonical form of rawURL, or an ENOTFOUND error. Feed pollers use it
	// to skip items they already have.
	ArticleIDByURL(ctx context.Context, rawURL string) (int64, error)

	// Articles lists or searches articles. The returned articles carry no
	// statements, credits or entities (StatementCount says how many
	// statements there are); with a text query they carry a Snippet.
	Articles(ctx context.Context, f ArticleFilter) (Page[*StoredArticle], error)

	// Statements lists or searches statements, newest article first or by
	// relevance, each with its article's title, URL, date and source.
	Statements(ctx context.Context, f StatementFilter) (Page[*StoredStatement], error)

	// Speaker returns one canonical speaker with its aliases, the roles and
	// affiliations seen and the outlets quoting it. The id of a speaker
	// merged into another (a lone surname that joined the full name)
	// returns the speaker it became, whose ID differs from the one asked.
	Speaker(ctx context.Context, id int64) (*StoredSpeaker, error)

	// Speakers lists speakers by statement count, most quoted first, or
	// searches them by name.
	Speakers(ctx context.Context, f SpeakerFilter) (Page[*StoredSpeaker], error)

	// SpeakerTimeline returns the number of statements by the speaker per
	// UTC day of article date in [from, to), days without statements left
	// out, oldest first. Zero from or to leaves that side open. It counts
	// as StatementCount does, wire copies folded, so the days of an open
	// range add up to the speaker's StatementCount.
	SpeakerTimeline(ctx context.Context, id int64, from, to time.Time) ([]DayCount, error)

	// TopSpeakers returns the limit speakers with the most statements in
	// articles dated in [from, to), most first, ties by name; it counts as
	// StatementCount does, wire copies folded.
	TopSpeakers(ctx context.Context, from, to time.Time, limit int) ([]SpeakerCount, error)

	// Source returns one source (an outlet or site).
	Source(ctx context.Context, id int64) (*Source, error)

	// Sources lists sources by article count, most first, or searches them
	// by name or host.
	Sources(ctx context.Context, f SourceFilter) (Page[*Source], error)

	// CreateFeed subscribes to a feed and sets its ID and Created. A URL
	// already subscribed is an ECONFLICT error.
	CreateFeed(ctx context.Context, feed *Feed) error
	// Feed returns one feed.
	Feed(ctx context.Context, id int64) (*Feed, error)
	// Feeds returns all feeds, in id order.
	Feeds(ctx context.Context) ([]*Feed, error)
	// UpdateFeed saves every field of feed except ID and Created.
	UpdateFeed(ctx context.Context, feed *Feed) error
	// DeleteFeed removes a feed; its articles stay.
	DeleteFeed(ctx context.Context, id int64) error

	// CreateSavedSearch validates the query, stores the search and sets its
	// ID and Created. An invalid query is an EINVALID error.
	CreateSavedSearch(ctx context.Context, s *SavedSearch) error
	// SavedSearch returns one saved search.
	SavedSearch(ctx context.Context, id int64) (*SavedSearch, error)
	// SavedSearches returns all saved searches, in id order.
	SavedSearches(ctx context.Context) ([]*SavedSearch, error)
	// UpdateSavedSearch saves every field of s except ID and Created (the
	// query is validated again).
	UpdateSavedSearch(ctx context.Context, s *SavedSearch) error
	// DeleteSavedSearch removes a saved search.
	DeleteSavedSearch(ctx context.Context, id int64) error
	// NewMatches returns up to limit articles that match the saved search
	// and were stored after the article afterID (article ids grow in
	// storing order), oldest first, so a webhook deliverer can advance
	// SavedSearch.Delivered without gaps. Wire copies (DuplicateOf set)
	// are left out, as in lists. For the Atom feed of the newest
	// matches, use Articles with the query and OrderIngested.
	NewMatches(ctx context.Context, savedSearchID, afterID int64, limit int) ([]*StoredArticle, error)

	// Stats returns the counts shown by the UI.
	Stats(ctx context.Context) (Stats, error)

	// LinkArticle records what story linking found for a stored article:
	// the copy it duplicates and the story it belongs to (created under
	// its key when new, its title replaced by the link's). Linking again
	// replaces the earlier links; the story's span and count follow its
	// articles.
	LinkArticle(ctx context.Context, id int64, link ArticleLink) error

	// LinkArticles records the links of several articles, as LinkArticle
	// records each, in one transaction: all of them or, on an error, none.
	LinkArticles(ctx context.Context, links []LinkItem) error

	// MergeStories moves the articles of the story keyed from into the
	// story keyed into (created when new), as when two stories converge,
	// and removes story from. An unknown from changes nothing.
	MergeStories(ctx context.Context, from, into string) error

	// Stories lists stories, the latest activity (Last) first.
	Stories(ctx context.Context, f StoryFilter) (Page[*StoredStory], error)

	// Story returns one story with its articles, oldest first, and the
	// statements of its articles (wire copies left out, since they repeat
	// their original) grouped by speaker. For a story merged into another
	// (MergeStories) it returns the story it became, whose ID differs.
	Story(ctx context.Context, id int64) (*StoredStory, error)

	// Related returns the wire copies of an article (every other article
	// of its duplicate group, the original included) and the other
	// articles of its story.
	Related(ctx context.Context, articleID int64) (*Related, error)

	// Close releases the store.
	Close() error
}

// ArticleMeta is what the ingester knows about an article beyond the
// extraction result.
type ArticleMeta struct {
	// FeedID is the feed the article came from, 0 if none.
	FeedID int64
	// Fetched is when the article was read; zero means now.
	Fetched time.Time
}

// PutItem is one article of PutArticles.
type PutItem struct {
	Article Article
	Meta    ArticleMeta
}

// PutStatus says what PutArticle did.
type PutStatus string

// Put statuses.
const (
	PutCreated   PutStatus = "created"
	PutUpdated   PutStatus = "updated"
	PutUnchanged PutStatus = "unchanged"
)

// PutResult is the outcome of PutArticle.
type PutResult struct {
	ID     int64     `json:"id"`
	Status PutStatus `json:"status"`
}

// StoredArticle is an article as stored: the extraction result plus its
// store identity. Its JSON is the extract contract with the integer id and
// store fields added (the embedded Article.ID, the input's own id, appears
// as "external_id").
type StoredArticle struct {
	ID int64 `json:"id"`
	Article
	// ExternalID repeats Article.ID, the id the input gave the article.
	ExternalID string `json:"external_id,omitempty"`
	// Statements shadows Article.Statements in JSON to add the ids; it is
	// filled by Store.Article only, in text order. Article.Statements holds
	// the same statements without ids.
	Statements []*StoredStatement `json:"statements,omitempty"`
	// CanonicalURL is the key of an article with a URL.
	CanonicalURL string `json:"canonical_url,omitempty"`
	// ContentHash is the hash of the normalised title and text (see
	// canon.Hash), in hex.
	ContentHash string `json:"content_hash"`
	// Date is Published, or the time the article was first stored when it
	// has no date; lists and date filters use it.
	Date     time.Time `json:"date"`
	SourceID int64     `json:"source_id,omitempty"`
	// Source is filled by Store.Article and in lists.
	Source         *Source   `json:"source,omitempty"`
	FeedID         int64     `json:"feed_id,omitempty"`
	StatementCount int       `json:"statement_count"`
	Created        time.Time `json:"created"`
	Updated        time.Time `json:"updated"`
	// Snippet is set in text searches: a piece of the text or title around
	// the matches, with each match between HighlightStart and HighlightEnd
	// (see HighlightHTML).
	Snippet string `json:"snippet,omitempty"`
	// DuplicateOf is the original of which the article is a wire copy, 0
	// when it is none; Similarity is the share of text they have in common.
	DuplicateOf int64   `json:"duplicate_of,omitempty"`
	Similarity  float64 `json:"similarity,omitempty"`
	// StoryID is the article's story, 0 before linking.
	StoryID int64 `json:"story_id,omitempty"`
	// CopyCount is set in lists that leave wire copies out: how many
	// copies of the article the list folded into it.
	CopyCount int `json:"copy_count,omitempty"`
}

// ArticleLink is what story linking says of one article (see
// Store.LinkArticle).
type ArticleLink struct {
	// DuplicateOf is the stored article the article copies, 0 for none.
	DuplicateOf int64
	Similarity  float64
	// StoryKey names the story in the linker (stable across restarts of
	// a linker rebuilt from the same articles); StoryTitle is its title.
	StoryKey   string
	StoryTitle string
}

// LinkItem is one article's links in Store.LinkArticles.
type LinkItem struct {
	ID   int64
	Link ArticleLink
}

// StoredStory is related coverage of one event: articles linked into one
// story.
type StoredStory struct {
	ID    int64  `json:"id"`
	Key   string `json:"key"`
	Title string `json:"title"`
	// First and Last are the earliest and latest article Date.
	First        time.Time `json:"first"`
	Last         time.Time `json:"last"`
	ArticleCount int       `json:"article_count"`

	// The fields below are filled by Store.Story only.

	// Articles are the story's articles, oldest first.
	Articles []*StoredArticle `json:"articles,omitempty"`
	// Voices are the story's statements grouped by speaker, the speaker
	// heard first first, so a contested story reads as a thread: who
	// alleged, who denied, who answered the denial.
	Voices []*StoryVoice `json:"voices,omitempty"`
}

// StoryVoice is one speaker's statements in a story, oldest first.
type StoryVoice struct {
	// SpeakerID is the canonical speaker, 0 for a speaker without one
	// (grouped by name).
	SpeakerID  int64              `json:"speaker_id,omitempty"`
	Name       string             `json:"name"`
	Statements []*StoredStatement `json:"statements"`
}

// Related is what Store.Related returns.
type Related struct {
	// Copies are the same wire copy in other articles, oldest first.
	Copies []*StoredArticle `json:"copies"`
	// Story is the article's story without its articles, nil before
	// linking.
	Story *StoredStory `json:"story"`
	// Others are the other articles of the story, wire copies left out,
	// oldest first.
	Others []*StoredArticle `json:"others"`
}

// StoryFilter selects stories.
type StoryFilter struct {
	// MinArticles leaves out stories with fewer articles; 0 means 1.
	MinArticles int
	Cursor      string
	// Limit is the page size: 0 means 20, at most 1000.
	Limit int
}

// StoredStatement is a statement as stored, with its article's summary.
type StoredStatement struct {
	ID        int64 `json:"id"`
	ArticleID int64 `json:"article_id"`
	// SpeakerID is the canonical speaker, 0 when the speaker has no name or
	// is not a person or organization (a document, a group, unknown).
	SpeakerID int64 `json:"speaker_id,omitempty"`
	// SpeakerCanonical is the canonical speaker's name (its
	// StoredSpeaker.Name), "" without one; Speaker.Name is the name as the
	// article gave it.
	SpeakerCanonical string `json:"speaker_canonical,omitempty"`
	Statement
	// Answers is the statement this one answers in its story's thread,
	// which links statements across the story's articles (package
	// thread); nil when it answers none there. Statement.RespondsTo holds
	// the answers read within the article.
	Answers      *StatementRef `json:"answers,omitempty"`
	ArticleTitle string        `json:"article_title,omitempty"`
	ArticleURL   string        `json:"article_url,omitempty"`
	Date         time.Time     `json:"date"` // the article's Date
	SourceID     int64         `json:"source_id,omitempty"`
	SourceName   string        `json:"source_name,omitempty"`
	// Snippet is set in text searches, marked like StoredArticle.Snippet.
	Snippet string `json:"snippet,omitempty"`
}

// StatementRef names a stored statement and its article.
type StatementRef struct {
	ArticleID   int64 `json:"article_id"`
	StatementID int64 `json:"statement_id"`
}

// StoredSpeaker is one canonical person or organization across all
// articles, as package registry decides: names are matched without case
// or accents and without editorial words and titles ("Afterwards Trump"),
// a lone surname joins the full name its article or the registry makes
// unambiguous, and generic bodies ("police") without an affiliation stay
// per article. So "Zhao Lijian" quoted in fifty articles is one speaker.
type StoredSpeaker struct {
	ID   int64  `json:"id"`
	Name string `json:"name"` // the form first seen
	Type string `json:"type"` // Person or Organization
	// StatementCount counts the stored statements attributed to the
	// speaker, wire copies left out as in lists.
	StatementCount int       `json:"statement_count"`
	FirstSeen      time.Time `json:"first_seen"` // earliest article Date
	LastSeen       time.Time `json:"last_seen"`  // latest article Date

	// The fields below are filled by Store.Speaker only.

	// Aliases are the other surface names seen for the speaker: spellings
	// that normalise to the same key, names the registry joined to it
	// ("Erdogan" for "Recep Tayyip Erdoğan") and shorter mentions made only
	// of words of the name ("Callamard" for "Agnes Callamard").
	Aliases []string `json:"aliases,omitempty"`
	// Roles are the role and affiliation pairs seen, most used first.
	Roles []SpeakerRole `json:"roles,omitempty"`
	// Outlets are the sources quoting the speaker, most statements first.
	Outlets []SourceCount `json:"outlets,omitempty"`
}

// SpeakerRole is a role and affiliation seen for a speaker, with the dates
// of the articles where it was seen. Either may be empty.
type SpeakerRole struct {
	Role        string    `json:"role,omitempty"`
	Affiliation string    `json:"affiliation,omitempty"`
	Count       int       `json:"count"`
	FirstSeen   time.Time `json:"first_seen"`
	LastSeen    time.Time `json:"last_seen"`
}

// SourceCount is a source and a number of statements.
type SourceCount struct {
	Source *Source `json:"source"`
	Count  int     `json:"count"`
}

// SpeakerCount is a speaker and a number of statements in a time window.
type SpeakerCount struct {
	Speaker *StoredSpeaker `json:"speaker"`
	Count   int            `json:"count"`
}

// DayCount is a number of statements on one UTC day.
type DayCount struct {
	Day   time.Time `json:"day"`
	Count int       `json:"count"`
}

// Source is an outlet or site, keyed by the host of its articles' URLs
// without "www."; articles without a URL share the source named by their
// Site, if any.
type Source struct {
	ID           int64     `json:"id"`
	Host         string    `json:"host,omitempty"`
	Name         string    `json:"name"`
	ArticleCount int       `json:"article_count"`
	FirstSeen    time.Time `json:"first_seen"` // when its first article was stored
}

// Feed is a subscribed RSS, Atom or JSON feed and its polling state.
type Feed struct {
	ID    int64  `json:"id"`
	URL   string `json:"url"`
	Title string `json:"title,omitempty"`
	// ETag and LastModified are the validators of the last 200 response,
	// sent back in conditional GETs.
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	// LastFetched is the last poll, zero before the first; NextFetch is
	// when the poller should fetch it next.
	LastFetched time.Time `json:"last_fetched,omitzero"`
	NextFetch   time.Time `json:"next_fetch,omitzero"`
	// ErrorCount counts consecutive failed polls (0 after a success);
	// LastError is the message of the latest failure, "" after a success.
	ErrorCount int       `json:"error_count"`
	LastError  string    `json:"last_error,omitempty"`
	Created    time.Time `json:"created"`
}

// SavedSearch is a named article query with its Atom feed and optional
// webhook.
type SavedSearch struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Query string `json:"query"`
	// WebhookURL, if set, receives new matches as JSON POSTs signed with
	// WebhookSecret (HMAC-SHA256).
	WebhookURL    string `json:"webhook_url,omitempty"`
	WebhookSecret string `json:"-"`
	// Delivered is the id of the last article delivered to the webhook;
	// matches with greater ids are pending (see Store.NewMatches). A new
	// saved search starts at the newest stored article, so the webhook
	// gets only what arrives after it was created.
	Delivered int64 `json:"delivered"`
	// LastDelivery, DeliveryErrors, LastError and NextDelivery are the
	// deliverer's state: time of the last success, consecutive failures,
	// the last failure's message and when to try again.
	LastDelivery   time.Time `json:"last_delivery,omitzero"`
	DeliveryErrors int       `json:"delivery_errors"`
	LastError      string    `json:"last_error,omitempty"`
	NextDelivery   time.Time `json:"next_delivery,omitzero"`
	Created        time.Time `json:"created"`
}

// Page is one page of a list.
type Page[T any] struct {
	Items []T `json:"items"`
	// Next is the cursor of the next page, "" on the last page.
	Next string `json:"next"`
}

// Article orders.
const (
	// OrderDefault is OrderRelevance when the query has text to match and
	// OrderDate otherwise.
	OrderDefault = ""
	// OrderRelevance ranks by bm25 with a boost for recent articles. It
	// ranks the newest matches (about a thousand, most recently stored
	// first) and then continues with older matches newest first, so a
	// common word never makes the store rank every row; a query with a
	// word in most articles is ranked by recency alone.
	OrderRelevance = "relevance"
	// OrderDate is by article Date, newest first. With a text query it
	// sorts every match, which is slow for a common word in a large
	// store; OrderIngested is not.
	OrderDate = "date"
	// OrderIngested is by storing order, newest first.
	OrderIngested = "ingested"
	// OrderOldest is by article Date, oldest first, the reverse of
	// OrderDate (and as slow as it with a common word).
	OrderOldest = "oldest"
)

// ArticleFilter selects articles. Zero fields select everything.
type ArticleFilter struct {
	// Query is in the search language of package query: words, "phrases",
	// prefix*, AND OR NOT ( ), and fields title: speaker: source: credit:
	// lang: kind: date:.
	Query     string
	SourceID  int64
	FeedID    int64
	SpeakerID int64  // articles quoting this speaker
	Language  string // ISO 639-1 code
	// From and To bound the article Date: From <= Date < To; zero is open.
	From, To time.Time
	// Now anchors relative dates in the query (date:P7D); zero means the
	// store's clock.
	Now    time.Time
	Order  string
	Cursor string
	// Limit is the page size: 0 means 20, at most 1000.
	Limit int
	// Duplicates keeps wire copies (articles with a DuplicateOf) in the
	// list; by default only the original of each copy group is listed.
	Duplicates bool
	// Full fills each listed article as Store.Article does: its Text,
	// Credits, Entities and Statements. Exports want the whole record;
	// a page of results does not.
	Full bool
}

// StatementFilter selects statements. Zero fields select everything.
type StatementFilter struct {
	// Query is in the search language of package query; its words match
	// the statement content and speaker name, title: the article title.
	Query     string
	SpeakerID int64
	ArticleID int64
	SourceID  int64
	Kind      string // Direct, Indirect or Mixed
	From, To  time.Time
	Now       time.Time
	Cursor    string
	Limit     int
	// Duplicates keeps the statements of wire copies, which repeat those
	// of their original; by default they are left out (except when
	// ArticleID names the copy itself).
	Duplicates bool
	// Order is OrderDefault, OrderRelevance, OrderDate or OrderOldest
	// (statements have no OrderIngested). By default a query with text to
	// match ranks by relevance, one article's statements come in text
	// order, and the others newest first; OrderOldest follows a story
	// from the allegation to the denial and the answer.
	Order string
}

// Statement list orders beside the article orders: one article's
// statements in the order of its text (StatementFilter.ListOrder).
const OrderText = "text"

// ListOrder returns the order the statements are listed in: OrderRelevance,
// OrderText, OrderDate or OrderOldest, given whether the query has text to
// match; an unknown order is an EINVALID error.
func (f StatementFilter) ListOrder(match bool) (string, error) {
	switch f.Order {
	case OrderDefault:
		switch {
		case match:
			return OrderRelevance, nil
		case f.ArticleID != 0:
			return OrderText, nil
		}
		return OrderDate, nil
	case OrderRelevance:
		if match {
			return OrderRelevance, nil
		}
		return OrderDate, nil
	case OrderDate, OrderOldest:
		return f.Order, nil
	}
	return "", Errorf(EINVALID, "unknown statement order %q: use relevance, date or oldest", f.Order)
}

// SpeakerFilter selects speakers.
type SpeakerFilter struct {
	// Query matches words of the speaker's name or of its other names
	// (the aliases the registry joined to it), prefixes too.
	Query string
	// Type keeps the speakers of one type, "" all. Only Person and
	// Organization speakers are stored, so another type lists none.
	Type   string
	Cursor string
	Limit  int
}

// SourceFilter selects sources.
type SourceFilter struct {
	// Query matches words of the name or host (prefixes too).
	Query  string
	Cursor string
	Limit  int
}

// Stats are the store's counts.
type Stats struct {
	Articles      int64 `json:"articles"`
	Statements    int64 `json:"statements"`
	Speakers      int64 `json:"speakers"`
	Sources       int64 `json:"sources"`
	Feeds         int64 `json:"feeds"`
	SavedSearches int64 `json:"saved_searches"`
	// LastStored is when the newest article was first stored; zero when
	// there is none.
	LastStored time.Time `json:"last_stored,omitzero"`
}

// Snippet highlight markers. They are control characters that never occur
// in stored text (PutArticle replaces them in titles and texts with spaces,
// which keeps every offset), so a renderer can escape the snippet first and
// then turn the markers into tags, keeping the article's text inert.
const (
	HighlightStart = "\x02"
	HighlightEnd   = "\x03"
)

// HighlightHTML escapes a snippet for HTML and turns its markers into
// <mark> elements. Unbalanced markers are dropped or closed, so the result
// is always well formed.
func HighlightHTML(snippet string) string {
	var b strings.Builder
	open := false
	for {
		i := strings.IndexAny(snippet, HighlightStart+HighlightEnd)
		if i < 0 {
			b.WriteString(html.EscapeString(snippet))
			break
		}
		b.WriteString(html.EscapeString(snippet[:i]))
		switch {
		case snippet[i] == HighlightStart[0] && !open:
			b.WriteString("<mark>")
			open = true
		case snippet[i] == HighlightEnd[0] && open:
			b.WriteString("</mark>")
			open = false
		}
		snippet = snippet[i+1:]
	}
	if open {
		b.WriteString("</mark>")
	}
	return b.String()
}
