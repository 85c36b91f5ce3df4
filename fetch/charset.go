package fetch

import (
	"mime"
	"unicode/utf8"

	"golang.org/x/text/encoding/htmlindex"
	encunicode "golang.org/x/text/encoding/unicode"
)

// DecodeCharset converts a fetched body to UTF-8 when its Content-Type
// names another charset and the body is not UTF-8 already. The header wins
// over what the page itself declares, as in browsers; a body without a
// usable header is returned as it is, for the extractor to read its
// <meta charset> or guess. It never fails: a body it cannot convert is
// returned unchanged.
func DecodeCharset(body []byte, contentType string) []byte {
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil || params["charset"] == "" || utf8.Valid(body) {
		return body
	}
	enc, err := htmlindex.Get(params["charset"])
	if err != nil || enc == encunicode.UTF8 {
		return body
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return body
	}
	return out
}
