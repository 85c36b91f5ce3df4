package act

import (
	"testing"

	"github.com/rapporteur/rapporteur"
)

// TestDocumentNamedTwice: a reply to "RIAA's notice published by GitHub"
// answers what "RIAA's DMCA notice" alleged first, the same notice; a
// reply to the Times report answers the report by The New York Times; but
// another paper's report, a report with no owner, and a statement of
// another act stay as they are.
func TestDocumentNamedTwice(t *testing.T) {
	doc := func(n string) rapporteur.Speaker { return rapporteur.Speaker{Name: n, Type: rapporteur.Document} }
	unknown := func(n string) rapporteur.Speaker { return rapporteur.Speaker{Name: n, Type: rapporteur.Unknown} }
	for _, c := range []struct {
		name  string
		first rapporteur.Statement
		later rapporteur.Statement
		want  int
	}{
		{"the notice under a second name", rapporteur.Statement{Speaker: doc("RIAA's DMCA notice"), Act: rapporteur.ActAccuse},
			rapporteur.Statement{Speaker: unknown("RIAA's notice published by GitHub"), Act: rapporteur.ActAccuse}, 0},
		{"the report by its paper's short name", rapporteur.Statement{Speaker: doc("report by The New York Times"), Act: rapporteur.ActAccuse},
			rapporteur.Statement{Speaker: doc("Times report"), Act: rapporteur.ActAccuse}, 0},
		{"another paper's report", rapporteur.Statement{Speaker: doc("report by The New York Times"), Act: rapporteur.ActAccuse},
			rapporteur.Statement{Speaker: doc("Washington Post report"), Act: rapporteur.ActAccuse}, 1},
		{"reports with no owner", rapporteur.Statement{Speaker: doc("initial reports"), Act: rapporteur.ActAccuse},
			rapporteur.Statement{Speaker: doc("later reports"), Act: rapporteur.ActAccuse}, 1},
		{"what the document said with another act", rapporteur.Statement{Speaker: doc("report by The New York Times"), Act: rapporteur.ActAssert},
			rapporteur.Statement{Speaker: doc("Times report"), Act: rapporteur.ActAccuse}, 1},
		{"a person is no document", rapporteur.Statement{Speaker: doc("report by The New York Times"), Act: rapporteur.ActAccuse},
			rapporteur.Statement{Speaker: rapporteur.Speaker{Name: "Times reporter", Type: rapporteur.Person}, Act: rapporteur.ActAccuse}, 1},
	} {
		if got := firstOfDocument(1, []rapporteur.Statement{c.first, c.later}); got != c.want {
			t.Errorf("%s: a reply to statement 1 answers %d, want %d", c.name, got, c.want)
		}
	}
}
