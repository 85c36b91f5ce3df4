package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// The contract of users' corrections of the speakers (issue 10): merge,
// split, rename, retype and reassign, each kept when articles are stored
// again, refused with a clear error when it makes no sense, and never
// leaving a statement with no speaker or two.

// Corrector is what a store offers for corrections (http.SpeakerCorrector
// declares the same methods).
type Corrector interface {
	Correct(ctx context.Context, c rapporteur.Correction) (*rapporteur.Correction, error)
	Corrections(ctx context.Context, f rapporteur.CorrectionFilter) (rapporteur.Page[*rapporteur.Correction], error)
	ReapplyCorrections(ctx context.Context, all bool, progress func(done, total int)) (rapporteur.ReapplyResult, error)
	StatementByID(ctx context.Context, id int64) (*rapporteur.StoredStatement, error)
}

var correctionTests = []contractTest{
	{"MergeSticks", testMergeSticks},
	{"MergeRefusals", testMergeRefusals},
	{"SplitSticks", testSplitSticks},
	{"SplitRefusals", testSplitRefusals},
	{"RenameAndType", testRenameAndType},
	{"ReassignSticks", testReassignSticks},
	{"MergeSplitCycle", testMergeSplitCycle},
	{"ConcurrentCorrections", testConcurrentCorrections},
	{"ReapplyRebuilds", testReapplyRebuilds},
	{"RekeyInterrupted", testRekeyInterrupted},
}

// RunCorrections runs the corrections' contract; open's stores must be
// Correctors.
func RunCorrections(t *testing.T, open Open) {
	runTests(t, open, correctionTests)
}

func corrector(t *testing.T, s rapporteur.Store) Corrector {
	t.Helper()
	c, ok := s.(Corrector)
	if !ok {
		t.Fatalf("%T is no Corrector", s)
	}
	return c
}

// bidens stores three articles: Joe Biden in full, Hunter Biden in full,
// and one quoting "Biden" alone, which the registry joins to the more
// quoted of the two (Joe). It returns the ids of Joe and Hunter and the
// articles' ids.
func bidens(t *testing.T, s rapporteur.Store) (joe, hunter int64, arts []int64) {
	t.Helper()
	a := put(t, s, Article("https://one.example/joe", "Plan", "Joe Biden said the plan would work. Joe Biden added that it was cheap.", Day,
		Quote{Kind: rapporteur.Indirect, Content: "the plan would work", Cue: "said", Speaker: "Joe Biden", Mention: "Joe Biden"},
		Quote{Kind: rapporteur.Indirect, Content: "it was cheap", Cue: "added", Speaker: "Joe Biden", Mention: "Joe Biden"}))
	b := put(t, s, Article("https://two.example/hunter", "Book", "Hunter Biden said the book was done.", Day.AddDate(0, 0, 1),
		Quote{Kind: rapporteur.Indirect, Content: "the book was done", Cue: "said", Speaker: "Hunter Biden", Mention: "Hunter Biden"}))
	joe, hunter = speakerOf(t, s, a.ID)[0], speakerOf(t, s, b.ID)[0]
	if joe == 0 || hunter == 0 || joe == hunter {
		t.Fatalf("Joe Biden is speaker %d, Hunter Biden %d: want two speakers", joe, hunter)
	}
	return joe, hunter, []int64{a.ID, b.ID}
}

// speakerCount reads a speaker's count; a speaker merged away reads as the
// one it became.
func speakerCount(t *testing.T, s rapporteur.Store, id int64) (int64, int) {
	t.Helper()
	sp, err := s.Speaker(ctx, id)
	if err != nil {
		t.Fatalf("speaker %d: %v", id, err)
	}
	return sp.ID, sp.StatementCount
}

// checkOneSpeaker checks that every statement of the articles has a
// speaker that exists and whose count holds it: nothing lost, nothing
// counted twice.
func checkOneSpeaker(t *testing.T, s rapporteur.Store, arts []int64) {
	t.Helper()
	counts := map[int64]int{}
	for _, id := range arts {
		for _, sp := range speakerOf(t, s, id) {
			if sp == 0 {
				t.Errorf("article %d: a statement lost its speaker", id)
				continue
			}
			counts[sp]++
		}
	}
	for sp, n := range counts {
		got, c := speakerCount(t, s, sp)
		if got != sp {
			t.Errorf("statements point at speaker %d, which reads as %d", sp, got)
		}
		if c != n {
			t.Errorf("speaker %d counts %d statements, %d point at it", sp, c, n)
		}
	}
}

