package story

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/zeebo/xxh3"
)

// A series is a run of like events that are not one event: the monthly
// "On the campaign trail in the USA, July 2020" and "…, August 2020",
// "Wikinews interviews Don Blankenship, … presidential nominee" and
// "Wikinews interviews Phil Collins, … presidential nominee", the third
// and the fourth round of one rugby season. Their articles share most of
// their words, people and places, so their vectors are as close as the
// articles of one event; what tells them apart is the headline: the same
// frame, and in each a particular the other lacks (a name, a month, a
// number). The rule reads only that shape, no word list of series.

// titleSig is a headline as the series rule reads it: the hashes of its
// words (as words writes them), sorted, the top bit set on a particular:
// a capitalised word after the first, a word with a digit, or a number
// or ordinal word.
type titleSig []uint32

const slotBit = 1 << 31

// numberWords are the English number and ordinal words that headlines of
// a series change ("round five", "third round", "one million"): facts of
// the language, not of any series.
var numberWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`one two three four five six seven eight nine ten eleven twelve
		hundred thousand million billion first second third fourth fifth sixth seventh eighth ninth tenth`) {
		numberWords[w] = true
	}
}

// newTitleSig reads a headline.
func newTitleSig(title string) titleSig {
	var sig titleSig
	pos := 0
	for _, field := range strings.FieldsFunc(title, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’'
	}) {
		r, _ := utf8.DecodeRuneInString(field)
		slot := pos > 0 && unicode.IsUpper(r) || strings.ContainsFunc(field, unicode.IsDigit)
		pos++
		wordBytes(field, func(w []byte, n int) {
			if n < 3 && !unicode.IsDigit(rune(w[0])) {
				return
			}
			h := fold32(xxh3.Hash(w)) &^ slotBit
			if slot || numberWords[string(w)] {
				h |= slotBit
			}
			sig = append(sig, h)
		})
	}
	slices.Sort(sig)
	return slices.Compact(sig)
}

// has says whether the headline has word h (slot bit ignored).
func (s titleSig) has(h uint32) bool {
	h &^= slotBit
	return slices.Contains(s, h) || slices.Contains(s, h|slotBit)
}

// commonShare is the share of news articles above which a word is a
// function word ("the", "for", "with", "after"): it says nothing of a
// headline's frame.
const commonShare = 0.25

// series says whether headlines a and b are two of a series: they share
// at least three content words and more than half of the longer one's,
// and each has a particular the other lacks. Headlines of one event that
// share their frame share their particulars too ("MDC may pull out of
// Zimbabwe election", "MDC pulls out of Zimbabwe elections").
func (c *Clusters) series(a, b titleSig) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	content := func(s titleSig) (n int) {
		for _, h := range s {
			if c.prior[h&^slotBit] < commonShare {
				n++
			}
		}
		return n
	}
	shared := 0
	for _, h := range a {
		if c.prior[h&^slotBit] < commonShare && b.has(h) {
			shared++
		}
	}
	if shared < 3 || 2*shared <= max(content(a), content(b)) {
		return false
	}
	own := func(x, y titleSig) bool {
		for _, h := range x {
			if h&slotBit != 0 && !y.has(h) {
				return true
			}
		}
		return false
	}
	return own(a, b) && own(b, a)
}

// inSeries says whether an article's headline and any headline a story
// keeps (its central one and its latest) are two of a series.
func (c *Clusters) inSeries(sig titleSig, s *cluster) bool {
	for _, t := range s.sigs {
		if c.series(sig, t) {
			return true
		}
	}
	return false
}
