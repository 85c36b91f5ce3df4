package attrib

import (
	"strings"
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

// TestNounPhraseStances: a cue of the lexicon with a noun phrase it does
// not take ("show", "noted", "promised" want a clause) is a stance when the
// cue model is sure of the cue in its context, as PolNeAR marks them; a
// noun phrase that a clause carries on, an owner's modifier and a cue in
// another statement's reported words are none.
func TestNounPhraseStances(t *testing.T) {
	at := newAttributor(t)
	for _, c := range []struct {
		text, cue, content string // content "" means no statement with the cue
	}{
		{"Recent polls show a close contest in the state.", "show", "a close contest in the state"},
		{"The minister promised more rallies throughout the country.", "promised", "more rallies throughout the country"},
		{"Small groups of protesters continued to call for more information about the shooting.", "continued to call for", "more information about the shooting"},
		{"The New Harbour Times reported the closure.", "reported", ""},
		{"The agencies reportedly believe the crown prince ordered the killing.", "reportedly believe", "the crown prince ordered the killing"},
		{"The government's proposed legislation was criticised by lawyers.", "proposed", ""},
		{"The president said on Friday he can and may declare a national state of emergency.", "may declare", ""},
		// A topic or a deed is no position (the cue's "topic" tag).
		{"Florida governor Ron DeSantis declared a state of emergency in anticipation of the storm.", "declared", ""},
		{"The mayor would like to discuss the study with the council.", "would like to discuss", ""},
		// The noun phrase is the cue's object, right after it.
		{"The activist Greta Thunberg promised protests every week until Sweden joined the Paris Agreement.", "promised", ""},
		{"Trump said he banned travel from China in January, which Biden opposed as xenophobic.", "opposed", ""},
		// A deed is no statement (attrib-deeds.txt).
		{"The parliament of Portugal voted to extend the national state of emergency.", "voted", ""},
	} {
		t.Run(c.text, func(t *testing.T) {
			a := at.Attribute(rapporteur.Article{Text: c.text, Language: "en"})
			check(t, a)
			for _, st := range a.Statements {
				if st.Cue == nil || st.Cue.Text != c.cue {
					continue
				}
				if c.content == "" {
					t.Errorf("a statement %q with the cue %q, want none", st.Content.Text, c.cue)
				} else if st.Content.Text != c.content || st.Mode != rapporteur.Stance {
					t.Errorf("got %q (%s), want %q (stance)", st.Content.Text, st.Mode, c.content)
				}
				return
			}
			if c.content != "" {
				t.Errorf("no statement with the cue %q: %+v", c.cue, gotOf(a))
			}
		})
	}
}

// TestColonAnnounces: a quotation after a colon belongs to the one the
// colon's sentence opens with, when that sentence has no cue ("Bolton gave
// a different account of events, also speaking via Twitter: "…""); a
// sentence that opens with no one leaves it to the previous speaker.
func TestColonAnnounces(t *testing.T) {
	at := newAttributor(t)
	text := "\"I informed John Bolton last night that his services are no longer needed at the White House,\" wrote Donald Trump on Twitter.\n\n" +
		"Bolton gave a different account of events, also speaking via Twitter: \"I offered to resign last night and the president said, 'Let's talk about it tomorrow.'\"\n\n" +
		"Earlier that day, in a long briefing: \"We will name a new adviser next week.\""
	a := at.Attribute(rapporteur.Article{Language: "en", Text: text})
	check(t, a)
	want := map[string]string{"I offered to resign": "John Bolton", "We will name": "Bolton"}
	for _, st := range a.Statements {
		for start, who := range want {
			if strings.HasPrefix(st.Content.Text, start) {
				if !strings.HasSuffix(st.Speaker.Name, "Bolton") {
					t.Errorf("%q is %q's, want %s's", start, st.Speaker.Name, who)
				}
				delete(want, start)
			}
		}
	}
	for start := range want {
		t.Errorf("no statement %q: %+v", start, gotOf(a))
	}
}

// TestNounPhraseStanceSpeaker: a noun-phrase stance takes its speaker from
// before its cue, not from the next clause, and a poll's stance does not
// hand its speaker to a quotation of a later sentence; a quotation its own
// sentence runs into keeps the stance's speaker.
func TestNounPhraseStanceSpeaker(t *testing.T) {
	at := newAttributor(t)
	a := at.Attribute(rapporteur.Article{Language: "en", Text: "The Associated Press called the election for Biden, as did NBC News, when Biden was declared the winner in Pennsylvania."})
	check(t, a)
	for _, st := range a.Statements {
		if st.Speaker.Name == "Biden" || strings.Contains(st.Speaker.Name, "Biden") {
			t.Errorf("Biden speaks: %q (cue %v); the AP called the election", st.Content.Text, st.Cue)
		}
	}
	text := "Various opinion polls showed national support for the mayor at no more than one percent of voters.\n\n" +
		"The mayor, a member of the Democratic Party, spoke on a morning talk show when he made the announcement: " +
		"\"I feel like I have contributed all I can to this primary election, and it is clearly not my time.\"\n\n" +
		"Bill Gerstenmaier of NASA spoke of the collaboration between his agency and SpaceX: " +
		"\"It's fun working with a new partner that approaches the problem in a slightly different way.\""
	a = at.Attribute(rapporteur.Article{Language: "en", Text: text})
	check(t, a)
	for _, st := range a.Statements {
		switch {
		case strings.HasPrefix(st.Content.Text, "I feel like"):
			if strings.Contains(st.Speaker.Name, "polls") {
				t.Errorf("the mayor's quotation is given to %q", st.Speaker.Name)
			}
		case strings.HasPrefix(st.Content.Text, "It's fun"):
			if st.Speaker.Name != "Bill Gerstenmaier" {
				t.Errorf("the quotation after 'spoke of the collaboration …:' is %q's, want Bill Gerstenmaier's", st.Speaker.Name)
			}
		}
	}
}

// TestSourceWithoutThat: the "that" before a reported subject is no part of
// who speaks ("found that 74 percent of likely voters said …"), nor is a
// phrase before the name ("In a televised address President …").
func TestSourceWithoutThat(t *testing.T) {
	at := newAttributor(t)
	for _, c := range []struct{ text, cue, source string }{
		{"A poll released in August found that 74 percent of likely voters said the senator should resign.", "said", "74 percent of likely voters"},
		{"The report noted that Mr. Russert told investigators all reporters knew.", "told", "Mr. Russert"},
		// A phrase that opens with a preposition and runs into the name
		// is not the speaker's; a quantity before a name is.
		{"In a televised address President Horst Köhler stated Germany needs a stable government.", "stated", "President Horst Köhler"},
		{"At least three Liberal MPs have indicated they might vote against the bill.", "have indicated", "At least three Liberal MPs"},
	} {
		t.Run(c.text, func(t *testing.T) {
			a := at.Attribute(rapporteur.Article{Text: c.text, Language: "en"})
			check(t, a)
			for _, st := range a.Statements {
				if st.Cue != nil && st.Cue.Text == c.cue {
					if st.Speaker.Source == nil || st.Speaker.Source.Text != c.source {
						t.Errorf("source %+v, want %q", st.Speaker.Source, c.source)
					}
					return
				}
			}
			t.Errorf("no statement with the cue %q: %+v", c.cue, gotOf(a))
		})
	}
}
