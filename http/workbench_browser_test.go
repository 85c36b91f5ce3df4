package http

import (
	"fmt"
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/rapporteur/rapporteur"
)

// viewports are the screens every workbench page is tried on: a desktop
// and a phone.
var viewports = []struct{ w, h int64 }{{1280, 900}, {390, 844}}

// busiestSpeaker returns the id of the most quoted speaker of the test
// corpus, whose timeline has the most bars.
func busiestSpeaker(t *testing.T, env *testEnv) int64 {
	t.Helper()
	p, err := env.store.Speakers(t.Context(), rapporteur.SpeakerFilter{Limit: 1})
	if err != nil || len(p.Items) == 0 {
		t.Fatalf("speakers: %v", err)
	}
	return p.Items[0].ID
}

// TestBrowserTimeline: on a desktop and a phone, the speaker timeline's
// bars are links a keyboard reaches, its axis labels are large enough to
// read, and clicking a bar lists that period's statements (issue 15).
func TestBrowserTimeline(t *testing.T) {
	b := newBrowser(t)
	env := newEnv(t, nil)
	id := busiestSpeaker(t, env)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	for _, size := range viewports {
		where := fmt.Sprintf("speaker timeline at %d px", size.w)
		b.do(t, where,
			chromedp.EmulateViewport(size.w, size.h),
			chromedp.Navigate(fmt.Sprintf("%s/speakers/%d", env.ts.URL, id)),
			chromedp.WaitVisible(css(`figure.timeline svg a.bar-link`)),
		)
		if n := eval[int](t, b, `document.querySelectorAll("figure.timeline text.tick").length`); n == 0 {
			t.Errorf("%s: no labels on the time axis", where)
		}
		// The labels shown are readable: at least 9 px high on the screen.
		if h := eval[float64](t, b, `Math.min(...[...document.querySelectorAll("figure.timeline text.lbl")]
			.filter(e => getComputedStyle(e).display != "none").map(e => e.getBoundingClientRect().height))`); h < 9 {
			t.Errorf("%s: axis labels are %.1f px high", where, h)
		}
		// Shown labels do not overlap.
		if overlap := eval[bool](t, b, `(() => {
			const r = [...document.querySelectorAll("figure.timeline text.tick")].filter(e => getComputedStyle(e).display != "none")
				.map(e => e.getBoundingClientRect());
			for (let i = 1; i < r.length; i++) if (r[i].left < r[i-1].right) return true;
			return false })()`); overlap {
			t.Errorf("%s: axis labels overlap", where)
		}
		// The keyboard reaches a bar: tab until one has the focus.
		reached := false
		for range 60 {
			b.do(t, where+": tab", chromedp.KeyEvent("\t"))
			if eval[bool](t, b, `document.activeElement.matches("a.bar-link")`) {
				reached = true
				break
			}
		}
		if !reached {
			t.Fatalf("%s: 60 presses of Tab never reach a timeline bar", where)
		}
		if o := eval[string](t, b, `getComputedStyle(document.activeElement.querySelector("rect.hit")).stroke`); o == "none" || o == "" {
			t.Errorf("%s: a focused bar shows no outline (stroke %q)", where, o)
		}
		label := eval[string](t, b, `document.activeElement.getAttribute("aria-label")`)
		b.shot(t, fmt.Sprintf("timeline-%d", size.w))
		b.do(t, where+": click a bar",
			chromedp.Click(css(`figure.timeline a.bar-link:last-of-type rect.hit`)),
			chromedp.WaitVisible(css(`li.statement`)),
		)
		u, err := url.Parse(eval[string](t, b, `location.href`))
		if err != nil || u.Path != "/search" || u.Query().Get("tab") != "statements" || u.Query().Get("speaker") != fmt.Sprint(id) ||
			u.Query().Get("from") == "" || u.Query().Get("to") == "" {
			t.Errorf("%s: the bar (%s) led to %v", where, label, u)
		}
		b.check(t, where)
	}
}

