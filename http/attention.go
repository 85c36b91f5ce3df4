package http

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rapporteur/rapporteur"
)

// Attention over time (issue 15): for up to four searches, the articles
// and statements per day, week or month over a range, as two line charts
// drawn on the server, and the same series as CSV or JSON.

// attentionCounter is a store that counts a search's matches per day
// within a bounded cost (sqlite.DB does): exact is false when the counts
// are estimates from a sample.
type attentionCounter interface {
	ArticleDays(ctx context.Context, f rapporteur.ArticleFilter) (days []rapporteur.DayCount, exact bool, err error)
	StatementDays(ctx context.Context, f rapporteur.StatementFilter) (days []rapporteur.DayCount, exact bool, err error)
}

// maxCompared is how many searches one chart compares.
const maxCompared = 4

// maxPoints bounds the points of a line: about two years of weeks.
const maxPoints = 110

// attention is the series of the compared searches over one range.
type attention struct {
	Period   period
	Starts   []time.Time // the start of each bin
	From, To time.Time   // the range, To exclusive
	Series   []series
	// Filters are the search filters beside the queries (attentionFilters).
	Filters url.Values
}

// attentionFilters are the search parameters a chart keeps beside its
// queries and range: a chart reached from a filtered search (a speaker's
// statements, one feed) counts what that search finds, and its points
// lead back to the same search for their period.
var attentionFilters = []string{"speaker", "feed", "source", "lang", "kind", "duplicates"}

// filtersOf returns the attentionFilters that v sets.
func filtersOf(v url.Values) url.Values {
	out := url.Values{}
	for _, k := range attentionFilters {
		if x := v.Get(k); x != "" {
			out.Set(k, x)
		}
	}
	return out
}

