package act_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/intake"
)

func stages(t testing.TB) *intake.Stages {
	t.Helper()
	p, err := intake.NewStages()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestCanonical checks DESIGN.md's article: the UN report accuses China;
// Zhang Jun and Zhao Lijian deny, aiming at the report and answering it;
// Callamard criticizes Beijing, answering Beijing's denial.
func TestCanonical(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "example.txt"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := stages(t).Text("canonical", string(b))
	if err != nil {
		t.Fatal(err)
	}
	bySpeaker := map[string][]rapporteur.Statement{}
	index := map[string]int{}
	for i, s := range a.Statements {
		bySpeaker[s.Speaker.Name] = append(bySpeaker[s.Speaker.Name], s)
		if _, ok := index[s.Speaker.Name]; !ok {
			index[s.Speaker.Name] = i
		}
	}
	want := []struct{ speaker, act, target, repliesTo string }{
		{"UN report", rapporteur.ActAccuse, "China", ""},
		{"Zhang Jun", rapporteur.ActDeny, "UN report", "UN report"},
		{"Zhao Lijian", rapporteur.ActDeny, "UN report", "UN report"},
		{"Agnes Callamard", rapporteur.ActCriticize, "Beijing", "Beijing"},
	}
	for _, w := range want {
		ss := bySpeaker[w.speaker]
		if len(ss) == 0 {
			t.Errorf("no statement of %s", w.speaker)
			continue
		}
		s := ss[0]
		if s.Act != w.act {
			t.Errorf("%s: act %q, want %q", w.speaker, s.Act, w.act)
		}
		if s.Target == nil || s.Target.Name != w.target {
			t.Errorf("%s: target %+v, want %q", w.speaker, s.Target, w.target)
		}
		if w.repliesTo == "" {
			continue
		}
		if len(s.RespondsTo) != 1 {
			t.Errorf("%s: responds to %+v, want one statement of %s", w.speaker, s.RespondsTo, w.repliesTo)
			continue
		}
		r := s.RespondsTo[0]
		if r.Article != "canonical" || a.Statements[r.Statement].Speaker.Name != w.repliesTo {
			t.Errorf("%s: responds to %+v (%s), want a statement of %s", w.speaker, r, a.Statements[r.Statement].Speaker.Name, w.repliesTo)
		}
	}
}

// TestActs reads the act of the first statement of short texts.
func TestActs(t *testing.T) {
	p := stages(t)
	tests := []struct{ text, act, target string }{
		{"The minister denied that the police had used force.", rapporteur.ActDeny, ""},
		{"The minister did not deny that the police had used force.", rapporteur.ActAssert, ""},
		{"Amnesty International accused the police of torture.", rapporteur.ActAccuse, "police"},
		{"The mayor condemned the attack, calling it cowardly.", rapporteur.ActCriticize, "attack"},
		{"The union urged the government to raise wages.", rapporteur.ActDemand, "government"},
		{"The company confirmed that the factory had closed.", rapporteur.ActConfirm, ""},
		{"The senator praised the deal as historic.", rapporteur.ActSupport, "deal"},
		{"\"The report is a lie,\" the minister said.", rapporteur.ActDeny, "report"},
		{"The ministry said it would open a new school in March.", rapporteur.ActAssert, ""},
		// A cue read with the adverbs and auxiliaries before its verb
		// (as PolNeAR marks cues) keeps the verb's act.
		{"The mayor has recently condemned the attack, calling it cowardly.", rapporteur.ActCriticize, "attack"},
		{"The minister also denied that the police had used force.", rapporteur.ActDeny, ""},
		// A cue word used as the noun of an event ("blast", "attacks")
		// reports the event: no one criticizes.
		{"Two bombs exploded in Gagra on Sunday. Today's blast happened in Sukhumi.", rapporteur.ActAssert, ""},
		// A report or a lawsuit that tells what a named party did
		// accuses it.
		{"The lawsuit says Halvorsen Mining dumped waste into the river for years.", rapporteur.ActAccuse, "Halvorsen Mining"},
		// An apology admits: "I am sorry" confirms what it is sorry for.
		{"\"I am sorry for what you had to suffer,\" the bishop said.", rapporteur.ActConfirm, ""},
		// Sympathy for a death criticizes no one, though "sad" judges
		// elsewhere ("What is so sad is the silence").
		{"\"A very sad loss, and my condolences to his family and friends,\" the guitarist said.", rapporteur.ActSupport, ""},
		{"\"Sad to hear that the drummer has died, he was a fiery player,\" the singer said.", rapporteur.ActSupport, ""},
		{"\"It is sad that the government has stayed silent,\" the senator said.", rapporteur.ActCriticize, ""},
	}
	for _, tt := range tests {
		a, err := p.Text("t", "Title\n\n"+tt.text)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Statements) == 0 {
			t.Errorf("%q: no statement", tt.text)
			continue
		}
		s := a.Statements[0]
		got := ""
		if s.Target != nil {
			got = s.Target.Name
		}
		if s.Act != tt.act || got != tt.target {
			t.Errorf("%q: act %q target %q, want %q %q", tt.text, s.Act, got, tt.act, tt.target)
		}
	}
}

