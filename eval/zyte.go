// Package eval scores rapporteur against the gold formats in ../shared.
package eval

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
)

// ZytePage is the score of one page of the Zyte article-extraction
// benchmark. TP, FP and FN count 4-token shingles, normalised so that they
// sum to 1 (long pages weigh no more than short ones), as evaluate.py does.
type ZytePage struct {
	ID string  `json:"id"`
	TP float64 `json:"tp"`
	FP float64 `json:"fp"`
	FN float64 `json:"fn"`
	// Precision and Recall are this page's scores; Precision is meaningful
	// only when the prediction had tokens (TP+FP > 0).
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	// Exact is true when the predicted body has exactly the gold token
	// sequence.
	Exact bool `json:"exact"`
	// Err is the extractor's error for this page; the page then counts as
	// an empty prediction.
	Err string `json:"error,omitempty"`
}

// ZyteResult is the benchmark score of one extractor.
type ZyteResult struct {
	Pages int `json:"pages"`
	// Precision is the mean page precision over the pages with a non-empty
	// prediction; Recall the mean page recall over the pages with a
	// non-empty gold body; F1 the harmonic mean of those two means (not a
	// mean of page F1s). Accuracy is the share of pages whose predicted
	// token sequence equals the gold one.
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Accuracy  float64 `json:"accuracy"`
	// Errors counts the pages the extractor failed on.
	Errors int `json:"errors"`
	// ExtractTime is the sum of the time spent inside the extract function
	// over all pages (zero when re-scoring a file): comparable between
	// extractors run on the same machine, whatever the parallelism.
	ExtractTime time.Duration `json:"extract_time_ns"`
	PerPage     []ZytePage    `json:"per_page"`
}

// ZyteExtractFunc extracts the article body from one benchmark page: id is
// the page's file name without ".html.gz", page the decompressed HTML and
// url the page's address from ground-truth.json.
type ZyteExtractFunc func(id string, page []byte, url string) (string, error)

type zyteGold struct {
	ArticleBody string `json:"articleBody"`
	URL         string `json:"url"`
}

// LoadZyteTruth reads dir/ground-truth.json of the Zyte benchmark
// (github.com/scrapinghub/article-extraction-benchmark) and returns the gold
// bodies and the page URLs by page id.
func LoadZyteTruth(dir string) (bodies, urls map[string]string, err error) {
	b, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return nil, nil, fmt.Errorf("zyte benchmark: %w", err)
	}
	var gold map[string]zyteGold
	if err := json.Unmarshal(b, &gold); err != nil {
		return nil, nil, fmt.Errorf("zyte benchmark: ground-truth.json: %w", err)
	}
	bodies = make(map[string]string, len(gold))
	urls = make(map[string]string, len(gold))
	for id, g := range gold {
		bodies[id] = g.ArticleBody
		urls[id] = g.URL
	}
	return bodies, urls, nil
}

// Zyte runs extract over every page of the Zyte article-extraction
// benchmark in dir (html/<id>.html.gz and ground-truth.json, as in
// ../shared/data/article-extraction-benchmark) on GOMAXPROCS workers and
// scores the bodies with the benchmark's own metric (see ScoreZyte). A page
// the extractor fails on scores as an empty prediction and is counted in
// Errors; only unreadable benchmark files make Zyte fail.
func Zyte(dir string, extract ZyteExtractFunc) (ZyteResult, error) {
	gold, urls, err := LoadZyteTruth(dir)
	if err != nil {
		return ZyteResult{}, err
	}
	ids := sortedKeys(gold)
	pred := make(map[string]string, len(ids))
	errs := make(map[string]string)
	var (
		mu      sync.Mutex
		total   time.Duration
		readErr error
		wg      sync.WaitGroup
	)
	jobs := make(chan string)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range jobs {
				page, err := readGzip(filepath.Join(dir, "html", id+".html.gz"))
				if err != nil {
					mu.Lock()
					if readErr == nil {
						readErr = err
					}
					mu.Unlock()
					continue
				}
				start := time.Now()
				body, err := extract(id, page, urls[id])
				took := time.Since(start)
				mu.Lock()
				total += took
				pred[id] = body
				if err != nil {
					errs[id] = err.Error()
				}
				mu.Unlock()
			}
		}()
	}
	for _, id := range ids {
		jobs <- id
	}
	close(jobs)
	wg.Wait()
	if readErr != nil {
		return ZyteResult{}, fmt.Errorf("zyte benchmark: %w", readErr)
	}
	res, err := ScoreZyte(gold, pred)
	if err != nil {
		return res, err
	}
	for i := range res.PerPage {
		if e, ok := errs[res.PerPage[i].ID]; ok {
			res.PerPage[i].Err = e
			res.Errors++
		}
	}
	res.ExtractTime = total
	return res, nil
}

