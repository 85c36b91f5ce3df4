package http

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/intake"
)

// homePage is the data of the home page.
type homePage struct {
	Stats    rapporteur.Stats
	Latest   []*rapporteur.StoredArticle
	Top      []rapporteur.SpeakerCount
	TopUntil time.Time // end of the week of Top
	TopNow   bool      // the week is the current one
	// Roles are the main role of each speaker of Top, by id.
	Roles map[int64]string
	// Stories are the latest stories of more than one article.
	Stories []*rapporteur.StoredStory
}

func (s *Server) uiHome(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	st, err := s.cfg.Store.Stats(ctx)
	if err != nil {
		return err
	}
	latest, err := s.cfg.Store.Articles(ctx, rapporteur.ArticleFilter{Order: rapporteur.OrderDate, Limit: 12})
	if err != nil {
		return err
	}
	p := &homePage{Stats: st, Latest: latest.Items, TopNow: true}
	now := s.cfg.Now()
	p.TopUntil = now
	p.Top, err = s.cfg.Store.TopSpeakers(ctx, now.AddDate(0, 0, -7), now, 10)
	if err != nil {
		return err
	}
	// An archive (the demo corpus, a backfill) has no statements this
	// week: show the week of its newest article instead of an empty box.
	if len(p.Top) == 0 && len(latest.Items) > 0 {
		until := latest.Items[0].Date.UTC().Truncate(24*time.Hour).AddDate(0, 0, 1)
		p.TopUntil, p.TopNow = until, false
		if p.Top, err = s.cfg.Store.TopSpeakers(ctx, until.AddDate(0, 0, -7), until, 10); err != nil {
			return err
		}
	}
	ids := make([]int64, 0, len(p.Top))
	for _, c := range p.Top {
		if c.Speaker != nil {
			ids = append(ids, c.Speaker.ID)
		}
	}
	if p.Roles, err = s.mainRoles(ctx, ids); err != nil {
		return err
	}
	stories, err := s.cfg.Store.Stories(ctx, rapporteur.StoryFilter{MinArticles: 2, Limit: 6})
	if err != nil {
		return err
	}
	p.Stories = stories.Items
	s.render(w, r, http.StatusOK, "home", "rapporteur", p)
	return nil
}

// searchPage is the data of the search results.
type searchPage struct {
	Tab        string // "articles" or "statements"
	Articles   []*rapporteur.StoredArticle
	Statements []*rapporteur.StoredStatement
	Next       string // URL of the next page, "" on the last
	Error      *queryProblem
	// ArticlesURL, StatementsURL, CSV and JSONL link the tabs and exports
	// of the same search.
	ArticlesURL, StatementsURL, CSV, JSONL string
	// OverTime is the attention chart of the same search.
	OverTime string
	// Duplicates is the toggle of wire copies in the article results, and
	// DuplicatesURL the same search with the toggle flipped.
	Duplicates    bool
	DuplicatesURL string
	// Count says how many articles or statements match ("about 48,000
	// articles"); Sort is the sort control of either tab, and Chips
	// the active filters the search box does not show.
	Count string
	Sort  []sortOption
	Chips []chip
	// Facets narrow the results by source, speaker, credit, language,
	// kind and act.
	Facets *facetPanel
}

// queryProblem shows a malformed query with the place of the problem.
type queryProblem struct {
	Message string
	// Query says that the query is at fault, not another parameter of
	// the URL (order=, kind=, speaker=…): only then the query help shows.
	Query             bool
	Before, At, After string
	HasPos            bool
}