// searchOf is the search of query q under the chart's filters, with more
// parameters set as kv pairs.
func (a *attention) searchOf(q string, kv ...string) url.Values {
	v := url.Values{}
	for k, x := range a.Filters {
		v[k] = x
	}
	if q != "" {
		v.Set("q", q)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// series is one search's counts per bin.
type series struct {
	Query                string
	Label                string // the query, or "everything"
	Articles, Statements []int
	// Exact is false when a count is an estimate.
	Exact bool
	// ArticleTotal and StatementTotal add up the bins.
	ArticleTotal, StatementTotal int
	// Search is the URL of the series' search, over all dates.
	Search string
}

// attentionQueries reads the compared searches: q, repeated, the empty
// ones left out; none is one search of everything.
func attentionQueries(v url.Values) ([]string, error) {
	var qs []string
	for _, q := range v["q"] {
		if q = strings.TrimSpace(q); q != "" {
			qs = append(qs, q)
		}
	}
	if len(qs) > maxCompared {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "at most %d searches can be compared, not %d", maxCompared, len(qs))
	}
	if len(qs) == 0 {
		qs = []string{""}
	}
	return qs, nil
}

// attentionOf counts the searches of v over its range: from and to, or
// the two years up to the newest article.
func (s *Server) attentionOf(ctx context.Context, v url.Values) (*attention, error) {
	ac, ok := capability[attentionCounter](s.cfg.Store)
	if !ok {
		return nil, rapporteur.Errorf(rapporteur.ENOTFOUND, "this store does not count searches over time")
	}
	qs, err := attentionQueries(v)
	if err != nil {
		return nil, err
	}
	from, to, err := dateParams(v)
	if err != nil {
		return nil, err
	}
	if to.IsZero() {
		to = s.cfg.Now()
		if !from.IsZero() {
			// An open end stops at today.
		} else if pg, err := s.cfg.Store.Articles(ctx, rapporteur.ArticleFilter{Order: rapporteur.OrderDate, Limit: 1}); err != nil {
			return nil, err
		} else if len(pg.Items) > 0 && pg.Items[0].Date.Before(to) {
			to = pg.Items[0].Date // an archive: the two years up to its newest article
		}
		to = to.UTC().Truncate(24*time.Hour).AddDate(0, 0, 1)
	}
	if from.IsZero() {
		from = to.AddDate(-2, 0, 0)
	}
	a := &attention{From: from, To: to, Filters: filtersOf(v)}
	a.Period, a.Starts = pickPeriodMax(from, to.Add(-time.Second), maxPoints)
	for _, q := range qs {
		// The search's own readers of its parameters, so that the chart
		// counts exactly what the search lists.
		af, err := s.articleFilter(a.searchOf(q))
		if err != nil {
			return nil, err
		}
		sf, err := s.statementFilter(a.searchOf(q))
		if err != nil {
			return nil, err
		}
		af.From, af.To, sf.From, sf.To = from, to, from, to
		ad, aExact, err := ac.ArticleDays(ctx, af)
		if err != nil {
			return nil, err
		}
		sd, sExact, err := ac.StatementDays(ctx, sf)
		if err != nil {
			return nil, err
		}
		sr := series{Query: q, Label: queryLabel(q), Exact: aExact && sExact, Articles: make([]int, len(a.Starts)), Statements: make([]int, len(a.Starts)),
			Search: "/search?" + a.searchOf(q).Encode()}
		for _, d := range ad {
			if i := binOf(a.Starts, d.Day); i >= 0 {
				sr.Articles[i] += d.Count
				sr.ArticleTotal += d.Count
			}
		}
		for _, d := range sd {
			if i := binOf(a.Starts, d.Day); i >= 0 {
				sr.Statements[i] += d.Count
				sr.StatementTotal += d.Count
			}
		}
		a.Series = append(a.Series, sr)
	}
	return a, nil
}

// binEnd is the last day of bin i, inclusive.
// binStart is the first day of bin i within the range: the first bin of
// a range that starts mid-week or mid-month starts with the range, so
// that the CSV, the JSON and the links say what was counted.
func (a *attention) binStart(i int) time.Time {
	if a.Starts[i].Before(a.From) {
		return a.From
	}
	return a.Starts[i]
}

func (a *attention) binEnd(i int) time.Time {
	end := a.Period.next(a.Starts[i]).AddDate(0, 0, -1)
	if last := a.To.AddDate(0, 0, -1); end.After(last) {
		end = last
	}
	return end
}

// lineChart is a chart of up to four lines drawn as inline SVG.
type lineChart struct {
	Title                      string
	Width, Height              int
	PlotTop, Base, Left, Right int
	Max                        int
	Lines                      []chartLine
	Ticks                      []tick
}

type chartLine struct {
	N      int    // 0-3: the line's colour
	Points string // the polyline
	Dots   []dot
}

// dot is a point of a line: its hover value and the search it narrows to.
type dot struct {
	X, Y       float64
	Label, URL string
}

// chart draws one count of the series (articles or statements).
func (a *attention) chart(title string, tab string, count func(series) []int) *lineChart {
	c := &lineChart{Title: title, Width: 720, Height: 200, PlotTop: 14, Base: 170, Left: 44, Right: 712}
	for _, sr := range a.Series {
		for _, n := range count(sr) {
			c.Max = max(c.Max, n)
		}
	}
	top := max(c.Max, 1)
	step := float64(c.Right-c.Left) / float64(max(len(a.Starts)-1, 1))
	x := func(i int) float64 { return float64(c.Left) + float64(i)*step }
	y := func(n int) float64 { return float64(c.Base) - float64(c.Base-c.PlotTop)*float64(n)/float64(top) }
	noun := map[string][2]string{"articles": {"article", "articles"}, "statements": {"statement", "statements"}}[tab]
	for k, sr := range a.Series {
		l := chartLine{N: k}
		var pts []string
		for i, n := range count(sr) {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(i), y(n)))
			if n == 0 {
				continue
			}
			v := a.searchOf(sr.Query, "from", a.binStart(i).Format(time.DateOnly), "to", a.binEnd(i).Format(time.DateOnly))
			if tab == "statements" {
				v.Set("tab", "statements")
			}
			about := ""
			if !sr.Exact {
				about = "about "
			}
			l.Dots = append(l.Dots, dot{X: x(i), Y: y(n), URL: "/search?" + v.Encode(),
				Label: fmt.Sprintf("%s, %s: %s%s", queryLabel(sr.Query), a.Period.label(a.Starts[i]), about, plural(n, noun[0], noun[1]))})
		}
		l.Points = strings.Join(pts, " ")
		c.Lines = append(c.Lines, l)
	}
	c.Ticks = a.Period.ticks(a.Starts, x)
	for i := range c.Ticks {
		c.Ticks[i].Y = float64(c.Height - 4)
		// A month's label is about 40 units wide at a phone's font size.
		c.Ticks[i].End = c.Ticks[i].X > float64(c.Width-45)
	}
	return c
}

// queryLabel names a search in a legend.
func queryLabel(q string) string {
	if q == "" {
		return "everything"
	}
	return q
}

// queryInput is one search box of the attention form.
type queryInput struct {
	N, Colour int // N counts from 1; Colour from 0, as the lines do
	Value     string
}

// attentionPage is the data of the attention page.
type attentionPage struct {
	Queries              []queryInput // the form's inputs, maxCompared of them
	From, To             string
	Per                  string
	Articles, Statements *lineChart
	Series               []series
	Estimated            bool
	CSV, JSON            string
	Error                string
	// Chips show the search filters the chart keeps (attentionFilters),
	// each removable; Hidden carries them through the form.
	Chips  []chip
	Hidden []hiddenParam
}

