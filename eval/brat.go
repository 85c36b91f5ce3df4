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
	// Parts are the fragments' own offsets, in the file's order: a model
	// learns from them, so that the gap of "…, he said, …" is not content.
	Parts [][2]int
	Text  string
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

// BratEvent is an event annotation ("E" line): a trigger and arguments,
// each a role and the id of a text-bound annotation ("Attribution:T4
// Source:T1 Cue:T2 Content:T3").
type BratEvent struct {
	ID   string
	Args []BratArg
}

// BratArg is one role of an event.
type BratArg struct {
	Role string
	ID   string
}

// ParseBratEvents reads the event annotations of a brat .ann file. Events
// only enrich the error analysis, so a malformed one is skipped rather
// than failing the file.
func ParseBratEvents(data string) []BratEvent {
	var out []BratEvent
	for _, line := range strings.Split(data, "\n") {
		id, rest, ok := strings.Cut(strings.TrimSuffix(line, "\r"), "\t")
		if !ok || len(id) < 2 || id[0] != 'E' {
			continue
		}
		e := BratEvent{ID: id}
		for _, f := range strings.Fields(rest) {
			if role, ref, ok := strings.Cut(f, ":"); ok && role != "" && ref != "" {
				e.Args = append(e.Args, BratArg{Role: role, ID: ref})
			}
		}
		out = append(out, e)
	}
	return out
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
		s.Parts = append(s.Parts, [2]int{start, end})
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
