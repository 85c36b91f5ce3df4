package sqlite

import (
	"context"
	"reflect"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/storetest"
)

// TestMoreRoles checks that a speaker's further roles ("AU chairperson and
// Egyptian President") are kept with the statement and listed among the
// speaker's roles (issue 10, item 1).
func TestMoreRoles(t *testing.T) {
	db := MustOpenDB(t)
	defer db.Close()
	ctx := context.Background()
	text := "Abdel Fattah el-Sisi, AU chairperson and Egyptian President, said the summit would go on."
	a := storetest.Article("https://wiki.test/au", "Summit", text, storetest.Day,
		storetest.Quote{Kind: rapporteur.Indirect, Content: "the summit would go on", Speaker: "Abdel Fattah el-Sisi",
			Role: "chairperson", Affiliation: "AU"})
	more := []rapporteur.RoleDesc{{Role: "President", Affiliation: "Egypt"}}
	a.Statements[0].Speaker.MoreRoles = more
	res, err := db.PutArticle(ctx, a, rapporteur.ArticleMeta{})
	if err != nil {
		t.Fatal(err)
	}
	page, err := db.Statements(ctx, rapporteur.StatementFilter{ArticleID: res.ID, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || !reflect.DeepEqual(page.Items[0].Speaker.MoreRoles, more) {
		t.Fatalf("statements: %+v, want one with further roles %v", page.Items, more)
	}
	sp, err := db.Speaker(ctx, page.Items[0].SpeakerID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range sp.Roles {
		got = append(got, r.Role+", "+r.Affiliation)
	}
	if want := []string{"President, Egypt", "chairperson, AU"}; !reflect.DeepEqual(got, want) {
		t.Errorf("speaker roles %q, want %q", got, want)
	}
}
