package storetest

import (
	"slices"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// RunTargetNames runs the contract of target: across the store (issue
// 11): a target is found by the name of the speaker it names, as the
// speaker registry resolves names. An article that names Donald Trump
// only as "Trump" aims its criticism at "Trump"; the registry has learnt
// from another article that "Trump" is Donald Trump, so target:"Donald
// Trump" finds that criticism, while "Trump Tower", a name the registry
// gives no one, is not found by it, nor is a lone "Biden" by target:"Joe
// Biden" while Hunter Biden is quoted as often. target:Trump finds both
// Trump targets, as before.
func RunTargetNames(t *testing.T, open Open) {
	s := open(t)
	defer s.Close()
	// Both names in one article: the registry makes "trump" an alias of
	// Donald Trump.
	both := Article("https://news.example/wall", "Wall", "Donald Trump said the wall will be built. Later Trump said it would be soon.", Day,
		Quote{Content: "the wall will be built", Speaker: "Donald Trump", Cue: "said"},
		Quote{Content: "it would be soon", Speaker: "Trump", Cue: "said"})
	put(t, s, both)
	criticism := Article("https://news.example/lying", "Lying", "Nancy Pelosi said Trump is not telling the truth.", Day.AddDate(0, 0, 1),
		Quote{Content: "Trump is not telling the truth", Speaker: "Nancy Pelosi", Cue: "said"})
	criticism.Statements[0].Act = rapporteur.ActCriticize
	criticism.Statements[0].Target = &rapporteur.Target{Name: "Trump", Type: rapporteur.Unknown}
	crit := put(t, s, criticism).ID
	tower := Article("https://news.example/tower", "Tower", "The mayor said Trump Tower broke the fire code.", Day.AddDate(0, 0, 2),
		Quote{Content: "Trump Tower broke the fire code", Speaker: "Bill de Blasio", Cue: "said"})
	tower.Statements[0].Act = rapporteur.ActAccuse
	tower.Statements[0].Target = &rapporteur.Target{Name: "Trump Tower", Type: rapporteur.Organization}
	put(t, s, tower)
	// Two Bidens quoted as often: a lone "Biden" names neither.
	put(t, s, Article("https://news.example/joe", "Joe", "Joe Biden said he is proud.", Day,
		Quote{Content: "he is proud", Speaker: "Joe Biden", Cue: "said"}))
	put(t, s, Article("https://news.example/hunter", "Hunter", "Hunter Biden said he is sorry.", Day,
		Quote{Content: "he is sorry", Speaker: "Hunter Biden", Cue: "said"}))
	lone := Article("https://news.example/lone", "Lone", "Kevin McCarthy said Biden failed the country.", Day.AddDate(0, 0, 3),
		Quote{Content: "Biden failed the country", Speaker: "Kevin McCarthy", Cue: "said"})
	lone.Statements[0].Act = rapporteur.ActCriticize
	lone.Statements[0].Target = &rapporteur.Target{Name: "Biden", Type: rapporteur.Unknown}
	put(t, s, lone)
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{`target:"Donald Trump"`, []string{"Nancy Pelosi"}},
		{`target:"donald trump"`, []string{"Nancy Pelosi"}},
		{`act:criticize target:"Donald Trump"`, []string{"Nancy Pelosi"}},
		{`target:Trump`, []string{"Bill de Blasio", "Nancy Pelosi"}},
		{`target:"Trump Tower"`, []string{"Bill de Blasio"}},
		{`target:"Nancy Pelosi"`, nil},
		{`target:"Joe Biden"`, nil},
		{`target:Biden`, []string{"Kevin McCarthy"}},
	} {
		got, err := statementSpeakers(s, tc.q)
		if err != nil {
			t.Errorf("%s: %v", tc.q, err)
			continue
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("statements %s: %q, want %q", tc.q, got, tc.want)
		}
	}
	for _, q := range []string{`target:"Donald Trump"`, `target:"Donald Trump" speaker:Pelosi`} {
		page, err := s.Articles(ctx, rapporteur.ArticleFilter{Query: q})
		if err != nil || len(page.Items) != 1 || page.Items[0].ID != crit {
			t.Errorf("articles %s: %+v, %v; want the criticism", q, page.Items, err)
		}
	}
}