// TestBrowserFacets: the search page's facets show beside the results on a
// desktop and under them on a phone, each with a count, and following one
// narrows the search and shows the filter as a chip (issue 15).
func TestBrowserFacets(t *testing.T) {
	b := newBrowser(t)
	env := newEnv(t, nil)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	for _, size := range viewports {
		where := fmt.Sprintf("facets at %d px", size.w)
		b.do(t, where,
			chromedp.EmulateViewport(size.w, size.h),
			chromedp.Navigate(env.ts.URL+"/search?q=said"),
			chromedp.WaitVisible(css(`aside.facets`)),
		)
		groups := eval[[]string](t, b, `[...document.querySelectorAll("aside.facets h3")].map(e => e.innerText)`)
		for _, want := range []string{"Source", "Speaker", "Language", "Statement kind"} {
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
		count := eval[string](t, b, `document.querySelector("aside.facets section li .n").innerText`)
		name := eval[string](t, b, `document.querySelector("aside.facets section li a").innerText`)
		b.shot(t, fmt.Sprintf("facets-%d", size.w))
		b.do(t, where+": follow a source",
			chromedp.Click(css(`aside.facets section li a`)),
			chromedp.WaitVisible(css(`ul.chips li.chip`)),
		)
		if chip := eval[string](t, b, `document.querySelector("li.chip span").innerText`); chip != "source: "+name {
			t.Errorf("%s: after following %s (%s) the chip says %q", where, name, count, chip)
		}
		if got := eval[string](t, b, `document.querySelector("p.count").innerText`); got != count+" articles" && got != count+" article" && "about "+got != count {
			t.Logf("%s: facet said %s, the narrowed search counts %s", where, count, got)
		}
		b.check(t, where)
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// TestBrowserAccessibility: every page has one h1, a skip link that the
// first Tab reaches and that leads to the content, a label for every form
// control, and a visible outline on what has the focus (issue 15).
func TestBrowserAccessibility(t *testing.T) {
	b := newBrowser(t)
	env := newEnv(t, nil)
	id := busiestSpeaker(t, env)
	pages := []string{"/", "/search?q=said", "/search?q=said&tab=statements", "/help/search", "/articles/1",
		fmt.Sprintf("/speakers/%d", id), "/speakers", "/sources", "/sources/1", "/stories", "/analyze", "/feeds", "/saved", "/login", "/attention?q=said"}
	for _, size := range viewports {
		for _, p := range pages {
			where := fmt.Sprintf("%s at %d px", p, size.w)
			b.do(t, where, chromedp.EmulateViewport(size.w, size.h), chromedp.Navigate(env.ts.URL+p), chromedp.WaitReady(chromedp.CSS("body")))
			if n := eval[int](t, b, `document.querySelectorAll("h1").length`); n != 1 {
				t.Errorf("%s: %d h1 elements, want 1", where, n)
			}
			unlabelled := eval[[]string](t, b, `[...document.querySelectorAll("input, select, textarea")]
				.filter(e => e.type != "hidden" && !e.getAttribute("aria-label") && !e.getAttribute("aria-labelledby") &&
					!(e.id && document.querySelector("label[for='" + e.id + "']")) && !e.closest("label"))
				.map(e => e.outerHTML)`)
			for _, u := range unlabelled {
				t.Errorf("%s: a form control without a label: %s", where, u)
			}
			b.do(t, where+": tab", chromedp.KeyEvent("\t"))
			if !eval[bool](t, b, `document.activeElement.matches("a.skip")`) {
				t.Errorf("%s: the first Tab focuses %s, not the skip link", where, eval[string](t, b, `document.activeElement.outerHTML.slice(0, 80)`))
				continue
			}
			if s := eval[string](t, b, `getComputedStyle(document.activeElement).outlineStyle`); s == "none" {
				t.Errorf("%s: the focused skip link has no outline", where)
			}
			if top := eval[float64](t, b, `document.activeElement.getBoundingClientRect().top`); top < 0 {
				t.Errorf("%s: the focused skip link stays off the screen", where)
			}
			b.do(t, where+": skip", chromedp.KeyEvent("\r"))
			if !eval[bool](t, b, `location.hash == "#main"`) {
				t.Errorf("%s: the skip link does not lead to the content", where)
			}
			// The next Tab focuses something in the content (when it has
			// a link or a control), outlined.
			if !eval[bool](t, b, `!!document.querySelector("main a[href], main button, main input, main select, main textarea, main summary")`) {
				b.check(t, where)
				continue
			}
			b.do(t, where+": tab into the content", chromedp.KeyEvent("\t"))
			if in := eval[bool](t, b, `document.querySelector("main").contains(document.activeElement)`); !in {
				t.Errorf("%s: after skipping, Tab focuses %s", where, eval[string](t, b, `document.activeElement.outerHTML.slice(0, 80)`))
			} else if s := eval[string](t, b, `getComputedStyle(document.activeElement).outlineStyle + getComputedStyle(document.activeElement).textDecorationLine`); s == "none" || s == "nonenone" {
				t.Errorf("%s: the focused %s shows no outline", where, eval[string](t, b, `document.activeElement.tagName`))
			}
			b.check(t, where)
		}
	}
}

// TestBrowserAttention: on a desktop and a phone, the attention page
// compares two searches as lines, shows a point's value on hover, and
// clicking a point narrows the search to its week (issue 15).
func TestBrowserAttention(t *testing.T) {
	b := newBrowser(t)
	env := newEnv(t, nil)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	for _, size := range viewports {
		where := fmt.Sprintf("attention at %d px", size.w)
		b.do(t, where,
			chromedp.EmulateViewport(size.w, size.h),
			chromedp.Navigate(env.ts.URL+"/attention?q=said&q=trump&from=2019-01-01&to=2019-12-31"),
			chromedp.WaitVisible(css(`figure.attention svg a.dot-link`)),
		)
		if n := eval[int](t, b, `document.querySelectorAll("figure.attention polyline.line").length`); n != 4 {
			t.Errorf("%s: %d lines, want 4", where, n)
		}
		if over := eval[bool](t, b, `document.documentElement.scrollWidth > window.innerWidth`); over {
			t.Errorf("%s: the page scrolls sideways", where)
		}
		if h := eval[float64](t, b, `Math.min(...[...document.querySelectorAll("figure.attention text.lbl")]
			.filter(e => getComputedStyle(e).display != "none").map(e => e.getBoundingClientRect().height))`); h < 9 {
			t.Errorf("%s: axis labels are %.1f px high", where, h)
		}
		title := eval[string](t, b, `document.querySelector("figure.attention a.dot-link title").textContent`)
		b.shot(t, fmt.Sprintf("attention-%d", size.w))
		b.do(t, where+": click a point",
			chromedp.Click(css(`figure.attention a.dot-link circle.hit`)),
			chromedp.WaitVisible(css(`ul.chips li.chip`)),
		)
		u, err := url.Parse(eval[string](t, b, `location.href`))
		if err != nil || u.Path != "/search" || u.Query().Get("from") == "" || u.Query().Get("to") == "" || u.Query().Get("q") == "" {
			t.Errorf("%s: the point (%s) led to %v", where, title, u)
		}
		if n := eval[int](t, b, `document.querySelectorAll("ul.items li.item").length`); n == 0 {
			t.Errorf("%s: the point (%s) led to no articles", where, title)
		}
		b.check(t, where)
	}
}