// hiddenParam is a query parameter a form carries unseen.
type hiddenParam struct{ Name, Value string }

// overTime is the attention chart of a search: its query, filters and
// date range.
func overTime(v url.Values) string {
	a := &attention{Filters: filtersOf(v)}
	w := a.searchOf(v.Get("q"))
	for _, k := range []string{"from", "to"} {
		if x := v.Get(k); x != "" {
			w.Set(k, x)
		}
	}
	return "/attention?" + w.Encode()
}

func (s *Server) uiAttention(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	p := &attentionPage{}
	for i := range maxCompared {
		in := queryInput{N: i + 1, Colour: i}
		if i < len(v["q"]) {
			in.Value = v["q"][i]
		}
		p.Queries = append(p.Queries, in)
	}
	a, err := s.attentionOf(r.Context(), v)
	if err != nil {
		if rapporteur.ErrorCode(err) != rapporteur.EINVALID {
			return err
		}
		_, p.Error = classify(err)
		s.render(w, r, http.StatusBadRequest, "attention", "Attention over time", p)
		return nil
	}
	p.From, p.To = a.From.Format(time.DateOnly), a.To.AddDate(0, 0, -1).Format(time.DateOnly)
	p.Per = a.Period.Name
	p.Series = a.Series
	for _, c := range s.filterChips(r.Context(), r) {
		if slices.Contains(attentionFilters, c.Param) {
			p.Chips = append(p.Chips, c)
		}
	}
	for k, x := range a.Filters {
		p.Hidden = append(p.Hidden, hiddenParam{Name: k, Value: x[0]})
	}
	slices.SortFunc(p.Hidden, func(a, b hiddenParam) int { return strings.Compare(a.Name, b.Name) })
	for _, sr := range a.Series {
		p.Estimated = p.Estimated || !sr.Exact
	}
	p.Articles = a.chart("Articles", "articles", func(sr series) []int { return sr.Articles })
	p.Statements = a.chart("Statements", "statements", func(sr series) []int { return sr.Statements })
	p.CSV = "/api/v1/attention?" + withParams(r.URL, "format", "csv")[len(r.URL.Path)+1:]
	p.JSON = "/api/v1/attention?" + withParams(r.URL, "format", "")[len(r.URL.Path)+1:]
	title := "Attention over time"
	if q := v.Get("q"); q != "" {
		title = q + " · " + title
	}
	s.render(w, r, http.StatusOK, "attention", title, p)
	return nil
}

// apiAttention answers the series as JSON, or as CSV with format=csv: one
// row per search and period.
func (s *Server) apiAttention(w http.ResponseWriter, r *http.Request) error {
	a, err := s.attentionOf(r.Context(), r.URL.Query())
	if err != nil {
		return err
	}
	if r.URL.Query().Get("format") == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="attention.csv"`)
		cw := csv.NewWriter(w)
		cw.Write([]string{"query", "period", "start", "end", "articles", "statements", "estimated"})
		for _, sr := range a.Series {
			for i := range a.Starts {
				cw.Write([]string{sr.Query, a.Period.Name, a.binStart(i).Format(time.DateOnly), a.binEnd(i).Format(time.DateOnly),
					strconv.Itoa(sr.Articles[i]), strconv.Itoa(sr.Statements[i]), strconv.FormatBool(!sr.Exact)})
			}
		}
		cw.Flush()
		return cw.Error()
	}
	type point struct {
		Start      string `json:"start"`
		End        string `json:"end"`
		Articles   int    `json:"articles"`
		Statements int    `json:"statements"`
	}
	type jsonSeries struct {
		Query     string  `json:"query"`
		Estimated bool    `json:"estimated"`
		Points    []point `json:"points"`
	}
	body := struct {
		Period string       `json:"period"`
		From   string       `json:"from"`
		To     string       `json:"to"`
		Series []jsonSeries `json:"series"`
	}{Period: a.Period.Name, From: a.From.Format(time.DateOnly), To: a.To.AddDate(0, 0, -1).Format(time.DateOnly)}
	for _, sr := range a.Series {
		js := jsonSeries{Query: sr.Query, Estimated: !sr.Exact, Points: []point{}}
		for i := range a.Starts {
			js.Points = append(js.Points, point{a.binStart(i).Format(time.DateOnly), a.binEnd(i).Format(time.DateOnly), sr.Articles[i], sr.Statements[i]})
		}
		body.Series = append(body.Series, js)
	}
	return writeJSON(w, http.StatusOK, body)
}
