package http

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/query"
)

// The research tools of the search page (issue 15): how many results,
// the sort control, the active filters as removable chips, and the query
// help.

// articleCounter is a store that can count a search within a bounded cost
// (both stores do): n is exact, or an estimate ("about n") when exact is
// false, 0 then meaning too many candidates to tell.
type articleCounter interface {
	CountArticles(ctx context.Context, f rapporteur.ArticleFilter) (n int64, exact bool, err error)
}

// statementCounter is articleCounter for a statement search (both stores
// do): the count of the Statements tab.
type statementCounter interface {
	CountStatements(ctx context.Context, f rapporteur.StatementFilter) (n int64, exact bool, err error)
}

// resultCount says how many articles a search finds, "" when the store
// cannot count, with the store's count itself (n, exact) for the facets.
// shown is the number of results on the page, a floor for an estimate.
func (s *Server) resultCount(ctx context.Context, f rapporteur.ArticleFilter, shown int, more bool) (label string, n int64, exact bool, err error) {
	c, ok := capability[articleCounter](s.cfg.Store)
	if !ok {
		return "", 0, false, nil
	}
	if n, exact, err = c.CountArticles(ctx, f); err != nil {
		return "", 0, false, err
	}
	label, n, exact = countLabel("article", n, exact, shown, more)
	return label, n, exact, nil
}

// statementCount is resultCount for the Statements tab.
func (s *Server) statementCount(ctx context.Context, f rapporteur.StatementFilter, shown int, more bool) (label string, n int64, exact bool, err error) {
	c, ok := capability[statementCounter](s.cfg.Store)
	if !ok {
		return "", 0, false, nil
	}
	if n, exact, err = c.CountStatements(ctx, f); err != nil {
		return "", 0, false, err
	}
	label, n, exact = countLabel("statement", n, exact, shown, more)
	return label, n, exact, nil
}

// countLabel words a store's count of results ("about 48,000 articles"),
// and returns the count the facets scale to: the page's own results when
// they beat the estimate.
func countLabel(noun string, n int64, exact bool, shown int, more bool) (string, int64, bool) {
	words := func(n int64) string {
		if n == 1 {
			return "1 " + noun
		}
		return thousands(n) + " " + noun + "s"
	}
	switch {
	case exact:
		return words(n), n, exact
	case n == 0 || n <= int64(shown):
		// No estimate, or one the page itself beats.
		if more {
			return "more than " + words(int64(shown)), int64(shown), false
		}
		return words(int64(shown)), int64(shown), true
	}
	return "about " + words(n), n, false
}

// thousands writes n with comma separators: 48,000.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	if n < 0 {
		return s
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// sortOption is one choice of the sort control.
type sortOption struct {
	Label, URL string
	Current    bool
}

// sortOptions are the orders a reader may pick, each a link to the same
// search sorted so; the current one is the order asked for, or the
// default (relevance with words to match, newest without: a query of
// filters alone, such as act:deny, has no words to rank by).
func sortOptions(u *url.URL, tab string, now time.Time) []sortOption {
	cur := u.Query().Get("order")
	if cur == "" {
		cur = rapporteur.OrderDate
		if n, err := query.Parse(u.Query().Get("q"), now); err == nil && hasWords(n, tab) {
			cur = rapporteur.OrderRelevance
		}
	}
	var out []sortOption
	for _, o := range []struct{ order, label string }{
		{rapporteur.OrderRelevance, "Relevance"}, {rapporteur.OrderDate, "Newest"}, {rapporteur.OrderOldest, "Oldest"},
	} {
		out = append(out, sortOption{Label: o.label, URL: withParams(u, "order", o.order, "cursor", ""), Current: o.order == cur})
	}
	return out
}

// hasWords reports whether a query has words or phrases to match in the
// full-text index of the tab's items (not only filters such as act: or
// source:), which is when the stores rank by relevance: text and titles
// of articles, text of statements (speaker: is the canonical speaker's,
// a filter).
func hasWords(n query.Node, tab string) bool {
	ranked := query.FieldTitle
	if tab == "statements" {
		ranked = ""
	}
	for _, t := range query.Positives(n) {
		if t.Field == "" || t.Field == ranked {
			return true
		}
	}
	return false
}

