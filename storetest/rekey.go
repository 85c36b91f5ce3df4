package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// testRekeyInterrupted: a re-key of every speaker (what a registry rules
// update runs, and `corrections apply --all`) stopped after two batches
// leaves a store that reads (every statement with at most one speaker)
// and refuses corrections with a clear conflict; applying the corrections
// again finishes it, and the speakers are then those an uninterrupted
// re-key makes: the same speaker, type and count for every statement,
// the same statements together, the users' merges, renames and splits
// kept.
func testRekeyInterrupted(t *testing.T, s rapporteur.Store) {
	c := corrector(t, s)
	joe, hunter, arts := bidens(t, s)
	quotes := []struct{ speaker, typ string }{
		{"Erdogan", ""}, {"Recep Tayyip Erdoğan", ""}, {"Erdogan", ""},
		{"Biden", ""}, {"World Health Organization", rapporteur.Organization},
		{"Angela Merkel", ""}, {"Merkel", ""}, {"Boris Johnson", ""},
		{"Johnson", ""}, {"Hunter Biden", ""}, {"Mary Trump", ""}, {"Donald Trump", ""},
	}
	for i, q := range quotes {
		text := fmt.Sprintf("%s said the plan number %d was late.", q.speaker, i)
		a := put(t, s, Article(fmt.Sprintf("https://rekey.example/%d", i), fmt.Sprintf("Plan %d", i), text, Day.AddDate(0, 0, 2+i),
			Quote{Kind: rapporteur.Indirect, Content: fmt.Sprintf("the plan number %d was late", i), Cue: "said", Speaker: q.speaker, Mention: q.speaker, Type: q.typ}))
		arts = append(arts, a.ID)
	}
	sts := statements(t, s, rapporteur.StatementFilter{ArticleID: arts[0]})
	correct(t, c, rapporteur.Correction{Kind: rapporteur.CorrectReassign, Statements: []int64{sts[0]}, TargetID: hunter})
	correct(t, c, rapporteur.Correction{Kind: rapporteur.CorrectRename, SpeakerID: hunter, Name: "R. Hunter Biden"})
	correct(t, c, rapporteur.Correction{Kind: rapporteur.CorrectMerge, SpeakerID: hunter, TargetID: joe})
	split := correct(t, c, rapporteur.Correction{Kind: rapporteur.CorrectSplit, SpeakerID: joe, Name: "Hunter Biden", Aliases: []string{"Hunter Biden"}})
	correct(t, c, rapporteur.Correction{Kind: rapporteur.CorrectType, SpeakerID: split.TargetID, Type: rapporteur.Organization})

	// Each statement's speaker by name, type and count, and which
	// statements share one: ids of new speakers may differ between two
	// re-keys (PostgreSQL's sequence does not go back), nothing else.
	snapshot := func() string {
		var b strings.Builder
		first := map[int64]int{}
		n := 0
		for _, id := range arts {
			for _, sp := range speakerOf(t, s, id) {
				n++
				got, err := s.Speaker(ctx, sp)
				if err != nil {
					t.Fatalf("speaker %d: %v", sp, err)
				}
				if _, ok := first[got.ID]; !ok {
					first[got.ID] = n
				}
				fmt.Fprintf(&b, "%d: %s (%s, %d statements, with %d)\n", n, got.Name, got.Type, got.StatementCount, first[got.ID])
			}
		}
		return b.String()
	}
	batch := func(ctx context.Context) context.Context {
		return rapporteur.WithRekeyOptions(ctx, rapporteur.RekeyOptions{Batch: 2})
	}
	if _, err := c.ReapplyCorrections(batch(ctx), true, nil); err != nil {
		t.Fatal(err)
	}
	want := snapshot()
	checkOneSpeaker(t, s, arts)

	stop, cancel := context.WithCancel(ctx)
	defer cancel()
	var calls [][2]int64
	stop = rapporteur.WithRekeyOptions(stop, rapporteur.RekeyOptions{Batch: 2, Progress: func(done, total int64) {
		calls = append(calls, [2]int64{done, total})
		if len(calls) == 3 { // the start, then two batches
			cancel()
		}
	}})
	if _, err := c.ReapplyCorrections(stop, true, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("re-key cancelled after two batches: %v, want context.Canceled", err)
	}
	total := int64(len(arts))
	if len(calls) != 3 || calls[0] != [2]int64{0, total} || calls[2] != [2]int64{4, total} {
		t.Errorf("progress %v, want 0, 2, 4 of %d", calls, total)
	}
	// Half way: the store reads, no statement has two speakers, and a
	// correction waits for the end.
	for _, id := range arts {
		if _, err := s.Article(ctx, id); err != nil {
			t.Fatalf("article %d half way through a re-key: %v", id, err)
		}
	}
	if _, err := s.Speakers(ctx, rapporteur.SpeakerFilter{Limit: 100}); err != nil {
		t.Fatalf("speakers half way through a re-key: %v", err)
	}
	_, err := c.Correct(ctx, rapporteur.Correction{Kind: rapporteur.CorrectRename, SpeakerID: joe, Name: "Joseph Biden", By: "tester"})
	wantCode(t, "a correction half way through a re-key", err, rapporteur.ECONFLICT)

	// Going on finishes the re-key and applies the corrections again.
	calls = nil
	goOn := rapporteur.WithRekeyOptions(ctx, rapporteur.RekeyOptions{Batch: 2, Progress: func(done, total int64) {
		calls = append(calls, [2]int64{done, total})
	}})
	res, err := c.ReapplyCorrections(goOn, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Corrections != 5 || res.Skipped != 0 {
		t.Errorf("re-applied %+v after the re-key, want 5 read, none skipped", res)
	}
	if len(calls) == 0 || calls[0] != [2]int64{4, total} || calls[len(calls)-1] != [2]int64{total, total} {
		t.Errorf("progress going on %v, want from 4 to %d of %d", calls, total, total)
	}
	if got := snapshot(); got != want {
		t.Errorf("after an interrupted re-key:\n%s\nwant (uninterrupted)\n%s", got, want)
	}
	checkOneSpeaker(t, s, arts)
	if _, err := c.Correct(ctx, rapporteur.Correction{Kind: rapporteur.CorrectRename, SpeakerID: joe, Name: "Joseph Biden", By: "tester"}); err != nil {
		t.Errorf("a correction after the re-key: %v", err)
	}
}
