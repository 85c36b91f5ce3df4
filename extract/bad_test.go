package extract

import (
	"strings"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
)

// TestBadText checks that bad input gets the error a user can act on.
func TestBadText(t *testing.T) {
	x := newExtractor(t)
	tests := []struct {
		name, text, code, msg string
	}{
		{"empty", "", rapporteur.EINVALID, "empty text"},
		{"white space", " \n\t\r\n ", rapporteur.EINVALID, "empty text"},
		{"invalid utf-8", "Title\n\nabc \xc3\x28 def", rapporteur.EINVALID, "not valid utf-8"},
		{"nul bytes", "abc\x00def", rapporteur.EINVALID, "binary"},
		{"control characters", strings.Repeat("\x01\x02\x03 ab", 100), rapporteur.EINVALID, "binary"},
		{"over the limit", strings.Repeat("a", MaxText+1), rapporteur.ETOOLARGE, "limit"},
		{"only furniture", "Share this\n\nAdvertisement\n\nRelated Stories\n", rapporteur.EINVALID, "furniture"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := x.Text("id", tt.text)
			if got := rapporteur.ErrorCode(err); got != tt.code || err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("got %v (%s), want code %s with %q", err, got, tt.code, tt.msg)
			}
			_, err = x.Verbatim("id", "", tt.text)
			if tt.name != "only furniture" && rapporteur.ErrorCode(err) != tt.code {
				t.Errorf("Verbatim: got %v, want code %s", err, tt.code)
			}
		})
	}
}

func TestBadHTML(t *testing.T) {
	x := newExtractor(t)
	tests := []struct {
		name string
		page []byte
		code string
	}{
		{"empty", nil, rapporteur.EINVALID},
		{"white space", []byte("  \n "), rapporteur.EINVALID},
		{"binary", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), rapporteur.EINVALID},
		{"over the limit", make([]byte, MaxHTML+1), rapporteur.ETOOLARGE},
		{"no text", []byte("<html><body><div></div></body></html>"), rapporteur.EINVALID},
		{"nested too deep", []byte(strings.Repeat("<div>", 100000) + "text"), rapporteur.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := x.HTML("id", tt.page, "")
			if got := rapporteur.ErrorCode(err); got != tt.code {
				t.Errorf("got %v (%s), want code %s", err, got, tt.code)
			}
		})
	}
}

// TestPathological feeds inputs built to make naive code slow; each must
// finish quickly. The bound is generous: it catches quadratic blow-ups,
// not a slow machine.
func TestPathological(t *testing.T) {
	if testing.Short() {
		t.Skip("slow inputs")
	}
	x := newExtractor(t)
	para := "The minister said the talks would resume next week. "
	texts := map[string]string{
		"10,000 quote marks":  "Title\n\n" + strings.Repeat(`"`, 10000),
		"unbalanced quotes":   "Title\n\n" + strings.Repeat(`He said "yes and `, 2000),
		"one 4 MB line":       strings.Repeat(para, 4<<20/len(para)),
		"100,000 short lines": strings.Repeat("Share this\nword\n", 50000),
		"parentheses":         strings.Repeat("(", 50000) + " (AP) — " + strings.Repeat(")", 50000),
		"dashes":              "Title\n\n" + strings.Repeat("— ", 100000) + "AFP",
	}
	for name, text := range texts {
		start := time.Now()
		_, _ = x.Text("id", text)
		_, _ = x.Verbatim("id", "", text)
		d := time.Since(start)
		t.Logf("text %s: %v", name, d)
		if d > 10*time.Second {
			t.Errorf("%s: took %v", name, d)
		}
	}
	pages := map[string]string{
		"10,000 quote marks":  "<p>" + strings.Repeat(`&quot;"“`, 10000) + "</p>",
		"30,000 paragraphs":   strings.Repeat("<p>"+para+"</p>", 30000),
		"unclosed formatting": strings.Repeat("<b><i><u>", 30000) + para,
		"many attributes":     "<p " + strings.Repeat(`a="b" `, 100000) + ">" + para + "</p>",
		// a product page's review blocks nested 500 deep around its
		// title and 30,000 paragraphs: each block's text is counted
		// once, not once for every block around it.
		"nested review blocks": `<script type="application/ld+json">{"@type":"Product"}</script>` +
			strings.Repeat(`<div class="review">`, 500) + "<h1>Kettle</h1>" + strings.Repeat("<p>"+para+"</p>", 30000),
	}
	for name, page := range pages {
		start := time.Now()
		_, _ = x.HTML("id", []byte(page), "")
		d := time.Since(start)
		t.Logf("html %s: %v", name, d)
		if d > 20*time.Second {
			t.Errorf("%s: took %v", name, d)
		}
	}
}
