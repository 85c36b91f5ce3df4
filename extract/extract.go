// Package extract turns an HTML page or pasted text into a clean
// rapporteur.Article: body without page furniture, title, site, authors,
// date, language and the wire credits.
//
// Datelines such as "WASHINGTON (AP) — " stay in the body, as the outlet
// published them: cutting "(AP) —" would leave "WASHINGTON The president…",
// and the place is part of the news. Their credit's evidence indexes the
// body. Credit lines that are not part of the story ("Source: Interfax,
// Associated Press", "Reporting by …; Editing by …", a closing "— AFP")
// leave the body; their evidence indexes the input as given and Removed is
// set. Relays inside sentences ("told Reuters") are left to the attribution
// stage.
package extract

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/lexicon"
)

// Input limits. A news article is tens of kilobytes; these bound the work a
// hostile or mistaken input can cause.
const (
	MaxHTML = 16 << 20 // bytes of HTML
	MaxText = 8 << 20  // bytes of plain text
)

// lang is the lexicon language used until other languages have lexicons.
const lang = "en"

// Extractor holds the lexicons extraction needs. It is safe for concurrent
// use; build one at start-up with New.
type Extractor struct {
	furniture []furnitureRule
	credits   []creditRule
	words     creditWords
	agencies  *agencyTable
	langs     *langDetector
}

// New returns an Extractor with the embedded lexicons loaded.
func New() (*Extractor, error) {
	x := &Extractor{}
	var err error
	if x.agencies, err = loadAgencies(lang); err != nil {
		return nil, err
	}
	if x.furniture, err = loadFurniture(lang); err != nil {
		return nil, err
	}
	if x.credits, err = loadCredits(lang); err != nil {
		return nil, err
	}
	if x.words, err = newCreditWords(x.credits); err != nil {
		return nil, err
	}
	if x.langs, err = loadLangs(); err != nil {
		return nil, err
	}
	return x, nil
}

// Text reads pasted plain text: a first line followed by a blank line is the
// title; page furniture and credit lines leave the body.
func (x *Extractor) Text(id, text string) (rapporteur.Article, error) {
	a := newArticle(id)
	if err := checkText(text, MaxText); err != nil {
		return a, err
	}
	title, start := splitTitle(text)
	c := x.clean(text, start)
	if c.body == "" {
		return a, rapporteur.Errorf(rapporteur.EINVALID, "no article text: only a title or page furniture")
	}
	a.Title = title
	a.Text = c.body
	a.Credits = c.credits
	a.Authors = c.authors
	a.Language = x.langs.detect(c.body, "")
	return a, nil
}

// Verbatim builds an article whose body is exactly text, with no cleaning,
// so that offsets from a gold annotation line up. Credits and language are
// still detected; every credit's evidence indexes text, and none is marked
// Removed.
func (x *Extractor) Verbatim(id, title, text string) (rapporteur.Article, error) {
	a := newArticle(id)
	a.Title, a.Text = title, text
	if err := checkText(text, MaxText); err != nil {
		return a, err
	}
	c := x.scanCredits(text)
	a.Credits = c.credits
	a.Authors = c.authors
	a.Language = x.langs.detect(text, "")
	return a, nil
}

// HTML extracts the article from an HTML page fetched from pageURL ("" when
// unknown). The body comes from go-trafilatura, or from readability when
// trafilatura finds too little; then the same cleaning as for pasted text
// runs over it, and credit lines removed there have evidence indexing the
// extracted body before that cleaning.
func (x *Extractor) HTML(id string, page []byte, pageURL string) (rapporteur.Article, error) {
	return x.HTMLFetched(id, page, pageURL, "")
}

