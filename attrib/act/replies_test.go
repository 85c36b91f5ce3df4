package act

import (
	"testing"

	"github.com/rapporteur/rapporteur"
)

// TestReplies checks the reply rules a reader would notice: an answer goes
// to what was said before it (a report may be quoted after its denials),
// praise answers a stand rather than a person's plain words, and a target
// named inside a speaker's name finds that speaker.
func TestReplies(t *testing.T) {
	person := func(n string) rapporteur.Speaker { return rapporteur.Speaker{Name: n, Type: rapporteur.Person} }
	org := func(n string) rapporteur.Speaker { return rapporteur.Speaker{Name: n, Type: rapporteur.Organization} }
	doc := rapporteur.Speaker{Name: "UN report", Type: rapporteur.Document}
	tgt := func(n string) *rapporteur.Target { return &rapporteur.Target{Name: n} }
	for _, c := range []struct {
		name string
		sts  []rapporteur.Statement
		i    int
		want int // -1: no reply
	}{
		{"denial answers the report quoted after it", []rapporteur.Statement{
			{Speaker: person("Zhang Jun"), Act: rapporteur.ActDeny, Target: tgt("UN report")},
			{Speaker: doc, Act: rapporteur.ActAccuse, Target: tgt("China")},
		}, 0, 1},
		{"criticism does not answer a person quoted after it", []rapporteur.Statement{
			{Speaker: person("Adam Schiff"), Act: rapporteur.ActCriticize, Target: tgt("Donald Trump")},
			{Speaker: person("Donald Trump"), Act: rapporteur.ActAssert},
		}, 0, -1},
		{"praise of a person answers no plain statement of theirs", []rapporteur.Statement{
			{Speaker: person("Robert Mugabe"), Act: rapporteur.ActAssert},
			{Speaker: person("Vladimir Putin"), Act: rapporteur.ActSupport, Target: tgt("Robert Mugabe")},
		}, 1, -1},
		{"agreement answers a criticism", []rapporteur.Statement{
			{Speaker: org("Electronic Frontier Foundation"), Act: rapporteur.ActCriticize, Target: tgt("RIAA")},
			{Speaker: person("Philipp Hagemeister"), Act: rapporteur.ActSupport, Target: tgt("Electronic Frontier Foundation")},
		}, 1, 0},
		{"an admission that names no one answers no accusation of someone else", []rapporteur.Statement{
			{Speaker: org("Iranian officials"), Act: rapporteur.ActAccuse, Target: tgt("United States")},
			{Speaker: person("Hassan Rouhani"), Act: rapporteur.ActConfirm},
		}, 1, -1},
		{"a denial that names no one answers the accusation aimed at its speaker", []rapporteur.Statement{
			{Speaker: person("Emily Spanton"), Act: rapporteur.ActAccuse, Target: tgt("Antoine Quirin")},
			{Speaker: person("Antoine Quirin"), Act: rapporteur.ActDeny},
		}, 1, 0},
		{"target named inside an organization's name", []rapporteur.Statement{
			{Speaker: org("RIAA's DMCA notice"), Act: rapporteur.ActAccuse, Target: tgt("youtube-dl")},
			{Speaker: org("Electronic Frontier Foundation"), Act: rapporteur.ActCriticize, Target: tgt("RIAA")},
		}, 1, 0},
	} {
		words := make([][]string, len(c.sts))
		got := replies("a", c.i, c.sts, weigh(words), -1)
		switch {
		case c.want < 0 && len(got) != 0:
			t.Errorf("%s: reply to %d, want none", c.name, got[0].Statement)
		case c.want >= 0 && (len(got) != 1 || got[0].Statement != c.want):
			t.Errorf("%s: %v, want statement %d", c.name, got, c.want)
		}
	}
}

// TestQuestion: an interviewer's question holds judgement words that are
// not the speaker's ("was it a disappointing move?"), a statement with a
// question mark later on is no question.
func TestQuestion(t *testing.T) {
	for _, c := range []struct {
		content, after string
		want           bool
	}{
		{`Are you aware they said it was a "disappointing move"`, `? What next`, true},
		{`What do you think of the notice?`, ``, true},
		{`It was a disappointing move. Why did they do it?`, ``, false},
		{`Is it legal`, `. He said`, false},
		// The periods of a dotted acronym end no sentence.
		{`Do you think more U.S. troops should be sent, and when?`, ``, true},
		// A question word after a preposition, and "which", "why".
		{`At what point did you realize the effort there was immoral`, `? We`, true},
		{`Which candidates have you supported`, `?`, true},
		{`Why did the council reject the plan?`, ``, true},
		{`At the meeting he said the plan was a failure`, `. Then`, false},
	} {
		ts, after := tokensOf(c.content), tokensOf(c.after)
		if got := question(ts, after); got != c.want {
			t.Errorf("%q: %v, want %v", c.content, got, c.want)
		}
	}
}

