package extract

import (
	"strings"
	"testing"
)

// TestDropRepeats: a copy of the text shown twice for the layout goes, an
// article's own repeated structure stays, and documentation keeps its
// repeats.
func TestDropRepeats(t *testing.T) {
	// sentence is a paragraph of 20 words, different for each n.
	sentence := func(n string) string {
		return strings.TrimSpace(strings.Repeat("word"+n+" ", 19)) + " end."
	}
	var article []string
	for _, n := range []string{"a", "b", "c", "d", "e", "f"} {
		article = append(article, sentence(n))
	}
	text := strings.Join(article, "\n\n")
	plan := strings.Join([]string{
		"Day 1", "Breakfast", sentence("oats"), "Lunch", sentence("salad"), sentence("x"),
		"Day 2", "Breakfast", sentence("oats"), "Lunch", sentence("salad"), sentence("y"),
	}, "\n\n")
	tests := []struct {
		name, body, pageType, want string
	}{
		{"an article shown twice is kept once", text + "\n\n" + text, Article, text},
		{"an article shown three times is kept once", text + "\n\n" + text + "\n\n" + text, Article, text},
		{"shown twice, with punctuation and case apart", text + "\n\n" + strings.ToUpper(text), Article, text},
		{"a short repeat in an article stays", "Advertisement\n\n" + text + "\n\nAdvertisement", Article,
			"Advertisement\n\n" + text + "\n\nAdvertisement"},
		{"a meal plan's repeated meals stay", plan, Article, plan},
		{"a product's repeated price line goes", "Widget\n\n$19.99\n\nA fine widget.\n\n$19.99\n\nAdd to cart\n\nAdd to cart", Product,
			"Widget\n\n$19.99\n\nA fine widget.\n\nAdd to cart"},
		{"documentation keeps its repeats", "id\n\nThe object's id.\n\nid\n\nThe object's id.", Documentation,
			"id\n\nThe object's id.\n\nid\n\nThe object's id."},
		{"paragraphs without words are not compared", "—\n\nText.\n\n—", Forum, "—\n\nText.\n\n—"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := dropRepeats(tt.body, tt.pageType); got != tt.want {
				t.Errorf("dropRepeats:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestWordKey: paragraphs compare by their lower-cased words, whatever
// the punctuation, spacing and script.
func TestWordKey(t *testing.T) {
	var sb strings.Builder
	for _, tt := range []struct {
		p, want string
		n       int
	}{
		{"The  Cat, the hat!", "the cat the hat", 4},
		{"ÉCOLE d'été — 2025", "école d été 2025", 4},
		{"snake_case stays", "snake_case stays", 2},
		{"— … —", "", 0},
	} {
		if got, n := wordKey(&sb, tt.p); got != tt.want || n != tt.n {
			t.Errorf("wordKey(%q) = %q, %d; want %q, %d", tt.p, got, n, tt.want, tt.n)
		}
	}
}
