package extract

import (
	nurl "net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A candidate is one extractor's answer to "what is the main text of this
// page", with the signals choose weighs. None of the signals depends on a
// site.
type candidate struct {
	name string
	body string // paragraphs joined with "\n\n"
	// runes counts the body's visible (non-space) runes; linkRunes those
	// inside links, when the extractor kept them.
	runes, linkRunes int
	paras            int
	// proseRunes counts the runes of sentence-like paragraphs: eight
	// words or more with a sentence's end punctuation in them. Menus,
	// bylines and tables have few.
	proseRunes int
}

// newCandidate renders an extractor's content tree.
func newCandidate(name string, n *html.Node) candidate {
	c := parasCandidate(name, renderParas(n, nil))
	c.linkRunes = linkRunes(n)
	return c
}

// textCandidate builds a candidate from plain text, one paragraph a line
// or a blank-line-separated block.
func textCandidate(name, body string) candidate {
	var paras []string
	for _, l := range strings.Split(body, "\n") {
		if l = collapseSpace(l); l != "" {
			paras = append(paras, l)
		}
	}
	return parasCandidate(name, paras)
}

// parasCandidate builds a candidate from its paragraphs, each collapsed
// and not empty (as renderParas makes them).
func parasCandidate(name string, paras []string) candidate {
	c := candidate{name: name}
	c.body = strings.Join(paras, "\n\n")
	c.paras = len(paras)
	for _, p := range paras {
		k := visibleRunes(p)
		c.runes += k
		if isProse(p) {
			c.proseRunes += k
		}
	}
	return c
}

// isProse reports whether a paragraph reads like sentences: eight words or
// more (or 60 runes of a script written without spaces) and a sentence's
// end punctuation somewhere in it.
func isProse(p string) bool {
	if !strings.ContainsAny(p, ".!?。！？") {
		return false
	}
	return wordCount(p) >= 8 || runeCount(p) >= 60 && !strings.Contains(p, " ")
}

// linkRunes counts the visible runes under <a> in n.
func linkRunes(n *html.Node) int {
	if n == nil {
		return 0
	}
	k := 0
	type item struct {
		n   *html.Node
		inA bool
	}
	stack := []item{{n: n}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if it.n.Type == html.TextNode {
			if it.inA {
				k += visibleRunes(it.n.Data)
			}
			continue
		}
		inA := it.inA || it.n.Type == html.ElementNode && strings.EqualFold(it.n.Data, "a")
		for c := it.n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, item{c, inA})
		}
	}
	return k
}

// prose is the share of the body in sentence-like paragraphs.
func (c candidate) prose() float64 {
	if c.runes == 0 {
		return 0
	}
	return float64(c.proseRunes) / float64(c.runes)
}

// linkDensity is the share of the body inside links.
func (c candidate) linkDensity() float64 {
	if c.runes == 0 {
		return 0
	}
	return float64(c.linkRunes) / float64(c.runes)
}

func find(cands []candidate, name string) (candidate, bool) {
	for _, c := range cands {
		if c.name == name {
			return c, true
		}
	}
	return candidate{}, false
}

