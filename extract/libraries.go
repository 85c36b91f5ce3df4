package extract

import (
	readability "codeberg.org/readeck/go-readability/v2"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
)

// Libraries names the extraction libraries rapporteur builds on, each
// alone, for scoring them beside rapporteur on the same pages ("rapporteur
// eval wcxb"). Each decodes and parses the page as rapporteur does and
// renders the library's content tree the same way, without rapporteur's
// cleaning.
var Libraries = []string{"go-trafilatura", "go-trafilatura+fallback", "readability"}

// Library returns the main text of page as the named library (one of
// Libraries) finds it alone.
func Library(name string, page []byte, pageURL string) (string, error) {
	b, err := decodeHTML(page, "")
	if err != nil {
		return "", err
	}
	doc, u, err := parseDoc(b, pageURL)
	if err != nil {
		return "", err
	}
	var n *html.Node
	switch name {
	case "go-trafilatura", "go-trafilatura+fallback":
		res, err := trafilatura.ExtractDocument(doc, trafilatura.Options{OriginalURL: u, EnableFallback: name != "go-trafilatura"})
		if err != nil {
			return "", err
		}
		n = res.ContentNode
	case "readability":
		art, err := readability.FromDocument(doc, u)
		if err != nil {
			return "", err
		}
		n = art.Node
	}
	return blocksText(n), nil
}