func correct(t *testing.T, c Corrector, in rapporteur.Correction) *rapporteur.Correction {
	t.Helper()
	if in.By == "" {
		in.By = "tester"
	}
	out, err := c.Correct(ctx, in)
	if err != nil {
		t.Fatalf("%s %+v: %v", in.Kind, in, err)
	}
	return out
}

// testMergeSticks: a merge moves every statement, leads the merged
// speaker's address to the target, is listed, and holds when an article
// quoting the merged name is stored again with other words.
func testMergeSticks(t *testing.T, s rapporteur.Store) {
	c := corrector(t, s)
	joe, hunter, arts := bidens(t, s)
	got := correct(t, c, rapporteur.Correction{Kind: rapporteur.CorrectMerge, SpeakerID: hunter, TargetID: joe, By: "ana"})
	if got.ID == 0 || got.Moved != 1 || got.SpeakerName != "Hunter Biden" || got.TargetName != "Joe Biden" || got.By != "ana" {
		t.Errorf("merge recorded as %+v", got)
	}
	if id, n := speakerCount(t, s, hunter); id != joe || n != 3 {
		t.Errorf("the merged speaker reads as speaker %d with %d statements, want %d with 3", id, n, joe)
	}
	checkOneSpeaker(t, s, arts)
	// Stored again with other words: the merged name still goes to Joe.
	b := put(t, s, Article("https://two.example/hunter", "Book, updated", "Hunter Biden said the book was done. Hunter Biden said more.", Day.AddDate(0, 0, 1),
		Quote{Kind: rapporteur.Indirect, Content: "the book was done", Cue: "said", Speaker: "Hunter Biden", Mention: "Hunter Biden"},
		Quote{Kind: rapporteur.Indirect, Content: "more", Cue: "said", Speaker: "Hunter Biden", Mention: "Hunter Biden"}))
	if ids := speakerOf(t, s, b.ID); !slices.Equal(ids, []int64{joe, joe}) {
		t.Errorf("after the article was stored again its statements are by %v, want %d twice", ids, joe)
	}
	if _, n := speakerCount(t, s, joe); n != 4 {
		t.Errorf("Joe Biden counts %d statements, want 4", n)
	}
	checkOneSpeaker(t, s, arts)
	list, err := c.Corrections(ctx, rapporteur.CorrectionFilter{SpeakerID: joe})
	if err != nil || len(list.Items) != 1 || list.Items[0].Kind != rapporteur.CorrectMerge || list.Items[0].Created.IsZero() {
		t.Errorf("corrections of Joe Biden: %+v, %v; want the merge", list.Items, err)
	}
}

// testMergeRefusals: into itself EINVALID, unknown ids ENOTFOUND, a
// speaker merged already (either side) ECONFLICT; nothing changes.
func testMergeRefusals(t *testing.T, s rapporteur.Store) {
	c := corrector(t, s)
	joe, hunter, arts := bidens(t, s)
	for _, tt := range []struct {
		what     string
		from, to int64
		code     string
	}{
		{"into itself", joe, joe, rapporteur.EINVALID},
		{"unknown speaker", 999999, joe, rapporteur.ENOTFOUND},
		{"into an unknown speaker", joe, 999999, rapporteur.ENOTFOUND},
		{"into nobody", joe, 0, rapporteur.EINVALID},
	} {
		_, err := c.Correct(ctx, rapporteur.Correction{Kind: rapporteur.CorrectMerge, SpeakerID: tt.from, TargetID: tt.to, By: "t"})
		wantCode(t, tt.what, err, tt.code)
	}
	correct(t, c, rapporteur.Correction{Kind: rapporteur.CorrectMerge, SpeakerID: hunter, TargetID: joe})
	_, err := c.Correct(ctx, rapporteur.Correction{Kind: rapporteur.CorrectMerge, SpeakerID: hunter, TargetID: joe, By: "t"})
	wantCode(t, "merging a merged speaker again", err, rapporteur.ECONFLICT)
	_, err = c.Correct(ctx, rapporteur.Correction{Kind: rapporteur.CorrectMerge, SpeakerID: joe, TargetID: hunter, By: "t"})
	wantCode(t, "merging back into the merged speaker", err, rapporteur.ECONFLICT)
	_, err = c.Correct(ctx, rapporteur.Correction{Kind: "explode", SpeakerID: joe, By: "t"})
	wantCode(t, "an unknown kind", err, rapporteur.EINVALID)
	list, err := c.Corrections(ctx, rapporteur.CorrectionFilter{})
	if err != nil || len(list.Items) != 1 {
		t.Errorf("%d corrections recorded (%v), want the one that was made", len(list.Items), err)
	}
	checkOneSpeaker(t, s, arts)
}

