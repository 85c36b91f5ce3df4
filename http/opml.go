package http

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

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

// OPML imports check each feed with a fetch, so they take time: up to
// importWorkers feeds are checked at once (the feed client still paces
// each host), for at most importTimeout. Feeds not checked by then are
// reported; importing the file again picks them up, since feeds already
// subscribed are skipped without a fetch.
const (
	importWorkers = 8
	importTimeout = 10 * time.Minute
)

// importResult counts what an OPML import did, and says why each feed
// that was not added, other than those already subscribed, was not.
type importResult struct {
	Added    int           `json:"added"`
	Existing int           `json:"existing"`
	Invalid  int           `json:"invalid"` // not http(s) URLs, or not feeds
	Failed   int           `json:"failed"`  // servers that failed, addresses refused, …
	Errors   []importError `json:"errors,omitempty"`
}

// importError is why one feed of an import was not subscribed.
type importError struct {
	URL     string `json:"url"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (r importResult) String() string {
	return fmt.Sprintf("Imported: %s added, %d already subscribed, %d not valid, %d failed.",
		plural(r.Added, "feed", "feeds"), r.Existing, r.Invalid, r.Failed)
}

// allowLongImport lets the answer to an import be written once its checks
// are done, which may take up to importTimeout, past the server's usual
// write deadline.
func allowLongImport(w http.ResponseWriter) {
	// Fails only where the writer cannot set deadlines (a recorder in a
	// test), which has none to extend.
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(importTimeout + writeTimeout))
}

// importOPML subscribes to every feed of an OPML subscription list, each
// checked as createFeed checks one. A feed that is not an http(s) URL or
// not a feed (EINVALID), or that fails (EUPSTREAM, EFORBID, ETOOLARGE),
// is counted and reported, and the import goes on; feeds already
// subscribed are counted, not errors. Only a failure of the store ends
// the import, with that error.
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
	seen := map[string]bool{}
	var walk func([]opmlOutline, int)
	walk = func(os []opmlOutline, depth int) {
		for _, o := range os {
			if u := strings.TrimSpace(o.XMLURL); u != "" && len(feeds) < maxOPMLFeeds {
				if seen[u] {
					res.Existing++ // listed twice: subscribed by the first
				} else {
					seen[u] = true
					feeds = append(feeds, o)
				}
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
	known, err := s.subscribed(ctx)
	if err != nil {
		return res, err
	}

	ctx, cancel := context.WithTimeout(ctx, importTimeout)
	defer cancel()
	errs := make([]error, len(feeds))
	next := make(chan int, len(feeds))
	for i := range feeds {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for range min(importWorkers, len(feeds)) {
		wg.Go(func() {
			for i := range next {
				if ctx.Err() != nil {
					errs[i] = rapporteur.Errorf(rapporteur.EUPSTREAM, "not checked: the import took longer than %s; import the file again for the feeds left", importTimeout)
					continue
				}
				o := feeds[i]
				title := strings.TrimSpace(o.Title)
				if title == "" {
					title = strings.TrimSpace(o.Text)
				}
				_, errs[i] = s.subscribe(ctx, known, o.XMLURL, title)
				if code := rapporteur.ErrorCode(errs[i]); code != "" && !feedError(code) && code != rapporteur.ECONFLICT {
					cancel() // the store failed: the rest would fail too
				}
			}
		})
	}
	wg.Wait()

	for i, err := range errs {
		code := rapporteur.ErrorCode(err)
		switch {
		case code == "":
			res.Added++
			continue
		case code == rapporteur.ECONFLICT:
			res.Existing++
			continue
		case code == rapporteur.EINVALID:
			res.Invalid++
		case feedError(code):
			res.Failed++
		default:
			return res, err
		}
		_, msg := classify(err)
		res.Errors = append(res.Errors, importError{URL: strings.TrimSpace(feeds[i].XMLURL), Code: code, Message: msg})
	}
	return res, nil
}

// feedError reports whether an error of subscribe with this code is the
// feed's (its URL, its server, its address), not the store's.
func feedError(code string) bool {
	switch code {
	case rapporteur.EINVALID, rapporteur.EUPSTREAM, rapporteur.EFORBID, rapporteur.ETOOLARGE:
		return true
	}
	return false
}
