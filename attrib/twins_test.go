package attrib

import (
	"testing"

	"github.com/rapporteur/rapporteur"
)

// TestTwinReadings: two readings of a sentence that start at the same
// word are one report each at most. The reader sees each statement once,
// with its own words, not another report's attribution inside them.
func TestTwinReadings(t *testing.T) {
	at := newAttributor(t)
	type want struct{ speaker, content string }
	for _, tc := range []struct {
		name, text string
		want       []want
	}{{
		// "highlighted" read with the whole clause before it, the
		// Herald's "noted" inside, is no statement.
		name: "parenthetical cue inside the other's words",
		text: "The council voted on Tuesday. Mayor Ana Ruiz herself presided over the vote, a move whose rarity, the Herald noted, highlighted the significance of the resolution.\n\nOthers disagreed.",
		want: []want{{"Herald", "Mayor Ana Ruiz herself presided over the vote, a move whose rarity, the Herald noted, highlighted the significance of the resolution"}},
	}, {
		// Two "according to" in one sentence: the second report's words
		// start after the first one's attribution.
		name: "two reports in one sentence",
		text: "Cases rose again in the region.\n\nThe province also has the highest number of deaths related to the flu, according to the health ministry data; at least 5,000 deaths were linked to the flu in the province as of yesterday, with the number rising by over 100 deaths per day according to the Daily Planet website. Other provinces have fewer.",
		want: []want{
			{"health ministry data", "The province also has the highest number of deaths related to the flu"},
			{"Daily Planet website", "at least 5,000 deaths were linked to the flu in the province as of yesterday, with the number rising by over 100 deaths per day"},
		},
	}, {
		// A verb of the reported words is no cue of the words before
		// it: "added 215,000 jobs" is what the Bureau reported.
		name: "a clause of the other's words",
		text: "Continuing a trend of steady growth, the national economy added 215,000 jobs in July, the Bureau of Labor Statistics said on Friday.",
		want: []want{{"Bureau of Labor Statistics", "Continuing a trend of steady growth, the national economy added 215,000 jobs in July"}},
	}, {
		// The end of an interview answer ("Thus Precision Policies.")
		// names no speaker of the answer's words: they are the
		// interviewee's.
		name: "a name inside an interview answer",
		text: "Wikinews spoke to council candidate Lena Ortiz about her plans.\n\n((WN)) Could you please tell us about the 'Precision Policies'?\n\n((Lena Ortiz)) We pledge to formulate policies for the majority and precise policies for the minority. We called this Precision Policies.\n\nYou see the majority rule in current democracy. If you are in the minority, you will not be in luck. Our platform ensures that the needs of everyone including those in minority groups are captured. The government should work harder to ensure there are policies that precisely address the needs of everyone including minority groups. Thus Precision Policies.\n\n((WN)) Thank you.",
		want: []want{
			{"Wikinews", "Could you please tell us about the 'Precision Policies'"},
			{"Lena Ortiz", "We pledge to formulate policies for the majority and precise policies for the minority. We called this Precision Policies"},
			{"Lena Ortiz", "You see the majority rule in current democracy. If you are in the minority, you will not be in luck. Our platform ensures that the needs of everyone including those in minority groups are captured. The government should work harder to ensure there are policies that precisely address the needs of everyone including minority groups. Thus Precision Policies"},
			{"Wikinews", "Thank you"},
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			a := at.Attribute(rapporteur.Article{ID: "twins", Text: tc.text, Language: "en"})
			var got []want
			for _, st := range a.Statements {
				got = append(got, want{st.Speaker.Name, st.Content.Text})
			}
			if len(got) != len(tc.want) {
				t.Fatalf("statements:\n got %q\nwant %q", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("statement %d:\n got %q\nwant %q", i, got[i], tc.want[i])
				}
			}
		})
	}
}
