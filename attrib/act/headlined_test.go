package act

import (
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/attrib/text"
)

// TestHeadlineReaction checks that a reaction which names no one but points
// by a pronoun answers what the person of the headline said (the one of
// their statements it shares words with), and that nothing else does: a
// reaction aimed at another speaker, one with no pronoun, one when the
// headline names nobody quoted, and the headline speaker answering
// themselves under another form of their name.
func TestHeadlineReaction(t *testing.T) {
	body := "Recep Tayyip Erdoğan said the museum will be a mosque again. " + // 0
		"He said the decision belongs to the Turkish nation. " + // 1
		"George Katrougalos said the museum belongs to humanity and his decision is an insult. " + // 2
		"A senator called it a mistake. " + // 3
		"Erdogan said his critics should mind their own business. " + // 4
		"Mike Pompeo urged restraint. " + // 5
		"Aliya Demir said the call was wrong and his claims false." // 6
	d := text.Parse(body)
	span := func(s string) rapporteur.Span {
		i := strings.Index(body, s)
		start := len([]rune(body[:i]))
		return rapporteur.Span{Start: start, End: start + len([]rune(s))}
	}
	person := func(n string) rapporteur.Speaker { return rapporteur.Speaker{Name: n, Type: rapporteur.Person} }
	sts := []rapporteur.Statement{
		{Speaker: person("Recep Tayyip Erdoğan"), Act: rapporteur.ActAssert, Content: span("the museum will be a mosque again")},
		{Speaker: person("Recep Tayyip Erdoğan"), Act: rapporteur.ActAssert, Content: span("the decision belongs to the Turkish nation")},
		{Speaker: person("George Katrougalos"), Act: rapporteur.ActCriticize, Content: span("the museum belongs to humanity and his decision is an insult")},
		{Speaker: person("senator"), Act: rapporteur.ActCriticize, Content: span("it a mistake")},
		{Speaker: person("Erdogan"), Act: rapporteur.ActCriticize, Content: span("his critics should mind their own business")},
		{Speaker: person("Mike Pompeo"), Act: rapporteur.ActDemand, Content: span("restraint")},
		{Speaker: person("Aliya Demir"), Act: rapporteur.ActCriticize, Target: &rapporteur.Target{Name: "Pompeo"}, Content: span("the call was wrong and his claims false")},
	}
	words := make([][]string, len(sts))
	for i := range sts {
		words[i] = contentWords(d, sts[i].Content)
	}
	ws := weigh(words)
	lead := headlinedSpeakers("Turkey's President Erdogan proposes converting Hagia Sophia to a mosque", sts)
	for _, c := range []struct {
		name string
		i    int
		want int
	}{
		{"a reaction answers the headline speaker's statement it shares words with", 2, 1},
		{"a reaction with no shared words answers the first", 3, 0},
		{"the headline speaker does not answer themselves under another name", 4, -1},
		{"a reaction aimed at another speaker is left to the reply rules", 6, -1},
		{"a demand is no reaction", 5, -1},
	} {
		if got := headlined(d, c.i, sts, lead, ws); got != c.want {
			t.Errorf("%s: statement %d answers %d, want %d", c.name, c.i, got, c.want)
		}
	}
	noPronoun := append([]rapporteur.Statement(nil), sts...)
	noPronoun[3].Content = span("a mistake")
	if got := headlined(d, 3, noPronoun, lead, ws); got != -1 {
		t.Errorf("a reaction that points at nothing answers %d, want none", got)
	}
	if got := headlined(d, 3, sts, headlinedSpeakers("Hagia Sophia to become a mosque", sts), ws); got != -1 {
		t.Errorf("a headline that names no speaker: statement 3 answers %d, want none", got)
	}
}
