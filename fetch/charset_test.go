package fetch

import "testing"

func TestDecodeCharset(t *testing.T) {
	for _, c := range []struct {
		name, body, contentType, want string
	}{
		{"latin-1 by header", "caf\xe9", "text/html; charset=ISO-8859-1", "café"},
		{"windows-1251 by header", "\xcf\xf0\xe8\xe2\xe5\xf2", "text/plain; charset=windows-1251", "Привет"},
		{"utf-8 body kept whatever the header says", "café", "text/html; charset=ISO-8859-1", "café"},
		{"no charset: left for the extractor", "caf\xe9", "text/html", "caf\xe9"},
		{"unknown charset: unchanged", "caf\xe9", "text/html; charset=x-martian", "caf\xe9"},
		{"broken header: unchanged", "caf\xe9", "text/html; charset", "caf\xe9"},
	} {
		if got := string(DecodeCharset([]byte(c.body), c.contentType)); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}
