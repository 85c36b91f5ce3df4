package extract

import (
	"strings"
	"testing"
)

// TestThreadKeepsReplies: on a forum thread the replies are the main text,
// so a "3 replies" heading does not end it as it ends an article before
// its comments.
func TestThreadKeepsReplies(t *testing.T) {
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	post := func(who, text string) string {
		return `<div class="post"><div class="author">` + who + `</div><div class="content"><p>` + text + `</p></div></div>`
	}
	page := func(url string) string {
		return `<html><head><title>Which hand plane first?</title></head><body><main>
<h1>Which hand plane first?</h1>` +
			post("maria", "I am starting out with hand tools and can afford one plane this year. Should it be a jack plane or a smoothing plane for a small bench?") +
			`<h2>3 replies</h2>` +
			post("tom", "Get a number five jack plane first. It flattens boards, shoots edges and smooths well enough until you can buy more planes.") +
			post("lee", "I agree with the jack plane. Buy a second-hand one and spend the money you save on a good sharpening stone instead.") +
			post("maria", "Thank you both, a used jack plane it is. I found one at a flea market for a fair price and will report back.") +
			`</main></body></html>`
	}
	tests := []struct {
		name, url   string
		wantReplies bool
	}{
		{"thread", "https://woodwork.test/forum/thread/which-hand-plane-first", true},
		{"article with comments", "https://woodwork.test/2026/which-hand-plane-first", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := x.HTML("plane", []byte(page(tt.url)), tt.url)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(a.Text, "can afford one plane") {
				t.Errorf("first post missing:\n%s", a.Text)
			}
			if got := strings.Contains(a.Text, "sharpening stone"); got != tt.wantReplies {
				t.Errorf("%s (%s): replies kept = %v, want %v:\n%s", tt.name, a.PageType, got, tt.wantReplies, a.Text)
			}
			if strings.Contains(a.Text, "3 replies") {
				t.Errorf("the replies heading stayed:\n%s", a.Text)
			}
		})
	}
}

// TestListKeptOffArticles: the headlines under "Related stories" leave an
// article's text, but on other pages (a listing, a thread) such a list is
// the page's text.
func TestListKeptOffArticles(t *testing.T) {
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	body := "The council voted to close the bridge for repairs next spring.\n\nRelated stories\n\nBridge repairs delayed again\n\nCouncil approves the new budget"
	for _, tt := range []struct {
		article bool
		want    bool
	}{{true, false}, {false, true}} {
		got := strings.Contains(x.cleanBody(body, 0, tt.article).body, "Council approves the new budget")
		if got != tt.want {
			t.Errorf("article=%v: headline kept = %v, want %v", tt.article, got, tt.want)
		}
	}
}
