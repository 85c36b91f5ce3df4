package eval

import (
	"fmt"
	"strconv"
	"strings"
)

// BratSpan is one text-bound annotation ("T" line) of a brat standoff
// file. Offsets are code points into the document text, End exclusive. A
// discontinuous annotation ("s e;s e") is read as one span from its first
// start to its last end, with Pieces saying how many fragments it had.
type BratSpan struct {
	ID     string
	Label  string
	Start  int
	End    int
	Pieces int
	Text   string
}

// ParseBrat reads the text-bound annotations of a brat .ann file. Lines of
// other kinds (events "E", relations "R", attributes "A", notes "#", …)
// are skipped: the span scores need only the spans. So are lines that do
// not start with an annotation id: the covered text of a span crossing a
// line break continues on the next line. A malformed "T<n>" line is an
// error naming its line number.
func ParseBrat(data string) ([]BratSpan, error) {
	var out []BratSpan
	for n, line := range strings.Split(data, "\n") {
		line = strings.TrimSuffix(line, "\r")
		if !isTextBoundID(line) {
			continue
		}
		s, err := parseBratLine(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n+1, err)
		}
		out = append(out, s)
	}
	return out, nil
}

// isTextBoundID reports whether line starts with a text-bound annotation
// id: "T", digits, then a tab or a space (a space is an error the parser
// reports, not a continuation line).
func isTextBoundID(line string) bool {
	if len(line) < 2 || line[0] != 'T' {
		return false
	}
	i := 1
	for i < len(line) && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	return i > 1 && i < len(line) && (line[i] == '\t' || line[i] == ' ')
}

func parseBratLine(line string) (BratSpan, error) {
	id, rest, ok := strings.Cut(line, "\t")
	if !ok {
		return BratSpan{}, fmt.Errorf("text-bound annotation %q has no tab", clip(line))
	}
	ann, text, _ := strings.Cut(rest, "\t")
	label, ranges, ok := strings.Cut(ann, " ")
	if !ok || label == "" {
		return BratSpan{}, fmt.Errorf("annotation %s: want \"Label start end\", got %q", id, clip(ann))
	}
	s := BratSpan{ID: id, Label: label, Start: -1, Text: text}
	for _, piece := range strings.Split(ranges, ";") {
		a, b, ok := strings.Cut(strings.TrimSpace(piece), " ")
		start, err1 := strconv.Atoi(a)
		end, err2 := strconv.Atoi(b)
		if !ok || err1 != nil || err2 != nil || start < 0 || end < start {
			return BratSpan{}, fmt.Errorf("annotation %s: bad offsets %q", id, clip(piece))
		}
		// Fragments need not come in text order ("209 236;91 186").
		if s.Start < 0 || start < s.Start {
			s.Start = start
		}
		s.End = max(s.End, end)
		s.Pieces++
	}
	return s, nil
}

// clip shortens s for an error message.
func clip(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}