// speakerNamer is a store that names a speaker without reading its whole
// record (both stores do).
type speakerNamer interface {
	SpeakerName(ctx context.Context, id int64) (string, error)
}

// knownSpeaker is nil when id is 0 or a speaker's, else the error of an
// unknown speaker: a filter on it would find nothing, and say nothing of
// why.
func (s *Server) knownSpeaker(ctx context.Context, id int64) error {
	if id == 0 {
		return nil
	}
	var err error
	if n, ok := capability[speakerNamer](s.cfg.Store); ok {
		_, err = n.SpeakerName(ctx, id)
	} else {
		_, err = s.cfg.Store.Speaker(ctx, id)
	}
	if rapporteur.ErrorCode(err) == rapporteur.ENOTFOUND {
		return rapporteur.Errorf(rapporteur.ENOTFOUND, "no such speaker: %d", id)
	}
	return err
}

// chip is an active filter of the URL, with the link that removes it.
type chip struct {
	Label, Remove string
	// Param is the query parameter the chip shows.
	Param string
}

// filterChips shows the filters a search has beyond its query: those of
// links from speaker, source and feed pages (?speaker=8, ?feed=1) and of
// the API's parameters, which the search box does not show. An id is
// named when the store knows it; a filter that does not parse is left to
// the search's own error.
func (s *Server) filterChips(ctx context.Context, r *http.Request) []chip {
	v := r.URL.Query()
	var out []chip
	add := func(param, label string) {
		out = append(out, chip{Label: label, Remove: withParams(r.URL, param, "", "cursor", ""), Param: param})
	}
	name := func(param string, get func(id int64) (string, error)) {
		raw := v.Get(param)
		if raw == "" {
			return
		}
		label := raw
		if id, err := strconv.ParseInt(raw, 10, 64); err == nil && id > 0 {
			switch n, err := get(id); {
			case err == nil && n != "":
				label = n
			case rapporteur.ErrorCode(err) == rapporteur.ENOTFOUND:
				label = "no such " + param + " #" + raw
			default:
				label = "#" + raw
			}
		}
		add(param, param+": "+label)
	}
	name("speaker", func(id int64) (string, error) {
		// The name alone: the whole record of a much quoted speaker
		// reads every role and outlet of its statements (seconds at
		// 1 M articles).
		if n, ok := capability[speakerNamer](s.cfg.Store); ok {
			return n.SpeakerName(ctx, id)
		}
		sp, err := s.cfg.Store.Speaker(ctx, id)
		if err != nil {
			return "", err
		}
		return sp.Name, nil
	})
	name("source", func(id int64) (string, error) {
		so, err := s.cfg.Store.Source(ctx, id)
		if err != nil {
			return "", err
		}
		return so.Name, nil
	})
	name("feed", func(id int64) (string, error) {
		f, err := s.cfg.Store.Feed(ctx, id)
		if err != nil {
			return "", err
		}
		f = readerSees(s, r, []*rapporteur.Feed{f}, redactFeed)[0]
		if f.Title != "" {
			return f.Title, nil
		}
		return f.URL, nil
	})
	name("article", func(id int64) (string, error) {
		a, err := s.cfg.Store.Article(ctx, id)
		if err != nil {
			return "", err
		}
		return titleOr(a.Title, "#"+itoa(id)), nil
	})
	for _, p := range []struct{ param, label string }{
		{"lang", "language"}, {"kind", "kind"}, {"mode", "mode"}, {"from", "from"}, {"to", "to"},
	} {
		if x := v.Get(p.param); x != "" {
			add(p.param, p.label+": "+x)
		}
	}
	return out
}

// helpPage is the query-help page; it has no data of its own.
type helpPage struct{}

func (s *Server) uiSearchHelp(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "help", "Search help", &helpPage{})
	return nil
}