// testSplitSticks: "Biden" alone joined Joe Biden, the only Biden; a
// split moves that name to a new speaker with its statement, and the name
// keeps going there when the article is stored again. A statement chosen
// by id moves and stays too.
func testSplitSticks(t *testing.T, s rapporteur.Store) {
	c := corrector(t, s)
	joeArticle := func(title string) rapporteur.Article {
		return Article("https://one.example/joe", title, "Joe Biden said the plan would work. Joe Biden added that it was cheap.", Day,
			Quote{Kind: rapporteur.Indirect, Content: "the plan would work", Cue: "said", Speaker: "Joe Biden", Mention: "Joe Biden"},
			Quote{Kind: rapporteur.Indirect, Content: "it was cheap", Cue: "added", Speaker: "Joe Biden", Mention: "Joe Biden"})
	}
	loneArticle := func(title string) rapporteur.Article {
		return Article("https://three.example/biden", title, "Biden said the talks went well.", Day.AddDate(0, 0, 2),
			Quote{Kind: rapporteur.Indirect, Content: "the talks went well", Cue: "said", Speaker: "Biden", Mention: "Biden"})
	}
	first := put(t, s, joeArticle("Plan"))
	lone := put(t, s, loneArticle("Talks"))
	arts := []int64{first.ID, lone.ID}
	joe := speakerOf(t, s, first.ID)[0]
	if ids := speakerOf(t, s, lone.ID); ids[0] != joe {
		t.Fatalf("the lone surname went to speaker %d, want Joe Biden (%d)", ids[0], joe)
	}
	chosen := statements(t, s, rapporteur.StatementFilter{ArticleID: first.ID})[0] // "the plan would work"
	got := correct(t, c, rapporteur.Correction{Kind: rapporteur.CorrectSplit, SpeakerID: joe, Name: "Jill Biden",
		Aliases: []string{"Biden"}, Statements: []int64{chosen}})
	if got.TargetID == 0 || got.TargetID == joe || got.Moved != 2 {
		t.Fatalf("split recorded as %+v, want a new speaker and 2 statements moved", got)
	}
	jill := got.TargetID
	check := func(when string) {
		t.Helper()
		if ids := speakerOf(t, s, lone.ID); ids[0] != jill {
			t.Errorf("%s, the split name's statement is by %d, want the new speaker %d", when, ids[0], jill)
		}
		if ids := speakerOf(t, s, first.ID); !slices.Equal(ids, []int64{jill, joe}) {
			t.Errorf("%s, the chosen statement's article has speakers %v, want %d then %d", when, ids, jill, joe)
		}
		sp, err := s.Speaker(ctx, jill)
		if err != nil || sp.Name != "Jill Biden" || sp.StatementCount != 2 {
			t.Errorf("%s, the new speaker is %+v, %v; want Jill Biden with 2 statements", when, sp, err)
		}
		checkOneSpeaker(t, s, arts)
	}
	check("after the split")
	put(t, s, loneArticle("Talks, updated"))
	put(t, s, joeArticle("Plan, updated"))
	check("after storing the articles again")
}