// FuzzAnnotate checks that any text gives acts from the list, targets with
// spans inside the text and replies to other statements of the article.
func FuzzAnnotate(f *testing.F) {
	f.Add("Title\n\nThe minister denied the allegations, calling them \"a lie\".")
	f.Add("T\n\n\"It's baseless,\" she said. He didn't confirm it's")
	p := stages(f)
	acts := map[string]bool{"assert": true, "accuse": true, "deny": true, "criticize": true, "support": true, "confirm": true, "demand": true}
	f.Fuzz(func(t *testing.T, text string) {
		a, err := p.Text("f", text)
		if err != nil {
			return
		}
		n := len([]rune(a.Text))
		for i, s := range a.Statements {
			if !acts[s.Act] {
				t.Fatalf("statement %d: act %q", i, s.Act)
			}
			if s.Target != nil && s.Target.Mention != nil && (s.Target.Mention.Start < 0 || s.Target.Mention.End > n || s.Target.Mention.Empty()) {
				t.Fatalf("statement %d: target mention %+v outside text of %d", i, s.Target.Mention, n)
			}
			for _, r := range s.RespondsTo {
				if r.Statement == i || r.Statement < 0 || r.Statement >= len(a.Statements) {
					t.Fatalf("statement %d: responds to %d", i, r.Statement)
				}
			}
		}
	})
}

// TestInterviewerAsks: an interviewer's turn takes no act, whatever
// judgement words its question holds, so an interview's questions do not
// fill the story's thread with demands and criticisms (the demo's
// interviews did).
func TestInterviewerAsks(t *testing.T) {
	p := stages(t)
	a, err := p.Text("t", "Interview\n\nJane Roe served in the war. Roe agreed to answer questions for Wikinews.\n\n"+
		"((WN)) At what point did you realize the war was immoral and a crime?\n\n"+
		"((Jane Roe)) In the second year. The generals lied to us.\n\n"+
		"((WN)) Which generals do you blame for the failure?\n\n"+
		"((Jane Roe)) The ones who planned it.\n\n"+
		"((WN)) You said the generals lied. The generals betrayed the soldiers, you wrote.\n\n"+
		"((Jane Roe)) The ones who planned it.")
	if err != nil {
		t.Fatal(err)
	}
	asked := false
	for _, s := range a.Statements {
		if s.Speaker.Role == "interviewer" {
			asked = true
			if s.Act != rapporteur.ActAssert && s.Act != "" {
				t.Errorf("the interviewer's %q: act %q", s.Content.Text, s.Act)
			}
		}
	}
	if !asked {
		t.Fatalf("no interviewer turn read: %+v", a.Statements)
	}
}

