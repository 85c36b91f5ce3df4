package speaker

import (
	"testing"

	"github.com/rapporteur/rapporteur"
)

// TestDescribedOrganization: a common noun phrase that names nobody,
// followed by an organization's name in apposition, is that organization
// speaking ("One of these groups, the Syrian Democratic Forces (SDF),
// opposed the withdrawal" is the SDF, not "One of these groups").
func TestDescribedOrganization(t *testing.T) {
	checkNames(t, []nameCase{
		{"One of these groups, the Syrian Democratic Forces (SDF), opposed the withdrawal.",
			"One of these groups, the Syrian Democratic Forces (SDF)", "Syrian Democratic Forces"},
		{"The largest group, the Syrian Democratic Forces, said the withdrawal was a betrayal.",
			"The largest group, the Syrian Democratic Forces", "Syrian Democratic Forces"},
		{"The news agency, Reuters, said the figures were wrong.",
			"The news agency, Reuters", "Reuters"},
		{"Shortly before the vote, the largest Sunni political party, the Iraqi Islamic Party, agreed to lend some support to the referendum.",
			"the largest Sunni political party, the Iraqi Islamic Party", "Iraqi Islamic Party"},
		// A person in the same place was already read so; it stays.
		{"One of the lawyers, Kevin Barrett, said the ruling was wrong.",
			"One of the lawyers, Kevin Barrett", "Kevin Barrett"},
	})
}

// TestTimeLeftOut: a time phrase the source phrase takes in, before the
// speaker ("A few days later the administration") or after it ("officials
// on Thursday"), is no part of the speaker's name; a name's own word
// ("USA Today") stays.
func TestTimeLeftOut(t *testing.T) {
	checkNames(t, []nameCase{
		{"A few days later the administration said the plan was dead.", "A few days later the administration", "administration"},
		{"Yesterday the agency said the search would go on.", "Yesterday the agency", "agency"},
		{"Philippine officials on Thursday said the storm had passed.", "Philippine officials on Thursday", "Philippine officials"},
		{"Officials late today said the count was over.", "Officials late today", "Officials"},
		{"A report from the ministry on March 3 said cases rose.", "A report from the ministry on March 3", "report from the ministry"},
		{"USA Today said the figures were wrong.", "USA Today", "USA Today"},
		{"The head of this ministry said the plan would work.", "The head of this ministry", "head of this ministry"},
	})
}

// TestPersonAfterCapitalisedWord: a capitalised word that names no one
// known ("Republican", "Democratic") before a person's name and a place
// leaves the person as the speaker, not the place.
func TestPersonAfterCapitalisedWord(t *testing.T) {
	checkNames(t, []nameCase{
		{"Republican committee member Doug Collins of Georgia said on Twitter that the inquiry was a sham.",
			"Republican committee member Doug Collins of Georgia", "Doug Collins"},
		{"Democratic committee chairman Jerrold Nadler of New York said the hearings would go on.",
			"Democratic committee chairman Jerrold Nadler of New York", "Jerrold Nadler"},
	})
}

// nameCase is a text, the source phrase the attribution stage would pass,
// and the name a reader expects for it.
type nameCase struct{ text, source, want string }

// checkNames resolves each case's source phrase in its text and checks
// the speaker's name.
func checkNames(t *testing.T, cases []nameCase) {
	t.Helper()
	r := resolver(t)
	for _, c := range cases {
		got := r.Table("en", c.text).Resolve(spanOf(t, c.text, c.source))
		if got.Name != c.want {
			t.Errorf("%q in %q: got %q, want %q", c.source, c.text, got.Name, c.want)
		}
	}
}

// TestParenthesizedNoAntecedent: a name in parentheses is an aside, a
// dateline's credit or an abbreviation, so a later "the company" or "the
// agency" does not point back to it ("OSLO (Reuters) - … The company
// said" was Reuters'); the full name before an abbreviation still is.
func TestParenthesizedNoAntecedent(t *testing.T) {
	cases := []struct{ text, source, name string }{
		{"OSLO (Reuters) - A watchdog accused Halvorsen Mining of dumping waste. The company said its discharges were legal.",
			"The company", "Halvorsen Mining"},
		{"The World Health Organization (WHO) warned of a new wave. The organization said hospitals should prepare.",
			"The organization", "World Health Organization"},
	}
	for _, c := range cases {
		tab := resolver(t).Table("en", c.text)
		sp := tab.Resolve(spanOf(t, c.text, c.source))
		if sp.Name != c.name {
			t.Errorf("%q in %q: speaker %q, want %q", c.source, c.text, sp.Name, c.name)
		}
	}
}

// TestIndustryCompanies: a company whose name ends in its industry
// ("Halvorsen Mining", "Nippon Steel") is what a later "the company"
// names; it was left unnamed ("company") when the name had no
// organisation word the lists knew.
func TestIndustryCompanies(t *testing.T) {
	checkNames(t, []nameCase{
		{"A watchdog accused Halvorsen Mining of dumping waste in the fjord. The company said its discharges were legal.", "The company", "Halvorsen Mining"},
		{"Nippon Steel cut its forecast on Friday. The company said demand had fallen.", "The company", "Nippon Steel"},
		{"Regulators fined Allianz Insurance for late payouts. The insurer said it would appeal.", "The insurer", "Allianz Insurance"},
	})
}

// TestPassiveAgentNotTopic: the last speaker named again only as the
// agent of a passive ("pardoned by Trump") does not keep a following "He":
// the newer subject does (the demo gave Flynn's words to Trump).
func TestPassiveAgentNotTopic(t *testing.T) {
	text := `Retired general Michael Flynn was on stage while President Donald Trump flew over. Trump said he would go to see the rally. This was the first time Flynn made a public speech since he was pardoned by Trump. He said "That's pretty cool."`
	tab := resolver(t).Table("en", text)
	first := func(word, in string) rapporteur.Span {
		sp := spanOf(t, text, in)
		sp.End, sp.Text = sp.Start+len([]rune(word)), word
		return sp
	}
	tab.Resolve(first("Trump", "Trump said"))
	sp := tab.Resolve(first("He", "He said"))
	if sp.Name != "Michael Flynn" {
		t.Errorf("He: speaker %q, want Michael Flynn", sp.Name)
	}
}
