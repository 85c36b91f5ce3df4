// Package feed reads RSS, Atom and JSON feeds and OPML subscription lists,
// fetches politely (robots.txt, a per-host rate limit and concurrency cap,
// over the SSRF guard of package fetch), and polls subscribed feeds for
// `rapporteur serve`: conditional GETs, exponential backoff on errors and
// an error state per feed that the UI shows.
package feed

import (
	"bytes"
	"encoding/xml"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/rapporteur/rapporteur"
)

// Accept is the Accept header of a feed request.
const Accept = "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"

// Item is one entry of a feed.
type Item struct {
	Title string
	// URL is the entry's link, made absolute against the feed's URL; ""
	// when the entry has none.
	URL string
	// HTML is the entry's content, or its summary when it has no content.
	HTML      string
	Published *time.Time
	Authors   []string
}

// Parsed is a parsed feed.
type Parsed struct {
	Title string
	Items []Item
}

// Parse reads an RSS, Atom or JSON feed. Relative links are resolved
// against base, the feed's URL. A document that is no feed is an EINVALID
// error.
func Parse(body []byte, base string) (*Parsed, error) {
	if !IsFeed(body) {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "not an RSS, Atom or JSON feed")
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "broken feed: %w", err)
	}
	p := &Parsed{Title: strings.TrimSpace(f.Title)}
	baseURL, _ := url.Parse(base)
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		item := Item{
			Title:     strings.TrimSpace(it.Title),
			URL:       resolve(baseURL, strings.TrimSpace(it.Link)),
			HTML:      it.Content,
			Published: it.PublishedParsed,
		}
		if strings.TrimSpace(item.HTML) == "" {
			item.HTML = it.Description
		}
		if item.Published == nil {
			item.Published = it.UpdatedParsed
		}
		if item.Published != nil {
			t := item.Published.UTC()
			item.Published = &t
		}
		for _, a := range it.Authors {
			if a != nil && strings.TrimSpace(a.Name) != "" {
				item.Authors = append(item.Authors, strings.TrimSpace(a.Name))
			}
		}
		p.Items = append(p.Items, item)
	}
	return p, nil
}

// IsFeed reports whether data starts like an RSS, Atom or JSON feed.
func IsFeed(data []byte) bool {
	return gofeed.DetectFeedType(bytes.NewReader(data)) != gofeed.FeedTypeUnknown
}

// resolve makes ref absolute against base; a link that is not http or
// https (javascript:, mailto:) is dropped.
func resolve(base *url.URL, ref string) string {
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	return u.String()
}

// Subscription is one feed of an OPML subscription list.
type Subscription struct {
	Title string
	URL   string
}

// opml is the part of an OPML document that lists feeds: outlines, nested
// in folders to any depth.
type opml struct {
	XMLName xml.Name  `xml:"opml"`
	Body    []outline `xml:"body>outline"`
}

type outline struct {
	Text     string    `xml:"text,attr"`
	Title    string    `xml:"title,attr"`
	XMLURL   string    `xml:"xmlUrl,attr"`
	Outlines []outline `xml:"outline"`
}

// IsOPML reports whether data starts like an OPML document.
func IsOPML(data []byte) bool {
	head := data[:min(len(data), 1024)]
	return bytes.Contains(bytes.ToLower(head), []byte("<opml"))
}

// ParseOPML returns the feeds of an OPML subscription list, in document
// order, each URL once. Outlines without an http or https xmlUrl are
// folders or something else, and are skipped.
func ParseOPML(data []byte) ([]Subscription, error) {
	var doc opml
	dec := xml.NewDecoder(bytes.NewReader(data))
	// OPML files in the wild declare all sorts of encodings; their URLs
	// are ASCII, so reading the bytes as they are is enough.
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	if err := dec.Decode(&doc); err != nil {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "broken OPML: %w", err)
	}
	var subs []Subscription
	seen := map[string]bool{}
	var walk func([]outline)
	walk = func(os []outline) {
		for _, o := range os {
			if u := resolve(nil, strings.TrimSpace(o.XMLURL)); u != "" && !seen[u] {
				seen[u] = true
				title := o.Title
				if title == "" {
					title = o.Text
				}
				subs = append(subs, Subscription{Title: strings.TrimSpace(title), URL: u})
			}
			walk(o.Outlines)
		}
	}
	walk(doc.Body)
	return subs, nil
}
