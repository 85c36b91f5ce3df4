package storetest

import (
	"context"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// OldRules is a new store for the re-keying contract, with its way to run
// SQL on itself (both stores take the statements below) and to be closed
// and opened again, as a new build opens a store an older one wrote.
type OldRules struct {
	Store  rapporteur.Store
	Exec   func(sql string) error
	Reopen func() rapporteur.Store
}

// RunRekeyOldRules checks that a store keyed with registry rules before
// version 5, which did not know "Mining" ends a company's name and listed
// Halvorsen Mining as a person, lists it as an organization once this
// build has opened it.
func RunRekeyOldRules(t *testing.T, open func(t *testing.T) OldRules) {
	ctx := context.Background()
	o := open(t)
	a := Article("https://wiki.test/fjord", "Fjord", "Halvorsen Mining said its discharges were legal.", Day,
		Quote{Kind: rapporteur.Indirect, Content: "its discharges were legal", Speaker: "Halvorsen Mining", Type: rapporteur.Person})
	if _, err := o.Store.PutArticle(ctx, a, rapporteur.ArticleMeta{}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`UPDATE speakers SET type = 'person' WHERE name = 'Halvorsen Mining'`,
		`UPDATE counters SET n = 4 WHERE name = 'speaker_registry'`} {
		if err := o.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	s := o.Reopen()
	defer s.Close()
	list, err := s.Speakers(ctx, rapporteur.SpeakerFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, sp := range list.Items {
		if sp.Name == "Halvorsen Mining" {
			if sp.Type != rapporteur.Organization {
				t.Errorf("after opening, Halvorsen Mining is a %s, want an organization", sp.Type)
			}
			return
		}
	}
	t.Errorf("after opening, no speaker Halvorsen Mining among %d", len(list.Items))
}