// TestReplyNamesWhatItAnswers: a reply that names what it answers by a
// noun for it ("the denial", "Lee's remarks") answers that statement,
// though it names no speaker.
func TestReplyNamesWhatItAnswers(t *testing.T) {
	txt := "Minister denies hiding contract\n\n" +
		"Opposition leader Ann Lee accused the water minister of hiding the contract from parliament. \"He lied to all of us,\" Lee said on Monday.\n\n" +
		"Water minister Tom Brown denied the accusation on Tuesday.\n\n" +
		"The mayor of Eastport, Sara Okafor, called the denial \"ridiculous\".\n\n" +
		"Union leader Paul Grant condemned Lee's remarks as reckless.\n"
	a, err := stages(t).Text("contract", txt)
	if err != nil {
		t.Fatal(err)
	}
	answers := func(speaker string) (rapporteur.Statement, bool) {
		for _, s := range a.Statements {
			if s.Speaker.Name == speaker && len(s.RespondsTo) == 1 {
				return a.Statements[s.RespondsTo[0].Statement], true
			}
		}
		return rapporteur.Statement{}, false
	}
	for _, c := range []struct{ speaker, wantSpeaker, wantAct string }{
		{"Sara Okafor", "Tom Brown", rapporteur.ActDeny},
		{"Paul Grant", "Ann Lee", ""},
		{"Tom Brown", "Ann Lee", rapporteur.ActAccuse},
	} {
		p, ok := answers(c.speaker)
		switch {
		case !ok:
			t.Errorf("%s answers nothing, want a statement of %s", c.speaker, c.wantSpeaker)
		case p.Speaker.Name != c.wantSpeaker || c.wantAct != "" && p.Act != c.wantAct:
			t.Errorf("%s answers %s's %s %q, want %s's %s", c.speaker, p.Speaker.Name, p.Act, p.Content.Text, c.wantSpeaker, c.wantAct)
		}
	}
}

// TestExplicitReply: a statement that says it answers ("countered that",
// "in response to the accusation") is a denial of the accusation it
// answers, though its words deny nothing by themselves; one that answers a
// reporter's question rebuts no one, and the question demands nothing.
func TestExplicitReply(t *testing.T) {
	q, err := stages(t).Text("question", "Minister questioned on contract\n\n"+
		"Opposition leader Ann Lee said the contract would cost the city millions.\n\n"+
		"Water minister Tom Brown countered that the contract would save money.\n\n"+
		"A reporter asked if Brown would resign. Brown replied, \"We have a lot of work to do.\"\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range q.Statements {
		want, answers := rapporteur.ActAssert, ""
		switch {
		case strings.Contains(s.Content.Text, "save money"):
			want, answers = rapporteur.ActDeny, "Ann Lee"
		case s.Speaker.Name == "Ann Lee":
			continue
		}
		got := ""
		if len(s.RespondsTo) > 0 {
			got = q.Statements[s.RespondsTo[0].Statement].Speaker.Name
		}
		if s.Act != want || got != answers {
			t.Errorf("%s %q: %s answering %q, want %s answering %q", s.Speaker.Name, s.Content.Text, s.Act, got, want, answers)
		}
	}

	txt := "Minister rejects contract claims\n\n" +
		"Opposition leader Ann Lee accused the water minister of hiding the contract from parliament.\n\n" +
		"Water minister Tom Brown countered that the contract was published in March.\n\n" +
		"In response to the accusation, Brown's deputy Mary Stone said the contract had been online for months.\n"
	a, err := stages(t).Text("contract", txt)
	if err != nil {
		t.Fatal(err)
	}
	for _, speaker := range []string{"Tom Brown", "Mary Stone"} {
		found := false
		for _, s := range a.Statements {
			if s.Speaker.Name != speaker {
				continue
			}
			found = true
			if s.Act != rapporteur.ActDeny || len(s.RespondsTo) != 1 || a.Statements[s.RespondsTo[0].Statement].Speaker.Name != "Ann Lee" {
				t.Errorf("%s: %s %q answering %+v, want a denial answering Ann Lee", speaker, s.Act, s.Content.Text, s.RespondsTo)
			}
		}
		if !found {
			t.Errorf("no statement of %s", speaker)
		}
	}
}

// TestLongAnswerFirstSentence: a long interview answer takes the act of
// its first sentence. A negation or a judgement word somewhere in a
// paragraph of talk ("we don't go out without a mask") denies nothing;
// an answer that opens by denying still denies.
func TestLongAnswerFirstSentence(t *testing.T) {
	p := stages(t)
	long := "Our lives have become very difficult since the lockdown began in March, because the work stopped and the rent did not. " +
		"My husband looks for work every morning and comes back in the evening with nothing, and the children ask every day when school will open again. " +
		"We don't go out without a mask anywhere now, and we never take the bus."
	a, err := p.Text("t", "Interview\n\nJaya Rao works in Bangalore. She spoke to Wikinews.\n\n"+
		"((WN)) How has the pandemic changed your life?\n\n"+
		"((Jaya Rao)) "+long+"\n\n"+
		"((WN)) The council says you broke the rules. Did you?\n\n"+
		"((Jaya Rao)) The council's claim is false and baseless. "+long)
	if err != nil {
		t.Fatal(err)
	}
	var acts []string
	for _, s := range a.Statements {
		if s.Speaker.Name == "Jaya Rao" && len(s.Content.Text) > 300 {
			acts = append(acts, s.Act)
		}
	}
	if len(acts) != 2 || acts[0] != rapporteur.ActAssert || acts[1] != rapporteur.ActDeny {
		t.Errorf("acts of the two long answers %q, want assert then deny", acts)
	}
}

