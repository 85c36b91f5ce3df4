package http

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/storetest"
)

// TestFeedTools: the feeds page counts each feed's articles and dates its
// newest, the feeds export as OPML that the import reads, and "refresh
// now" makes a feed due, with the write token only (issue 15, item 8).
func TestFeedTools(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	env := newEnv(t, func(c *Config) { c.Now = func() time.Time { return now } })
	ctx := t.Context()
	busy := &rapporteur.Feed{URL: "https://busy.example.test/feed.xml", Title: "Busy & Co", NextFetch: now.Add(time.Hour)}
	quiet := &rapporteur.Feed{URL: "https://quiet.example.test/rss?token=s3cret", NextFetch: now.Add(time.Hour)}
	for _, f := range []*rapporteur.Feed{busy, quiet} {
		if err := env.store.CreateFeed(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 3 {
		a := storetest.Article(fmt.Sprintf("https://busy.example.test/%d", i), "T", fmt.Sprintf("Story %d.", i), storetest.Day)
		if _, err := env.store.PutArticle(ctx, a, rapporteur.ArticleMeta{FeedID: busy.ID}); err != nil {
			t.Fatal(err)
		}
	}

	_, page := env.get(t, "/feeds")
	row := regexp.MustCompile(`(?s)Busy &amp; Co</a>.*?</tr>`).FindString(page)
	if !strings.Contains(row, `order=date">3</a>`) {
		t.Errorf("busy feed row lacks its 3 articles:\n%s", row)
	}
	if !strings.Contains(page, "none yet") || !strings.Contains(page, `href="/api/v1/feeds?format=opml"`) {
		t.Errorf("feeds page lacks the quiet feed's \"none yet\" or the OPML link:\n%s", page)
	}

	status, body := env.get(t, "/api/v1/feeds?format=opml")
	var doc opmlDoc
	if err := xml.Unmarshal([]byte(body), &doc); status != 200 || err != nil || len(doc.Body) != 2 {
		t.Fatalf("opml export: %d, %v:\n%s", status, err, body)
	}
	if strings.Contains(body, "s3cret") {
		t.Errorf("the OPML export shows a feed URL's secret to a reader without the token:\n%s", body)
	}
	// With the token, the export is the whole subscription list, which the
	// import reads back.
	bearer := []string{"Authorization", "Bearer " + testToken}
	_, body = env.do(t, "GET", "/api/v1/feeds?format=opml", "", "", bearer)
	doc = opmlDoc{}
	if err := xml.Unmarshal([]byte(body), &doc); err != nil || len(doc.Body) != 2 {
		t.Fatalf("opml export with the token: %v:\n%s", err, body)
	}
	if o := doc.Body[0]; o.XMLURL != busy.URL || o.Title != "Busy & Co" || doc.Body[1].XMLURL != quiet.URL {
		t.Errorf("opml outlines = %+v", doc.Body)
	}

	path := fmt.Sprintf("/api/v1/feeds/%d/refresh", busy.ID)
	if st, _ := env.do(t, "POST", path, "", "", nil); st != 401 {
		t.Errorf("refresh without the token: %d, want 401", st)
	}
	st, body := env.do(t, "POST", path, "", "", bearer)
	var f rapporteur.Feed
	if err := json.Unmarshal([]byte(body), &f); st != 202 || err != nil || !f.NextFetch.Equal(now) {
		t.Errorf("refresh: %d %v %s", st, err, body)
	}
	if got, err := env.store.Feed(ctx, busy.ID); err != nil || !got.NextFetch.Equal(now) {
		t.Errorf("after refresh the feed is due at %v (%v), want %v", got.NextFetch, err, now)
	}
	if st, _ := env.do(t, "POST", "/api/v1/feeds/999999/refresh", "", "", bearer); st != 404 {
		t.Errorf("refresh of an unknown feed: %d, want 404", st)
	}
}
