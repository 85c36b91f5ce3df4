package extract

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/lexicon"
)

// agencyTable resolves agency names and aliases to canonical names.
type agencyTable struct {
	exact map[string]string // alias → canonical, as written
	fold  map[string]string // lower-cased alias → canonical, long aliases only
	scan  *regexp.Regexp    // any alias, as a whole word
	// first holds the longest word of every alias, as written and
	// lower-cased for long aliases: a line none of whose words is here names
	// no agency, which spares the regexps most lines.
	first map[string]bool
}

// minFoldRunes is the shortest alias also matched regardless of case:
// "REUTERS" is Reuters, but "ap" or "Pa" are not agencies.
const minFoldRunes = 4

func loadAgencies(lng string) (*agencyTable, error) {
	rows, err := lexicon.Fields(lng, "agencies")
	if err != nil {
		return nil, err
	}
	t := &agencyTable{exact: map[string]string{}, fold: map[string]string{}, first: map[string]bool{}}
	var all []string
	for _, row := range rows {
		canon := row[0]
		for _, alias := range row {
			if alias == "" {
				continue
			}
			t.exact[alias] = canon
			// The longest word of the alias is the rarest in text: a
			// line without it cannot name the agency.
			w := ""
			for _, word := range strings.FieldsFunc(alias, notWordRune) {
				if len(word) > len(w) {
					w = word
				}
			}
			t.first[w] = true
			if utf8.RuneCountInString(alias) >= minFoldRunes {
				t.fold[strings.ToLower(alias)] = canon
				t.first[strings.ToLower(w)] = true
			}
			all = append(all, alias)
		}
	}
	// Longest first, so that "Associated Press Television News" wins over
	// "Associated Press" in the leftmost-first alternation.
	sort.Slice(all, func(i, j int) bool {
		if len(all[i]) != len(all[j]) {
			return len(all[i]) > len(all[j])
		}
		return all[i] < all[j]
	})
	for i, a := range all {
		all[i] = regexp.QuoteMeta(a)
	}
	t.scan, err = regexp.Compile(`(?:^|[^\p{L}\p{N}])(` + strings.Join(all, "|") + `)(?:[^\p{L}\p{N}]|$)`)
	if err != nil {
		return nil, fmt.Errorf("lexicon %s/agencies: %w", lng, err)
	}
	return t, nil
}

// lookup resolves one name: as written, without a leading "The", or
// ignoring case for long aliases.
func (t *agencyTable) lookup(name string) (string, bool) {
	if c, ok := t.exact[name]; ok {
		return c, true
	}
	if c, ok := t.fold[strings.ToLower(name)]; ok {
		return c, true
	}
	return "", false
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }

// mayName reports whether s may name an agency: one of its words is the
// longest word of an alias.
func (t *agencyTable) mayName(s string) bool {
	for len(s) > 0 {
		i := strings.IndexFunc(s, func(r rune) bool { return !notWordRune(r) })
		if i < 0 {
			return false
		}
		s = s[i:]
		j := strings.IndexFunc(s, notWordRune)
		if j < 0 {
			j = len(s)
		}
		w := s[:j]
		if t.first[w] || len(w) >= minFoldRunes && t.first[strings.ToLower(w)] {
			return true
		}
		s = s[j:]
	}
	return false
}

// agencyMatch is an agency named in a string; start and end are byte
// offsets into that string.
type agencyMatch struct {
	name       string
	start, end int
}

// find returns every alias named in s as a whole word.
func (t *agencyTable) find(s string) []agencyMatch {
	var out []agencyMatch
	pos := 0
	for pos < len(s) {
		m := t.scan.FindStringSubmatchIndex(s[pos:])
		if m == nil {
			break
		}
		start, end := pos+m[2], pos+m[3]
		out = append(out, agencyMatch{t.exact[s[start:end]], start, end})
		pos = end
	}
	return out
}

