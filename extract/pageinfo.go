package extract

import (
	"encoding/json"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxJSONLD bounds the bytes of one JSON-LD script that are decoded: a
// page's structured data is a few kilobytes, and a hostile page must not
// make the decoder build a megabyte tree for every script.
const maxJSONLD = 256 << 10

// pageInfo is what one walk over the parsed page records for choosing
// between the extractors' answers and for telling the page's type. None of
// it depends on a site: text and link amounts, structured data, and the
// words of the URL.
type pageInfo struct {
	textRunes int // visible text of the <body>
	linkRunes int // of it, inside <a>
	links     int
	pRunes    int // visible text inside <p>
	forms     int // <form> elements with an input to type into
	// types are the schema.org @type values of the page's JSON-LD, and
	// ogType its og:type, lower-cased.
	types  map[string]bool
	ogType string
	// articleBody is the longest articleBody (or text of a posting) in
	// the JSON-LD: a third opinion on what the article says.
	articleBody string
	// comments counts JSON-LD comments and answers (commentCount and
	// answerCount included).
	comments int
	// body is the page's <body>; main its <main> (or role="main")
	// element with the most visible text, mainRunes that text (outermost
	// ones only): the page candidate starts there when it holds most of
	// the page's text (see mainElement).
	body, main *html.Node
	mainRunes  int
	// asides are the outermost elements of the body whose id or class
	// names a comment section, a disclaimer or a caption (see namesAside), at most
	// maxAsides of them: pruneAsides removes them from an article page.
	asides []*html.Node
}

// readPage walks doc once, without recursion (html.Parse bounds the depth,
// but a stack on the heap costs nothing more).
func readPage(doc *html.Node) pageInfo {
	pi := pageInfo{types: map[string]bool{}}
	type item struct {
		n           *html.Node
		inBody, inA bool
		inP         bool
		inAside     bool
		main        *html.Node // the outermost <main> it is in
	}
	var mains map[*html.Node]int
	stack := []item{{n: doc}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := it.n
		switch n.Type {
		case html.TextNode:
			if !it.inBody {
				continue
			}
			k := visibleRunes(n.Data)
			pi.textRunes += k
			if it.main != nil {
				mains[it.main] += k
			}
			if it.inA {
				pi.linkRunes += k
			}
			if it.inP {
				pi.pRunes += k
			}
			continue
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script:
				if strings.EqualFold(attr(n, "type"), "application/ld+json") && n.FirstChild != nil {
					pi.readJSONLD(n.FirstChild.Data)
				}
				continue
			case atom.Meta:
				p := strings.ToLower(attr(n, "property"))
				if p == "og:type" {
					pi.ogType = strings.ToLower(strings.TrimSpace(attr(n, "content")))
				}
				continue
			case atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Math,
				atom.Iframe, atom.Object, atom.Select, atom.Textarea, atom.Button:
				continue
			case atom.Body:
				it.inBody = true
				if pi.body == nil {
					pi.body = n
				}
			case atom.Main:
				if it.main == nil {
					it.main = n
				}
			case atom.A:
				it.inA = true
				pi.links++
			case atom.P:
				it.inP = true
			case atom.Form:
				pi.forms++
			}
			if it.inBody && !it.inAside && len(pi.asides) < maxAsides && namesAside(n) {
				pi.asides = append(pi.asides, n)
				it.inAside = true
			}
			if it.main == nil && n.DataAtom != atom.Main && attr(n, "role") == "main" {
				it.main = n
			}
			if it.main == n {
				if mains == nil {
					mains = map[*html.Node]int{}
				}
				mains[n] += 0
			}
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, item{n: c, inBody: it.inBody, inA: it.inA, inP: it.inP, inAside: it.inAside, main: it.main})
		}
	}
	// The first in document order wins ties, as the walk met them.
	for m, k := range mains {
		if k > pi.mainRunes || k == pi.mainRunes && pi.main != nil && before(m, pi.main) {
			pi.main, pi.mainRunes = m, k
		}
	}
	return pi
}

// before says whether element a comes before element b in the document.
func before(a, b *html.Node) bool {
	var path func(n *html.Node) []*html.Node
	path = func(n *html.Node) []*html.Node {
		var p []*html.Node
		for ; n != nil; n = n.Parent {
			p = append(p, n)
		}
		return p
	}
	pa, pb := path(a), path(b)
	i, j := len(pa)-1, len(pb)-1
	for i > 0 && j > 0 && pa[i-1] == pb[j-1] {
		i--
		j--
	}
	// pa[i] and pb[j] are siblings (or one holds the other)
	if i == 0 {
		return true
	}
	if j == 0 {
		return false
	}
	for c := pa[i].NextSibling; c != nil; c = c.NextSibling {
		if c == pb[j] {
			return true
		}
	}
	return false
}

