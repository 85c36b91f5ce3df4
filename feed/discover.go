package feed

import (
	"bytes"
	"context"
	"mime"
	"net/url"
	"strings"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/fetch"
	"golang.org/x/net/html"
)

// feedTypes are the media types of the <link rel="alternate"> elements
// that announce a feed: RSS, Atom and JSON Feed.
var feedTypes = map[string]bool{
	"application/rss+xml":   true,
	"application/atom+xml":  true,
	"application/feed+json": true,
}

// Discover returns the URL of the feed an HTML page announces with
// <link rel="alternate" type="application/rss+xml" href="…"> (or the Atom
// or JSON Feed type), made absolute against the page's <base href>, or
// against base, the page's URL, when it has none. The first such link
// wins; "" means the page announces no http or https feed.
func Discover(page []byte, base string) string {
	baseURL, _ := url.Parse(base)
	sawBase := false
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return "" // the end of the page, or a read error on a byte slice: none
		case html.StartTagToken, html.SelfClosingTagToken:
		default:
			continue
		}
		name, hasAttr := z.TagName()
		if !hasAttr {
			continue
		}
		switch string(name) {
		case "base":
			// Only the first <base href> counts (HTML, "the base element").
			if href, ok := attrs(z)["href"]; ok && !sawBase {
				sawBase = true
				if u, err := url.Parse(strings.TrimSpace(href)); err == nil {
					if baseURL != nil {
						u = baseURL.ResolveReference(u)
					}
					baseURL = u
				}
			}
		case "link":
			a := attrs(z)
			if !hasToken(a["rel"], "alternate") || !isFeedType(a["type"]) {
				continue
			}
			if u := resolve(baseURL, strings.TrimSpace(a["href"])); u != "" {
				return u
			}
		}
	}
}

// attrs returns the attributes of the tokenizer's current tag; names are
// lower-cased by the tokenizer, and the first of a repeated one wins, as
// in a browser.
func attrs(z *html.Tokenizer) map[string]string {
	m := map[string]string{}
	for {
		k, v, more := z.TagAttr()
		if _, dup := m[string(k)]; !dup {
			m[string(k)] = string(v)
		}
		if !more {
			return m
		}
	}
}

// hasToken reports whether the space-separated list s holds tok, ignoring
// ASCII case, as rel="Alternate stylesheet" must be read.
func hasToken(s, tok string) bool {
	for _, f := range strings.Fields(s) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

// isFeedType reports whether a type attribute names a feed; parameters
// such as "; charset=utf-8" are ignored.
func isFeedType(t string) bool {
	mt, _, err := mime.ParseMediaType(t)
	return err == nil && feedTypes[mt]
}

// Found is the feed found at a URL given to subscribe to.
type Found struct {
	// URL is the feed's URL: the one asked for, or the one its HTML page
	// announces.
	URL   string
	Title string
	// ETag and LastModified are the validators of the response read. A
	// caller that stores the feed's items from this response can save them
	// so that the next poll is conditional; one that does not must not, or
	// the next poll is answered 304 and the items are never read.
	ETag         string
	LastModified string
}

// Find fetches rawURL once to check that it is a feed one can subscribe
// to. When it is an HTML page instead, Find follows the first feed the
// page announces (see Discover) and checks that one. Errors are classified:
// EINVALID when neither is a feed, and the errors of Get otherwise
// (EUPSTREAM for a server that fails, answers 404 or times out, EFORBID
// for an address the SSRF guard refuses or a URL robots.txt disallows).
func (c *Client) Find(ctx context.Context, rawURL string) (*Found, error) {
	page, err := c.Get(ctx, fetch.Request{URL: rawURL, Accept: Accept})
	if err != nil {
		return nil, err
	}
	feedURL, where := rawURL, rawURL
	if !IsFeed(page.Body) {
		feedURL = Discover(page.Body, page.URL)
		if feedURL == "" {
			return nil, rapporteur.Errorf(rapporteur.EINVALID, "%s is not an RSS, Atom or JSON feed, nor a page that links to one (<link rel=\"alternate\">)", rawURL)
		}
		where = rawURL + " links to the feed " + feedURL
		// One step only: a page that announces another page is not
		// followed further, so two pages cannot send Find in a loop.
		if page, err = c.Get(ctx, fetch.Request{URL: feedURL, Accept: Accept}); err != nil {
			return nil, withPrefix(where, err)
		}
	}
	parsed, err := Parse(page.Body, page.URL)
	if err != nil {
		return nil, withPrefix(where, err)
	}
	return &Found{URL: feedURL, Title: parsed.Title, ETag: page.ETag, LastModified: page.LastModified}, nil
}

// withPrefix prefixes the message of err, keeping its code.
func withPrefix(prefix string, err error) error {
	return &rapporteur.Error{Code: rapporteur.ErrorCode(err), Message: prefix + ": " + err.Error(), Err: err}
}
