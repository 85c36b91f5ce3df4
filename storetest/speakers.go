package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
)

// The speaker registry's contract (issue 10): one speaker per person
// across articles, one count for a speaker wherever it is shown, and ids
// that either name a speaker or are not found.

var registryTests = []contractTest{
	{"LoneSurnameJoinsFullName", testLoneSurnameJoinsFullName},
	{"UnknownSpeaker", testUnknownSpeaker},
	{"SpeakerCountAgrees", testSpeakerCountAgrees},
	{"OneSpeakerPerStatement", testOneSpeakerPerStatement},
	{"AliasesWithoutTitles", testAliasesWithoutTitles},
	{"TypeVote", testTypeVote},
	{"MoreRoles", testMoreRoles},
}

// RunSpeakers runs the speaker registry's part of the contract only (Run
// runs it too). It is for stores that wrap another and link what they
// store, such as storylink.Store: linking folds copies that the rest of
// the suite expects unlinked, but never changes whose statement is whose.
func RunSpeakers(t *testing.T, open Open) {
	runTests(t, open, registryTests)
}

// testAliasesWithoutTitles: a speaker named with a title or an editorial
// word in front ("President Erdogan", "Afterwards Erdogan") is found by
// the name, and a search for the title or the word does not list him.
func testAliasesWithoutTitles(t *testing.T, s rapporteur.Store) {
	put(t, s, erdoganInFull("https://one.example/stay", Day))
	put(t, s, Article("https://two.example/visit", "Visit", "President Erdogan said the visit was a success.", Day.AddDate(0, 0, 1),
		Quote{Kind: rapporteur.Indirect, Content: "the visit was a success", Cue: "said", Speaker: "President Erdogan", Mention: "President Erdogan"}))
	for _, q := range []string{"president", "afterwards"} {
		p, err := s.Speakers(ctx, rapporteur.SpeakerFilter{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Items) != 0 {
			t.Errorf("speakers found by %q: %s, want none", q, speakerNames(p.Items))
		}
	}
	p, err := s.Speakers(ctx, rapporteur.SpeakerFilter{Query: "erdogan"})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 1 || p.Items[0].Name != "Recep Tayyip Erdoğan" {
		t.Fatalf("speakers named erdogan: %s, want Recep Tayyip Erdoğan", speakerNames(p.Items))
	}
	sp, err := s.Speaker(ctx, p.Items[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range sp.Aliases {
		if strings.Contains(strings.ToLower(a), "president") {
			t.Errorf("alias %q keeps the title", a)
		}
	}
}

// erdogan is an article quoting Erdoğan by surname only.
func erdogan(url string, date time.Time) rapporteur.Article {
	return Article(url, "Talks go on", "Erdogan said the talks would go on.", date,
		Quote{Kind: rapporteur.Indirect, Content: "the talks would go on", Cue: "said", Speaker: "Erdogan", Mention: "Erdogan"})
}

// erdoganInFull is an article naming Recep Tayyip Erdoğan in full, then by
// surname.
func erdoganInFull(url string, date time.Time) rapporteur.Article {
	return Article(url, "Turkey stays", "Recep Tayyip Erdoğan said Turkey would stay. Erdogan added that the door was open.", date,
		Quote{Kind: rapporteur.Indirect, Content: "Turkey would stay", Cue: "said", Speaker: "Recep Tayyip Erdoğan", Mention: "Recep Tayyip Erdoğan"},
		Quote{Kind: rapporteur.Indirect, Content: "the door was open", Cue: "added", Speaker: "Erdogan", Mention: "Erdogan"})
}

// speakerOf returns the speaker ids of an article's statements.
func speakerOf(t *testing.T, s rapporteur.Store, id int64) []int64 {
	t.Helper()
	a, err := s.Article(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, st := range a.Statements {
		ids = append(ids, st.SpeakerID)
	}
	return ids
}

// testLoneSurnameJoinsFullName: "Erdogan", quoted alone first, becomes
// Recep Tayyip Erdoğan once an article names him in full: one speaker
// listed, with every statement and "Erdogan" among its aliases, and the
// lone speaker's id no longer found.
func testLoneSurnameJoinsFullName(t *testing.T, s rapporteur.Store) {
	first := put(t, s, erdogan("https://one.example/talks", Day))
	lone := speakerOf(t, s, first.ID)
	if len(lone) != 1 || lone[0] == 0 {
		t.Fatalf("a lone surname has speakers %v, want one", lone)
	}
	second := put(t, s, erdoganInFull("https://two.example/stay", Day.AddDate(0, 0, 1)))

	p, err := s.Speakers(ctx, rapporteur.SpeakerFilter{Query: "erdogan"})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 1 || p.Items[0].Name != "Recep Tayyip Erdoğan" || p.Items[0].StatementCount != 3 {
		t.Fatalf("speakers named erdogan: %s, want Recep Tayyip Erdoğan with 3 statements", speakerNames(p.Items))
	}
	full := p.Items[0]
	if !full.FirstSeen.Equal(Day) || !full.LastSeen.Equal(Day.AddDate(0, 0, 1)) {
		t.Errorf("Erdoğan seen %v – %v, want from the lone surname's day %v", full.FirstSeen, full.LastSeen, Day)
	}
	want := []int64{full.ID}
	if got := speakerOf(t, s, first.ID); !slices.Equal(got, want) {
		t.Errorf("the earlier lone surname's statement has speakers %v, want %v", got, want)
	}
	if got := speakerOf(t, s, second.ID); !slices.Equal(got, []int64{full.ID, full.ID}) {
		t.Errorf("the full name's article has speakers %v, want %d twice", got, full.ID)
	}
	a, err := s.Article(ctx, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st := a.Statements[0]; st.Speaker.Name != "Erdogan" || st.SpeakerCanonical != "Recep Tayyip Erdoğan" {
		t.Errorf("the lone surname's statement reads %q under %q, want Erdogan under Recep Tayyip Erdoğan", st.Speaker.Name, st.SpeakerCanonical)
	}
	sp, err := s.Speaker(ctx, full.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(sp.Aliases, "Erdogan") {
		t.Errorf("aliases = %q, want Erdogan among them", sp.Aliases)
	}
	if lone[0] != full.ID {
		// Its address leads to the speaker it joined.
		if got, err := s.Speaker(ctx, lone[0]); err != nil || got.ID != full.ID {
			t.Errorf("the lone surname's speaker %d after it joined: %v, %v; want speaker %d", lone[0], got, err, full.ID)
		}
	}
	st, err := s.Stats(ctx)
	if err != nil || st.Speakers != 1 {
		t.Errorf("stats count %d speakers (%v), want 1", st.Speakers, err)
	}
}

// testUnknownSpeaker: an id that names no speaker, never used or out of
// range, is ENOTFOUND, whether the store is empty or not.
func testUnknownSpeaker(t *testing.T, s rapporteur.Store) {
	check := func(when string) {
		t.Helper()
		for _, id := range []int64{0, -1, 999, 1 << 62} {
			_, err := s.Speaker(ctx, id)
			wantCode(t, fmt.Sprintf("speaker %d %s", id, when), err, rapporteur.ENOTFOUND)
		}
	}
	check("in an empty store")
	put(t, s, zhang("https://www.bbc.co.uk/news/xinjiang"))
	check("beside stored speakers")
}

// testSpeakerCountAgrees: a speaker's statement count is the same on its
// page (Speaker), in the list (Speakers), among the top speakers, in its
// timeline's total and in its statements, a linked wire copy folded
// everywhere.
func testSpeakerCountAgrees(t *testing.T, s rapporteur.Store) {
	orig := put(t, s, zhang("https://www.bbc.co.uk/news/xinjiang"))
	cp := put(t, s, zhang("https://copies.example.com/xinjiang"))
	if err := s.LinkArticle(ctx, cp.ID, rapporteur.ArticleLink{DuplicateOf: orig.ID, Similarity: 1}); err != nil {
		t.Fatal(err)
	}
	later := Article("https://cnn.example.com/zhang", "Zhang speaks again", "Zhang Jun said the talks were over.", Day.AddDate(0, 0, 3),
		Quote{Kind: rapporteur.Indirect, Content: "the talks were over", Cue: "said", Speaker: "Zhang Jun", Mention: "Zhang Jun"})
	put(t, s, later)

	p, err := s.Speakers(ctx, rapporteur.SpeakerFilter{Query: `"Zhang Jun"`})
	if err != nil || len(p.Items) != 1 {
		t.Fatalf("speakers named Zhang Jun: %s, %v", speakerNames(p.Items), err)
	}
	id := p.Items[0].ID
	counts := map[string]int{"list": p.Items[0].StatementCount}
	sp, err := s.Speaker(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	counts["page"] = sp.StatementCount
	days, err := s.SpeakerTimeline(ctx, id, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	counts["timeline"] = 0
	for _, d := range days {
		counts["timeline"] += d.Count
	}
	top, err := s.TopSpeakers(ctx, time.Time{}, time.Time{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range top {
		if tc.Speaker.ID == id {
			counts["top"] = tc.Count
		}
	}
	sts, err := s.Statements(ctx, rapporteur.StatementFilter{SpeakerID: id, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	counts["statements"] = len(sts.Items)
	want := map[string]int{"list": 3, "page": 3, "timeline": 3, "top": 3, "statements": 3}
	if fmt.Sprint(counts) != fmt.Sprint(want) {
		t.Errorf("Zhang Jun's statement counts %v, want 3 everywhere (2 in the original, 1 later, the copy's folded)", counts)
	}
}

// testOneSpeakerPerStatement: after speakers are joined ("Erdogan" into
// Recep Tayyip Erdoğan, "Afterwards Trump" into Donald Trump), every
// named statement is under exactly one listed speaker: the speakers'
// statements partition them and their counts add up.
func testOneSpeakerPerStatement(t *testing.T, s rapporteur.Store) {
	put(t, s, erdogan("https://one.example/talks", Day))
	put(t, s, erdoganInFull("https://two.example/stay", Day.AddDate(0, 0, 1)))
	put(t, s, Article("https://three.example/trump", "Trump speaks",
		"Donald Trump said the wall was built. Afterwards Trump said it was paid for.", Day.AddDate(0, 0, 2),
		Quote{Kind: rapporteur.Indirect, Content: "the wall was built", Cue: "said", Speaker: "Donald Trump", Mention: "Donald Trump"},
		Quote{Kind: rapporteur.Indirect, Content: "it was paid for", Cue: "said it", Speaker: "Afterwards Trump", Mention: "Trump"}))
	put(t, s, Article("https://four.example/talks-again", "Talks resume", "Erdogan said the talks had resumed in Ankara.", Day.AddDate(0, 0, 3),
		Quote{Kind: rapporteur.Indirect, Content: "the talks had resumed in Ankara", Cue: "said", Speaker: "Erdogan", Mention: "Erdogan"}))

	all, err := s.Statements(ctx, rapporteur.StatementFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Items) != 6 {
		t.Fatalf("%d statements stored, want 6", len(all.Items))
	}
	list, err := s.Speakers(ctx, rapporteur.SpeakerFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if got := speakerNames(list.Items); got != "[Recep Tayyip Erdoğan: 4, Donald Trump: 2]" {
		t.Errorf("speakers %s, want Recep Tayyip Erdoğan: 4, Donald Trump: 2", got)
	}
	under := map[int64]int64{} // statement → the speaker listing it
	for _, sp := range list.Items {
		sts, err := s.Statements(ctx, rapporteur.StatementFilter{SpeakerID: sp.ID, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(sts.Items) != sp.StatementCount {
			t.Errorf("%s lists %d statements, counts %d", sp.Name, len(sts.Items), sp.StatementCount)
		}
		for _, st := range sts.Items {
			if other, ok := under[st.ID]; ok {
				t.Errorf("statement %d (%q) is under speakers %d and %d", st.ID, st.Content.Text, other, sp.ID)
			}
			under[st.ID] = sp.ID
			if st.SpeakerID != sp.ID || st.SpeakerCanonical != sp.Name {
				t.Errorf("statement %q listed under %s has speaker %d %q", st.Content.Text, sp.Name, st.SpeakerID, st.SpeakerCanonical)
			}
		}
	}
	for _, st := range all.Items {
		if under[st.ID] == 0 {
			t.Errorf("statement %q (%s) is under no listed speaker; its speaker is %d", st.Content.Text, st.Speaker.Name, st.SpeakerID)
		}
	}
}

func speakerNames(sps []*rapporteur.StoredSpeaker) string {
	var out []string
	for _, sp := range sps {
		out = append(out, fmt.Sprintf("%s: %d", sp.Name, sp.StatementCount))
	}
	return "[" + strings.Join(out, ", ") + "]"
}

// testTypeVote: a name the extractor types both ways in one article (an
// interview whose first answer it read as an organization's) takes the
// type of more than twice as many of its statements as the other, the
// article's own included: the interviewee is listed as a person.
func testTypeVote(t *testing.T, s rapporteur.Store) {
	ctx := context.Background()
	text := "Ahola said the engine is small. Ahola said it runs on old machines. Ahola said the code is free. Ahola said mods are welcome."
	a := Article("https://wiki.test/ahola", "Interview", text, Day,
		Quote{Kind: rapporteur.Indirect, Content: "the engine is small", Speaker: "Perttu Ahola", Type: rapporteur.Organization},
		Quote{Kind: rapporteur.Indirect, Content: "it runs on old machines", Speaker: "Perttu Ahola", Type: rapporteur.Person},
		Quote{Kind: rapporteur.Indirect, Content: "the code is free", Speaker: "Perttu Ahola", Type: rapporteur.Person},
		Quote{Kind: rapporteur.Indirect, Content: "mods are welcome", Speaker: "Perttu Ahola", Type: rapporteur.Person})
	if _, err := s.PutArticle(ctx, a, rapporteur.ArticleMeta{}); err != nil {
		t.Fatal(err)
	}
	page, err := s.Speakers(ctx, rapporteur.SpeakerFilter{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 {
		t.Fatalf("got %d speakers (%s), want 1", len(page.Items), speakerNames(page.Items))
	}
	if sp := page.Items[0]; sp.Type != rapporteur.Person || sp.StatementCount != 4 {
		t.Errorf("speaker %q is a %s with %d statements; want a person with 4", sp.Name, sp.Type, sp.StatementCount)
	}
}

// testMoreRoles: a speaker's further roles ("AU chairperson and Egyptian
// President") are kept with the statement and listed among the speaker's
// roles, counted as the first role is (issue 10, item 1).
func testMoreRoles(t *testing.T, s rapporteur.Store) {
	ctx := context.Background()
	text := "Abdel Fattah el-Sisi, AU chairperson and Egyptian President, said the summit would go on."
	a := Article("https://wiki.test/au", "Summit", text, Day,
		Quote{Kind: rapporteur.Indirect, Content: "the summit would go on", Speaker: "Abdel Fattah el-Sisi",
			Role: "chairperson", Affiliation: "AU"})
	more := []rapporteur.RoleDesc{{Role: "President", Affiliation: "Egypt"}}
	a.Statements[0].Speaker.MoreRoles = more
	res := put(t, s, a)
	page, err := s.Statements(ctx, rapporteur.StatementFilter{ArticleID: res.ID, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || !slices.Equal(page.Items[0].Speaker.MoreRoles, more) {
		t.Fatalf("statements: %+v, want one with further roles %v", page.Items, more)
	}
	art, err := s.Article(ctx, res.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(art.Statements) != 1 || !slices.Equal(art.Statements[0].Speaker.MoreRoles, more) {
		t.Errorf("article's statements: %+v, want one with further roles %v", art.Statements, more)
	}
	sp, err := s.Speaker(ctx, page.Items[0].SpeakerID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range sp.Roles {
		got = append(got, fmt.Sprintf("%s, %s (%d)", r.Role, r.Affiliation, r.Count))
	}
	if want := []string{"President, Egypt (1)", "chairperson, AU (1)"}; !slices.Equal(got, want) {
		t.Errorf("speaker roles %q, want %q", got, want)
	}
}
