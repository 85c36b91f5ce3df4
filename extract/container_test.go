package extract

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestTrimOutsideArticle: the last paragraphs outside the element that
// holds the article leave, prose or not, and so does a list of links with
// its heading after the article's last prose; a short closing line inside
// the article's element stays.
func TestTrimOutsideArticle(t *testing.T) {
	story := []string{
		"The council voted on Tuesday to close the old bridge to lorries from March, after engineers found cracks in two of its piers during an inspection last year.",
		"The mayor said the repairs would take at least eighteen months to finish, and that residents would be able to cross on foot and by bicycle while the work goes on. The council will spend eleven million pounds on the works, most of it from a grant that the government awarded last autumn to towns whose old bridges carry a main road, and the rest from its own reserves.",
	}
	bio := "Jane Doe has covered the city council for the paper since 2019, after ten years as a reporter on its business desk."
	more := "Engineers will first shore up the two damaged piers with steel collars, then replace the deck section by section, so that one lane for walkers and cyclists stays open for the whole time the bridge is closed to heavier traffic, and the council expects to publish a timetable for each stage of the works before the end of the month."
	part := []string{
		"The last inspection of the bridge, in 2015, had found only minor wear on its deck and none at all on the piers below the water line.",
		"Lorry drivers will have to use the ring road, which adds about twenty minutes to a crossing at the busiest times of the day.",
		"Shops on the bridge street fear that the closure will keep away the customers who stop on their way through the town centre.",
	}
	page := `<html><body><nav><a href="/">Home</a></nav><div class="wrap"><article>
<h1>Bridge closed to lorries</h1><p>` + story[0] + `</p><p>` + story[1] + `</p><p>` + more + `</p>
<p>Reporting by <a href="/jane">Jane Doe</a>.</p>
<h3>More stories</h3><ul><li><a href="/a">Bus fares rise again</a></li><li><a href="/b">New library opens</a></li></ul>
</article>
<div class="box"><p>Sign up for our weekly letter</p><p>Get the news first</p></div>
<div class="card"><p>` + bio + `</p></div>
<div class="part"><p>` + part[0] + `</p><p>` + part[1] + `</p><p>` + part[2] + `</p></div></div></body></html>`
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	body := readPage(doc).body
	join := func(ps ...string) string { return strings.Join(ps, "\n\n") }
	tests := []struct {
		name, body, want string
	}{
		{"a box after the article's element leaves",
			join(story[0], story[1], "Reporting by Jane Doe.", "Sign up for our weekly letter", "Get the news first"),
			join(story[0], story[1], "Reporting by Jane Doe.")},
		{"an author's card after the article's element leaves, prose as it is",
			join(story[0], story[1], "Reporting by Jane Doe.", bio),
			join(story[0], story[1], "Reporting by Jane Doe.")},
		{"prose outside: at most two paragraphs leave, more are the article's own sections",
			join(story[0], story[1], more, part[0], part[1], part[2]),
			join(story[0], story[1], more, part[0])},
		{"links and their heading after the prose leave",
			join(story[0], story[1], "Reporting by Jane Doe.", "More stories", "Bus fares rise again", "New library opens"),
			join(story[0], story[1], "Reporting by Jane Doe.")},
		{"a closing line inside the article stays",
			join(story[0], story[1], "Reporting by Jane Doe."),
			join(story[0], story[1], "Reporting by Jane Doe.")},
		{"ends with prose: unchanged", join(story...), join(story...)},
		{"the last paragraph is not on the page: unchanged",
			join(story[0], story[1], "Sign up for our weekly letter", "Advertisement"),
			join(story[0], story[1], "Sign up for our weekly letter", "Advertisement")},
		{"no prose: unchanged",
			join("Sign up for our weekly letter", "Get the news first"),
			join("Sign up for our weekly letter", "Get the news first")},
		{"the tail is too long to be a box: unchanged",
			join(story[0], "Sign up for our weekly letter", strings.Repeat("Get the news first ", 20)),
			join(story[0], "Sign up for our weekly letter", strings.Repeat("Get the news first ", 20))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := trimOutsideArticle(tt.body, body); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
	if got := trimOutsideArticle(join(story[0], "Get the news first"), nil); got != join(story[0], "Get the news first") {
		t.Errorf("no tree: got %q", got)
	}
}

// TestStartsAlike: a text node starts a paragraph when their runes other
// than space agree, up to paraPrefix of them or to the end of the shorter;
// a text node of a few runes starts none but a paragraph as short.
func TestStartsAlike(t *testing.T) {
	tests := []struct {
		node, para string
		want       bool
	}{
		{"\n  The council voted\n on Tuesday", "The council voted on Tuesday to close the bridge", true},
		{"The council voted on Tuesday to close the old bridge to lorries", "The council voted on Tuesday to close the old bridge to buses", true},
		{"The council", "The mayor said", false},
		{"The ", "The council voted on Tuesday", false},
		{"Share", "Share", true},
		{"Share this story with your friends", "Share", true},
		{"   ", "Share", false},
		{"", "Share", false},
	}
	for _, tt := range tests {
		if got := startsAlike(tt.node, tt.para); got != tt.want {
			t.Errorf("startsAlike(%q, %q) = %v, want %v", tt.node, tt.para, got, tt.want)
		}
	}
}
