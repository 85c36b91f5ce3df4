package extract

import (
	"bytes"
	nurl "net/url"
	"strings"
	"time"
	gounicode "unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/gogs/chardet"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"

	"github.com/rapporteur/rapporteur"
)

// page is what the HTML stage pulls out of a page before the shared
// cleaning runs on its body.
type page struct {
	title, site, lang, author string
	published                 time.Time
	body                      string // paragraphs joined with "\n\n"
	bodyLang                  string // trafilatura's guess from the body text
	description               string // the page's meta description
	pageType                  string // see detectType
	chosen                    string // the candidate the body is from
	// area is the text of the page's main area without its furniture,
	// when the body is an article extractor's answer on an article page:
	// trimOutsideMain reads it after the cleaning.
	area string
	// root is the page's <body> on an article page that no extractor
	// changed (readability did not run): trimOutsideArticle maps the
	// body's paragraphs onto it.
	root *html.Node
}

// decodeHTML converts page to UTF-8: a byte-order mark first; then bytes
// that are valid UTF-8 are taken as UTF-8 whatever the page declares (saved
// and re-served pages keep a stale <meta charset>, and text in another
// charset is almost never valid UTF-8); then the charset of the HTTP
// Content-Type (contentType, "" when unknown) or of a <meta>; then a
// statistical guess.
func decodeHTML(b []byte, contentType string) ([]byte, error) {
	if bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		return b[3:], nil
	}
	enc, name, certain := charset.DetermineEncoding(b, contentType)
	if !certain || name != "utf-16le" && name != "utf-16be" {
		if utf8.Valid(b) {
			return b, nil
		}
	}
	if !certain && name != "utf-8" {
		// DetermineEncoding falls back to windows-1252 for anything that
		// is not UTF-8; an ICU-style guess on the bytes does better for
		// Cyrillic, Greek, CJK … pages saved without a declaration.
		sample := b[:min(len(b), 64<<10)]
		if r, err := chardet.NewHtmlDetector().DetectBest(sample); err == nil && r.Confidence >= 10 {
			if e, err := htmlindex.Get(r.Charset); err == nil {
				enc = e
				name, _ = htmlindex.Name(e)
			}
		}
	}
	if name == "utf-8" || enc == unicode.UTF8 {
		// Invalid sequences are mended by ToValidUTF8 on the text:
		// decoding the whole page through a transformer costs more than
		// the page.
		return b, nil
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "decode html as %s: %w", name, err)
	}
	return out, nil
}

// parseHTML extracts the article of one decoded page. It parses the page
// once; trafilatura works on its own copy of the tree and readability,
// which runs last, on the tree itself, so each takes the same one. Their answers are candidates, and choose picks one by
// signals that hold on any site (see candidates.go).
func parseHTML(b []byte, pageURL string) (page, error) {
	doc, u, err := parseDoc(b, pageURL)
	if err != nil {
		return page{}, err
	}
	p, cands, pi := readCandidates(doc, u)
	for i, c := range cands {
		// Compared without their copies: a page candidate holding the
		// article twice is not twice as long.
		if b := dropRepeats(c.body, p.pageType); len(b) < len(c.body) {
			d := textCandidate(c.name, b)
			d.linkRunes = min(c.linkRunes, d.runes)
			cands[i] = d
		}
	}
	c := choose(p.pageType, cands, pi)
	p.body, p.chosen = c.body, c.name
	if pg, ok := find(cands, "page"); ok && p.pageType == Article && c.name != "page" {
		p.area = pg.body
	}
	if c.name != "trafilatura" {
		p.bodyLang = ""
	}
	return finishPage(p, u), nil
}

// parseDoc parses a decoded page and its URL (nil when unknown or not
// absolute).
func parseDoc(b []byte, pageURL string) (*html.Node, *nurl.URL, error) {
	// html.Parse refuses elements nested more than 512 deep, which bounds
	// the recursion of the extractors below.
	// Parsed as a browser without scripts reads it, so that a page
	// served whole inside <noscript> (forum software does this for
	// crawlers) is a tree, not a string; unwrapNoscript then keeps only
	// such large ones.
	doc, err := html.ParseWithOptions(bytes.NewReader(b), html.ParseOptionEnableScripting(false))
	if err != nil {
		return nil, nil, rapporteur.Errorf(rapporteur.EINVALID, "parse html: %w", err)
	}
	unwrapNoscript(doc)
	u, _ := nurl.Parse(pageURL)
	if u != nil && u.Host == "" {
		u = nil
	}
	return doc, u, nil
}

