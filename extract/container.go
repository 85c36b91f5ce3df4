package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// trimOutsideArticle drops the paragraphs at the end of an article's body
// that lie outside the page element that holds the body, and, after the
// body's last long paragraph of prose, those inside it in a block mostly of
// links (with the heading above such a run). The element is the one that
// holds containerShare of the body's text, found by mapping each paragraph
// to the block element of the page (root, the parsed <body>) whose text
// starts it. Teaser lists, calls to action, an author's card and boxes
// that the page puts after its article leave; a closing line of the
// article stays, however short. Paragraphs that cannot be mapped stop the
// trim. It drops at most outsideTail of the body's words and
// maxOutsideParas paragraphs, and looks at no body of more than
// maxContainerParas paragraphs: the page's tree is walked once, each
// paragraph climbs its ancestors once, and each block of the tail is
// measured once.
func trimOutsideArticle(body string, root *html.Node) string {
	if root == nil || body == "" {
		return body
	}
	paras := strings.Split(body, "\n\n")
	last := len(paras) - 1
	for last >= 0 && !(isProse(paras[last]) && wordCount(paras[last]) >= minLongProse) {
		last--
	}
	if last < 0 || len(paras) > maxContainerParas {
		return body
	}
	nodes := paraNodes(root, paras)
	if nodes[len(paras)-1] == nil {
		return body
	}
	// The article's element holds a run of the paragraphs (they are in
	// the page's order) of containerShare of the text, so it holds the
	// paragraph at the middle of the text: it is the first of that
	// paragraph's ancestors, going up, to hold that share.
	total := 0
	runes := make([]int, len(paras))
	for i, p := range paras {
		runes[i] = visibleRunes(p)
		total += runes[i]
	}
	mid, cum := 0, 0
	for mid < len(paras)-1 && 2*(cum+runes[mid]) < total {
		cum += runes[mid]
		mid++
	}
	if nodes[mid] == nil {
		return body
	}
	var chain []*html.Node
	at := map[*html.Node]int{}
	for n := nodes[mid]; n != nil; n = n.Parent {
		at[n] = len(chain)
		chain = append(chain, n)
		if n == root {
			break
		}
	}
	held := make([]int, len(chain))
	count := make([]int, len(chain))
	for i, n := range nodes {
		for ; n != nil; n = n.Parent {
			if c, ok := at[n]; ok {
				held[c] += runes[i]
				count[c]++
				break
			}
			if n == root {
				break
			}
		}
	}
	var box *html.Node
	cum = 0
	heldParas := 0
	for c, k := range held {
		cum += k
		heldParas += count[c]
		// Two paragraphs at least: one long paragraph of the
		// article is not its element.
		if heldParas >= 2 && float64(cum) >= containerShare*float64(total) {
			box = chain[c]
			break
		}
	}
	if box == nil || box == root {
		return body
	}
	words, dropped := 0, 0
	for _, p := range paras {
		words += wordCount(p)
	}
	dense := map[*html.Node]bool{}
	prose := 0
	j := len(paras)
	for j > 1 && len(paras)-j < maxOutsideParas {
		n := nodes[j-1]
		if n == nil || n == root {
			break
		}
		heading := j < len(paras) && isHeading(n)
		if holds(box, n) && (j <= last+1 || !heading) {
			if j <= last+1 {
				break
			}
			// Several paragraphs may share one block: it is
			// measured once.
			d, ok := dense[n]
			if !ok {
				d = linkDense(n)
				dense[n] = d
			}
			if !d {
				break
			}
		}
		if j <= last+1 {
			// Outside the element, from the last long paragraph of
			// prose back: an author's card or a call to action
			// holds one or two paragraphs; more are the article's
			// last sections, which the page put in an element of
			// their own.
			if prose++; prose > maxOutsideProse {
				break
			}
		}
		dropped += wordCount(paras[j-1])
		j--
	}
	if j == len(paras) || float64(dropped) > outsideTail*float64(words) {
		return body
	}
	return strings.Join(paras[:j], "\n\n")
}

