// Package story links articles as they arrive: near-duplicates (the same
// wire copy republished by many outlets) with MinHash LSH and SimHash, and
// stories (the articles that cover one event) with online clustering of
// sparse TF-IDF vectors.
//
// A Linker is the whole stage: the server feeds it each article once, in
// arrival order, and stores what it returns; at start-up it is rebuilt by
// feeding it the stored articles of the time window again. Everything is
// in memory, bounded by the window.
package story

import (
	"unicode"
	"unicode/utf8"

	"github.com/zeebo/xxh3"
)

// words calls f with every word of s, lower-cased and without diacritics,
// as a hash. A word is a run of letters and digits; an apostrophe inside
// a word is dropped ("don't" is "dont") so that straight and curly
// apostrophes read the same. Hashing the word instead of keeping the
// string saves the allocation: the index only ever compares hashes.
func words(s string, f func(h uint64, n int)) {
	wordBytes(s, func(w []byte, n int) { f(xxh3.Hash(w), n) })
}

// wordBytes calls f with every word of s, normalised as words says; w is
// only valid during the call.
func wordBytes(s string, f func(w []byte, n int)) {
	var buf [64]byte
	w := buf[:0]
	n := 0 // runes in the current word
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
				w = append(w, c)
				n++
			case 'A' <= c && c <= 'Z':
				w = append(w, c+'a'-'A')
				n++
			case c == '\'':
				// inside a word: skip it
			default:
				if n > 0 {
					f(w, n)
					w, n = w[:0], 0
				}
			}
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			i += size
			switch {
			case r == '’':
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				w = utf8.AppendRune(w, fold(unicode.ToLower(r)))
				n++
			default:
				if n > 0 {
					f(w, n)
					w, n = w[:0], 0
				}
			}
		}
		if len(w) > 48 {
			// Runaway "words" (URLs without spaces, base64) are cut so
			// the buffer stays on the stack; their hash still differs.
			f(w, n)
			w, n = w[:0], 0
		}
	}
	if n > 0 {
		f(w, n)
	}
}

// fold maps the Latin letters with diacritics that news copy most often
// writes both ways ("Gdańsk"/"Gdansk", "café"/"cafe") to their base letter.
// It is a table of Unicode facts, not a word list.
func fold(r rune) rune {
	if r < 0xc0 || r > 0x17f {
		return r
	}
	const from = "àáâãäåāăąçćĉċčďđèéêëēĕėęěĝğġģĥħìíîïĩīĭįıĵķĺļľŀłñńņňòóôõöøōŏőŕŗřśŝşšţťŧùúûüũūŭůűųŵýÿŷźżž"
	const to = "aaaaaaaaacccccddeeeeeeeeegggghhiiiiiiiiijklllllnnnnooooooooorrrsssstttuuuuuuuuuuwyyyzzz"
	i := 0
	for _, f := range from {
		if f == r {
			return rune(to[i])
		}
		i++
	}
	return r
}

// Tokens returns the words of s as the index reads them: lower case,
// without diacritics or apostrophes. Generators of word lists use it to
// write words the index will recognise.
func Tokens(s string) []string {
	var out []string
	wordBytes(s, func(w []byte, _ int) { out = append(out, string(w)) })
	return out
}
