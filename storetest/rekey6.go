package storetest

import (
	"context"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// RunRekeyUSBodies checks that a store keyed with registry rules 5, which
// listed "U.S. Supreme Court" and "United States Supreme Court" as two
// speakers (the first kept its own key), lists one court with both
// statements once this build has opened it.
func RunRekeyUSBodies(t *testing.T, open func(t *testing.T) OldRules) {
	ctx := context.Background()
	o := open(t)
	put := func(url, text, name string) {
		t.Helper()
		a := Article(url, "Court", text, Day,
			Quote{Kind: rapporteur.Indirect, Content: "the law stands", Speaker: name, Type: rapporteur.Organization})
		if _, err := o.Store.PutArticle(ctx, a, rapporteur.ArticleMeta{}); err != nil {
			t.Fatal(err)
		}
	}
	put("https://court.test/one", "The U.S. Supreme Court said the law stands.", "U.S. Supreme Court")
	// Rules 5's key of the first name, under which the second made a
	// speaker of its own.
	for _, q := range []string{`UPDATE speakers SET key = 'u s supreme court' WHERE name = 'U.S. Supreme Court'`,
		`DELETE FROM speaker_aliases WHERE key = 'united states supreme court'`} {
		if err := o.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	put("https://court.test/two", "The United States Supreme Court said the law stands.", "United States Supreme Court")
	if err := o.Exec(`UPDATE counters SET n = 5 WHERE name = 'speaker_registry'`); err != nil {
		t.Fatal(err)
	}
	before, err := o.Store.Speakers(ctx, rapporteur.SpeakerFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(before.Items) != 2 {
		t.Fatalf("rules 5 store: %d speakers, want the court twice", len(before.Items))
	}
	s := o.Reopen()
	defer s.Close()
	list, err := s.Speakers(ctx, rapporteur.SpeakerFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 1 || list.Items[0].StatementCount != 2 {
		var got []string
		for _, sp := range list.Items {
			got = append(got, sp.Name)
		}
		t.Errorf("after opening: speakers %q, want one court with both statements", got)
	}
}