// TestPassiveVictimIsNoTarget: "Navalny was poisoned" accuses someone of
// a wrong Navalny suffered: the victim is no target (target:"Alexei
// Navalny" found the accusations as if aimed at him). The agent of the
// passive is the target when one is named; "was unlawful" judges its
// subject, which stays the target.
func TestPassiveVictimIsNoTarget(t *testing.T) {
	p := stages(t)
	for _, tt := range []struct{ text, target string }{
		{"Poisoning\n\nDoctors said opposition leader Alexei Navalny was poisoned with a nerve agent.", ""},
		{"Poisoning\n\nDoctors said opposition leader Alexei Navalny was poisoned by the Federal Security Service.", "Federal Security Service"},
	} {
		a, err := p.Text("t", tt.text)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Statements) != 1 || a.Statements[0].Act != rapporteur.ActAccuse {
			t.Fatalf("%q: statements %+v, want one accusation", tt.text, a.Statements)
		}
		got := ""
		if tg := a.Statements[0].Target; tg != nil {
			got = tg.Name
		}
		if got != tt.target {
			t.Errorf("%q: target %q, want %q", tt.text, got, tt.target)
		}
	}
}

// TestGovernedCue: words reported by a participle or a verb after "and"
// ("…, telling reporters", "…, and insist") go on with the denial or the
// criticism of the verb they hang on, so the defence is read as a denial
// and can answer the accusation; a negated verb, or one of another act,
// leaves them an assertion.
func TestGovernedCue(t *testing.T) {
	p := stages(t)
	tests := []contentAct{
		{"Mr. Musharraf denied a security lapse was responsible for her death, telling reporters she had chosen her own police superintendent.", "she had chosen", rapporteur.ActDeny},
		{"Belarus officials reject his demands, and insist the elections were free and honest.", "the elections were free", rapporteur.ActDeny},
		{"The senator condemned the ruling, saying the court had ignored the evidence.", "the court had ignored", rapporteur.ActCriticize},
		{"The minister did not deny the report, saying the police had been deployed.", "the police had been deployed", rapporteur.ActAssert},
		{"The mayor praised the deal, saying the factory would open in March.", "the factory would open", rapporteur.ActAssert},
		{"The ministry denied the report. Officials said the factory would open in March.", "the factory would open", rapporteur.ActAssert},
	}
	checkContentActs(t, p, tests)
}

// TestDeedCue: "attack" and "blast" as nouns the extractor reads as a cue
// name a violent act, not words; the verb's past stays a criticism.
func TestDeedCue(t *testing.T) {
	p := stages(t)
	tests := []contentAct{
		{"With Diwali being celebrated Tuesday, the bomb blasts have sent ripples across the nation.", "have sent ripples", rapporteur.ActAssert},
		{"Across the country, the situation appears calmer. Rioting, car-burnings and arson attacks appear to be waning.", "to be waning", rapporteur.ActAssert},
		{"Former prime minister Brian Mulroney also attacked Schreiber's credibility.", "credibility", rapporteur.ActCriticize},
		{"Ethiopian Fighter jets have attacked several towns in Somalia and for the first time bombed the airport.", "several towns", rapporteur.ActAssert},
		// An infinitive or a verb with its object is said (walk 7,
		// finding 5); a group's attack on a person or on what was said
		// or done criticizes.
		{"Gerhard Schröder went on to blast Paul Kirchhof, the finance minister Angela Merkel has chosen.", "Paul Kirchhof", rapporteur.ActCriticize},
		{"Melanie Sloan went on to attack both parties for their handling of the scandal.", "both parties", rapporteur.ActCriticize},
		{"The study attacks some of the data used by anti-nuclear campaigners.", "some of the data", rapporteur.ActCriticize},
		{"Democrats continued to attack Donald Trump on his taxes.", "Donald Trump", rapporteur.ActCriticize},
		{"Australian climate change observers have attacked the AP6 outcomes as a distraction.", "the AP6 outcomes", rapporteur.ActCriticize},
	}
	checkContentActs(t, p, tests)
}

