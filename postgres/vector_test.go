package postgres

import (
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur/snippet"
)

// refVector is the vector literal as the store first built it (a string
// per position, a replacer per word): the faster builder must write the
// same literal, or stored vectors would differ from those already stored.
func refVector(fields []string, weights string) string {
	pos := map[string][]string{}
	var order []string
	next := 1
	for i, text := range fields {
		for _, t := range snippet.Split(text) {
			w := t.Form
			if len(w) > maxLexeme {
				w = strings.ToValidUTF8(w[:maxLexeme], "")
			}
			p := min(next, maxPosition)
			next++
			if w == "" {
				continue
			}
			if _, ok := pos[w]; !ok {
				order = append(order, w)
			}
			if len(pos[w]) < 256 {
				pos[w] = append(pos[w], strconv.Itoa(p)+string(weights[i]))
			}
		}
		next++
	}
	sort.Strings(order)
	var parts []string
	for _, w := range order {
		q := "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(w) + "'"
		parts = append(parts, q+":"+strings.Join(pos[w], ","))
	}
	return strings.Join(parts, " ")
}

func TestVectorLiteral(t *testing.T) {
	long := strings.Repeat("word ", 300) + strings.Repeat("x", 1200)
	far := strings.Repeat("a b c d e f g h ", 2100) + "late words"
	for _, tc := range []struct{ title, body string }{
		{"", ""},
		{"Title", "The minister said it was \"fine\"."},
		{`O'Brien's back\slash`, `it's a back\\slash and 'quotes' ''`},
		{"नमस्ते ़ दुनिया", "Čeština naïve café Ünïcödé"},
		{"repeat", long},
		{"far", far},
	} {
		v := vector{}
		v.add(tc.title, 'A')
		v.add(tc.body, 'D')
		if got, want := v.String(), refVector([]string{tc.title, tc.body}, "AD"); got != want {
			t.Errorf("vector of %.30q / %.30q:\n got %.200s\nwant %.200s", tc.title, tc.body, got, want)
		}
	}
}