// ScoreZyteFile scores a prediction file in the format the benchmark
// publishes: {"<id>": {"articleBody": …}} or {"version": …, "output":
// {"<id>": {"articleBody": …}}}, against dir/ground-truth.json. Re-scoring
// the benchmark's published outputs checks this metric against the
// published table.
func ScoreZyteFile(dir, predJSON string) (ZyteResult, error) {
	gold, _, err := LoadZyteTruth(dir)
	if err != nil {
		return ZyteResult{}, err
	}
	b, err := os.ReadFile(predJSON)
	if err != nil {
		return ZyteResult{}, fmt.Errorf("zyte predictions: %w", err)
	}
	var wrapped struct {
		Output map[string]zyteGold `json:"output"`
	}
	if err := json.Unmarshal(b, &wrapped); err != nil {
		return ZyteResult{}, fmt.Errorf("zyte predictions %s: %w", predJSON, err)
	}
	out := wrapped.Output
	if out == nil {
		if err := json.Unmarshal(b, &out); err != nil {
			return ZyteResult{}, fmt.Errorf("zyte predictions %s: %w", predJSON, err)
		}
	}
	pred := make(map[string]string, len(out))
	for id, p := range out {
		pred[id] = p.ArticleBody
	}
	return ScoreZyte(gold, pred)
}

// ScoreZyte scores predicted bodies against gold bodies (both by page id)
// with the metric of the benchmark's evaluate.py: tokens are runs of
// Unicode word characters (Python's \w+: letters, numbers, underscore);
// each text becomes a multiset of 4-token shingles (a text of fewer than
// four tokens is one shingle); per page TP/FP/FN are the multiset
// intersection and differences, normalised to sum 1. Precision is averaged
// over pages with a non-empty prediction, recall over pages with a
// non-empty gold body, and F1 is the harmonic mean of the two averages.
// Like evaluate.py, it refuses predictions whose page ids differ from the
// gold ones.
func ScoreZyte(gold, pred map[string]string) (ZyteResult, error) {
	if len(gold) != len(pred) {
		return ZyteResult{}, fmt.Errorf("zyte predictions: %d pages, gold has %d", len(pred), len(gold))
	}
	for id := range gold {
		if _, ok := pred[id]; !ok {
			return ZyteResult{}, fmt.Errorf("zyte predictions: page %s missing", id)
		}
	}
	res := ZyteResult{Pages: len(gold)}
	var psum, rsum, exact float64
	var pn, rn int
	for _, id := range sortedKeys(gold) {
		pg := scoreZytePage(gold[id], pred[id])
		pg.ID = id
		if pg.TP+pg.FP > 0 {
			psum += pg.Precision
			pn++
		}
		if pg.TP+pg.FN > 0 {
			rsum += pg.Recall
			rn++
		}
		if pg.Exact {
			exact++
		}
		res.PerPage = append(res.PerPage, pg)
	}
	if pn > 0 {
		res.Precision = psum / float64(pn)
	}
	if rn > 0 {
		res.Recall = rsum / float64(rn)
	}
	if res.Precision+res.Recall > 0 {
		res.F1 = 2 * res.Precision * res.Recall / (res.Precision + res.Recall)
	}
	if res.Pages > 0 {
		res.Accuracy = exact / float64(res.Pages)
	}
	return res, nil
}

func scoreZytePage(gold, pred string) ZytePage {
	gt, pt := zyteTokens(gold), zyteTokens(pred)
	gs, ps := zyteShingles(gt), zyteShingles(pt)
	var tp, fp, fn float64
	for k, g := range gs {
		p := ps[k]
		tp += float64(min(g, p))
		fn += float64(max(0, g-p))
	}
	for k, p := range ps {
		fp += float64(max(0, p-gs[k]))
	}
	if s := tp + fp + fn; s > 0 {
		tp, fp, fn = tp/s, fp/s, fn/s
	}
	pg := ZytePage{TP: tp, FP: fp, FN: fn, Exact: equalTokens(gt, pt)}
	pg.Precision = ratioScore(tp, fp, fn)
	pg.Recall = ratioScore(tp, fn, fp)
	return pg
}

// ratioScore is evaluate.py's precision_score (a, b = fp) and
// recall_score (b = fn): perfect when there is no error at all, zero when
// nothing of the side measured exists.
func ratioScore(tp, miss, other float64) float64 {
	switch {
	case miss == 0 && other == 0:
		return 1
	case tp == 0 && miss == 0:
		return 0
	}
	return tp / (tp + miss)
}

// isZyteWord reports whether r is a word character for Python's \w in a
// str pattern: alphanumeric in the Unicode database, or the underscore.
// Combining marks are not word characters there, so they are not here.
func isZyteWord(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)
}

func zyteTokens(s string) []string {
	var toks []string
	start := -1
	for i, r := range s {
		if isZyteWord(r) {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			toks = append(toks, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		toks = append(toks, s[start:])
	}
	return toks
}

// zyteShingles counts the 4-token shingles of toks, keyed by the tokens
// joined with a NUL (which no token contains).
func zyteShingles(toks []string) map[string]int {
	const n = 4
	m := make(map[string]int)
	if len(toks) == 0 {
		return m
	}
	for i := 0; i < max(1, len(toks)-n+1); i++ {
		m[strings.Join(toks[i:min(i+n, len(toks))], "\x00")]++
	}
	return m
}

func equalTokens(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func readGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}

func sortedKeys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