// TestJudgedClaim: a word of judgement said of a claim beside it denies the
// claim; said of anything else it criticizes.
func TestJudgedClaim(t *testing.T) {
	p := stages(t)
	tests := []contentAct{
		{`Amnesty International called the camp "the gulag of our times." "It's an absurd allegation. The United States is a country that promotes freedom around the world," Bush said.`, "absurd allegation", rapporteur.ActDeny},
		{`"The decision to close the school is absurd," the senator said.`, "is absurd", rapporteur.ActCriticize},
		// Owning a mistake in one's report admits it; judging the manner
		// of remarks criticizes them; a judgement inside what another
		// said is not the speaker's (walk 7, finding 7).
		{`Newsweek said on Sunday that it had made a mistake in its May 9th report regarding the accusations.`, "made a mistake", rapporteur.ActConfirm},
		{`State Department spokesman Sean McCormack called the remarks "highly irresponsible" and "unfortunate".`, "highly irresponsible", rapporteur.ActCriticize},
		{`Amnesty's Irene Khan also responded, saying "The administration's response has been that our report is absurd, and our answer is very simple: open up these detention centres."`, "our report is absurd", rapporteur.ActAssert},
	}
	checkContentActs(t, p, tests)
}

// TestConfirmedPlans: confirming or conceding what will or may be
// announces or grants it; an admission stays one, and so does confirming
// what happened.
func TestConfirmedPlans(t *testing.T) {
	p := stages(t)
	tests := []contentAct{
		{"The Australian government has confirmed it will send an extra 200 troops to Afghanistan.", "extra 200 troops", rapporteur.ActAssert},
		{"Nancy Pelosi confirmed she will vote for the bill on Friday.", "will vote", rapporteur.ActAssert},
		{"Mr Rudd conceded that the channel will be popular among fans of politics.", "will be popular", rapporteur.ActAssert},
		// What another named there will or may do is still confirmed
		// (walk 7, finding 6).
		{"An Intel spokesperson confirmed Dell would no longer be offering the servers.", "no longer be offering", rapporteur.ActConfirm},
		{"Mr Adamopoulos has confirmed Mr Bush will not be attending the ceremony.", "will not be attending", rapporteur.ActConfirm},
		{"The ministry confirmed that the three journalists had been killed by the kidnappers.", "had been killed", rapporteur.ActConfirm},
		{"The minister admitted that he could have done more to stop the fraud.", "could have done more", rapporteur.ActConfirm},
	}
	checkContentActs(t, p, tests)
}

// TestRefused: refusing a demand or a proposal denies it; refusing to
// comment asserts.
func TestRefused(t *testing.T) {
	p := stages(t)
	tests := []contentAct{
		{"Laurent Gbagbo refused to concede the presidency after November's election.", "to concede the presidency", rapporteur.ActDeny},
		{"Ken Livingstone refused to apologise to the journalist over the incident.", "to apologise", rapporteur.ActDeny},
		{"The White House has refused to comment on the return of the protestors.", "to comment", rapporteur.ActAssert},
		{"The government has refused to rule out the possibility of control orders being used on members of the group.", "the possibility", rapporteur.ActAssert},
		// Refusing a deed does it not, and says nothing (walk 7, finding
		// 1): the hunger strike, the broadcaster's tape, the visit.
		{"The station has refused to air the tape, which shows the hostages.", "to air the tape", rapporteur.ActAssert},
		{"The campaign says Donald Trump refused to visit a cemetery near Paris in 2018.", "to visit a cemetery", rapporteur.ActAssert},
		// Refusing to disavow is no denial of what is not disavowed.
		{"Donald Trump refused to disavow the QAnon conspiracy theory on Thursday.", "the QAnon conspiracy theory", rapporteur.ActAssert},
		// A deed refused against what was asked in the same sentence
		// denies the asking.
		{"The villagers refused to leave despite warnings from the soldiers.", "to leave", rapporteur.ActDeny},
	}
	checkContentActs(t, p, tests)
}