// readCandidates runs the extractors over doc: go-trafilatura with its
// default options (its comments kept apart), the page's main area without
// its furniture, readability when trafilatura's answer is in doubt (see
// inDoubt), and the page's JSON-LD article body. It returns the page's
// metadata, the candidates and the page's own signals.
func readCandidates(doc *html.Node, u *nurl.URL) (page, []candidate, pageInfo) {
	pi := readPage(doc)
	pt := detectType(pi, u, nil)
	if pt == Product {
		pruneProduct(pi)
	}
	if pt == Article {
		pruneAsides(pi)
	}
	p, cands := readTrafilatura(doc, u)
	p.pageType = pt
	pg := pageCandidate(pi)
	if t, ok := find(cands, "trafilatura"); !ok || inDoubt(t, pg) {
		// Last: it changes doc.
		cands = readReadability(doc, u, &p, cands)
	} else if pt == Article {
		p.root = pi.body
	}
	cands = append(cands, pg)
	if pi.articleBody != "" {
		cands = append(cands, textCandidate("jsonld", pi.articleBody))
	}
	return p, cands, pi
}

// readTrafilatura runs go-trafilatura.
func readTrafilatura(doc *html.Node, u *nurl.URL) (page, []candidate) {
	var p page
	p.lang = htmlLang(doc)
	var cands []candidate
	opts := trafilatura.Options{OriginalURL: u}
	res, terr := trafilatura.ExtractDocument(doc, opts)
	if terr == nil && res != nil {
		m := res.Metadata
		p.title, p.site, p.author, p.published = m.Title, m.Sitename, m.Author, m.Date
		p.bodyLang = m.Language
		p.description = m.Description
		if p.site == "" {
			p.site = m.Hostname
		}
		cands = append(cands, newCandidate("trafilatura", res.ContentNode))
	}
	return p, cands
}

// readReadability runs readability, adds its answer to cands and fills
// the metadata trafilatura left empty. Readability works on doc itself,
// not on a copy: it runs last, when the other candidates are text
// already, and a copy of the tree costs a tenth of its work.
func readReadability(doc *html.Node, u *nurl.URL, p *page, cands []candidate) []candidate {
	parser := readability.NewParser()
	art, err := parser.ParseAndMutate(doc, u)
	if err != nil || art.Node == nil {
		return cands
	}
	cands = append(cands, newCandidate("readability", art.Node))
	if p.title == "" {
		p.title = art.Title()
	}
	if p.site == "" {
		p.site = art.SiteName()
	}
	if p.author == "" {
		p.author = art.Byline()
	}
	if p.lang == "" {
		p.lang = art.Language()
	}
	if p.published.IsZero() {
		if t, err := art.PublishedTime(); err == nil {
			p.published = t
		}
	}
	return cands
}

// finishPage fills what the extractors left empty and makes every field
// valid, collapsed text.
func finishPage(p page, u *nurl.URL) page {
	if p.site == "" && u != nil {
		p.site = strings.TrimPrefix(u.Hostname(), "www.")
	}
	p.title = collapseSpace(strings.ToValidUTF8(p.title, "\uFFFD"))
	p.site = collapseSpace(strings.ToValidUTF8(p.site, "\uFFFD"))
	p.author = collapseSpace(strings.ToValidUTF8(p.author, "\uFFFD"))
	p.body = dropTitle(strings.ToValidUTF8(p.body, "\uFFFD"), p.title)
	return p
}

// htmlLang returns the primary language subtag of <html lang="…">.
func htmlLang(doc *html.Node) string {
	for n := doc.FirstChild; n != nil; n = n.NextSibling {
		if n.Type == html.ElementNode && n.DataAtom == atom.Html {
			for _, a := range n.Attr {
				if a.Key == "lang" || a.Key == "xml:lang" {
					return primaryLang(a.Val)
				}
			}
		}
	}
	return ""
}

// primaryLang turns a language tag ("en-GB", "pt_BR") into its lower-case
// two-letter primary subtag, or "" when it has none.
func primaryLang(tag string) string {
	tag = strings.TrimSpace(tag)
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	tag = strings.ToLower(tag)
	if len(tag) != 2 || tag[0] < 'a' || tag[0] > 'z' || tag[1] < 'a' || tag[1] > 'z' {
		return ""
	}
	return tag
}

// blockTags are the elements whose content starts a new paragraph. They
// are matched by name: the extractors build their trees with elements that
// carry no atom.
var blockTags = map[string]bool{
	"p": true, "div": true, "h1": true, "h2": true, "h3": true, "h4": true,
	"h5": true, "h6": true, "li": true, "ul": true, "ol": true, "dl": true,
	"dt": true, "dd": true, "blockquote": true, "pre": true, "table": true,
	"tr": true, "section": true, "article": true, "header": true,
	"footer": true, "aside": true, "figure": true, "figcaption": true,
	"caption": true, "hr": true, "br": true, "body": true, "main": true,
	"nav": true, "form": true, "details": true, "summary": true,
	"address": true,
	// trafilatura's own element names, in case a tree keeps them.
	"head": true, "lb": true, "list": true, "item": true, "quote": true,
	"row": true,
}

