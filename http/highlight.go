package http

import (
	"html"
	"html/template"
	"sort"
	"strconv"
	"strings"

	"github.com/rapporteur/rapporteur"
)

// interval is a statement's content in code points, after clipping.
type interval struct {
	start, end int
	st         int // index into the statements
}

// articleBody renders an article's text as paragraphs with each
// statement's content in a <mark> that carries a tooltip (speaker, role,
// cue, kind) shown on hover and on focus, so a tap on a phone shows it too.
//
// Offsets are code points into text. Spans out of range are clipped, and
// a span that overlaps an earlier one keeps only its part after it, so the
// marks never nest. All text is escaped; the result passes the sanitizing
// policy as well.
//
// keys[i] names statement i in the ids of its mark (st-KEY) and tooltip
// (tip-KEY), so the statement list can link to it.
func articleBody(text string, sts []rapporteur.Statement, keys []int64) template.HTML {
	runes := []rune(text)
	n := len(runes)
	var ivs []interval
	for i, st := range sts {
		a, b := clamp(st.Content.Start, 0, n), clamp(st.Content.End, 0, n)
		if a < b {
			ivs = append(ivs, interval{a, b, i})
		}
	}
	sort.SliceStable(ivs, func(i, j int) bool { return ivs[i].start < ivs[j].start })
	marked := make([]bool, len(sts))
	kept := ivs[:0]
	end := 0
	for _, iv := range ivs {
		if iv.start < end {
			iv.start = end
		}
		if iv.start < iv.end {
			kept = append(kept, iv)
			end = iv.end
			marked[iv.st] = true
		}
	}
	ivs = kept
	// A statement inside an earlier one's mark (or with no words in the
	// text) gets no mark of its own; an empty anchor at the start of its
	// paragraph keeps the links to it (#st-KEY) from the statement lists,
	// searches and feeds working.
	var anchors []interval
	for i, st := range sts {
		if !marked[i] {
			a := clamp(st.Content.Start, 0, n)
			anchors = append(anchors, interval{a, a, i})
		}
	}
	sort.SliceStable(anchors, func(i, j int) bool { return anchors[i].start < anchors[j].start })

	var b strings.Builder
	b.Grow(len(text) * 2)
	k := 0 // first interval that may still overlap
	paras := paragraphs(runes)
	for pi, para := range paras {
		b.WriteString("<p>")
		for len(anchors) > 0 && (anchors[0].start < para[1] || pi == len(paras)-1) {
			b.WriteString(`<span class="st-anchor" id="st-` + strconv.FormatInt(keys[anchors[0].st], 10) + `"></span>`)
			anchors = anchors[1:]
		}
		pos := para[0]
		for k < len(ivs) && ivs[k].end <= pos {
			k++
		}
		for j := k; j < len(ivs) && ivs[j].start < para[1]; j++ {
			iv := ivs[j]
			a, e := max(iv.start, pos), min(iv.end, para[1])
			writeText(&b, runes[pos:a])
			writeMark(&b, runes[a:e], keys[iv.st], sts[iv.st], a == iv.start)
			pos = e
		}
		writeText(&b, runes[pos:para[1]])
		b.WriteString("</p>\n")
	}
	return template.HTML(policy.Sanitize(b.String()))
}

// paragraphs splits text at blank lines into [start, end) code point
// ranges, leaving out the blank lines and empty paragraphs.
func paragraphs(runes []rune) [][2]int {
	var out [][2]int
	start := 0
	flush := func(end int) {
		a, e := start, end
		for a < e && isSpace(runes[a]) {
			a++
		}
		for e > a && isSpace(runes[e-1]) {
			e--
		}
		if a < e {
			out = append(out, [2]int{a, e})
		}
	}
	for i := 0; i < len(runes); i++ {
		if runes[i] != '\n' {
			continue
		}
		j := i + 1
		for j < len(runes) && (runes[j] == ' ' || runes[j] == '\t' || runes[j] == '\r') {
			j++
		}
		if j < len(runes) && runes[j] == '\n' {
			flush(i)
			for j < len(runes) && isSpace(runes[j]) {
				j++
			}
			start = j
			i = j - 1
		}
	}
	flush(len(runes))
	return out
}

func isSpace(r rune) bool { return r == ' ' || r == '\n' || r == '\t' || r == '\r' }

// writeText escapes text, with single newlines as line breaks.
func writeText(b *strings.Builder, rs []rune) {
	lines := strings.Split(string(rs), "\n")
	for i, l := range lines {
		if i > 0 {
			b.WriteString("<br>")
		}
		b.WriteString(html.EscapeString(l))
	}
}

// writeMark writes one highlighted piece of a statement. The first piece
// carries the id the statement list links to.
func writeMark(b *strings.Builder, rs []rune, key int64, st rapporteur.Statement, first bool) {
	n := strconv.FormatInt(key, 10)
	b.WriteString(`<mark class="st k-`)
	b.WriteString(kindClass(st.Kind))
	b.WriteString(`" tabindex="0"`)
	if first {
		b.WriteString(` id="st-` + n + `"`)
	}
	b.WriteString(` aria-describedby="tip-` + n + `">`)
	writeText(b, rs)
	b.WriteString(`<span class="tip" role="tooltip"`)
	if first {
		b.WriteString(` id="tip-` + n + `"`)
	}
	b.WriteString(`><b>`)
	b.WriteString(html.EscapeString(speakerLine(st.Speaker)))
	b.WriteString(`</b><br>`)
	b.WriteString(html.EscapeString(kindLabel(st.Kind, st.Mode)))
	if st.Cue != nil && st.Cue.Text != "" {
		b.WriteString(` · cue “`)
		b.WriteString(html.EscapeString(st.Cue.Text))
		b.WriteString(`”`)
	}
	if st.Via != "" {
		b.WriteString(` · via `)
		b.WriteString(html.EscapeString(st.Via))
	}
	b.WriteString(`</span></mark>`)
}

// kindClass is the CSS class suffix of a statement kind; anything unknown
// shares one class so no input reaches the class attribute.
func kindClass(kind string) string {
	switch kind {
	case rapporteur.Direct, rapporteur.Indirect, rapporteur.Mixed:
		return kind
	}
	return "other"
}

func clamp(v, lo, hi int) int {
	return max(lo, min(v, hi))
}
