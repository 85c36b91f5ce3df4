package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/sqlite"
)

// outcome is what a user sees of one input at one entry point.
type outcome struct {
	ok   bool
	code string // the error code, where the entry point shows one
	msg  string // the error message
	a    rapporteur.Article
}

// entry feeds one input to one entry point.
type entry struct {
	name string
	// codes says whether the entry point shows error codes (the CLI shows
	// an exit status instead); article whether it shows the article.
	codes, article bool
	feed           func(t *testing.T, input []byte) outcome
}

// TestEveryEntryPointSameOutcome feeds the same good and hostile JSON
// records to every entry point that takes records (extract --jsonl, link,
// ingest, the JSON and JSON Lines ingest API, the extract API), and the
// same documents to every one that takes documents (extract FILE, ingest
// FILE, the text/plain extract API, the Analyze page), and asserts one
// outcome for each input: accepted or not, with which error code and
// message, and the same text, date, authors and URL.
func TestEveryEntryPointSameOutcome(t *testing.T) {
	base, stderr, _ := startServe(t, "--db", filepath.Join(t.TempDir(), "serve.db"), "--addr", "127.0.0.1:0", "--no-poll")
	m := regexp.MustCompile(`write token is (\S+)`).FindStringSubmatch(stderr.String())
	if m == nil {
		t.Fatalf("no token printed:\n%s", stderr)
	}
	token := m[1]

	records := []struct {
		name, line string
		ok         bool
		code, msg  string
		published  string
		authors    string
		url        string
	}{
		{name: "text with authors and a date", ok: true, published: "2026-12-05T00:00:00Z", authors: "Ann Lee,Bo Chan", url: "https://entry.test/a",
			line: `{"id": "a", "title": "Budget", "text": "Finance Minister Jane Doe said on Monday that the budget would balance.", "url": "https://entry.test/a", "published": "2026-12-05", "authors": ["Ann Lee", "Bo Chan"]}`},
		{name: "time without a zone", ok: true, published: "2026-12-05T10:30:00Z", url: "https://entry.test/b",
			line: `{"id": "b", "text": "\"We will act,\" said Mayor Ana Ruiz.", "url": "https://entry.test/b", "published": "2026-12-05T10:30:00"}`},
		{name: "html", ok: true, url: "https://entry.test/c",
			line: `{"id": "c", "html": "<html><body><article><p>Finance Minister Jane Doe said on Monday that the budget would balance by 2030, after years of deficits.</p></article></body></html>", "url": "https://entry.test/c"}`},
		{name: "invalid UTF-8", code: rapporteur.EINVALID, msg: "not valid UTF-8 (byte 0xe9",
			line: "{\"id\": \"d\", \"text\": \"Le caf\xe9 est ferm\xe9.\"}"},
		{name: "date in no accepted form", code: rapporteur.EINVALID, msg: `"published" "05/12/2026" is not a date: use YYYY-MM-DD`,
			line: `{"id": "e", "text": "Body.", "published": "05/12/2026"}`},
		{name: "javascript: URL", code: rapporteur.EINVALID, msg: `url "javascript:alert(1)" is not an absolute http or https URL`,
			line: `{"id": "f", "text": "Body.", "url": "javascript:alert(1)"}`},
		{name: "nothing to read", code: rapporteur.EINVALID, msg: `none of "text", "html" and "url"`,
			line: `{"id": "g", "title": "Only a title"}`},
		{name: "text and html", code: rapporteur.EINVALID, msg: `give "text" or "html", not both`,
			line: `{"id": "h", "text": "a", "html": "<p>b</p>"}`},
		{name: "not JSON", code: rapporteur.EINVALID, msg: "not a JSON object",
			line: `{"id": "i", "text": `},
		{name: "authors not a list", code: rapporteur.EINVALID, msg: `"authors" must be a list of strings`,
			line: `{"id": "j", "text": "Body.", "authors": "Ann Lee"}`},
	}
	recordEntries := []entry{
		{"extract --jsonl", true, true, func(t *testing.T, in []byte) outcome {
			r := run(t, bytes.NewReader(append(in, '\n')), "extract", "--jsonl", "-")
			return outputLine(t, r.stdout)
		}},
		{"link --jsonl", true, false, func(t *testing.T, in []byte) outcome {
			r := run(t, bytes.NewReader(append(in, '\n')), "link", "--jsonl", "-")
			return outputLine(t, r.stdout)
		}},
		{"ingest FILE.jsonl", false, true, func(t *testing.T, in []byte) outcome {
			return ingestCLI(t, "rec.jsonl", append(in, '\n'))
		}},
		{"POST /api/v1/articles (JSON)", true, true, func(t *testing.T, in []byte) outcome {
			st, body := post(t, base+"api/v1/articles", "application/json", token, in)
			if st != 200 && st != 201 {
				return apiError(t, body)
			}
			var res struct{ Location string }
			json.Unmarshal(body, &res)
			return storedArticle(t, base, res.Location)
		}},
		{"POST /api/v1/articles (JSON Lines)", true, true, func(t *testing.T, in []byte) outcome {
			st, body := post(t, base+"api/v1/articles", "application/x-ndjson", token, append(in, '\n'))
			if st != 200 {
				t.Fatalf("status %d: %s", st, body)
			}
			var res struct {
				Line     int
				Location string
				Error    *struct{ Code, Message string }
			}
			if err := json.Unmarshal(body, &res); err != nil || bytes.Count(body, []byte("\n")) != 1 || res.Line != 1 {
				t.Fatalf("answer %q: %v", body, err)
			}
			if res.Error != nil {
				return outcome{code: res.Error.Code, msg: res.Error.Message}
			}
			return storedArticle(t, base, res.Location)
		}},
		{"POST /api/v1/extract (JSON)", true, true, func(t *testing.T, in []byte) outcome {
			// With the token, whose rate limit leaves room for the table.
			st, body := post(t, base+"api/v1/extract", "application/json", token, in)
			if st != 200 {
				return apiError(t, body)
			}
			var a rapporteur.Article
			if err := json.Unmarshal(body, &a); err != nil {
				t.Fatal(err)
			}
			return outcome{ok: true, a: a}
		}},
	}
	for _, rc := range records {
		t.Run("record/"+rc.name, func(t *testing.T) {
			var same sameText
			for _, e := range recordEntries {
				got := e.feed(t, []byte(rc.line))
				if same.check(t, e, got, rc.ok, rc.code, rc.msg) {
					pub := ""
					if got.a.Published != nil {
						pub = got.a.Published.UTC().Format(time.RFC3339)
					}
					if rc.published != "" && pub != rc.published {
						t.Errorf("%s: published %q, want %q", e.name, pub, rc.published)
					}
					if strings.Join(got.a.Authors, ",") != rc.authors && rc.authors != "" {
						t.Errorf("%s: authors %q, want %q", e.name, got.a.Authors, rc.authors)
					}
					if got.a.URL != rc.url {
						t.Errorf("%s: url %q, want %q", e.name, got.a.URL, rc.url)
					}
				}
			}
		})
	}

	utf16 := []byte{0xff, 0xfe}
	for _, r := range "Budget vote\n\n\"We will act,\" said Mayor Ana Ruiz of Springfield on Monday." {
		utf16 = append(utf16, byte(r), byte(r>>8))
	}
	documents := []struct {
		name string
		data []byte
		ok   bool
		msg  string
	}{
		{"UTF-8 text", []byte("Budget vote\n\n\"We will act,\" said Mayor Ana Ruiz of Springfield on Monday."), true, ""},
		{"UTF-8 with a byte order mark", []byte("\xef\xbb\xbfBudget vote\n\n\"We will act,\" said Mayor Ana Ruiz of Springfield on Monday."), true, ""},
		{"UTF-16 with a byte order mark", utf16, true, ""},
		{"invalid UTF-8", []byte("Titre\n\nLe caf\xe9 est ferm\xe9."), false, "is not valid UTF-8 (byte 0xe9 at offset 13, line 3)"},
		{"binary", []byte("PK\x03\x04\x14\x00\x00\x00text"), false, "is binary data (a NUL byte at offset 5)"},
		{"empty", []byte(" \n\n "), false, "is empty"},
	}
	docEntries := []entry{
		{"extract FILE", false, true, func(t *testing.T, in []byte) outcome {
			r := run(t, nil, "extract", writeFile(t, "doc.txt", in))
			if r.code != 0 {
				return outcome{msg: r.stderr}
			}
			return outcome{ok: true, a: decodeArticle(t, r.stdout)}
		}},
		{"ingest FILE", false, true, func(t *testing.T, in []byte) outcome {
			return ingestCLI(t, "doc.txt", in)
		}},
		{"POST /api/v1/extract (text/plain)", true, true, func(t *testing.T, in []byte) outcome {
			st, body := post(t, base+"api/v1/extract", "text/plain", token, in)
			if st != 200 {
				return apiError(t, body)
			}
			var a rapporteur.Article
			json.Unmarshal(body, &a)
			return outcome{ok: true, a: a}
		}},
		{"Analyze page", false, false, func(t *testing.T, in []byte) outcome {
			st, body := post(t, base+"analyze", "application/x-www-form-urlencoded", "", []byte("text="+url.QueryEscape(string(in))))
			if st != 200 {
				return outcome{msg: string(body)}
			}
			return outcome{ok: true}
		}},
	}
	for _, dc := range documents {
		t.Run("document/"+dc.name, func(t *testing.T) {
			var same sameText
			for _, e := range docEntries {
				got := e.feed(t, dc.data)
				if same.check(t, e, got, dc.ok, rapporteur.EINVALID, dc.msg) {
					if got.a.Title != "Budget vote" {
						t.Errorf("%s: title %q", e.name, got.a.Title)
					}
				}
			}
		})
	}
}

