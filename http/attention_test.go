package http

import (
	"encoding/csv"
	"encoding/json"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
)

// TestAttention: the attention page charts each compared search as a line
// of articles and one of statements, each point a link to the search of
// its period with its value on hover; the CSV and JSON carry the same
// counts, which add up to the search's articles.
func TestAttention(t *testing.T) {
	env := newEnv(t, nil)
	status, body := env.get(t, "/attention?q=said&q=trump&from=2019-01-01&to=2019-12-31")
	if status != 200 {
		t.Fatalf("attention page: %d\n%s", status, body)
	}
	if n := strings.Count(body, `<polyline class="line s`); n != 4 {
		t.Errorf("%d lines, want 4 (two searches, articles and statements)", n)
	}
	for _, want := range []string{"Articles per", "per week", `<title>said, week of`, `<title>trump, week of`, `aria-label="Search 1"`, `value="said"`} {
		if !strings.Contains(body, want) && !strings.Contains(body, strings.Replace(want, "Articles per", "Articles", 1)) {
			t.Errorf("attention page lacks %q", want)
		}
	}
	// A point links to its week's search.
	m := regexp.MustCompile(`<a class="dot-link" href="([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no point links")
	}
	u, err := url.Parse(strings.ReplaceAll(m[1], "&amp;", "&"))
	if err != nil || u.Path != "/search" || u.Query().Get("q") != "said" {
		t.Fatalf("point links to %q", m[1])
	}
	from, err1 := time.Parse(time.DateOnly, u.Query().Get("from"))
	to, err2 := time.Parse(time.DateOnly, u.Query().Get("to"))
	if err1 != nil || err2 != nil || from.Weekday() != time.Monday || to.Sub(from) != 6*24*time.Hour {
		t.Errorf("point links to %s..%s, not a week from Monday", u.Query().Get("from"), u.Query().Get("to"))
	}

	// CSV: a row per search and week; the articles add up to the search's.
	status, csvBody := env.get(t, "/api/v1/attention?q=said&q=trump&from=2019-01-01&to=2019-12-31&format=csv")
	if status != 200 {
		t.Fatalf("CSV: %d %s", status, csvBody)
	}
	rows, err := csv.NewReader(strings.NewReader(csvBody)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "query,period,start,end,articles,statements,estimated" {
		t.Errorf("CSV header %v", rows[0])
	}
	sum := map[string]int{}
	for _, r := range rows[1:] {
		n, _ := strconv.Atoi(r[4])
		sum[r[0]] += n
	}
	p, err := env.store.Articles(t.Context(), rapporteur.ArticleFilter{Query: "said date:2019", Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	if sum["said"] != len(p.Items) || len(p.Items) == 0 {
		t.Errorf("CSV counts %d articles with said in 2019, the search finds %d", sum["said"], len(p.Items))
	}
	// JSON: the same series.
	status, js := env.get(t, "/api/v1/attention?q=said&from=2019-01-01&to=2019-12-31")
	var got struct {
		Period string
		Series []struct {
			Query  string
			Points []struct{ Articles int }
		}
	}
	if status != 200 || json.Unmarshal([]byte(js), &got) != nil || got.Period != "week" || len(got.Series) != 1 {
		t.Fatalf("JSON: %d %s", status, js)
	}
	n := 0
	for _, pt := range got.Series[0].Points {
		n += pt.Articles
	}
	if n != sum["said"] {
		t.Errorf("JSON counts %d, CSV %d", n, sum["said"])
	}
	// Five searches are too many; a bad query is the user's error.
	for _, q := range []string{"q=a&q=b&q=c&q=d&q=e", "q=%22open"} {
		if status, _ := env.get(t, "/attention?"+q); status != 400 {
			t.Errorf("/attention?%s: %d, want 400", q, status)
		}
		if status, _ := env.get(t, "/api/v1/attention?"+q); status != 400 {
			t.Errorf("/api/v1/attention?%s: %d, want 400", q, status)
		}
	}
	// Without a range: the two years up to the newest article, by week;
	// five years by month.
	if status, body := env.get(t, "/attention?q=said"); status != 200 || !strings.Contains(body, "per week") {
		t.Errorf("attention without a range: %d, by week: %v", status, strings.Contains(body, "per week"))
	}
	if status, body := env.get(t, "/attention?q=said&from=2016-01-01&to=2020-12-31"); status != 200 || !strings.Contains(body, "per month") {
		t.Errorf("attention over five years: %d, by month: %v", status, strings.Contains(body, "per month"))
	}
}

// TestFacetsAPI: the facets of a search, with its count.
func TestFacetsAPI(t *testing.T) {
	env := newEnv(t, nil)
	status, body := env.get(t, "/api/v1/facets?q=said&limit=3")
	var got struct {
		Count      int64 `json:"count"`
		CountExact bool  `json:"count_exact"`
		rapporteur.Facets
	}
	if status != 200 || json.Unmarshal([]byte(body), &got) != nil {
		t.Fatalf("facets: %d %s", status, body)
	}
	if got.Count == 0 || !got.CountExact || !got.Complete || got.Sample != got.Count || len(got.Speakers) != 3 || len(got.Sources) == 0 {
		t.Errorf("facets of said: %s", body)
	}
	if status, _ := env.get(t, "/api/v1/facets?q=said&limit=0"); status != 400 {
		t.Errorf("limit 0: %d, want 400", status)
	}
}

// TestAttentionKeepsFilters follows "Over time" from a search filtered to
// one speaker, as a user does from a speaker's statements: the chart
// counts that speaker's statements only, shows the filter as a chip the
// form keeps, and its points lead back to the speaker's search.
func TestAttentionKeepsFilters(t *testing.T) {
	env := newEnv(t, nil)
	ctx := t.Context()
	sps, err := env.store.Speakers(ctx, rapporteur.SpeakerFilter{Limit: 1})
	if err != nil || len(sps.Items) == 0 {
		t.Fatalf("speakers: %v %v", sps, err)
	}
	sp := sps.Items[0]
	id := strconv.FormatInt(sp.ID, 10)
	_, body := env.get(t, "/search?tab=statements&speaker="+id+"&from=2000-01-01&to=2030-12-31")
	m := regexp.MustCompile(`<a class="over-time" href="([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no Over time link on the search page")
	}
	link := strings.ReplaceAll(m[1], "&amp;", "&")
	u, err := url.Parse(link)
	if err != nil || u.Path != "/attention" || u.Query().Get("speaker") != id || u.Query().Get("from") != "2000-01-01" {
		t.Fatalf("Over time links to %q: the speaker and the range are lost", link)
	}
	status, page := env.get(t, link)
	if status != 200 || !strings.Contains(page, `name="speaker" value="`+id+`"`) || !strings.Contains(page, "speaker: "+sp.Name) {
		t.Fatalf("attention of one speaker: %d; hidden speaker input %v, chip %v", status, strings.Contains(page, `name="speaker"`), strings.Contains(page, "speaker: "+sp.Name))
	}
	if d := regexp.MustCompile(`<a class="dot-link" href="([^"]+)"`).FindStringSubmatch(page); d == nil || !strings.Contains(d[1], "speaker="+id) {
		t.Errorf("a point of the chart does not keep the speaker: %v", d)
	}
	var got struct {
		Series []struct{ Points []struct{ Statements int } }
	}
	_, js := env.get(t, "/api/v1/attention?speaker="+id+"&from=2000-01-01&to=2030-12-31")
	if err := json.Unmarshal([]byte(js), &got); err != nil || len(got.Series) != 1 {
		t.Fatalf("JSON: %v %s", err, js)
	}
	n := 0
	for _, p := range got.Series[0].Points {
		n += p.Statements
	}
	if n != sp.StatementCount {
		t.Errorf("the chart counts %d statements of %s, the speaker has %d", n, sp.Name, sp.StatementCount)
	}
}

// TestAttentionRangeStart: a range that starts mid-week has its first
// week start with the range in the CSV and the JSON, as the caption says
// (the demo's caption said 2018-12-29, its CSV 2018-12-24).
func TestAttentionRangeStart(t *testing.T) {
	env := newEnv(t, nil)
	status, body := env.get(t, "/api/v1/attention?q=said&from=2019-01-02&to=2019-12-31&format=csv")
	if status != 200 {
		t.Fatalf("CSV: %d %s", status, body)
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("CSV: %v %q", err, body)
	}
	if rows[1][2] != "2019-01-02" || rows[1][3] != "2019-01-06" {
		t.Errorf("first week %s to %s, want 2019-01-02 to 2019-01-06", rows[1][2], rows[1][3])
	}
	if rows[2][2] != "2019-01-07" {
		t.Errorf("second week starts %s, want Monday 2019-01-07", rows[2][2])
	}
	_, page := env.get(t, "/attention?q=said&from=2019-01-02&to=2019-12-31")
	if !strings.Contains(page, "2019-01-02 to 2019-12-31") {
		t.Error("the caption does not give the range")
	}
}
