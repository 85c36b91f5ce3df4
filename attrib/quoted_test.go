package attrib

import (
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// TestStatementsInsideAnswers: a cue inside another speaker's direct words
// (an interview answer, a quotation) reports a statement only of someone
// the article names, read in that frame: "I" is the one answering, "he"
// is not, and "Maybe the neighbours", "people" or "you" name no speaker.
// The demo's interviews gave 372 such statements junk speakers ("How do
// your fellow teammates", "Maybe the neighbours", "I've") or the answerer
// herself for "he".
func TestStatementsInsideAnswers(t *testing.T) {
	at := newAttributor(t)
	text := "Chess player Mina Farahani left the national team in 2019. She spoke to Wikinews about it.\n\n" +
		"((WN)) How did your family take it?\n\n" +
		"((Mina Farahani)) My father was proud. He also wanted to move abroad with us. " +
		"Maybe the neighbours said that I was ungrateful. People say a lot of things. " +
		"How do your friends describe you? They say I am stubborn. " +
		"The federation told me to wear the scarf. I said I would not play for them again. " +
		"Reza Karimi told me that I was right.\n\n" +
		"((WN)) Thank you."
	a := at.Attribute(rapporteur.Article{Text: text, Language: "en"})
	check(t, a)
	answer := strings.Index(text, "My father")
	named := map[string]bool{}
	for _, st := range a.Statements {
		if st.Content.Start < answer || st.Speaker.Source == nil || st.Speaker.Source.Start < answer {
			continue
		}
		src := st.Speaker.Source.Text
		named[st.Speaker.Name] = true
		switch {
		case st.Speaker.Name == "" || st.Speaker.Type != rapporteur.Person && st.Speaker.Type != rapporteur.Organization:
			t.Errorf("%q (source %q) has no named speaker: %q %s", st.Content.Text, src, st.Speaker.Name, st.Speaker.Type)
		case src == "He" && st.Speaker.Name == "Mina Farahani":
			t.Errorf("%q: \"He\" in her own answer is Mina Farahani", st.Content.Text)
		case src == "I" && st.Speaker.Name != "Mina Farahani":
			t.Errorf("%q: \"I\" in her answer is %q, want Mina Farahani", st.Content.Text, st.Speaker.Name)
		}
	}
	if !named["Reza Karimi"] {
		t.Errorf("the coach named in her answer reports no statement: speakers %v", named)
	}
}
