package tag

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Sentence is one tagged sentence: Words[i] has the tags UPOS[i] and
// XPOS[i]. The three slices have the same length.
type Sentence struct {
	Words []string
	UPOS  []string
	XPOS  []string
}

// maxLine bounds one CoNLL-U line; EWT's longest is under 1 KB, and a
// bound keeps a broken file (no newlines at all) from taking all memory.
const maxLine = 1 << 20

// ReadCoNLLU reads the sentences of a CoNLL-U file
// (universaldependencies.org/format.html): one token a line, ten
// tab-separated fields, comments starting with '#', a blank line after
// each sentence. Multiword-token lines ("1-2") and empty nodes ("1.1") are
// skipped: the tagger sees the syntactic words, as the treebank tags them.
// A line with another number of fields, a token ID that is not a number,
// an empty form or invalid UTF-8 is an error that names the line.
func ReadCoNLLU(r io.Reader) ([]Sentence, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	var (
		out  []Sentence
		cur  Sentence
		line int
	)
	flush := func() {
		if len(cur.Words) > 0 {
			out = append(out, cur)
		}
		cur = Sentence{}
	}
	for sc.Scan() {
		line++
		text := sc.Text()
		if !utf8.ValidString(text) {
			return nil, fmt.Errorf("conllu: line %d: invalid UTF-8", line)
		}
		text = strings.TrimSuffix(text, "\r")
		switch {
		case strings.TrimSpace(text) == "":
			flush()
			continue
		case text[0] == '#':
			continue
		}
		f := strings.Split(text, "\t")
		if len(f) != 10 {
			return nil, fmt.Errorf("conllu: line %d: %d fields, want 10", line, len(f))
		}
		id := f[0]
		if strings.ContainsAny(id, "-.") {
			continue // a multiword token or an empty node
		}
		if n, err := strconv.Atoi(id); err != nil || n < 1 {
			return nil, fmt.Errorf("conllu: line %d: token ID %q is not a positive number", line, id)
		}
		if f[1] == "" {
			return nil, fmt.Errorf("conllu: line %d: empty form", line)
		}
		cur.Words = append(cur.Words, f[1])
		cur.UPOS = append(cur.UPOS, f[3])
		cur.XPOS = append(cur.XPOS, f[4])
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("conllu: line %d: %w", line+1, err)
	}
	flush()
	return out, nil
}

// ReadCoNLLUFile reads a CoNLL-U file, gunzipping it when its name ends
// in .gz (EWT's train split is shipped compressed).
func ReadCoNLLUFile(path string) ([]Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		z, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		defer z.Close()
		r = z
	}
	s, err := ReadCoNLLU(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}
