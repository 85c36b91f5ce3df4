package http

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rapporteur/rapporteur"
)

func st(kind string, start, end int, name string) rapporteur.Statement {
	return rapporteur.Statement{Kind: kind, Content: rapporteur.Span{Start: start, End: end},
		Speaker: rapporteur.Speaker{Name: name, Type: rapporteur.Person}}
}

func TestArticleBody(t *testing.T) {
	cases := []struct {
		name string
		text string
		sts  []rapporteur.Statement
		want string
	}{
		{
			name: "code points, not bytes or UTF-16 units",
			text: "𝕏 Ünïcode said: go",
			sts:  []rapporteur.Statement{st(rapporteur.Direct, 16, 18, "A")},
			want: `<p>𝕏 Ünïcode said: <mark class="st k-direct" tabindex="0" id="st-1" aria-describedby="tip-1">go<span class="tip" role="tooltip" id="tip-1"><b>A</b><br>direct quote</span></mark></p>` + "\n",
		},
		{
			name: "paragraphs and escaping",
			text: "a <b>\n\n c & d",
			want: "<p>a &lt;b&gt;</p>\n<p>c &amp; d</p>\n",
		},
		{
			name: "a statement across paragraphs is marked in each",
			text: "one two\n\nthree",
			sts:  []rapporteur.Statement{st(rapporteur.Indirect, 4, 13, "B")},
			want: `<p>one <mark class="st k-indirect" tabindex="0" id="st-1" aria-describedby="tip-1">two<span class="tip" role="tooltip" id="tip-1"><b>B</b><br>reported speech</span></mark></p>` + "\n" +
				`<p><mark class="st k-indirect" tabindex="0" aria-describedby="tip-1">thre<span class="tip" role="tooltip"><b>B</b><br>reported speech</span></mark>e</p>` + "\n",
		},
		{
			name: "overlaps are clipped, spans out of range clipped or left with an anchor",
			text: "abcdef",
			sts:  []rapporteur.Statement{st("direct", 0, 4, "A"), st("bogus", 2, 5, "B"), st("mixed", 40, 50, "C"), st("mixed", 5, 99, "D")},
			want: `<p><span class="st-anchor" id="st-3"></span><mark class="st k-direct" tabindex="0" id="st-1" aria-describedby="tip-1">abcd<span class="tip" role="tooltip" id="tip-1"><b>A</b><br>direct quote</span></mark>` +
				`<mark class="st k-other" tabindex="0" id="st-2" aria-describedby="tip-2">e<span class="tip" role="tooltip" id="tip-2"><b>B</b><br>bogus</span></mark>` +
				`<mark class="st k-mixed" tabindex="0" id="st-4" aria-describedby="tip-4">f<span class="tip" role="tooltip" id="tip-4"><b>D</b><br>mixed quote</span></mark></p>` + "\n",
		},
	}
	for _, c := range cases {
		keys := make([]int64, len(c.sts))
		for i := range keys {
			keys[i] = int64(i + 1)
		}
		if got := string(articleBody(c.text, c.sts, keys)); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}

// FuzzArticleBody checks that any text and spans give balanced markup
// whose visible text is the article's text.
func FuzzArticleBody(f *testing.F) {
	f.Add("Title\n\n\"Quote,\" she said. <script>alert(1)</script>", 1, 7, 40, 60)
	f.Add("𝕏𝕏\n \n\nä", -5, 2, 1, 3)
	f.Fuzz(func(t *testing.T, text string, a, b, c, d int) {
		if !utf8.ValidString(text) {
			return
		}
		sts := []rapporteur.Statement{st(rapporteur.Direct, a, b, "<x>"), st(rapporteur.Mixed, c, d, "y")}
		out := string(articleBody(text, sts, []int64{1, 2}))
		if strings.Count(out, "<mark") != strings.Count(out, "</mark>") || strings.Count(out, "<p>") != strings.Count(out, "</p>") {
			t.Fatalf("unbalanced: %s", out)
		}
		if strings.Contains(out, "<script") || strings.Contains(out, "<x>") {
			t.Fatalf("markup from input: %s", out)
		}
	})
}