// HTMLFetched is HTML for a page fetched over HTTP: contentType is the
// response's Content-Type header, whose charset the page is decoded with
// when its bytes are not UTF-8 and carry no byte-order mark.
func (x *Extractor) HTMLFetched(id string, page []byte, pageURL, contentType string) (rapporteur.Article, error) {
	a := newArticle(id)
	a.URL = pageURL
	if len(page) > MaxHTML {
		return a, rapporteur.Errorf(rapporteur.ETOOLARGE, "html page of %d bytes is over the %d-byte limit", len(page), MaxHTML)
	}
	if isBlank(page) {
		return a, rapporteur.Errorf(rapporteur.EINVALID, "empty html page")
	}
	b, err := decodeHTML(page, contentType)
	if err != nil {
		return a, err
	}
	if looksBinary(b) {
		return a, rapporteur.Errorf(rapporteur.EINVALID, "not an html page: binary data")
	}
	p, err := parseHTML(b, pageURL)
	if err != nil {
		return a, err
	}
	c := x.cleanBody(p.body, 0, p.pageType == Article)
	// After the cleaning, which cuts a comment section at its heading
	// and joins lines: the trim then weighs what is left of the tail.
	if b := trimOutsideMain(c.body, x.beforeTail(p.area)); len(b) < len(c.body) && keepsCredits(b, c.credits) {
		c.body = b
	}
	if b := trimOutsideArticle(c.body, p.root); len(b) < len(c.body) && keepsCredits(b, c.credits) {
		c.body = b
	}
	if c.body == "" {
		return a, rapporteur.Errorf(rapporteur.EINVALID, "no article text found in the html page")
	}
	a.Title, a.Site, a.Text = p.title, p.site, c.body
	if !p.published.IsZero() {
		t := p.published.UTC()
		a.Published = &t
	}
	a.PageType = p.pageType
	a.Authors = splitAuthors(p.author)
	if len(a.Authors) == 0 {
		a.Authors = c.authors
	}
	a.Credits = c.credits
	// Function words first: trafilatura's own guess reads the comments
	// instead of the article when they are longer.
	a.Language = x.langs.byWords(c.body)
	if a.Language == "" && p.bodyLang != "" && len(c.body) > 200 {
		a.Language = p.bodyLang
	}
	if a.Language == "" {
		a.Language = x.langs.detect(c.body, p.lang)
	}
	if a.Language == "" {
		a.Language = p.lang
	}
	return a, nil
}

// keepsCredits reports whether body still holds the evidence of every
// credit read in the text (not removed from it): a dateline among the
// first paragraphs that a trim would cut keeps them.
func keepsCredits(body string, credits []rapporteur.Credit) bool {
	n := -1
	for _, c := range credits {
		if c.Removed {
			continue
		}
		if n < 0 {
			n = utf8.RuneCountInString(body)
		}
		if c.Evidence.End > n {
			return false
		}
	}
	return true
}

// newArticle returns an empty article whose lists print as [] in JSON, as
// the contract has them, until the later stages fill them.
func newArticle(id string) rapporteur.Article {
	return rapporteur.Article{
		ID:         id,
		Credits:    []rapporteur.Credit{},
		Statements: []rapporteur.Statement{},
		Entities:   []rapporteur.Entity{},
	}
}

// checkText refuses what is not text worth reading.
func checkText(text string, limit int) error {
	if len(text) > limit {
		return rapporteur.Errorf(rapporteur.ETOOLARGE, "text of %d bytes is over the %d-byte limit", len(text), limit)
	}
	if strings.TrimSpace(text) == "" {
		return rapporteur.Errorf(rapporteur.EINVALID, "empty text")
	}
	if !utf8.ValidString(text) {
		return rapporteur.Errorf(rapporteur.EINVALID, "text is not valid utf-8")
	}
	if looksBinary([]byte(text)) {
		return rapporteur.Errorf(rapporteur.EINVALID, "not text: binary data")
	}
	return nil
}

// looksBinary reports NUL bytes or many control characters in the first
// few kilobytes: what a picture, an archive or a PDF looks like.
func looksBinary(b []byte) bool {
	b = b[:min(len(b), 8<<10)]
	ctrl := 0
	for _, c := range b {
		switch {
		case c == 0:
			return true
		case c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f':
			ctrl++
		}
	}
	return ctrl > 8 && ctrl*20 > len(b)
}

func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v' {
			return false
		}
	}
	return true
}

// maxTitleRunes is the longest first line still read as a title.
const maxTitleRunes = 300

