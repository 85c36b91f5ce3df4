package extract

import (
	"unicode/utf8"

	"github.com/RadhiFadlillah/whatlanggo"
)

// langSample is how much of a body language detection reads: a few
// kilobytes settle the language of an article, and reading all of a long
// one would cost more than the rest of the text path.
const langSample = 4 << 10

// detectLang returns the ISO 639-1 code of the language text is written
// in. When the text is too short or mixed for a reliable guess, hint (the
// page's declared language, "" if none) wins.
func detectLang(text, hint string) string {
	if len(text) > langSample {
		cut := langSample
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	info := whatlanggo.Detect(text)
	code := info.Lang.Iso6391()
	if hint != "" && (code == "" || !info.IsReliable()) {
		return hint
	}
	return code
}
