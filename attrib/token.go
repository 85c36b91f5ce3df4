package attrib

import "github.com/rapporteur/rapporteur/attrib/text"

// The text layer (package text) reads an article once into paragraphs,
// quotations, tokens and sentences; the finder, the span model and the
// speaker table all read that one reading.
type (
	token    = text.Token
	sentence = text.Sentence
)

// Token kinds.
const (
	tWord  = text.Word
	tPunct = text.Punct
	tQuote = text.Quote // a quote mark paired into a quotation
)

// quotation is a quotation of the text, with the finder's bookkeeping.
type quotation struct {
	text.Quotation
	used bool // claimed by a statement
}

// sentenceEnd reports whether r ends a sentence.
func sentenceEnd(r rune) bool { return text.SentenceEnd(r) }

// parse reads text into the text layer, sentences split by l's lexicon.
func (l *lang) parse(s string) *text.Doc {
	d := text.Parse(s)
	d.Split(l)
	return d
}

// Abbrev, Opener and TailCue make a lang the sentence splitter's
// text.Lexicon.

// Abbrev reports whether w is an abbreviation whose period ends no
// sentence.
func (l *lang) Abbrev(w string) bool { return l.abbrev[w] }

// Opener reports whether a word opens a sentence after a dotted acronym:
// a subject pronoun or a determiner.
func (l *lang) Opener(lower string) bool { return l.is(lower, clSubj|clDet) }

// TailCue reports whether a word is a cue (not a preposition such as
// "according") that a quotation ending in "?" or "!" runs on into.
func (l *lang) TailCue(lower string) bool {
	cs, ok := l.cues[lower]
	return ok && cs[0].form != formPrep
}
