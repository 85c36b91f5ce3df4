package sqlite

import (
	"context"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/storetest"
)

// TestSpeakerTypeVote checks that a name the extractor types both ways in
// one article (an interview whose first answer it read as an
// organization's) takes the type of more than twice as many of its
// statements as the other, the article's own included: the interviewee
// is listed as a person.
func TestSpeakerTypeVote(t *testing.T) {
	db := MustOpenDB(t)
	defer db.Close()
	ctx := context.Background()
	text := "Ahola said the engine is small. Ahola said it runs on old machines. Ahola said the code is free. Ahola said mods are welcome."
	a := storetest.Article("https://wiki.test/ahola", "Interview", text, storetest.Day,
		storetest.Quote{Kind: rapporteur.Indirect, Content: "the engine is small", Speaker: "Perttu Ahola", Type: rapporteur.Organization},
		storetest.Quote{Kind: rapporteur.Indirect, Content: "it runs on old machines", Speaker: "Perttu Ahola", Type: rapporteur.Person},
		storetest.Quote{Kind: rapporteur.Indirect, Content: "the code is free", Speaker: "Perttu Ahola", Type: rapporteur.Person},
		storetest.Quote{Kind: rapporteur.Indirect, Content: "mods are welcome", Speaker: "Perttu Ahola", Type: rapporteur.Person})
	if _, err := db.PutArticle(ctx, a, rapporteur.ArticleMeta{}); err != nil {
		t.Fatal(err)
	}
	page, err := db.Speakers(ctx, rapporteur.SpeakerFilter{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 {
		t.Fatalf("got %d speakers, want 1", len(page.Items))
	}
	if sp := page.Items[0]; sp.Type != rapporteur.Person || sp.StatementCount != 4 {
		t.Errorf("speaker %q is a %s with %d statements; want a person with 4", sp.Name, sp.Type, sp.StatementCount)
	}
}
