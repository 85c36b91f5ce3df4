package extract

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rapporteur/rapporteur"
)

// Furniture kinds (see lexicon furniture.txt).
const (
	furnLine = iota + 1
	furnHeading
	furnTail
)

type furnitureRule struct {
	kind int
	re   *regexp.Regexp
	pre  prefilter
}

func loadFurniture(lng string) ([]furnitureRule, error) {
	rules, err := loadRules(lng, "furniture")
	if err != nil {
		return nil, err
	}
	kinds := map[string]int{"line": furnLine, "heading": furnHeading, "tail": furnTail}
	out := make([]furnitureRule, 0, len(rules))
	for _, r := range rules {
		k, ok := kinds[r[0]]
		if !ok {
			return nil, fmt.Errorf("lexicon %s/furniture: unknown kind %q", lng, r[0])
		}
		re, err := compileWhole(r[1])
		if err != nil {
			return nil, fmt.Errorf("lexicon %s/furniture: %w", lng, err)
		}
		out = append(out, furnitureRule{k, re, newPrefilter(r[1])})
	}
	// Tail rules first: "Comments" ends the article even though a line
	// rule would also drop it alone.
	var sorted []furnitureRule
	for _, k := range []int{furnTail, furnHeading, furnLine} {
		for _, r := range out {
			if r.kind == k {
				sorted = append(sorted, r)
			}
		}
	}
	return sorted, nil
}

// Short lines: only these are tested against the furniture rules, so that
// a sentence of the story is never dropped for a word it contains.
const (
	shortWords = 25
	shortRunes = 220
)

func isShort(s string) bool {
	if len(s) > 4*shortRunes {
		return false
	}
	return utf8.RuneCountInString(s) <= shortRunes && wordCount(s) <= shortWords
}

func wordCount(s string) int {
	n := 0
	in := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			in = false
		} else if !in {
			in = true
			n++
		}
	}
	return n
}

// headlineLike is a short line that does not end like a sentence: the
// items of a list of links.
func headlineLike(s string) bool {
	if wordCount(s) > 20 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	return !strings.ContainsRune(".!:;,\"”’»)…", r)
}

// endsParagraph reports whether a line ends like the last line of a
// paragraph, so that a single line break after it is a paragraph break.
func endsParagraph(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".!?:\"”’»)…", r)
}

func (x *Extractor) furnitureKind(s string) int {
	lower := strings.ToLower(s)
	for _, r := range x.furniture {
		if r.pre.mayMatch(lower) && r.re.MatchString(s) {
			return r.kind
		}
	}
	return 0
}

// tailHeading reports whether s is a comment section's heading: the tail
// rules alone, which loadFurniture sorts first, are tried.
func (x *Extractor) tailHeading(s string) bool {
	lower := ""
	for _, r := range x.furniture {
		if r.kind != furnTail {
			return false
		}
		if lower == "" {
			lower = strings.ToLower(s)
		}
		if r.pre.mayMatch(lower) && r.re.MatchString(s) {
			return true
		}
	}
	return false
}

// beforeTail is the text of paragraphs (joined with "\n\n") up to its
// comment section's heading, where the cleaning of an article cuts it.
func (x *Extractor) beforeTail(text string) string {
	for i := 0; i < len(text); {
		j := strings.Index(text[i:], "\n\n")
		end := len(text)
		if j >= 0 {
			end = i + j
		}
		if l := text[i:end]; i > 0 && isShort(l) && x.tailHeading(l) {
			return text[:i]
		}
		if j < 0 {
			break
		}
		i = end + 2
	}
	return text
}

// srcLine is one non-blank line of the input. text is the line trimmed;
// rstart the code point offset of text in the input.
type srcLine struct {
	text        string
	rstart      int
	blankBefore bool
}

