package act

import (
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/attrib/text"
)

// TestResolveName: a target is stored by the name of the speaker or
// entity it names in the article, so that target:"Donald Trump" finds
// "Trump" and "the President" and a reply aimed at him finds his words.
func TestResolveName(t *testing.T) {
	sts := []rapporteur.Statement{
		{Speaker: rapporteur.Speaker{Name: "Donald Trump", Type: rapporteur.Person, Role: "President"}},
		{Speaker: rapporteur.Speaker{Name: "Adam Schiff", Type: rapporteur.Person}},
		{Speaker: rapporteur.Speaker{Name: "Mohammad bin Salman", Type: rapporteur.Person}},
		{Speaker: rapporteur.Speaker{Name: "Joe Biden", Type: rapporteur.Person}},
		{Speaker: rapporteur.Speaker{Name: "Hunter Biden", Type: rapporteur.Person}},
	}
	ents := []rapporteur.Entity{
		{Name: "United States House of Representatives", Type: rapporteur.Organization, Mentions: 2},
		{Name: "National Telecommunications Commission", Type: rapporteur.Organization, Mentions: 1},
		{Name: "Georgia", Type: rapporteur.Place, Mentions: 3},
	}
	cands := nameCands(sts, ents)
	for _, c := range []struct {
		np   string
		want string // "" for none
	}{
		{"Trump", "Donald Trump"},
		{"Mr Trump", "Donald Trump"},
		{"Mr Donald Trump", "Donald Trump"},
		{"President Donald Trump", "Donald Trump"},
		{"President Trump", "Donald Trump"},
		{"President", "Donald Trump"},
		{"the president", "Donald Trump"},
		{"Mohammad", "Mohammad bin Salman"},
		{"House", "United States House of Representatives"},
		{"NTC", "National Telecommunications Commission"},
		{"Schiff", "Adam Schiff"},
		// Two Bidens quoted as often: the surname alone is not decided.
		{"Biden", ""},
		// A common word is no name; a place is itself.
		{"move", ""},
		{"the move", ""},
		{"Georgia", "Georgia"},
	} {
		got, ok := resolveName(c.np, startsUpper(c.np), cands)
		switch {
		case c.want == "" && ok:
			t.Errorf("%q: %q, want none", c.np, got.name)
		case c.want != "" && (!ok || got.name != c.want):
			t.Errorf("%q: %q (%v), want %q", c.np, got.name, ok, c.want)
		}
	}
}

// TestRoleNamed: a statement whose content names a quoted speaker by the
// role the article gives them aims at that speaker.
func TestRoleNamed(t *testing.T) {
	txt := "the president should accept the election outcome"
	d := text.Parse(txt)
	ts := tokens(d, 0, len(d.Runes))
	sts := []rapporteur.Statement{
		{Speaker: rapporteur.Speaker{Name: "Donald Trump", Type: rapporteur.Person, Role: "President"}},
		{Speaker: rapporteur.Speaker{Name: "Stephen Schwarzman", Type: rapporteur.Person, Role: "chief executive"}},
	}
	got := roleNamed(ts, sts[1].Speaker, rolesOf(sts), d)
	if got == nil || got.Name != "Donald Trump" || got.Mention == nil || got.Mention.Text != "the president" {
		t.Errorf("%+v, want Donald Trump named by \"the president\"", got)
	}
	// The speaker's own role names no one else.
	if got := roleNamed(ts, sts[0].Speaker, rolesOf(sts), d); got != nil {
		t.Errorf("own role: %+v, want none", got)
	}
	// Two presidents quoted: the role names neither.
	two := append(sts, rapporteur.Statement{Speaker: rapporteur.Speaker{Name: "Emmanuel Macron", Type: rapporteur.Person, Role: "President"}})
	if got := roleNamed(ts, sts[1].Speaker, rolesOf(two), d); got != nil {
		t.Errorf("two presidents: %+v, want none", got)
	}
}

// TestNegatedClaims: a plain assertion that negates what an earlier
// demand asked for, in its own words, denies it; one that negates
// something else stays an assertion.
func TestNegatedClaims(t *testing.T) {
	an, err := New()
	if err != nil {
		t.Fatal(err)
	}
	l := an.langs["en"]
	txt := "Leaders called for the election to be postponed. The minister said the election will not be postponed. The mayor said the weather was not cold."
	d := text.Parse(txt)
	span := func(s string) rapporteur.Span {
		i := strings.Index(txt, s)
		return rapporteur.Span{Start: len([]rune(txt[:i])), End: len([]rune(txt[:i+len(s)])), Text: s}
	}
	sts := []rapporteur.Statement{
		{Speaker: rapporteur.Speaker{Name: "Leaders", Type: rapporteur.Group}, Act: rapporteur.ActDemand, Content: span("the election to be postponed")},
		{Speaker: rapporteur.Speaker{Name: "minister", Type: rapporteur.Person}, Act: rapporteur.ActAssert, Content: span("the election will not be postponed")},
		{Speaker: rapporteur.Speaker{Name: "mayor", Type: rapporteur.Person}, Act: rapporteur.ActAssert, Content: span("the weather was not cold")},
	}
	words := make([][]string, len(sts))
	for i := range sts {
		words[i] = contentWords(d, sts[i].Content)
	}
	l.negatedClaims(d, sts, weigh(words))
	if sts[1].Act != rapporteur.ActDeny || sts[1].Target == nil || sts[1].Target.Name != "Leaders" {
		t.Errorf("minister: %s %+v, want a denial aimed at Leaders", sts[1].Act, sts[1].Target)
	}
	if sts[2].Act != rapporteur.ActAssert {
		t.Errorf("mayor: %s, want assert", sts[2].Act)
	}
}
