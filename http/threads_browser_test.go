package http

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserThread: in a real browser, on a desktop and a phone screen,
// a story's Thread view shows the accusation, the denial indented under
// it and the answer indented under the denial, each with its act and
// target; nothing sticks out sideways; following "answers …" leads to
// the statement answered (issue 11).
func TestBrowserThread(t *testing.T) {
	b := newBrowser(t)
	env := newEnv(t, nil)
	id := threadStory(t, env)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	for _, size := range []struct{ w, h int64 }{{1280, 900}, {390, 844}} {
		where := fmt.Sprintf("thread at %d px", size.w)
		b.do(t, where,
			chromedp.EmulateViewport(size.w, size.h),
			chromedp.Navigate(fmt.Sprintf("%s/stories/%d", env.ts.URL, id)),
			chromedp.WaitVisible(css(`nav.views a[href$="/thread"]`)),
			chromedp.Click(css(`nav.views a[href$="/thread"]`)),
			chromedp.WaitVisible(css(`ol.thread li.th`)),
		)
		acts := eval[[]string](t, b, `[...document.querySelectorAll("ol.thread li.th .act")].map(e => e.innerText.toLowerCase())`)
		if fmt.Sprint(acts) != "[accuse deny criticize]" {
			t.Errorf("%s: acts in order %v, want accuse, deny, criticize", where, acts)
		}
		// Each reply starts to the right of what it answers.
		lefts := eval[[]float64](t, b, `[...document.querySelectorAll("ol.thread li.th")].map(e => e.getBoundingClientRect().left)`)
		if len(lefts) != 3 || !(lefts[0] < lefts[1] && lefts[1] < lefts[2]) {
			t.Errorf("%s: left edges %v, want each reply indented further", where, lefts)
		}
		if got := eval[string](t, b, `document.querySelectorAll("ol.thread li.th")[1].innerText`); !strings.Contains(got, "→ UN report") || !strings.Contains(got, "1 wire copy folded") {
			t.Errorf("%s: the denial reads %q, want its target and the folded copy", where, got)
		}
		if over := eval[bool](t, b, `document.documentElement.scrollWidth > window.innerWidth`); over {
			t.Errorf("%s: the page scrolls sideways", where)
		}
		if right := eval[float64](t, b, `Math.max(...[...document.querySelectorAll("ol.thread li.th")].map(e => e.getBoundingClientRect().right))`); right > float64(size.w) {
			t.Errorf("%s: a statement ends at %.0f px, past the screen", where, right)
		}
		b.shot(t, fmt.Sprintf("thread-%d", size.w))
		b.do(t, where+": follow what the answer answers",
			chromedp.Click(css(`ol.thread li.th.d2 .answers a`)),
		)
		if hash, want := eval[string](t, b, `location.hash`), eval[string](t, b, `"#" + document.querySelectorAll("ol.thread li.th")[1].id`); hash != want {
			t.Errorf("%s: following the answer's link lands on %q, want the denial %q", where, hash, want)
		}
		b.check(t, where)
	}
}
