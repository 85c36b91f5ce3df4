package speaker

import "testing"

// TestPlaceQualifierNoSpeaker: the state or country after a city and a
// comma ("Washington, D.C.", "Austin, Texas") only says where; the span
// model, picking the noun phrase nearest ", saying", gave Trump's
// statement to a speaker "Washington" in the demo. Such a phrase names no
// speaker, while a capital that speaks for its government still does.
func TestPlaceQualifierNoSpeaker(t *testing.T) {
	cases := []nameCase{
		{`Trump issued a statement at his golf club outside Washington, D.C. saying, "The election is far from over."`, "D.C.", ""},
		{`Trump issued a statement at his golf club outside Washington, D.C. saying, "The election is far from over."`, "Washington, D.C.", ""},
		{`The governor spoke at a rally in Austin, Texas, saying the state would not close.`, "Texas", ""},
		{`Washington said the sanctions would stay.`, "Washington", "Washington"},
		{`Officials in Texas met on Monday. Texas said the border would stay open.`, "Texas", "Texas"},
	}
	checkNames(t, cases)
	r := resolver(t)
	for _, c := range cases[:3] {
		sp := r.Table("en", c.text).Resolve(spanOf(t, c.text, c.source))
		if sp.Type != "unknown" {
			t.Errorf("%q in %q: type %q, want unknown", c.source, c.text, sp.Type)
		}
	}
}

// TestPlacedOrganization: a place after an organization and "in" or "at"
// only says where the organization is; the organization speaks. The demo
// credited the College of Wooster's study to "Ohio" and the CDC's figure
// to "United States".
func TestPlacedOrganization(t *testing.T) {
	checkNames(t, []nameCase{
		{"A study led by the College of Wooster in Ohio found that warm water erodes the shelf.", "the College of Wooster in Ohio", "College of Wooster"},
		{"According to the Centers for Disease Control and Prevention in the United States, one child in a thousand dies.", "the Centers for Disease Control and Prevention in the United States", "Centers for Disease Control and Prevention"},
	})
}

// TestCourtOfCountry: "the Supreme Court of the United Kingdom" is one
// court; the demo read "of the United Kingdom" as a person, who then took
// a later "He" meant for Boris Johnson.
func TestCourtOfCountry(t *testing.T) {
	text := "Prime Minister Boris Johnson asked for the prorogation. On Tuesday the Supreme Court of the United Kingdom ruled it unlawful. He said he disagreed."
	tab := resolver(t).Table("en", text)
	if sp := tab.Resolve(spanOf(t, text, "the Supreme Court of the United Kingdom")); sp.Name != "Supreme Court of the United Kingdom" || sp.Type != "organization" {
		t.Errorf("the court: %q %s, want Supreme Court of the United Kingdom, an organization", sp.Name, sp.Type)
	}
	if sp := tab.Resolve(spanOf(t, text, "He")); sp.Name != "Boris Johnson" {
		t.Errorf("He: %q, want Boris Johnson", sp.Name)
	}
}
