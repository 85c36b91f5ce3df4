package http

import (
	"context"
	"crypto/rand"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/intake"
)

//go:embed openapi.json
var openAPI []byte

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openAPI)
	return nil
}

func (s *Server) apiStats(w http.ResponseWriter, r *http.Request) error {
	st, err := s.cfg.Store.Stats(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}

// The lists and their CSV columns.

// The CSV columns of articles and statements: the first ones as they have
// always been, so scripts reading them by position keep working, and then
// every other field the JSON gives (README lists them all). A cell of
// several values joins them with "; ".

func (s *Server) articleList(f rapporteur.ArticleFilter) list[*articleRecord] {
	return list[*articleRecord]{
		name: "articles",
		fetch: func(ctx context.Context, cursor string, limit int) (rapporteur.Page[*articleRecord], error) {
			f.Cursor, f.Limit = cursor, limit
			p, err := s.cfg.Store.Articles(ctx, f)
			if err != nil {
				return rapporteur.Page[*articleRecord]{}, err
			}
			items, err := s.articleRecords(ctx, p.Items)
			return rapporteur.Page[*articleRecord]{Items: items, Next: p.Next}, err
		},
		count: func(ctx context.Context) (int64, bool, error) {
			c, ok := capability[articleCounter](s.cfg.Store)
			if !ok {
				return 0, false, nil
			}
			f.Cursor = ""
			return c.CountArticles(ctx, f)
		},
		header: []string{"id", "date", "title", "url", "source", "language", "statement_count", "content_hash", "snippet",
			"published", "authors", "credits", "story_id", "duplicate_of", "similarity", "copy_count", "speaker_ids",
			"source_id", "source_host", "feed_id", "site", "canonical_url", "external_id", "created", "updated", "text",
			"storyline", "entities", "note_count", "note_status", "notes"},
		row: func(r *articleRecord) []string {
			a := r.StoredArticle
			var published string
			if a.Published != nil {
				published = csvTime(*a.Published)
			}
			credits := make([]string, len(a.Credits))
			for i, c := range a.Credits {
				credits[i] = c.Name
			}
			host := ""
			if a.Source != nil {
				host = a.Source.Host
			}
			row := []string{itoa(a.ID), csvTime(a.Date), a.Title, a.URL, sourceName(a.Source), a.Language,
				strconv.Itoa(a.StatementCount), a.ContentHash, plainSnippet(a.Snippet),
				published, strings.Join(a.Authors, "; "), strings.Join(credits, "; "), optID(a.StoryID), optID(a.DuplicateOf),
				optFloat(a.Similarity), strconv.Itoa(a.CopyCount), strings.Join(speakerIDs(a.Statements), "; "),
				optID(a.SourceID), host, optID(a.FeedID), a.Site, a.CanonicalURL, a.ExternalID, csvTime(a.Created), csvTime(a.Updated), a.Text,
				r.Storyline, entityCell(a.Entities)}
			return append(row, noteCells(r.Notes, true)...)
		},
	}
}

// speakerIDs returns the canonical speakers of statements, each once, in
// text order.
func speakerIDs(sts []*rapporteur.StoredStatement) []string {
	var out []string
	seen := map[int64]bool{}
	for _, st := range sts {
		if st.SpeakerID != 0 && !seen[st.SpeakerID] {
			seen[st.SpeakerID] = true
			out = append(out, itoa(st.SpeakerID))
		}
	}
	return out
}

func (s *Server) statementList(f rapporteur.StatementFilter) list[*statementRecord] {
	return list[*statementRecord]{
		name: "statements",
		fetch: func(ctx context.Context, cursor string, limit int) (rapporteur.Page[*statementRecord], error) {
			f.Cursor, f.Limit = cursor, limit
			p, err := s.cfg.Store.Statements(ctx, f)
			if err != nil {
				return rapporteur.Page[*statementRecord]{}, err
			}
			items, err := s.statementRecords(ctx, p.Items)
			return rapporteur.Page[*statementRecord]{Items: items, Next: p.Next}, err
		},
		count: func(ctx context.Context) (int64, bool, error) {
			c, ok := capability[statementCounter](s.cfg.Store)
			if !ok {
				return 0, false, nil
			}
			f.Cursor = ""
			return c.CountStatements(ctx, f)
		},
		header: []string{"id", "article_id", "date", "kind", "speaker", "speaker_type", "speaker_id", "role", "affiliation",
			"cue", "content", "via", "confidence", "article_title", "article_url", "source",
			"mode", "content_start", "content_end", "cue_start", "cue_end", "mention", "speaker_phrase", "source_id", "snippet",
			"speaker_canonical", "story_id", "storyline", "act", "target", "target_type", "responds_to", "more_roles",
			"note_count", "note_status", "notes", "mention_start", "mention_end", "speaker_phrase_start", "speaker_phrase_end",
			"target_mention", "target_mention_start", "target_mention_end"},
		row: func(r *statementRecord) []string {
			st := r.StoredStatement
			cue, cueStart, cueEnd := "", "", ""
			if st.Cue != nil {
				cue, cueStart, cueEnd = st.Cue.Text, strconv.Itoa(st.Cue.Start), strconv.Itoa(st.Cue.End)
			}
			mention, phrase := "", ""
			if st.Speaker.Mention != nil {
				mention = st.Speaker.Mention.Text
			}
			if st.Speaker.Source != nil {
				phrase = st.Speaker.Source.Text
			}
			row := []string{itoa(st.ID), itoa(st.ArticleID), csvTime(st.Date), st.Kind, st.Speaker.Name, st.Speaker.Type,
				optID(st.SpeakerID), st.Speaker.Role, st.Speaker.Affiliation, cue, st.Content.Text, st.Via,
				strconv.FormatFloat(st.Confidence, 'f', -1, 64), st.ArticleTitle, st.ArticleURL, st.SourceName,
				st.Mode, strconv.Itoa(st.Content.Start), strconv.Itoa(st.Content.End), cueStart, cueEnd, mention, phrase,
				optID(st.SourceID), plainSnippet(st.Snippet), st.SpeakerCanonical, optID(r.StoryID), r.Storyline, st.Act}
			row = append(row, targetCells(st.Target)...)
			row = append(row, repliesCell(st.RespondsTo), rolesCell(st.Speaker.MoreRoles))
			row = append(row, noteCells(r.Notes, false)...)
			row = append(row, spanCells(st.Speaker.Mention)[1:]...)
			row = append(row, spanCells(st.Speaker.Source)[1:]...)
			var tm *rapporteur.Span
			if st.Target != nil {
				tm = st.Target.Mention
			}
			return append(row, spanCells(tm)...)
		},
	}
}

func (s *Server) speakerList(f rapporteur.SpeakerFilter) list[*rapporteur.StoredSpeaker] {
	return list[*rapporteur.StoredSpeaker]{
		name: "speakers",
		fetch: func(ctx context.Context, cursor string, limit int) (rapporteur.Page[*rapporteur.StoredSpeaker], error) {
			f.Cursor, f.Limit = cursor, limit
			return s.cfg.Store.Speakers(ctx, f)
		},
		// The store keeps a count of its speakers, not of a name search's.
		count:  storeCount(s, f.Query == "" && f.Type == "", func(st rapporteur.Stats) int64 { return st.Speakers }),
		header: []string{"id", "name", "type", "statement_count", "first_seen", "last_seen"},
		row: func(sp *rapporteur.StoredSpeaker) []string {
			return []string{itoa(sp.ID), sp.Name, sp.Type, strconv.Itoa(sp.StatementCount), csvTime(sp.FirstSeen), csvTime(sp.LastSeen)}
		},
	}
}

func (s *Server) sourceList(f rapporteur.SourceFilter) list[*rapporteur.Source] {
	return list[*rapporteur.Source]{
		name: "sources",
		fetch: func(ctx context.Context, cursor string, limit int) (rapporteur.Page[*rapporteur.Source], error) {
			f.Cursor, f.Limit = cursor, limit
			return s.cfg.Store.Sources(ctx, f)
		},
		count:  storeCount(s, f.Query == "", func(st rapporteur.Stats) int64 { return st.Sources }),
		header: []string{"id", "name", "host", "article_count", "first_seen"},
		row: func(so *rapporteur.Source) []string {
			return []string{itoa(so.ID), so.Name, so.Host, strconv.Itoa(so.ArticleCount), csvTime(so.FirstSeen)}
		},
	}
}

// storeCount counts a whole list by the store's own counters (Stats),
// when all is true: the list is unfiltered.
func storeCount(s *Server, all bool, of func(rapporteur.Stats) int64) func(context.Context) (int64, bool, error) {
	if !all {
		return nil
	}
	return func(ctx context.Context) (int64, bool, error) {
		st, err := s.cfg.Store.Stats(ctx)
		return of(st), err == nil, err
	}
}

// feedList is the feeds as r's reader may see them (see readerSees).
func (s *Server) feedList(r *http.Request) list[*rapporteur.Feed] {
	return list[*rapporteur.Feed]{
		name: "feeds",
		fetch: whole(func(ctx context.Context) ([]*rapporteur.Feed, error) {
			feeds, err := s.cfg.Store.Feeds(ctx)
			return readerSees(s, r, feeds, redactFeed), err
		}),
		header: []string{"id", "url", "title", "last_fetched", "next_fetch", "error_count", "last_error", "created"},
		row: func(f *rapporteur.Feed) []string {
			return []string{itoa(f.ID), f.URL, f.Title, csvTime(f.LastFetched), csvTime(f.NextFetch),
				strconv.Itoa(f.ErrorCount), f.LastError, csvTime(f.Created)}
		},
	}
}

// savedList is the saved searches as r's reader may see them (see
// readerSees), each with its target (articles or statements) and the path
// of its Atom feed.
func (s *Server) savedList(r *http.Request) list[*savedView] {
	return list[*savedView]{
		name: "saved-searches",
		fetch: whole(func(ctx context.Context) ([]*savedView, error) {
			saved, err := s.cfg.Store.SavedSearches(ctx)
			if err != nil {
				return nil, err
			}
			saved = readerSees(s, r, saved, redactSaved)
			targets, _, err := s.savedTargets(ctx, saved)
			if err != nil {
				return nil, err
			}
			out := make([]*savedView, len(saved))
			for i, ss := range saved {
				out[i] = &savedView{SavedSearch: ss, Target: targets[ss.ID], Atom: atomPath(ss.ID)}
			}
			return out, nil
		}),
		header: []string{"id", "name", "query", "webhook_url", "delivered", "last_delivery", "delivery_errors", "last_error", "created", "target"},
		row: func(v *savedView) []string {
			ss := v.SavedSearch
			return []string{itoa(ss.ID), ss.Name, ss.Query, ss.WebhookURL, itoa(ss.Delivered), csvTime(ss.LastDelivery),
				strconv.Itoa(ss.DeliveryErrors), ss.LastError, csvTime(ss.Created), v.Target}
		},
	}
}

// List endpoints.

func (s *Server) apiArticles(w http.ResponseWriter, r *http.Request) error {
	f, err := s.articleFilter(r.URL.Query())
	if err != nil {
		return err
	}
	if err := s.knownSpeaker(r.Context(), f.SpeakerID); err != nil {
		return err
	}
	// An export is the whole record of each article; a page of JSON is a
	// list of results, whose full records are one GET each.
	f.Full = isExport(r)
	return serveList(s, w, r, s.articleList(f), f.Cursor, f.Limit)
}

func (s *Server) apiStatements(w http.ResponseWriter, r *http.Request) error {
	f, err := s.statementFilter(r.URL.Query())
	if err != nil {
		return err
	}
	if err := s.knownSpeaker(r.Context(), f.SpeakerID); err != nil {
		return err
	}
	return serveList(s, w, r, s.statementList(f), f.Cursor, f.Limit)
}

func (s *Server) apiSpeakers(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	f, err := speakerFilter(v)
	if err != nil {
		return err
	}
	if f.Limit, err = limitParam(v); err != nil {
		return err
	}
	return serveList(s, w, r, s.speakerList(f), f.Cursor, f.Limit)
}

func (s *Server) apiSources(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	f := rapporteur.SourceFilter{Query: v.Get("q"), Cursor: v.Get("cursor")}
	var err error
	if f.Limit, err = limitParam(v); err != nil {
		return err
	}
	return serveList(s, w, r, s.sourceList(f), f.Cursor, f.Limit)
}

func (s *Server) apiFeeds(w http.ResponseWriter, r *http.Request) error {
	if r.URL.Query().Get("format") == "opml" {
		return s.serveOPML(w, r)
	}
	return serveList(s, w, r, s.feedList(r), r.URL.Query().Get("cursor"), 0)
}

func (s *Server) apiSavedSearches(w http.ResponseWriter, r *http.Request) error {
	return serveList(s, w, r, s.savedList(r), r.URL.Query().Get("cursor"), 0)
}

// Single items.

func (s *Server) apiArticle(w http.ResponseWriter, r *http.Request) error {
	return getJSON(w, r, func(ctx context.Context, id int64) (*articleRecord, error) {
		a, err := s.cfg.Store.Article(ctx, id)
		if err != nil {
			return nil, err
		}
		recs, err := s.articleRecords(ctx, []*rapporteur.StoredArticle{a})
		if err != nil {
			return nil, err
		}
		return recs[0], nil
	})
}

func (s *Server) apiSpeaker(w http.ResponseWriter, r *http.Request) error {
	return getJSON(w, r, s.cfg.Store.Speaker)
}

func (s *Server) apiSource(w http.ResponseWriter, r *http.Request) error {
	return getJSON(w, r, s.cfg.Store.Source)
}

func (s *Server) apiFeed(w http.ResponseWriter, r *http.Request) error {
	return getJSON(w, r, func(ctx context.Context, id int64) (*rapporteur.Feed, error) {
		f, err := s.cfg.Store.Feed(ctx, id)
		if err != nil {
			return nil, err
		}
		return readerSees(s, r, []*rapporteur.Feed{f}, redactFeed)[0], nil
	})
}

func (s *Server) apiSavedSearch(w http.ResponseWriter, r *http.Request) error {
	return getJSON(w, r, func(ctx context.Context, id int64) (*savedView, error) {
		ss, err := s.cfg.Store.SavedSearch(ctx, id)
		if err != nil {
			return nil, err
		}
		target, err := savedTarget(ctx, s.cfg.Store, id)
		if err != nil {
			return nil, err
		}
		return &savedView{SavedSearch: readerSees(s, r, []*rapporteur.SavedSearch{ss}, redactSaved)[0], Target: target, Atom: atomPath(id)}, nil
	})
}

// deleteByID deletes the item of the route's {id} and answers 204.
func deleteByID(w http.ResponseWriter, r *http.Request, del func(context.Context, int64) error) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := del(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// getJSON answers with the item of the route's {id}.
func getJSON[T any](w http.ResponseWriter, r *http.Request, get func(context.Context, int64) (T, error)) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	v, err := get(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiSpeakerTimeline(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	from, to, err := dateParams(r.URL.Query())
	if err != nil {
		return err
	}
	if _, err := s.cfg.Store.Speaker(r.Context(), id); err != nil {
		return err
	}
	days, err := s.cfg.Store.SpeakerTimeline(r.Context(), id, from, to)
	if err != nil {
		return err
	}
	if days == nil {
		days = []rapporteur.DayCount{}
	}
	return writeJSON(w, http.StatusOK, listBody[rapporteur.DayCount]{Items: days})
}

// Extraction and ingest.

// articleOf reads the request body through the intake: a record as JSON
// (application/json: the fields of a JSON Lines record, text used
// verbatim), or a document as text (text/plain: a title line, a blank
// line, the body) or a page (text/html), whose address the url query
// parameter may give.
func (s *Server) articleOf(r *http.Request) (rapporteur.Article, error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var kind intake.Kind
	switch ct {
	case "application/json", "":
	case "text/plain":
		kind = intake.KindText
	case "text/html":
		kind = intake.KindHTML
	default:
		return rapporteur.Article{}, rapporteur.Errorf(rapporteur.EINVALID, "content type %q is not application/json, application/x-ndjson, text/plain or text/html", ct)
	}
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return rapporteur.Article{}, bodyError(err)
	}
	if kind == "" {
		rec, err := intake.DecodeRecord(data)
		if err != nil {
			return rapporteur.Article{}, intake.Prefix("the body", err)
		}
		return s.cfg.Intake.Record(r.Context(), rec)
	}
	d := intake.Document{Name: "the body", Data: data, Kind: kind}
	if raw := r.URL.Query().Get("url"); raw != "" {
		if d.URL, err = intake.CheckURL(raw); err != nil {
			return rapporteur.Article{}, err
		}
	}
	return s.cfg.Intake.Document(r.Context(), d)
}

// bodyError classifies an error reading or decoding a request body.
func bodyError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return rapporteur.Errorf(rapporteur.ETOOLARGE, "request body is over the limit of %d bytes", mbe.Limit)
	}
	// The decoder's own words name Go types ("Go struct field
	// correctionInput.into of type int64"); a client needs the field.
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return rapporteur.Errorf(rapporteur.EINVALID, "malformed request body: %q must be %s, not %s", te.Field, jsonKind(te.Type.Kind()), te.Value)
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return rapporteur.Errorf(rapporteur.EINVALID, "malformed request body: not JSON at byte %d: %v", se.Offset, se)
	}
	if errors.Is(err, io.EOF) {
		return rapporteur.Errorf(rapporteur.EINVALID, "malformed request body: empty, want a JSON object")
	}
	return rapporteur.Errorf(rapporteur.EINVALID, "malformed request body: %s", strings.TrimPrefix(err.Error(), "json: "))
}