// TestJudgedWrong: a judgement said with a word of wrongdoing accuses; a
// judgement alone criticizes.
func TestJudgedWrong(t *testing.T) {
	p := stages(t)
	tests := []contentAct{
		{"General Sonthi said that the rampant corruption in Thailand was undermining democracy there.", "rampant corruption", rapporteur.ActAccuse},
		{"Federal Labor said that the assessment process put in place by Mr Turnbull was completely inadequate.", "completely inadequate", rapporteur.ActCriticize},
	}
	checkContentActs(t, p, tests)
}

// TestOpposes: opposing a claim or a proposal denies it; opposing a
// policy or a body disapproves of it.
func TestOpposes(t *testing.T) {
	p := stages(t)
	tests := []contentAct{
		{"The Australian Greens oppose the deployment of new troops.", "deployment", rapporteur.ActCriticize},
		{"The United States has long opposed the International Criminal Court.", "Criminal Court", rapporteur.ActCriticize},
		{"The United States opposed the move amid requests by Afghans.", "the move", rapporteur.ActDeny},
		{"China's envoy said Beijing strongly opposes the UN report on the allegations.", "the UN report", rapporteur.ActDeny},
		// An amendment is a proposal, as a bill is (walk 7, finding 11).
		{"Eric Abetz has stated the Government will be opposing the amendments proposed by Senator Wong.", "amendments proposed", rapporteur.ActDeny},
	}
	checkContentActs(t, p, tests)
}

// TestWarnsTo: warning someone to act or not to demands; warning that
// something may happen tells of a danger.
func TestWarnsTo(t *testing.T) {
	p := stages(t)
	tests := []contentAct{
		{"The Japanese government warned its citizens in China to keep a low profile during the protests.", "keep a low profile", rapporteur.ActDemand},
		{"President Lukashenko previously warned people against the start of uprisings.", "uprisings", rapporteur.ActDemand},
		{"The ministry warned that the amount calculated for last year is preliminary and could rise.", "preliminary", rapporteur.ActAssert},
		// A clause without "that" tells of a danger too, no demand (walk
		// 7, finding 12): a threat to growth judges the subsidies.
		{"In its report, the IMF warned the subsidies are a threat to economic growth in the country.", "a threat to economic growth", rapporteur.ActCriticize},
	}
	checkContentActs(t, p, tests)
}

// TestClaimsResponsibility: claiming responsibility confirms, not claiming
// it asserts; recommending an action demands it.
func TestClaimsResponsibility(t *testing.T) {
	p := stages(t)
	tests := []contentAct{
		{"Basque separatist group ETA claimed responsibility for the attack.", "responsibility for the attack", rapporteur.ActConfirm},
		{"The group has not claimed responsibility for either attack.", "responsibility for either", rapporteur.ActAssert},
		{"The board of directors has recommended that its shareholders accept the offer.", "accept the offer", rapporteur.ActDemand},
		// Recommending a person endorses them (walk 7, finding 13).
		{"Charlie Watts, the band's drummer, said he had recommended Steve Baker to the band.", "Steve Baker", rapporteur.ActSupport},
	}
	checkContentActs(t, p, tests)
}

// TestTimeNoTarget: a day after the cue ("confirmed Thursday …") is when
// it was said, not what the act is aimed at.
func TestTimeNoTarget(t *testing.T) {
	a, err := stages(t).Text("t", "Title\n\nNATO has confirmed today that it intends to expand its presence in Afghanistan by sending forces into the south and east of the country in 2006.\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Statements) == 0 {
		t.Fatal("no statement")
	}
	for _, s := range a.Statements {
		if s.Target != nil && strings.EqualFold(s.Target.Name, "today") {
			t.Errorf("%q (%s) aimed at %q", s.Content.Text, s.Act, s.Target.Name)
		}
	}
}

// TestPossessorNamedAfter: a possessive phrase that ends in a person's
// full name aims at that person ("blast Merkel's designate Finance
// minister Paul Kirchhof" blasts Kirchhof); without one the possessor is
// aimed at ("attacked Schreiber's credibility").
func TestPossessorNamedAfter(t *testing.T) {
	p := stages(t)
	for _, tt := range []struct{ text, want string }{
		{"Gerhard Schröder went on to blast Merkel's designate Finance minister Paul Kirchhof, a proponent of a flat tax.", "Kirchhof"},
		{"Former prime minister Brian Mulroney also attacked Karlheinz Schreiber's credibility.", "Schreiber"},
	} {
		a, err := p.Text("t", "Title\n\n"+tt.text)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Statements) == 0 || a.Statements[0].Target == nil || !strings.Contains(a.Statements[0].Target.Name, tt.want) {
			t.Errorf("%q: statements %+v, want the target %q", tt.text, a.Statements, tt.want)
		}
	}
}

