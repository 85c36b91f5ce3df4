package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
)

// StoryLabel is one line of a story gold or prediction file: the story an
// article belongs to and, optionally, the article it is a copy of.
type StoryLabel struct {
	ID          string  `json:"id"`
	Story       string  `json:"story"`
	DuplicateOf *string `json:"duplicate_of"`
	// HasDup is set when the line carries a duplicate_of key, even null.
	HasDup bool `json:"-"`
}

// ReadStoryLabels reads JSON Lines {"id", "story", "duplicate_of"?}. IDs may
// be JSON strings or numbers. A repeated ID is an error, as is a line
// without an id.
func ReadStoryLabels(path string) ([]StoryLabel, error) {
	ls, _, err := readLabels(path, "story")
	return ls, err
}

// ReadStorylineLabels reads predictions as ReadStoryLabels does, taking
// each line's "storyline" for its story: `rapporteur link` prints both
// levels, and a storyline gold is scored against the upper one.
func ReadStorylineLabels(path string) ([]StoryLabel, error) {
	ls, _, err := readLabels(path, "storyline")
	return ls, err
}

// ReadGold reads a gold file of either level: lines {"id", "story"}, or
// {"id", "storyline"} for a storyline gold (storylines is then true, and
// the labels' Story holds the storyline).
func ReadGold(path string) (labels []StoryLabel, storylines bool, err error) {
	ls, n, err := readLabels(path, "story")
	if err != nil || n > 0 || len(ls) == 0 {
		return ls, false, err
	}
	ls, n, err = readLabels(path, "storyline")
	return ls, n > 0, err
}

// readLabels reads labels taking key for the story; n counts the lines
// that have key.
func readLabels(path, key string) (_ []StoryLabel, n int, _ error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, fmt.Errorf("read story labels: %w", err)
	}
	defer f.Close()
	var out []StoryLabel
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 64<<20)
	for line := 1; sc.Scan(); line++ {
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(b, &raw); err != nil {
			return nil, 0, fmt.Errorf("%s:%d: not a JSON object: %v", path, line, err)
		}
		if _, ok := raw[key]; ok {
			n++
		}
		l := StoryLabel{ID: rawString(raw["id"]), Story: rawString(raw[key])}
		if l.ID == "" {
			return nil, 0, fmt.Errorf("%s:%d: no \"id\"", path, line)
		}
		if seen[l.ID] {
			return nil, 0, fmt.Errorf("%s:%d: id %q repeated", path, line, l.ID)
		}
		seen[l.ID] = true
		if d, ok := raw["duplicate_of"]; ok {
			l.HasDup = true
			if s := rawString(d); s != "" {
				l.DuplicateOf = &s
			}
		}
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		return nil, 0, fmt.Errorf("read %s: %w", path, err)
	}
	return out, n, nil
}