// Thresholds of choose, set on the WCXB dev split (cross-validated with
// folds by domain) and kept round: they compare lengths and shares, so
// they mean the same on any site.
const (
	// readabilityLonger: readability's answer is taken when it is this
	// much longer than trafilatura's: trafilatura then more often stopped
	// at a fragment (a subheading, a byline strip) than readability added
	// furniture. (1.1 scores a little higher on WCXB, lower on Zyte.)
	readabilityLonger = 1.25
	// On an article page, an answer of readability 0.4–0.8 times
	// trafilatura's length is trafilatura keeping comments or a
	// related-stories block.
	articleShorterLo, articleShorterHi = 0.4, 0.8
	// pageLonger: the main area without its furniture is taken when it
	// holds this much more text than the article extractors kept, and
	// some of it is prose: they kept one post of a thread, one entry of a
	// listing or one box of a product page.
	pageLonger = 1.75
	// agreeLo, agreeHi: on an article page without a <main> element, two
	// extractors whose answers are this close in length agree on the
	// article, and the page's longer text is furniture the furniture words
	// missed.
	agreeLo, agreeHi = 0.7, 1.4
	// mainAgreeLo, mainAgreeHi, trustedProse: trafilatura's answer is
	// not in doubt (readability is not run) when the main area holds this
	// much of its length and this share of it is prose. The low bound is
	// choose's own (articleShorterHi); the high one was readabilityLonger
	// (1.25) until the HTML pipeline had to come within 1.3 times
	// go-trafilatura's time: at 1.5 readability runs on 47 % of WCXB dev
	// pages (54 % at 1.25) and 28 % of Zyte pages (39 %), Zyte scores
	// 0.9693 (0.9679), WCXB dev articles 0.9511 (0.9528) and all types
	// 0.8611 (0.8626). The prose share does not matter on WCXB; without
	// it, pages whose answer is part headlines (a related-stories block
	// the main area holds too) lost readability's shorter answer on the
	// Zyte pages.
	mainAgreeLo, mainAgreeHi = articleShorterHi, 1.5
	trustedProse             = 0.8
	// articleMoreProse: on an article page the main area's longer text
	// must also hold this much more prose than the answer: more menus,
	// cards and link lists are not more article, and a little more prose
	// is the comments or the related posts' teasers under it. (1.5 until
	// the main area kept wrappers named as furniture, fa095b1: the area
	// then stood on more pages, and 2 scored higher on WCXB dev, the
	// same on Zyte.)
	articleMoreProse = 2.0
	// outsideMain: readability's answer is left out when the share of
	// its words found in the main area without furniture is this much
	// below trafilatura's share (0.1-0.3 score alike on WCXB dev).
	outsideMain = 0.2
	// wrapperShare: when the main area without its furniture holds less
	// than this share of the area's text, the furniture words took the
	// wrapper of the content for furniture (see pageCandidate).
	wrapperShare = 0.25
	// maxWrappers bounds the wrappers pageCandidate looks into.
	maxWrappers = 8
)

// wordShare is the share of a's words (lower-cased, counted with their
// repeats) that b holds too: how much of one answer lies in another.
func wordShare(a, b string) float64 {
	in := map[string]int{}
	for _, w := range words(b) {
		in[w]++
	}
	n, found := 0, 0
	for _, w := range words(a) {
		n++
		if in[w] > 0 {
			in[w]--
			found++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(found) / float64(n)
}

// words splits s into lower-cased runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r) && r != '_'
	})
}

// choose picks the main text among the candidates: the answer of an
// article extractor (trafilatura, or readability when it finds clearly
// more), unless the page's main area holds far more prose than either
// kept. The JSON-LD article body is the last resort. A page that shows
// no text at all has no main text, whatever an extractor made of its
// title and metadata; nor has a page of links without a sentence.
func choose(pageType string, cands []candidate, pi pageInfo) candidate {
	if pi.textRunes == 0 {
		// An application shell that renders in the browser, an empty
		// store page: trafilatura answers with its title or description
		// (25–100 runes on such WCXB pages, whose gold text is empty).
		return candidate{name: "none"}
	}
	if pi.linkRunes*2 >= pi.textRunes && !anyProse(cands) {
		// A page of links: half or more of its text is in links and
		// no extractor found a sentence in it (a shop's front page,
		// a grid of categories, a site's hub). Its menus and tiles
		// are no main text; on WCXB dev such pages have none.
		return candidate{name: "none"}
	}
	t, _ := find(cands, "trafilatura")
	r, _ := find(cands, "readability")
	best := t
	ratio := float64(r.runes) / float64(max(1, t.runes))
	takeR := r.runes > 0 && (ratio > readabilityLonger ||
		pageType == Article && ratio > articleShorterLo && ratio < articleShorterHi)
	if pg, ok := find(cands, "page"); takeR && ok && pg.runes > 0 &&
		wordShare(r.body, pg.body) < wordShare(t.body, pg.body)-outsideMain {
		// Readability's answer lies outside the page's main area
		// far more than trafilatura's: it took a menu, a sidebar or
		// a grid of other pages. It is left out of the choice.
		takeR, ratio = false, 0
	}
	if takeR {
		best = r
	}
	// Two extractors agreeing in length is weaker evidence than the
	// page's own markup: when a <main> element holds the page's text, the
	// main area without its furniture is what the page itself calls its
	// content, and far more prose there than both answers hold means they
	// stopped at the same subheading or box.
	fromMain := pi.main != nil && mainElement(pi) == pi.main
	agree := pageType == Article && ratio >= agreeLo && ratio <= agreeHi && !fromMain
	if pg, ok := find(cands, "page"); ok && !agree && pg.proseRunes > 0 &&
		float64(pg.runes) > pageLonger*float64(best.runes) &&
		(pageType != Article || float64(pg.proseRunes) >= articleMoreProse*float64(best.proseRunes)) {
		best = pg
	}
	// A listing is its entries, a collection its products: the main area
	// holds all of them where an article extractor keeps the block of one
	// or the introduction. It is taken unless it holds under half of that
	// block (the main element then missed it).
	if pg, ok := find(cands, "page"); ok && (pageType == Listing || pageType == Collection) && pg.runes > 0 &&
		2*pg.runes >= best.runes {
		best = pg
	}
	if best.runes == 0 {
		if j, ok := find(cands, "jsonld"); ok {
			best = j
		}
	}
	return best
}

