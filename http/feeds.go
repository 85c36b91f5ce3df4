package http

import (
	"context"
	"encoding/xml"
	"net/http"
	"time"

	"github.com/rapporteur/rapporteur"
)

// The research tools of the feeds page (issue 15, item 8): how much each
// feed brought, an OPML export, and a refresh on demand.

// feedCounter is a store that can say what each feed brought (sqlite.DB
// can): articles stored from it and when the newest was stored.
type feedCounter interface {
	FeedArticles(ctx context.Context) (counts map[int64]int64, newest map[int64]time.Time, err error)
}

// feedRow is a feed of the feeds page with what it brought.
type feedRow struct {
	*rapporteur.Feed
	Articles int64
	Newest   time.Time
	HasStats bool
}

// feedRows adds the article counts to the feeds, when the store has them.
func (s *Server) feedRows(ctx context.Context, feeds []*rapporteur.Feed) ([]feedRow, error) {
	rows := make([]feedRow, len(feeds))
	for i, f := range feeds {
		rows[i].Feed = f
	}
	fc, ok := capability[feedCounter](s.cfg.Store)
	if !ok {
		return rows, nil
	}
	counts, newest, err := fc.FeedArticles(ctx)
	if err != nil {
		return nil, err
	}
	for i := range rows {
		rows[i].HasStats = true
		rows[i].Articles, rows[i].Newest = counts[rows[i].ID], newest[rows[i].ID]
	}
	return rows, nil
}

// refreshFeed makes a feed due now, so that the poller, which looks for
// due feeds every few seconds, fetches it at once; the poll itself stays
// the poller's, with its limits and its record of errors. A feed whose
// polls failed is forgiven its back-off.
func (s *Server) refreshFeed(ctx context.Context, id int64) (*rapporteur.Feed, error) {
	f, err := s.cfg.Store.Feed(ctx, id)
	if err != nil {
		return nil, err
	}
	f.NextFetch = s.cfg.Now()
	if err := s.cfg.Store.UpdateFeed(ctx, f); err != nil {
		return nil, err
	}
	return f, nil
}

func (s *Server) uiFeedRefresh(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	if _, err := s.refreshFeed(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/feeds?done=refresh", http.StatusSeeOther)
	return nil
}

func (s *Server) apiFeedRefresh(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	f, err := s.refreshFeed(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusAccepted, f)
}

// opmlExport is the OPML 2.0 document of the subscribed feeds, which
// feed readers and rapporteur's own import read.
type opmlExport struct {
	XMLName xml.Name   `xml:"opml"`
	Version string     `xml:"version,attr"`
	Title   string     `xml:"head>title"`
	Created string     `xml:"head>dateCreated"`
	Feeds   []opmlFeed `xml:"body>outline"`
}

// opmlFeed is one feed of an OPML export.
type opmlFeed struct {
	Type   string `xml:"type,attr"`
	Text   string `xml:"text,attr"`
	Title  string `xml:"title,attr,omitempty"`
	XMLURL string `xml:"xmlUrl,attr"`
}

// serveOPML answers the feeds as OPML, as r's reader may see them (see
// readerSees: without the token, URLs lose their secrets).
func (s *Server) serveOPML(w http.ResponseWriter, r *http.Request) error {
	feeds, err := s.cfg.Store.Feeds(r.Context())
	if err != nil {
		return err
	}
	feeds = readerSees(s, r, feeds, redactFeed)
	doc := opmlExport{Version: "2.0", Title: "rapporteur feeds", Created: s.cfg.Now().UTC().Format(time.RFC1123Z)}
	for _, f := range feeds {
		text := f.Title
		if text == "" {
			text = f.URL
		}
		doc.Feeds = append(doc.Feeds, opmlFeed{Type: "rss", Text: text, Title: f.Title, XMLURL: f.URL})
	}
	w.Header().Set("Content-Type", "text/x-opml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="feeds.opml"`)
	w.Write([]byte(xml.Header))
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	return enc.Encode(doc)
}
