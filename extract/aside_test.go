package extract

import (
	"strings"
	"testing"
)

// asidePage is a blog post whose article element also holds a box and, in
// it, the box's text; comments a block of readers' comments after it.
func asidePage(boxTag, boxClass, box, comments string) string {
	para := "The council voted on Tuesday to rebuild the old harbour wall before the winter storms, after two years of studies and a public consultation that drew more than four hundred replies. "
	return `<html><head><title>Harbour wall to be rebuilt</title>
<meta property="og:type" content="article"></head>
<body><header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<main><article><h1>Harbour wall to be rebuilt</h1>
<p>` + para + `</p><p>` + strings.Repeat(para, 2) + `</p><p>The works start in March and should take eight months, the council said.</p>
<` + boxTag + ` class="` + boxClass + `"><p>` + box + `</p></` + boxTag + `>
<p>` + para + `</p>
` + comments + `
</article></main><footer>© The Harbour Times</footer></body></html>`
}

// TestAsidesLeftOut: on an article page a block whose id or class names a
// disclaimer, a caption or a comment section is no part of the article, even inside
// the article's element; a commentary is, and so are words of the text
// (a code highlighter's "hljs-comment") and a thread's comments that hold
// most of the page.
func TestAsidesLeftOut(t *testing.T) {
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	box := "The harbour wall was first built in 1852 by the town's fishermen, who paid for it with a tax on every barrel of herring landed."
	comment := func(i int) string {
		return `<div class="comment-body"><p>Reader ` + string(rune('A'+i)) + ` wrote: I walk along that wall every morning with my dog and I am glad it will finally be repaired before it falls into the sea.</p></div>`
	}
	few := `<section id="comments" class="comments-area"><h2>2 thoughts</h2>` + comment(0) + comment(1) + `</section>`
	many := `<section id="comments" class="comments-area"><h2>40 thoughts</h2>` + strings.Repeat(comment(2), 40) + `</section>`
	tests := []struct {
		name           string
		tag, class     string
		comments       string
		keepBox        bool
		keepComments   bool
		commentPhrases string
	}{
		{"disclaimer", "div", "post-disclaimer", few, false, false, ""},
		{"caption", "div", "wp-caption-text", "", false, false, ""},
		{"commentary", "div", "commentary-box", "", true, false, ""},
		{"code comment", "span", "hljs-comment", "", true, false, ""},
		{"thread", "div", "note", many, true, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := asidePage(tt.tag, tt.class, box, tt.comments)
			a, err := x.HTML("harbour", []byte(page), "https://news.test/2025/harbour-wall")
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(a.Text, "works start in March") {
				t.Fatalf("article missing:\n%s", a.Text)
			}
			if got := strings.Contains(a.Text, "barrel of herring"); got != tt.keepBox {
				t.Errorf("box kept = %v, want %v:\n%s", got, tt.keepBox, a.Text)
			}
			if tt.comments != "" {
				if got := strings.Contains(a.Text, "walk along that wall"); got != tt.keepComments {
					t.Errorf("comments kept = %v, want %v:\n%s", got, tt.keepComments, a.Text)
				}
			}
		})
	}
}
