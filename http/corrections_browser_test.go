package http

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserCorrections: in a real browser, on a desktop and a phone
// screen, a logged-in user merges Hunter Biden into Joe Biden with the
// correction page's form (no script runs on the page), lands on Joe's
// correction page told it merged, and finds the merge, with the name
// given, on the corrections page; neither page scrolls sideways and the
// form's fields are wide enough to use. The speaker list's type menu fits
// the screen and filters (issue 10).
func TestBrowserCorrections(t *testing.T) {
	b := newBrowser(t)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	for _, size := range []struct{ w, h int64 }{{1280, 900}, {390, 844}} {
		env, joe, hunter := bidenEnv(t)
		base := env.ts.URL
		where := fmt.Sprintf("corrections at %d px", size.w)
		b.do(t, where+": log in",
			chromedp.EmulateViewport(size.w, size.h),
			chromedp.Navigate(fmt.Sprintf("%s/login?next=/speakers/%d/correct", base, hunter)),
			chromedp.WaitVisible(css(`input#token`)),
			chromedp.SetValue(css(`input#token`), testToken),
			chromedp.Submit(css(`form.stack`)),
			chromedp.WaitVisible(css(`input#merge-into`)),
		)
		if over := eval[bool](t, b, `document.documentElement.scrollWidth > window.innerWidth`); over {
			t.Errorf("%s: the correction page scrolls sideways", where)
		}
		if w := eval[float64](t, b, `document.querySelector("input#merge-into").getBoundingClientRect().width`); w < 200 {
			t.Errorf("%s: the merge field is %.0f px wide, too narrow to paste an address", where, w)
		}
		b.shot(t, fmt.Sprintf("correct-%d", size.w))
		b.do(t, where+": merge",
			chromedp.SetValue(css(`input#merge-into`), fmt.Sprintf("%s/speakers/%d", base, joe)),
			chromedp.SetValue(css(`input#merge-by`), "Ana"),
			chromedp.Click(css(`form[action$="/merge"] button[type=submit]`)),
			chromedp.WaitVisible(css(`p.ok`)),
		)
		if got := eval[string](t, b, `location.pathname`); got != fmt.Sprintf("/speakers/%d/correct", joe) {
			t.Errorf("%s: after the merge the browser is on %s, want Joe Biden's correction page", where, got)
		}
		if msg := eval[string](t, b, `document.querySelector("p.ok").innerText`); !strings.HasPrefix(msg, "Merged") {
			t.Errorf("%s: the page says %q", where, msg)
		}
		b.do(t, where+": the corrections list",
			chromedp.Navigate(base+"/corrections"),
			chromedp.WaitVisible(css(`li.correction`)),
		)
		line := eval[string](t, b, `document.querySelector("li.correction").innerText`)
		for _, want := range []string{"merge", "Hunter Biden into Joe Biden", "by Ana"} {
			if !strings.Contains(line, want) {
				t.Errorf("%s: the corrections list reads %q, want %q in it", where, line, want)
			}
		}
		if over := eval[bool](t, b, `document.documentElement.scrollWidth > window.innerWidth`); over {
			t.Errorf("%s: the corrections page scrolls sideways", where)
		}
		b.shot(t, fmt.Sprintf("corrections-%d", size.w))
		// The merged speaker's old address leads to Joe Biden.
		b.do(t, where+": the merged speaker's address",
			chromedp.Navigate(fmt.Sprintf("%s/speakers/%d", base, hunter)),
			chromedp.WaitVisible(css(`h1`)),
		)
		if h := eval[string](t, b, `document.querySelector("h1").innerText`); h != "Joe Biden" {
			t.Errorf("%s: the merged speaker's page is %q, want Joe Biden", where, h)
		}
		// The speaker list's type menu fits the screen and filters.
		b.do(t, where+": the speaker list by type",
			chromedp.Navigate(base+"/speakers"),
			chromedp.WaitVisible(css(`form.filter select[name=type]`)),
			chromedp.SetValue(css(`form.filter select[name=type]`), "person"),
			chromedp.Submit(css(`form.filter`)),
			chromedp.WaitVisible(css(`ul.items li.item`)),
		)
		if got := eval[string](t, b, `location.search`); got != "?q=&type=person" {
			t.Errorf("%s: the type menu went to %q", where, got)
		}
		if over := eval[bool](t, b, `document.documentElement.scrollWidth > window.innerWidth`); over {
			t.Errorf("%s: the speaker list scrolls sideways", where)
		}
		if r := eval[float64](t, b, `document.querySelector("form.filter button").getBoundingClientRect().right`); r > float64(size.w) {
			t.Errorf("%s: the speaker list's Find button ends at %.0f px, past the screen", where, r)
		}
		if h := eval[float64](t, b, `document.querySelector("form.filter select").getBoundingClientRect().height`); h < 24 {
			t.Errorf("%s: the type menu is %.0f px high, too small to tap", where, h)
		}
		b.shot(t, fmt.Sprintf("speakers-type-%d", size.w))
		b.check(t, where)
	}
}
