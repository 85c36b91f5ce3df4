package http

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/query"
)

// articleFaceter is a store that breaks an article search down into
// facets within a bounded cost (sqlite.DB does); see rapporteur.Facets.
type articleFaceter interface {
	ArticleFacets(ctx context.Context, f rapporteur.ArticleFilter, limit int) (*rapporteur.Facets, error)
}

// facetLimit is how many values of each facet the search page shows.
const facetLimit = 6

// facetPanel is the facets of the search page: groups of links that each
// narrow the search to one value, with its count.
type facetPanel struct {
	Groups []facetGroup
	// Note says what the counts are when they are estimates.
	Note string
}

type facetGroup struct {
	Name   string
	Values []facetLink
}

type facetLink struct {
	Label, Count, URL string
	// Current is a value the search is already narrowed to.
	Current bool
}

// statementFaceter is articleFaceter for a statement search (both
// stores do): the facets of the Statements tab, which count statements.
type statementFaceter interface {
	StatementFacets(ctx context.Context, f rapporteur.StatementFilter, limit int) (*rapporteur.Facets, error)
}

// searchFacets builds the facet panel of an article search, nil when the
// store has no facets or nothing matches. total is the search's count
// (CountArticles), exact or estimated: when the facets counted only the
// newest matches, each value's share of them is scaled to it.
func (s *Server) searchFacets(ctx context.Context, u *url.URL, f rapporteur.ArticleFilter, total int64, totalExact bool) (*facetPanel, error) {
	fc, ok := capability[articleFaceter](s.cfg.Store)
	if !ok {
		return nil, nil
	}
	fs, err := fc.ArticleFacets(ctx, f, facetLimit)
	if err != nil || fs.Sample == 0 {
		return nil, err
	}
	return buildFacets(u, fs, total, totalExact, false), nil
}

// statementFacets is searchFacets for the Statements tab.
func (s *Server) statementFacets(ctx context.Context, u *url.URL, f rapporteur.StatementFilter, total int64, totalExact bool) (*facetPanel, error) {
	fc, ok := capability[statementFaceter](s.cfg.Store)
	if !ok {
		return nil, nil
	}
	fs, err := fc.StatementFacets(ctx, f, facetLimit)
	if err != nil || fs.Sample == 0 {
		return nil, err
	}
	return buildFacets(u, fs, total, totalExact, true), nil
}

// buildFacets makes the panel of facets fs, each value a link to the
// search at u narrowed to it: through the search's parameters where the
// list has one (source, speaker, and lang for articles, kind for
// statements), else a term added to its query.
func buildFacets(u *url.URL, fs *rapporteur.Facets, total int64, totalExact, statements bool) *facetPanel {
	p := &facetPanel{}
	scale := func(n int64) string {
		if fs.Complete {
			return thousands(n)
		}
		if statements {
			return thousands(n)
		}
		if total > fs.Sample {
			return "about " + thousands(roundEstimate(n*total/fs.Sample))
		}
		return thousands(n) + "+"
	}
	switch {
	case fs.Complete:
	case statements:
		// An article's statements come together, so the newest ones
		// over-represent the speakers and credits of the newest
		// articles: a share of them is no estimate of all (an interview
		// of 160 statements read as "about 630"). The counts are said
		// for what they are.
		p.Note = "Counted in the newest " + thousands(fs.Sample) + " matching statements."
	case total <= fs.Sample || !totalExact && total == 0:
		p.Note = "Counted in the newest " + thousands(fs.Sample) + " matches."
	default:
		p.Note = "Estimated from the newest " + thousands(fs.Sample) + " matches."
	}
	v := u.Query()
	q := v.Get("q")
	byParam := func(param string, vals []rapporteur.FacetValue, label func(rapporteur.FacetValue) string) []facetLink {
		var out []facetLink
		for _, x := range vals {
			val := x.Value
			if x.ID != 0 {
				val = itoa(x.ID)
			}
			out = append(out, facetLink{Label: label(x), Count: scale(x.Count), URL: withParams(u, param, val, "cursor", ""), Current: v.Get(param) == val})
		}
		return out
	}
	byTerm := func(field string, vals []rapporteur.FacetValue, text func(rapporteur.FacetValue) string) []facetLink {
		var out []facetLink
		for _, x := range vals {
			term := termFor(field, text(x))
			cur := strings.Contains(" "+q+" ", " "+term+" ")
			nq := q
			if !cur {
				nq = strings.TrimSpace(wrapQuery(q) + " " + term)
			}
			out = append(out, facetLink{Label: x.Name, Count: scale(x.Count), URL: withParams(u, "q", nq, "cursor", ""), Current: cur})
		}
		return out
	}
	name := func(x rapporteur.FacetValue) string { return x.Name }
	add := func(group string, links []facetLink) {
		if len(links) > 0 {
			p.Groups = append(p.Groups, facetGroup{Name: group, Values: links})
		}
	}
	value := func(x rapporteur.FacetValue) string { return x.Value }
	language := func(x rapporteur.FacetValue) string { return languageName(x.Value) }
	add("Source", byParam("source", fs.Sources, name))
	add("Speaker", byParam("speaker", fs.Speakers, name))
	add("Credit", byTerm(query.FieldCredit, fs.Credits, name))
	if statements {
		// The statement filter reads kind but not lang.
		add("Language", relabel(byTerm(query.FieldLang, fs.Languages, value), fs.Languages, language))
		add("Statement kind", byParam("kind", fs.Kinds, value))
	} else {
		add("Language", byParam("lang", fs.Languages, language))
		add("Statement kind", byTerm(query.FieldKind, fs.Kinds, value))
	}
	if actField() {
		add("Act", byTerm("act", fs.Acts, value))
	}
	if len(p.Groups) == 0 {
		return nil
	}
	return p
}

