package sqlite

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
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
