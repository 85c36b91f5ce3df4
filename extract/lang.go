package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/RadhiFadlillah/whatlanggo"

	"github.com/rapporteur/rapporteur/lexicon"
)

// langSample is how much of a body language detection reads: a few
// kilobytes settle the language of an article.
const langSample = 4 << 10

// Function-word detection: among the first sampleWords words, at least
// minShare must be function words of one language.
const (
	sampleWords = 200
	minShare    = 0.25
	minWords    = 20
)

// langDetector guesses the language of a text: first by the function
// words of the languages that have a lexicon (cheap, and right for nearly
// every news article in them), then by whatlanggo's trigram profiles,
// which know many more languages but cost about a millisecond a text.
type langDetector struct {
	words map[string]string // function word → language code
}

func loadLangs() (*langDetector, error) {
	d := &langDetector{words: map[string]string{}}
	for _, lng := range lexicon.Languages() {
		if !lexicon.Has(lng, "function-words") {
			continue
		}
		lines, err := lexicon.Lines(lng, "function-words")
		if err != nil {
			return nil, err
		}
		for _, l := range lines {
			for _, w := range strings.Fields(l) {
				if _, dup := d.words[w]; !dup {
					d.words[w] = lng
				}
			}
		}
	}
	return d, nil
}

// detect returns the ISO 639-1 code of the language text is written in.
// When the text is too short or mixed for a reliable guess, hint (the
// page's declared language, "" if none) wins.
func (d *langDetector) detect(text, hint string) string {
	if len(text) > langSample {
		cut := langSample
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	if lng := d.byWords(text); lng != "" {
		return lng
	}
	info := whatlanggo.Detect(text)
	code := info.Lang.Iso6391()
	if hint != "" && (code == "" || !info.IsReliable()) {
		return hint
	}
	return code
}

// byWords counts function words in the first words of text and returns
// the language whose words make up a large enough share, or "".
func (d *langDetector) byWords(text string) string {
	counts := map[string]int{}
	n := 0
	var buf [32]byte
	for len(text) > 0 && n < sampleWords {
		i := strings.IndexFunc(text, unicode.IsLetter)
		if i < 0 {
			break
		}
		text = text[i:]
		j := strings.IndexFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' })
		if j < 0 {
			j = len(text)
		}
		w := text[:j]
		text = text[j:]
		n++
		if len(w) > len(buf) {
			continue
		}
		lw := buf[:0]
		for k := 0; k < len(w); k++ {
			c := w[k]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			lw = append(lw, c)
		}
		if lng, ok := d.words[string(lw)]; ok {
			counts[lng]++
		}
	}
	if n < minWords {
		return ""
	}
	best, bestN := "", 0
	for lng, c := range counts {
		if c > bestN || c == bestN && lng < best {
			best, bestN = lng, c
		}
	}
	if float64(bestN) < minShare*float64(n) {
		return ""
	}
	return best
}
