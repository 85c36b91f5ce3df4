package eval

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseBrat(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []BratSpan
		err  string
	}{
		{
			name: "continuous",
			in:   "T1\tSource 0 9\tthe mayor\n",
			want: []BratSpan{{ID: "T1", Label: "Source", Start: 0, End: 9, Pieces: 1, Parts: [][2]int{{0, 9}}, Text: "the mayor"}},
		},
		{
			name: "discontinuous fragments out of text order",
			in:   "T3\tContent 50 60;10 20\tb a\n",
			want: []BratSpan{{ID: "T3", Label: "Content", Start: 10, End: 60, Pieces: 2, Parts: [][2]int{{50, 60}, {10, 20}}, Text: "b a"}},
		},
		{
			name: "other lines skipped, CRLF accepted",
			in:   "E1\tAttribution:T4 Source:T1\r\nT2\tCue 3 7\tsaid\r\nA1\tNegated E1\r\n#1\tAnnotatorNotes T2\tnote\r\n\r\n",
			want: []BratSpan{{ID: "T2", Label: "Cue", Start: 3, End: 7, Pieces: 1, Parts: [][2]int{{3, 7}}, Text: "said"}},
		},
		{name: "empty file", in: "", want: nil},
		{
			name: "covered text continued on the next line",
			in:   "T1\tContent 0 3;5 9\tab\nThe rest\nT2\tCue 3 4\tx\n",
			want: []BratSpan{{ID: "T1", Label: "Content", Start: 0, End: 9, Pieces: 2, Parts: [][2]int{{0, 3}, {5, 9}}, Text: "ab"}, {ID: "T2", Label: "Cue", Start: 3, End: 4, Pieces: 1, Parts: [][2]int{{3, 4}}, Text: "x"}},
		},
		{name: "no tab", in: "T1 Source 0 3 abc\n", err: "line 1: text-bound annotation"},
		{name: "no offsets", in: "T1\tSource\tabc\n", err: "line 1: annotation T1"},
		{name: "end before start", in: "E1\tx\nT1\tCue 7 3\tx\n", err: "line 2: annotation T1: bad offsets"},
		{name: "negative", in: "T1\tCue -1 3\tx\n", err: "bad offsets"},
		{name: "not a number", in: "T1\tCue 1 x\tx\n", err: "bad offsets"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseBrat(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error = %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseBratEvents(t *testing.T) {
	in := "T1\tCue 0 4\tsaid\nE1\tAttribution:T4 Source:T1 Cue:T2\r\nE2\tAttribution-no-source:T9 Content:T3 bad :T5\nEx\n"
	want := []BratEvent{
		{ID: "E1", Args: []BratArg{{"Attribution", "T4"}, {"Source", "T1"}, {"Cue", "T2"}}},
		{ID: "E2", Args: []BratArg{{"Attribution-no-source", "T9"}, {"Content", "T3"}}},
	}
	if got := ParseBratEvents(in); !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func FuzzBrat(f *testing.F) {
	seed, err := os.ReadFile(filepath.Join("testdata", "brat", "attributions", "bridge_0a1b.ann"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(seed))
	f.Add("T1\tContent 5 9;1 2;30 31\tx\n")
	f.Add("T1\tCue 3 7\n")
	f.Add("T\t \t\n;")
	f.Add("T1\tSource 0 99999999999999999999\tx")
	f.Fuzz(func(t *testing.T, in string) {
		for _, e := range ParseBratEvents(in) {
			for _, a := range e.Args {
				if a.Role == "" || a.ID == "" {
					t.Fatalf("ParseBratEvents(%q) gave an empty argument in %+v", in, e)
				}
			}
		}
		spans, err := ParseBrat(in)
		if err != nil {
			return
		}
		for _, s := range spans {
			if s.Start < 0 || s.End < s.Start || s.Pieces < 1 || s.Label == "" {
				t.Fatalf("ParseBrat(%q) gave an impossible span %+v", in, s)
			}
		}
	})
}

func TestReadBrat(t *testing.T) {
	for _, dir := range []string{"testdata/brat", "testdata/brat-flat"} {
		t.Run(dir, func(t *testing.T) {
			docs, err := ReadBrat(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(docs) != 1 || docs[0].ID != "bridge" {
				t.Fatalf("got %d documents %+v, want one named bridge", len(docs), docs)
			}
			d := docs[0]
			wantAnn, wantAnnotators := "bridge_0a1b.ann", 2
			if dir == "testdata/brat-flat" {
				wantAnn, wantAnnotators = "bridge.ann", 1
			}
			if d.Ann != wantAnn || d.Annotators != wantAnnotators {
				t.Errorf("read %s of %d annotators, want %s of %d", d.Ann, d.Annotators, wantAnn, wantAnnotators)
			}
			// Offsets are code points: every continuous span's covered
			// text must equal the text slice (the file has ë, ö and curly
			// quotes, whose bytes differ from their code points).
			runes := []rune(d.Text)
			n := 0
			for _, s := range d.Spans {
				if s.Pieces == 1 {
					if got := string(runes[s.Start:s.End]); got != s.Text {
						t.Errorf("%s %s: text[%d:%d] = %q, annotation says %q", s.ID, s.Label, s.Start, s.End, got, s.Text)
					}
					n++
				}
			}
			if n != 11 {
				t.Errorf("%d continuous spans, want 11", n)
			}
		})
	}
}

func TestReadBratErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		err   string
	}{
		{"no annotations", map[string]string{"a.txt": "x"}, "no .ann files"},
		{"annotation without text", map[string]string{"a.ann": "T1\tCue 0 1\tx\n"}, "has no text file"},
		{"span after the text", map[string]string{"a.txt": "abc", "a.ann": "T1\tCue 1 4\tbcd\n"}, "after the text"},
		{"bad line", map[string]string{"a.txt": "abc", "a.ann": "T1\tCue x\n"}, "a.ann: line 1"},
		{"invalid UTF-8", map[string]string{"a.txt": "a\xffb", "a.ann": "T1\tCue 0 1\ta\n"}, "not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range tt.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := ReadBrat(dir)
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("error = %v, want one containing %q", err, tt.err)
			}
		})
	}
}

// TestReadBratAnnotations: training reads every annotator's file of a
// text, the first in ReadBrat's order, each a document of the same ID.
func TestReadBratAnnotations(t *testing.T) {
	docs, err := ReadBratAnnotations("testdata/brat")
	if err != nil {
		t.Fatal(err)
	}
	var anns []string
	for _, d := range docs {
		if d.ID != "bridge" || d.Annotators != 2 || len(d.Spans) == 0 {
			t.Errorf("document %s of %d annotators with %d spans, want bridge of 2 with spans", d.ID, d.Annotators, len(d.Spans))
		}
		anns = append(anns, d.Ann)
	}
	if strings.Join(anns, " ") != "bridge_0a1b.ann bridge_ff00.ann" {
		t.Errorf("read %v, want both annotation files in sorted order", anns)
	}
}