func (s *Server) uiSearch(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	p := &searchPage{Tab: "articles"}
	if v.Get("tab") == "statements" {
		p.Tab = "statements"
	}
	p.ArticlesURL = withParams(r.URL, "tab", "articles", "cursor", "")
	p.Duplicates = v.Get("duplicates") == "1"
	p.DuplicatesURL = withParams(r.URL, "duplicates", "1", "cursor", "")
	if p.Duplicates {
		p.DuplicatesURL = withParams(r.URL, "duplicates", "", "cursor", "")
	}
	p.StatementsURL = withParams(r.URL, "tab", "statements", "cursor", "")
	api := "/api/v1/" + p.Tab
	p.CSV = api + "?" + withParams(r.URL, "tab", "", "cursor", "", "format", "csv")[len("/search?"):]
	p.JSONL = api + "?" + withParams(r.URL, "tab", "", "cursor", "", "format", "jsonl")[len("/search?"):]
	p.Chips = s.filterChips(r.Context(), r)
	p.OverTime = overTime(v)
	var next string
	var err error
	p.Sort = sortOptions(r.URL, p.Tab, s.cfg.Now())
	if p.Tab == "articles" {
		var f rapporteur.ArticleFilter
		if f, err = s.articleFilter(v); err == nil {
			err = s.knownSpeaker(r.Context(), f.SpeakerID)
		}
		if err == nil {
			var pg rapporteur.Page[*rapporteur.StoredArticle]
			pg, err = s.cfg.Store.Articles(r.Context(), f)
			p.Articles, next = pg.Items, pg.Next
			if err == nil && f.Cursor == "" {
				var n int64
				var exact bool
				p.Count, n, exact, err = s.resultCount(r.Context(), f, len(pg.Items), pg.Next != "")
				if err == nil {
					p.Facets, err = s.searchFacets(r.Context(), r.URL, f, n, exact)
				}
			}
		}
	} else {
		var f rapporteur.StatementFilter
		if f, err = s.statementFilter(v); err == nil {
			err = s.knownSpeaker(r.Context(), f.SpeakerID)
		}
		if err == nil {
			var pg rapporteur.Page[*rapporteur.StoredStatement]
			pg, err = s.cfg.Store.Statements(r.Context(), f)
			p.Statements, next = pg.Items, pg.Next
			if err == nil && f.Cursor == "" {
				var n int64
				var exact bool
				p.Count, n, exact, err = s.statementCount(r.Context(), f, len(pg.Items), pg.Next != "")
				if err == nil {
					p.Facets, err = s.statementFacets(r.Context(), r.URL, f, n, exact)
				}
			}
		}
	}
	title := "Search"
	if q := v.Get("q"); q != "" {
		title = q + " · Search"
	}
	if err != nil {
		code := rapporteur.ErrorCode(err)
		if code != rapporteur.EINVALID && code != rapporteur.ENOTFOUND {
			return err
		}
		_, msg := classify(err)
		p.Error = &queryProblem{Message: msg, Query: strings.HasPrefix(msg, "invalid search")}
		if qe := queryError(err); qe != nil {
			p.Error.Query = true
			p.Error.Message = qe.Msg
			rs := []rune(v.Get("q"))
			if pos := qe.Pos; pos >= 0 && pos <= len(rs) {
				p.Error.HasPos = true
				p.Error.Before = string(rs[:pos])
				if pos < len(rs) {
					p.Error.At = string(rs[pos : pos+1])
					p.Error.After = string(rs[pos+1:])
				}
			}
		}
		status := http.StatusBadRequest
		if code == rapporteur.ENOTFOUND {
			status = http.StatusNotFound
		}
		s.render(w, r, status, "search", title, p)
		return nil
	}
	p.Next = nextURL(r.URL, next)
	s.render(w, r, http.StatusOK, "search", title, p)
	return nil
}

// nextURL is the link to the next page of a list at u, "" for none.
func nextURL(u *url.URL, cursor string) string {
	if cursor == "" {
		return ""
	}
	return withParams(u, "cursor", cursor)
}

// withParams returns /search-style u with the given parameters set (or
// removed when the value is empty).
func withParams(u *url.URL, kv ...string) string {
	v := u.Query()
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			v.Del(kv[i])
		} else {
			v.Set(kv[i], kv[i+1])
		}
	}
	return u.Path + "?" + v.Encode()
}

// articlePage is the data of an article page and of the Analyze result.
type articlePage struct {
	Article   *rapporteur.StoredArticle
	Body      template.HTML
	BySpeaker []speakerGroup
	Credits   []rapporteur.Credit
	Entities  []rapporteur.Entity
	Analyzed  bool // an Analyze result, not stored
	// Related is the article's wire copies and story, nil on Analyze.
	Related *rapporteur.Related
	// Notes are the newsroom's notes on the article and its statements,
	// nil on Analyze.
	Notes *notesPanel
	// Thread is the replies within the article (issue 11), nil when no
	// statement answers another.
	Thread []threadRow
}

