package http

import (
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// TestDemoTitledSpeakers: a title in speaker: or target: says whom it
// means, on the demo's own articles (walk 6, section 3): "Chief Justice
// Roberts" is John G. Roberts, not the highway official Troy Roberts;
// "President Obama" is Barack Obama and "Mrs Obama" Michelle Obama; a
// middle initial may be left out or written; "Mrs Trump" is no statement
// of Donald Trump's.
func TestDemoTitledSpeakers(t *testing.T) {
	env := newEnv(t, nil)
	ctx := context.Background()
	for _, title := range []string{
		"Florida highway pileup, fire kills five children",        // Troy Roberts
		"Retired US Supreme Court Justice John Paul Stevens dies", // John G. Roberts
		"Elizabeth Warren endorses Joe Biden",                     // Barack Obama
		"On the campaign trail in the USA, August 2020",           // Michelle Obama, Donald Trump
	} {
		if _, err := env.store.PutArticle(ctx, demoArticle(t, env.p, title), rapporteur.ArticleMeta{}); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		q    string
		want []string // the speakers of the statements found, once each
	}{
		{`speaker:"Justice Roberts"`, []string{"John G. Roberts"}},
		{`speaker:"Chief Justice Roberts"`, []string{"John G. Roberts"}},
		{`speaker:"Chief Justice John Roberts"`, []string{"John G. Roberts"}},
		{`speaker:"President Obama"`, []string{"Barack Obama"}},
		{`speaker:"Mrs Obama"`, []string{"Michelle Obama"}},
		{`speaker:"Mrs Trump"`, nil},
		{`speaker:"President Donald J. Trump"`, []string{"Donald Trump"}},
	} {
		status, body := env.get(t, "/api/v1/statements?limit=200&q="+url.QueryEscape(c.q))
		var page struct {
			Items []struct {
				Speaker struct {
					Name string `json:"name"`
				} `json:"speaker"`
			} `json:"items"`
		}
		if err := json.Unmarshal([]byte(body), &page); status != 200 || err != nil {
			t.Fatalf("statements %s: %d %v", c.q, status, err)
		}
		var got []string
		for _, it := range page.Items {
			if !slices.Contains(got, it.Speaker.Name) {
				got = append(got, it.Speaker.Name)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("statements %s: speakers %q, want %q", c.q, got, c.want)
		}
	}
}
