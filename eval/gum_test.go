package eval

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/rapporteur/rapporteur"
)

func TestLocateQuotes(t *testing.T) {
	text := "He said \"that’s fine\" and \"ok\".\n\nLater: \"ok\" again, 'ok'."
	tests := []struct {
		name   string
		quotes []string
		want   []string // "" for not found
	}{
		// GUM joins tokens with spaces ("that ’s"); the text does not.
		{"token spacing ignored", []string{"\"that ’s fine\""}, []string{"\"that’s fine\""}},
		{"repeated strings found in order", []string{"\"ok\"", "\"ok\"", "'ok'"}, []string{"\"ok\"", "\"ok\"", "'ok'"}},
		{"a missing quote does not move the search", []string{"\"absent\"", "\"ok\""}, []string{"", "\"ok\""}},
		{"empty quote", []string{""}, []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := doc([]rune(text))
			got := locateQuotes(d, tt.quotes)
			for i, g := range got {
				s := ""
				if g.start >= 0 {
					s = string(d[g.start:g.end])
				}
				if s != tt.want[i] {
					t.Errorf("quote %d located as %q, want %q", i, s, tt.want[i])
				}
			}
			if tt.name == "repeated strings found in order" && (got[0] == got[1] || got[1].start < got[0].end) {
				t.Errorf("repeats located at %v: want successive occurrences", got)
			}
		})
	}
}

func TestScoreGUM(t *testing.T) {
	text := "Headline\n\nThe coach said \"we will win\" and called it \"easy\". Fans agreed the team was strong."
	path := filepath.Join(t.TempDir(), "gum.jsonl")
	line := `{"id":"g1","title":"Headline","text":` + string(must(json.Marshal(text))) + `,"quotes":["\" we will win \"","\"easy\"","\"missing\""]}` + "\n"
	if err := os.WriteFile(path, []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	docs, err := ReadGUM(path)
	if err != nil {
		t.Fatal(err)
	}
	stmts := map[string][]rapporteur.Statement{"g1": {
		{Kind: rapporteur.Direct, Content: find(t, text, "we will win", 0)},
		{Kind: rapporteur.Indirect, Content: find(t, text, "the team was strong", 0)},
	}}
	res, err := ScoreGUM(context.Background(), docs, fixed(stmts))
	if err != nil {
		t.Fatal(err)
	}
	s := res.Scores[0]
	if res.Quotes != 3 || res.Unlocated != 1 || s.Recall != 1.0/3 || s.Precision != 1.0/2 {
		t.Errorf("got %+v, scores %+v; want 3 quotes, 1 unlocated, R 1/3, P 1/2", res, s)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