// speakerGroup is the statements of one speaker in an article.
type speakerGroup struct {
	Speaker    rapporteur.Speaker
	SpeakerID  int64
	Statements []numbered
}

// numbered is a statement with the key its mark in the body has as id.
type numbered struct {
	N int64
	*rapporteur.StoredStatement
}

func (s *Server) uiArticle(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	a, err := s.cfg.Store.Article(r.Context(), id)
	if err != nil {
		return err
	}
	p := newArticlePage(a)
	p.Thread = articleThread(a)
	if p.Related, err = s.cfg.Store.Related(r.Context(), id); err != nil {
		return err
	}
	if p.Notes, err = s.articleNotes(r.Context(), id); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "article", titleOr(a.Title, "Article"), p)
	return nil
}

// newArticlePage builds the highlighted body and groups the statements by
// speaker, most statements first.
func newArticlePage(a *rapporteur.StoredArticle) *articlePage {
	sts := make([]rapporteur.Statement, len(a.Statements))
	keys := make([]int64, len(a.Statements))
	for i, st := range a.Statements {
		sts[i] = st.Statement
		keys[i] = st.ID
		if keys[i] == 0 { // an Analyze result: not stored, no ids
			keys[i] = int64(i + 1)
		}
	}
	p := &articlePage{Article: a, Body: articleBody(a.Text, sts, keys), Credits: a.Credits, Entities: a.Entities}
	index := map[string]int{}
	for i, st := range a.Statements {
		key := st.Speaker.Type + "\x00" + st.Speaker.Name
		if st.Speaker.Name == "" {
			key += "\x00" + itoa(int64(i)) // unnamed speakers are not one person
		}
		g, ok := index[key]
		if !ok {
			g = len(p.BySpeaker)
			index[key] = g
			p.BySpeaker = append(p.BySpeaker, speakerGroup{Speaker: st.Speaker, SpeakerID: st.SpeakerID})
		}
		p.BySpeaker[g].Statements = append(p.BySpeaker[g].Statements, numbered{N: keys[i], StoredStatement: st})
	}
	sort.SliceStable(p.BySpeaker, func(i, j int) bool {
		return len(p.BySpeaker[i].Statements) > len(p.BySpeaker[j].Statements)
	})
	return p
}

func titleOr(t, def string) string {
	if strings.TrimSpace(t) == "" {
		return def
	}
	return t
}

// speakerPage is the data of a speaker page.
type speakerPage struct {
	Speaker    *rapporteur.StoredSpeaker
	Statements []*rapporteur.StoredStatement
	Next       string
	Timeline   *timeline
}

func (s *Server) uiSpeaker(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	ctx := r.Context()
	sp, err := s.cfg.Store.Speaker(ctx, id)
	if err != nil {
		return err
	}
	if sp.ID != id { // merged into another speaker: its address is the one to keep
		http.Redirect(w, r, "/speakers/"+itoa(sp.ID), http.StatusMovedPermanently)
		return nil
	}
	pg, err := s.cfg.Store.Statements(ctx, rapporteur.StatementFilter{SpeakerID: id, Cursor: r.URL.Query().Get("cursor"), Limit: 50})
	if err != nil {
		return err
	}
	days, err := s.cfg.Store.SpeakerTimeline(ctx, id, time.Time{}, time.Time{})
	if err != nil {
		return err
	}
	p := &speakerPage{Speaker: sp, Statements: pg.Items, Timeline: newTimeline(days, id)}
	p.Next = nextURL(r.URL, pg.Next)
	s.render(w, r, http.StatusOK, "speaker", sp.Name, p)
	return nil
}

// listPage is the data of the speaker and source lists.
type listPage struct {
	Speakers []*rapporteur.StoredSpeaker
	Sources  []*rapporteur.Source
	Next     string
	// Query and Type are the speaker list's search and type filter, Types
	// the types it offers.
	Query, Type string
	Types       []string
	// Roles are the main role of each listed speaker, by id.
	Roles map[int64]string
}

