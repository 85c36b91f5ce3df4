package http

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/sqlite"
	"github.com/rapporteur/rapporteur/storetest"
)

// storylineEnv is a server over a store holding two articles in two
// stories of one storyline ("harbour"), the second story ("ferries") linked
// into it; the first article has a note of its own and a disputed note
// on its Rui Costa statement. It returns the server and the article ids.
func storylineEnv(t *testing.T) (*httptest.Server, *sqlite.DB, int64, int64) {
	t.Helper()
	ctx := context.Background()
	db := openStore(t)
	a := creditedArticle()
	// The act stage's fields, so that the export must carry them too.
	a.Statements[1].Act = rapporteur.ActDeny
	a.Statements[1].Target = &rapporteur.Target{Name: "Ana Lopes", Type: rapporteur.Person, Mention: &rapporteur.Span{Start: 0, End: 9, Text: "Ana Lopes"}}
	a.Statements[1].RespondsTo = []rapporteur.Reply{{Article: "harbour-1", Statement: 0}}
	a.Statements[1].Speaker.MoreRoles = []rapporteur.RoleDesc{{Role: "mayor", Affiliation: "Porto"}}
	a.Statements[1].Speaker.Role = "minister"
	m := storetest.Find(a.Text, "Rui Costa")
	a.Statements[1].Speaker.Mention, a.Statements[1].Speaker.Source = &m, &m
	first, err := db.PutArticle(ctx, a, rapporteur.ArticleMeta{})
	if err != nil {
		t.Fatal(err)
	}
	second, err := db.PutArticle(ctx, storetest.Article("https://news.example.test/ferries", "Ferries back",
		"The ferries sailed again on Monday.", storetest.Day.AddDate(0, 0, 2)), rapporteur.ArticleMeta{})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []struct {
		id    int64
		key   string
		title string
	}{{first.ID, "harbour", "Harbour reopens"}, {second.ID, "ferries", "Ferries back"}} {
		if err := db.LinkArticle(ctx, l.id, rapporteur.ArticleLink{StoryKey: l.key, StoryTitle: l.title}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.LinkStorylines(ctx, []rapporteur.StorylineLink{{StoryKey: "ferries", StorylineKey: "harbour"}}); err != nil {
		t.Fatal(err)
	}
	sts, err := db.Statements(ctx, rapporteur.StatementFilter{ArticleID: first.ID})
	if err != nil || len(sts.Items) != 2 {
		t.Fatalf("statements: %v %v", sts.Items, err)
	}
	for _, n := range []*rapporteur.Note{
		{ArticleID: first.ID, Status: rapporteur.NoteVerified, Author: "Desk", Text: "Harbour master confirmed; by phone."},
		{StatementID: sts.Items[1].ID, Status: rapporteur.NoteDisputed, Author: "Ana Reis", Text: "The boats are not back."},
	} {
		if err := db.AddNote(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	srv, err := NewServer(Config{Store: db, Intake: testIntake(newPipeline(t)), RateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts, db, first.ID, second.ID
}

// exportedArticle is what TestExportStorylineAndNotes reads of a JSON
// Lines article.
type exportedArticle struct {
	ID        int64  `json:"id"`
	StoryID   int64  `json:"story_id"`
	Storyline string `json:"storyline"`
	Notes     []struct {
		StatementID int64  `json:"statement_id"`
		Status      string `json:"status"`
		Author      string `json:"author"`
		Text        string `json:"text"`
		Created     string `json:"created"`
	} `json:"notes"`
}

// TestExportStorylineAndNotes: an article's and a statement's export rows
// carry the storyline of their story and the notes (issue 15), in CSV
// and in JSON Lines.
func TestExportStorylineAndNotes(t *testing.T) {
	ts, _, first, second := storylineEnv(t)

	// JSON Lines: one object per article, newest first.
	var arts []exportedArticle
	for _, line := range strings.Split(strings.TrimSpace(httpGet(t, ts.URL+"/api/v1/articles?format=jsonl")), "\n") {
		var a exportedArticle
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		arts = append(arts, a)
	}
	sort.Slice(arts, func(i, j int) bool { return arts[i].ID < arts[j].ID })
	if len(arts) != 2 || arts[0].ID != first || arts[1].ID != second {
		t.Fatalf("jsonl articles: %+v", arts)
	}
	if arts[0].Storyline != "harbour" || arts[1].Storyline != "harbour" || arts[0].StoryID == arts[1].StoryID {
		t.Errorf("jsonl storylines: %q (story %d) and %q (story %d), want both harbour, two stories",
			arts[0].Storyline, arts[0].StoryID, arts[1].Storyline, arts[1].StoryID)
	}
	if n := arts[0].Notes; len(n) != 2 || n[0].Status != "verified" || n[0].Author != "Desk" || n[0].StatementID != 0 ||
		n[1].Status != "disputed" || n[1].StatementID == 0 || n[1].Created == "" {
		t.Errorf("jsonl notes of the first article: %+v", n)
	}
	if arts[1].Notes == nil || len(arts[1].Notes) != 0 {
		t.Errorf("jsonl notes of the second article: %v, want []", arts[1].Notes)
	}

	rows := readCSV(t, httpGet(t, ts.URL+"/api/v1/articles?format=csv&order=oldest"))
	if len(rows) != 2 {
		t.Fatalf("csv rows: %v", rows)
	}
	r := rows[0]
	if r["storyline"] != "harbour" || rows[1]["storyline"] != "harbour" || r["note_count"] != "2" || r["note_status"] != "disputed" ||
		rows[1]["note_count"] != "0" || rows[1]["notes"] != "" {
		t.Errorf("article csv storyline/notes: %q %q %q %q / %q %q", r["storyline"], r["note_count"], r["note_status"], r["notes"], rows[1]["storyline"], rows[1]["note_count"])
	}
	lines := strings.Split(r["notes"], "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "Desk [verified]: Harbour master confirmed; by phone.") ||
		!strings.Contains(lines[1], "Ana Reis [disputed] on statement ") || !strings.HasSuffix(lines[1], ": The boats are not back.") {
		t.Errorf("article csv notes cell: %q", r["notes"])
	}

	// Statements: only the disputed statement has a note.
	sts := readCSV(t, httpGet(t, ts.URL+"/api/v1/statements?format=csv"))
	bySpeaker := map[string]map[string]string{}
	for _, s := range sts {
		bySpeaker[s["speaker"]] = s
	}
	rui, ana := bySpeaker["Rui Costa"], bySpeaker["Ana Lopes"]
	if rui == nil || ana == nil {
		t.Fatalf("statement csv: %v", sts)
	}
	if rui["storyline"] != "harbour" || rui["story_id"] == "" || rui["note_count"] != "1" || rui["note_status"] != "disputed" ||
		!strings.HasSuffix(rui["notes"], "Ana Reis [disputed]: The boats are not back.") || ana["note_count"] != "0" {
		t.Errorf("statement csv: Rui Costa %v; Ana Lopes note_count %q", rui, ana["note_count"])
	}
	for _, line := range strings.Split(strings.TrimSpace(httpGet(t, ts.URL+"/api/v1/statements?format=jsonl")), "\n") {
		var st struct {
			Speaker   struct{ Name string } `json:"speaker"`
			StoryID   int64                 `json:"story_id"`
			Storyline string                `json:"storyline"`
			Notes     []rapporteur.Note     `json:"notes"`
		}
		if err := json.Unmarshal([]byte(line), &st); err != nil {
			t.Fatal(err)
		}
		want := 0
		if st.Speaker.Name == "Rui Costa" {
			want = 1
		}
		if st.Storyline != "harbour" || st.StoryID == 0 || st.Notes == nil || len(st.Notes) != want {
			t.Errorf("statement jsonl of %s: story %d storyline %q notes %+v", st.Speaker.Name, st.StoryID, st.Storyline, st.Notes)
		}
	}
}

// TestExportEveryAPIField: every field the API gives an article (GET
// /api/v1/articles/{id}) or a statement (GET /api/v1/statements) is in its
// JSON Lines export and has a CSV column (issue 15: "every field the API
// returns").
func TestExportEveryAPIField(t *testing.T) {
	ts, _, first, _ := storylineEnv(t)
	keys := func(body string) []string {
		var m map[string]any
		if err := json.Unmarshal([]byte(strings.TrimSpace(body)), &m); err != nil {
			t.Fatalf("%v: %s", err, body)
		}
		var out []string
		for k, v := range m {
			out = append(out, k)
			// Nested objects of a statement: its speaker, spans, target,
			// and their spans (speaker.mention.start).
			if sub, ok := v.(map[string]any); ok && k != "source" {
				for sk, sv := range sub {
					out = append(out, k+"."+sk)
					if subsub, ok := sv.(map[string]any); ok {
						for ssk := range subsub {
							out = append(out, k+"."+sk+"."+ssk)
						}
					}
				}
			}
		}
		sort.Strings(out)
		return out
	}
	header := func(path string) []string {
		body := httpGet(t, ts.URL+path)
		return strings.Split(strings.TrimSpace(strings.SplitN(body, "\n", 2)[0]), ",")
	}
	// The CSV column of a JSON field, where it has another name or is
	// flattened.
	articleCols := map[string][]string{
		"source": {"source", "source_host"}, "statements": {"speaker_ids"}, "notes": {"note_count", "note_status", "notes"},
	}
	statementCols := map[string][]string{
		"speaker.name": {"speaker"}, "speaker.type": {"speaker_type"}, "speaker.role": {"role"}, "speaker.affiliation": {"affiliation"},
		"speaker.mention": {"mention"}, "speaker.source": {"speaker_phrase"}, "speaker.more_roles": {"more_roles"},
		"content.start": {"content_start"}, "content.end": {"content_end"}, "content.text": {"content"},
		"cue.start": {"cue_start"}, "cue.end": {"cue_end"}, "cue.text": {"cue"}, "source_name": {"source"},
		"target.name": {"target"}, "target.type": {"target_type"}, "notes": {"note_count", "note_status", "notes"},
		"speaker.mention.text": {"mention"}, "speaker.mention.start": {"mention_start"}, "speaker.mention.end": {"mention_end"},
		"speaker.source.text": {"speaker_phrase"}, "speaker.source.start": {"speaker_phrase_start"}, "speaker.source.end": {"speaker_phrase_end"},
		"target.mention": {"target_mention"}, "target.mention.text": {"target_mention"},
		"target.mention.start": {"target_mention_start"}, "target.mention.end": {"target_mention_end"},
		"speaker": nil, "content": nil, "cue": nil, "target": nil, // their parts are
	}
	check := func(what string, api, jsonl, csv []string, cols map[string][]string) {
		for _, k := range api {
			if !strings.Contains(k, ".") && !slices.Contains(jsonl, k) {
				t.Errorf("%s: the API gives %q, the JSON Lines export does not", what, k)
			}
			want, ok := cols[k]
			if !ok {
				want = []string{k}
			}
			for _, c := range want {
				if !slices.Contains(csv, c) {
					t.Errorf("%s: the API gives %q, the CSV has no column %q", what, k, c)
				}
			}
		}
	}
	api := keys(httpGet(t, ts.URL+"/api/v1/articles/"+strconv.FormatInt(first, 10)))
	for _, k := range []string{"storyline", "notes", "credits", "entities", "authors", "story_id", "language", "statements"} {
		if !slices.Contains(api, k) {
			t.Errorf("GET /api/v1/articles/%d has no %q: %v", first, k, api)
		}
	}
	jl := keys(strings.SplitN(httpGet(t, ts.URL+"/api/v1/articles?format=jsonl&order=oldest"), "\n", 2)[0])
	check("articles", api, jl, header("/api/v1/articles?format=csv"), articleCols)

	var page struct {
		Items []json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal([]byte(httpGet(t, ts.URL+"/api/v1/statements?speaker=Rui+Costa")), &page); err != nil || len(page.Items) != 1 {
		t.Fatalf("statement page: %v %v", page, err)
	}
	api = keys(string(page.Items[0]))
	for _, k := range []string{"act", "target", "responds_to", "speaker.more_roles", "storyline", "story_id", "notes", "speaker_id"} {
		if !slices.Contains(api, k) {
			t.Errorf("the statement API has no %q: %v", k, api)
		}
	}
	jl = keys(httpGet(t, ts.URL+"/api/v1/statements?format=jsonl&speaker=Rui+Costa"))
	check("statements", api, jl, header("/api/v1/statements?format=csv"), statementCols)

	// And the values of the act stage's columns and of the spans.
	m := storetest.Find(creditedArticle().Text, "Rui Costa")
	sts := readCSV(t, httpGet(t, ts.URL+"/api/v1/statements?format=csv&speaker=Rui+Costa"))
	if s := sts[0]; s["act"] != "deny" || s["target"] != "Ana Lopes" || s["target_type"] != "person" || s["responds_to"] != "harbour-1#0" ||
		s["more_roles"] != "mayor, Porto" || s["role"] != "minister" || s["target_mention"] != "Ana Lopes" || s["target_mention_end"] != "9" ||
		s["mention_start"] != strconv.Itoa(m.Start) || s["speaker_phrase_end"] != strconv.Itoa(m.End) {
		t.Errorf("statement csv act columns: %v", s)
	}
	arts := readCSV(t, httpGet(t, ts.URL+"/api/v1/articles?format=csv&order=oldest"))
	if a := arts[0]; a["entities"] != "Ana Lopes (person, 1); Rui Costa (person, 1)" {
		t.Errorf("article csv entities %q", a["entities"])
	}
}