// splitLines cuts src[from:] into trimmed non-blank lines with their code
// point offsets, marking the lines that follow a blank line.
func splitLines(src string, from int) []srcLine {
	var out []srcLine
	rpos := utf8.RuneCountInString(src[:from])
	blank := false
	for i := from; i < len(src); {
		j := strings.IndexByte(src[i:], '\n')
		end := len(src)
		if j >= 0 {
			end = i + j
		}
		raw := src[i:end]
		t := strings.TrimLeftFunc(raw, unicode.IsSpace)
		lead := utf8.RuneCountInString(raw[:len(raw)-len(t)])
		t = strings.TrimRightFunc(t, unicode.IsSpace)
		if t == "" {
			blank = true
		} else {
			out = append(out, srcLine{t, rpos + lead, blank})
			blank = false
		}
		rpos += utf8.RuneCountInString(raw) + 1
		if j < 0 {
			break
		}
		i = end + 1
	}
	return out
}

// cleaned is a body after cleaning.
type cleaned struct {
	body    string
	credits []rapporteur.Credit
	authors []string
}

// keptLine is a line that stays in the body.
type keptLine struct {
	text        string
	rstart      int
	blankBefore bool
}

// clean reads the body in src from byte from on: credit lines and page
// furniture leave it, the comment section at its end is cut off, lines are
// joined into paragraphs, and white space is normalised. Removed credits'
// evidence indexes src.
func (x *Extractor) clean(src string, from int) cleaned {
	return x.cleanBody(src, from, true)
}

// cleanBody is clean; cutTail says whether a comment section's heading
// ends the body. Only an article has comments after its main text: on a
// forum thread "12 replies" heads the replies, which are its main text,
// and on a listing "3 comments" is one entry's count. There the heading
// alone leaves. Likewise a list of links under "Related" or "Topics" is
// dropped only from an article: a listing or a collection is made of such
// lists.
func (x *Extractor) cleanBody(src string, from int, cutTail bool) cleaned {
	lines := splitLines(src, from)
	named := agencyNames{x: x, src: src}
	var (
		kept    []keptLine
		fs      []found
		authors []string
		sepNext bool // a dropped line separates what is around it
		inList  bool
	)
	for _, l := range lines {
		if l.blankBefore {
			sepNext = true
		}
		if ms, people, need, ok := x.lineCredit(l.text); ok {
			for _, m := range ms {
				fs = append(fs, x.removedCredit(l, m.name, m.start, m.end))
			}
			if need != "" && named.names(need, byteOffset(src, l.rstart), byteOffset(src, l.rstart)+len(l.text)) {
				fs = append(fs, x.removedCredit(l, need, 0, len(l.text)))
			}
			authors = append(authors, people...)
			sepNext = true
			continue
		}
		if isShort(l.text) {
			switch x.furnitureKind(l.text) {
			case furnTail:
				if len(kept) > 0 && cutTail {
					goto done
				}
				sepNext = true
				continue
			case furnHeading:
				inList = cutTail // an article's
				sepNext = true
				continue
			case furnLine:
				sepNext = true
				continue
			}
			if inList && headlineLike(l.text) {
				sepNext = true
				continue
			}
		}
		inList = false
		text := l.text
		if cut, ms := x.tailCredit(text); cut >= 0 {
			for _, m := range ms {
				fs = append(fs, x.removedCredit(l, m.name, m.start, m.end))
			}
			text = strings.TrimRightFunc(text[:cut], unicode.IsSpace)
		}
		kept = append(kept, keptLine{text, l.rstart, sepNext || len(kept) == 0})
		sepNext = false
	}
done:
	paras, starts := joinParagraphs(kept)
	body := strings.Join(paras, "\n\n")
	fs = append(fs, x.leadCredits(paras, starts)...)
	return cleaned{body: body, credits: finishCredits(fs), authors: dedupe(authors)}
}

// removedCredit is a credit read on line l at byte offsets [s, e) of
// l.text, whose line leaves the body.
func (x *Extractor) removedCredit(l srcLine, name string, s, e int) found {
	start := l.rstart + utf8.RuneCountInString(l.text[:s])
	end := start + utf8.RuneCountInString(l.text[s:e])
	return found{rapporteur.Credit{
		Name:     name,
		Evidence: rapporteur.Span{Start: start, End: end, Text: l.text[s:e]},
		Removed:  true,
	}, start}
}

