package http

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/storetest"
)

// erdoganEnv is a server over two articles: the first quotes "Erdogan"
// alone, the second Recep Tayyip Erdoğan in full and by surname, the
// Foreign Ministry and a report.
func erdoganEnv(t *testing.T) *httptest.Server {
	a := storetest.Article("https://news.example.test/talks", "Talks go on", "Erdogan said the talks would go on.", storetest.Day,
		storetest.Quote{Kind: rapporteur.Indirect, Content: "the talks would go on", Cue: "said", Speaker: "Erdogan", Mention: "Erdogan"})
	b := storetest.Article("https://news.example.test/stay", "Turkey stays",
		"Recep Tayyip Erdoğan said Turkey would stay. Erdogan added that the door was open. The Foreign Ministry said nothing more. The report said the numbers were down.",
		storetest.Day.Add(24*time.Hour),
		storetest.Quote{Kind: rapporteur.Indirect, Content: "Turkey would stay", Cue: "said", Speaker: "Recep Tayyip Erdoğan", Mention: "Recep Tayyip Erdoğan"},
		storetest.Quote{Kind: rapporteur.Indirect, Content: "the door was open", Cue: "added", Speaker: "Erdogan", Mention: "Erdogan"},
		storetest.Quote{Kind: rapporteur.Indirect, Content: "nothing more", Speaker: "Foreign Ministry", Type: rapporteur.Organization, Mention: "The Foreign Ministry"},
		storetest.Quote{Kind: rapporteur.Indirect, Content: "the numbers were down", Speaker: "the report", Type: rapporteur.Document, Mention: "The report"})
	_, ts := exportEnv(t, a, b)
	return ts
}

// TestSpeakerListFilters: the speaker list, in the API and on the page,
// keeps one type and finds a speaker by the name it was quoted under
// (issue 10, item 6).
func TestSpeakerListFilters(t *testing.T) {
	ts := erdoganEnv(t)
	names := func(query string) []string {
		t.Helper()
		var p struct {
			Items []rapporteur.StoredSpeaker `json:"items"`
		}
		if err := json.Unmarshal([]byte(httpGet(t, ts.URL+"/api/v1/speakers?"+query)), &p); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, sp := range p.Items {
			out = append(out, fmt.Sprintf("%s (%s, %d)", sp.Name, sp.Type, sp.StatementCount))
		}
		return out
	}
	for _, c := range []struct {
		query string
		want  []string
	}{
		{"", []string{"Recep Tayyip Erdoğan (person, 3)", "Foreign Ministry (organization, 1)"}},
		{"type=person", []string{"Recep Tayyip Erdoğan (person, 3)"}},
		{"type=organization", []string{"Foreign Ministry (organization, 1)"}},
		{"type=document", nil}, // documents get no speaker
		{"q=erdogan", []string{"Recep Tayyip Erdoğan (person, 3)"}},
		{"q=erdogan&type=organization", nil},
		{"q=ministry", []string{"Foreign Ministry (organization, 1)"}},
	} {
		if got := names(c.query); !slices.Equal(got, c.want) {
			t.Errorf("/api/v1/speakers?%s = %q, want %q", c.query, got, c.want)
		}
	}
	if status := httpResp(t, ts.URL+"/api/v1/speakers?type=robot"); status != 400 {
		t.Errorf("/api/v1/speakers?type=robot: status %d, want 400", status)
	}

	page := func(query string) string {
		t.Helper()
		return httpGet(t, ts.URL+"/speakers?"+query)
	}
	body := page("type=organization")
	if !strings.Contains(body, ">Foreign Ministry</a>") || strings.Contains(body, "Erdoğan") {
		t.Errorf("organizations page does not list only the ministry:\n%s", body)
	}
	if !strings.Contains(body, `<option value="organization" selected>`) {
		t.Errorf("organizations page does not keep the type chosen:\n%s", body)
	}
	body = page("q=erdogan")
	if strings.Count(body, `<li class="item">`) != 1 || !strings.Contains(body, ">Recep Tayyip Erdoğan</a>") || !strings.Contains(body, `value="erdogan"`) {
		t.Errorf("q=erdogan page does not list Recep Tayyip Erdoğan alone, with the search kept:\n%s", body)
	}
	body = page("type=group")
	if !strings.Contains(body, "No speakers match.") || !strings.Contains(body, "Only persons and organizations are kept as speakers") {
		t.Errorf("groups page does not say why it is empty:\n%s", body)
	}
	if status := httpResp(t, ts.URL+"/speakers?type=robot"); status != 400 {
		t.Errorf("/speakers?type=robot: status %d, want 400", status)
	}
}