// splitTitle returns the title and the byte offset where the body starts:
// the first non-blank line is the title when a blank line follows it, as
// news is usually pasted. Otherwise there is no title and the body is the
// whole text.
func splitTitle(text string) (string, int) {
	bom := 0
	if strings.HasPrefix(text, "\ufeff") {
		// A byte-order mark is no part of the title; offsets still count
		// it, as they index the input as given.
		bom = len("\ufeff")
	}
	i := bom
	for i < len(text) {
		j := strings.IndexByte(text[i:], '\n')
		if j < 0 {
			return "", bom
		}
		line := strings.TrimSpace(text[i : i+j])
		if line == "" {
			i += j + 1
			continue
		}
		rest := text[i+j+1:]
		k := strings.IndexByte(rest, '\n')
		if k < 0 || strings.TrimSpace(rest[:k]) != "" || utf8.RuneCountInString(line) > maxTitleRunes {
			return "", bom
		}
		return collapseSpace(line), i + j + 1
	}
	return "", bom
}

// splitAuthors splits a metadata author field ("A; B", "A, B and C").
func splitAuthors(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '|' }) {
		part = collapseSpace(part)
		if part == "" || seen[part] {
			continue
		}
		seen[part] = true
		out = append(out, part)
	}
	return out
}

// collapseSpace trims s and turns every run of white space into one space.
func collapseSpace(s string) string {
	if spaceNormal(s) {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = sb.Len() > 0
			continue
		}
		if space {
			sb.WriteByte(' ')
			space = false
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

// spaceNormal reports whether s needs no collapsing: no white space but
// single spaces between other characters. Most lines of a body are so.
func spaceNormal(s string) bool {
	prevSpace := true // a leading space needs trimming
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == ' ':
				if prevSpace {
					return false
				}
				prevSpace = true
			case c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
				return false
			default:
				prevSpace = false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return false
		}
		prevSpace = false
		i += n
	}
	return !prevSpace || s == ""
}

// ruleLine splits a lexicon line "kind | regexp" at its first '|': the
// expressions themselves contain '|'.
func ruleLine(l string) (kind, expr string, err error) {
	i := strings.IndexByte(l, '|')
	if i < 0 {
		return "", "", fmt.Errorf("rule %q: want \"kind | expression\"", l)
	}
	return strings.TrimSpace(l[:i]), strings.TrimSpace(l[i+1:]), nil
}

// compileWhole compiles a lexicon expression to match a whole line,
// ignoring case. A leading or trailing ".*" is dropped together with the
// anchor on its side: the match means the same, and the regexp engine then
// searches instead of backtracking over every split of the line, which is
// many times faster on the short lines the rules see.
func compileWhole(expr string) (*regexp.Regexp, error) {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil, err
	}
	// The dot-stars are cut from the expression as written, not by
	// printing the parsed one back (String folds the case of every
	// character class: nine tenths of the time to make an Extractor, a
	// third of a process's start). One the text does not show as ".*"
	// (a group, "(?:.*)", or a lazy ".*?") stays in it: the anchor on its
	// side goes all the same, which matches the same lines.
	start, end := "^", "$"
	if re.Op == syntax.OpConcat && len(re.Sub) > 2 {
		if isDotStar(re.Sub[0]) {
			start = ""
			if rest, ok := strings.CutPrefix(expr, ".*"); ok && !strings.HasPrefix(rest, "?") {
				expr = rest
			}
		}
		if isDotStar(re.Sub[len(re.Sub)-1]) {
			end = ""
			expr, _ = strings.CutSuffix(expr, ".*")
		}
	}
	return regexp.Compile(`(?i)` + start + `(?:` + expr + `)` + end)
}

func isDotStar(re *syntax.Regexp) bool {
	return re.Op == syntax.OpStar && len(re.Sub) == 1 && re.Sub[0].Op == syntax.OpAnyCharNotNL
}

// loadRules reads "kind | regexp" lines of a lexicon list.
func loadRules(lng, name string) ([][2]string, error) {
	lines, err := lexicon.Lines(lng, name)
	if err != nil {
		return nil, err
	}
	out := make([][2]string, 0, len(lines))
	for _, l := range lines {
		k, e, err := ruleLine(l)
		if err != nil {
			return nil, fmt.Errorf("lexicon %s/%s: %w", lng, name, err)
		}
		out = append(out, [2]string{k, e})
	}
	return out, nil
}
