package attrib

import (
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// TestWordSourceGhost: a reading dropped for a source of one word that
// names no one ("The says …", where the page lost a link) leaves the
// quotation without a cue after it to no one we know, not to whoever
// spoke before it.
func TestWordSourceGhost(t *testing.T) {
	at := newAttributor(t)
	text := "Amnesty's Jane Roe said the prisoner's health was failing. The says Mr Zhang is continuing his hunger strike in the prison. \"He will not stop until he is released.\""
	a := at.Attribute(rapporteur.Article{Text: text, Language: "en"})
	for _, st := range a.Statements {
		if strings.HasPrefix(st.Content.Text, "He will not stop") {
			if st.Speaker.Name != "" {
				t.Errorf("speaker of %q: %q, want none", st.Content.Text, st.Speaker.Name)
			}
			return
		}
	}
	t.Errorf("no statement of the quotation; got %d statements", len(a.Statements))
}

// TestSourceSpans: which words are the source of a statement. PolNeAR
// marks the whole noun phrase that names who speaks, with its titles and
// appositives; a reader needs the name in it. Each case lists readings
// ("source | cue | content"; one opening with " | " leaves the source
// open) that must be among the statements, and parts of readings that
// must not be.
func TestSourceSpans(t *testing.T) {
	at := newAttributor(t)
	for _, c := range []struct {
		text      string
		want, not []string
	}{
		// A capitalized "May" after a name is the name's, not a modal of
		// the cue (Wikinews, "UK Conservatives pledge to repeal Human
		// Rights Act", CC BY 2.5).
		{text: "Home Secretary Theresa May told the party conference the next Conservative Party manifesto will commit to repealing the Human Rights Act 1998.",
			want: []string{"Home Secretary Theresa May | told | the next Conservative Party manifesto will commit to repealing the Human Rights Act 1998"},
			not:  []string{"May told"}},
		// A day after an inverted cue is no source: the name before the
		// cue is.
		{text: "\"We expect the bill to pass this week,\" Senate Majority Leader Jane Doe, R-Ore., said Tuesday.",
			want: []string{"Senate Majority Leader Jane Doe, R-Ore. | said | We expect the bill to pass this week,"}},
		// An inverted source keeps its appositive: a noun of saying or a
		// name inside it ("think tank", "State Department") is no verb
		// that ends it (Wikinews, "Obama nominee Geithner accuses China of
		// currency manipulation", "Pakistan ...", CC BY 2.5) ...
		{text: "\"The signal this sends is not good,\" said Charles W. Freeman, a fellow at the Center for Strategic and International Studies and former head trade negotiator for China at the Office of the United States Trade Representative.",
			want: []string{"Charles W. Freeman, a fellow at the Center for Strategic and International Studies and former head trade negotiator for China at the Office of the United States Trade Representative | said | The signal this sends is not good,"}},
		{text: "\"The plan leaves out fathers,\" said Jane Roe, executive vice president for policy at the Center for Fairness, a liberal think tank.",
			want: []string{"Jane Roe, executive vice president for policy at the Center for Fairness, a liberal think tank | said | The plan leaves out fathers,"}},
		// ... and the party and state after the name ...
		{text: "\"This is a sad day,\" said Rep. John Doe (D-N.C.), head of the state delegation.",
			want: []string{"Rep. John Doe (D-N.C.), head of the state delegation | said | This is a sad day,"}},
		// ... but not the medium the words were said in (Wikinews,
		// "Russia recognizes independence of Abkhazia and South
		// Ossetia", CC BY 2.5), nor a body's acronym after "according to".
		{text: "\"Putin's next target will be Ukraine\" said Richard Holbrooke, a former United States Ambassador to the United Nations in a CNN interview.",
			want: []string{"Richard Holbrooke, a former United States Ambassador to the United Nations | said | Putin's next target will be Ukraine"}},
		{text: "According to the World Health Organization (WHO), vaccination before the outbreak began covered only about 31 percent of Samoans.",
			want: []string{"the World Health Organization | According to | vaccination before the outbreak began covered only about 31 percent of Samoans"}},
		// A name before the appositive the readers took alone is the
		// source's: "Name, appositive, cue" or "Appositive, Name, cue"
		// (Wikinews, "Israeli PM Olmert to resign", "Police shoot man
		// dead after 'terrorist-related' knife attack in London", CC BY
		// 2.5) ...
		{text: "Gordon Johndroe, White House spokesperson, commented on the resignation. \"He wishes him well,\" he said.",
			want: []string{"Gordon Johndroe, White House spokesperson | commented on | the resignation"}},
		{text: "The mayor of London, Sadiq Khan, thanked \"the police, security and emergency services staff for their swift and courageous response\".",
			want: []string{"The mayor of London, Sadiq Khan | thanked | the police, security and emergency services staff for their swift and courageous response"}},
		{text: "Smith, 56, who has served on the committee for a decade, told reporters it is clear that the hacking was done by Russia.",
			want: []string{"Smith, 56, who has served on the committee for a decade | told | it is clear that the hacking was done by Russia"}},
		// ... but not a participle's phrase or a time before it (Wikinews,
		// "British supermarket chain Tesco to sell its Polish branch to
		// Salling Group A/S", "US President Trump announces troop
		// withdrawal from Syria", CC BY 2.5).
		{text: "Speaking to Portfolio.hu, Matt Simister, Tesco’s CEO for Central Europe, explained that the company held a 4% share of the Polish retail market.",
			want: []string{"Matt Simister, Tesco’s CEO for Central Europe | explained | the company held a 4% share of the Polish retail market"}},
		{text: "Late on Sunday, the United States President Donald Trump, in a statement delivered via the press secretary, announced US troops would be leaving Syria.",
			not: []string{"Late on Sunday, the"}},
		{text: "Shortly before the vote, the largest Sunni political party, the Iraqi Islamic Party, agreed to lend some support to the referendum.",
			not: []string{"Shortly before the vote"}},
		// A subject with appositives after a quotation, a noun or a
		// participle of the lexicon in them ("the states", "counter",
		// "suing"), is the source (Wikinews, "Three killed, three others
		// injured in stabbing attack in Reading, UK", "Bodies recovered
		// from Air France crash", CC BY 2.5); a verb in it is no
		// appositive ("Reports said O'Rourke …", "O'Rourke ends US
		// presidential bid").
		{text: "The head of the UK's counter terror police, Neil Basu, on Sunday said the police found nothing inconsistent with the attacker acting alone. He also said there is no suggestion of specific increased threat.",
			want: []string{"The head of the UK's counter terror police, Neil Basu | said | the police found nothing inconsistent with the attacker acting alone"}},
		{text: "\"We weren’t prepared for that. We are now confronted with another trauma,\" Robert Soulas, vice president of Entraide et Solidarité AF447, a support group for families of victims of the crash, said.",
			want: []string{"Robert Soulas, vice president of Entraide et Solidarité AF447, a support group for families of victims of the crash | said | We weren’t prepared for that. We are now confronted with another trauma,"}},
		{text: "\"It is an invasion of the state's domain,\" John Roe, the attorney general of Utah, one of the states suing the agency, said at an event this month.",
			want: []string{"John Roe, the attorney general of Utah, one of the states suing the agency | said | It is an invasion of the state's domain,"}},
		{text: "Reports said O'Rourke, a former United States Representative who gained national recognition during his 2018 run for Senate against Ted Cruz, does not plan to run for Senate in 2020.",
			not: []string{"Reports said O'Rourke, a former"}},
		// A quotation that ends in a comma before its speaker and a weak
		// cue is what was said (Wikinews, "Bush vows to get bailout plan
		// through Congress", CC BY 2.5).
		{text: "\"Yesterday, the House of Representatives voted on a financial rescue plan that had been negotiated by Congressional leaders of both parties and my administration,\" Bush reminded the audience.",
			want: []string{"Bush | reminded | Yesterday, the House of Representatives voted on a financial rescue plan that had been negotiated by Congressional leaders of both parties and my administration,"}},
		{text: "\"He was at the top of his game,\" Rendell recalled, suggesting the second debate erased all memory of the first.",
			want: []string{"Rendell | recalled | He was at the top of his game,"}},
		// Only a quotation that opens its sentence and holds a clause is
		// what a weak cue after it says: a name or a banner's words inside
		// the sentence are not, nor a quotation of the sentence before
		// left with a comma (Wikinews, "Greenpeace activists clash with
		// Japanese whaling fleet in Southern Ocean", "Windows Vista faces
		// possible trademark challenges", "Civilians dead following U.S. air
		// strike on 'terrorist compound'", CC BY 2.5).
		{text: "In inflatables carrying banners which read \"defend the whales\" and \"stop the whaling,\" crew from the two ships declared their intention to stop the hunt.",
			want: []string{"the two ships | declared | their intention to stop the hunt"}},
		{text: "But in choosing the name \"Vista,\" Microsoft may find itself in a legal fight.",
			not: []string{"| may find |"}},
		// A short quotation that is a word's object in its own clause (a
		// banner's words, a name) is no content of the cue after it.
		{text: "Greenpeace say they have asked the whalers to stop whaling immediately and return to Japan, but have received no response from the vessels. In inflatables carrying banners which read \"defend the whales\" and \"stop the whaling,\" crew from the two ships declared their intention to stop the hunt. Leader of the Greenpeace expedition, Shane Rattenbury said their eight small boats have begun to \"interfere\" with the whaling process.",
			want: []string{"the two ships | declared | their intention to stop the hunt"},
			not:  []string{"| declared | defend the whales"}},
		{text: "U.S. officials said in a statement that the attack utilised \"precision-guided munitions that resulted in the deaths of an unknown number of enemy terrorists and non-combatants,\" The statement continued, concluding that \"battle damage assessment is currently ongoing.\"",
			not: []string{"| continued | U.S. officials"}},
		// "…, and, according to X, CLAUSE": the clause after the
		// conjunction is what X tells, X alone the source (Wikinews, "New
		// denunciations of Brazilian deputy and evidence make things
		// difficult for Lula", CC BY 2.5).
		{text: "At 7:30 p.m. the forum was opened and, according to the Workers' Party, the participants expressed support for the government of President Lula.",
			want: []string{"the Workers' Party | according to | the participants expressed support for the government of President Lula"}},
		// The words before "and," are no content of their own (Wikinews,
		// "Longtime leader of Zimbabwe Robert Mugabe dies aged 95", CC BY
		// 2.5).
		{text: "He supported education, healthcare, and peasant farming, and a few years into his tenure, Zimbabwe had a strong economy and rising literacy rates and, according to CNN, was called the \"breadbasket\" of southern Africa.",
			want: []string{"CNN | according to | was called the \"breadbasket\" of southern Africa"},
			not:  []string{"literacy rates and"}},
		// A reported clause ends before the writer's "but" that weighs it
		// as a claim; one with a cue of its own goes on (Wikinews, "France votes
		// no in EU referendum", CC BY 2.5).
		{text: "Some supporters of the constitution contend that certain measures would not have been adopted if the checks provided for by the constitution had been implemented, but there is little actual basis to support such a claim.",
			want: []string{"Some supporters of the constitution | contend | certain measures would not have been adopted if the checks provided for by the constitution had been implemented"}},
		{text: "The mayor said the fire was an accident, but he added there was no evidence either way.",
			want: []string{"The mayor | said | the fire was an accident", "he | added | there was no evidence either way"}},
		// A participle after a noun between the source and the main verb
		// modifies that noun (Wikinews, "US President Trump announces troop
		// withdrawal from Syria", CC BY 2.5).
		{text: "Late on Sunday, the United States President Donald Trump, in a statement delivered via the press secretary, announced US troops would be leaving Syria.",
			want: []string{" | announced | US troops would be leaving Syria"},
			not:  []string{"| delivered"}},
		{text: "She says it is helpful to work from a set of proposals — a \"scaffold,\" she calls it — but she is starting afresh.",
			want: []string{"she | calls | a \"scaffold,\""}},
		// Who spoke somewhere and then a quotation: the quotation is
		// theirs, not the speaker's before (Wikinews, "US President
		// Trump announces troop withdrawal from Syria", "Dow Jones drops
		// nearly 1000 points", CC BY 2.5); "spoke about" alone reports
		// no words.
		{text: "Trump defended his decision. Senator Lindsey Graham spoke on Fox News, \"This is going to lead to ISIS' reemergence. So this is a big win for Iran and Assad.\"",
			want: []string{"Senator Lindsey Graham | spoke | This is going to lead to ISIS' reemergence. So this is a big win for Iran and Assad."}},
		{text: "An investigation started into whether any erroneous trades happened. Procter & Gamble spokeswoman Jennifer Chelune spoke about the incident: \"We don't know what caused it.\"",
			want: []string{"Procter & Gamble spokeswoman Jennifer Chelune | spoke | We don't know what caused it."}},
		{text: "The minister spoke about the incident on Monday.",
			not: []string{"| spoke |"}},
		// A plural subject with preposition phrases before a base-form
		// cue ("observers in Ohio and around the country say") is a
		// subject: the singular noun right before the cue is not the
		// head. An infinitive or a cue with a preposition after it is no
		// such reading.
		{text: "Political observers in Ohio and around the country say the governor deserves a second term.",
			want: []string{"Political observers in Ohio and around the country | say | the governor deserves a second term"}},
		{text: "But the gap has taken on new urgency after leaked documents from his 2005 tax return show he took a large loss.",
			want: []string{"leaked documents from his 2005 tax return | show | he took a large loss"}},
		{text: "Injecting the scandal into the campaign is the senator's latest effort to bounce back from the debate.",
			not: []string{"| back |"}},
		{text: "The needs of Parliamentary theatre argue for an oppositional layout.",
			not: []string{"| argue |"}},
		// After an inverted cue, a participle's or a preposition's
		// phrase says how the words were said, not who said them; a role
		// in -ing is a role (Wikinews, "Georgian president calls for
		// ceasefire", "Explosion at Philippine fireworks factory", CC BY
		// 2.5).
		{text: "\"I call for an immediate ceasefire,\" said Saakashvili, speaking in Tbilisi. \"Russia has launched a full scale military invasion of Georgia.\"",
			want: []string{"Saakashvili | said | I call for an immediate ceasefire,"}},
		{text: "\"The cause has not been determined,\" said O'Neill, on what was his first full day on the job.",
			want: []string{"O'Neill | said | The cause has not been determined,"}},
		{text: "The injured are still being treated for burns, said Ryan Lucero, acting area manager of SFF factory and the Office of the Civil Defense-Regional Disaster Coordinating Center.",
			want: []string{"Ryan Lucero, acting area manager of SFF factory and the Office of the Civil Defense-Regional Disaster Coordinating Center | said | The injured are still being treated for burns"}},
		// The subject a participle borrows keeps its appositive
		// (Wikinews, "UK economy grows by 0.4% in final quarter of 2009",
		// CC BY 2.5).
		{text: "John Wright, the chairman of the Federation of Small Businesses, however, commented that the economic recovery was still \"frail\", saying that \"in order to strengthen the recovery it is important that we boost consumer confidence\".",
			want: []string{"John Wright, the chairman of the Federation of Small Businesses | saying | in order to strengthen the recovery it is important that we boost consumer confidence"}},
		// A cue word after a clause's own verb is a particle or an
		// object ("until it pays back the loan"), and a particle alone is
		// no content ("backed out"); a relative clause without "that"
		// keeps its noun's cue ("the experts I interviewed said").
		{text: "His group will still own the property until it pays back the loan.",
			not: []string{"| back |"}},
		{text: "But when the time came, under pressure from the unions, Washington backed out.",
			not: []string{"| backed |"}},
		{text: "But all the experts I interviewed said her proposals were more detailed than his.",
			want: []string{"all the experts I interviewed | said | her proposals were more detailed than his"}},
		// A free relative is the object of a stance: the outer speaker's
		// statement, with the inner one's.
		{text: "The secretary general condemned what he called a \"brazen breach\" of the resolutions.",
			want: []string{"The secretary general | condemned | what he called a \"brazen breach\" of the resolutions", "he | called | a \"brazen breach\" of the resolutions"}},
		// A name with an appositive after "what" is the inner reading's
		// source, and no free relative of an outer stance (Wikinews,
		// "Karl Rove named as a source of Plame leak", CC BY 2.5).
		{text: "The tension between the press and the judiciary highlights what Rick Rodriquez, executive director of the American Association of Newspaper Editors, calls \"the need to have a discussion around the federal shield law.\"",
			want: []string{"Rick Rodriquez, executive director of the American Association of Newspaper Editors | calls | the need to have a discussion around the federal shield law."},
			not:  []string{"| highlights |"}},
	} {
		t.Run(c.text, func(t *testing.T) { checkReadings(t, at, c.text, c.want, c.not) })
	}
}

// TestNameAfterProductLetter: a product's letter after an acronym ends
// its sentence, so the name that opens the next one is whole and no more
// (Wikinews, "Dell would be 'happy' to sell PCs running Mac OS X", CC
// BY 2.5).
func TestNameAfterProductLetter(t *testing.T) {
	at := newAttributor(t)
	text := "Dell, Inc. has stated that it is interested in shipping computers running Apple's Mac OS X. Michael Dell, founder and chairman of Dell Computers, made the comments while talking to a journalist. \"If Apple decides to open the Mac OS to others, we would be happy to offer it to our customers,\" Dell wrote in an email."
	a := at.Attribute(rapporteur.Article{Text: text, Language: "en"})
	found := false
	for _, st := range a.Statements {
		if strings.HasPrefix(st.Content.Text, "If Apple decides") {
			found = true
			if st.Speaker.Name != "Michael Dell" {
				t.Errorf("speaker of %q: %q, want Michael Dell", st.Content.Text, st.Speaker.Name)
			}
		}
		if strings.Contains(st.Content.Text, "Michael Dell") {
			t.Errorf("content %q runs over the sentence end", st.Content.Text)
		}
	}
	if !found {
		t.Errorf("no statement of the quotation; got %d statements", len(a.Statements))
	}
}