// leadCredits finds datelines at the start of the first paragraphs. Their
// evidence indexes the body joined from paras; order uses the input
// offsets in starts.
func (x *Extractor) leadCredits(paras []string, starts []int) []found {
	var fs []found
	off := 0
	for i, p := range paras {
		if i >= 3 {
			break
		}
		if ms := x.leadCredit(p); len(ms) > 0 {
			for _, m := range ms {
				s := off + utf8.RuneCountInString(p[:m.start])
				e := s + utf8.RuneCountInString(p[m.start:m.end])
				fs = append(fs, found{rapporteur.Credit{
					Name:     m.name,
					Evidence: rapporteur.Span{Start: s, End: e, Text: p[m.start:m.end]},
				}, starts[i]})
			}
			break
		}
		off += utf8.RuneCountInString(p) + 2
	}
	return fs
}

// joinParagraphs turns kept lines into paragraphs. Lines after a blank (or
// dropped) line start a paragraph. Within a block of adjacent lines, a line
// break is a paragraph break when the line before it ends like a
// paragraph or is much shorter than the block's longest line; otherwise
// the text was wrapped and the lines are joined with a space.
func joinParagraphs(lines []keptLine) (paras []string, starts []int) {
	for i := 0; i < len(lines); {
		j := i + 1
		for j < len(lines) && !lines[j].blankBefore {
			j++
		}
		block := lines[i:j]
		longest := 0
		for _, l := range block {
			longest = max(longest, utf8.RuneCountInString(l.text))
		}
		var cur strings.Builder
		curStart := block[0].rstart
		for k, l := range block {
			t := collapseSpace(l.text)
			if k > 0 {
				prev := block[k-1].text
				if endsParagraph(prev) || utf8.RuneCountInString(prev)*10 < longest*6 {
					if cur.Len() > 0 {
						paras = append(paras, cur.String())
						starts = append(starts, curStart)
					}
					cur.Reset()
					curStart = l.rstart
				} else if cur.Len() > 0 {
					cur.WriteByte(' ')
				}
			}
			cur.WriteString(t)
		}
		if cur.Len() > 0 {
			paras = append(paras, cur.String())
			starts = append(starts, curStart)
		}
		i = j
	}
	return paras, starts
}

// scanCredits finds the credits of a body used verbatim: nothing leaves
// it, and every evidence indexes src.
func (x *Extractor) scanCredits(src string) cleaned {
	var fs []found
	var authors []string
	lines := splitLines(src, 0)
	named := agencyNames{x: x, src: src}
	leadTried := 0
	for _, l := range lines {
		if ms, people, need, ok := x.lineCredit(l.text); ok {
			for _, m := range ms {
				f := x.removedCredit(l, m.name, m.start, m.end)
				f.Removed = false
				fs = append(fs, f)
			}
			if need != "" && named.names(need, byteOffset(src, l.rstart), byteOffset(src, l.rstart)+len(l.text)) {
				f := x.removedCredit(l, need, 0, len(l.text))
				f.Removed = false
				fs = append(fs, f)
			}
			authors = append(authors, people...)
			continue
		}
		if leadTried < 3 && (l.blankBefore || leadTried == 0) {
			leadTried++
			if ms := x.leadCredit(l.text); len(ms) > 0 {
				for _, m := range ms {
					f := x.removedCredit(l, m.name, m.start, m.end)
					f.Removed = false
					fs = append(fs, f)
				}
				leadTried = 3
			}
		}
		if cut, ms := x.tailCredit(l.text); cut >= 0 {
			for _, m := range ms {
				f := x.removedCredit(l, m.name, m.start, m.end)
				f.Removed = false
				fs = append(fs, f)
			}
		}
	}
	return cleaned{body: src, credits: finishCredits(fs), authors: dedupe(authors)}
}

// byteOffset converts a code point offset into s to a byte offset.
func byteOffset(s string, runes int) int {
	n := 0
	for i := range s {
		if n == runes {
			return i
		}
		n++
	}
	return len(s)
}

func dedupe(ss []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