// visibleRunes counts the runes of s that are not white space.
func visibleRunes(s string) int {
	k := 0
	for _, r := range s {
		if !unicode.IsSpace(r) {
			k++
		}
	}
	return k
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// readJSONLD records the @type values, the longest article body and the
// comments of one JSON-LD script. Malformed or oversized data is ignored:
// it is a hint, not the page.
func (pi *pageInfo) readJSONLD(s string) {
	if len(s) > maxJSONLD {
		return
	}
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return
	}
	// The decoded value is a tree of at most maxJSONLD bytes' worth of
	// nodes; walk it with an explicit stack.
	stack := []any{v}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch v := v.(type) {
		case []any:
			stack = append(stack, v...)
		case map[string]any:
			for _, t := range jsonStrings(v["@type"]) {
				pi.types[strings.ToLower(t)] = true
			}
			for _, k := range []string{"articleBody", "text"} {
				if b, ok := v[k].(string); ok && len(b) > len(pi.articleBody) && k == "articleBody" {
					pi.articleBody = b
				}
			}
			for _, k := range []string{"commentCount", "answerCount"} {
				if f, ok := v[k].(float64); ok && f > 0 && f < 1e6 {
					pi.comments += int(f)
				}
			}
			for k, c := range v {
				if k == "comment" || k == "suggestedAnswer" || k == "acceptedAnswer" {
					if l, ok := c.([]any); ok {
						pi.comments += len(l)
					} else if c != nil {
						pi.comments++
					}
				}
				stack = append(stack, c)
			}
		}
	}
}

func jsonStrings(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// hasType reports whether the JSON-LD declares any of the types.
func (pi *pageInfo) hasType(types ...string) bool {
	for _, t := range types {
		if pi.types[t] {
			return true
		}
	}
	return false
}

// runeCount is utf8.RuneCountInString, named for the call sites that count
// candidate lengths.
func runeCount(s string) int { return utf8.RuneCountInString(s) }

// minNoscriptRunes is the text a <noscript> must hold to be read as the
// page served to readers without scripts rather than a notice ("enable
// JavaScript") or a tracking pixel.
const minNoscriptRunes = 500

// unwrapNoscript replaces each outermost <noscript> holding at least
// minNoscriptRunes of text by its children, and removes the others, as a
// browser running scripts would not show them.
func unwrapNoscript(doc *html.Node) {
	var found []*html.Node
	stack := []*html.Node{doc}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type == html.ElementNode && n.DataAtom == atom.Noscript {
			// Only the outermost: each text is then counted once,
			// however deep a hostile page nests them.
			found = append(found, n)
			continue
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			stack = append(stack, c)
		}
	}
	for _, n := range found {
		if n.Parent == nil {
			continue
		}
		if textRunes(n) >= minNoscriptRunes {
			for c := n.FirstChild; c != nil; {
				next := c.NextSibling
				n.RemoveChild(c)
				n.Parent.InsertBefore(c, n)
				c = next
			}
		}
		n.Parent.RemoveChild(n)
	}
}

// textRunes counts the visible runes of the text under n.
func textRunes(n *html.Node) int {
	k := 0
	stack := []*html.Node{n}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type == html.TextNode {
			k += visibleRunes(n.Data)
			continue
		}
		if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style) {
			continue
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			stack = append(stack, c)
		}
	}
	return k
}

// maxAsides bounds the elements readPage records as asides: a hostile
// page may name every element so.
const maxAsides = 16

// namesAside reports whether a word of n's id or class names a comment
// section ("comments", "comment-list", "commentlist"), a disclaimer or a
// caption ("wp-caption-text", "media__caption"): blocks an article page
// holds inside its content that are not the article (the WCXB and Zyte
// gold texts leave captions out). These are words of web authoring, not of
// any site; "commentary" is an article.
func namesAside(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Div, atom.Section, atom.Aside, atom.Article, atom.Footer,
		atom.Ol, atom.Ul, atom.Li, atom.Dl, atom.P, atom.Table:
	default:
		// An inline element so named is a word of the text (a
		// highlighter's "hljs-comment" in a code block) or a link
		// to the comments.
		return false
	}
	for _, a := range n.Attr {
		if a.Key != "id" && a.Key != "class" {
			continue
		}
		s := a.Val
		for i := 0; i < len(s); {
			c := s[i] | 0x20
			if c < 'a' || c > 'z' {
				i++
				continue
			}
			j := i
			for j < len(s) && ('a' <= s[j]|0x20 && s[j]|0x20 <= 'z') {
				j++
			}
			w := s[i:j]
			if len(w) >= 7 && asciiFoldPrefix(w, "comment") && !(len(w) >= 9 && asciiFoldPrefix(w, "commentar")) ||
				len(w) >= 8 && asciiFoldPrefix(w, "disclaim") || len(w) >= 7 && asciiFoldPrefix(w, "caption") {
				return true
			}
			i = j
		}
	}
	return false
}

// pruneAsides removes an article page's comment sections, disclaimers and captions
// (pi.asides) before the extractors run: trafilatura and readability keep
// them when they sit inside the article's element, and the page's main area
// holds them. An element holding an <h1> or half the page's text is kept
// whatever its words: it wraps the article ("post has-comments").
func pruneAsides(pi pageInfo) {
	for _, n := range pi.asides {
		if n.Parent == nil {
			continue
		}
		k, h1 := 0, false
		stack := []*html.Node{n}
		for len(stack) > 0 && !h1 {
			m := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			switch {
			case m.Type == html.TextNode:
				k += visibleRunes(m.Data)
				continue
			case m.Type != html.ElementNode:
				continue
			case m.DataAtom == atom.H1:
				h1 = true
			case m.DataAtom == atom.Script || m.DataAtom == atom.Style:
				continue
			}
			for c := m.FirstChild; c != nil; c = c.NextSibling {
				stack = append(stack, c)
			}
		}
		if h1 || 2*k >= pi.textRunes {
			continue
		}
		n.Parent.RemoveChild(n)
	}
}
