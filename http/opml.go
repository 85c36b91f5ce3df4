package http

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/rapporteur/rapporteur"
)

// maxOPMLFeeds bounds one import, so a hostile file cannot subscribe the
// server to millions of URLs.
const maxOPMLFeeds = 5000

// opmlOutline is an OPML outline: a feed when it has an xmlUrl, a folder
// when it has children.
type opmlOutline struct {
	Text     string        `xml:"text,attr"`
	Title    string        `xml:"title,attr"`
	XMLURL   string        `xml:"xmlUrl,attr"`
	Outlines []opmlOutline `xml:"outline"`
}

type opmlDoc struct {
	XMLName xml.Name      `xml:"opml"`
	Body    []opmlOutline `xml:"body>outline"`
}

// importResult counts what an OPML import did.
type importResult struct {
	Added    int `json:"added"`
	Existing int `json:"existing"`
	Invalid  int `json:"invalid"`
}

func (r importResult) String() string {
	return fmt.Sprintf("Imported: %s added, %d already subscribed, %d not valid.",
		plural(r.Added, "feed", "feeds"), r.Existing, r.Invalid)
}

// importOPML subscribes to every feed of an OPML subscription list.
// Outlines that are not http(s) feeds are counted as invalid and skipped;
// feeds already subscribed are counted, not errors.
func (s *Server) importOPML(ctx context.Context, r io.Reader) (importResult, error) {
	var res importResult
	var doc opmlDoc
	dec := xml.NewDecoder(r)
	dec.Strict = false // OPML files in the wild are often sloppy
	if err := dec.Decode(&doc); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return res, bodyError(err)
		}
		return res, rapporteur.Errorf(rapporteur.EINVALID, "not an OPML file: %v", err)
	}
	var feeds []opmlOutline
	var walk func([]opmlOutline, int)
	walk = func(os []opmlOutline, depth int) {
		for _, o := range os {
			if o.XMLURL != "" && len(feeds) < maxOPMLFeeds {
				feeds = append(feeds, o)
			}
			if depth < 8 {
				walk(o.Outlines, depth+1)
			}
		}
	}
	walk(doc.Body, 0)
	if len(feeds) == 0 {
		return res, rapporteur.Errorf(rapporteur.EINVALID, "the OPML file lists no feeds (outlines with an xmlUrl)")
	}
	for _, o := range feeds {
		title := strings.TrimSpace(o.Title)
		if title == "" {
			title = strings.TrimSpace(o.Text)
		}
		_, err := s.createFeed(ctx, o.XMLURL, title)
		switch rapporteur.ErrorCode(err) {
		case "":
			res.Added++
		case rapporteur.ECONFLICT:
			res.Existing++
		case rapporteur.EINVALID:
			res.Invalid++
		default:
			return res, err
		}
	}
	return res, nil
}