// speakerTypes are the speaker types the speaker list filters by, as
// statements give them.
var speakerTypes = []string{rapporteur.Person, rapporteur.Organization, rapporteur.Group, rapporteur.Document, rapporteur.Unknown}

// listedTypes are the types the speaker list offers: the types of the
// speakers kept (statements of groups, documents and unknown speakers
// have no speaker record, so those choices found nothing). A URL with
// another of speakerTypes still says why it lists none.
var listedTypes = []string{rapporteur.Person, rapporteur.Organization}

// speakerFilter reads the speaker list's q, type and cursor; a type that
// is none of speakerTypes is EINVALID.
func speakerFilter(v url.Values) (rapporteur.SpeakerFilter, error) {
	f := rapporteur.SpeakerFilter{Query: v.Get("q"), Type: v.Get("type"), Cursor: v.Get("cursor")}
	if f.Type != "" && !slices.Contains(speakerTypes, f.Type) {
		return f, rapporteur.Errorf(rapporteur.EINVALID, "type %q is not one of %s", f.Type, strings.Join(speakerTypes, ", "))
	}
	return f, nil
}

func (s *Server) uiSpeakers(w http.ResponseWriter, r *http.Request) error {
	f, err := speakerFilter(r.URL.Query())
	if err != nil {
		return err
	}
	f.Limit = 50
	pg, err := s.cfg.Store.Speakers(r.Context(), f)
	if err != nil {
		return err
	}
	p := &listPage{Speakers: pg.Items, Query: f.Query, Type: f.Type, Types: listedTypes}
	ids := make([]int64, len(pg.Items))
	for i, sp := range pg.Items {
		ids[i] = sp.ID
	}
	if p.Roles, err = s.mainRoles(r.Context(), ids); err != nil {
		return err
	}
	p.Next = nextURL(r.URL, pg.Next)
	s.render(w, r, http.StatusOK, "speakers", "Speakers", p)
	return nil
}

func (s *Server) uiSources(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	pg, err := s.cfg.Store.Sources(r.Context(), rapporteur.SourceFilter{Query: v.Get("q"), Cursor: v.Get("cursor"), Limit: 50})
	if err != nil {
		return err
	}
	p := &listPage{Sources: pg.Items}
	p.Next = nextURL(r.URL, pg.Next)
	s.render(w, r, http.StatusOK, "sources", "Sources", p)
	return nil
}

// sourcePage is the data of a source page.
type sourcePage struct {
	Source   *rapporteur.Source
	Articles []*rapporteur.StoredArticle
	Next     string
}

func (s *Server) uiSource(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	so, err := s.cfg.Store.Source(r.Context(), id)
	if err != nil {
		return err
	}
	pg, err := s.cfg.Store.Articles(r.Context(), rapporteur.ArticleFilter{SourceID: id, Order: rapporteur.OrderDate,
		Cursor: r.URL.Query().Get("cursor"), Limit: 50})
	if err != nil {
		return err
	}
	p := &sourcePage{Source: so, Articles: pg.Items}
	p.Next = nextURL(r.URL, pg.Next)
	s.render(w, r, http.StatusOK, "source", so.Name, p)
	return nil
}

// analyzePage is the data of the Analyze page: the form and, after a
// post, the extraction.
type analyzePage struct {
	Text, URL string
	Error     string
	Result    *articlePage
}

func (s *Server) uiAnalyzeForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "analyze", "Analyze", &analyzePage{})
	return nil
}

func (s *Server) uiAnalyze(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return bodyError(err)
	}
	p := &analyzePage{Text: r.PostFormValue("text"), URL: strings.TrimSpace(r.PostFormValue("url"))}
	var (
		a   rapporteur.Article
		err error
	)
	switch {
	case p.Text != "" && (strings.TrimSpace(p.Text) != "" || p.URL == ""):
		a, err = s.cfg.Intake.Document(r.Context(), intake.Document{Name: "the text", Data: []byte(p.Text), Kind: intake.KindText})
	case p.URL != "":
		a, err = s.cfg.Intake.Record(r.Context(), intake.Record{ID: "analyze", URL: p.URL})
	default:
		p.Error = "Paste an article's text or give its URL."
		s.render(w, r, http.StatusBadRequest, "analyze", "Analyze", p)
		return nil
	}
	if err != nil {
		code, msg := classify(err)
		if code == rapporteur.EINTERNAL {
			return err
		}
		p.Error = msg
		s.render(w, r, errorStatus(code), "analyze", "Analyze", p)
		return nil
	}
	stored := &rapporteur.StoredArticle{Article: a}
	for _, st := range a.Statements {
		stored.Statements = append(stored.Statements, &rapporteur.StoredStatement{Statement: st})
	}
	p.Result = newArticlePage(stored)
	p.Result.Analyzed = true
	s.render(w, r, http.StatusOK, "analyze", titleOr(a.Title, "Analyze"), p)
	return nil
}

