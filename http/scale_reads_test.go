package http

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/postgres"
	"github.com/rapporteur/rapporteur/sqlite"
)

// openScaleStore opens the scale store the scale tests read: the
// PostgreSQL database RAPPORTEUR_SCALE_PG names (a postgres:// URL), or
// else the SQLite file RAPPORTEUR_SCALE_DB names; the test skips without
// either.
func openScaleStore(t *testing.T) rapporteur.Store {
	t.Helper()
	if dsn := os.Getenv("RAPPORTEUR_SCALE_PG"); dsn != "" {
		db, err := postgres.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	path := os.Getenv("RAPPORTEUR_SCALE_DB")
	if path == "" {
		t.Skip("set RAPPORTEUR_SCALE_PG to a PostgreSQL URL or RAPPORTEUR_SCALE_DB to a SQLite file holding a scale store")
	}
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestScaleReads measures what a reader waits for on a scale store (issue
// 14's targets at a million articles: searches newest first and bounded
// by dates p95 < 100 ms, the article page p95 < 50 ms), through the whole
// HTTP stack from one loopback client, one request at a time:
// searches of common and rare words newest first (the API's list, as a
// client pages through results), the same bounded to the last week, a
// month and a year, the article page of random articles, and the speaker
// page of the most quoted and of random speakers. Each path is read once
// to warm up, then RAPPORTEUR_SCALE_ROUNDS times (default 10); the machine's
// load average is logged before and after, since it is shared. It skips
// without a scale store (see openScaleStore).
func TestScaleReads(t *testing.T) {
	db := openScaleStore(t)
	srv, err := NewServer(Config{Store: db, Intake: testIntake(newPipeline(t)), Feeds: anyFeed{}, RateLimit: -1, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	ts := newLoopback(t, srv)
	rounds := 10
	if n, err := strconv.Atoi(os.Getenv("RAPPORTEUR_SCALE_ROUNDS")); err == nil && n > 0 {
		rounds = n
	}
	t.Logf("load before: %s", loadAverage())
	defer func() { t.Logf("load after: %s", loadAverage()) }()

	var newestPage struct {
		Items []struct {
			ID        int64
			Published time.Time
		}
	}
	readJSON(t, ts+"/api/v1/articles?order=ingested&limit=1", &newestPage)
	if len(newestPage.Items) == 0 {
		t.Fatal("the store has no articles")
	}
	maxID := newestPage.Items[0].ID
	readJSON(t, ts+"/api/v1/articles?order=date&limit=1", &newestPage)
	newest := newestPage.Items[0].Published.UTC()
	readJSON(t, ts+"/api/v1/articles?order=oldest&limit=1", &newestPage)
	oldest := newestPage.Items[0].Published.UTC()
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	t.Logf("articles from %s to %s, largest id %d", day(oldest), day(newest), maxID)

	common := []string{"said", "minister", "government", `"prime minister"`}
	rare := []string{"volcano", "tsunami", "earthquake", "extradition"}
	list := func(q string, extra string) string {
		return "/api/v1/articles?order=date&limit=20&q=" + url.QueryEscape(q) + extra
	}
	var commonPaths, rarePaths, week, month, year, relevance []string
	lastWeek := "&from=" + day(newest.AddDate(0, 0, -6)) + "&to=" + day(newest)
	// A month and a year in the middle of the archive, where a date-bounded
	// search skips the most newer articles.
	mid := oldest.Add(newest.Sub(oldest) / 2)
	oneMonth := "&from=" + day(mid.AddDate(0, 0, 1-mid.Day())) + "&to=" + day(mid.AddDate(0, 1, -mid.Day()))
	oneYear := fmt.Sprintf("&from=%d-01-01&to=%d-12-31", mid.Year(), mid.Year())
	for _, q := range common {
		commonPaths = append(commonPaths, list(q, ""))
	}
	for _, q := range rare {
		rarePaths = append(rarePaths, list(q, ""))
	}
	for _, q := range append(append([]string{}, common...), rare...) {
		week = append(week, list(q, lastWeek))
		month = append(month, list(q, oneMonth))
		year = append(year, list(q, oneYear))
		relevance = append(relevance, "/api/v1/articles?limit=20&q="+url.QueryEscape(q)+oneYear)
	}
	rnd := rand.New(rand.NewPCG(14, 1))
	var articles []string
	for range 100 {
		articles = append(articles, "/articles/"+strconv.FormatInt(1+rnd.Int64N(maxID), 10))
	}
	var speakers []string
	var top struct{ Items []struct{ ID int64 } }
	readJSON(t, ts+"/api/v1/speakers?limit=10", &top)
	for _, s := range top.Items {
		speakers = append(speakers, "/speakers/"+strconv.FormatInt(s.ID, 10))
	}
	var stats struct{ Speakers int64 }
	readJSON(t, ts+"/api/v1/stats", &stats)
	for range 10 {
		if stats.Speakers > 0 {
			speakers = append(speakers, "/speakers/"+strconv.FormatInt(1+rnd.Int64N(stats.Speakers), 10))
		}
	}
	for _, g := range []struct {
		name   string
		paths  []string
		target time.Duration
		rounds int
	}{
		{"newest first, common words (said, minister, government, \"prime minister\")", commonPaths, 100 * time.Millisecond, rounds},
		{"newest first, rare words (volcano, tsunami, earthquake, extradition)", rarePaths, 100 * time.Millisecond, rounds},
		{"newest first, the last 7 days (" + lastWeek + "), the 8 words", week, 100 * time.Millisecond, rounds},
		{"newest first, one month (" + oneMonth + "), the 8 words", month, 100 * time.Millisecond, rounds},
		{"newest first, one year (" + oneYear + "), the 8 words", year, 100 * time.Millisecond, rounds},
		{"relevance (default order), one year, the 8 words", relevance, 0, rounds},
		{"article page, 100 random articles", articles, 50 * time.Millisecond, max(1, rounds/5)},
		{"speaker page, the 10 most quoted and 10 random speakers", speakers, 0, max(1, rounds/2)},
	} {
		ds := readEach(t, ts, g.paths, g.rounds)
		line := g.name + ": " + percentiles(ds)
		if g.target > 0 {
			line += fmt.Sprintf(" (target p95 < %v)", g.target)
		}
		t.Log(line)
	}
}

// readEach reads every path once to warm up, then rounds more times, one
// request at a time, and returns the latencies of the measured reads.
func readEach(t *testing.T, base string, paths []string, rounds int) []time.Duration {
	t.Helper()
	get := func(p string) time.Duration {
		start := time.Now()
		resp, err := http.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 && resp.StatusCode != 404 {
			t.Errorf("%s: %d", p, resp.StatusCode)
		}
		return time.Since(start)
	}
	for _, p := range paths {
		get(p)
	}
	var ds []time.Duration
	for range rounds {
		for _, p := range paths {
			ds = append(ds, get(p))
		}
	}
	return ds
}

func readJSON(t *testing.T, u string, v any) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("%s: %d %s", u, resp.StatusCode, b)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("%s: %v", u, err)
	}
}

// loadAverage is the machine's load average (1, 5, 15 minutes), or "?"
// where /proc is not.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
