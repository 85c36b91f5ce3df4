package speaker

import (
	"testing"

	"github.com/rapporteur/rapporteur"
)

// TestNoNounSpeakers: a source phrase without a noun that could name
// anyone ("There", "All", "the second", "Few") must not show up in the
// speaker list as an organization called "There", nor become what a later
// "they" refers to; a sentence adverb before the subject ("Yesterday,
// Roscosmos, …") leaves the subject as the speaker; real names and plural
// nouns at the start of a sentence keep theirs. These are the junk
// speakers the demo walk found in interviews.
func TestNoNounSpeakers(t *testing.T) {
	cases := []struct {
		text, source string
		name, typ    string
	}{
		{"There is a girl from our community near my house, she was crying and telling me there is no work.",
			"There", "", rapporteur.Unknown},
		{"The candidates agreed on many issues with varied nuances. All supported the removal of US troops.",
			"All", "", rapporteur.Unknown},
		{"The House passed two articles. The first charged Trump with abuse of power, and the second accused him of obstruction.",
			"the second", "", rapporteur.Unknown},
		{"So they are populist policies. Few actually criticise them, and few would.",
			"Few", "", rapporteur.Unknown},
		{"Yesterday, Roscosmos, the Russian space agency, announced the death of cosmonaut Alexei Leonov.",
			"Yesterday, Roscosmos, the Russian space agency", "Roscosmos", rapporteur.Organization},
		{"The code is hosted on github. GitHub said it would restore the project.",
			"GitHub", "GitHub", rapporteur.Organization},
		{"The speech drew critics. Critics said it was too long.",
			"Critics", "Critics", rapporteur.Group},
	}
	for _, c := range cases {
		tab := resolver(t).Table("en", c.text)
		sp := tab.Resolve(spanOf(t, c.text, c.source))
		if sp.Name != c.name || sp.Type != c.typ {
			t.Errorf("%q in %q: speaker %q (%s), want %q (%s)", c.source, c.text, sp.Name, sp.Type, c.name, c.typ)
		}
	}
}

// TestNoNounNoAntecedent: "they" after a statement credited to "There"
// must not resolve to "There"; it finds the organization named before.
func TestNoNounNoAntecedent(t *testing.T) {
	text := "The Health Ministry promised help. There is a girl near my house, she was telling me that work has stopped. They ask us to come back later."
	tab := resolver(t).Table("en", text)
	tab.Resolve(spanOf(t, text, "There"))
	sp := tab.Resolve(spanOf(t, text, "They"))
	if sp.Name != "Health Ministry" {
		t.Errorf("they: speaker %q (%s), want the Health Ministry", sp.Name, sp.Type)
	}
}

// TestVerbShapedNames: a participle or an adverb opening a sentence
// ("Citing …", "Arriving back home …") that the article's scan took for a
// name is no speaker, and no later "they" resolves to it; a name of the
// same shape that the article knows as a person stays one.
func TestVerbShapedNames(t *testing.T) {
	text := "The Royal Family Council met on Monday. Arriving back home in 1964, he studied law. They chose to open the letter."
	tab := resolver(t).Table("en", text)
	if sp := tab.Resolve(spanOf(t, text, "Arriving")); sp.Name != "" {
		t.Errorf("Arriving: speaker %q (%s), want none", sp.Name, sp.Type)
	}
	if sp := tab.Resolve(spanOf(t, text, "They")); sp.Name == "Arriving" {
		t.Errorf("they: speaker %q, want anything but Arriving", sp.Name)
	}
	text = "Singer Rudyard Kipling arrived late. Kipling said the show would go on."
	tab = resolver(t).Table("en", text)
	if sp := tab.Resolve(spanOf(t, text, "Kipling")); sp.Name != "Rudyard Kipling" {
		t.Errorf("Kipling: speaker %q (%s), want Rudyard Kipling", sp.Name, sp.Type)
	}
}
