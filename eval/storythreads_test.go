package eval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadStoryThreads reads the committed gold and refuses links that
// point to a later article or outside the story.
func TestReadStoryThreads(t *testing.T) {
	gold, err := ReadStoryThreads("../testdata/threads/stories.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	links, stories := 0, map[string]bool{}
	for _, a := range gold {
		stories[a.Story] = true
		for _, s := range a.Statements {
			links += len(s.RespondsTo)
		}
	}
	if len(gold) != 75 || len(stories) != 12 || links != 18 {
		t.Errorf("gold: %d articles, %d stories, %d links; want 75, 12, 18", len(gold), len(stories), links)
	}
	for name, lines := range map[string]string{
		"later": `{"id":"a","story":"s","published":"2020-01-01","text":"x","statements":[{"content":{"start":0,"end":1},"act":"deny","responds_to":[{"article":"b","statement":0}]}]}
{"id":"b","story":"s","published":"2020-01-02","text":"y","statements":[{"content":{"start":0,"end":1},"act":"accuse"}]}`,
		"other story": `{"id":"a","story":"s","published":"2020-01-02","text":"x","statements":[{"content":{"start":0,"end":1},"act":"deny","responds_to":[{"article":"b","statement":0}]}]}
{"id":"b","story":"t","published":"2020-01-01","text":"y","statements":[{"content":{"start":0,"end":1},"act":"accuse"}]}`,
		"no date": `{"id":"a","story":"s","text":"x","statements":[]}`,
	} {
		path := filepath.Join(t.TempDir(), "gold.jsonl")
		if err := os.WriteFile(path, []byte(lines), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadStoryThreads(path); err == nil || strings.Contains(err.Error(), "no such file") {
			t.Errorf("%s: %v, want an error", name, err)
		}
	}
}
