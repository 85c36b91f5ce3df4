package registry

import (
	"strconv"
	"strings"
	"sync"

	"github.com/rapporteur/rapporteur/canon"
	"github.com/rapporteur/rapporteur/lexicon"
)

// SearchName reads a name a user searches speakers by, with titles or
// roles in front as articles write them ("President Trump", "US President
// Donald Trump", "Chancellor Merkel"): name is what is left once they go,
// as the registry reads a speaker written so ("Trump", "Donald Trump"),
// and lone is true when that is a surname alone, which names the person the
// registry gives a lone surname to. ok is false when nothing goes: the
// text is searched as it is.
func SearchName(text string) (name string, lone, ok bool) {
	// The person's words, as cleanName reads them, but a surname that
	// is also a common word ("Bush", "Obama", "May") is a name here: a
	// title went before it.
	fs := personRun(strings.Fields(stripArticle(text)))
	if len(fs) == 0 {
		return "", false, false
	}
	n := strings.Join(fs, " ")
	k, full := canon.Name(n), canon.Name(text)
	if k == full || !strings.HasSuffix(full, " "+k) {
		return "", false, false
	}
	// Only titles, roles and their small words go: "Recording Industry
	// Association of America" names a body, not a person America.
	ws := strings.Fields(stripArticle(text))
	for _, w := range ws[:len(ws)-len(fs)] {
		if !drop(w) {
			return "", false, false
		}
	}
	return n, !strings.Contains(k, " "), true
}

// Title is what the titles in front of a searched name say of whom is
// meant: "Mrs Trump" is a woman, "Chief Justice Roberts" the Roberts who
// is chief justice. A search that dropped the title found Donald Trump for
// the first and a highway official for the second.
type Title struct {
	// Gender is 'f' or 'm' when an honorific or a gendered role says it
	// (Mrs, Ms, Miss, Mr, Pope), 0 otherwise.
	Gender byte
	// Role is the role the title names, lower-case ("president", "chief
	// justice"), "" when none.
	Role string
}

// SearchTitle reads the titles in front of a searched name, as SearchName
// drops them.
func SearchTitle(text string) Title {
	name, _, ok := SearchName(text)
	if !ok {
		return Title{}
	}
	ws := strings.Fields(stripArticle(text))
	lead := ws[:len(ws)-len(strings.Fields(name))]
	tw := titleWords()
	var t Title
	for i := 0; i < len(lead); i++ {
		l := strings.ToLower(strings.Trim(lead[i], ".,;:"))
		if g := tw.gender[l]; g != 0 {
			t.Gender = g
		}
		if r := tw.titleRole[l]; r != "" {
			t.Role = r
			continue
		}
		// The longest role that starts here ("chief justice", not
		// "chief").
		for j := len(lead); j > i; j-- {
			r := strings.ToLower(strings.Trim(strings.Join(lead[i:j], " "), ".,;:"))
			if g, ok := tw.roles[r]; ok {
				t.Role = r
				if g != 0 {
					t.Gender = g
				}
				i = j - 1
				break
			}
		}
	}
	return t
}

// NameKeys returns the name keys a searched full name matches, with and
// without its middle initials ("Donald J. Trump" is the speaker "Donald
// Trump"), and for a name of two words a LIKE pattern of the key with one
// middle initial ("John Roberts" is the speaker "John G. Roberts"), ""
// otherwise.
func NameKeys(name string) (keys []string, initial string) {
	k := canon.Name(name)
	ws := strings.Fields(k)
	keys = []string{k}
	if len(ws) < 2 {
		return keys, ""
	}
	bare := []string{ws[0]}
	for _, w := range ws[1 : len(ws)-1] {
		if len(w) > 1 {
			bare = append(bare, w)
		}
	}
	bare = append(bare, ws[len(ws)-1])
	if b := strings.Join(bare, " "); b != k {
		keys = append(keys, b)
	}
	// Only a name written without initials takes one: "George W. Bush"
	// is not a "George H. Bush".
	if len(keys) == 1 && len(bare) == 2 && strings.Trim(strings.Join(bare, ""), "abcdefghijklmnopqrstuvwxyz0123456789") == "" {
		initial = bare[0] + " _ " + bare[1]
	}
	return keys, initial
}

// FirstNamesOf returns the first names that are nearly always of gender g
// ('f' or 'm') in the first-names list (lower-case, each between bars:
// "|donald|john|…|"), for a search to tell a person of the other gender by
// the first word of their name. A name the list does not hold, or gives
// to both, is no evidence.
func FirstNamesOf(g byte) string {
	tw := titleWords()
	if g == 'f' {
		return tw.female
	}
	if g == 'm' {
		return tw.male
	}
	return ""
}

type titleLists struct {
	gender       map[string]byte
	titleRole    map[string]string
	roles        map[string]byte
	female, male string
}

var titleWords = sync.OnceValue(func() titleLists {
	t := titleLists{gender: map[string]byte{}, titleRole: map[string]string{}, roles: map[string]byte{}}
	fields := func(name string) [][]string {
		f, err := lexicon.Fields("en", name)
		if err != nil {
			panic(err) // embedded data
		}
		return f
	}
	gen := func(s string) byte {
		if s = strings.TrimSpace(s); s == "f" || s == "m" {
			return s[0]
		}
		return 0
	}
	for _, f := range fields("titles") {
		l := strings.ToLower(strings.Trim(f[0], "."))
		if len(f) > 2 {
			t.gender[l] = gen(f[2])
		}
		if len(f) > 1 && strings.TrimSpace(f[1]) != "" {
			t.titleRole[l] = strings.ToLower(strings.TrimSpace(f[1]))
		}
	}
	for _, f := range fields("roles") {
		var g byte
		if len(f) > 1 {
			g = gen(f[1])
		}
		t.roles[strings.ToLower(f[0])] = g
	}
	var fb, mb strings.Builder
	fb.WriteString("|")
	mb.WriteString("|")
	for _, f := range fields("first-names") {
		if len(f) < 2 {
			continue
		}
		share, err := strconv.ParseFloat(strings.TrimSpace(f[1]), 64)
		if err != nil {
			continue
		}
		switch n := strings.ToLower(f[0]); {
		case share >= 0.98:
			fb.WriteString(n + "|")
		case share <= 0.02:
			mb.WriteString(n + "|")
		}
	}
	t.female, t.male = fb.String(), mb.String()
	return t
})
