package http

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/rapporteur/rapporteur"
	"golang.org/x/net/html"
)

// Payloads that run script, load something or change the page when a
// renderer lets them through as markup. Each sets the page title or opens
// a dialog, which the browser test watches for.
var payloads = []string{
	`"><img src=x onerror=alert(1)>`,
	`<script>alert(2)</script>`,
	`<svg onload=alert(3)><circle r=9></circle></svg>`,
	`javascript:alert(4)`,
	`<a href="javascript:alert(5)">click</a>`,
	`</textarea><script>alert(6)</script>`,
	`<iframe src="javascript:alert(7)"></iframe>`,
	`<style>body{display:none}</style>`,
	`' onmouseover='alert(8)' x='`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(9)>`,
	`{{.}}<base href="//evil.example/">`,
	"\x02<b>marker</b>\x03",
	`<details open ontoggle=alert(10)>`,
	`<object data="data:text/html,<script>alert(11)</script>"></object>`,
	`<meta http-equiv="refresh" content="0;url=javascript:alert(12)">`,
}

// hostileArticles builds articles whose every field a renderer shows is a
// payload, with statements whose content spans cover payloads (offsets in
// code points, past a non-BMP character so byte and UTF-16 offsets would
// differ).
func hostileArticles() []rapporteur.Article {
	var out []rapporteur.Article
	for i, p := range payloads {
		text := fmt.Sprintf("Intro 𝕏 paragraph with %s inside.\n\n\"%s\" said the payload speaker.\n\nThe agency reported that %s was found.", p, p, p)
		rs := []rune(text)
		idx := func(sub string, from int) int {
			j := strings.Index(string(rs[from:]), sub)
			if j < 0 {
				panic("payload not found")
			}
			return from + utf8.RuneCountInString(string(rs[from:])[:j])
		}
		second := idx("\""+p+"\"", 0) + 1
		third := idx("reported that ", 0) + len([]rune("reported that "))
		n := utf8.RuneCountInString(p)
		cue := &rapporteur.Span{Start: second + n + 2, End: second + n + 6, Text: "said"}
		pub := time.Date(2024, 3, 1+i, 12, 0, 0, 0, time.UTC)
		url := "https://hostile.example/a" + fmt.Sprint(i) + "?q=" + p
		if i%3 == 0 {
			url = "javascript:alert(100)//" + fmt.Sprint(i)
		}
		out = append(out, rapporteur.Article{
			ID:        fmt.Sprintf("hostile-%d", i),
			Title:     "Hostile " + p,
			Text:      text,
			URL:       url,
			Site:      "<b onmouseover=alert(13)>site</b>" + p,
			Published: &pub,
			Authors:   []string{p},
			Language:  "en",
			Credits:   []rapporteur.Credit{{Name: p, Evidence: rapporteur.Span{Start: 0, End: 5}}},
			Statements: []rapporteur.Statement{
				{Kind: rapporteur.Direct, Content: rapporteur.Span{Start: second, End: second + n, Text: p}, Cue: cue,
					Speaker: rapporteur.Speaker{Name: "Payload " + p, Type: rapporteur.Person, Role: p, Affiliation: p},
					Via:     p, Confidence: 0.9},
				{Kind: rapporteur.Indirect, Content: rapporteur.Span{Start: third, End: third + n, Text: p},
					Speaker:    rapporteur.Speaker{Name: "Agency " + fmt.Sprint(i), Type: rapporteur.Organization, Role: p},
					Confidence: 0.5},
				// A span out of range must be clipped, not crash.
				{Kind: rapporteur.Mixed, Content: rapporteur.Span{Start: len(rs) - 3, End: len(rs) + 50},
					Speaker: rapporteur.Speaker{Type: rapporteur.Unknown}},
			},
			Entities: []rapporteur.Entity{{Name: p, Type: rapporteur.Person, Mentions: 1}},
		})
	}
	return out
}

// loadHostile stores the hostile corpus and returns the stored ids.
func loadHostile(tb testing.TB, st rapporteur.Store) []int64 {
	tb.Helper()
	var ids []int64
	for _, a := range hostileArticles() {
		res, err := st.PutArticle(context.Background(), a, rapporteur.ArticleMeta{})
		if err != nil {
			tb.Fatalf("store %s: %v", a.ID, err)
		}
		ids = append(ids, res.ID)
	}
	return ids
}

// allowedElements are the elements our templates write; anything else in
// a page came from input.
var allowedElements = map[string]bool{
	"html": true, "head": true, "meta": true, "title": true, "link": true, "body": true, "header": true, "main": true,
	"footer": true, "nav": true, "section": true, "article": true, "aside": true, "div": true, "span": true, "p": true,
	"br": true, "b": true, "a": true, "h1": true, "h2": true, "h3": true, "ul": true, "ol": true, "li": true,
	"mark": true, "blockquote": true, "code": true, "form": true, "input": true, "button": true, "label": true,
	"textarea": true, "select": true, "option": true, "table": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true,
	"figure": true, "figcaption": true, "svg": true, "line": true, "rect": true, "text": true,
}

// urlAttrs are attributes that hold a URL.
var urlAttrs = map[string]bool{"href": true, "src": true, "action": true, "formaction": true, "data": true, "xlink:href": true}

// checkInert parses a page and reports any element, attribute or URL that
// could run script, load a resource or restyle the page.
func checkInert(t *testing.T, name, page string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				t.Errorf("%s: parse: %v", name, z.Err())
			}
			return
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		if !allowedElements[tok.Data] {
			t.Errorf("%s: element <%s> in the page: %s", name, tok.Data, tok.String())
		}
		if tok.Data == "meta" {
			for _, a := range tok.Attr {
				if a.Key == "http-equiv" {
					t.Errorf("%s: %s", name, tok.String())
				}
			}
		}
		for _, a := range tok.Attr {
			key := strings.ToLower(a.Key)
			switch {
			case strings.HasPrefix(key, "on"):
				t.Errorf("%s: event handler attribute: %s", name, tok.String())
			case key == "style":
				t.Errorf("%s: style attribute: %s", name, tok.String())
			case urlAttrs[key]:
				v := strings.TrimSpace(a.Val)
				l := strings.ToLower(v)
				local := strings.HasPrefix(v, "/") && !strings.HasPrefix(v, "//") || strings.HasPrefix(v, "#")
				web := strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://")
				if !local && !web {
					t.Errorf("%s: %s=%q is neither a local path nor a web URL", name, key, v)
				}
			}
		}
	}
}

func TestHostileContentRenderedInert(t *testing.T) {
	env := newEnv(t, nil)
	ids := loadHostile(t, env.store)
	pages := []string{"/", "/search?q=hostile", "/search?q=payload&tab=statements", "/speakers", "/sources", "/saved", "/feeds"}
	for _, id := range ids {
		pages = append(pages, fmt.Sprintf("/articles/%d", id))
	}
	// The speaker and source pages of the hostile articles.
	sts, err := env.store.Statements(context.Background(), rapporteur.StatementFilter{Query: "payload", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int64]bool{}
	for _, st := range sts.Items {
		if st.SpeakerID != 0 && !seen[st.SpeakerID] {
			seen[st.SpeakerID] = true
			pages = append(pages, fmt.Sprintf("/speakers/%d", st.SpeakerID))
		}
		if st.SourceID != 0 && !seen[-st.SourceID] {
			seen[-st.SourceID] = true
			pages = append(pages, fmt.Sprintf("/sources/%d", st.SourceID))
		}
	}
	if len(seen) == 0 {
		t.Fatal("no hostile speaker or source pages to check")
	}
	for _, p := range pages {
		status, body := env.get(t, p)
		if status != 200 {
			t.Errorf("%s: status %d", p, status)
			continue
		}
		checkInert(t, p, body)
	}

	// The payloads are on the article page as text the reader can see.
	_, body := env.get(t, fmt.Sprintf("/articles/%d", ids[0]))
	if want := html.EscapeString(`Hostile "><img src=x onerror=alert(1)>`); !strings.Contains(body, want) {
		t.Errorf("article page does not show the title as text %q", want)
	}
	if strings.Count(body, `<mark class="st k-direct"`) == 0 {
		t.Error("hostile article has no highlighted statement")
	}

	// Analyze renders pasted payloads inert too.
	form := "text=" + url.QueryEscape("Payload title "+payloads[0]+"\n\n\"I say "+payloads[1]+"\" said Jane Doe, a spokeswoman. "+payloads[2])
	status, body := env.do(t, "POST", "/analyze", "application/x-www-form-urlencoded", form, nil)
	if status != 200 {
		t.Fatalf("analyze: status %d", status)
	}
	checkInert(t, "analyze", body)
}
