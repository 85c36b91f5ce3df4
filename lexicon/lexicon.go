// Package lexicon holds the word lists and rules of each language as data
// files embedded in the binary, one folder per language (data/en, …), so that
// adding a language is adding files, not changing code.
//
// A list file has one entry a line; blank lines and lines starting with '#'
// are ignored. Entries may have fields separated by '|'; what the fields mean
// is up to the package that reads the list, and is documented at the top of
// the file.
package lexicon

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

//go:embed data
var data embed.FS

// Languages returns the language codes that have a lexicon, sorted.
func Languages() []string {
	ents, _ := fs.ReadDir(data, "data")
	var langs []string
	for _, e := range ents {
		if e.IsDir() {
			langs = append(langs, e.Name())
		}
	}
	sort.Strings(langs)
	return langs
}

// Has reports whether language lang has the named list.
func Has(lang, name string) bool {
	_, err := fs.Stat(data, "data/"+lang+"/"+name+".txt")
	return err == nil
}

// Lines returns the entries of list name ("cues", "agencies", …) for
// language lang, with comments and blank lines removed and each entry
// trimmed of surrounding space.
func Lines(lang, name string) ([]string, error) {
	b, err := data.ReadFile("data/" + lang + "/" + name + ".txt")
	if err != nil {
		return nil, fmt.Errorf("lexicon %s/%s: %w", lang, name, err)
	}
	var out []string
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	return out, nil
}

// Fields returns the entries of a list split at '|', each field trimmed.
func Fields(lang, name string) ([][]string, error) {
	lines, err := Lines(lang, name)
	if err != nil {
		return nil, err
	}
	out := make([][]string, len(lines))
	for i, l := range lines {
		f := strings.Split(l, "|")
		for j := range f {
			f[j] = strings.TrimSpace(f[j])
		}
		out[i] = f
	}
	return out, nil
}
