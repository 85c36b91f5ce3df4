package http

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// TestSpeakerTypeChoices: the speaker list offers only the types that
// speakers have (group, document and unknown never matched), and a URL
// with another type still says why the list is empty.
func TestSpeakerTypeChoices(t *testing.T) {
	env := newEnv(t, nil)
	_, body := env.get(t, "/speakers")
	for _, typ := range []string{rapporteur.Group, rapporteur.Document, rapporteur.Unknown} {
		if strings.Contains(body, `<option value="`+typ+`"`) {
			t.Errorf("the speaker list offers type %s, which no speaker has", typ)
		}
	}
	for _, typ := range []string{rapporteur.Person, rapporteur.Organization} {
		if !strings.Contains(body, `<option value="`+typ+`"`) {
			t.Errorf("the speaker list does not offer type %s", typ)
		}
	}
	if status, body := env.get(t, "/speakers?type=group"); status != 200 || !strings.Contains(body, "Only persons and organizations are kept as speakers") {
		t.Errorf("/speakers?type=group: %d, without the reason it lists none", status)
	}
}

// TestVoiceRole: a story's "Who said what" names each speaker's role as
// last quoted with one.
func TestVoiceRole(t *testing.T) {
	st := func(role, aff string) *rapporteur.StoredStatement {
		return &rapporteur.StoredStatement{Statement: rapporteur.Statement{Speaker: rapporteur.Speaker{Name: "Donald Trump", Role: role, Affiliation: aff}}}
	}
	for _, c := range []struct {
		v    *rapporteur.StoryVoice
		want string
	}{
		{&rapporteur.StoryVoice{Statements: []*rapporteur.StoredStatement{st("President", "United States"), st("", "")}}, "President, United States"},
		{&rapporteur.StoryVoice{Statements: []*rapporteur.StoredStatement{st("senator", ""), st("President", "")}}, "President"},
		{&rapporteur.StoryVoice{Statements: []*rapporteur.StoredStatement{st("", "")}}, ""},
	} {
		if got := voiceRole(c.v); got != c.want {
			t.Errorf("voiceRole = %q, want %q", got, c.want)
		}
	}
}

// TestDemoBodiesOnce: a body the demo's articles write "United States
// Supreme Court", "U.S. Supreme Court" or, in an article about the
// United States, "Supreme Court" is one speaker on /speakers, and so is
// the Commission on Presidential Debates; Puerto Rico's Supreme Court is
// not the United States' (walk 5: "United States X" and "X" listed
// apart, registry rules 6).
func TestDemoBodiesOnce(t *testing.T) {
	env := newEnv(t, nil)
	ctx := context.Background()
	for _, title := range []string{
		"US House of Representatives holds two Cabinet officers", // United States Supreme Court
		"US Federal judge rules American Samoans are citizens",   // U.S. Supreme Court
		"US Supreme Court overturns fraud convictions",           // Supreme Court
		"Puerto Rico Supreme Court removes Governor",             // Supreme Court of Puerto Rico, and Supreme Court
		"Second US Biden-Trump debate cancelled",                 // United States Commission on Presidential Debates
		"On the campaign trail in the USA, October 2020",         // Commission on Presidential Debates
	} {
		if _, err := env.store.PutArticle(ctx, demoArticle(t, env.p, title), rapporteur.ArticleMeta{}); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		q    string
		want []string // the names listed, statements
	}{
		{"Supreme Court", []string{"Supreme Court of Puerto Rico 3", "United States Supreme Court 5"}},
		{"Presidential Debates", []string{"United States Commission on Presidential Debates 5"}},
	} {
		status, body := env.get(t, "/api/v1/speakers?limit=50&q="+url.QueryEscape(c.q))
		var page struct {
			Items []struct {
				Name  string `json:"name"`
				Count int    `json:"statement_count"`
			} `json:"items"`
		}
		if err := json.Unmarshal([]byte(body), &page); status != 200 || err != nil {
			t.Fatalf("speakers %q: %d %v", c.q, status, err)
		}
		var got []string
		for _, sp := range page.Items {
			got = append(got, fmt.Sprintf("%s %d", sp.Name, sp.Count))
		}
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("/speakers?q=%s lists %q, want %q", c.q, got, c.want)
		}
	}
}