// creditRule is one construction of credits.txt.
type creditRule struct {
	kind  string // line, line-strict, lead, tail-strict, reporting, reporter, …
	agent string // for reporting=X: the agency X
	re    *regexp.Regexp
	group int // index of the agencies or people group, 0 if none
	cut   int // index of the cut group of a tail rule, 0 if none
	pre   prefilter
}

func loadCredits(lng string) ([]creditRule, error) {
	rules, err := loadRules(lng, "credits")
	if err != nil {
		return nil, err
	}
	var out []creditRule
	for _, r := range rules {
		kind, expr := r[0], r[1]
		cr := creditRule{kind: kind}
		if k, agent, ok := strings.Cut(kind, "="); ok {
			cr.kind, cr.agent = k, agent
		}
		switch cr.kind {
		case "lead":
			cr.re, err = regexp.Compile(`(?i)^(?:` + expr + `)`)
		case "tail-strict":
			cr.re, err = regexp.Compile(`(?i)(?:` + expr + `)$`)
		case "separator", "name-tail":
			cr.re, err = regexp.Compile(`(?i)` + expr)
		case "article":
			cr.re, err = regexp.Compile(`(?i)^(?:` + expr + `)`)
		case "line", "line-strict", "reporting", "reporter", "generic":
			cr.re, err = compileWhole(expr)
			cr.pre = newPrefilter(expr)
		default:
			err = fmt.Errorf("unknown kind %q", kind)
		}
		if err != nil {
			return nil, fmt.Errorf("lexicon %s/credits: %s: %w", lng, expr, err)
		}
		if i := cr.re.SubexpIndex("agencies"); i > 0 {
			cr.group = i
		} else if i := cr.re.SubexpIndex("people"); i > 0 {
			cr.group = i
		}
		cr.cut = cr.re.SubexpIndex("cut")
		out = append(out, cr)
	}
	return out, nil
}

// creditWords holds the helper expressions of credits.txt.
type creditWords struct {
	separator, generic, nameTail, article *regexp.Regexp
}

func newCreditWords(rules []creditRule) (creditWords, error) {
	var w creditWords
	for _, r := range rules {
		switch r.kind {
		case "separator":
			w.separator = r.re
		case "generic":
			w.generic = r.re
		case "name-tail":
			w.nameTail = r.re
		case "article":
			w.article = r.re
		}
	}
	if w.separator == nil || w.generic == nil || w.nameTail == nil || w.article == nil {
		return w, fmt.Errorf("lexicon credits: want separator, generic, name-tail and article rules")
	}
	return w, nil
}

// strictAgencies resolves a group that must hold nothing but agency names,
// separators and generic words ("agencies"). It returns nil when any part
// is something else.
func (x *Extractor) strictAgencies(group string) []agencyMatch {
	var out []agencyMatch
	pos := 0
	bounds := x.words.separator.FindAllStringIndex(group, -1)
	bounds = append(bounds, []int{len(group), len(group)})
	for _, b := range bounds {
		part := group[pos:b[0]]
		start := pos
		pos = b[1]
		trimmed := strings.TrimLeftFunc(part, unicode.IsSpace)
		start += len(part) - len(trimmed)
		trimmed = strings.TrimRightFunc(trimmed, func(r rune) bool { return unicode.IsSpace(r) || r == '.' })
		if trimmed == "" {
			continue
		}
		if x.words.generic.MatchString(trimmed) {
			continue
		}
		name, ok := x.agencies.lookup(trimmed)
		if loc := x.words.article.FindStringIndex(trimmed); !ok && loc != nil {
			rest := trimmed[loc[1]:]
			if name, ok = x.agencies.lookup(rest); ok {
				start += loc[1]
				trimmed = rest
			}
		}
		if !ok {
			return nil
		}
		out = append(out, agencyMatch{name, start, start + len(trimmed)})
	}
	return out
}

