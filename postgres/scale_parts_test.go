package postgres

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
)

// TestScaleWorkbenchParts times the store calls behind issue 15's search
// page (the list in its default order and newest first, CountArticles,
// ArticleFacets) and attention chart
// (ArticleDays, StatementDays) one by one, on the queries of http's TestScaleWorkbench,
// on the PostgreSQL scale database RAPPORTEUR_SCALE_PG names: which of
// them makes a page slow. Each call is made once to warm up, then
// RAPPORTEUR_SCALE_ROUNDS times (default 3); it logs the median and the
// largest time of each, the results (count, sample, days) and the load.
//
//	RAPPORTEUR_SCALE_PG='postgres://rapporteur@/scale1m?host=/tmp/i14s/pg&sslmode=disable' \
//	  go test ./postgres -run TestScaleWorkbenchParts -v -count=1
func TestScaleWorkbenchParts(t *testing.T) {
	dsn := os.Getenv("RAPPORTEUR_SCALE_PG")
	if dsn == "" {
		t.Skip("set RAPPORTEUR_SCALE_PG to the URL of a PostgreSQL scale database")
	}
	rounds := 3
	if n, err := strconv.Atoi(os.Getenv("RAPPORTEUR_SCALE_ROUNDS")); err == nil && n > 0 {
		rounds = n
	}
	only := os.Getenv("RAPPORTEUR_SCALE_ONLY") // list, newest, count, facets, days, sdays: one of them
	ctx := context.Background()
	db, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	t.Logf("load before: %s", loadAvg())
	defer func() { t.Logf("load after: %s", loadAvg()) }()
	time1 := func(fn func() (string, error)) (time.Duration, string) {
		start := time.Now()
		res, err := fn()
		if err != nil {
			t.Fatal(err)
		}
		return time.Since(start), res
	}
	var all = map[string][]time.Duration{}
	run := func(part, q string, fn func() (string, error)) {
		if only != "" && only != part {
			return
		}
		_, res := time1(fn)
		var ds []time.Duration
		for range rounds {
			d, _ := time1(fn)
			ds = append(ds, d)
		}
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		all[part] = append(all[part], ds...)
		t.Logf("%-7s %-40q median %7.1f ms, max %7.1f ms  %s", part, q, ms(ds[len(ds)/2]), ms(ds[len(ds)-1]), res)
	}
	searches := []string{"minister", "said AND election", `"prime minister"`, "speaker:bush", "title:iraq", "oil OR gas", "bank*",
		"kind:direct president", "date:2006-01-01..2006-12-31 war", "election NOT iraq", "credit:reuters",
		"(tax OR budget) AND parliament", "source:outlet7.example", "lang:en strike", "said"}
	if q := os.Getenv("RAPPORTEUR_SCALE_QUERY"); q != "" {
		searches = []string{q}
	}
	for _, q := range searches {
		f := rapporteur.ArticleFilter{Query: q, Limit: 20}
		run("list", q, func() (string, error) {
			p, err := db.Articles(ctx, f)
			return fmt.Sprintf("%d items", len(p.Items)), err
		})
		run("newest", q, func() (string, error) {
			nf := f
			nf.Order = rapporteur.OrderDate
			p, err := db.Articles(ctx, nf)
			return fmt.Sprintf("%d items", len(p.Items)), err
		})
		run("count", q, func() (string, error) {
			n, exact, err := db.CountArticles(ctx, f)
			return fmt.Sprintf("%d exact %v", n, exact), err
		})
		run("facets", q, func() (string, error) {
			fs, err := db.ArticleFacets(ctx, f, 8)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("sample %d complete %v", fs.Sample, fs.Complete), nil
		})
	}
	from, to := time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2013, 12, 31, 0, 0, 0, 0, time.UTC)
	if v := os.Getenv("RAPPORTEUR_SCALE_YEARS"); v != "" { // "2008" charts 2008-2009
		y, _ := strconv.Atoi(v)
		from, to = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y+1, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	for _, q := range []string{"said", "government", "president", "minister", "volcano"} {
		f := rapporteur.ArticleFilter{Query: q, From: from, To: to}
		run("days", q, func() (string, error) {
			days, exact, err := db.ArticleDays(ctx, f)
			sum := 0
			for _, d := range days {
				sum += d.Count
			}
			return fmt.Sprintf("%d days, %d articles, exact %v", len(days), sum, exact), err
		})
	}
	for _, q := range []string{"said", "government", "president", "minister", "volcano"} {
		f := rapporteur.StatementFilter{Query: q, From: from, To: to}
		run("sdays", q, func() (string, error) {
			days, exact, err := db.StatementDays(ctx, f)
			sum := 0
			for _, d := range days {
				sum += d.Count
			}
			return fmt.Sprintf("%d days, %d statements, exact %v", len(days), sum, exact), err
		})
	}
	for _, part := range []string{"list", "newest", "count", "facets", "days", "sdays"} {
		ds := all[part]
		if len(ds) == 0 {
			continue
		}
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		t.Logf("%s: p50 %.1f ms, p95 %.1f ms, max %.1f ms (%d calls)", part, ms(ds[len(ds)/2]), ms(ds[min(len(ds)-1, len(ds)*95/100)]), ms(ds[len(ds)-1]), len(ds))
	}
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}