// cellTags separate their text from the next cell with a space.
var cellTags = map[string]bool{"td": true, "th": true, "cell": true}

// skipTags never hold article text.
var skipTags = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true,
	"svg": true, "math": true, "iframe": true, "object": true,
	"button": true, "select": true, "textarea": true,
}

// blocksText renders an extracted content tree as paragraphs: each block
// element (and each <br>) ends a paragraph, white space inside a paragraph
// collapses to one space, and paragraphs are joined with a blank line. The
// extractors' own plain text runs every block together on one line.
func blocksText(root *html.Node) string {
	return renderBlocks(root, nil)
}

// renderBlocks is blocksText leaving out the elements skip reports.
func renderBlocks(root *html.Node, skip func(*html.Node) bool) string {
	return strings.Join(renderParas(root, skip), "\n\n")
}

// renderParas is renderBlocks' paragraphs, each collapsed and not empty.
func renderParas(root *html.Node, skip func(*html.Node) bool) []string {
	if root == nil {
		return nil
	}
	var out []string
	var cur strings.Builder
	flush := func() {
		if s := collapseSpace(cur.String()); s != "" {
			out = append(out, s)
		}
		cur.Reset()
	}
	type item struct {
		n    *html.Node
		exit bool // leaving a block: end the paragraph
		cell bool // leaving a cell: separate it from the next
	}
	stack := []item{{n: root}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := it.n
		if it.exit {
			flush()
			continue
		}
		if it.cell {
			cur.WriteByte(' ')
			continue
		}
		switch n.Type {
		case html.TextNode:
			writeText(&cur, n.Data)
			continue
		case html.ElementNode:
			name := strings.ToLower(n.Data)
			if skipTags[name] || skip != nil && skip(n) {
				continue
			}
			if blockTags[name] {
				flush()
				stack = append(stack, item{n: n, exit: true})
			} else if cellTags[name] {
				cur.WriteByte(' ')
				stack = append(stack, item{n: n, cell: true})
			}
		case html.CommentNode, html.DoctypeNode:
			continue
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, item{n: c})
		}
	}
	flush()
	return out
}

// writeText appends a text node. The extractors trim the text of the
// nodes they keep ("for" <a>"Larry"</a>), so, as their own plain text
// does, a space goes between two pieces that would otherwise run
// together, except around punctuation that hugs a word.
func writeText(sb *strings.Builder, t string) {
	if t == "" {
		return
	}
	if sb.Len() > 0 {
		prev, _ := utf8.DecodeLastRuneInString(sb.String())
		next, _ := utf8.DecodeRuneInString(t)
		if !gounicode.IsSpace(prev) && !gounicode.IsSpace(next) &&
			!strings.ContainsRune("([{“‘«¿¡/-–—", prev) &&
			!strings.ContainsRune(".,;:!?)]}”’»%/-–—'\"…", next) {
			sb.WriteByte(' ')
		}
	}
	sb.WriteString(t)
}

// dropRepeats removes paragraphs whose words repeat an earlier
// paragraph's. A page that shows the same text twice does it for its
// layout (a copy for another screen size, a carousel's clones, a price by
// every button, a quoted post), not to be read twice: on WCXB dev whole
// articles came out two to four times. On an article page only a copy of
// a stretch of text is dropped: a run of repeated paragraphs of
// minRepeatRun words or more that repeats most (copyShare) of the text from
// its first showing up to it. Other repeats there are the article's own
// structure (the same heading and meal under each day of a meal plan).
// Reference documentation is left alone: it repeats a field's description
// for every object that has it.
func dropRepeats(body, pageType string) string {
	if pageType == Documentation {
		return body
	}
	paras := strings.Split(body, "\n\n")
	keys := make([]string, len(paras))
	words := make([]int, len(paras)+1) // words[i]: of paras[:i]
	first := make(map[string]int, len(paras))
	var sb strings.Builder
	for i, p := range paras {
		var n int
		keys[i], n = wordKey(&sb, p)
		words[i+1] = words[i] + n
		if _, ok := first[keys[i]]; !ok {
			first[keys[i]] = i
		}
	}
	if len(first) == len(paras) {
		return body // nothing repeats: most bodies
	}
	// gone[i]: the words of paras[:i] already dropped as copies. The text
	// since a paragraph's first showing is measured without them, so that
	// a third copy is one copy's length from the first, as the second was.
	gone := make([]int, len(paras)+1)
	out := paras[:0]
	for i := 0; i < len(paras); {
		j := first[keys[i]]
		if keys[i] == "" || j == i {
			out = append(out, paras[i])
			gone[i+1] = gone[i]
			i++
			continue
		}
		if pageType != Article {
			gone[i+1] = gone[i]
			i++
			continue
		}
		// The run of paragraphs from i that repeats the one from j.
		n := 0
		for i+n < len(paras) && j+n < i && keys[i+n] == keys[j+n] {
			n++
		}
		run := words[i+n] - words[i]
		since := words[i] - words[j] - (gone[i] - gone[j])
		if run < minRepeatRun || float64(run) < copyShare*float64(since) {
			out = append(out, paras[i])
			gone[i+1] = gone[i]
			i++
			continue
		}
		for k := i; k < i+n; k++ {
			gone[k+1] = gone[k] + words[k+1] - words[k]
		}
		i += n
	}
	return strings.Join(out, "\n\n")
}

