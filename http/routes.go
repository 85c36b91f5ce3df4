package http

import (
	"net/http"

	"github.com/rapporteur/rapporteur"
)

// route is one entry of the route table.
type route struct {
	method  string
	pattern string // a net/http ServeMux pattern, without the method
	handle  func(w http.ResponseWriter, r *http.Request) error
	// write routes change the store: they need the write token and are
	// refused on a read-only server.
	write bool
	// limited routes do expensive work for anyone (extraction, fetching a
	// URL): a per-client token bucket limits them.
	limited bool
}

// routes is the whole route table. API routes start with /api/v1 and are
// documented in openapi.json with /healthz and /readyz (a test checks both
// ways).
func (s *Server) routes() []route {
	return []route{
		// Web UI.
		{method: "GET", pattern: "/{$}", handle: s.uiHome},
		{method: "GET", pattern: "/search", handle: s.uiSearch},
		{method: "GET", pattern: "/help/search", handle: s.uiSearchHelp},
		{method: "GET", pattern: "/attention", handle: s.uiAttention},
		{method: "GET", pattern: "/articles/{id}", handle: s.uiArticle},
		{method: "POST", pattern: "/articles/{id}/notes", handle: s.uiNoteAdd, write: true},
		{method: "GET", pattern: "/speakers", handle: s.uiSpeakers},
		{method: "GET", pattern: "/speakers/{id}", handle: s.uiSpeaker},
		{method: "GET", pattern: "/speakers/{id}/correct", handle: s.uiCorrectForm},
		{method: "POST", pattern: "/speakers/{id}/merge", handle: s.uiCorrect(rapporteur.CorrectMerge), write: true},
		{method: "POST", pattern: "/speakers/{id}/split", handle: s.uiCorrect(rapporteur.CorrectSplit), write: true},
		{method: "POST", pattern: "/speakers/{id}/rename", handle: s.uiCorrect(rapporteur.CorrectRename), write: true},
		{method: "POST", pattern: "/speakers/{id}/type", handle: s.uiCorrect(rapporteur.CorrectType), write: true},
		{method: "GET", pattern: "/statements/{id}", handle: s.uiStatement},
		{method: "GET", pattern: "/openapi.json", handle: s.uiOpenAPI},
		{method: "GET", pattern: "/statements/{id}/speaker", handle: s.uiStatementSpeakerForm},
		{method: "POST", pattern: "/statements/{id}/speaker", handle: s.uiStatementSpeaker, write: true},
		{method: "GET", pattern: "/corrections", handle: s.uiCorrections},
		{method: "GET", pattern: "/stories", handle: s.uiStories},
		{method: "GET", pattern: "/stories/{id}", handle: s.uiStory},
		{method: "GET", pattern: "/stories/{id}/thread", handle: s.uiStoryThread},
		{method: "GET", pattern: "/sources", handle: s.uiSources},
		{method: "GET", pattern: "/sources/{id}", handle: s.uiSource},
		{method: "GET", pattern: "/analyze", handle: s.uiAnalyzeForm},
		{method: "POST", pattern: "/analyze", handle: s.uiAnalyze, limited: true},
		{method: "GET", pattern: "/login", handle: s.uiLoginForm},
		{method: "POST", pattern: "/login", handle: s.uiLogin, limited: true},
		{method: "POST", pattern: "/logout", handle: s.uiLogout},
		{method: "GET", pattern: "/feeds", handle: s.uiFeeds},
		{method: "POST", pattern: "/feeds", handle: s.uiFeedAdd, write: true},
		{method: "POST", pattern: "/feeds/{id}/delete", handle: s.uiFeedDelete, write: true},
		{method: "POST", pattern: "/feeds/{id}/refresh", handle: s.uiFeedRefresh, write: true},
		{method: "POST", pattern: "/feeds/import", handle: s.uiFeedImport, write: true},
		{method: "GET", pattern: "/saved", handle: s.uiSaved},
		{method: "POST", pattern: "/saved", handle: s.uiSavedAdd, write: true},
		{method: "POST", pattern: "/saved/{id}/delete", handle: s.uiSavedDelete, write: true},
		{method: "POST", pattern: "/saved/{id}/edit", handle: s.uiSavedEdit, write: true},
		{method: "GET", pattern: "/feeds/saved/{file}", handle: s.savedAtom},
		{method: "GET", pattern: "/static/{file}", handle: s.static},
		{method: "GET", pattern: "/favicon.ico", handle: s.favicon},

		// Liveness and readiness, for supervisors and load balancers.
		{method: "GET", pattern: "/healthz", handle: s.healthz},
		{method: "GET", pattern: "/readyz", handle: s.readyz},

		// JSON API.
		{method: "GET", pattern: "/api/v1/openapi.json", handle: s.apiOpenAPI},
		{method: "GET", pattern: "/api/v1/stats", handle: s.apiStats},
		{method: "GET", pattern: "/api/v1/articles", handle: s.apiArticles},
		{method: "POST", pattern: "/api/v1/articles", handle: s.apiIngest, write: true, limited: true},
		{method: "GET", pattern: "/api/v1/articles/{id}", handle: s.apiArticle},
		{method: "GET", pattern: "/api/v1/articles/{id}/related", handle: s.apiRelated},
		{method: "GET", pattern: "/api/v1/articles/{id}/notes", handle: s.apiArticleNotes},
		{method: "POST", pattern: "/api/v1/articles/{id}/notes", handle: s.apiNoteCreate, write: true},
		{method: "GET", pattern: "/api/v1/notes", handle: s.apiNotes},
		{method: "DELETE", pattern: "/api/v1/notes/{id}", handle: s.apiNoteDelete, write: true},
		{method: "GET", pattern: "/api/v1/stories", handle: s.apiStories},
		{method: "GET", pattern: "/api/v1/stories/{id}", handle: s.apiStory},
		{method: "GET", pattern: "/api/v1/stories/{id}/thread", handle: s.apiStoryThread},
		{method: "GET", pattern: "/api/v1/stories/{id}/storyline", handle: s.apiStoryline},
		{method: "GET", pattern: "/api/v1/statements", handle: s.apiStatements},
		{method: "GET", pattern: "/api/v1/attention", handle: s.apiAttention},
		{method: "GET", pattern: "/api/v1/facets", handle: s.apiFacets},
		{method: "GET", pattern: "/api/v1/speakers", handle: s.apiSpeakers},
		{method: "GET", pattern: "/api/v1/speakers/{id}", handle: s.apiSpeaker},
		{method: "GET", pattern: "/api/v1/speakers/{id}/timeline", handle: s.apiSpeakerTimeline},
		{method: "POST", pattern: "/api/v1/speakers/{id}/merge", handle: s.apiCorrect(rapporteur.CorrectMerge), write: true},
		{method: "POST", pattern: "/api/v1/speakers/{id}/split", handle: s.apiCorrect(rapporteur.CorrectSplit), write: true},
		{method: "POST", pattern: "/api/v1/speakers/{id}/rename", handle: s.apiCorrect(rapporteur.CorrectRename), write: true},
		{method: "POST", pattern: "/api/v1/speakers/{id}/type", handle: s.apiCorrect(rapporteur.CorrectType), write: true},
		{method: "POST", pattern: "/api/v1/statements/{id}/speaker", handle: s.apiCorrect(rapporteur.CorrectReassign), write: true},
		{method: "GET", pattern: "/api/v1/corrections", handle: s.apiCorrections},
		{method: "GET", pattern: "/api/v1/sources", handle: s.apiSources},
		{method: "GET", pattern: "/api/v1/sources/{id}", handle: s.apiSource},
		{method: "POST", pattern: "/api/v1/extract", handle: s.apiExtract, limited: true},
		{method: "GET", pattern: "/api/v1/feeds", handle: s.apiFeeds},
		{method: "POST", pattern: "/api/v1/feeds", handle: s.apiFeedCreate, write: true},
		{method: "POST", pattern: "/api/v1/feeds/import", handle: s.apiFeedImport, write: true},
		{method: "GET", pattern: "/api/v1/feeds/{id}", handle: s.apiFeed},
		{method: "DELETE", pattern: "/api/v1/feeds/{id}", handle: s.apiFeedDelete, write: true},
		{method: "POST", pattern: "/api/v1/feeds/{id}/refresh", handle: s.apiFeedRefresh, write: true},
		{method: "GET", pattern: "/api/v1/saved-searches", handle: s.apiSavedSearches},
		{method: "POST", pattern: "/api/v1/saved-searches", handle: s.apiSavedSearchCreate, write: true},
		{method: "GET", pattern: "/api/v1/saved-searches/{id}", handle: s.apiSavedSearch},
		{method: "DELETE", pattern: "/api/v1/saved-searches/{id}", handle: s.apiSavedSearchDelete, write: true},
		{method: "PATCH", pattern: "/api/v1/saved-searches/{id}", handle: s.apiSavedSearchEdit, write: true},
	}
}
