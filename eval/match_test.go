package eval

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rapporteur/rapporteur"
)

// find returns the code point span of the n-th (from 0) occurrence of sub
// in text, failing the test when there is none: tests state spans by the
// words they cover, never by hand-counted offsets.
func find(t testing.TB, text, sub string, n int) rapporteur.Span {
	t.Helper()
	from := 0
	for ; ; n-- {
		i := strings.Index(text[from:], sub)
		if i < 0 {
			t.Fatalf("%q: occurrence %d of %q not found", text, n, sub)
		}
		if n == 0 {
			s := utf8.RuneCountInString(text[:from+i])
			return rapporteur.Span{Start: s, End: s + utf8.RuneCountInString(sub), Text: sub}
		}
		from += i + len(sub)
	}
}

func TestMatchQuotes(t *testing.T) {
	tests := []struct {
		name      string
		gold      []interval
		pred      []interval
		threshold float64
		g2p       []int
	}{
		{"exactly the threshold does not match", []interval{{0, 10}}, []interval{{7, 20}}, 0.3, []int{-1}},
		{"just over the threshold matches", []interval{{0, 10}}, []interval{{6, 20}}, 0.3, []int{0}},
		{"0.8 needs more than eight tenths", []interval{{0, 10}}, []interval{{2, 10}}, 0.8, []int{-1}},
		{"0.8 met", []interval{{0, 10}}, []interval{{1, 10}}, 0.8, []int{0}},
		{"a prediction serves one gold quote", []interval{{0, 10}, {10, 20}}, []interval{{0, 20}}, 0.3, []int{0, -1}},
		{"best coverage wins", []interval{{0, 10}, {10, 20}}, []interval{{5, 14}}, 0.3, []int{0, -1}},
		// As in GGT's script, gold order decides, not the best pair overall.
		{"earlier gold quote chooses first", []interval{{0, 10}, {0, 4}}, []interval{{0, 4}, {20, 30}}, 0.3, []int{0, -1}},
		{"a tie goes to the first prediction", []interval{{0, 10}}, []interval{{0, 5}, {5, 10}}, 0.3, []int{0}},
		{"each gold quote takes its own prediction", []interval{{0, 10}, {20, 30}}, []interval{{22, 30}, {0, 9}}, 0.3, []int{1, 0}},
		{"empty gold span never matches", []interval{{5, 5}}, []interval{{0, 10}}, 0.0, []int{-1}},
		{"no predictions", []interval{{0, 10}}, nil, 0.3, []int{-1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g2p, _ := matchQuotes(tt.gold, tt.pred, tt.threshold)
			if !reflect.DeepEqual(g2p, tt.g2p) {
				t.Errorf("gold→pred = %v, want %v", g2p, tt.g2p)
			}
		})
	}
}

func TestPRF(t *testing.T) {
	tests := []struct {
		in      PRF
		p, r, f float64
	}{
		{PRF{Gold: 4, Pred: 2, Matched: 2, MatchedPred: 2}, 1, 0.5, 2.0 / 3},
		{PRF{Gold: 0, Pred: 3}, 0, 0, 0},
		{PRF{Gold: 3, Pred: 0}, 0, 0, 0},
		{PRF{Gold: 2, Pred: 4, Matched: 1.5, MatchedPred: 2}, 0.5, 0.75, 0.6},
	}
	for _, tt := range tests {
		tt.in.finish()
		if !near(tt.in.Precision, tt.p) || !near(tt.in.Recall, tt.r) || !near(tt.in.F1, tt.f) {
			t.Errorf("%+v: want P %v R %v F1 %v", tt.in, tt.p, tt.r, tt.f)
		}
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

func TestContext(t *testing.T) {
	text := strings.Repeat("é", 150) + "quote" + strings.Repeat("ü", 150)
	d := doc([]rune(text))
	s := find(t, text, "quote", 0)
	got := d.context(s.Start, s.End)
	want := strings.Repeat("é", contextChars) + "⟦quote⟧" + strings.Repeat("ü", contextChars)
	if got != want {
		t.Errorf("context = %q, want %q", got, want)
	}
	if got := d.context(-5, 3); got != "⟦ééé⟧"+strings.Repeat("é", contextChars) {
		t.Errorf("context at the start = %q", got)
	}
}