// testSplitRefusals: a split needs a name, something to move, names and
// statements of the speaker, and a name no other speaker has.
func testSplitRefusals(t *testing.T, s rapporteur.Store) {
	c := corrector(t, s)
	joe, hunter, arts := bidens(t, s)
	hunterSt := statements(t, s, rapporteur.StatementFilter{ArticleID: arts[1]})[0]
	joeSt := statements(t, s, rapporteur.StatementFilter{ArticleID: arts[0]})[0]
	for _, tt := range []struct {
		what string
		c    rapporteur.Correction
		code string
	}{
		{"no name", rapporteur.Correction{SpeakerID: joe, Statements: []int64{joeSt}}, rapporteur.EINVALID},
		{"nothing to move", rapporteur.Correction{SpeakerID: joe, Name: "Jill Biden"}, rapporteur.EINVALID},
		{"another speaker's statement", rapporteur.Correction{SpeakerID: joe, Name: "Jill Biden", Statements: []int64{hunterSt}}, rapporteur.EINVALID},
		{"an unknown statement", rapporteur.Correction{SpeakerID: joe, Name: "Jill Biden", Statements: []int64{999999}}, rapporteur.ENOTFOUND},
		{"a name it does not have", rapporteur.Correction{SpeakerID: joe, Name: "Jill Biden", Aliases: []string{"Hunter Biden"}}, rapporteur.EINVALID},
		{"its own name", rapporteur.Correction{SpeakerID: joe, Name: "Joe Biden", Statements: []int64{joeSt}}, rapporteur.EINVALID},
		{"another speaker's name", rapporteur.Correction{SpeakerID: joe, Name: "Hunter Biden", Statements: []int64{joeSt}}, rapporteur.ECONFLICT},
		{"a bad type", rapporteur.Correction{SpeakerID: joe, Name: "Jill Biden", Type: "robot", Statements: []int64{joeSt}}, rapporteur.EINVALID},
		{"an unknown speaker", rapporteur.Correction{SpeakerID: 999999, Name: "Jill Biden", Statements: []int64{joeSt}}, rapporteur.ENOTFOUND},
	} {
		tt.c.Kind, tt.c.By = rapporteur.CorrectSplit, "t"
		_, err := c.Correct(ctx, tt.c)
		wantCode(t, tt.what, err, tt.code)
	}
	_ = hunter
	checkOneSpeaker(t, s, arts)
}

// testRenameAndType: a new name and a type a user gives are kept when the
// speaker's articles are stored again; the old name still finds it.
func testRenameAndType(t *testing.T, s rapporteur.Store) {
	c := corrector(t, s)
	joe, _, arts := bidens(t, s)
	got := correct(t, c, rapporteur.Correction{Kind: rapporteur.CorrectRename, SpeakerID: joe, Name: "Joseph R. Biden"})
	if got.OldName != "Joe Biden" || got.Name != "Joseph R. Biden" {
		t.Errorf("rename recorded as %+v", got)
	}
	correct(t, c, rapporteur.Correction{Kind: rapporteur.CorrectType, SpeakerID: joe, Type: rapporteur.Organization})
	put(t, s, Article("https://one.example/joe", "Plan, updated", "Joe Biden said the plan would work. Joe Biden added that it was cheap.", Day,
		Quote{Kind: rapporteur.Indirect, Content: "the plan would work", Cue: "said", Speaker: "Joe Biden", Mention: "Joe Biden"},
		Quote{Kind: rapporteur.Indirect, Content: "it was cheap", Cue: "added", Speaker: "Joe Biden", Mention: "Joe Biden"}))
	sp, err := s.Speaker(ctx, joe)
	if err != nil || sp.Name != "Joseph R. Biden" || sp.Type != rapporteur.Organization || sp.StatementCount != 2 {
		t.Fatalf("after storing again: %+v, %v; want Joseph R. Biden, an organization, 2 statements", sp, err)
	}
	if ids := speakerOf(t, s, arts[0]); !slices.Equal(ids, []int64{joe, joe}) {
		t.Errorf("after storing again, statements by %v, want %d", ids, joe)
	}
	for _, q := range []string{"joseph", "joe biden"} {
		p, err := s.Speakers(ctx, rapporteur.SpeakerFilter{Query: q})
		if err != nil || !slices.ContainsFunc(p.Items, func(sp *rapporteur.StoredSpeaker) bool { return sp.ID == joe }) {
			t.Errorf("a search for %q does not find the renamed speaker: %s, %v", q, speakerNames(p.Items), err)
		}
	}
	for _, tt := range []struct {
		what string
		c    rapporteur.Correction
		code string
	}{
		{"the same name", rapporteur.Correction{Kind: rapporteur.CorrectRename, SpeakerID: joe, Name: "Joseph R. Biden"}, rapporteur.EINVALID},
		{"an empty name", rapporteur.Correction{Kind: rapporteur.CorrectRename, SpeakerID: joe, Name: "  "}, rapporteur.EINVALID},
		{"another speaker's name", rapporteur.Correction{Kind: rapporteur.CorrectRename, SpeakerID: joe, Name: "Hunter Biden"}, rapporteur.ECONFLICT},
		{"the same type", rapporteur.Correction{Kind: rapporteur.CorrectType, SpeakerID: joe, Type: rapporteur.Organization}, rapporteur.EINVALID},
		{"a bad type", rapporteur.Correction{Kind: rapporteur.CorrectType, SpeakerID: joe, Type: rapporteur.Document}, rapporteur.EINVALID},
		{"an unknown speaker", rapporteur.Correction{Kind: rapporteur.CorrectRename, SpeakerID: 999999, Name: "X Y"}, rapporteur.ENOTFOUND},
	} {
		tt.c.By = "t"
		_, err := c.Correct(ctx, tt.c)
		wantCode(t, tt.what, err, tt.code)
	}
}

