package act

import (
	"testing"

	"github.com/rapporteur/rapporteur"
)

// TestHeadline reads headlines as acts on their claim, as Emergent's
// stances put it: against = deny, observing = assert, for = confirm.
func TestHeadline(t *testing.T) {
	an, err := New()
	if err != nil {
		t.Fatal(err)
	}
	claim := "A bird pooped on Vladimir Putin during a speech"
	for _, c := range []struct{ headline, want string }{
		{"Kremlin denies bird incident at Putin speech", rapporteur.ActDeny},
		{"The video of the bird and the president is a hoax", rapporteur.ActDeny},
		{"No, a bird did not land on the president", rapporteur.ActDeny},
		{"Bird may have landed on president during speech", rapporteur.ActAssert},
		{"Bird lands on president during speech, witnesses say", rapporteur.ActAssert},
		{"Did a bird land on the president?", rapporteur.ActAssert},
		{"President hit by bird during speech: report", rapporteur.ActAssert},
		{"Bird lands on president during speech", rapporteur.ActConfirm},
		{"Spokesman confirms bird landed on president", rapporteur.ActConfirm},
		// "no" inside a phrase negates a noun, not the claim.
		{"President had no idea a bird was on his shoulder", rapporteur.ActConfirm},
		// A link pasted after the headline names no source.
		{"Bird lands on president during speech Read more: http:www.example.testbird-lands-on-president-1.2175026ixzz3O9Shc1IO", rapporteur.ActConfirm},
	} {
		if got := an.Headline("en", c.headline, claim); got != c.want {
			t.Errorf("%q: %s, want %s", c.headline, got, c.want)
		}
	}
	// A negated claim is not denied by a negated headline.
	if got := an.Headline("en", "Apple Watch will not be a US-only launch", "The Apple Watch will not be sold only in the US"); got != rapporteur.ActConfirm {
		t.Errorf("negated claim: %s, want confirm", got)
	}
}
