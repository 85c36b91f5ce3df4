package http

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/rapporteur/rapporteur"
)

// The UI and the API read the same query parameters into the same store
// filters, so a search URL works in both with /api/v1 put in front.

// articleFilter reads q, source, feed, speaker, lang, from, to, order,
// duplicates (1 keeps wire copies), cursor and limit.
func (s *Server) articleFilter(v url.Values) (rapporteur.ArticleFilter, error) {
	f := rapporteur.ArticleFilter{Query: v.Get("q"), Language: v.Get("lang"), Cursor: v.Get("cursor"), Now: s.cfg.Now()}
	var err error
	if f.SourceID, err = idParam(v, "source"); err != nil {
		return f, err
	}
	if f.FeedID, err = idParam(v, "feed"); err != nil {
		return f, err
	}
	if f.SpeakerID, err = idParam(v, "speaker"); err != nil {
		return f, err
	}
	if f.From, f.To, err = dateParams(v); err != nil {
		return f, err
	}
	switch o := v.Get("order"); o {
	case rapporteur.OrderDefault, rapporteur.OrderRelevance, rapporteur.OrderDate, rapporteur.OrderOldest, rapporteur.OrderIngested:
		f.Order = o
	default:
		return f, rapporteur.Errorf(rapporteur.EINVALID, "order %q is not relevance, date, oldest or ingested", o)
	}
	if d := v.Get("duplicates"); d != "" {
		if f.Duplicates, err = strconv.ParseBool(d); err != nil {
			return f, rapporteur.Errorf(rapporteur.EINVALID, "duplicates %q is not 1 or 0", d)
		}
	}
	f.Limit, err = limitParam(v)
	return f, err
}

// statementFilter reads q, speaker, kind, article, source, from, to,
// cursor and limit. A speaker that is not a number is a name, searched as
// speaker:"…".
func (s *Server) statementFilter(v url.Values) (rapporteur.StatementFilter, error) {
	f := rapporteur.StatementFilter{Query: v.Get("q"), Cursor: v.Get("cursor"), Now: s.cfg.Now()}
	var err error
	if d := v.Get("duplicates"); d != "" {
		if f.Duplicates, err = strconv.ParseBool(d); err != nil {
			return f, rapporteur.Errorf(rapporteur.EINVALID, "duplicates %q is not 1 or 0", d)
		}
	}
	if sp := strings.TrimSpace(v.Get("speaker")); sp != "" {
		if id, err := strconv.ParseInt(sp, 10, 64); err == nil && id > 0 {
			f.SpeakerID = id
		} else {
			name := strings.Join(strings.Fields(strings.ReplaceAll(sp, `"`, " ")), " ")
			f.Query = strings.TrimSpace(`speaker:"` + name + `" ` + wrapQuery(f.Query))
		}
	}
	switch k := strings.ToLower(v.Get("kind")); k {
	case "", rapporteur.Direct, rapporteur.Indirect, rapporteur.Mixed:
		f.Kind = k
	default:
		return f, rapporteur.Errorf(rapporteur.EINVALID, "kind %q is not direct, indirect or mixed", k)
	}
	// mode= is the search language's mode: (speech or stance), so that a
	// fact-checker can keep to what was said.
	switch m := strings.ToLower(v.Get("mode")); m {
	case "":
	case rapporteur.Speech, rapporteur.Stance:
		f.Query = strings.TrimSpace("mode:" + m + " " + wrapQuery(f.Query))
	default:
		return f, rapporteur.Errorf(rapporteur.EINVALID, "mode %q is not speech or stance", m)
	}
	if f.ArticleID, err = idParam(v, "article"); err != nil {
		return f, err
	}
	if f.SourceID, err = idParam(v, "source"); err != nil {
		return f, err
	}
	if f.From, f.To, err = dateParams(v); err != nil {
		return f, err
	}
	switch o := v.Get("order"); o {
	case rapporteur.OrderDefault, rapporteur.OrderRelevance, rapporteur.OrderDate, rapporteur.OrderOldest:
		f.Order = o
	default:
		return f, rapporteur.Errorf(rapporteur.EINVALID, "order %q is not relevance, date or oldest (statements have no ingested order)", o)
	}
	f.Limit, err = limitParam(v)
	return f, err
}

// wrapQuery parenthesizes a query so that an added AND term applies to all
// of it, even when it has an OR at the top.
func wrapQuery(q string) string {
	if strings.TrimSpace(q) == "" {
		return ""
	}
	return "(" + q + ")"
}

func idParam(v url.Values, name string) (int64, error) {
	s := v.Get(name)
	if s == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, rapporteur.Errorf(rapporteur.EINVALID, "%s must be a positive id, not %q", name, s)
	}
	return id, nil
}

// pathID reads the {id} of a route.
func pathID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, rapporteur.Errorf(rapporteur.ENOTFOUND, "no such id %q", s)
	}
	return id, nil
}

func limitParam(v url.Values) (int, error) {
	s := v.Get("limit")
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, rapporteur.Errorf(rapporteur.EINVALID, "limit must be a non-negative number, not %q", s)
	}
	return n, nil
}

// dateParams reads from and to: dates (2022-08-01, inclusive days) or RFC
// 3339 instants; to is exclusive for an instant and covers the whole day
// for a date.
func dateParams(v url.Values) (from, to time.Time, err error) {
	if s := v.Get("from"); s != "" {
		if from, _, err = parseDay(s); err != nil {
			return from, to, rapporteur.Errorf(rapporteur.EINVALID, "from: %v", err)
		}
	}
	if s := v.Get("to"); s != "" {
		var day bool
		if to, day, err = parseDay(s); err != nil {
			return from, to, rapporteur.Errorf(rapporteur.EINVALID, "to: %v", err)
		}
		if day {
			to = to.AddDate(0, 0, 1)
		}
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		return from, to, rapporteur.Errorf(rapporteur.EINVALID, "the date range ends before it starts")
	}
	return from, to, nil
}

func parseDay(s string) (time.Time, bool, error) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, true, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return t, false, rapporteur.Errorf(rapporteur.EINVALID, "%q is not a date like 2022-08-01 or 2022-08-01T12:00:00Z", s)
	}
	return t, false, nil
}
