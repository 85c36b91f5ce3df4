package http

import (
	"fmt"
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserSearchChips: in a real browser, on a desktop and a phone
// screen, the search page shows its count, sort control and a filter of
// the URL as a chip; the chip fits the screen, its × is large enough to
// tap, and tapping it drops the filter and keeps the search (issue 15).
func TestBrowserSearchChips(t *testing.T) {
	b := newBrowser(t)
	env := newEnv(t, nil)
	a, err := env.store.Article(t.Context(), 1)
	if err != nil || a.Source == nil {
		t.Fatalf("article 1: %v", err)
	}
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	for _, size := range []struct{ w, h int64 }{{1280, 900}, {390, 844}} {
		where := fmt.Sprintf("search at %d px", size.w)
		b.do(t, where,
			chromedp.EmulateViewport(size.w, size.h),
			chromedp.Navigate(fmt.Sprintf("%s/search?q=said&source=%d", env.ts.URL, a.Source.ID)),
			chromedp.WaitVisible(css(`ul.chips li.chip a`)),
		)
		if got := eval[string](t, b, `document.querySelector("li.chip span").innerText`); got != "source: "+a.Source.Name {
			t.Errorf("%s: chip says %q", where, got)
		}
		if got := eval[string](t, b, `document.querySelector("p.count").innerText`); got == "" {
			t.Errorf("%s: no result count", where)
		}
		if n := eval[int](t, b, `document.querySelectorAll("nav.sort a").length`); n != 3 {
			t.Errorf("%s: %d sort choices, want 3", where, n)
		}
		// Nothing sticks out sideways, and the × is a real target.
		if over := eval[bool](t, b, `document.documentElement.scrollWidth > window.innerWidth`); over {
			t.Errorf("%s: the page scrolls sideways", where)
		}
		if chipRight := eval[float64](t, b, `document.querySelector("li.chip").getBoundingClientRect().right`); chipRight > float64(size.w) {
			t.Errorf("%s: the chip ends at %.0f px, past the screen", where, chipRight)
		}
		if h := eval[float64](t, b, `document.querySelector("li.chip a").getBoundingClientRect().height`); h < 20 {
			t.Errorf("%s: the × is %.0f px high, too small to tap", where, h)
		}
		b.shot(t, fmt.Sprintf("search-chip-%d", size.w))
		b.do(t, where+": remove the chip",
			chromedp.Click(css(`li.chip a`)),
			chromedp.WaitNotPresent(css(`ul.chips`)),
			chromedp.WaitVisible(css(`ul.items li.item`)),
		)
		u, err := url.Parse(eval[string](t, b, `location.href`))
		if err != nil || u.Query().Has("source") || u.Query().Get("q") != "said" {
			t.Errorf("%s: after removing the chip the page is %v", where, u)
		}
		b.do(t, where+": sort oldest first",
			chromedp.Click(css(`nav.sort a[href*="order=oldest"]`)),
			chromedp.WaitVisible(css(`nav.sort a[aria-current][href*="order=oldest"]`)),
		)
		b.check(t, where)
	}
}
