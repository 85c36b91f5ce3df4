package http

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/rapporteur/rapporteur"
)

// TestNotesAPI: a note needs the write token; with it, a note on a
// statement is listed with its article, found by note:disputed and
// has:note, exported as CSV, and deleted.
func TestNotesAPI(t *testing.T) {
	env := newEnv(t, nil)
	a, err := env.store.Article(t.Context(), 1)
	if err != nil || len(a.Statements) == 0 {
		t.Fatalf("article 1: %v", err)
	}
	st := a.Statements[0]
	body := fmt.Sprintf(`{"statement_id": %d, "status": "disputed", "author": "Desk", "text": "The ministry denies it."}`, st.ID)
	if status, _ := env.do(t, "POST", "/api/v1/articles/1/notes", "application/json", body, nil); status != 401 {
		t.Errorf("a note without the token: %d, want 401", status)
	}
	bearer := []string{"Authorization", "Bearer " + testToken}
	status, out := env.do(t, "POST", "/api/v1/articles/1/notes", "application/json", body, bearer)
	var n rapporteur.Note
	if status != 201 || json.Unmarshal([]byte(out), &n) != nil || n.StatementID != st.ID || n.Quote != st.Content.Text || n.Author != "Desk" {
		t.Fatalf("add note: %d %s", status, out)
	}
	for _, bad := range []string{`{"status": "wrong", "author": "Desk", "text": "x"}`, `{"author": "", "text": "x"}`,
		fmt.Sprintf(`{"statement_id": %d, "author": "Desk", "text": "x"}`, otherStatement(t, env, 1))} {
		if status, out := env.do(t, "POST", "/api/v1/articles/1/notes", "application/json", bad, bearer); status != 400 {
			t.Errorf("note %s: %d %s, want 400", bad, status, out)
		}
	}
	status, out = env.get(t, "/api/v1/articles/1/notes")
	if status != 200 || !strings.Contains(out, `"status":"disputed"`) {
		t.Errorf("notes of article 1: %d %s", status, out)
	}
	for _, q := range []string{"note:disputed", "has:note"} {
		_, out := env.get(t, "/api/v1/articles?q="+q)
		var p struct{ Items []struct{ ID int64 } }
		if json.Unmarshal([]byte(out), &p) != nil || len(p.Items) != 1 || p.Items[0].ID != 1 {
			t.Errorf("articles %s: %s", q, out)
		}
		_, out = env.get(t, "/api/v1/statements?q="+q)
		if json.Unmarshal([]byte(out), &p) != nil || len(p.Items) != 1 || p.Items[0].ID != st.ID {
			t.Errorf("statements %s: %s", q, out)
		}
	}
	_, out = env.get(t, "/api/v1/notes?format=csv")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][4] != "disputed" || rows[1][3] != st.Content.Text {
		t.Errorf("notes CSV: %v %v", rows, err)
	}
	// The article page shows it beside its statement.
	_, page := env.get(t, "/articles/1")
	if !strings.Contains(page, `id="note-`+itoa(n.ID)+`"`) || !strings.Contains(page, "The ministry denies it.") {
		t.Error("the article page does not show the note")
	}
	if status, _ := env.do(t, "DELETE", fmt.Sprintf("/api/v1/notes/%d", n.ID), "", "", bearer); status != 204 {
		t.Errorf("delete note: %d", status)
	}
	if _, out := env.get(t, "/api/v1/articles?q=has:note"); !strings.Contains(out, `"items":[]`) {
		t.Errorf("after deleting: %s", out)
	}
}

// otherStatement returns a statement of an article other than id.
func otherStatement(t *testing.T, env *testEnv, id int64) int64 {
	t.Helper()
	p, err := env.store.Statements(t.Context(), rapporteur.StatementFilter{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range p.Items {
		if st.ArticleID != id {
			return st.ID
		}
	}
	t.Fatal("no statement of another article")
	return 0
}

// TestBrowserNotes: logged in, a reader puts a disputed note on a
// statement with the article page's form, on a desktop and a phone; the
// note shows beside the statement with its status and author, and
// note:disputed finds the article (issue 15).
func TestBrowserNotes(t *testing.T) {
	b := newBrowser(t)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	for _, size := range viewports {
		env := newEnv(t, nil)
		where := fmt.Sprintf("notes at %d px", size.w)
		a, err := env.store.Article(t.Context(), 1)
		if err != nil || len(a.Statements) == 0 {
			t.Fatal(err)
		}
		st := a.Statements[len(a.Statements)-1]
		b.do(t, where+": log in",
			chromedp.EmulateViewport(size.w, size.h),
			chromedp.Navigate(env.ts.URL+"/login?next=/articles/1"),
			chromedp.WaitVisible(css(`input#token`)),
			chromedp.SetValue(css(`input#token`), testToken),
			chromedp.Submit(css(`form.stack`)),
			chromedp.WaitVisible(css(`form.note-form`)),
			chromedp.SetValue(css(`select#note-on`), itoa(st.ID)),
			chromedp.SetValue(css(`select#note-status`), "disputed"),
			chromedp.SetValue(css(`input#note-author`), "Fact desk"),
			chromedp.SetValue(css(`textarea#note-text`), "The ministry denies this."),
			chromedp.Click(css(`form.note-form button[type=submit]`)),
			chromedp.WaitVisible(css(`aside .note.note-disputed`)),
		)
		note := eval[string](t, b, `document.querySelector("aside .note.note-disputed").innerText`)
		if !strings.Contains(note, "disputed") || !strings.Contains(note, "The ministry denies this.") || !strings.Contains(note, "Fact desk") {
			t.Errorf("%s: the note reads %q", where, note)
		}
		// Beside its statement: inside the statement's list item.
		if li := eval[string](t, b, `document.querySelector("aside .note.note-disputed").closest("li").innerText`); !strings.Contains(li, st.Content.Text[:min(20, len(st.Content.Text))]) {
			t.Errorf("%s: the note is not beside its statement: %q", where, li)
		}
		if over := eval[bool](t, b, `document.documentElement.scrollWidth > window.innerWidth`); over {
			t.Errorf("%s: the page scrolls sideways", where)
		}
		b.shot(t, fmt.Sprintf("notes-%d", size.w))
		b.do(t, where+": search", chromedp.Navigate(env.ts.URL+"/search?q=note:disputed"), chromedp.WaitVisible(css(`ul.items li.item`)))
		if n := eval[int](t, b, `document.querySelectorAll("ul.items li.item").length`); n != 1 {
			t.Errorf("%s: note:disputed finds %d articles, want 1", where, n)
		}
		b.check(t, where)
	}
}