// testReassignSticks: one statement given another speaker keeps it when
// its article is stored again; refusals for the same speaker, unknown
// statements and merged speakers.
func testReassignSticks(t *testing.T, s rapporteur.Store) {
	c := corrector(t, s)
	joe, hunter, arts := bidens(t, s)
	sts := statements(t, s, rapporteur.StatementFilter{ArticleID: arts[0]})
	got := correct(t, c, rapporteur.Correction{Kind: rapporteur.CorrectReassign, Statements: []int64{sts[1]}, TargetID: hunter})
	if got.SpeakerID != joe || got.TargetID != hunter || got.Moved != 1 {
		t.Errorf("reassign recorded as %+v", got)
	}
	st, err := c.StatementByID(ctx, sts[1])
	if err != nil || st.SpeakerID != hunter || st.SpeakerCanonical != "Hunter Biden" {
		t.Fatalf("the reassigned statement: %+v, %v", st, err)
	}
	checkOneSpeaker(t, s, arts)
	re := put(t, s, Article("https://one.example/joe", "Plan, updated", "Joe Biden said the plan would work. Joe Biden added that it was cheap.", Day,
		Quote{Kind: rapporteur.Indirect, Content: "the plan would work", Cue: "said", Speaker: "Joe Biden", Mention: "Joe Biden"},
		Quote{Kind: rapporteur.Indirect, Content: "it was cheap", Cue: "added", Speaker: "Joe Biden", Mention: "Joe Biden"}))
	if ids := speakerOf(t, s, re.ID); !slices.Equal(ids, []int64{joe, hunter}) {
		t.Errorf("after storing again, speakers %v, want %d then %d", ids, joe, hunter)
	}
	checkOneSpeaker(t, s, arts)
	now := statements(t, s, rapporteur.StatementFilter{ArticleID: arts[0]})
	for _, tt := range []struct {
		what string
		c    rapporteur.Correction
		code string
	}{
		{"to its own speaker", rapporteur.Correction{Statements: []int64{now[1]}, TargetID: hunter}, rapporteur.EINVALID},
		{"an unknown statement", rapporteur.Correction{Statements: []int64{999999}, TargetID: hunter}, rapporteur.ENOTFOUND},
		{"to an unknown speaker", rapporteur.Correction{Statements: []int64{now[0]}, TargetID: 999999}, rapporteur.ENOTFOUND},
		{"two statements", rapporteur.Correction{Statements: now, TargetID: hunter}, rapporteur.EINVALID},
	} {
		tt.c.Kind, tt.c.By = rapporteur.CorrectReassign, "t"
		_, err := c.Correct(ctx, tt.c)
		wantCode(t, tt.what, err, tt.code)
	}
	correct(t, c, rapporteur.Correction{Kind: rapporteur.CorrectMerge, SpeakerID: hunter, TargetID: joe})
	_, err = c.Correct(ctx, rapporteur.Correction{Kind: rapporteur.CorrectReassign, Statements: []int64{now[0]}, TargetID: hunter, By: "t"})
	wantCode(t, "to a merged speaker", err, rapporteur.ECONFLICT)
}

