package sqlite

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/storetest"
)

// TestMeasureRekey opens the store at $RAPPORTEUR_REKEY_DB (a copy: it is
// re-keyed) and re-keys $RAPPORTEUR_REKEY_BATCHES batches of its re-key
// under way, or the whole of it when unset, printing the rate: with
// -cpuprofile, where a re-key's time goes. Force a re-key first with
// sqlite3 DB "UPDATE counters SET n = 1 WHERE name = 'speaker_registry'".
func TestMeasureRekey(t *testing.T) {
	path := os.Getenv("RAPPORTEUR_REKEY_DB")
	if path == "" {
		t.Skip("set RAPPORTEUR_REKEY_DB to a copy of a store to re-key")
	}
	batches, _ := strconv.Atoi(os.Getenv("RAPPORTEUR_REKEY_BATCHES"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var calls int
	var first, last int64
	start := time.Now()
	ctx = rapporteur.WithRekeyOptions(ctx, rapporteur.RekeyOptions{Progress: func(done, total int64) {
		if calls == 0 {
			first, start = done, time.Now()
		}
		last = done
		calls++
		t.Logf("%d of %d articles, %s", done, total, time.Since(start).Round(time.Millisecond))
		if batches > 0 && calls > batches {
			cancel()
		}
	}})
	db, err := OpenContext(ctx, path)
	if err == nil {
		db.Close()
	}
	took := time.Since(start)
	t.Logf("re-keyed %d articles in %s: %.0f articles/s, %.2f ms per article (open: %v)",
		last-first, took.Round(time.Millisecond), float64(last-first)/took.Seconds(), 1000*took.Seconds()/float64(max(last-first, 1)), err)
}

// TestMeasureCorrectAt makes $CORRECTIONS (default 1,000) random
// corrections of every kind, as TestMeasureCorrections does, on the store
// at $RAPPORTEUR_CORRECT_DB (a copy: it is changed), so that
// `rapporteur corrections apply --all` can be timed on it.
func TestMeasureCorrectAt(t *testing.T) {
	path := os.Getenv("RAPPORTEUR_CORRECT_DB")
	if path == "" {
		t.Skip("set RAPPORTEUR_CORRECT_DB to a copy of a store to correct")
	}
	n := envInt("CORRECTIONS", 1_000)
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(5, 6))
	var maxSpeaker, maxStatement int64
	if err := db.read.QueryRow(`SELECT (SELECT max(id) FROM speakers), (SELECT max(id) FROM statements)`).Scan(&maxSpeaker, &maxStatement); err != nil {
		t.Fatal(err)
	}
	pick := func(q string, max int64) int64 {
		var id int64
		db.read.QueryRow(q, 1+rng.Int64N(max)).Scan(&id)
		return id
	}
	speaker := func() int64 { return pick(`SELECT id FROM speakers WHERE id >= ? ORDER BY id LIMIT 1`, maxSpeaker) }
	statement := func() int64 {
		return pick(`SELECT id FROM statements WHERE id >= ? AND speaker_id IS NOT NULL ORDER BY id LIMIT 1`, maxStatement)
	}
	made := map[string]int{}
	var took []time.Duration
	for len(took) < n {
		var c rapporteur.Correction
		switch k := rng.IntN(10); {
		case k < 4:
			c = rapporteur.Correction{Kind: rapporteur.CorrectMerge, SpeakerID: speaker(), TargetID: speaker()}
		case k < 6:
			c = rapporteur.Correction{Kind: rapporteur.CorrectReassign, Statements: []int64{statement()}, TargetID: speaker()}
		case k < 8:
			c = rapporteur.Correction{Kind: rapporteur.CorrectRename, SpeakerID: speaker(), Name: fmt.Sprintf("Renamed Person%d", len(took))}
		case k < 9:
			c = rapporteur.Correction{Kind: rapporteur.CorrectType, SpeakerID: speaker(), Type: rapporteur.Organization}
		default:
			st, err := db.StatementByID(ctx, statement())
			if err != nil || st.SpeakerID == 0 {
				continue
			}
			c = rapporteur.Correction{Kind: rapporteur.CorrectSplit, SpeakerID: st.SpeakerID, Name: fmt.Sprintf("Split Person%d", len(took)), Statements: []int64{st.ID}}
		}
		c.By = "measure"
		t0 := time.Now()
		if _, err := db.Correct(ctx, c); err != nil {
			if code := rapporteur.ErrorCode(err); code != rapporteur.EINVALID && code != rapporteur.ECONFLICT {
				t.Fatal(err)
			}
			continue
		}
		took = append(took, time.Since(t0))
		made[c.Kind]++
	}
	slices.Sort(took)
	t.Logf("%d corrections made %v: Correct median %s, p99 %s", len(took), made,
		took[len(took)/2].Round(time.Microsecond), took[len(took)*99/100].Round(time.Microsecond))
}

// TestMeasureRekeyStores: storetest.MeasureRekey on SQLite (the same
// corpus as postgres.TestMeasureRekeyStores).
func TestMeasureRekeyStores(t *testing.T) {
	db := MustOpenDB(t)
	defer db.Close()
	storetest.MeasureRekey(t, db)
}
