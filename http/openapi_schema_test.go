package http

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/storetest"
)

// TestOpenAPISchemas: every field the API returns for a statement, an
// article and an extraction is described in openapi.json's schema of it
// (the Statement schemas lacked act, target and responds_to), and the q
// parameter names every search field of the help page.
func TestOpenAPISchemas(t *testing.T) {
	raw, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	env := newEnv(t, nil)
	a := storetest.Article("https://schema.example.test/1", "Ministry rejects report",
		`The UN report accuses China. "It is a farce," Zhao Lijian said.`, storetest.Day,
		storetest.Quote{Kind: rapporteur.Indirect, Content: "accuses China", Cue: "accuses", Speaker: "UN report", Type: rapporteur.Document},
		storetest.Quote{Content: "It is a farce,", Cue: "said", Speaker: "Zhao Lijian", Role: "spokesman", Affiliation: "Foreign Ministry"})
	a.Statements[0].Act = rapporteur.ActAccuse
	a.Statements[0].Target = &rapporteur.Target{Name: "China", Type: "place"}
	a.Statements[1].Act = rapporteur.ActDeny
	a.Statements[1].Target = &rapporteur.Target{Name: "UN report", Type: rapporteur.Document}
	a.Statements[1].RespondsTo = []rapporteur.Reply{{Statement: 0}}
	res, err := env.store.PutArticle(t.Context(), a, rapporteur.ArticleMeta{})
	if err != nil {
		t.Fatal(err)
	}

	check := func(what, path string, schema map[string]any) {
		t.Helper()
		status, body := env.get(t, path)
		if status != 200 {
			t.Fatalf("%s: %d %s", path, status, body)
		}
		var v any
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		var missing []string
		undocumented(schemas, schema, v, what, &missing)
		sort.Strings(missing)
		for _, m := range slices.Compact(missing) {
			t.Errorf("%s returns %s, which openapi.json does not describe", path, m)
		}
	}
	ref := func(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }
	list := doc["paths"].(map[string]any)["/api/v1/statements"].(map[string]any)["get"].(map[string]any)["responses"].(map[string]any)["200"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any)
	check("statements", "/api/v1/statements?q="+url.QueryEscape("act:deny"), list)
	check("article", fmt.Sprintf("/api/v1/articles/%d", res.ID), ref("Article"))
	st, body := env.do(t, "POST", "/api/v1/extract", "application/json",
		`{"id": "a1", "text": "Ministry rejects report\n\nThe UN report accuses China of abuses. Foreign Ministry spokesman Zhao Lijian denied the allegations, calling the UN report \"a farce orchestrated by the United States.\""}`, nil)
	if st != 200 {
		t.Fatalf("extract: %d %s", st, body)
	}
	var v any
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatal(err)
	}
	var missing []string
	undocumented(schemas, ref("Extracted"), v, "extracted", &missing)
	sort.Strings(missing)
	for _, m := range slices.Compact(missing) {
		t.Errorf("POST /api/v1/extract returns %s, which openapi.json does not describe", m)
	}
	if !strings.Contains(body, `"act":"deny"`) {
		t.Errorf("the extraction has no denial to check: %s", body)
	}

	q := doc["components"].(map[string]any)["parameters"].(map[string]any)["q"].(map[string]any)["description"].(string)
	_, help := env.get(t, "/help/search")
	_, bad := env.get(t, "/search?q=%22open")
	for _, field := range []string{"act:", "target:", "answers:", "has:", "note:"} {
		if !strings.Contains(q, field) {
			t.Errorf("openapi's q parameter does not name %s", field)
		}
		if !strings.Contains(help, "<code>"+field) {
			t.Errorf("/help/search does not explain %s", field)
		}
		if !strings.Contains(bad, field) {
			t.Errorf("the bad-query hint does not name %s", field)
		}
	}
}

// undocumented adds to missing the path of every object key of v that
// schema (resolving $refs in schemas) has no property for.
func undocumented(schemas, schema map[string]any, v any, path string, missing *[]string) {
	if r, ok := schema["$ref"].(string); ok {
		schema = schemas[strings.TrimPrefix(r, "#/components/schemas/")].(map[string]any)
	}
	switch v := v.(type) {
	case map[string]any:
		props, ok := schema["properties"].(map[string]any)
		if !ok {
			return // a free-form object
		}
		for k, x := range v {
			p, ok := props[k].(map[string]any)
			if !ok {
				*missing = append(*missing, path+"."+k)
				continue
			}
			undocumented(schemas, p, x, path+"."+k, missing)
		}
	case []any:
		items, ok := schema["items"].(map[string]any)
		if !ok {
			return
		}
		for _, x := range v {
			undocumented(schemas, items, x, path+"[]", missing)
		}
	}
}
