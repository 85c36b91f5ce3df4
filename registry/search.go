package registry

import (
	"strings"

	"github.com/rapporteur/rapporteur/canon"
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