// testMergeSplitCycle: merge Hunter into Joe, split him out again under
// his name, merge again: each step keeps every statement under one
// speaker, and merging back into a speaker merged away is refused.
func testMergeSplitCycle(t *testing.T, s rapporteur.Store) {
	c := corrector(t, s)
	joe, hunter, arts := bidens(t, s)
	correct(t, c, rapporteur.Correction{Kind: rapporteur.CorrectMerge, SpeakerID: hunter, TargetID: joe})
	split := correct(t, c, rapporteur.Correction{Kind: rapporteur.CorrectSplit, SpeakerID: joe, Name: "Hunter Biden", Aliases: []string{"Hunter Biden"}})
	if split.Moved != 1 || split.TargetID == hunter || split.TargetID == joe {
		t.Errorf("split after merge: %+v, want Hunter's statement under a new speaker", split)
	}
	checkOneSpeaker(t, s, arts)
	if ids := speakerOf(t, s, arts[1]); ids[0] != split.TargetID {
		t.Errorf("Hunter's statement is by %d, want %d", ids[0], split.TargetID)
	}
	correct(t, c, rapporteur.Correction{Kind: rapporteur.CorrectMerge, SpeakerID: split.TargetID, TargetID: joe})
	_, err := c.Correct(ctx, rapporteur.Correction{Kind: rapporteur.CorrectMerge, SpeakerID: joe, TargetID: split.TargetID, By: "t"})
	wantCode(t, "merging into the split speaker merged away", err, rapporteur.ECONFLICT)
	checkOneSpeaker(t, s, arts)
	if _, n := speakerCount(t, s, joe); n != 3 {
		t.Errorf("Joe Biden counts %d statements after the cycle, want 3", n)
	}
}

// testConcurrentCorrections: two users merge Joe into Hunter and Hunter
// into Joe at once, many times over: exactly one merge wins, the others are
// ECONFLICT, and every statement keeps one speaker.
func testConcurrentCorrections(t *testing.T, s rapporteur.Store) {
	c := corrector(t, s)
	joe, hunter, arts := bidens(t, s)
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			from, to := joe, hunter
			if i%2 == 1 {
				from, to = hunter, joe
			}
			_, errs[i] = c.Correct(ctx, rapporteur.Correction{Kind: rapporteur.CorrectMerge, SpeakerID: from, TargetID: to, By: "t"})
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else {
			wantCode(t, "a concurrent merge", err, rapporteur.ECONFLICT)
		}
	}
	if ok != 1 {
		t.Errorf("%d concurrent merges succeeded, want 1", ok)
	}
	checkOneSpeaker(t, s, arts)
}

// testReapplyRebuilds: re-applying every correction after the speakers
// are worked out anew (all) gives every statement the speaker it had, the
// split speaker its id, and the counts they had; re-applying what is
// applied reads nothing.
func testReapplyRebuilds(t *testing.T, s rapporteur.Store) {
	c := corrector(t, s)
	joe, hunter, arts := bidens(t, s)
	sts := statements(t, s, rapporteur.StatementFilter{ArticleID: arts[0]})
	correct(t, c, rapporteur.Correction{Kind: rapporteur.CorrectReassign, Statements: []int64{sts[0]}, TargetID: hunter})
	correct(t, c, rapporteur.Correction{Kind: rapporteur.CorrectRename, SpeakerID: hunter, Name: "R. Hunter Biden"})
	correct(t, c, rapporteur.Correction{Kind: rapporteur.CorrectMerge, SpeakerID: hunter, TargetID: joe})
	split := correct(t, c, rapporteur.Correction{Kind: rapporteur.CorrectSplit, SpeakerID: joe, Name: "Hunter Biden", Aliases: []string{"Hunter Biden"}})
	correct(t, c, rapporteur.Correction{Kind: rapporteur.CorrectType, SpeakerID: split.TargetID, Type: rapporteur.Organization})
	snapshot := func() string {
		var b strings.Builder
		for _, id := range arts {
			for _, sp := range speakerOf(t, s, id) {
				got, err := s.Speaker(ctx, sp)
				if err != nil {
					t.Fatal(err)
				}
				fmt.Fprintf(&b, "%d %s %s %d; ", got.ID, got.Name, got.Type, got.StatementCount)
			}
		}
		return b.String()
	}
	before := snapshot()
	var calls []int
	res, err := c.ReapplyCorrections(ctx, true, func(done, total int) { calls = append(calls, done, total) })
	if err != nil {
		t.Fatal(err)
	}
	if res.Corrections != 5 || res.Skipped != 0 {
		t.Errorf("re-applied %+v, want 5 read, none skipped", res)
	}
	if len(calls) < 2 || calls[len(calls)-2] != 5 || calls[len(calls)-1] != 5 {
		t.Errorf("progress calls %v, want to end at 5 of 5", calls)
	}
	if after := snapshot(); after != before {
		t.Errorf("after re-applying all:\n %s\nwant\n %s", after, before)
	}
	checkOneSpeaker(t, s, arts)
	if res, err := c.ReapplyCorrections(ctx, false, nil); err != nil || res.Corrections != 0 {
		t.Errorf("re-applying what is applied: %+v, %v; want nothing read", res, err)
	}
}
