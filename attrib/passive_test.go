package attrib

import (
	"testing"

	"github.com/rapporteur/rapporteur"
)

// TestPassiveAccusation: an accusation or a criticism reported in the
// passive ("X was accused by Y of …") is Y's statement: the allegation a
// fact-checker follows, which a denial then answers. A passive that names
// an assailant, or a "by" that belongs to another verb, is none.
func TestPassiveAccusation(t *testing.T) {
	at := newAttributor(t)
	type want struct{ source, cue, content string }
	for _, tc := range []struct {
		text string
		want []want
	}{
		{"Halvorsen Mining was accused by villagers of poisoning the river. The company said the claims were baseless.",
			[]want{{"villagers", "was accused", "poisoning the river"}, {"The company", "said", "the claims were baseless"}}},
		{"Turkey was condemned in a joint statement by Egypt, Greece and Cyprus on October 8.",
			[]want{{"Egypt, Greece and Cyprus", "was condemned", "Turkey"}}},
		{"The operation was condemned by members of the European Union.",
			[]want{{"members of the European Union", "was condemned", "The operation"}}},
		{"The plan was criticised by a number of church leaders.",
			[]want{{"a number of church leaders", "was criticised", "The plan"}}},
		{"It was alleged by the ministry that the plotters had help from abroad.",
			[]want{{"the ministry", "was alleged", "the plotters had help from abroad"}}},
		{"The troops were attacked by a mob near the border.", nil},
		{"The 2001 bombing was blamed on militant groups backed by a neighbouring state.", nil},
	} {
		a := at.Attribute(rapporteur.Article{ID: "passive", Text: tc.text, Language: "en"})
		var got []want
		for _, st := range a.Statements {
			w := want{content: st.Content.Text}
			if st.Speaker.Source != nil {
				w.source = st.Speaker.Source.Text
			}
			if st.Cue != nil {
				w.cue = st.Cue.Text
			}
			got = append(got, w)
		}
		if len(got) != len(tc.want) {
			t.Errorf("%s\n got %q\nwant %q", tc.text, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s\n statement %d: got %q, want %q", tc.text, i, got[i], tc.want[i])
			}
		}
	}
}
