package act_test

import (
	"strings"
	"testing"
)

// TestReplyToPronounOwner: "rejected his demands, saying …" answers the
// demands of the person "his" stands for, in both the rejection and the
// words said with it; not a body's demand or criticism quoted in between.
func TestReplyToPronounOwner(t *testing.T) {
	a, err := stages(t).Text("demands", "Officials reject call for new vote\n\n"+
		"Opposition candidate Tom Lee said, \"We demand new, honest elections. This was a complete farce.\"\n\n"+
		"The Eastland Workers Union called for higher wages for miners.\n\n"+
		"The European Union criticized Eastland for its authoritarian rule.\n\n"+
		"Eastland officials rejected his demands, saying the elections were free and honest.\n")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range a.Statements {
		if s.Speaker.Name != "Eastland officials" {
			continue
		}
		n++
		got := ""
		if len(s.RespondsTo) == 1 {
			got = a.Statements[s.RespondsTo[0].Statement].Speaker.Name
		}
		if got != "Tom Lee" {
			t.Errorf("%q (%s) answers %q, want Tom Lee", s.Content.Text, s.Act, got)
		}
	}
	if n == 0 {
		t.Fatalf("no statement of Eastland officials in %+v", a.Statements)
	}
}

// TestReplyToClaimOnSameThing: a denial of "the President's claims of
// widespread voter fraud" answers his claim of voter fraud, not his blame
// for violence told first (walk 7, finding 2; text from Wikinews, "Violence
// breaks out in Washington, DC at pro-Trump protest", CC BY 2.5).
func TestReplyToClaimOnSameThing(t *testing.T) {
	a, err := stages(t).Text("fraud", "Violence breaks out in Washington, DC at pro-Trump protest\n\n"+
		"President Trump lashed out at the capital city's Democratic mayor Muriel Bowser on Twitter, accusing her of \"not doing her job\". "+
		"The president has blamed Democratic leadership for violence and unrest in various US cities throughout 2020.\n\n"+
		"The president has not yet conceded the election, and has claimed widespread voter fraud with mail-in ballots, and made various legal challenges. "+
		"State and federal election officials have stated there is currently no evidence to support the President's claims of widespread voter fraud.\n")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range a.Statements {
		if s.Speaker.Name != "State and federal election officials" {
			continue
		}
		n++
		got := ""
		if len(s.RespondsTo) == 1 {
			got = a.Statements[s.RespondsTo[0].Statement].Content.Text
		}
		if !strings.Contains(got, "voter fraud") {
			t.Errorf("%q (%s) answers %q, want the claim of voter fraud", s.Content.Text, s.Act, got)
		}
	}
	if n == 0 {
		t.Fatalf("no statement of the officials in %+v", a.Statements)
	}
}