// TestGovernedRefusal: the participle clause after a refused deed takes no
// denial from it (walk 7, finding 1a (c)).
func TestGovernedRefusal(t *testing.T) {
	a, err := stages(t).Text("t", "Title\n\nThe situation has resulted in aid agencies refusing to travel with African Union personnel, stating the mere presence of the peacekeepers may draw fire.\n")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range a.Statements {
		if strings.Contains(s.Content.Text, "mere presence") {
			found = true
			if s.Act == rapporteur.ActDeny {
				t.Errorf("%q read %q", s.Content.Text, s.Act)
			}
		}
	}
	if !found {
		t.Fatalf("no statement holds 'mere presence' in %+v", a.Statements)
	}
}

// TestVictimNoTarget: the possessor of a harm ("Nabil's murder") suffered
// it and is not the one accused (walk 7, finding 4a).
func TestVictimNoTarget(t *testing.T) {
	a, err := stages(t).Text("t", "Title\n\nYemeni journalist Nabil Hasan al-Quaety was shot dead in Aden on Tuesday. Nabil Hasan al-Quaety openly supported independence for South Yemen.\n\nSabrina Bennoui said: \"Nabil's murder is unacceptable and constitutes a terrible new blow to journalism in Yemen.\"\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Statements) == 0 {
		t.Fatal("no statement")
	}
	for _, s := range a.Statements {
		if s.Target != nil && strings.Contains(s.Target.Name, "Nabil") {
			t.Errorf("%q (%s) aimed at %q", s.Content.Text, s.Act, s.Target.Name)
		}
	}
}

// TestFreeRelativeNoTarget: "denounced what he calls a 'dirty war'" is
// aimed at no "what he calls a" (walk 7, finding 14).
func TestFreeRelativeNoTarget(t *testing.T) {
	a, err := stages(t).Text("t", "Title\n\nBolivian President Evo Morales denounced what he calls a \"dirty war\" undertaken by George W. Bush against him.\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Statements) == 0 {
		t.Fatal("no statement")
	}
	for _, s := range a.Statements {
		if s.Target != nil && strings.HasPrefix(strings.ToLower(s.Target.Name), "what") {
			t.Errorf("%q (%s) aimed at %q", s.Content.Text, s.Act, s.Target.Name)
		}
	}
}

// TestAskedWhy: an indirect question asks, it demands nothing ("asked
// why …", "asked how …", as "asked whether …").
func TestAskedWhy(t *testing.T) {
	p := stages(t)
	for _, text := range []string{
		"Wikinews also asked how their research is linked to the recent discovery of a subglacial lake.",
		"Julian Burnside asked why it took so long for authorities to act if indeed Mr Parkin is a security threat.",
	} {
		a, err := p.Text("t", "Title\n\n"+text+"\n")
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Statements) == 0 {
			t.Fatalf("%q: no statement", text)
		}
		for _, s := range a.Statements {
			if s.Act == rapporteur.ActDemand {
				t.Errorf("%q: %q read %q", text, s.Content.Text, s.Act)
			}
		}
	}
}

// contentAct is a one-sentence article, words of a statement's content
// in it, and the act that statement must have.
type contentAct struct{ text, content, act string }

// checkContentActs reads each case's text as an article and checks that a
// statement holds its content words and that every such statement has its
// act.
func checkContentActs(t *testing.T, p *intake.Stages, tests []contentAct) {
	t.Helper()
	for _, tt := range tests {
		a, err := p.Text("t", "Title\n\n"+tt.text)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, s := range a.Statements {
			if !strings.Contains(string([]rune(a.Text)[s.Content.Start:s.Content.End]), tt.content) {
				continue
			}
			found = true
			if s.Act != tt.act {
				t.Errorf("%q: %q read %q, want %q", tt.text, tt.content, s.Act, tt.act)
			}
		}
		if !found {
			t.Errorf("%q: no statement holds %q", tt.text, tt.content)
		}
	}
}