// sameText checks one entry point's outcome against the one expected and,
// for an accepted input, that its text is the text the first entry point
// gave. check reports whether the input was accepted and the entry point
// shows the article, for the caller's checks of the other fields.
type sameText struct{ text, from string }

func (s *sameText) check(t *testing.T, e entry, got outcome, ok bool, code, msg string) bool {
	t.Helper()
	switch {
	case got.ok != ok:
		t.Errorf("%s: accepted %v (%s %q), want %v", e.name, got.ok, got.code, got.msg, ok)
	case !ok && e.codes && got.code != code:
		t.Errorf("%s: code %q, want %q", e.name, got.code, code)
	case !ok && !strings.Contains(got.msg, msg):
		t.Errorf("%s: error %q, want %q", e.name, got.msg, msg)
	case ok && e.article:
		if s.text == "" {
			s.text, s.from = got.a.Text, e.name
		} else if got.a.Text != s.text {
			t.Errorf("%s: text %q, but %s gave %q", e.name, got.a.Text, s.from, s.text)
		}
		return true
	}
	return false
}

// outputLine reads the one output line of extract or link --jsonl.
func outputLine(t *testing.T, stdout string) outcome {
	t.Helper()
	if strings.Count(stdout, "\n") != 1 {
		t.Fatalf("want one output line, got %q", stdout)
	}
	var e batchError
	if json.Unmarshal([]byte(stdout), &e); e.Error != "" {
		return outcome{code: e.Code, msg: e.Error}
	}
	var a rapporteur.Article
	if err := json.Unmarshal([]byte(stdout), &a); err != nil {
		t.Fatal(err)
	}
	return outcome{ok: true, a: a}
}

