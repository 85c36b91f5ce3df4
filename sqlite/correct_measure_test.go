package sqlite

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/storetest"
)

// The measurements of issue 10's targets on the SQLite store, run on
// demand (they build large stores):
//
//	RAPPORTEUR_MEASURE=1 go test ./sqlite -run TestMeasureRegistry -v
//	RAPPORTEUR_MEASURE=1 CORRECTION_ARTICLES=20000 go test ./sqlite -run TestMeasureCorrections -v

func measureOnly(t *testing.T) {
	if os.Getenv("RAPPORTEUR_MEASURE") == "" {
		t.Skip("set RAPPORTEUR_MEASURE=1 to run the issue 10 measurements")
	}
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// TestMeasureRegistry: the time to resolve one article's speakers (12
// statements: four full names, their surnames alone, pronouns, a lone
// surname and a generic body) against a store of 1 M speakers, through
// the writer's own lookups (prepared point reads in its transaction), per
// article: median and 99th percentile over 2,000 articles, each with new
// names and names the registry has.
func TestMeasureRegistry(t *testing.T) {
	measureOnly(t)
	n := envInt("REGISTRY_SPEAKERS", 1_000_000)
	db, err := Open(filepath.Join(t.TempDir(), "registry.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	first := []string{"Anna", "John", "Maria", "Wei", "Ahmed", "Olga", "Pierre", "Kenji"}
	start := time.Now()
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	sp, _ := tx.Prepare(`INSERT INTO speakers (id, key, type, name, surname, statement_count, first_seen, last_seen) VALUES (?, ?, 'person', ?, ?, ?, 0, 0)`)
	al, _ := tx.Prepare(`INSERT INTO speaker_aliases (key, speaker_id) VALUES (?, ?)`)
	// Every surname is shared by eight people (one per first name), so
	// that lone surnames meet namesakes.
	rng := rand.New(rand.NewPCG(1, 2))
	surnames := max(n/len(first), 1)
	for i := range n {
		sur := fmt.Sprintf("name%d", i/len(first))
		key := canonKey(first[i%len(first)] + " " + sur)
		if _, err := sp.Exec(i+1, key, first[i%len(first)]+" N"+sur[1:], sur, rng.IntN(50)); err != nil {
			t.Fatal(err)
		}
		if _, err := al.Exec(key, i+1); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d speakers stored in %s", n, time.Since(start).Round(time.Second))

	person := func(name, mention string) rapporteur.Statement {
		return rapporteur.Statement{Speaker: rapporteur.Speaker{Name: name, Type: rapporteur.Person,
			Mention: &rapporteur.Span{Text: mention}}}
	}
	tx, err = db.write.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	w := &writer{db: db, ctx: ctx, tx: tx, now: db.now()}
	article := func(a int) []rapporteur.Statement {
		var sts []rapporteur.Statement
		for i := range 4 {
			full := fmt.Sprintf("%s Name%d", first[(a+i)%len(first)], (a*4+i)*97%(2*surnames))
			sts = append(sts, person(full, full), person(full, fmt.Sprintf("Name%d", (a*4+i)*97%(2*surnames))), person(full, "she"))
		}
		return append(sts, person(fmt.Sprintf("Name%d", a*31%surnames), "x"),
			rapporteur.Statement{Speaker: rapporteur.Speaker{Name: "police", Type: rapporteur.Organization}})
	}
	// First pass: half the full names are new (the speakers are made);
	// second pass: the same articles again, every name known.
	for _, pass := range []string{"first reading (new names created)", "second reading (names known)"} {
		var took []time.Duration
		for a := range 2000 {
			sts := article(a)
			t0 := time.Now()
			if _, err := w.speakerIDs(int64(a+1), sts, nil, 0); err != nil {
				t.Fatal(err)
			}
			took = append(took, time.Since(t0))
		}
		slices.Sort(took)
		t.Logf("%s: an article of 14 statements against %d speakers: median %s, p99 %s (2000 articles)",
			pass, n, took[len(took)/2].Round(time.Microsecond), took[len(took)*99/100].Round(time.Microsecond))
	}
}

// canonKey is the registry key of a generated name (lower case).
func canonKey(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// TestMeasureCorrections: a store of CORRECTION_ARTICLES generated
// articles (three statements each, from a pool of names) gets
// CORRECTIONS corrections of every kind through Correct (their latency),
// then is re-keyed (the speakers as the registry alone makes them) and
// the corrections applied again in batches (their rate): what a registry
// update or `rapporteur corrections apply --all` does.
func TestMeasureCorrections(t *testing.T) {
	measureOnly(t)
	nArt := envInt("CORRECTION_ARTICLES", 20_000)
	nCorr := envInt("CORRECTIONS", 1_000)
	db, err := Open(filepath.Join(t.TempDir(), "corrections.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 4))
	first := []string{"Anna", "John", "Maria", "Wei", "Ahmed", "Olga", "Pierre", "Kenji", "Sara", "Tomas"}
	pool := nArt / 4
	name := func() string { return fmt.Sprintf("%s Surname%d", first[rng.IntN(len(first))], rng.IntN(pool)) }
	start := time.Now()
	for at := 0; at < nArt; at += 1000 {
		var items []rapporteur.PutItem
		for i := at; i < min(at+1000, nArt); i++ {
			a, b, c := name(), name(), name()
			text := fmt.Sprintf("%s said the plan %d would work. %s said the cost %d was high. %s added that talks %d went on.", a, i, b, i, c, i)
			items = append(items, rapporteur.PutItem{Article: storetest.Article(fmt.Sprintf("https://n%d.example.test/a", i), "News", text,
				storetest.Day.Add(time.Duration(i)*time.Minute),
				storetest.Quote{Kind: rapporteur.Indirect, Content: fmt.Sprintf("the plan %d would work", i), Speaker: a, Mention: a},
				storetest.Quote{Kind: rapporteur.Indirect, Content: fmt.Sprintf("the cost %d was high", i), Speaker: b, Mention: b},
				storetest.Quote{Kind: rapporteur.Indirect, Content: fmt.Sprintf("talks %d went on", i), Speaker: c, Mention: c})})
		}
		if _, errs := db.PutArticles(ctx, items); errors.Join(errs...) != nil {
			t.Fatal(errors.Join(errs...))
		}
	}
	var speakers int64
	db.read.QueryRow(`SELECT count(*) FROM speakers`).Scan(&speakers)
	t.Logf("%d articles, %d speakers stored in %s", nArt, speakers, time.Since(start).Round(time.Second))

	randomSpeaker := func() int64 {
		var id int64
		db.read.QueryRow(`SELECT id FROM speakers WHERE id >= ? ORDER BY id LIMIT 1`, 1+rng.Int64N(speakers)).Scan(&id)
		return id
	}
	randomStatement := func() int64 {
		var id int64
		db.read.QueryRow(`SELECT id FROM statements WHERE id >= ? ORDER BY id LIMIT 1`, 1+rng.Int64N(int64(nArt*3))).Scan(&id)
		return id
	}
	var took []time.Duration
	made := map[string]int{}
	for len(took) < nCorr {
		var c rapporteur.Correction
		switch k := rng.IntN(10); {
		case k < 4:
			c = rapporteur.Correction{Kind: rapporteur.CorrectMerge, SpeakerID: randomSpeaker(), TargetID: randomSpeaker()}
		case k < 6:
			c = rapporteur.Correction{Kind: rapporteur.CorrectReassign, Statements: []int64{randomStatement()}, TargetID: randomSpeaker()}
		case k < 8:
			c = rapporteur.Correction{Kind: rapporteur.CorrectRename, SpeakerID: randomSpeaker(), Name: fmt.Sprintf("Renamed Person%d", len(took))}
		case k < 9:
			c = rapporteur.Correction{Kind: rapporteur.CorrectType, SpeakerID: randomSpeaker(), Type: rapporteur.Organization}
		default:
			st, err := db.StatementByID(ctx, randomStatement())
			if err != nil || st.SpeakerID == 0 {
				continue
			}
			c = rapporteur.Correction{Kind: rapporteur.CorrectSplit, SpeakerID: st.SpeakerID, Name: fmt.Sprintf("Split Person%d", len(took)), Statements: []int64{st.ID}}
		}
		c.By = "measure"
		t0 := time.Now()
		_, err := db.Correct(ctx, c)
		if code := rapporteur.ErrorCode(err); err != nil && code != rapporteur.EINVALID && code != rapporteur.ECONFLICT {
			t.Fatal(err)
		} else if err != nil {
			continue
		}
		took = append(took, time.Since(t0))
		made[c.Kind]++
	}
	slices.Sort(took)
	t.Logf("%d corrections made %v: Correct median %s, p99 %s", len(took), made,
		took[len(took)/2].Round(time.Microsecond), took[len(took)*99/100].Round(time.Microsecond))

	snapshot := func() map[int64]int64 {
		m := map[int64]int64{}
		rows, err := db.read.Query(`SELECT id, speaker_id FROM statements`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var id, sp int64
			rows.Scan(&id, &sp)
			m[id] = sp
		}
		return m
	}
	before := snapshot()
	t0 := time.Now()
	if err := db.rekey(ctx); err != nil {
		t.Fatal(err)
	}
	rekeyed := time.Since(t0)
	t0 = time.Now()
	batches := 0
	res, err := db.ReapplyCorrections(ctx, false, func(done, total int) { batches++ })
	if err != nil {
		t.Fatal(err)
	}
	replay := time.Since(t0)
	after := snapshot()
	differ := 0
	for id, sp := range before {
		if after[id] != sp {
			differ++
		}
	}
	t.Logf("re-key of %d articles: %s; re-applying %d corrections (%d changed, %d skipped) in %d batches: %s, %.0f corrections/s",
		nArt, rekeyed.Round(time.Millisecond), res.Corrections, res.Changed, res.Skipped, batches, replay.Round(time.Millisecond),
		float64(res.Corrections)/replay.Seconds())
	t.Logf("statements whose speaker differs from before the re-key: %d of %d", differ, len(before))
}
