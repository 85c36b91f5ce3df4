package attrib

import (
	"testing"

	"github.com/rapporteur/rapporteur"
)

// TestStanceOrSpeech checks the statements read off cues whose object may
// be a noun phrase (np in cues.txt): the object of a denial or a criticism
// is a stance, a clause after the same cue reports words, and the object
// takes in its "as" complement but not the medium it was said in. The
// texts are invented.
func TestStanceOrSpeech(t *testing.T) {
	at := newAttributor(t)
	for _, c := range []struct {
		text, content, cue, mode string
	}{
		// The product's central case for threads: a denial of a report.
		{"The company denied the report, calling it baseless.", "the report", "denied", rapporteur.Stance},
		{"Iran denied the accusation on Monday.", "the accusation", "denied", rapporteur.Stance},
		{"The senator denied he made any deal with the lobby.", "he made any deal with the lobby", "denied", rapporteur.Speech},
		{"The ministry denied that troops had crossed the border.", "troops had crossed the border", "denied", rapporteur.Speech},
		{"The agency denies the two explosions are related.", "the two explosions are related", "denies", rapporteur.Speech},
		{"The coach revealed police have been unable to question him.", "police have been unable to question him", "revealed", rapporteur.Speech},
		{"The mayor criticized it.", "it", "criticized", rapporteur.Stance},
		{"The council rejected the claims of residents who were there.", "the claims of residents who were there", "rejected", rapporteur.Stance},
		// "as" opens the object's complement, unless a clause follows.
		{"Clinton cited the remarks as examples of his disrespect for women.", "the remarks as examples of his disrespect for women", "cited", rapporteur.Stance},
		// Quoted words make it a mixed quotation, which reports words.
		{"The governor criticized the law as a \"crazy system\".", "the law as a \"crazy system\"", "criticized", rapporteur.Speech},
		{"The governor criticized the law as he left the hall.", "the law", "criticized", rapporteur.Stance},
		// A second cue joined by "and" closes the first one's content,
		// even past a cue inside it ("supporting").
		{"The actress says she will keep supporting the senator and said she would stand up to the attacks.", "she will keep supporting the senator", "says", rapporteur.Speech},
		// The medium the stance was taken in is not its object.
		{"The union called for more school investment in a statement.", "more school investment", "called for", rapporteur.Stance},
		{"The candidate attacked the actress in early-morning tweets.", "the actress", "attacked", rapporteur.Stance},
	} {
		t.Run(c.text, func(t *testing.T) {
			a := at.Attribute(rapporteur.Article{Text: c.text, Language: "en"})
			check(t, a)
			for _, st := range a.Statements {
				if st.Cue != nil && st.Cue.Text == c.cue {
					if st.Content.Text != c.content || st.Mode != c.mode {
						t.Errorf("got %q (%s), want %q (%s)", st.Content.Text, st.Mode, c.content, c.mode)
					}
					return
				}
			}
			t.Errorf("no statement with the cue %q: %+v", c.cue, gotOf(a))
		})
	}
}