// ingestCLI runs `rapporteur ingest` on one file into a fresh database and
// returns the article stored, or the error printed.
func ingestCLI(t *testing.T, name string, data []byte) outcome {
	t.Helper()
	db := filepath.Join(t.TempDir(), "ingest.db")
	r := run(t, nil, "ingest", "--db", db, writeFile(t, name, data))
	if r.code != 0 {
		if r.code != 2 {
			t.Errorf("ingest: exit %d for bad input, want 2", r.code)
		}
		return outcome{msg: r.stderr}
	}
	st, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	page, err := st.Articles(t.Context(), rapporteur.ArticleFilter{Limit: 10})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("ingest stored %d articles (%v)", len(page.Items), err)
	}
	a, err := st.Article(t.Context(), page.Items[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	return outcome{ok: true, a: a.Article}
}

func post(t *testing.T, u, contentType, token string, body []byte) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest("POST", u, bytes.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

func apiError(t *testing.T, body []byte) outcome {
	t.Helper()
	var e struct {
		Error struct{ Code, Message string }
	}
	if err := json.Unmarshal(body, &e); err != nil || e.Error.Code == "" {
		t.Fatalf("not an API error: %s", body)
	}
	return outcome{code: e.Error.Code, msg: e.Error.Message}
}

// storedArticle reads a stored article through the API.
func storedArticle(t *testing.T, base, location string) outcome {
	t.Helper()
	st, body := get(t, strings.TrimSuffix(base, "/")+location)
	if st != 200 {
		t.Fatalf("GET %s: %d %s", location, st, body)
	}
	var a rapporteur.StoredArticle
	if err := json.Unmarshal([]byte(body), &a); err != nil {
		t.Fatal(err)
	}
	return outcome{ok: true, a: a.Article}
}
