package http

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/rapporteur/rapporteur"
)

// atomEntries is how many of the newest matches the feed of a saved search
// lists.
const atomEntries = 50

// The Atom 1.0 elements we write (RFC 4287).
type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title     string      `xml:"title"`
	Subtitle  string      `xml:"subtitle,omitempty"`
	ID        string      `xml:"id"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomEntry struct {
	Title     atomText   `xml:"title"`
	ID        string     `xml:"id"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published"`
	Links     []atomLink `xml:"link"`
	Summary   *atomText  `xml:"summary,omitempty"`
	Category  []atomCat  `xml:"category,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomCat struct {
	Term string `xml:"term,attr"`
}

// savedAtom serves /feeds/saved/{id}.atom: the newest articles matching a
// saved search, newest stored first.
func (s *Server) savedAtom(w http.ResponseWriter, r *http.Request) error {
	idText, ok := strings.CutSuffix(r.PathValue("file"), ".atom")
	if !ok {
		return rapporteur.Errorf(rapporteur.ENOTFOUND, "saved search feeds end in .atom")
	}
	id, err := pathID(idText)
	if err != nil {
		return err
	}
	ss, err := s.cfg.Store.SavedSearch(r.Context(), id)
	if err != nil {
		return err
	}
	if target, err := savedTarget(r.Context(), s.cfg.Store, id); err != nil {
		return err
	} else if target == targetStatements {
		return s.statementsAtom(w, r, ss)
	}
	pg, err := s.cfg.Store.Articles(r.Context(), rapporteur.ArticleFilter{Query: ss.Query, Order: rapporteur.OrderIngested,
		Limit: atomEntries, Now: s.cfg.Now()})
	if err != nil {
		return err
	}
	base := baseURL(r)
	self := base + atomPath(ss.ID)
	feed := atomFeed{
		Title:     "rapporteur: " + ss.Name,
		Subtitle:  "Articles matching " + ss.Query,
		ID:        self,
		Links:     []atomLink{{Rel: "self", Type: "application/atom+xml", Href: self}, {Rel: "alternate", Type: "text/html", Href: base + "/search?q=" + url.QueryEscape(ss.Query)}},
		Author:    atomPerson{Name: "rapporteur"},
		Generator: "rapporteur",
	}
	updated := ss.Created
	for _, a := range pg.Items {
		if a.Updated.After(updated) {
			updated = a.Updated
		}
		e := atomEntry{
			Title:     atomText{Type: "text", Text: xmlSafe(titleOr(a.Title, "(untitled)"))},
			ID:        base + "/articles/" + itoa(a.ID),
			Updated:   atomTime(a.Updated),
			Published: atomTime(a.Date),
			Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: base + "/articles/" + itoa(a.ID)}},
		}
		if u := webURL(a.URL); u != "" {
			e.Links = append(e.Links, atomLink{Rel: "related", Href: u})
		}
		if sum := summary(a); sum != "" {
			e.Summary = &atomText{Type: "text", Text: xmlSafe(sum)}
		}
		if a.Language != "" {
			e.Category = append(e.Category, atomCat{Term: xmlSafe(a.Language)})
		}
		feed.Entries = append(feed.Entries, e)
	}
	feed.Updated = atomTime(updated)
	out, err := xml.MarshalIndent(feed, "", " ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Write([]byte(xml.Header))
	w.Write(out)
	return nil
}

// summary is the search snippet without its markers, or the start of the
// text.
func summary(a *rapporteur.StoredArticle) string {
	if a.Snippet != "" {
		return plainSnippet(a.Snippet)
	}
	rs := []rune(strings.TrimSpace(a.Text))
	if len(rs) > 300 {
		return string(rs[:300]) + "…"
	}
	return string(rs)
}

// xmlSafe drops the characters XML 1.0 cannot carry (control characters
// such as the snippet markers), which encoding/xml would otherwise turn
// into replacement characters.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r != 0xFFFE && r != 0xFFFF) {
			return r
		}
		return -1
	}, s)
}

func atomTime(t time.Time) string {
	return t.UTC().Format(time.RFC3339)
}

// baseURL is the scheme and host the request came to, for the absolute
// links a feed needs.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	host := r.Host
	if host == "" || strings.ContainsAny(host, "/\\@ \"<>") {
		host = "localhost"
	}
	return scheme + "://" + host
}
