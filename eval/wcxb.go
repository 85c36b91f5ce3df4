package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// WCXBTypes are the page types of the WCXB benchmark, in the order its
// evaluate.py prints them.
var WCXBTypes = []string{"article", "forum", "product", "collection", "listing", "documentation", "service"}

// WCXBGold is one page of a WCXB split: gold.jsonl as in
// ../shared/data/wcxb-dev, the page itself in html/<id>.html.gz.
type WCXBGold struct {
	ID       string `json:"id"`
	PageType string `json:"page_type"`
	Domain   string `json:"domain"`
	URL      string `json:"url"`
	Text     string `json:"text"`
}

// WCXBExtractFunc extracts the main text of one page; pageType is the type
// the extractor told ("" when it tells none), compared with the gold type.
type WCXBExtractFunc func(id string, page []byte, url string) (text, pageType string, err error)

// WCXBPage is the score of one page.
type WCXBPage struct {
	ID        string  `json:"id"`
	PageType  string  `json:"page_type"`
	Told      string  `json:"told,omitempty"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Err       string  `json:"error,omitempty"`
}

// WCXBScore is the mean of page scores over a set of pages, as the
// benchmark's evaluate.py averages them, with the pages under F1 0.5.
type WCXBScore struct {
	Pages     int     `json:"pages"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Below05   int     `json:"below_0_5"`
}

// WCXBResult is one extractor's score on a WCXB split.
type WCXBResult struct {
	All    WCXBScore            `json:"all"`
	ByType map[string]WCXBScore `json:"by_type"`
	// TypeAccuracy is the share of pages whose told type equals the gold
	// one (0 when the extractor tells none).
	TypeAccuracy float64 `json:"type_accuracy"`
	Errors       int     `json:"errors"`
	// ExtractTime sums the time inside the extract function.
	ExtractTime time.Duration `json:"extract_time_ns"`
	PerPage     []WCXBPage    `json:"per_page"`
}

// ReadWCXB reads dir/gold.jsonl.
func ReadWCXB(dir string) ([]WCXBGold, error) {
	f, err := os.Open(filepath.Join(dir, "gold.jsonl"))
	if err != nil {
		return nil, fmt.Errorf("wcxb: %w", err)
	}
	defer f.Close()
	var pages []WCXBGold
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var g WCXBGold
		if err := json.Unmarshal(sc.Bytes(), &g); err != nil {
			return nil, fmt.Errorf("wcxb: gold.jsonl line %d: %w", line, err)
		}
		if g.ID == "" {
			return nil, fmt.Errorf("wcxb: gold.jsonl line %d: no id", line)
		}
		pages = append(pages, g)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("wcxb: gold.jsonl: %w", err)
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("wcxb: gold.jsonl holds no page")
	}
	return pages, nil
}

// WCXB runs extract over every page of gold (html/<id>.html.gz under dir)
// on GOMAXPROCS workers and scores it with the benchmark's metric (see
// ScoreWCXBPage). A page the extractor fails on scores as an empty
// prediction and counts in Errors; only unreadable benchmark files make
// WCXB fail.
func WCXB(dir string, gold []WCXBGold, extract WCXBExtractFunc) (WCXBResult, error) {
	res := WCXBResult{PerPage: make([]WCXBPage, len(gold))}
	var (
		mu      sync.Mutex
		readErr error
		wg      sync.WaitGroup
	)
	jobs := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				g := gold[i]
				page, err := readGzip(filepath.Join(dir, "html", g.ID+".html.gz"))
				if err != nil {
					mu.Lock()
					readErr = err
					mu.Unlock()
					continue
				}
				start := time.Now()
				text, told, err := extract(g.ID, page, g.URL)
				took := time.Since(start)
				pg := WCXBPage{ID: g.ID, PageType: g.PageType, Told: told}
				pg.Precision, pg.Recall, pg.F1 = ScoreWCXBPage(text, g.Text)
				if err != nil {
					pg.Err = err.Error()
				}
				mu.Lock()
				res.ExtractTime += took
				res.PerPage[i] = pg
				mu.Unlock()
			}
		}()
	}
	for i := range gold {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if readErr != nil {
		return WCXBResult{}, fmt.Errorf("wcxb: %w", readErr)
	}
	res.summarise()
	return res, nil
}

func (res *WCXBResult) summarise() {
	byType := map[string][]WCXBPage{}
	told := 0
	for _, pg := range res.PerPage {
		byType[pg.PageType] = append(byType[pg.PageType], pg)
		if pg.Err != "" {
			res.Errors++
		}
		if pg.Told != "" && pg.Told == pg.PageType {
			told++
		}
	}
	res.All = meanScore(res.PerPage)
	res.ByType = map[string]WCXBScore{}
	for t, pages := range byType {
		res.ByType[t] = meanScore(pages)
	}
	if len(res.PerPage) > 0 {
		res.TypeAccuracy = float64(told) / float64(len(res.PerPage))
	}
}

func meanScore(pages []WCXBPage) WCXBScore {
	s := WCXBScore{Pages: len(pages)}
	for _, pg := range pages {
		s.Precision += pg.Precision
		s.Recall += pg.Recall
		s.F1 += pg.F1
		if pg.F1 < 0.5 {
			s.Below05++
		}
	}
	if n := float64(len(pages)); n > 0 {
		s.Precision /= n
		s.Recall /= n
		s.F1 /= n
	}
	return s
}

// ScoreWCXBPage is the word F1 of the benchmark's evaluate.py: lower-cased
// \w+ tokens of the prediction and the gold text as bags of words;
// precision is the shared count over the predicted tokens, recall over the
// gold tokens. An empty gold text scores 1 against an empty prediction and
// 0 against any other; an empty prediction scores 0.
func ScoreWCXBPage(pred, gold string) (p, r, f1 float64) {
	pt, gt := zyteTokens(strings.ToLower(pred)), zyteTokens(strings.ToLower(gold))
	if len(gt) == 0 {
		if len(pt) == 0 {
			return 1, 1, 1
		}
		return 0, 0, 0
	}
	if len(pt) == 0 {
		return 0, 0, 0
	}
	bag := make(map[string]int, len(gt))
	for _, t := range gt {
		bag[t]++
	}
	overlap := 0
	for _, t := range pt {
		if bag[t] > 0 {
			bag[t]--
			overlap++
		}
	}
	p = float64(overlap) / float64(len(pt))
	r = float64(overlap) / float64(len(gt))
	if p+r > 0 {
		f1 = 2 * p * r / (p + r)
	}
	return p, r, f1
}

// SortedTypes returns the page types of res in WCXBTypes order, then any
// others alphabetically.
func (res WCXBResult) SortedTypes() []string {
	var out, rest []string
	known := map[string]bool{}
	for _, t := range WCXBTypes {
		known[t] = true
		if _, ok := res.ByType[t]; ok {
			out = append(out, t)
		}
	}
	for t := range res.ByType {
		if !known[t] {
			rest = append(rest, t)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}
