package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/rapporteur/rapporteur/internal/browsertest"
)

// TestBrowserServeDemo is the README's first command seen through a real
// browser: `serve --demo` on a loopback port, then a reader searches,
// opens an article with its highlighted statements, a speaker, a story,
// and analyzes pasted text.
func TestBrowserServeDemo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	base, stderr, stop := startServe(t, "--demo", "--db", db, "--addr", "127.0.0.1:0", "--no-poll")
	base = strings.TrimSuffix(base, "/")

	ctx := browsertest.New(t, 2*time.Minute)

	shots := t.TempDir()
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	do := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v\nserver log:\n%s", what, err, stderr)
		}
	}
	count := func(selector string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+quoteJS(selector)+`).length`))
		if err != nil {
			t.Fatalf("count %s: %v", selector, err)
		}
		return n
	}
	text := func(expr string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatalf("evaluate %s: %v", expr, err)
		}
		return s
	}
	shot := func(name string) {
		t.Helper()
		buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		p := filepath.Join(shots, name+".png")
		if err := os.WriteFile(p, buf, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", p)
	}

	// Home page, then a search from the header box for a word every
	// news corpus has.
	do("home", chromedp.Navigate(base+"/"), chromedp.WaitVisible(css(`header form.search`)))
	shot("home")
	do("search",
		chromedp.SetValue(css(`header input[name=q]`), "said"),
		chromedp.Submit(css(`header form.search`)),
		chromedp.WaitVisible(css(`ul.items li.item`)),
	)
	if n := count(`ul.items li.item`); n == 0 {
		t.Fatal("search for 'said' in the demo corpus shows no results")
	}
	shot("search")

	// The first result opens on its article, statements highlighted.
	do("open article",
		chromedp.Click(css(`ul.items a.title`)),
		chromedp.WaitVisible(css(`article.body mark.st`)),
	)
	if !strings.Contains(text(`location.pathname`), "/articles/") {
		t.Errorf("the search result opened %s, not an article page", text(`location.href`))
	}
	if n := count(`article.body mark.st`); n == 0 {
		t.Fatal("article page has no highlighted statements")
	}
	shot("article")

	// A speaker page from the article's who-said-what list.
	speaker := text(`document.querySelector("aside .speaker-group h3 a").innerText`)
	do("speaker page",
		chromedp.Click(css(`aside .speaker-group h3 a`)),
		chromedp.WaitVisible(css(`main h1`)),
	)
	if !strings.Contains(text(`location.pathname`), "/speakers/") {
		t.Errorf("the speaker link opened %s, not a speaker page", text(`location.href`))
	}
	if h1 := text(`document.querySelector("main h1").innerText`); strings.TrimSpace(h1) == "" || !strings.Contains(speaker, strings.TrimSpace(h1)) && !strings.Contains(h1, strings.TrimSpace(speaker)) {
		t.Errorf("speaker page is headed %q, after a click on %q", h1, speaker)
	}
	shot("speaker")

	// Stories: the demo corpus links articles into stories at load.
	do("stories", chromedp.Navigate(base+"/stories"), chromedp.WaitVisible(css(`main h1`)))
	if n := count(`ul.items li.item a.title`); n == 0 {
		t.Fatalf("/stories lists no story for the demo corpus:\n%.500s", text(`document.body.innerText`))
	}
	shot("stories")
	do("story page",
		chromedp.Click(css(`ul.items li.item a.title`)),
		chromedp.WaitVisible(css(`section.timeline-list`)),
	)
	if n := count(`section.timeline-list ol.items li.item`); n < 2 {
		t.Errorf("story page shows %d articles in its timeline, want at least 2", n)
	}
	shot("story")

	// Analyze pasted text: its statements are listed and highlighted.
	pasted := "Bridge reopens after repairs\n\n" +
		"The city's mayor, Anna Berg, said on Monday that the old bridge would reopen in May.\n\n" +
		"\"We finished the work ahead of time,\" said Tom Reyes, the chief engineer."
	do("analyze",
		chromedp.Navigate(base+"/analyze"),
		chromedp.WaitVisible(css(`textarea#text`)),
		chromedp.SetValue(css(`textarea#text`), pasted),
		chromedp.Click(css(`form.stack button[type=submit]`)),
		chromedp.WaitVisible(css(`h2.result-title`)),
	)
	if n := count(`article.body mark.st`); n < 2 {
		t.Errorf("analyze shows %d highlighted statements for text with two, want 2", n)
	}
	if page := text(`document.body.innerText`); !strings.Contains(page, "Tom Reyes") || !strings.Contains(page, "Anna Berg") {
		t.Errorf("analyze does not name both speakers:\n%.800s", page)
	}
	shot("analyze")

	if err := stop(); err != nil {
		t.Errorf("serve did not stop cleanly: %v", err)
	}
}

// quoteJS quotes s as a JavaScript string literal; the selectors here
// hold no quote or backslash, which the replacer still guards.
func quoteJS(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
