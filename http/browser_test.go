package http

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/rapporteur/rapporteur/internal/browsertest"
)

// browser is a headless chromium driven through chromedp, recording what
// a user would notice going wrong: dialogs (alert, confirm, prompt) and
// console errors, which is where CSP violations are reported.
type browser struct {
	ctx   context.Context
	shots string // directory of the screenshots

	mu       sync.Mutex
	dialogs  []string
	problems []string
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	ctx := browsertest.New(t, 3*time.Minute)
	// Screenshots go to the test's temp dir, or to RAPPORTEUR_SCREENSHOTS
	// to keep them after the test.
	shots := os.Getenv("RAPPORTEUR_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	b := &browser{ctx: ctx, shots: shots}
	err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *page.EventJavascriptDialogOpening:
			b.mu.Lock()
			b.dialogs = append(b.dialogs, string(ev.Type)+": "+ev.Message)
			b.mu.Unlock()
			// A dialog blocks the page; close it from another goroutine,
			// as a listener must not run commands.
			go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
				b.problem("console " + string(ev.Type))
			}
		case *runtime.EventExceptionThrown:
			b.problem("exception: " + ev.ExceptionDetails.Text)
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError || ev.Entry.Level == log.EntryLevelWarning {
				b.problem(fmt.Sprintf("%s %s: %s (%s)", ev.Entry.Source, ev.Entry.Level, ev.Entry.Text, ev.Entry.URL))
			}
		}
	})
	if err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	for _, cmd := range []cdp.Command[cdp.Empty, cdp.Empty]{log.Enable, runtime.Enable} {
		if _, err := chromedp.Call(ctx, cmd, cdp.Empty{}); err != nil {
			t.Fatalf("enable %s: %v", cmd.Method, err)
		}
	}
	return b
}

func (b *browser) problem(s string) {
	b.mu.Lock()
	b.problems = append(b.problems, s)
	b.mu.Unlock()
}

