package extract

import (
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// TestTrimOutsideMain: the last paragraphs of an article's answer leave
// when the page's main area without its furniture does not hold them, and
// only then.
func TestTrimOutsideMain(t *testing.T) {
	story := []string{
		"The council voted on Tuesday to close the old bridge to lorries from March.",
		"Engineers found cracks in two of its piers during an inspection last year.",
		"The mayor said the repairs would take at least eighteen months to finish.",
		"Residents will be able to cross on foot and by bicycle while the work goes on.",
	}
	related := []string{"Related stories", "Bus fares rise again", "New library opens in the park"}
	join := func(ps ...[]string) string {
		var all []string
		for _, p := range ps {
			all = append(all, p...)
		}
		return strings.Join(all, "\n\n")
	}
	tests := []struct {
		name, body, area, want string
	}{
		{"a related-stories box beside the main area leaves",
			join(story, related), join(story), join(story)},
		{"the area holds the last paragraph: unchanged",
			join(story, related), join(story, related), join(story, related)},
		{"the area joins two paragraphs into one: still held",
			join(story), strings.Join(story[:2], "\n\n") + "\n\n" + story[2] + " " + story[3], join(story)},
		{"no area: unchanged", join(story, related), "", join(story, related)},
		{"the area misses most of the answer: it missed the article, unchanged",
			join(story, related), story[0], join(story, related)},
		{"the tail outside the area is too long to be a box: unchanged",
			join(story[:1], story[1:]), story[0], join(story)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := trimOutsideMain(tt.body, tt.area); got != tt.want {
				t.Errorf("trimOutsideMain() =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestBeforeTail: the main area is read up to its comment section's
// heading, as the cleaning reads an article.
func TestBeforeTail(t *testing.T) {
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	text := "The council voted to close the bridge.\n\nEngineers found cracks.\n\n12 Comments\n\nGreat news, finally!"
	if got, want := x.beforeTail(text), "The council voted to close the bridge.\n\nEngineers found cracks.\n\n"; got != want {
		t.Errorf("beforeTail() = %q, want %q", got, want)
	}
	if got := x.beforeTail("Comments\n\nThe first line is never cut."); got != "Comments\n\nThe first line is never cut." {
		t.Errorf("beforeTail() cut at the first paragraph: %q", got)
	}
}

// TestKeepsCredits: a trim that would cut a dateline's evidence out of the
// body is not made.
func TestKeepsCredits(t *testing.T) {
	body := "LONDON (Reuters) - The bridge closes.\n\nMore news"
	credits := []rapporteur.Credit{{Name: "Reuters", Evidence: rapporteur.Span{Start: 8, End: 15, Text: "Reuters"}}}
	if !keepsCredits(body[:strings.Index(body, "\n")], credits) {
		t.Error("the first paragraph holds the credit: the trim may be made")
	}
	if keepsCredits("LONDON", credits) {
		t.Error("the credit's evidence is cut: the trim must not be made")
	}
	removed := []rapporteur.Credit{{Name: "Reuters", Removed: true, Evidence: rapporteur.Span{Start: 100, End: 107}}}
	if !keepsCredits("LONDON", removed) {
		t.Error("a removed credit's evidence indexes the text before cleaning: it does not count")
	}
}
