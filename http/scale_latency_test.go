package http

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sort"
	"sync"
	"testing"
	"time"
)

// TestScaleWorkbench measures the workbench pages (issue 15) on a scale
// store (RAPPORTEUR_SCALE_DB, a SQLite file, or RAPPORTEUR_SCALE_PG, a
// PostgreSQL URL: see openScaleStore): the search page, which runs the
// search, its count and its facets, on the queries of bench/search.lua,
// and the attention page of a common word over the two years up to the
// newest article. Each page is read through the whole HTTP stack from a
// loopback client, one request at a time and from 4 clients at once;
// latencies are logged as percentiles. It skips without the database.
func TestScaleWorkbench(t *testing.T) {
	db := openScaleStore(t)
	srv, err := NewServer(Config{Store: db, Intake: testIntake(newPipeline(t)), Feeds: anyFeed{}, RateLimit: -1, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	ts := newLoopback(t, srv)
	searches := []string{"minister", "said AND election", `"prime minister"`, "speaker:bush", "title:iraq", "oil OR gas", "bank*",
		"kind:direct president", "date:2006-01-01..2006-12-31 war", "election NOT iraq", "credit:reuters",
		"(tax OR budget) AND parliament", "source:outlet7.example", "lang:en strike", "said"}
	var paths []string
	for _, q := range searches {
		paths = append(paths, "/search?q="+url.QueryEscape(q))
	}
	measure(t, ts, "search page (count and facets)", paths, 4)
	// The two years from the start of the busiest year: the most
	// articles to chart.
	rng := busiestYears(t, ts)
	var chart []string
	for _, q := range []string{"said", "government", "president", "minister"} {
		chart = append(chart, "/attention?q="+url.QueryEscape(q)+rng)
	}
	measure(t, ts, "attention, a common word over two years ("+rng+")", chart, 4)
	measure(t, ts, "attention, four common words compared", []string{"/attention?q=said&q=government&q=president&q=minister" + rng}, 4)
}

// busiestYears returns "&from=Y-01-01&to=Y+1-12-31" for the year with the
// most articles, read from the attention API's months.
func busiestYears(t *testing.T, base string) string {
	t.Helper()
	resp, err := http.Get(base + "/api/v1/attention?from=1990-01-01&to=" + time.Now().Format(time.DateOnly))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a struct {
		Series []struct {
			Points []struct {
				Start    string
				Articles int
			}
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil || len(a.Series) == 0 {
		t.Fatalf("attention of everything: %v", err)
	}
	years := map[string]int{}
	best := ""
	for _, p := range a.Series[0].Points {
		y := p.Start[:4]
		years[y] += p.Articles
		if best == "" || years[y] > years[best] {
			best = y
		}
	}
	var y int
	fmt.Sscan(best, &y)
	return fmt.Sprintf("&from=%d-01-01&to=%d-12-31", y, y+1)
}

// newLoopback serves h on a loopback port for the test.
func newLoopback(t *testing.T, h http.Handler) string {
	t.Helper()
	s := &http.Server{Handler: h}
	ln, err := netListen()
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve(ln)
	t.Cleanup(func() { s.Close() })
	return "http://" + ln.Addr().String()
}

// measure requests each path rounds times, after one round of warm-up,
// one at a time and then from 4 clients, and logs the percentiles.
func measure(t *testing.T, base, name string, paths []string, rounds int) {
	t.Helper()
	get := func(p string) time.Duration {
		start := time.Now()
		resp, err := http.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("%s: %d", p, resp.StatusCode)
		}
		return time.Since(start)
	}
	for _, p := range paths {
		get(p)
	}
	var seq []time.Duration
	for range rounds {
		for _, p := range paths {
			seq = append(seq, get(p))
		}
	}
	var mu sync.Mutex
	var par []time.Duration
	var wg sync.WaitGroup
	for c := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range rounds {
				for i := range paths {
					d := get(paths[(i+c+r)%len(paths)])
					mu.Lock()
					par = append(par, d)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	t.Logf("%s, one at a time: %s", name, percentiles(seq))
	t.Logf("%s, 4 clients: %s", name, percentiles(par))
}

func percentiles(ds []time.Duration) string {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	at := func(p float64) float64 {
		i := int(p*float64(len(ds))+0.5) - 1
		return float64(ds[max(0, min(i, len(ds)-1))].Microseconds()) / 1000
	}
	return fmt.Sprintf("p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (%d requests)", at(.50), at(.95), at(.99), at(1), len(ds))
}

func netListen() (net.Listener, error) { return net.Listen("tcp", "127.0.0.1:0") }
