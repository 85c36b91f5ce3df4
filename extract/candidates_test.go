package extract

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// cand is a candidate of k runes, prose of them in sentence-like
// paragraphs.
func cand(name string, k, prose int) candidate {
	return candidate{name: name, runes: k, proseRunes: prose}
}

// TestChooseInDoubt follows readCandidates: readability's answer joins
// the candidates only when trafilatura's is in doubt, and choose picks
// among what there is.
func TestChooseInDoubt(t *testing.T) {
	tests := []struct {
		name      string
		pageType  string
		t, r, pg  candidate
		wantDoubt bool
		want      string
		blank     bool // the page shows no text
	}{
		{"main area agrees, prose: readability not run", Article,
			cand("trafilatura", 1000, 900), cand("readability", 2000, 1800), cand("page", 1100, 900), false, "trafilatura", false},
		{"main area a little shorter: not run", Article,
			cand("trafilatura", 1000, 900), cand("readability", 500, 450), cand("page", 800, 700), false, "trafilatura", false},
		{"main area longer: readability finds more", Article,
			cand("trafilatura", 1000, 900), cand("readability", 2000, 1800), cand("page", 1600, 1400), true, "readability", false},
		{"main area far longer: it wins", Forum,
			cand("trafilatura", 1000, 900), cand("readability", 1100, 900), cand("page", 4000, 2000), true, "page", false},
		{"main area shorter: trafilatura kept comments", Article,
			cand("trafilatura", 1000, 900), cand("readability", 600, 550), cand("page", 700, 600), true, "readability", false},
		{"answer part headlines: in doubt", Article,
			cand("trafilatura", 1000, 700), cand("readability", 600, 550), cand("page", 1000, 700), true, "readability", false},
		{"in doubt, readability agrees: trafilatura kept", Article,
			cand("trafilatura", 1000, 700), cand("readability", 1100, 800), cand("page", 1000, 700), true, "trafilatura", false},
		{"trafilatura found nothing", Article,
			cand("trafilatura", 0, 0), cand("readability", 800, 700), cand("page", 900, 700), true, "readability", false},
		{"a listing: the main area holds every entry", Listing,
			cand("trafilatura", 1000, 900), cand("readability", 1100, 900), cand("page", 800, 300), false, "page", false},
		{"a collection: the main area holds every product", Collection,
			cand("trafilatura", 1000, 900), cand("readability", 1100, 900), cand("page", 800, 300), false, "page", false},
		{"a listing whose main area misses the entries", Listing,
			cand("trafilatura", 1000, 900), cand("readability", 1100, 900), cand("page", 400, 300), true, "trafilatura", false},
		{"a page without text: its title is no main text", Product,
			cand("trafilatura", 25, 0), cand("readability", 0, 0), cand("page", 0, 0), true, "none", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doubt := inDoubt(tt.t, tt.pg)
			if doubt != tt.wantDoubt {
				t.Errorf("inDoubt = %v, want %v", doubt, tt.wantDoubt)
			}
			cands := []candidate{tt.t}
			if doubt {
				cands = append(cands, tt.r)
			}
			cands = append(cands, tt.pg)
			pi := pageInfo{textRunes: tt.t.runes + tt.pg.runes}
			if tt.blank {
				pi.textRunes = 0
			}
			if got := choose(tt.pageType, cands, pi).name; got != tt.want {
				t.Errorf("choose = %s, want %s", got, tt.want)
			}
		})
	}
}

// TestChooseMainArea: on an article page whose two extractors agree in
// length, the main area's far longer text is taken only when the page
// marks it with <main>; without it, the longer text is furniture the
// furniture words missed.
func TestChooseMainArea(t *testing.T) {
	tr, r, pg := cand("trafilatura", 800, 700), cand("readability", 760, 700), cand("page", 3800, 3500)
	cands := []candidate{tr, r, pg}
	main := &html.Node{Type: html.ElementNode, Data: "main"}
	tests := []struct {
		name string
		pi   pageInfo
		want string
	}{
		{"no <main>: the extractors' agreement wins", pageInfo{textRunes: 8000}, "trafilatura"},
		{"<main> holding the text: the main area wins", pageInfo{textRunes: 8000, main: main, mainRunes: 4000}, "page"},
		{"<main> holding a sliver of the page: agreement wins", pageInfo{textRunes: 8000, main: main, mainRunes: 900}, "trafilatura"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := choose(Article, cands, tt.pi).name; got != tt.want {
				t.Errorf("choose = %s, want %s", got, tt.want)
			}
		})
	}
}