// holds reports whether a is n or an ancestor of n.
func holds(a, n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == a {
			return true
		}
	}
	return false
}

// minLongProse, containerShare and maxContainerParas set
// trimOutsideArticle: a paragraph of prose of minLongProse words or more
// is the article's, the element holding containerShare of the body's text
// is the article's element (set on WCXB dev, checked on the Zyte pages).
const (
	minLongProse      = 20
	containerShare    = 2.0 / 3
	maxContainerParas = 2000
	// linkDenseShare: a block after the article's last prose with this
	// share of its text in links is a teaser list or a link line.
	linkDenseShare = 0.7
	// maxOutsideProse: at most this many paragraphs at or before the
	// last long prose paragraph leave with the element's outside.
	maxOutsideProse = 2
	// paraLookahead: a paragraph the cleaning changed (a credit cut off
	// its start) is skipped, and the next ones are looked for.
	paraLookahead = 4
	// paraPrefix: a text node and a paragraph that agree on this many
	// runes that are not space (or on all of the shorter) start alike.
	paraPrefix = 32
)

// paraNodes maps the paragraphs of a body (in order) to the block elements
// of root whose text starts each of them, nil for those not found: the text
// nodes are met in document order, and each is compared with the start of
// the next paragraphs not yet found.
func paraNodes(root *html.Node, paras []string) []*html.Node {
	nodes := make([]*html.Node, len(paras))
	first := make([]rune, len(paras))
	for i, p := range paras {
		first[i] = firstRune(p)
	}
	next := 0
	stack := []*html.Node{root}
	for len(stack) > 0 && next < len(paras) {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch n.Type {
		case html.TextNode:
			f := firstRune(n.Data)
			if f == 0 {
				continue
			}
			for j := next; j < len(paras) && j < next+paraLookahead; j++ {
				if first[j] == f && startsAlike(n.Data, paras[j]) {
					nodes[j] = blockOf(n, root)
					next = j + 1
					break
				}
			}
			continue
		case html.ElementNode:
			if skipTags[n.Data] {
				continue
			}
		case html.CommentNode, html.DoctypeNode:
			continue
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
	return nodes
}

// startsAlike reports whether text node t starts paragraph p: their runes
// that are not space agree up to paraPrefix of them, or to the end of t
// when t holds at least min(8, p's) of them (a paragraph whose first words
// are a link starts with a short text node).
func startsAlike(t, p string) bool {
	k, i, j := 0, 0, 0
	for k < paraPrefix {
		var a, b rune
		a, i = nextVisible(t, i)
		b, j = nextVisible(p, j)
		if a == 0 || b == 0 {
			// one ended: t is a short text node, or p a short
			// paragraph
			return k > 0 && (b == 0 || k >= 8)
		}
		if a != b {
			return false
		}
		k++
	}
	return true
}

// blockOf is the nearest block element holding n (root at most).
func blockOf(n, root *html.Node) *html.Node {
	for m := n.Parent; m != nil; m = m.Parent {
		if m == root || m.Type == html.ElementNode && blockTags[m.Data] {
			return m
		}
	}
	return root
}

// isHeading reports an <h1>-<h6>.
func isHeading(n *html.Node) bool {
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

// linkDense reports a block whose text is mostly (linkDenseShare) in links:
// a list of other pages' titles, a "read more" line.
func linkDense(n *html.Node) bool {
	k := textRunes(n)
	return k > 0 && float64(linkRunes(n)) >= linkDenseShare*float64(k)
}

// firstRune is the first rune of s that is not space, 0 when none is.
func firstRune(s string) rune {
	r, _ := nextVisible(s, 0)
	return r
}

// nextVisible returns the first rune of s from byte i on that is not
// space, and the byte after it; 0 and len(s) when there is none.
func nextVisible(s string, i int) (rune, int) {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if !unicode.IsSpace(r) {
			return r, i
		}
	}
	return 0, i
}