// Login and the write-token session.

// loginPage is the data of the login form.
type loginPage struct {
	Next  string
	Error string
}

func (s *Server) uiLoginForm(w http.ResponseWriter, r *http.Request) error {
	if s.cfg.ReadOnly {
		return rapporteur.Errorf(rapporteur.EFORBID, "this is a read-only instance")
	}
	s.render(w, r, http.StatusOK, "login", "Log in", &loginPage{Next: localPath(r.URL.Query().Get("next"))})
	return nil
}

func (s *Server) uiLogin(w http.ResponseWriter, r *http.Request) error {
	if s.cfg.ReadOnly {
		return rapporteur.Errorf(rapporteur.EFORBID, "this is a read-only instance")
	}
	token := r.PostFormValue("token")
	next := localPath(r.PostFormValue("next"))
	if !s.cfg.CheckToken(token) {
		s.render(w, r, http.StatusUnauthorized, "login", "Log in", &loginPage{Next: next, Error: "That is not the write token."})
		return nil
	}
	id, err := s.sessions.start()
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: id, Path: "/",
		MaxAge: int(sessionTTL / time.Second), HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteStrictMode,
	})
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *Server) uiLogout(w http.ResponseWriter, r *http.Request) error {
	// Only our own logout form may end a session.
	if id := s.session(r); id != "" {
		if err := s.checkSession(r); err != nil {
			return err
		}
		s.sessions.end(id)
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// localPath keeps a redirect target on this site: a clean absolute path,
// or / for anything else. Browsers drop tabs and newlines inside a URL and
// read a backslash as a slash, so "/\t/host" and "/\host" both mean
// "//host", another site; and a proxy or a browser may unescape the target
// before reading it, so it must stay clean once unescaped too.
func localPath(p string) string {
	if !cleanPath(p) {
		return "/"
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "/"
	}
	if un, err := url.PathUnescape(p); err != nil || !cleanPath(un) {
		return "/"
	}
	return p
}

// cleanPath reports whether p starts with a single slash, not followed by
// another slash or a backslash, and holds no control character or
// backslash anywhere.
func cleanPath(p string) bool {
	if p == "" || p[0] != '/' || (len(p) > 1 && (p[1] == '/' || p[1] == '\\')) {
		return false
	}
	for i := 0; i < len(p); i++ {
		if c := p[i]; c < 0x20 || c == 0x7f || c == '\\' {
			return false
		}
	}
	return true
}

// Feeds and saved searches.

// feedsPage is the data of the feed management page.
type feedsPage struct {
	Feeds   []feedRow
	Message string
	Error   string
	// ImportErrors says why feeds of an OPML import were not added.
	ImportErrors []importError
}

func (s *Server) uiFeeds(w http.ResponseWriter, r *http.Request) error {
	return s.renderFeeds(w, r, http.StatusOK, flash(r.URL.Query().Get("done")), "")
}

func (s *Server) renderFeeds(w http.ResponseWriter, r *http.Request, status int, msg, errMsg string) error {
	return s.renderFeedsPage(w, r, status, &feedsPage{Message: msg, Error: errMsg})
}

// renderFeedsPage renders p with the subscribed feeds.
func (s *Server) renderFeedsPage(w http.ResponseWriter, r *http.Request, status int, p *feedsPage) error {
	feeds, err := s.cfg.Store.Feeds(r.Context())
	if err != nil {
		return err
	}
	feeds = readerSees(s, r, feeds, redactFeed)
	if p.Feeds, err = s.feedRows(r.Context(), feeds); err != nil {
		return err
	}
	s.render(w, r, status, "feeds", "Feeds", p)
	return nil
}

// flash turns the done= parameter of a redirect into a message; only
// known values, so a link cannot put words on the page.
func flash(done string) string {
	switch done {
	case "added":
		return "Feed added."
	case "deleted":
		return "Removed."
	case "saved":
		return "Saved search added."
	case "refresh":
		return "The feed will be fetched within a minute."
	}
	return ""
}

func (s *Server) uiFeedAdd(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.createFeed(r.Context(), r.PostFormValue("url"), r.PostFormValue("title")); err != nil {
		return s.formError(w, r, err, s.renderFeeds)
	}
	http.Redirect(w, r, "/feeds?done=added", http.StatusSeeOther)
	return nil
}

func (s *Server) uiFeedDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.cfg.Store.DeleteFeed(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/feeds?done=deleted", http.StatusSeeOther)
	return nil
}

func (s *Server) uiFeedImport(w http.ResponseWriter, r *http.Request) error {
	f, _, err := r.FormFile("opml")
	if err != nil {
		if errors.Is(err, http.ErrMissingFile) {
			return s.renderFeeds(w, r, http.StatusBadRequest, "", "Choose an OPML file to import.")
		}
		return bodyError(err)
	}
	defer f.Close()
	allowLongImport(w)
	res, err := s.importOPML(r.Context(), f)
	if err != nil {
		return s.formError(w, r, err, s.renderFeeds)
	}
	return s.renderFeedsPage(w, r, http.StatusOK, &feedsPage{Message: res.String(), ImportErrors: res.Errors})
}

// formError shows a user's mistake on the form's page and passes anything
// else on.
func (s *Server) formError(w http.ResponseWriter, r *http.Request, err error,
	page func(http.ResponseWriter, *http.Request, int, string, string) error) error {
	code, msg := classify(err)
	if code == rapporteur.EINTERNAL {
		return err
	}
	return page(w, r, errorStatus(code), "", msg)
}

// savedPage is the data of the saved searches page.
type savedPage struct {
	Searches  []*rapporteur.SavedSearch
	Message   string
	Error     string
	NewSecret string // shown once, after creating a search with a webhook
	NewID     int64
	// Targets says what each search matches, articles or statements;
	// Statements whether this store can match statements.
	Targets    map[int64]string
	Statements bool
}

func (s *Server) uiSaved(w http.ResponseWriter, r *http.Request) error {
	return s.renderSaved(w, r, http.StatusOK, flash(r.URL.Query().Get("done")), "")
}

func (s *Server) renderSaved(w http.ResponseWriter, r *http.Request, status int, msg, errMsg string) error {
	return s.renderSavedPage(w, r, status, &savedPage{Message: msg, Error: errMsg})
}

func (s *Server) renderSavedPage(w http.ResponseWriter, r *http.Request, status int, p *savedPage) error {
	var err error
	if p.Searches, err = s.cfg.Store.SavedSearches(r.Context()); err != nil {
		return err
	}
	p.Searches = readerSees(s, r, p.Searches, redactSaved)
	if p.Targets, p.Statements, err = s.savedTargets(r.Context(), p.Searches); err != nil {
		return err
	}
	s.render(w, r, status, "saved", "Saved searches", p)
	return nil
}

func (s *Server) uiSavedAdd(w http.ResponseWriter, r *http.Request) error {
	in := savedInput{Name: r.PostFormValue("name"), Query: r.PostFormValue("query"), WebhookURL: strings.TrimSpace(r.PostFormValue("webhook_url")),
		Target: r.PostFormValue("target")}
	ss, err := s.createSaved(r.Context(), in)
	if err != nil {
		return s.formError(w, r, err, s.renderSaved)
	}
	if ss.WebhookSecret == "" {
		http.Redirect(w, r, "/saved?done=saved", http.StatusSeeOther)
		return nil
	}
	return s.renderSavedPage(w, r, http.StatusCreated, &savedPage{Message: flash("saved"), NewSecret: ss.WebhookSecret, NewID: ss.ID})
}

func (s *Server) uiSavedDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.cfg.Store.DeleteSavedSearch(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/saved?done=deleted", http.StatusSeeOther)
	return nil
}
