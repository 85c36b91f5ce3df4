package storetest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
)

// MeasureRekey stores $REKEY_ARTICLES (default 10,000) articles of three
// statements each (full names, and lone surnames the registry joins to
// them) and times a re-key of every speaker (ReapplyCorrections with all),
// so that both stores' re-keys can be compared on one corpus. It skips
// unless RAPPORTEUR_MEASURE is set.
func MeasureRekey(t *testing.T, s rapporteur.Store) {
	if os.Getenv("RAPPORTEUR_MEASURE") == "" {
		t.Skip("set RAPPORTEUR_MEASURE=1 to run the issue 10 measurements")
	}
	n := 10_000
	if v, err := strconv.Atoi(os.Getenv("REKEY_ARTICLES")); err == nil && v > 0 {
		n = v
	}
	c := corrector(t, s)
	rng := rand.New(rand.NewPCG(7, 8))
	first := []string{"Anna", "John", "Maria", "Wei", "Ahmed", "Olga", "Pierre", "Kenji", "Sara", "Tomas"}
	pool := max(n/4, 1)
	start := time.Now()
	for at := 0; at < n; at += 500 {
		var items []rapporteur.PutItem
		for i := at; i < min(at+500, n); i++ {
			sur := fmt.Sprintf("Surname%d", rng.IntN(pool))
			a, b, lone := first[rng.IntN(len(first))]+" "+sur, fmt.Sprintf("%s Surname%d", first[rng.IntN(len(first))], rng.IntN(pool)), sur
			text := fmt.Sprintf("%s said the plan %d would work. %s said the cost %d was high. %s added that talks %d went on.", a, i, b, i, lone, i)
			items = append(items, rapporteur.PutItem{Article: Article(fmt.Sprintf("https://n%d.example.test/a", i), "News", text,
				Day.Add(time.Duration(i)*time.Minute),
				Quote{Kind: rapporteur.Indirect, Content: fmt.Sprintf("the plan %d would work", i), Speaker: a, Mention: a},
				Quote{Kind: rapporteur.Indirect, Content: fmt.Sprintf("the cost %d was high", i), Speaker: b, Mention: b},
				Quote{Kind: rapporteur.Indirect, Content: fmt.Sprintf("talks %d went on", i), Speaker: lone, Mention: lone})})
		}
		if _, errs := s.PutArticles(ctx, items); errors.Join(errs...) != nil {
			t.Fatal(errors.Join(errs...))
		}
	}
	t.Logf("%d articles stored in %s", n, time.Since(start).Round(time.Second))
	var batches int
	rctx := rapporteur.WithRekeyOptions(context.Background(), rapporteur.RekeyOptions{Progress: func(done, total int64) { batches++ }})
	start = time.Now()
	if _, err := c.ReapplyCorrections(rctx, true, nil); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	t.Logf("re-key of %d articles in %d progress reports: %s, %.0f articles/s, %.2f ms per article",
		n, batches, took.Round(time.Millisecond), float64(n)/took.Seconds(), 1000*took.Seconds()/float64(n))
}