// anyProse reports whether a candidate holds a sentence-like paragraph.
func anyProse(cands []candidate) bool {
	for _, c := range cands {
		if c.proseRunes > 0 {
			return true
		}
	}
	return false
}

// inDoubt reports whether trafilatura's answer t is in doubt, so that
// readability must be run too. It is not when t is mostly prose (at least
// trustedProse of it) and the page's main area without its furniture, pg,
// holds about as much text (mainAgreeLo–mainAgreeHi times t's): two
// readings of the page agree on what its text is, and choose kept t on
// such pages about as often as running readability paid.
func inDoubt(t, pg candidate) bool {
	if t.runes == 0 || t.prose() < trustedProse {
		return true
	}
	k := float64(t.runes)
	return float64(pg.runes) < mainAgreeLo*k || float64(pg.runes) > mainAgreeHi*k
}

// Page types.
const (
	Article       = "article"
	Forum         = "forum"
	Product       = "product"
	Listing       = "listing"
	Collection    = "collection"
	Documentation = "documentation"
	Service       = "service"
)

// schemaTypes maps schema.org types, lower-cased, to page types.
var schemaTypes = map[string]string{
	"discussionforumposting": Forum, "qapage": Forum, "question": Forum,
	"socialmediaposting": Forum,
	"product":            Product, "productgroup": Product, "offer": Product,
	"aggregateoffer": Product,
	"techarticle":    Documentation, "apireference": Documentation,
	"softwaresourcecode": Documentation,
	"collectionpage":     Collection, "itemlist": Listing,
	"searchresultspage": Listing,
	"service":           Service, "professionalservice": Service,
	"newsarticle": Article, "article": Article, "blogposting": Article,
	"reportagenewsarticle": Article, "analysisnewsarticle": Article,
	"opinionnewsarticle": Article, "liveblogposting": Article,
	"scholarlyarticle": Article, "recipe": Article, "review": Article,
}

// typeOrder is the order in which schema types decide: the specific ones
// before "article", which many sites put on every page.
var typeOrder = []string{Forum, Product, Documentation, Collection, Listing, Service, Article}

// urlWords maps words of a URL's path to page types: the words of web
// software and of site structure, in any site.
var urlWords = map[string]string{
	"forum": Forum, "forums": Forum, "thread": Forum, "threads": Forum,
	"topic": Forum, "topics": Forum, "t": Forum, "questions": Forum,
	"community": Forum, "discussion": Forum, "discussions": Forum,
	"comments": Forum, "viewtopic": Forum, "showthread": Forum,
	"product": Product, "products": Product, "p": Product, "dp": Product,
	"item": Product, "shop": Product, "store": Product,
	"docs": Documentation, "doc": Documentation, "documentation": Documentation,
	"api": Documentation, "reference": Documentation, "manual": Documentation,
	"wiki": Documentation, "kb": Documentation, "help": Documentation,
	"category": Collection, "categories": Collection, "collections": Collection,
	"collection": Collection, "c": Collection, "cat": Collection,
	"browse": Collection, "tag": Listing, "tags": Listing,
	"archive": Listing, "search": Listing,
	"services": Service, "service": Service, "pricing": Service,
	"solutions": Service, "about": Service, "contact": Service,
	"features": Service,
}