// do runs actions and fails the test on error.
func (b *browser) do(t *testing.T, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates a JavaScript expression through the DevTools protocol
// (which the page's CSP does not govern; the pages themselves run none).
func eval[T any](t *testing.T, b *browser, expr string) T {
	t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// shot saves a full-page screenshot as PNG and logs where.
func (b *browser) shot(t *testing.T, name string) {
	t.Helper()
	buf, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	p := filepath.Join(b.shots, name+".png")
	if err := os.WriteFile(p, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", p)
}

// check reports the dialogs and console problems seen since the last
// check.
func (b *browser) check(t *testing.T, where string) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, d := range b.dialogs {
		t.Errorf("%s: a dialog opened: %s", where, d)
	}
	for _, p := range b.problems {
		t.Errorf("%s: %s", where, p)
	}
	b.dialogs, b.problems = nil, nil
}

func TestBrowser(t *testing.T) {
	b := newBrowser(t)
	env := newEnv(t, nil)
	hostile := loadHostile(t, env.store)
	base := env.ts.URL
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }

	// Home.
	b.do(t, "home", chromedp.Navigate(base+"/"), chromedp.WaitVisible(css(".stats")))
	if title := eval[string](t, b, `document.title`); title != "rapporteur" {
		t.Errorf("home title %q", title)
	}
	b.shot(t, "home")
	b.check(t, "home")

	// Search from the box.
	b.do(t, "search",
		chromedp.SetValue(css(`header input[name=q]`), "said"),
		chromedp.Submit(css(`header form.search`)),
		chromedp.WaitVisible(css(`ul.items li.item`)),
	)
	if n := eval[int](t, b, `document.querySelectorAll("ul.items li.item").length`); n == 0 {
		t.Fatal("search for 'said' shows no results")
	}
	b.shot(t, "search")
	b.do(t, "statements tab",
		chromedp.Click(css(`nav.tabs a[href*="tab=statements"]`)),
		chromedp.WaitVisible(css(`li.statement`)),
	)
	b.check(t, "search")

	// Open the first article of the results.
	b.do(t, "open article",
		chromedp.Navigate(base+"/search?q=said"),
		chromedp.WaitVisible(css(`ul.items a.title`)),
		chromedp.Click(css(`ul.items a.title`)),
		chromedp.WaitVisible(css(`article.body mark.st`)),
	)
	if n := eval[int](t, b, `document.querySelectorAll("article.body mark.st").length`); n == 0 {
		t.Fatal("article page has no highlighted statements")
	}
	// Focusing a highlight (what a tap does) shows its tooltip.
	b.do(t, "focus a highlight", chromedp.Focus(css(`article.body mark.st`)))
	display := eval[string](t, b, `getComputedStyle(document.activeElement.querySelector(".tip")).display`)
	tip := eval[string](t, b, `document.activeElement.querySelector(".tip").innerText`)
	if display != "block" || tip == "" {
		t.Errorf("focused highlight shows tooltip display=%q text=%q", display, tip)
	}
	b.shot(t, "article")
	b.check(t, "article")

	// A speaker page from the article's statement list.
	b.do(t, "speaker page",
		chromedp.Click(css(`aside .speaker-group h3 a`)),
		chromedp.WaitVisible(css(`figure.timeline svg`)),
	)
	if n := eval[int](t, b, `document.querySelectorAll("figure.timeline rect.bar").length`); n == 0 {
		t.Error("speaker timeline has no bars")
	}
	b.shot(t, "speaker")
	b.check(t, "speaker")

	// Analyze a pasted article on a phone-sized screen.
	text, err := os.ReadFile("../testdata/wikinews/" + wikinewsArticles(t)[0].File)
	if err != nil {
		t.Fatal(err)
	}
	b.do(t, "analyze",
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(base+"/analyze"),
		chromedp.WaitVisible(css(`textarea#text`)),
		chromedp.SetValue(css(`textarea#text`), string(text)),
		chromedp.Click(css(`form.stack button[type=submit]`)),
		chromedp.WaitVisible(css(`h2.result-title`)),
	)
	if n := eval[int](t, b, `document.querySelectorAll("article.body mark.st").length`); n == 0 {
		t.Error("analyze shows no highlighted statements")
	}
	if w := eval[int](t, b, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("analyze page is %d px wide on a 390 px screen: it scrolls sideways", w)
	}
	// On a phone, a tapped highlight's tooltip stays on the screen.
	b.do(t, "tap a highlight", chromedp.Focus(css(`article.body mark.st`)))
	if right := eval[float64](t, b, `document.activeElement.querySelector(".tip").getBoundingClientRect().right`); right > 390 || right <= 0 {
		t.Errorf("tooltip on a phone ends at x=%v, off a 390 px screen", right)
	}
	b.shot(t, "analyze-phone")
	b.check(t, "analyze")
	b.do(t, "desktop", chromedp.EmulateViewport(1280, 900))

	// The hostile corpus: no dialog, no script, no CSP report.
	pages := []string{"/search?q=hostile", "/search?q=payload&tab=statements", "/speakers", "/sources", "/"}
	for _, id := range hostile {
		pages = append(pages, fmt.Sprintf("/articles/%d", id))
	}
	for _, p := range pages {
		b.do(t, "hostile "+p, chromedp.Navigate(base+p), chromedp.WaitReady(css("body")))
		if n := eval[int](t, b, `document.scripts.length + document.querySelectorAll("iframe,object,embed,img,style,base").length`); n != 0 {
			t.Errorf("%s: %d script, frame, image, style or base elements in the page", p, n)
		}
		// Hover and focus everything, as a curious reader would.
		eval[bool](t, b, `(() => {
			for (const m of document.querySelectorAll("mark, a, details, span")) {
				m.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
				m.focus();
			}
			return true })()`)
	}
	time.Sleep(300 * time.Millisecond) // let late dialogs and reports arrive
	b.shot(t, "hostile-article")
	b.check(t, "hostile corpus")
}
