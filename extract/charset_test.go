package extract

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// TestCharsets checks that the body reads right whatever the page's
// encoding and however it is declared.
func TestCharsets(t *testing.T) {
	x := newExtractor(t)
	const para = "Мост через реку снова открыт для движения после двух лет ремонта, сообщили в городской администрации в понедельник. Жители говорят, что дорога до центра теперь занимает вдвое меньше времени."
	body := "<html><head>%s<title>Мост</title></head><body><article><p>" + para + "</p><p>" + para + "</p></article></body></html>"
	enc := func(s string) []byte {
		b, err := charmap.Windows1251.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	tests := []struct {
		name        string
		page        []byte
		contentType string
	}{
		{"utf-8", []byte(strings.Replace(body, "%s", "", 1)), ""},
		{"utf-8 with a stale meta", []byte(strings.Replace(body, "%s", `<meta charset="iso-8859-1">`, 1)), ""},
		{"utf-8 with a byte-order mark", append([]byte("\xef\xbb\xbf"), strings.Replace(body, "%s", "", 1)...), ""},
		{"windows-1251 by meta", enc(strings.Replace(body, "%s", `<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">`, 1)), ""},
		{"windows-1251 by header", enc(strings.Replace(body, "%s", "", 1)), "text/html; charset=windows-1251"},
		{"windows-1251 undeclared", enc(strings.Replace(body, "%s", "", 1)), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := x.HTMLFetched("id", tt.page, "", tt.contentType)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(a.Text, para) {
				t.Errorf("body does not read right: %q", a.Text)
			}
			if a.Language != "ru" {
				t.Errorf("language %q, want ru", a.Language)
			}
		})
	}
}