// wordKey returns p's words (runs of letters, digits and '_'),
// lower-cased and joined by single spaces, and their number: the form in
// which dropRepeats compares paragraphs. It is built in one pass into sb,
// for it runs on every paragraph of every candidate.
func wordKey(sb *strings.Builder, p string) (string, int) {
	sb.Reset()
	sb.Grow(len(p))
	n := 0
	in := false
	for _, r := range p {
		if r != '_' && !gounicode.IsLetter(r) && !gounicode.IsNumber(r) {
			in = false
			continue
		}
		if !in {
			if n > 0 {
				sb.WriteByte(' ')
			}
			n++
			in = true
		}
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			sb.WriteByte(byte(r))
		} else {
			sb.WriteRune(gounicode.ToLower(r))
		}
	}
	return sb.String(), n
}

// trimOutsideMain drops the paragraphs at the end of an article's answer
// that the page's main area without its furniture (pg) does not hold: the
// page itself puts them in a box beside its content or marks them as
// furniture (a related-posts list, a newsletter box, an author's card,
// comments outside the main element), where an article extractor kept
// them as the article's last paragraphs. It trims only an answer the area
// mostly holds (outsideCover of its words) and at most outsideTail of its
// words: else the area missed the article, not the answer its furniture.
func trimOutsideMain(body, pg string) string {
	if pg == "" || body == "" {
		return body
	}
	paras := strings.Split(body, "\n\n")
	last := len(paras) - 1
	if last == 0 || strings.Contains(pg, paras[last]) {
		return body // the common case: the area holds the last paragraph
	}
	var sb strings.Builder
	pgKeys := map[string]bool{}
	var all strings.Builder // every paragraph's key, each between spaces
	all.WriteByte(' ')
	for _, q := range strings.Split(pg, "\n\n") {
		k, _ := wordKey(&sb, q)
		pgKeys[k] = true
		all.WriteString(k)
		all.WriteByte(' ')
	}
	pgAll := all.String()
	total := 0
	n := make([]int, len(paras))
	for i, q := range paras {
		_, n[i] = wordKey(&sb, q)
		total += n[i]
	}
	j, dropped := len(paras), 0
	for j > 1 && len(paras)-j < maxOutsideParas {
		k, _ := wordKey(&sb, paras[j-1])
		if k == "" || pgKeys[k] || strings.Contains(pgAll, " "+k+" ") {
			break
		}
		dropped += n[j-1]
		if float64(dropped) > outsideTail*float64(total) {
			return body
		}
		j--
	}
	if j == len(paras) || wordShare(body, pg) < outsideCover {
		return body
	}
	return strings.Join(paras[:j], "\n\n")
}

// outsideCover, outsideTail and maxOutsideParas bound trimOutsideMain:
// set on WCXB dev (0.5-0.7 and 0.3-0.4 score alike), checked on the Zyte
// pages. maxOutsideParas bounds the searches of the page's text.
const (
	outsideCover    = 0.5
	outsideTail     = 0.3
	maxOutsideParas = 64
)

// minRepeatRun and copyShare tell a copy of an article's text from its
// structure (see dropRepeats); set on WCXB dev, checked on the Zyte pages.
const (
	minRepeatRun = 100
	copyShare    = 0.8
)

// dropTitle removes a first paragraph that repeats the title: the
// extractors keep the page's <h1>, and the title has its own field.
func dropTitle(body, title string) string {
	if title == "" {
		return body
	}
	first, rest, _ := strings.Cut(body, "\n\n")
	if strings.EqualFold(first, title) {
		return rest
	}
	return body
}