// TestSpeakerPageAliases: the page of a speaker says which other names it
// was quoted under.
func TestSpeakerPageAliases(t *testing.T) {
	ts := erdoganEnv(t)
	var p struct {
		Items []rapporteur.StoredSpeaker `json:"items"`
	}
	if err := json.Unmarshal([]byte(httpGet(t, ts.URL+"/api/v1/speakers?type=person")), &p); err != nil || len(p.Items) != 1 {
		t.Fatalf("persons: %+v, %v", p.Items, err)
	}
	body := httpGet(t, fmt.Sprintf("%s/speakers/%d", ts.URL, p.Items[0].ID))
	if !strings.Contains(body, "Also quoted as Erdogan</p>") {
		t.Errorf("speaker page does not give the alias Erdogan:\n%s", body)
	}
}

// TestStatementCSVSpeakerCanonical: the statement export gives, after the
// columns scripts read by position, the canonical speaker of each
// statement beside the name as the article wrote it.
func TestStatementCSVSpeakerCanonical(t *testing.T) {
	ts := erdoganEnv(t)
	body := httpGet(t, ts.URL+"/api/v1/statements?format=csv")
	header := strings.SplitN(body, "\n", 2)[0]
	wantHeader := "id,article_id,date,kind,speaker,speaker_type,speaker_id,role,affiliation,cue,content,via,confidence," +
		"article_title,article_url,source,mode,content_start,content_end,cue_start,cue_end,mention,speaker_phrase,source_id,snippet,speaker_canonical"
	// Later columns (storyline, act, notes …) come after, so positions
	// stay.
	if !strings.HasPrefix(strings.TrimSpace(header)+",", wantHeader+",") {
		t.Errorf("statement csv header\n%s\nwant it to begin with\n%s", header, wantHeader)
	}
	got := map[string]string{}
	for _, row := range readCSV(t, body) {
		got[row["content"]] = row["speaker"] + " → " + row["speaker_canonical"]
	}
	want := map[string]string{
		"the talks would go on": "Erdogan → Recep Tayyip Erdoğan",
		"Turkey would stay":     "Recep Tayyip Erdoğan → Recep Tayyip Erdoğan",
		"the door was open":     "Erdogan → Recep Tayyip Erdoğan",
		"nothing more":          "Foreign Ministry → Foreign Ministry",
		"the numbers were down": "the report → ",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("statement %q: speaker → speaker_canonical %q, want %q", k, got[k], v)
		}
	}
}

// httpResp returns the status of a GET.
func httpResp(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestMergedSpeakerRedirects: the address of a speaker that joined another
// (the lone "Erdogan" stored before the full name) leads to the speaker it
// became, on the page with a permanent redirect and in the API with that
// speaker, as a merged story's address does.
func TestMergedSpeakerRedirects(t *testing.T) {
	ts := erdoganEnv(t)
	resp, err := http.Get(ts.URL + "/api/v1/speakers?q=erdogan")
	if err != nil {
		t.Fatal(err)
	}
	var list struct{ Items []rapporteur.StoredSpeaker }
	json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	if len(list.Items) != 1 || list.Items[0].ID == 1 {
		t.Fatalf("speakers named erdogan: %+v, want one that is not the first stored", list.Items)
	}
	full := list.Items[0].ID
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err = client.Get(ts.URL + "/speakers/1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != fmt.Sprintf("/speakers/%d", full) {
		t.Errorf("GET /speakers/1: %d to %q, want 301 to /speakers/%d", resp.StatusCode, resp.Header.Get("Location"), full)
	}
	resp, err = http.Get(ts.URL + "/api/v1/speakers/1")
	if err != nil {
		t.Fatal(err)
	}
	var sp rapporteur.StoredSpeaker
	json.NewDecoder(resp.Body).Decode(&sp)
	resp.Body.Close()
	if resp.StatusCode != 200 || sp.ID != full || sp.Name != "Recep Tayyip Erdoğan" {
		t.Errorf("GET /api/v1/speakers/1: %d %+v, want speaker %d", resp.StatusCode, sp, full)
	}
}
