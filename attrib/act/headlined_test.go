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
	span := spanIn(body)
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
	lead := headlinedSpeakers(d, "Turkey's President Erdogan proposes converting Hagia Sophia to a mosque", sts)
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
	if got := headlined(d, 3, sts, headlinedSpeakers(d, "Hagia Sophia to become a mosque", sts), ws); got != -1 {
		t.Errorf("a headline that names no speaker: statement 3 answers %d, want none", got)
	}
}

// TestHeadlineSubject checks that only the headline's subject names its
// speaker: a name after the verb, a place in a speaker's name, and the one
// who asks an interview's questions answer no reaction.
func TestHeadlineSubject(t *testing.T) {
	for _, c := range []struct{ title, want string }{
		{"Turkey's President Erdogan proposes converting Hagia Sophia", "Turkey's President Erdogan"},
		{"NYC Mayor de Blasio ends US presidential campaign", "NYC Mayor de Blasio"},
		{"Sudan's Omar al-Bashir ousted", "Sudan's Omar al-Bashir"},
		{"Iran issues arrest warrants for US President Trump", "Iran"},
		{"On the campaign trail in the USA, August 2020", "On"},
		{"Bank of England Raises Rates", "Bank of England Raises Rates"},
	} {
		if got := titleSubject(c.title); got != c.want {
			t.Errorf("titleSubject(%q) = %q, want %q", c.title, got, c.want)
		}
	}

	body := "What do you think of the ruling? " + // 0: the interviewer's question
		"Rich Bowen said the ruling is fair. " + // 1
		"Ohio Governor Mike DeWine called it a mistake." // 2
	d := text.Parse(body)
	span := spanIn(body)
	sts := []rapporteur.Statement{
		{Speaker: rapporteur.Speaker{Name: "Wikinews", Type: rapporteur.Organization}, Act: rapporteur.ActAssert, Content: span("What do you think of the ruling")},
		{Speaker: rapporteur.Speaker{Name: "Rich Bowen", Type: rapporteur.Person}, Act: rapporteur.ActCriticize, Content: span("the ruling is fair")},
		{Speaker: rapporteur.Speaker{Name: "Mike DeWine", Type: rapporteur.Person}, Act: rapporteur.ActCriticize, Content: span("it a mistake")},
	}
	words := make([][]string, len(sts))
	for i := range sts {
		words[i] = contentWords(d, sts[i].Content)
	}
	ws := weigh(words)
	if got := headlined(d, 2, sts, headlinedSpeakers(d, "Wikinews talks to Rich Bowen", sts), ws); got != -1 {
		t.Errorf("an answer in an interview answers %d, the interviewer's question; want none", got)
	}
	if got := headlined(d, 2, sts, headlinedSpeakers(d, "Greece condemns Rich Bowen", sts), ws); got != -1 {
		t.Errorf("a speaker named after the headline's verb is answered (%d); want none", got)
	}
	if got := headlined(d, 2, sts, headlinedSpeakers(d, "Rich Bowen defends the ruling", sts), ws); got != 1 {
		t.Errorf("the headline's subject: statement 2 answers %d, want 1", got)
	}
}

// spanIn returns a function giving the code point span of a phrase of
// body (its first occurrence).
func spanIn(body string) func(string) rapporteur.Span {
	return func(s string) rapporteur.Span {
		i := strings.Index(body, s)
		start := len([]rune(body[:i]))
		return rapporteur.Span{Start: start, End: start + len([]rune(s))}
	}
}