// TestRepliesByContent: a reply aimed at a speaker answers the statement
// of theirs that says the same thing, not the first or the nearest one;
// an accusation answers an accusation only by accusing its accuser back.
func TestRepliesByContent(t *testing.T) {
	person := func(n string) rapporteur.Speaker { return rapporteur.Speaker{Name: n, Type: rapporteur.Person} }
	tgt := func(n string) *rapporteur.Target { return &rapporteur.Target{Name: n} }
	for _, c := range []struct {
		name  string
		sts   []rapporteur.Statement
		words [][]string
		i     int
		want  int // -1: no reply
	}{
		{"demand answers the addressee's words on its matter", []rapporteur.Statement{
			{Speaker: person("Donald Trump"), Act: rapporteur.ActAssert},
			{Speaker: person("Donald Trump"), Act: rapporteur.ActAssert},
			{Speaker: person("Donald Trump"), Act: rapporteur.ActAssert},
			{Speaker: person("Stephen Schwarzman"), Act: rapporteur.ActDemand, Target: tgt("Donald Trump")},
		}, [][]string{{"wall", "funding"}, {"election", "fraud", "swing", "states"}, {"golf", "weekend"}, {"accept", "election", "outcome"}}, 3, 1},
		{"criticism answers the statement it speaks of, not the nearest", []rapporteur.Statement{
			{Speaker: person("Donald Trump"), Act: rapporteur.ActAssert},
			{Speaker: person("Donald Trump"), Act: rapporteur.ActAssert},
			{Speaker: person("Adam Schiff"), Act: rapporteur.ActCriticize, Target: tgt("Donald Trump")},
		}, [][]string{{"national", "emergency", "declare"}, {"border", "crisis"}, {"national", "emergency", "non-starter"}}, 2, 0},
		{"a plain statement that shares nothing is not answered", []rapporteur.Statement{
			{Speaker: person("Donald Trump"), Act: rapporteur.ActAssert},
			{Speaker: person("Adam Schiff"), Act: rapporteur.ActCriticize, Target: tgt("Donald Trump")},
		}, [][]string{{"golf", "weekend"}, {"national", "emergency", "non-starter"}}, 1, -1},
		{"accusing the accuser back", []rapporteur.Statement{
			{Speaker: person("Abdullahi Yusuf Ahmed"), Act: rapporteur.ActAccuse, Target: tgt("Nur Hassan Hussein")},
			{Speaker: person("Nur Hassan Hussein"), Act: rapporteur.ActAccuse, Target: tgt("Abdullahi Yusuf Ahmed")},
		}, [][]string{{"instability"}, {"sabotage"}}, 1, 0},
		{"an accusation of someone who accused no one answers nothing", []rapporteur.Statement{
			{Speaker: person("Abdullahi Yusuf Ahmed"), Act: rapporteur.ActAssert},
			{Speaker: person("Nur Hassan Hussein"), Act: rapporteur.ActAccuse, Target: tgt("Abdullahi Yusuf Ahmed")},
		}, [][]string{{"session"}, {"sabotage"}}, 1, -1},
	} {
		got := replies("a", c.i, c.sts, weigh(c.words), -1)
		switch {
		case c.want < 0 && len(got) != 0:
			t.Errorf("%s: reply to %d, want none", c.name, got[0].Statement)
		case c.want >= 0 && (len(got) != 1 || got[0].Statement != c.want):
			t.Errorf("%s: %v, want statement %d", c.name, got, c.want)
		}
	}
}

// TestDenialAnswersFirstAccusation: a denial that names no one answers the
// first accusation of the article it can answer (the report that broke the
// story), not the first of whoever accused last before it.
func TestDenialAnswersFirstAccusation(t *testing.T) {
	person := func(n string) rapporteur.Speaker { return rapporteur.Speaker{Name: n, Type: rapporteur.Person} }
	sts := []rapporteur.Statement{
		{Speaker: rapporteur.Speaker{Name: "report by The Times", Type: rapporteur.Document}, Act: rapporteur.ActAccuse},
		{Speaker: person("Eliot Spitzer"), Act: rapporteur.ActAssert},
		{Speaker: rapporteur.Speaker{Name: "Sources", Type: rapporteur.Group}, Act: rapporteur.ActAccuse},
		{Speaker: person("Eliot Spitzer"), Act: rapporteur.ActConfirm},
	}
	words := make([][]string, len(sts))
	if got := replies("a", 3, sts, weigh(words), -1); len(got) != 1 || got[0].Statement != 0 {
		t.Errorf("the admission answers %v, want statement 0 (the report)", got)
	}
}

