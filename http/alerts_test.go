package http

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/fetch"
	"github.com/rapporteur/rapporteur/storetest"
)

// TestStatementAlerts: a saved search over statements, made and edited
// through the API, lists quotes in its Atom feed (quote, speaker with
// role, article title and link) and delivers the statements stored after
// it to its webhook with the same fields (issue 15).
func TestStatementAlerts(t *testing.T) {
	env := newEnv(t, nil)
	bearer := []string{"Authorization", "Bearer " + testToken}
	// A speaker of the corpus with a role.
	var who rapporteur.Speaker
	p, err := env.store.Statements(t.Context(), rapporteur.StatementFilter{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range p.Items {
		if st.Speaker.Role != "" && st.SpeakerID != 0 && strings.Count(st.Speaker.Name, " ") >= 1 {
			who = st.Speaker
			break
		}
	}
	if who.Name == "" {
		t.Fatal("no speaker with a role in the corpus")
	}
	q := `speaker:"` + who.Name + `"`
	body, _ := json.Marshal(map[string]string{"name": "quotes", "query": q, "target": "statements"})
	status, out := env.do(t, "POST", "/api/v1/saved-searches", "application/json", string(body), bearer)
	var created struct{ ID int64 }
	if status != 201 || json.Unmarshal([]byte(out), &created) != nil {
		t.Fatalf("create: %d %s", status, out)
	}
	status, atom := env.get(t, atomPath(created.ID))
	var feed struct {
		Entries []struct {
			Title   string `xml:"title"`
			Summary string `xml:"summary"`
			Links   []struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if status != 200 || xml.Unmarshal([]byte(atom), &feed) != nil || len(feed.Entries) == 0 {
		t.Fatalf("atom: %d %s", status, atom)
	}
	e := feed.Entries[0]
	if !strings.Contains(e.Title, who.Name) || !strings.Contains(e.Title, "“") || !strings.Contains(e.Summary, "” — "+who.Name) || !strings.Contains(e.Summary, ", in “") ||
		len(e.Links) == 0 || !strings.Contains(e.Links[0].Href, "/articles/") || !strings.Contains(e.Links[0].Href, "#st-") {
		t.Errorf("atom entry: %+v", e)
	}
	hasRole := false
	for _, e := range feed.Entries {
		hasRole = hasRole || strings.Contains(e.Title, "(")
	}
	if !hasRole {
		t.Errorf("no atom entry names the speaker's role: %+v", feed.Entries)
	}

	// Edit: a webhook; the answer gives its secret once.
	rc := &receiver{}
	hook := httptest.NewServer(rc)
	defer hook.Close()
	body, _ = json.Marshal(map[string]string{"webhook_url": hook.URL + "/hook", "name": "quotes of " + who.Name})
	status, out = env.do(t, "PATCH", "/api/v1/saved-searches/"+itoa(created.ID), "application/json", string(body), bearer)
	var edited struct {
		WebhookSecret string `json:"webhook_secret"`
	}
	if status != 200 || json.Unmarshal([]byte(out), &edited) != nil || edited.WebhookSecret == "" || !strings.Contains(out, `"target":"statements"`) {
		t.Fatalf("edit: %d %s", status, out)
	}
	if status, _ := env.do(t, "PATCH", "/api/v1/saved-searches/"+itoa(created.ID), "application/json", `{"target": "quotes"}`, bearer); status != 400 {
		t.Errorf("target quotes: %d, want 400", status)
	}
	// A new article quoting the speaker: delivered as a statement.
	a := storetest.Article("https://late.example.test/news", "Late news", who.Name+" said the talks would resume.", time.Now(),
		storetest.Quote{Kind: rapporteur.Indirect, Content: "the talks would resume", Cue: "said", Speaker: who.Name, Mention: who.Name, Role: who.Role})
	if _, err := env.store.PutArticle(t.Context(), a, rapporteur.ArticleMeta{}); err != nil {
		t.Fatal(err)
	}
	d := &Deliverer{Store: env.store, Client: NewWebhookClient(fetch.Policy{AllowPrivate: true}), BaseURL: "https://news.example"}
	if err := d.DeliverDue(t.Context()); err != nil {
		t.Fatal(err)
	}
	got := rc.deliveries()
	if len(got) != 1 {
		t.Fatalf("%d deliveries, want 1", len(got))
	}
	var payload WebhookPayload
	if err := json.Unmarshal(got[0].body, &payload); err != nil {
		t.Fatal(err)
	}
	if payload.SavedSearch.Target != "statements" || len(payload.Statements) != 1 || len(payload.Articles) != 0 {
		t.Fatalf("payload: %s", got[0].body)
	}
	st := payload.Statements[0]
	if st.Quote != "the talks would resume" || st.Speaker.Name != who.Name || st.Speaker.Role != who.Role || st.Article.Title != "Late news" ||
		!strings.HasPrefix(st.Link, "https://news.example/articles/") || st.Article.URL != "https://late.example.test/news" {
		t.Errorf("delivered statement: %+v", st)
	}
	if _, one := env.get(t, "/api/v1/saved-searches/"+itoa(created.ID)); !strings.Contains(one, `"target":"statements"`) {
		t.Errorf("GET of the saved search does not give its target: %s", one)
	}
	// The saved page shows the target and an edit form.
	if _, page := env.get(t, "/saved"); !strings.Contains(page, `<span class="badge">statements</span>`) {
		t.Error("the saved page does not say the search matches statements")
	}
}

// TestBrowserSavedEdit: logged in, on a desktop and a phone, a reader
// saves a search over statements and edits its name; the list says it
// matches statements and the edit form fits the screen (issue 15).
func TestBrowserSavedEdit(t *testing.T) {
	b := newBrowser(t)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	for _, size := range viewports {
		env := newEnv(t, nil)
		where := fmt.Sprintf("saved searches at %d px", size.w)
		b.do(t, where,
			chromedp.EmulateViewport(size.w, size.h),
			chromedp.Navigate(env.ts.URL+"/login?next=/saved"),
			chromedp.WaitVisible(css(`input#token`)),
			chromedp.SetValue(css(`input#token`), testToken),
			chromedp.Submit(css(`form.stack`)),
			chromedp.WaitVisible(css(`input#ss-name`)),
			chromedp.SetValue(css(`input#ss-name`), "Trump quotes"),
			chromedp.SetValue(css(`input#ss-query`), `speaker:"Donald Trump"`),
			chromedp.SetValue(css(`select#ss-target`), "statements"),
			chromedp.Click(css(`form[action="/saved"] button[type=submit]`)),
			chromedp.WaitVisible(css(`ul.items li.item details.edit-saved`)),
			chromedp.Click(css(`details.edit-saved summary`)),
			chromedp.WaitVisible(css(`details.edit-saved input[name=name]`)),
		)
		if over := eval[bool](t, b, `document.documentElement.scrollWidth > window.innerWidth`); over {
			t.Errorf("%s: the page scrolls sideways", where)
		}
		b.shot(t, fmt.Sprintf("saved-edit-%d", size.w))
		b.do(t, where+": rename",
			chromedp.SetValue(css(`details.edit-saved input[name=name]`), "Trump, quoted"),
			chromedp.Click(css(`details.edit-saved button[type=submit]`)),
		)
		// The list reloads with the new name (the flash of the first save
		// is on the page before, so wait for the name itself).
		for i := 0; i < 50 && !eval[bool](t, b, `!!document.querySelector("ul.items li.item a.title") && document.querySelector("ul.items li.item a.title").innerText == "Trump, quoted"`); i++ {
			time.Sleep(100 * time.Millisecond)
		}
		item := eval[string](t, b, `document.querySelector("ul.items li.item").innerText`)
		if !strings.Contains(item, "Trump, quoted") || !strings.Contains(item, "statements") {
			t.Errorf("%s: after the edit the search reads %q", where, item)
		}
		if href := eval[string](t, b, `document.querySelector("ul.items li.item a.title").getAttribute("href")`); !strings.Contains(href, "tab=statements") {
			t.Errorf("%s: the search links to %s, not its statements", where, href)
		}
		b.check(t, where)
	}
}