// found is a credit found in a coordinate system: start and end are code
// point offsets, order the position in the input that sorts credits by
// first appearance.
type found struct {
	rapporteur.Credit
	order int
}

// maxCreditLine is the longest line (bytes) tested as a credit line; the
// longest, a wire copyright notice, is about 200.
const maxCreditLine = 400

// lineCredit tests a whole line (trimmed) against the credit-line rules.
// It returns the credits named on the line, with byte offsets into line, and
// the reporters of a staff line; ok is false when the line is no credit
// line. needAgency, for a staff line, is the agency credited only if the
// article names it elsewhere.
func (x *Extractor) lineCredit(line string) (ms []agencyMatch, people []string, needAgency string, ok bool) {
	if len(line) > maxCreditLine {
		return nil, nil, "", false
	}
	names := x.agencies.mayName(line)
	lower := strings.ToLower(line)
	for i := range x.credits {
		cr := &x.credits[i]
		switch cr.kind {
		case "line", "line-strict":
			if !names || !cr.pre.mayMatch(lower) {
				continue
			}
			m := cr.re.FindStringSubmatchIndex(line)
			if m == nil || cr.group == 0 || m[2*cr.group] < 0 {
				continue
			}
			gs, ge := m[2*cr.group], m[2*cr.group+1]
			if cr.kind == "line" {
				ms = x.agencies.find(line[gs:ge])
			} else {
				ms = x.strictAgencies(line[gs:ge])
			}
			if len(ms) == 0 {
				continue
			}
			for j := range ms {
				ms[j].start += gs
				ms[j].end += gs
			}
			return ms, nil, "", true
		case "reporting":
			if !cr.pre.mayMatch(lower) || !cr.re.MatchString(line) {
				continue
			}
			return nil, x.reporters(line), cr.agent, true
		}
	}
	return nil, nil, "", false
}

// reporters returns the people a staff line names as reporters or writers
// (not its editors): they are the article's authors.
func (x *Extractor) reporters(line string) []string {
	var out []string
	for _, part := range strings.Split(line, ";") {
		part = strings.TrimSpace(part)
		for i := range x.credits {
			cr := &x.credits[i]
			if cr.kind != "reporter" {
				continue
			}
			m := cr.re.FindStringSubmatch(part)
			if m == nil || cr.group == 0 {
				continue
			}
			for _, name := range x.words.separator.Split(m[cr.group], -1) {
				if loc := x.words.nameTail.FindStringIndex(name); loc != nil {
					name = name[:loc[0]]
				}
				name = strings.Trim(collapseSpace(name), " .")
				if isPersonName(name) {
					out = append(out, name)
				}
			}
			break
		}
	}
	return out
}