// detectType tells the page's type from its structured data, the words of
// its URL and, failing those, the shape of its text: a page mostly of
// links with little prose is a listing.
func detectType(pi pageInfo, u *nurl.URL, cands []candidate) string {
	found := map[string]bool{}
	for t := range pi.types {
		if t == "question" && pi.types["faqpage"] {
			// A shop's or a service's questions and answers, not
			// a discussion.
			continue
		}
		if pt, ok := schemaTypes[t]; ok {
			found[pt] = true
		}
	}
	for _, t := range typeOrder[:3] {
		if found[t] {
			return t
		}
	}
	if u != nil {
		words := pathWords(u.Path)
		// The host's labels before the site's name say the same for a
		// whole part of a site (docs.…, forum.…, store.…).
		if labels := strings.Split(strings.ToLower(u.Hostname()), "."); len(labels) > 2 {
			words = append(labels[:len(labels)-2:len(labels)-2], words...)
		}
		for i, w := range words {
			t := urlWords[w]
			if t != Forum && t != Documentation && t != Product {
				continue
			}
			if t == Product {
				// A shop's part of the site ("shop.", "/store/")
				// holds its collections too: a later word says
				// which page of it this is.
				for _, w := range words[i+1:] {
					if t := urlWords[w]; t == Collection || t == Listing {
						return t
					}
				}
			}
			return t
		}
		if pi.ogType == "article" || found[Article] {
			return Article
		}
		for _, w := range words {
			if t, ok := urlWords[w]; ok {
				return t
			}
		}
	}
	for _, t := range typeOrder[3:] {
		if found[t] {
			return t
		}
	}
	if pi.ogType == "product" {
		return Product
	}
	if pi.textRunes > 0 && pi.linkRunes*10 > pi.textRunes*4 {
		return Listing
	}
	return Article
}

// pathWords are the words of a URL's path that say what part of a site
// it is in. A segment of three words or more is a title made into a slug
// ("september-open-thread"): its words are the page's topic, not the
// site's structure.
func pathWords(path string) []string {
	var words []string
	for _, seg := range strings.Split(strings.ToLower(path), "/") {
		ws := strings.FieldsFunc(seg, func(r rune) bool { return r == '-' || r == '_' || r == '.' })
		if len(ws) >= 3 {
			continue
		}
		words = append(words, ws...)
	}
	return words
}

// furnitureWords are id and class words of page furniture: menus,
// headers and footers, sidebars, sharing and cookie boxes. They are words
// of web authoring, not of any site.
var furnitureWords = []string{
	"nav", "menu", "footer", "header", "masthead", "sidebar", "breadcrumb",
	"cookie", "consent", "share", "social", "newsletter", "subscribe",
	"related", "recommend", "promo", "banner", "advert", "skip", "modal",
	"popup", "signup", "login", "search",
}

// isFurniture reports an element that is page furniture by its tag, its
// role or (byWords) the words of its id and class.
func isFurniture(n *html.Node, byWords bool) bool {
	switch n.DataAtom {
	case atom.Nav, atom.Header, atom.Footer, atom.Aside, atom.Form, atom.Dialog:
		return true
	case atom.Body, atom.Main, atom.Html:
		return false
	}
	switch attr(n, "role") {
	case "navigation", "banner", "contentinfo", "complementary", "search", "dialog":
		return true
	}
	if !byWords {
		return false
	}
	for _, a := range n.Attr {
		if (a.Key == "id" || a.Key == "class") && wordWithPrefix(a.Val, furnitureWords) {
			return true
		}
	}
	return false
}

// wordWithPrefix reports whether a word of s (a run of letters, compared
// lower-cased) starts with one of prefixes, which are lower-case ASCII.
// It runs on the id and class of every element of the page's main area,
// so it neither lower-cases nor splits s into new strings.
func wordWithPrefix(s string, prefixes []string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) {
			i += size
			continue
		}
		j := i
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if !unicode.IsLetter(r) {
				break
			}
			j += size
		}
		w := s[i:j]
		for _, f := range prefixes {
			if len(w) >= len(f) && asciiFoldPrefix(w, f) {
				return true
			}
		}
		i = j
	}
	return false
}

// asciiFoldPrefix reports whether w starts with the lower-case ASCII
// prefix f, ignoring the case of w's ASCII letters.
func asciiFoldPrefix(w, f string) bool {
	for k := 0; k < len(f); k++ {
		c := w[k]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != f[k] {
			return false
		}
	}
	return true
}

