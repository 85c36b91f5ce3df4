package http

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserAttentionPhone: on a phone the attention chart is tall enough
// to read (the demo's was about 5 px high at 390 px) and its axis labels
// stay inside it (the last month was cut to "De").
func TestBrowserAttentionPhone(t *testing.T) {
	b := newBrowser(t)
	env := newEnv(t, nil)
	for _, size := range []struct{ w, h int64 }{{1280, 900}, {390, 844}} {
		where := fmt.Sprintf("attention at %d px", size.w)
		b.do(t, where,
			chromedp.EmulateViewport(size.w, size.h),
			chromedp.Navigate(env.ts.URL+"/attention?q=said&from=2019-01-01&to=2020-12-31"),
			chromedp.WaitVisible(chromedp.CSS(`figure.attention svg`)),
		)
		if h := eval[float64](t, b, `document.querySelector("figure.attention svg").getBoundingClientRect().height`); h < 120 {
			t.Errorf("%s: the chart is %.0f px high", where, h)
		}
		// Every visible label ends within the drawing.
		cut := eval[string](t, b, `(() => {
			const svg = document.querySelector("figure.attention svg").getBoundingClientRect();
			for (const l of document.querySelectorAll("figure.attention text.lbl")) {
				const r = l.getBoundingClientRect();
				if (r.width > 0 && (r.right > svg.right + 0.5 || r.left < svg.left - 0.5)) return l.textContent + " " + r.left + ".." + r.right + " of " + svg.left + ".." + svg.right;
			}
			return "";
		})()`)
		if cut != "" {
			t.Errorf("%s: a label sticks out of the chart: %s", where, cut)
		}
		if over := eval[bool](t, b, `document.documentElement.scrollWidth > window.innerWidth`); over {
			t.Errorf("%s: the page scrolls sideways", where)
		}
		b.shot(t, fmt.Sprintf("attention-%d", size.w))
	}
}