// isPersonName accepts two to five capitalised words: what a byline
// holds, not "staff" or a sentence.
func isPersonName(s string) bool {
	words := strings.Fields(s)
	if len(words) < 2 || len(words) > 5 {
		return false
	}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// leadCredit finds a dateline credit at the start of a paragraph
// ("WASHINGTON (AP) — "). Offsets are bytes into para.
func (x *Extractor) leadCredit(para string) []agencyMatch {
	if i := strings.IndexByte(para, ')'); i < 0 || i > 200 || !x.agencies.mayName(para[:i]) {
		// A dateline's agency is in parentheses near the start.
		return nil
	}
	for i := range x.credits {
		cr := &x.credits[i]
		if cr.kind != "lead" {
			continue
		}
		m := cr.re.FindStringSubmatchIndex(para)
		if m == nil || cr.group == 0 || m[2*cr.group] < 0 {
			continue
		}
		gs, ge := m[2*cr.group], m[2*cr.group+1]
		if !placeLike(para[:gs]) || len(x.agencies.find(para[:gs])) > 0 || !opensSentence(para[ge:m[1]], para[m[1]:]) {
			// Not "KYIV (AP) — …" but "The Associated Press (AP)
			// announced …": an agency named in a sentence.
			continue
		}
		ms := x.strictAgencies(para[gs:ge])
		for j := range ms {
			ms[j].start += gs
			ms[j].end += gs
		}
		if len(ms) > 0 {
			return ms
		}
	}
	return nil
}

// tailCredit finds a credit closing a line ("… on Monday. — AFP"). It
// returns the byte offset where the credit starts (the line is cut there)
// and the agencies, with byte offsets into line; cut is -1 when there is
// none.
func (x *Extractor) tailCredit(line string) (cut int, ms []agencyMatch) {
	// Only the end of the line can hold the credit; bound the regexp's
	// work on long paragraphs.
	off := 0
	if len(line) > 200 {
		off = len(line) - 200
		for off < len(line) && !utf8.RuneStart(line[off]) {
			off++
		}
	}
	end := line[off:]
	if !x.agencies.mayName(end) {
		return -1, nil
	}
	for i := range x.credits {
		cr := &x.credits[i]
		if cr.kind != "tail-strict" {
			continue
		}
		m := cr.re.FindStringSubmatchIndex(end)
		if m == nil || cr.group == 0 || m[2*cr.group] < 0 {
			continue
		}
		gs, ge := m[2*cr.group], m[2*cr.group+1]
		ms := x.strictAgencies(end[gs:ge])
		if len(ms) == 0 {
			continue
		}
		c := m[0]
		if cr.cut > 0 && m[2*cr.cut] >= 0 {
			c = m[2*cr.cut]
		}
		if strings.TrimSpace(end[:c]) == "" && off == 0 {
			// The whole line is the credit: a line rule's business.
			continue
		}
		for j := range ms {
			ms[j].start += gs + off
			ms[j].end += gs + off
		}
		return c + off, ms
	}
	return -1, nil
}

// agencyNames finds the agencies named in a body once, for the credit
// lines that ask whether the body names theirs elsewhere: scanning the
// whole body again for each such line made cleaning quadratic in its
// lines.
type agencyNames struct {
	x       *Extractor
	src     string
	matches []agencyMatch
	done    bool
}

// names reports whether src names agency canon outside the byte range
// [skipStart, skipEnd).
func (a *agencyNames) names(canon string, skipStart, skipEnd int) bool {
	if !a.done {
		a.matches, a.done = a.x.agencies.find(a.src), true
	}
	for _, m := range a.matches {
		if m.name == canon && (m.end <= skipStart || m.start >= skipEnd) {
			return true
		}
	}
	return false
}

// finishCredits orders credits by first appearance and keeps the first
// credit of each agency.
func finishCredits(fs []found) []rapporteur.Credit {
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].order < fs[j].order })
	seen := map[string]bool{}
	out := []rapporteur.Credit{}
	for _, f := range fs {
		if seen[f.Name] {
			continue
		}
		seen[f.Name] = true
		out = append(out, f.Credit)
	}
	return out
}

// placeLike reports whether the text before a dateline's agency reads as
// a place and date ("KYIV, Ukraine, Sept 1"), not as a sentence that
// names an agency ("French news agency Agence France-Presse (AFP)"): a few
// words, none of them a lower-case word of three letters or more.
func placeLike(s string) bool {
	words := strings.Fields(s)
	if len(words) > 8 {
		return false
	}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLower(r) && utf8.RuneCountInString(strings.Trim(w, ".,")) >= 3 {
			return false
		}
	}
	return true
}

// opensSentence reports whether what follows a dateline's closing
// parenthesis starts the story: a dash or colon in the match (after), or
// else a capital letter, digit or quote mark.
func opensSentence(after, rest string) bool {
	if strings.ContainsAny(after, "-—–:") {
		return true
	}
	r, _ := utf8.DecodeRuneInString(strings.TrimLeftFunc(rest, unicode.IsSpace))
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("\"“‘'«", r)
}