// jsonKind names the JSON type a Go kind reads.
func jsonKind(k reflect.Kind) string {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a string"
	case reflect.Slice, reflect.Array:
		return "an array"
	}
	return "an object"
}

func (s *Server) apiExtract(w http.ResponseWriter, r *http.Request) error {
	a, err := s.articleOf(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}

// ingestResult is the answer of POST /api/v1/articles.
type ingestResult struct {
	rapporteur.PutResult
	// Location is the article's address in the API.
	Location string `json:"location"`
}

func (s *Server) apiIngest(w http.ResponseWriter, r *http.Request) error {
	if isBulk(r) {
		return s.ingestLines(w, r)
	}
	a, err := s.articleOf(r)
	if err != nil {
		return err
	}
	// The put must finish once begun: a client that hangs up must not
	// leave the caller wondering, and the store is one transaction anyway.
	res, err := s.cfg.Store.PutArticle(context.WithoutCancel(r.Context()), a, rapporteur.ArticleMeta{Fetched: s.cfg.Now()})
	if err != nil {
		return err
	}
	loc := "/api/v1/articles/" + itoa(res.ID)
	w.Header().Set("Location", loc)
	status := http.StatusOK
	if res.Status == rapporteur.PutCreated {
		status = http.StatusCreated
	}
	return writeJSON(w, status, ingestResult{PutResult: res, Location: loc})
}

// Feeds.

// feedInput is the body of POST /api/v1/feeds.
type feedInput struct {
	URL   string `json:"url"`
	Title string `json:"title"`
}

func (s *Server) apiFeedCreate(w http.ResponseWriter, r *http.Request) error {
	var in feedInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	f, err := s.createFeed(r.Context(), in.URL, in.Title)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/feeds/"+itoa(f.ID))
	return writeJSON(w, http.StatusCreated, f)
}

// createFeed subscribes to the feed at rawURL, or to the one its page
// announces, once a fetch has shown it is one; see subscribe.
func (s *Server) createFeed(ctx context.Context, rawURL, title string) (*rapporteur.Feed, error) {
	known, err := s.subscribed(ctx)
	if err != nil {
		return nil, err
	}
	return s.subscribe(ctx, known, rawURL, title)
}

// subscribed returns the URLs of the subscribed feeds.
func (s *Server) subscribed(ctx context.Context) (map[string]bool, error) {
	feeds, err := s.cfg.Store.Feeds(ctx)
	if err != nil {
		return nil, err
	}
	known := make(map[string]bool, len(feeds))
	for _, f := range feeds {
		known[f.URL] = true
	}
	return known, nil
}

// subscribe checks a feed URL, fetches it once through the feed finder
// and subscribes to the feed found: rawURL, or the feed its HTML page
// announces. A URL that is no feed, or that fails, is the finder's error,
// and nothing is stored; one in known is ECONFLICT without a fetch. The
// feed's own title is kept when none is given. The feed is due at once,
// so the poller stores its items within moments; the validators of the
// check are not saved, since a conditional first poll would be answered
// 304 and those items never read.
func (s *Server) subscribe(ctx context.Context, known map[string]bool, rawURL, title string) (*rapporteur.Feed, error) {
	u, err := checkFeedURL(rawURL)
	if err != nil {
		return nil, err
	}
	if known[u] {
		return nil, rapporteur.Errorf(rapporteur.ECONFLICT, "feed %s is already subscribed", u)
	}
	if s.cfg.Feeds == nil {
		return nil, rapporteur.Errorf(rapporteur.EFORBID, "subscribing to feeds is not enabled on this server")
	}
	found, err := s.cfg.Feeds.Find(ctx, u)
	if err != nil {
		return nil, err
	}
	if found.URL != u {
		// The feed a page announces gets the checks of one given.
		if _, err := checkFeedURL(found.URL); err != nil {
			return nil, err
		}
	}
	f := &rapporteur.Feed{URL: found.URL, Title: strings.TrimSpace(title), NextFetch: s.cfg.Now()}
	if f.Title == "" {
		f.Title = found.Title
	}
	if err := s.cfg.Store.CreateFeed(ctx, f); err != nil {
		return nil, err
	}
	return f, nil
}

// checkFeedURL accepts absolute http and https URLs only, before any
// fetch. Whether the host is public is checked by the fetcher, after
// resolving it, at subscribe time and on every poll.
func checkFeedURL(raw string) (string, error) {
	u, err := intake.CheckURL(raw)
	if err != nil {
		return "", intake.Prefix("feed", err)
	}
	return u, nil
}

func (s *Server) apiFeedImport(w http.ResponseWriter, r *http.Request) error {
	allowLongImport(w)
	res, err := s.importOPML(r.Context(), r.Body)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}

func (s *Server) apiFeedDelete(w http.ResponseWriter, r *http.Request) error {
	return deleteByID(w, r, s.cfg.Store.DeleteFeed)
}

// Saved searches.

// savedInput is the body of POST /api/v1/saved-searches.
type savedInput struct {
	Name          string `json:"name"`
	Query         string `json:"query"`
	WebhookURL    string `json:"webhook_url"`
	WebhookSecret string `json:"webhook_secret"`
	// Target is what the search matches: "articles" (the default) or
	// "statements".
	Target string `json:"target"`
}

// savedCreated is the answer to creating a saved search: the only time its
// webhook secret is shown.
type savedCreated struct {
	*rapporteur.SavedSearch
	WebhookSecret string `json:"webhook_secret,omitempty"`
	Target        string `json:"target"`
	Atom          string `json:"atom"`
}

func (s *Server) apiSavedSearchCreate(w http.ResponseWriter, r *http.Request) error {
	var in savedInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	ss, err := s.createSaved(r.Context(), in)
	if err != nil {
		return err
	}
	target, err := savedTarget(r.Context(), s.cfg.Store, ss.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/saved-searches/"+itoa(ss.ID))
	return writeJSON(w, http.StatusCreated, savedCreated{SavedSearch: ss, WebhookSecret: ss.WebhookSecret, Target: target, Atom: atomPath(ss.ID)})
}

// createSaved checks and stores a saved search. A webhook without a
// secret gets a random one.
func (s *Server) createSaved(ctx context.Context, in savedInput) (*rapporteur.SavedSearch, error) {
	ss := &rapporteur.SavedSearch{Name: strings.TrimSpace(in.Name), Query: strings.TrimSpace(in.Query)}
	if err := checkTarget(s.cfg.Store, in.Target); err != nil {
		return nil, err
	}
	if ss.Name == "" {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "a saved search needs a name")
	}
	if ss.Query == "" {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "a saved search needs a query")
	}
	if in.WebhookURL != "" {
		u, err := checkFeedURL(in.WebhookURL)
		if err != nil {
			return nil, rapporteur.Errorf(rapporteur.EINVALID, "webhook URL %q is not an absolute http or https URL", in.WebhookURL)
		}
		ss.WebhookURL = u
		ss.WebhookSecret = in.WebhookSecret
		if ss.WebhookSecret == "" {
			b := make([]byte, 24)
			if _, err := rand.Read(b); err != nil {
				return nil, err
			}
			ss.WebhookSecret = hex.EncodeToString(b)
		}
		ss.NextDelivery = s.cfg.Now()
	}
	if err := s.cfg.Store.CreateSavedSearch(ctx, ss); err != nil {
		return nil, err
	}
	if in.Target == targetStatements {
		if err := setSavedTarget(ctx, s.cfg.Store, ss.ID, in.Target); err != nil {
			s.cfg.Store.DeleteSavedSearch(ctx, ss.ID)
			return nil, err
		}
		// The target moved where deliveries start (the newest
		// statement): read it back, keeping the secret shown once.
		secret := ss.WebhookSecret
		stored, err := s.cfg.Store.SavedSearch(ctx, ss.ID)
		if err != nil {
			return nil, err
		}
		ss, ss.WebhookSecret = stored, secret
	}
	return ss, nil
}

func (s *Server) apiSavedSearchDelete(w http.ResponseWriter, r *http.Request) error {
	return deleteByID(w, r, s.cfg.Store.DeleteSavedSearch)
}

// decodeJSON reads one JSON object from the body, refusing unknown fields
// so a typo is an error rather than silently ignored.
func decodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return bodyError(err)
	}
	return nil
}

// Small formatting helpers.

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// optID is an id, or "" for none (0).
func optID(n int64) string {
	if n == 0 {
		return ""
	}
	return itoa(n)
}

func optFloat(f float64) string {
	if f == 0 {
		return ""
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func sourceName(so *rapporteur.Source) string {
	if so == nil {
		return ""
	}
	return so.Name
}

// plainSnippet drops the highlight markers.
func plainSnippet(s string) string {
	return strings.NewReplacer(rapporteur.HighlightStart, "", rapporteur.HighlightEnd, "").Replace(s)
}

func atomPath(id int64) string { return fmt.Sprintf("/feeds/saved/%d.atom", id) }