// mainElement returns the page's <main> (or role="main") when it holds
// most of the page's text, else its <body>: readPage found both.
func mainElement(pi pageInfo) *html.Node {
	if pi.main != nil && pi.mainRunes*10 >= pi.textRunes*3 {
		return pi.main
	}
	return pi.body
}

// pageCandidate is the text of the page's main element without its
// furniture: what pages that are not articles (a forum thread, a listing,
// a product) are made of, where an article extractor keeps one block.
func pageCandidate(pi pageInfo) candidate {
	n := mainElement(pi)
	if n == nil {
		return candidate{name: "page"}
	}
	c := parasCandidate("page", renderParas(n, func(n *html.Node) bool { return isFurniture(n, true) }))
	inMain := pi.textRunes
	if n == pi.main {
		inMain = pi.mainRunes
	}
	if float64(c.runes) < wrapperShare*float64(inMain) {
		// A furniture word named the wrapper of the content, not a
		// box beside it: a post's classes list its tags
		// ("tag-best-sidebar-desks"), a layout says what the page
		// has ("has-sidebar", "searchWrapper"). An element holding
		// most of the area's text is no furniture whatever its
		// words; a few such wrappers are looked into, so that the
		// text counted stays a small multiple of the page's.
		wrappers := 0
		w := parasCandidate("page", renderParas(n, func(n *html.Node) bool {
			if !isFurniture(n, true) {
				return false
			}
			if wrappers < maxWrappers && !isFurniture(n, false) && 2*textRunes(n) >= inMain {
				wrappers++
				return false
			}
			return true
		}))
		if float64(w.runes) >= wrapperShare*float64(inMain) {
			c = w
		}
	}
	c.linkRunes = min(linkRunes(n), c.runes)
	return c
}

// productFurnitureWords are id and class words of the blocks a product
// page shows around its product: customer reviews and ratings, other
// products ("similar", "recently viewed", up- and cross-sells).
// They are words of shop software, not of any shop.
var productFurnitureWords = []string{
	"review", "rating", "similar", "recently", "upsell", "crosssell",
	"recommend", "related",
}

// pruneProduct removes the product furniture from a product page before
// the extractors run: its reviews are the page's longest prose, and an
// article extractor takes them for the main text. An element holding the
// page's <h1> is kept whatever its words: it wraps the product too (a
// page named for a feature, "has-reviews").
func pruneProduct(pi pageInfo) {
	if pi.body == nil {
		return
	}
	// The elements that hold an <h1>, marked from each <h1> up to the
	// first one marked: one step per element, however hostile the
	// nesting.
	var h1s []*html.Node
	stack := []*html.Node{pi.body}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type == html.ElementNode && n.DataAtom == atom.H1 {
			h1s = append(h1s, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			stack = append(stack, c)
		}
	}
	holdsH1 := map[*html.Node]bool{}
	for _, h := range h1s {
		for n := h; n != nil && !holdsH1[n]; n = n.Parent {
			holdsH1[n] = true
		}
	}
	var drop []*html.Node
	stack = append(stack[:0], pi.body)
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type != html.ElementNode {
			continue
		}
		if hasWord(n, productFurnitureWords) && !holdsH1[n] {
			// Its text is counted once: it leaves, or nothing under
			// it holds enough to.
			if textRunes(n) >= minProductFurniture {
				drop = append(drop, n)
			}
			continue
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			stack = append(stack, c)
		}
	}
	for _, n := range drop {
		n.Parent.RemoveChild(n)
	}
}

// minProductFurniture is the text a block named as product furniture
// must hold to be removed: a rating next to each product of a grid
// ("Very positive (822,809 reviews)", 35 runes) is part of the grid.
const minProductFurniture = 200

// hasWord reports whether a word of n's class, or the first word of its
// id, starts with one of words. An id's later words name what the block is
// about ("washer-review", a product reviewed in an article), not what it
// is.
func hasWord(n *html.Node, words []string) bool {
	notLetter := func(r rune) bool { return !unicode.IsLetter(r) }
	ws := strings.FieldsFunc(strings.ToLower(attr(n, "class")), notLetter)
	if id := strings.FieldsFunc(strings.ToLower(attr(n, "id")), notLetter); len(id) > 0 {
		ws = append(ws, id[0])
	}
	for _, w := range ws {
		for _, f := range words {
			if strings.HasPrefix(w, f) {
				return true
			}
		}
	}
	return false
}
