package tag

import (
	"compress/gzip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// conllu joins lines with newlines; fields are written with | for tabs.
func conllu(lines ...string) string {
	return strings.ReplaceAll(strings.Join(lines, "\n"), "|", "\t")
}

func TestReadCoNLLU(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Sentence
		err  string
	}{
		{name: "empty", in: "", want: nil},
		{
			name: "two sentences, comments, multiword token and empty node skipped, no final blank line",
			in: conllu(
				"# sent_id = 1",
				"# text = I can't go",
				"1|I|I|PRON|PRP|_|3|nsubj|_|_",
				"2-3|can't|_|_|_|_|_|_|_|_",
				"2|ca|can|AUX|MD|_|4|aux|_|_",
				"3|n't|not|PART|RB|_|4|advmod|_|_",
				"3.1|go|go|VERB|VB|_|_|_|_|_",
				"4|go|go|VERB|VB|_|0|root|_|_",
				"",
				"",
				"1|Yes|yes|INTJ|UH|_|0|root|_|_",
			),
			want: []Sentence{
				{Words: []string{"I", "ca", "n't", "go"}, UPOS: []string{"PRON", "AUX", "PART", "VERB"}, XPOS: []string{"PRP", "MD", "RB", "VB"}},
				{Words: []string{"Yes"}, UPOS: []string{"INTJ"}, XPOS: []string{"UH"}},
			},
		},
		{
			name: "CRLF line ends and a form with a space",
			in:   "1\tNew York\tNew York\tPROPN\tNNP\t_\t0\troot\t_\t_\r\n\r\n",
			want: []Sentence{{Words: []string{"New York"}, UPOS: []string{"PROPN"}, XPOS: []string{"NNP"}}},
		},
		{name: "too few fields", in: conllu("1|a|a|DET"), err: "line 1: 4 fields"},
		{name: "bad ID", in: conllu("# c", "x|a|a|DET|DT|_|0|root|_|_"), err: "line 2: token ID"},
		{name: "zero ID", in: conllu("0|a|a|DET|DT|_|0|root|_|_"), err: "token ID"},
		{name: "empty form", in: conllu("1||a|DET|DT|_|0|root|_|_"), err: "empty form"},
		{name: "invalid UTF-8", in: conllu("1|\xff|a|DET|DT|_|0|root|_|_"), err: "invalid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadCoNLLU(strings.NewReader(tt.in))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want one containing %q", err, tt.err)
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

func TestReadCoNLLUFileGzip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.conllu.gz")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	z := gzip.NewWriter(f)
	z.Write([]byte(conllu("1|Hi|hi|INTJ|UH|_|0|root|_|_", "")))
	z.Close()
	f.Close()
	got, err := ReadCoNLLUFile(path)
	if err != nil || len(got) != 1 || got[0].Words[0] != "Hi" {
		t.Fatalf("ReadCoNLLUFile = %+v, %v", got, err)
	}
	if _, err := ReadCoNLLUFile(filepath.Join(dir, "missing.conllu")); !os.IsNotExist(err) {
		t.Errorf("missing file: %v", err)
	}
}

// The EWT splits read whole, with the sizes its README gives.
func TestReadEWT(t *testing.T) {
	for name, want := range map[string]int{
		"en_ewt-ud-train.conllu.gz": 12544,
		"en_ewt-ud-dev.conllu":      2001,
		"en_ewt-ud-test.conllu":     2077,
	} {
		s, err := ReadCoNLLUFile(ewt(t, name))
		if err != nil {
			t.Fatal(err)
		}
		if len(s) != want {
			t.Errorf("%s: %d sentences, want %d", name, len(s), want)
		}
	}
}

func FuzzReadCoNLLU(f *testing.F) {
	f.Add(conllu("# c", "1|I|I|PRON|PRP|_|2|nsubj|_|_", "2-3|x|_|_|_|_|_|_|_|_", "2|go|go|VERB|VB|_|0|root|_|_", ""))
	f.Add(conllu("1.1|a|a|X|X|_|_|_|_|_", "", "1|b|b|X|X|_|_|_|_|_"))
	f.Add("1\t\t\t\t\t\t\t\t\t")
	f.Fuzz(func(t *testing.T, in string) {
		sents, err := ReadCoNLLU(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, s := range sents {
			if len(s.Words) == 0 || len(s.Words) != len(s.UPOS) || len(s.Words) != len(s.XPOS) {
				t.Fatalf("sentence of %d words, %d UPOS, %d XPOS", len(s.Words), len(s.UPOS), len(s.XPOS))
			}
			for _, w := range s.Words {
				if w == "" || strings.ContainsAny(w, "\t\n") {
					t.Fatalf("bad word %q", w)
				}
			}
		}
	})
}
