package attrib

import (
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// readingOfSt is a statement as "source | cue | content", the way a reader
// checks who said what.
func readingOfSt(st rapporteur.Statement) string {
	src, cue := "", ""
	if st.Speaker.Source != nil {
		src = st.Speaker.Source.Text
	}
	if st.Cue != nil {
		cue = st.Cue.Text
	}
	return src + " | " + cue + " | " + st.Content.Text
}

// TestClauseReadings: which verb a clause belongs to, and where a content
// ends. Each case lists readings ("source | cue | content"; one opening
// with " | " leaves the source open) that must be among the statements,
// and parts of readings that must not be.
func TestClauseReadings(t *testing.T) {
	at := newAttributor(t)
	for _, c := range []struct {
		text      string
		want, not []string
	}{
		// A verb only the cue model takes, inside a belief verb's clause,
		// is the clause's verb, not a stance of the believers.
		{text: "The intelligence agencies reportedly believe the crown prince ordered the killing.",
			want: []string{"The intelligence agencies | reportedly believe | the crown prince ordered the killing"},
			not:  []string{"| ordered |"}},
		// A subject with a relative clause set off by commas is no
		// inverted content ("…, said X").
		{text: "Opposition Leader Kim Beazley, who was outraged that the Government had chosen to act, pointed out the two ministers were at odds.",
			not: []string{"the two ministers were at odds | pointed out |"}},
		{text: "Former President Frederik Willem de Klerk, who oversaw the end of apartheid during his tenure as its last white president, called for the creation of a new party to take its place.",
			want: []string{"Former President Frederik Willem de Klerk, who oversaw the end of apartheid during his tenure as its last white president | called for | the creation of a new party to take its place"},
			not:  []string{"the creation of a new party to take its place | called for |"}},
		// An inverted cue after a clause still reads as one.
		{text: "The plan will fail, said the minister, who has opposed it.",
			want: []string{" | said | The plan will fail"}},
		// A content with no subject of its own ends before a conjunction
		// and a finite verb: the cue's subject goes on.
		{text: "When the diagnosis was confirmed, Clinton did not want to remain in the hospital, but was treated as an outpatient.",
			want: []string{" | did not want | to remain in the hospital"}},
		{text: "The leaders also pledged to end farm subsidies but did not say by when.",
			want: []string{" | also pledged | to end farm subsidies"}},
		{text: "Trump further described the incident as a terrible situation, but stopped short of calling it racist.",
			want: []string{" | further described | the incident as a terrible situation"}},
		{text: "Aznar has described the NATO alliance as a zombie organization that needs to reform or is going to die.",
			want: []string{" | has described | the NATO alliance as a zombie organization that needs to reform or is going to die"}},
		{text: "She vowed to cut taxes and raise spending.",
			want: []string{" | vowed | to cut taxes and raise spending"}},
		// Reported words stand in their cue's sentence.
		{text: "The program, which was created in 1990, has expanded well beyond its original intent, they say. EB-5 requires an investment in either a rural area or a \"targeted employment area,\" which is defined as an urban area with an unemployment rate of at least 150 percent of the national average.",
			want: []string{"they | say | The program, which was created in 1990, has expanded well beyond its original intent"},
			not:  []string{"targeted employment area"}},
		// What follows a clause opener after the cue is the saying's
		// circumstance.
		{text: "\"I don't see details about who is left out, who is eligible,\" she said after reading the outline.",
			want: []string{"she | said | I don't see details about who is left out, who is eligible,"},
			not:  []string{"reading the outline"}},
		{text: "Romania's Prime Minister said his government is making all efforts for the journalists' release, and they would not yield to terrorist demands, since this would enforce the fact that terrorism works.",
			not: []string{"| this would enforce"}},
		// A stance inside its own speaker's reported words is part of
		// them; another speaker's stance there is that speaker's.
		{text: "Syria said it supports Iran's nuclear stance.",
			want: []string{"Syria | said | it supports Iran's nuclear stance"},
			not:  []string{"| supports |"}},
		{text: "The newspaper reported that Rumsfeld praised Brazil's leadership in Haiti.",
			want: []string{"Rumsfeld | praised | Brazil's leadership in Haiti"}},
		// A cue joined to the clause before it by "and" reports what
		// follows it.
		{text: "Schultz generally supported Democrats during his time on MSNBC, which let him go in 2015, and said he did not support Mr. Trump, the presumed Putin favorite.",
			not: []string{"| said | which let him go"}},
		// ... and before a clause that says when or why the cue's subject
		// spoke; a preposition or an intention's condition stays.
		{text: "Christie described Hillary Clinton as a \"disgrace\" after she attacked law enforcement officers.",
			want: []string{" | described | Hillary Clinton as a \"disgrace\""}},
		{text: "Biology teachers have refused to read the statement to students because the state code forbids it.",
			want: []string{" | have refused | to read the statement to students"}},
		{text: "Supporters describe her as a consistent conservative that has served well as a state judge.",
			want: []string{" | describe | her as a consistent conservative that has served well as a state judge"}},
		{text: "Those remaining vowed to stay as long as they can.",
			want: []string{" | vowed | to stay as long as they can"}},
		{text: "The group vowed to keep marching until the law is repealed.",
			want: []string{" | vowed | to keep marching until the law is repealed"}},
		// A new subject and cue after a conjunction end the content, also
		// when the comma stands inside the quotation's marks.
		{text: "The police chief said that the footage did not give \"definitive visual evidence that a person is pointing a gun,\" but he said that the footage \"supports what we have heard\" about what happened.",
			want: []string{"The police chief | said | the footage did not give \"definitive visual evidence that a person is pointing a gun,\""}},
		// A phrase between the cue and a quotation says whom the words
		// are about.
		{text: "The New York businessman says of Clinton, \"If she gets the chance, she will put the Oval Office up for sale.\"",
			want: []string{"The New York businessman | says | If she gets the chance, she will put the Oval Office up for sale."}},
		// A cue the rules read with its quotation gives no second,
		// verbless reading after it.
		{text: "\"Some people have tried to paint law enforcement with the broad brush of racial bias,\" Pence said on CNN's \"State of the Union.\"",
			not: []string{"State of the Union"}},
		// A source of one word that names no one is no speaker.
		{text: "Five of the six hunger strikers ended their protest in November. The says Mr Zhang is continuing his hunger strike.",
			not: []string{"| says |"}},
		{text: "Three officials spoke on Friday. Earlier had said only one battalion was capable of mounting operations.",
			not: []string{"Earlier |"}},
		// … but a magazine's name is no time word, and a possessive that
		// resolves to a person names the speaker (Wikinews, "Greta
		// Thunberg named 2019 Time Person of the Year" and "Finnish
		// internet censorship critic blacklisted", CC BY 2.5).
		{text: "This included marches of 250 thousand protesters in New York City. Time reported some were using the slogan \"Make the World Greta Again\".",
			want: []string{"Time | reported | some were using the slogan \"Make the World Greta Again\""}},
		{text: "Tekniikka & Talous magazine asked Commissioner Lars Henriksson of Finland's National Bureau of Investigation (NBI) why the page was censored. His answer was that he cannot discuss individual sites, but said that sites which are linking to child porn pages are also within the scope of the law.",
			want: []string{"His | said | sites which are linking to child porn pages are also within the scope of the law"}},
		// … but a piece in the cue's own sentence keeps it, whatever the
		// model read in the sentence before (Wikinews, "Australian Prime
		// Minister survives censure motion over carers' bonus", CC BY 2.5).
		{text: "Mr Rudd then drew attention to his $500 utilities allowance, which will be paid to aged and disability pensioners as well as carers to counter the rise in the cost of living. Speaking for the motion, opposition community services spokesman Tony Abbott accused the Rudd government of \"compassion fatigue\" and said that the cardboard cutout of the Prime Minister which appeared in parliament on the previous sitting day had \"more heart than this Prime Minister\".",
			want: []string{"opposition community services spokesman Tony Abbott | accused | the Rudd government of \"compassion fatigue\""},
			not:  []string{"| which will be paid"}},
		// An opening participle whose subject's statement follows is that
		// statement's ground; one who receives criticism made none.
		{text: "Citing this test, RIAA's take-down notice claimed that the software circumvents copy protection.",
			want: []string{"RIAA's take-down notice | claimed | the software circumvents copy protection"},
			not:  []string{"| Citing |"}},
		{text: "Calling for the withdrawal of the troops, the protesters marched through the capital.",
			not: []string{"marched"}},
		{text: "Susan Page received criticism for not asking follow-up questions.",
			not: []string{"received"}},
		// A name and its appositive before the cue, the comma after the
		// appositive left out: the name stays in the source (Wikinews,
		// "Bertie Ahern to resign as Irish premier", CC BY 2.5).
		{text: "Tony Blair, former British Prime Minister said of Ahern, \"He will always be remembered for his crucial role in bringing about peace in Northern Ireland.\"",
			want: []string{"Tony Blair, former British Prime Minister | said | He will always be remembered for his crucial role in bringing about peace in Northern Ireland."}},
		// No cut right after "until" or "but" (Wikinews, "Texas federal
		// judge says drafting only men violates United States
		// Constitution", CC BY 2.5).
		{text: "There is currently a commission engaged to study the role of the draft, and the government asked Judge Miller to delay his ruling until after they made their recommendations, but he declined.",
			want: []string{"the government | asked | Judge Miller to delay his ruling until after they made their recommendations"}},
		// A weak cue, a phrase and a quotation: the quotation is the
		// content (Wikinews, "US Supreme Court overturns fraud convictions
		// in Kelly v. United States", CC BY 2.5).
		{text: "Writing for the Court, Supreme Court Justice Elena Kagan declared in the majority opinion, \"not every corrupt act by state or local officials is a federal crime.\"",
			want: []string{"Supreme Court Justice Elena Kagan | declared | not every corrupt act by state or local officials is a federal crime."}},
		// A closing parenthesis whose opening one the content holds stays.
		{text: "The G8 recently agreed to cancel the debt of 14 nations (a total of $40 billion), but excluded Nigeria.",
			want: []string{" | recently agreed | to cancel the debt of 14 nations (a total of $40 billion)"}},
	} {
		t.Run(c.text, func(t *testing.T) { checkReadings(t, at, c.text, c.want, c.not) })
	}
}

// TestNestedStanceKeepsNextSpeaker: a stance removed as nested in its
// speaker's reported words still gives its speaker to the quotation
// without a cue after it, as before the removal (Wikinews, "Barack
// Obama effectively clinches Democratic nomination", CC BY 2.5).
func TestNestedStanceKeepsNextSpeaker(t *testing.T) {
	at := newAttributor(t)
	text := "Hillary Clinton's campaign has denied reports that she will concede the Democratic Party of the United States primary campaign to Barack Obama during a speech tonight in New York City. The Associated Press first reported that two campaign officials stated she would announce her concession tonight. In a statement to the press, Clinton's campaign commented in two sentences: \"The AP story is incorrect. Senator Clinton will not concede the nomination this evening.\""
	a := at.Attribute(rapporteur.Article{Text: text, Language: "en"})
	for _, st := range a.Statements {
		if strings.HasPrefix(st.Content.Text, "The AP story is incorrect") {
			if st.Speaker.Name != "Hillary Clinton" {
				t.Errorf("speaker of %q: %q, want Hillary Clinton", st.Content.Text, st.Speaker.Name)
			}
			return
		}
		if strings.Contains(readingOfSt(st), "| would announce | her concession") {
			t.Errorf("nested stance kept: %s", readingOfSt(st))
		}
	}
	t.Errorf("no statement of the quotation; got %d statements", len(a.Statements))
}

// checkReadings attributes text and checks that each wanted reading
// ("source | cue | content"; one that starts with " | " matches any
// source) is among its statements and that none holds a string of not.
func checkReadings(t *testing.T, at *Attributor, text string, want, not []string) {
	t.Helper()
	a := at.Attribute(rapporteur.Article{Text: text, Language: "en"})
	check(t, a)
	var got []string
	for _, st := range a.Statements {
		got = append(got, readingOfSt(st))
	}
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || g == w || strings.HasPrefix(w, " | ") && strings.HasSuffix(g, w)
		}
		if !found {
			t.Errorf("no statement %q; got %q", w, got)
		}
	}
	for _, n := range not {
		for _, g := range got {
			if strings.Contains(g, n) {
				t.Errorf("statement %q, want none with %q", g, n)
			}
		}
	}
}
