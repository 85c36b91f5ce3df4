package http

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/storetest"
)

// TestActsShown: a statement's act and target show wherever statements
// are listed (the Statements tab, a speaker's page, Analyze), so that a
// reader who searched act:deny target:X sees why each row matched.
func TestActsShown(t *testing.T) {
	env := newEnv(t, nil)
	a := storetest.Article("https://acts.example.test/1", "Ministry rejects report",
		`"It is a farce," Zhao Lijian said.`, storetest.Day,
		storetest.Quote{Content: "It is a farce,", Cue: "said", Speaker: "Zhao Lijian"})
	a.Statements[0].Act = rapporteur.ActDeny
	a.Statements[0].Target = &rapporteur.Target{Name: "UN report", Type: rapporteur.Document}
	if _, err := env.store.PutArticle(t.Context(), a, rapporteur.ArticleMeta{}); err != nil {
		t.Fatal(err)
	}
	p, err := env.store.Statements(t.Context(), rapporteur.StatementFilter{Query: "act:deny target:report"})
	if err != nil || len(p.Items) == 0 {
		t.Fatalf("statements act:deny: %v %v", p, err)
	}
	shows := func(where, body string) {
		t.Helper()
		if !strings.Contains(body, `<span class="act act-deny">deny</span>`) || !strings.Contains(body, `<span class="target">→ UN report</span>`) {
			t.Errorf("%s shows no act and target", where)
		}
	}
	_, body := env.get(t, "/search?tab=statements&q="+url.QueryEscape("act:deny target:report"))
	shows("the Statements tab", body)
	_, body = env.get(t, fmt.Sprintf("/speakers/%d", p.Items[0].SpeakerID))
	shows("the speaker's page", body)

	text := "Ministry rejects report\n\nThe UN report accuses China of abuses. Foreign Ministry spokesman Zhao Lijian denied the allegations, calling the UN report \"a farce orchestrated by the United States.\""
	status, body := env.do(t, "POST", "/analyze", "application/x-www-form-urlencoded", "text="+url.QueryEscape(text), nil)
	if status != 200 {
		t.Fatalf("analyze: %d", status)
	}
	if !strings.Contains(body, `<span class="act act-deny">deny</span>`) || !strings.Contains(body, `<span class="target">→ UN report</span>`) {
		t.Error("Analyze shows no act and target")
	}
}
