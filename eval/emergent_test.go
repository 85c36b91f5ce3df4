package eval

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// TestScoreEmergent splits rows by claim and scores mapped acts.
func TestScoreEmergent(t *testing.T) {
	csv := "id,claimHeadline,articleHeadline,articleHeadlineStance,articleId,claimId\n" +
		"0,Claim A,Headline one,for,x,0fe84c40-9ffa-11e4-a353-5b831fe927be\n" +
		"1,Claim A,Headline two,against,y,0fe84c40-9ffa-11e4-a353-5b831fe927be\n" +
		"2,Claim B,\"Headline, three\",observing,z,00000000-0000-1000-8000-000000000000\n"
	path := filepath.Join(t.TempDir(), "e.csv")
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	test, err := ReadEmergent(path, "test")
	if err != nil {
		t.Fatal(err)
	}
	train, err := ReadEmergent(path, "train")
	if err != nil {
		t.Fatal(err)
	}
	if len(test) != 2 || len(train) != 1 || train[0].Headline != "Headline, three" {
		t.Fatalf("test %v train %v", test, train)
	}
	res := ScoreEmergent(test, "test", func(h, claim string) string {
		if h == "Headline one" {
			return rapporteur.ActConfirm
		}
		return rapporteur.ActAssert
	})
	if res.Accuracy.Correct != 1 || res.Accuracy.Total != 2 || res.Confused["against→observing"] != 1 {
		t.Errorf("%+v", res)
	}
	if _, err := ReadEmergent(path, "dev"); err == nil {
		t.Error("unknown split accepted")
	}
}

// TestEmergentTestClaims checks the split against the shared data when it
// is there: 60 claims, each with headlines.
func TestEmergentTestClaims(t *testing.T) {
	path := filepath.Join("..", "..", "shared", "data", "emergent", "url-versions-2015-06-14-clean.csv")
	if _, err := os.Stat(path); err != nil {
		t.Skip("no shared emergent data")
	}
	rows, err := ReadEmergent(path, "test")
	if err != nil {
		t.Fatal(err)
	}
	claims := map[string]bool{}
	for _, r := range rows {
		claims[r.ClaimID] = true
	}
	if len(claims) != len(emergentTestClaims) || len(emergentTestClaims) != 60 {
		t.Errorf("%d test claims found of %d", len(claims), len(emergentTestClaims))
	}
}
