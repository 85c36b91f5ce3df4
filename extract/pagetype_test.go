package extract

import (
	nurl "net/url"
	"testing"
)

// TestDetectType: the page's type from its structured data, the words of
// its URL's path and host, and the shape of its text.
func TestDetectType(t *testing.T) {
	prose := pageInfo{textRunes: 5000, linkRunes: 500, types: map[string]bool{}}
	links := pageInfo{textRunes: 5000, linkRunes: 3000, types: map[string]bool{}}
	typed := func(pi pageInfo, types ...string) pageInfo {
		pi.types = map[string]bool{}
		for _, t := range types {
			pi.types[t] = true
		}
		return pi
	}
	og := func(pi pageInfo, t string) pageInfo { pi.ogType = t; return pi }
	tests := []struct {
		name string
		pi   pageInfo
		url  string
		want string
	}{
		{"structured data: a forum posting", typed(prose, "discussionforumposting"), "https://example.test/x/1", Forum},
		{"an FAQ's questions are no discussion", typed(links, "faqpage", "question", "answer"), "https://www.example.test/tents", Listing},
		{"a question with its answers is", typed(prose, "qapage", "question", "answer"), "https://example.test/q/123", Forum},
		{"a product before the article type many sites put everywhere", typed(prose, "article", "product"), "https://example.test/x", Product},
		{"path word: a thread", prose, "https://example.test/t/some-title/123", Forum},
		{"a title's words are no path word", og(prose, "article"), "https://blog.example.test/2018/09/10/september-open-thread/", Article},
		{"a shop's collection", prose, "https://shop.example.test/collections/socks", Collection},
		{"a shop's category path", prose, "https://www.example.test/c/fire-pits", Collection},
		{"a shop's browse path", prose, "https://www.example.test/browse/shoes/mens", Collection},
		{"a shop's product", prose, "https://shop.example.test/products/socks", Product},
		{"path word: documentation", prose, "https://example.test/docs/install", Documentation},
		{"host word: a documentation site", prose, "https://docs.example.test/library/asyncio.html", Documentation},
		{"host word: a forum site", prose, "https://forum.example.test/some-title-12345", Forum},
		{"host word: a store", prose, "https://store.example.test/app/12345/Some_Game/", Product},
		{"the site's own name is not a host word", prose, "https://docs.test/2025/01/a-story", Article},
		{"og:type article", og(prose, "article"), "https://www.example.test/2025/01/a-story", Article},
		{"a page mostly of links is a listing", links, "https://www.example.test/", Listing},
		{"prose without hints is an article", prose, "https://www.example.test/a-story", Article},
		{"no URL", prose, "", Article},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var u *nurl.URL
			if tt.url != "" {
				u, _ = nurl.Parse(tt.url)
			}
			if got := detectType(tt.pi, u, nil); got != tt.want {
				t.Errorf("detectType(%s) = %q, want %q", tt.url, got, tt.want)
			}
		})
	}
}
