package http

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/storetest"
)

// TestSpeakerListsShowRoles: the speaker list and the home page's most
// quoted speakers say who each speaker is, with the role and affiliation
// the speaker is quoted with most (the first of the speaker page's
// roles); a speaker quoted without one shows none (demo walk: "speaker
// lists show no roles").
func TestSpeakerListsShowRoles(t *testing.T) {
	day := storetest.Day
	q := func(content, speaker, role, aff string) storetest.Quote {
		return storetest.Quote{Kind: rapporteur.Indirect, Content: content, Cue: "said", Speaker: speaker, Mention: speaker, Role: role, Affiliation: aff}
	}
	_, ts := exportEnv(t,
		storetest.Article("https://news.example.test/1", "Plan", "Jane Roe said the plan works. Ann Poe said it fails.", day,
			q("the plan works", "Jane Roe", "minister", "Ruritania"), q("it fails", "Ann Poe", "", "")),
		storetest.Article("https://news.example.test/2", "Vote", "Jane Roe said the vote will pass.", day.Add(24*time.Hour),
			q("the vote will pass", "Jane Roe", "minister", "Ruritania")),
		storetest.Article("https://news.example.test/3", "Party", "Jane Roe said the party is united.", day.Add(48*time.Hour),
			q("the party is united", "Jane Roe", "party leader", "")))
	tags := regexp.MustCompile(`<[^>]*>`)
	itemOf := func(page, name string) string {
		t.Helper()
		for _, item := range strings.Split(page, "<li") {
			if l := strings.Join(strings.Fields(tags.ReplaceAllString("<li"+item, "")), " "); strings.Contains(l, name) {
				return l
			}
		}
		t.Fatalf("no list item names %s", name)
		return ""
	}
	for _, path := range []string{"/speakers", "/"} {
		page := httpGet(t, ts.URL+path)
		if l := itemOf(page, "Jane Roe"); !strings.Contains(l, "Jane Roe · minister, Ruritania") {
			t.Errorf("%s: %q does not say Jane Roe is the minister of Ruritania", path, l)
		}
		if l := itemOf(page, "Ann Poe"); strings.Contains(l, "Ann Poe ·") {
			t.Errorf("%s: %q gives Ann Poe a role", path, l)
		}
	}
}