// TestAccusationAnswersStand: an accusation aimed at a speaker answers that
// speaker's stand (the RNC's charge against Gore answers Gore's
// criticism), never a denial told before it, which answers it.
func TestAccusationAnswersStand(t *testing.T) {
	person := func(n string) rapporteur.Speaker { return rapporteur.Speaker{Name: n, Type: rapporteur.Person} }
	sts := []rapporteur.Statement{
		{Speaker: person("Al Gore"), Act: rapporteur.ActCriticize, Target: &rapporteur.Target{Name: "George W. Bush"}},
		{Speaker: rapporteur.Speaker{Name: "Republican National Committee", Type: rapporteur.Organization}, Act: rapporteur.ActAccuse, Target: &rapporteur.Target{Name: "Al Gore"}},
		{Speaker: person("Zhang Jun"), Act: rapporteur.ActDeny, Target: &rapporteur.Target{Name: "UN report"}},
		{Speaker: rapporteur.Speaker{Name: "UN report", Type: rapporteur.Document}, Act: rapporteur.ActAccuse, Target: &rapporteur.Target{Name: "Zhang Jun"}},
	}
	words := make([][]string, len(sts))
	if got := replies("a", 1, sts, weigh(words), -1); len(got) != 1 || got[0].Statement != 0 {
		t.Errorf("the RNC's accusation answers %v, want statement 0 (Gore's criticism)", got)
	}
	if got := replies("a", 3, sts, weigh(words), -1); len(got) != 0 {
		t.Errorf("the report answers %v, want nothing (the denial before it answers it)", got)
	}
}

// TestRefusalAnswersDemand: a refusal answers the demand it refuses (the
// one sharing its words), not another speaker's statement on something
// else; with nothing asked before it, it answers nothing.
func TestRefusalAnswersDemand(t *testing.T) {
	person := func(n string) rapporteur.Speaker { return rapporteur.Speaker{Name: n, Type: rapporteur.Person} }
	sts := []rapporteur.Statement{
		{Speaker: person("Catherine Fitzpatrick"), Act: rapporteur.ActDemand},
		{Speaker: person("Ian Campbell"), Act: rapporteur.ActDemand},
		{Speaker: rapporteur.Speaker{Name: "Australia", Type: rapporteur.Organization}, Act: rapporteur.ActDeny, Cue: &rapporteur.Span{Text: "have refused"}},
		{Speaker: rapporteur.Speaker{Name: "Russian authorities", Type: rapporteur.Organization}, Act: rapporteur.ActAccuse},
		{Speaker: rapporteur.Speaker{Name: "Elektron", Type: rapporteur.Organization}, Act: rapporteur.ActDeny, Cue: &rapporteur.Span{Text: "refused"}},
	}
	words := [][]string{{"figures", "spur", "minister", "ratify", "kyoto", "protocol"}, {"climate", "change", "number", "environmental", "challenge"}, {"sign", "kyoto", "protocol"}, {"warships", "trawler"}, {"follow", "coast", "guard", "orders"}}
	if got := replies("a", 2, sts, weigh(words), -1); len(got) != 1 || got[0].Statement != 0 {
		t.Errorf("the refusal to sign Kyoto answers %v, want statement 0 (the call to ratify it)", got)
	}
	sts[0].Act, sts[1].Act = rapporteur.ActAssert, rapporteur.ActAssert
	if got := replies("a", 4, sts, weigh(words), -1); len(got) != 0 {
		t.Errorf("the refusal of the coast guard's orders answers %v, want nothing", got)
	}
}

// TestSameSide: speakers whose affiliations name one another stand for one
// body ("Irene Khan also responded" answers the president, not Amnesty
// USA's director quoted before her; walk 7, finding 7a).
func TestSameSide(t *testing.T) {
	khan := rapporteur.Speaker{Name: "Irene Khan", Type: rapporteur.Person, Affiliation: "Amnesty International"}
	for _, c := range []struct {
		b    rapporteur.Speaker
		want bool
	}{
		{rapporteur.Speaker{Name: "William F. Schulz", Type: rapporteur.Person, Affiliation: "Amnesty International USA"}, true},
		{rapporteur.Speaker{Name: "Amnesty International", Type: rapporteur.Organization}, true},
		{rapporteur.Speaker{Name: "George W. Bush", Type: rapporteur.Person, Affiliation: "United States"}, false},
		{rapporteur.Speaker{Name: "Scott McClellan", Type: rapporteur.Person}, false},
	} {
		if got := sameSide(khan, c.b); got != c.want {
			t.Errorf("sameSide(Khan, %s) = %v, want %v", c.b.Name, got, c.want)
		}
	}
}