// TestChooseReadabilityOutsideMain: readability's longer answer is left
// out when it lies outside the page's main area (it took a menu or a
// sidebar), and taken when the main area holds it.
func TestChooseReadabilityOutsideMain(t *testing.T) {
	article := strings.Repeat("The council voted on the budget after a long debate. ", 20)
	menu := strings.Repeat("Home News Sport Weather Travel Culture Jobs Contact ", 40)
	more := strings.Repeat("Residents said the new rates would hit small shops hardest. ", 20)
	tests := []struct {
		name, r, pg, want string
	}{
		{"readability took the menu", article + "\n" + menu, article, "trafilatura"},
		{"readability found more of the article", article + "\n" + more, article + "\n" + more, "readability"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cands := []candidate{textCandidate("trafilatura", article), textCandidate("readability", tt.r), textCandidate("page", tt.pg)}
			pi := pageInfo{textRunes: 10000}
			if got := choose(Article, cands, pi).name; got != tt.want {
				t.Errorf("choose = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestWordShare(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"a b c d", "a b c d", 1},
		{"a a b c", "a b", 0.5}, // a repeat counts once per copy in b
		{"", "a", 0},
		{"Élan, vital!", "élan vital", 1},
	}
	for _, tt := range tests {
		if got := wordShare(tt.a, tt.b); got != tt.want {
			t.Errorf("wordShare(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestChooseMainAreaProse: on an article page the main area's longer text
// wins only when it holds more prose too; on a listing more entries are
// enough.
func TestChooseMainAreaProse(t *testing.T) {
	tr, pi := cand("trafilatura", 1000, 900), pageInfo{textRunes: 8000}
	tests := []struct {
		name, pageType string
		pg             candidate
		want           string
	}{
		{"article: the main area adds cards and menus", Article, cand("page", 4000, 1000), "trafilatura"},
		{"article: the main area adds paragraphs", Article, cand("page", 4000, 3000), "page"},
		{"article: the main area adds a comment thread under it", Article, cand("page", 4000, 1600), "trafilatura"},
		{"forum: the main area adds replies", Forum, cand("page", 4000, 1000), "page"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := choose(tt.pageType, []candidate{tr, tt.pg}, pi).name; got != tt.want {
				t.Errorf("choose = %s, want %s", got, tt.want)
			}
		})
	}
}

// TestIsFurniture: an element is furniture by a word of its id or class
// that starts with a furniture word, whatever its case; a word that merely
// contains one ("unshared") is not.
func TestIsFurniture(t *testing.T) {
	tests := []struct {
		attrs []html.Attribute
		want  bool
	}{
		{[]html.Attribute{{Key: "class", Val: "site-Header sticky"}}, true},
		{[]html.Attribute{{Key: "id", Val: "ShareButtons"}}, true},
		{[]html.Attribute{{Key: "class", Val: "post_related-posts"}}, true},
		{[]html.Attribute{{Key: "class", Val: "article-body unshared"}}, false},
		{[]html.Attribute{{Key: "class", Val: "entry-content"}, {Key: "id", Val: "post-12"}}, false},
		{[]html.Attribute{{Key: "data-menu", Val: "x"}}, false},
		{[]html.Attribute{{Key: "class", Val: "Ünterhaltung navigation"}}, true},
	}
	for _, tt := range tests {
		n := &html.Node{Type: html.ElementNode, Data: "div", Attr: tt.attrs}
		if got := isFurniture(n, true); got != tt.want {
			t.Errorf("isFurniture(%v) = %v, want %v", tt.attrs, got, tt.want)
		}
	}
}

// TestPageCandidateWrapper: a post whose classes list its tags
// ("tag-best-sidebar-tips") or a layout named for what it has
// ("has-sidebar") is the content, not furniture: the main area keeps its
// text and still drops the boxes beside it.
func TestPageCandidateWrapper(t *testing.T) {
	para := strings.Repeat("The council voted on the budget after a long debate about roads. ", 6)
	related := `<div class="related-posts"><p>Ten other budgets you should read about today.</p></div>`
	for _, class := range []string{"post tag-best-sidebar-tips", "has-sidebar layout"} {
		page := `<html><body><main><article class="` + class + `"><p>` + para + `</p><p>` + para +
			`</p></article>` + related + `</main><footer>Contact us</footer></body></html>`
		doc, err := html.Parse(strings.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		c := pageCandidate(readPage(doc))
		if !strings.Contains(c.body, "The council voted") {
			t.Errorf("class %q: the post's text is missing: %q", class, c.body)
		}
		if strings.Contains(c.body, "Ten other budgets") || strings.Contains(c.body, "Contact us") {
			t.Errorf("class %q: furniture kept: %q", class, c.body)
		}
	}
}

// TestChooseLinkPage: a page whose text is mostly links and where no
// extractor found a sentence (a shop's grid of categories) has no main
// text; one sentence, or fewer links, and the usual choice stands.
func TestChooseLinkPage(t *testing.T) {
	tests := []struct {
		name        string
		links, text int
		t, r, pg    candidate
		want        string
	}{
		{"links, no sentence: none", 800, 1000,
			cand("trafilatura", 30, 0), cand("readability", 600, 0), cand("page", 900, 0), "none"},
		{"links and a sentence: chosen as usual", 800, 1000,
			cand("trafilatura", 300, 120), cand("readability", 600, 0), cand("page", 900, 0), "readability"},
		{"few links, no sentence (a table): chosen as usual", 300, 1000,
			cand("trafilatura", 900, 0), cand("readability", 800, 0), cand("page", 950, 0), "trafilatura"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pi := pageInfo{textRunes: tt.text, linkRunes: tt.links}
			if got := choose(Article, []candidate{tt.t, tt.r, tt.pg}, pi).name; got != tt.want {
				t.Errorf("choose = %s, want %s", got, tt.want)
			}
		})
	}
}
