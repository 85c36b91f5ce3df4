// Package events builds the hand-grouped Wikinews event set from its
// annotation (testdata/stories/wikinews-events-groups.txt) and the shared
// Wikinews corpora: the link input and the gold story of every article.
package events

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

// Article is one input line of `rapporteur link --jsonl`.
type Article struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Text      string `json:"text"`
	Published string `json:"published"`
}

// Label is one gold line.
type Label struct {
	ID    string `json:"id"`
	Story string `json:"story"`
}

// Build reads the annotation and the corpora: every article of the
// wikinews-2019-2020 file (alone unless the annotation groups it) and the
// wikinews-tosca articles the annotation lists. Articles come in date
// order, then by ID.
func Build(groupsPath, recentPath, toscaPath string) ([]Article, []Label, error) {
	groups, err := readGroups(groupsPath)
	if err != nil {
		return nil, nil, err
	}
	recent, err := readCorpus(recentPath)
	if err != nil {
		return nil, nil, err
	}
	tosca, err := readCorpus(toscaPath)
	if err != nil {
		return nil, nil, err
	}
	var arts []Article
	used := map[string]bool{}
	for _, a := range recent {
		arts = append(arts, a)
		used[a.ID] = true
	}
	for _, a := range tosca {
		if _, ok := groups[a.ID]; ok && !used[a.ID] {
			arts = append(arts, a)
			used[a.ID] = true
		}
	}
	for id := range groups {
		if !used[id] {
			return nil, nil, fmt.Errorf("%s: %s is in no corpus", groupsPath, id)
		}
	}
	sort.SliceStable(arts, func(i, j int) bool {
		if arts[i].Published != arts[j].Published {
			return arts[i].Published < arts[j].Published
		}
		return arts[i].ID < arts[j].ID
	})
	labels := make([]Label, len(arts))
	for i, a := range arts {
		st, ok := groups[a.ID]
		if !ok {
			st = a.ID
		}
		labels[i] = Label{ID: a.ID, Story: st}
	}
	return arts, labels, nil
}

// readGroups reads "label | id id …" lines into id → label.
func readGroups(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read groups: %w", err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		label, ids, ok := strings.Cut(line, "|")
		if !ok {
			return nil, fmt.Errorf("%s:%d: no \"|\"", path, n)
		}
		label = strings.TrimSpace(label)
		for _, id := range strings.Fields(ids) {
			if prev, dup := out[id]; dup {
				return nil, fmt.Errorf("%s:%d: %s is in %s already", path, n, id, prev)
			}
			out[id] = label
		}
	}
	return out, sc.Err()
}

func readCorpus(path string) ([]Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read corpus: %w", err)
	}
	defer f.Close()
	var out []Article
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for n := 1; sc.Scan(); n++ {
		var r struct {
			ID, Title, Date, Text string
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, n, err)
		}
		out = append(out, Article{ID: r.ID, Title: r.Title, Text: r.Text, Published: r.Date})
	}
	return out, sc.Err()
}

// Storylines reads the storyline annotation ("label | members", each an
// event label of the event annotation or the ID of an article that is an
// event alone) and returns the gold storyline of every article of
// labels: the storyline its event is in, or its event alone.
func Storylines(path string, labels []Label) ([]Label, error) {
	lines, err := readGroups(path)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, l := range labels {
		known[l.Story], known[l.ID] = true, true
	}
	for m := range lines {
		if !known[m] {
			return nil, fmt.Errorf("%s: %s is no event or article of the set", path, m)
		}
	}
	out := make([]Label, len(labels))
	for i, l := range labels {
		out[i] = l
		if s, ok := lines[l.Story]; ok {
			out[i].Story = s
		} else if s, ok := lines[l.ID]; ok {
			out[i].Story = s
		}
	}
	return out, nil
}