// rawString reads a JSON string or number as a string; null is "".
func rawString(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// ClusterScore compares a clustering with gold clusters over the gold
// items.
type ClusterScore struct {
	Items        int `json:"items"`
	GoldClusters int `json:"gold_clusters"`
	PredClusters int `json:"pred_clusters"`
	// GoldPairs and PredPairs count the item pairs in one cluster; the
	// pairwise scores are over them (Manning et al., IR book §16.3).
	GoldPairs int `json:"gold_pairs"`
	PredPairs int `json:"pred_pairs"`
	Pairwise  PRF `json:"pairwise"`
	BCubed    PRF `json:"bcubed"`
	Missing   int `json:"missing"` // gold items without a prediction, scored as singletons
	Extra     int `json:"extra"`   // predicted items not in the gold, ignored
}

// ScoreClusters scores pred against gold, both maps from item to cluster
// label. Only gold items count: a predicted item absent from the gold is
// ignored, a gold item absent from the prediction is its own cluster.
// Pairwise precision is the share of predicted same-cluster pairs that
// are gold pairs, recall the reverse; BCubed (Bagga and Baldwin 1998)
// averages, per item, the share of its predicted cluster in its gold
// cluster (precision) and the reverse (recall).
func ScoreClusters(gold, pred map[string]string) ClusterScore {
	var s ClusterScore
	items := make([]string, 0, len(gold))
	for id := range gold {
		items = append(items, id)
	}
	sort.Strings(items)
	for id := range pred {
		if _, ok := gold[id]; !ok {
			s.Extra++
		}
	}
	p := make(map[string]string, len(items))
	for _, id := range items {
		l, ok := pred[id]
		if !ok {
			s.Missing++
			l = "\x00missing\x00" + id
		}
		p[id] = "\x01" + l
	}
	type cell struct{ g, p string }
	cells := map[cell]int{}
	gsize := map[string]int{}
	psize := map[string]int{}
	for _, id := range items {
		cells[cell{gold[id], p[id]}]++
		gsize[gold[id]]++
		psize[p[id]]++
	}
	pairs := func(n int) int { return n * (n - 1) / 2 }
	tp := 0
	for _, n := range cells {
		tp += pairs(n)
	}
	for _, n := range gsize {
		s.GoldPairs += pairs(n)
	}
	for _, n := range psize {
		s.PredPairs += pairs(n)
	}
	s.Items, s.GoldClusters, s.PredClusters = len(items), len(gsize), len(psize)
	s.Pairwise = PRF{Gold: s.GoldPairs, Pred: s.PredPairs, Matched: float64(tp), MatchedPred: float64(tp)}
	s.Pairwise.finish()
	var bp, br float64
	for _, id := range items {
		n := float64(cells[cell{gold[id], p[id]}])
		bp += n / float64(psize[p[id]])
		br += n / float64(gsize[gold[id]])
	}
	s.BCubed = PRF{Gold: len(items), Pred: len(items), Matched: br, MatchedPred: bp}
	s.BCubed.finish()
	return s
}

// DuplicateGroups turns duplicate_of links into cluster labels: the
// articles linked by them, directly or through others, share a label.
func DuplicateGroups(ls []StoryLabel) map[string]string {
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		p, ok := parent[x]
		if !ok || p == x {
			parent[x] = x
			return x
		}
		r := find(p)
		parent[x] = r
		return r
	}
	for _, l := range ls {
		find(l.ID)
		if l.DuplicateOf != nil {
			a, b := find(l.ID), find(*l.DuplicateOf)
			if a != b {
				// The smaller label wins so the result is deterministic.
				if b < a {
					a, b = b, a
				}
				parent[b] = a
			}
		}
	}
	out := make(map[string]string, len(ls))
	for _, l := range ls {
		out[l.ID] = find(l.ID)
	}
	return out
}

// StoryResult is what `rapporteur eval stories` reports.
type StoryResult struct {
	Stories *ClusterScore `json:"stories,omitempty"`
	// Duplicates scores the duplicate_of groups, when the gold has them.
	Duplicates *ClusterScore `json:"duplicates,omitempty"`
}

// ScoreStories scores predicted stories (and duplicate_of links, when the
// gold carries duplicate_of) against gold labels. Gold lines without a
// story are left out of the story score.
func ScoreStories(gold, pred []StoryLabel) StoryResult {
	var res StoryResult
	gs, ps := map[string]string{}, map[string]string{}
	for _, l := range gold {
		if l.Story != "" {
			gs[l.ID] = l.Story
		}
	}
	for _, l := range pred {
		if l.Story != "" {
			ps[l.ID] = l.Story
		}
	}
	if len(gs) > 0 {
		s := ScoreClusters(gs, ps)
		res.Stories = &s
	}
	hasDup := false
	for _, l := range gold {
		hasDup = hasDup || l.HasDup
	}
	if hasDup {
		s := ScoreClusters(DuplicateGroups(gold), DuplicateGroups(pred))
		res.Duplicates = &s
	}
	return res
}
