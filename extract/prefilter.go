package extract

import (
	"regexp/syntax"
	"strings"
	"unicode"
)

// A prefilter is a set of lower-case strings one of which every line a
// regexp matches starts with (prefix) or contains. Testing a line for them
// is far cheaper than running the regexp, and rules out nearly every line
// of an article at once.
type prefilter struct {
	strs   []string
	prefix bool
}

// mayMatch reports whether lower (a lower-cased line) may match; an empty
// prefilter lets every line through.
func (p prefilter) mayMatch(lower string) bool {
	if p.strs == nil {
		return true
	}
	for _, s := range p.strs {
		if p.prefix && strings.HasPrefix(lower, s) || !p.prefix && strings.Contains(lower, s) {
			return true
		}
	}
	return false
}

// newPrefilter derives the prefilter of a whole-line expression: the
// strings a match must start with, else strings it must contain; an empty
// one when it finds neither.
func newPrefilter(expr string) prefilter {
	re, err := syntax.Parse(expr, syntax.Perl|syntax.FoldCase)
	if err != nil {
		return prefilter{}
	}
	re = re.Simplify()
	if set := prefixes(re); set != nil {
		return prefilter{set, true}
	}
	set := required(re)
	for _, s := range set {
		// A one-letter string is in nearly every line: no filter.
		if len([]rune(strings.TrimSpace(s))) < 2 {
			return prefilter{}
		}
	}
	return prefilter{set, false}
}

// prefixes returns strings one of which every match of re starts with, or
// nil.
func prefixes(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		return []string{strings.Map(unicode.ToLower, string(re.Rune))}
	case syntax.OpCapture, syntax.OpPlus:
		return prefixes(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return prefixes(re.Sub[0])
		}
	case syntax.OpConcat:
		return prefixes(re.Sub[0])
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			s := prefixes(sub)
			if s == nil {
				return nil
			}
			out = append(out, s...)
		}
		return out
	}
	return nil
}

// required returns strings one of which every match of re contains, or nil.
func required(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		return []string{strings.Map(unicode.ToLower, string(re.Rune))}
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0])
		}
	case syntax.OpConcat:
		// Adjacent literals join into one longer, rarer string.
		var best []string
		bestLen := 0
		var run []rune
		consider := func(set []string) {
			if set == nil {
				return
			}
			shortest := -1
			for _, s := range set {
				if n := len(s); shortest < 0 || n < shortest {
					shortest = n
				}
			}
			if shortest > bestLen {
				best, bestLen = set, shortest
			}
		}
		for _, sub := range re.Sub {
			if sub.Op == syntax.OpLiteral {
				run = append(run, sub.Rune...)
				continue
			}
			if len(run) > 0 {
				consider([]string{strings.Map(unicode.ToLower, string(run))})
				run = nil
			}
			consider(required(sub))
		}
		if len(run) > 0 {
			consider([]string{strings.Map(unicode.ToLower, string(run))})
		}
		return best
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			s := required(sub)
			if s == nil {
				return nil
			}
			out = append(out, s...)
		}
		return out
	}
	return nil
}
