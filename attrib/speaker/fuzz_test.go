package speaker

import (
	"testing"
	"unicode/utf8"

	"github.com/rapporteur/rapporteur"
)

// FuzzTable builds a table from any text and resolves any span of it: no
// panic, and every mention lies inside its source and repeats its text.
func FuzzTable(f *testing.F) {
	f.Add("Chinese Foreign Ministry spokesman Zhao Lijian said it was a farce. He added more.", 0, 46)
	f.Add("\"No,\" said Agnes Callamard, Secretary General of Amnesty International. She left.", 11, 70)
	f.Add("The mayor, Doug Ford, said so. The ministry's report by the U.N. said they agreed.", 0, 20)
	f.Add("Mr. O'Brien-Smith Jr. of the Bank of Canada & Co. Inc. said 'it's fine'.", 0, 50)
	f.Add("her statement", 0, 13)
	f.Add("’s ’ “ ” ‘ Dr. . . , , ,", 2, 9)
	f.Add("", 0, 0)
	f.Add("Press", 0, 5)
	f.Add("Getty Images", 0, 12)
	r, err := New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string, start, end int) {
		if !utf8.ValidString(text) {
			t.Skip("the article text is valid UTF-8 by contract")
		}
		tab := r.Table("en", text)
		n := utf8.RuneCountInString(text)
		for _, s := range []rapporteur.Span{{Start: start, End: end}, {Start: 0, End: n}, {Start: n / 2, End: n}} {
			sp := tab.Resolve(s)
			if sp.Type == "" {
				t.Fatalf("empty type for %+v", s)
			}
			checkSpans(t, text, sp)
		}
		for _, e := range tab.Entities() {
			if e.Name == "" || e.Mentions <= 0 {
				t.Fatalf("bad entity %+v", e)
			}
		}
	})
}