// relabel names the links of byTerm by label, which byTerm names by the
// values' Name.
func relabel(links []facetLink, vals []rapporteur.FacetValue, label func(rapporteur.FacetValue) string) []facetLink {
	for i := range links {
		links[i].Label = label(vals[i])
	}
	return links
}

// termFor writes a field term of the query language, quoting a value of
// several words: credit:"Associated Press".
func termFor(field, value string) string {
	if strings.ContainsAny(value, " \t()\"") {
		return field + `:"` + strings.ReplaceAll(value, `"`, " ") + `"`
	}
	return field + ":" + value
}

// actField reports whether the query language has the act: field (issue
// 11); until it does, the act facet would narrow to a query error.
var actField = sync.OnceValue(func() bool {
	_, err := query.Parse("act:deny", time.Time{})
	return err == nil
})

// languageName names the languages rapporteur reads; another code is
// shown as it is.
func languageName(code string) string {
	if n, ok := map[string]string{"en": "English", "fr": "French", "de": "German", "es": "Spanish", "pt": "Portuguese",
		"it": "Italian", "nl": "Dutch", "zh": "Chinese", "ru": "Russian", "ar": "Arabic"}[code]; ok {
		return n + " (" + code + ")"
	}
	return code
}

// roundEstimate keeps two significant digits of an estimate, as the
// store's count does: "about 48,000".
func roundEstimate(n int64) int64 {
	p := int64(1)
	for n/p >= 100 {
		p *= 10
	}
	return (n + p/2) / p * p
}

// apiFacets answers the facets of an article search, with its count, or
// of a statement search with target=statements.
func (s *Server) apiFacets(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	limit := facetLimit
	if l := v.Get("limit"); l != "" {
		var err error
		if limit, err = strconv.Atoi(l); err != nil || limit < 1 || limit > 50 {
			return rapporteur.Errorf(rapporteur.EINVALID, "limit must be a number from 1 to 50, not %q", l)
		}
	}
	body := struct {
		Count      int64 `json:"count"`
		CountExact bool  `json:"count_exact"`
		*rapporteur.Facets
	}{}
	switch target := v.Get("target"); target {
	case "", "articles":
		fc, ok := capability[articleFaceter](s.cfg.Store)
		if !ok {
			return rapporteur.Errorf(rapporteur.ENOTFOUND, "this store has no facets")
		}
		f, err := s.articleFilter(v)
		if err != nil {
			return err
		}
		f.Limit = 0
		if body.Facets, err = fc.ArticleFacets(r.Context(), f, limit); err != nil {
			return err
		}
		if c, ok := capability[articleCounter](s.cfg.Store); ok {
			if body.Count, body.CountExact, err = c.CountArticles(r.Context(), f); err != nil {
				return err
			}
		}
	case "statements":
		fc, ok := capability[statementFaceter](s.cfg.Store)
		if !ok {
			return rapporteur.Errorf(rapporteur.ENOTFOUND, "this store has no statement facets")
		}
		f, err := s.statementFilter(v)
		if err != nil {
			return err
		}
		f.Limit = 0
		if body.Facets, err = fc.StatementFacets(r.Context(), f, limit); err != nil {
			return err
		}
		if c, ok := capability[statementCounter](s.cfg.Store); ok {
			if body.Count, body.CountExact, err = c.CountStatements(r.Context(), f); err != nil {
				return err
			}
		}
	default:
		return rapporteur.Errorf(rapporteur.EINVALID, "target %q is not articles or statements", target)
	}
	return writeJSON(w, http.StatusOK, body)
}
