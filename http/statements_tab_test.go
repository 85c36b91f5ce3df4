package http

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/rapporteur/rapporteur"
)

// The Statements tab of the search page (issue 15): a result count and
// facets, as the Articles tab has.

var countRE = regexp.MustCompile(`<p class="count" role="status">([^<]*)</p>`)

// TestStatementsTabCount: the Statements tab says how many statements
// match, as many as the list holds, and narrows by its facets: a kind
// facet through the kind parameter, a language facet through lang:.
func TestStatementsTabCount(t *testing.T) {
	env := newEnv(t, nil)
	ctx := t.Context()
	all, err := env.store.Statements(ctx, rapporteur.StatementFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	direct := 0
	for _, st := range all.Items {
		if st.Kind == rapporteur.Direct {
			direct++
		}
	}
	_, body := env.get(t, "/search?tab=statements")
	m := countRE.FindStringSubmatch(body)
	if m == nil || m[1] != fmt.Sprintf("%d statements", len(all.Items)) {
		t.Fatalf("count on the Statements tab: %q, want %d statements", m, len(all.Items))
	}
	for _, want := range []string{"<h3>Speaker</h3>", "<h3>Source</h3>", "<h3>Statement kind</h3>", "<h3>Language</h3>"} {
		if !strings.Contains(body, want) {
			t.Errorf("the Statements tab has no %s facet", want)
		}
	}
	// The kind facet's link narrows to direct statements, counted as the
	// facet says.
	link := regexp.MustCompile(`<a href="([^"]*kind=direct[^"]*)"[^>]*>direct</a> <span class="n">([^<]*)</span>`).FindStringSubmatch(body)
	if link == nil || link[2] != fmt.Sprint(direct) {
		t.Fatalf("kind facet direct: %q, want a link counting %d", link, direct)
	}
	_, narrowed := env.get(t, strings.ReplaceAll(link[1], "&amp;", "&"))
	if m := countRE.FindStringSubmatch(narrowed); m == nil || m[1] != fmt.Sprintf("%d statements", direct) {
		t.Errorf("after the kind facet: count %q, want %d statements", m, direct)
	}
	if !strings.Contains(narrowed, `aria-label="Remove filter kind: direct"`) {
		t.Errorf("after the kind facet: no chip for it")
	}
	lang := regexp.MustCompile(`<a href="([^"]*)"[^>]*>English \(en\)</a>`).FindStringSubmatch(body)
	if lang == nil {
		t.Fatal("no English language facet")
	}
	if u, err := url.Parse(strings.ReplaceAll(lang[1], "&amp;", "&")); err != nil || !strings.Contains(u.Query().Get("q"), "lang:en") || u.Query().Get("tab") != "statements" {
		t.Errorf("language facet link %q, want lang:en added to the query on the Statements tab", lang[1])
	}
	// A second page shows no count: it costs and says nothing new.
	if all.Next == "" {
		_, p2 := env.get(t, "/search?tab=statements&limit=2")
		if m := regexp.MustCompile(`href="([^"]*cursor=[^"]*)"`).FindStringSubmatch(p2); m != nil {
			_, next := env.get(t, strings.ReplaceAll(m[1], "&amp;", "&"))
			if countRE.MatchString(next) {
				t.Errorf("a next page of statements shows a count")
			}
		}
	}

	// The facets API gives the same for target=statements.
	var api struct {
		Count      int64 `json:"count"`
		CountExact bool  `json:"count_exact"`
		Speakers   []rapporteur.FacetValue
		Kinds      []rapporteur.FacetValue
	}
	if err := json.Unmarshal([]byte(httpGet(t, env.ts.URL+"/api/v1/facets?target=statements")), &api); err != nil {
		t.Fatal(err)
	}
	if api.Count != int64(len(all.Items)) || !api.CountExact || len(api.Speakers) == 0 || len(api.Kinds) == 0 {
		t.Errorf("statement facets API: %+v, want count %d", api, len(all.Items))
	}
	if st, _ := env.get(t, "/api/v1/facets?target=quotes"); st != 400 {
		t.Errorf("facets of target=quotes: %d, want 400", st)
	}
}

// TestBrowserStatementsTab: on a desktop and a phone, the Statements tab
// shows its count and facets (beside the results on a desktop, under
// them on a phone, never scrolling sideways), and following a speaker
// facet narrows the statements to that speaker, with a chip, as many as
// the facet said.
func TestBrowserStatementsTab(t *testing.T) {
	b := newBrowser(t)
	env := newEnv(t, nil)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	for _, size := range viewports {
		where := fmt.Sprintf("statements tab at %d px", size.w)
		b.do(t, where,
			chromedp.EmulateViewport(size.w, size.h),
			chromedp.Navigate(env.ts.URL+"/search"),
			chromedp.WaitVisible(css(`nav.tabs`)),
			chromedp.Click(css(`nav.tabs a:nth-of-type(2)`)),
			chromedp.WaitVisible(css(`li.statement`)),
			chromedp.WaitVisible(css(`aside.facets`)),
		)
		count := eval[string](t, b, `document.querySelector("p.count").innerText`)
		if !regexp.MustCompile(`^(about )?[\d,]+ statements?$`).MatchString(count) {
			t.Errorf("%s: count %q", where, count)
		}
		groups := eval[[]string](t, b, `[...document.querySelectorAll("aside.facets h3")].map(e => e.innerText)`)
		for _, want := range []string{"Speaker", "Source", "Statement kind", "Language"} {
			if !contains(groups, want) {
				t.Errorf("%s: no %s facet among %v", where, want, groups)
			}
		}
		beside := eval[bool](t, b, `document.querySelector("aside.facets").getBoundingClientRect().left > document.querySelector("div.results").getBoundingClientRect().left + 100`)
		if beside != (size.w > 800) {
			t.Errorf("%s: facets beside the results = %v", where, beside)
		}
		if over := eval[bool](t, b, `document.documentElement.scrollWidth > window.innerWidth`); over {
			t.Errorf("%s: the page scrolls sideways", where)
		}
		b.shot(t, fmt.Sprintf("statements-tab-%d", size.w))
		// The first speaker facet.
		speaker := `[...document.querySelectorAll("aside.facets section")].find(s => s.querySelector("h3").innerText == "Speaker")`
		name := eval[string](t, b, speaker+`.querySelector("li a").innerText`)
		n := eval[string](t, b, speaker+`.querySelector("li .n").innerText`)
		eval[bool](t, b, speaker+`.querySelector("li a").setAttribute("data-pick", "1") || true`)
		b.do(t, where+": follow a speaker",
			chromedp.Click(css(`aside.facets a[data-pick]`)),
			chromedp.WaitVisible(css(`ul.chips li.chip`)),
		)
		if chip := eval[string](t, b, `document.querySelector("li.chip span").innerText`); chip != "speaker: "+name {
			t.Errorf("%s: after following %s the chip says %q", where, name, chip)
		}
		if tab := eval[string](t, b, `document.querySelector("nav.tabs a[aria-current=page]").innerText`); tab != "Statements" {
			t.Errorf("%s: after following a facet the tab is %q", where, tab)
		}
		want := n + " statements"
		if n == "1" {
			want = "1 statement"
		}
		if got := eval[string](t, b, `document.querySelector("p.count").innerText`); got != want {
			t.Errorf("%s: the speaker facet said %s, the narrowed tab counts %q", where, n, got)
		}
		if shown := eval[int](t, b, `document.querySelectorAll("li.statement").length`); fmt.Sprint(shown) != n && !strings.Contains(n, ",") {
			t.Logf("%s: %d statements on the first page, the facet said %s", where, shown, n)
		}
		b.check(t, where)
	}
}

// TestStatementFacetsNotScaled: past the facet sample, an article
// search's facets are scaled to its count ("about N"), but a statement
// search's are given as counted in the sample, since one article's
// statements come together: an interview of 162 statements among the
// newest 1,000 of 4,300 would read "about 700".
func TestStatementFacetsNotScaled(t *testing.T) {
	u, _ := url.Parse("/search?q=said")
	fs := &rapporteur.Facets{Sample: 1000, Speakers: []rapporteur.FacetValue{{ID: 7, Name: "Wayne Tseng", Count: 162}}}
	for _, c := range []struct {
		statements  bool
		count, note string
	}{
		{false, "about 700", "Estimated from the newest 1,000 matches."},
		{true, "162", "Counted in the newest 1,000 matching statements."},
	} {
		p := buildFacets(u, fs, 4300, false, c.statements)
		if got := p.Groups[0].Values[0].Count; got != c.count || p.Note != c.note {
			t.Errorf("statements %v: speaker count %q, note %q; want %q, %q", c.statements, got, p.Note, c.count, c.note)
		}
	}
}
