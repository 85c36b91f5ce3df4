package intake

import (
	"bufio"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/rapporteur/rapporteur"
)

func TestDecodeRecord(t *testing.T) {
	tests := []struct {
		name, in string
		code     string // "" when the record is accepted
		msg      string // in the error, or "" for none
		check    func(t *testing.T, rec Record)
	}{
		{name: "text", in: `{"id": "a", "title": " T ", "text": "Body.", "url": "https://n.test/a", "published": "2026-12-05", "site": "N", "authors": ["A B"]}`,
			check: func(t *testing.T, rec Record) {
				if rec.ID != "a" || rec.Title != "T" || *rec.Text != "Body." || rec.URL != "https://n.test/a" || rec.Site != "N" || len(rec.Authors) != 1 ||
					rec.Published.Format(time.RFC3339) != "2026-12-05T00:00:00Z" {
					t.Errorf("%+v", rec)
				}
			}},
		{name: "numeric id and aliases", in: `{"id": 42, "html": "<p>x</p>", "date": "2026-12-05T10:00:00+02:00", "source": "Wire"}`,
			check: func(t *testing.T, rec Record) {
				if rec.ID != "42" || rec.Site != "Wire" || rec.Published.Format(time.RFC3339) != "2026-12-05T08:00:00Z" {
					t.Errorf("%+v", rec)
				}
			}},
		{name: "url only", in: `{"url": "http://n.test/x"}`},
		{name: "unknown fields are ignored", in: `{"text": "x", "lang": "en", "meta": {"a": 1}}`},
		{name: "invalid UTF-8 keeps the id", in: "{\"id\": \"b\", \"text\": \"caf\xe9\"}", code: rapporteur.EINVALID, msg: "not valid UTF-8 (byte 0xe9",
			check: func(t *testing.T, rec Record) {
				if rec.ID != "b" {
					t.Errorf("id %q", rec.ID)
				}
			}},
		{name: "not JSON", in: `{not json}`, code: rapporteur.EINVALID, msg: "not a JSON object"},
		{name: "an array", in: `[1, 2]`, code: rapporteur.EINVALID, msg: "not a JSON object"},
		{name: "two values", in: `{"text": "a"} {"text": "b"}`, code: rapporteur.EINVALID, msg: "more than one JSON value"},
		{name: "wrong type", in: `{"text": 3}`, code: rapporteur.EINVALID, msg: `"text" must be a string, not a JSON number`},
		{name: "authors not a list", in: `{"text": "x", "authors": "A"}`, code: rapporteur.EINVALID, msg: `"authors" must be a list of strings`},
		{name: "nothing to read", in: `{"id": "c", "title": "only"}`, code: rapporteur.EINVALID, msg: `none of "text", "html" and "url"`},
		{name: "both", in: `{"text": "a", "html": "<p>b</p>"}`, code: rapporteur.EINVALID, msg: `"text" or "html", not both`},
		{name: "empty text", in: `{"text": "  \n"}`, code: rapporteur.EINVALID, msg: `"text" is empty`},
		{name: "javascript url", in: `{"text": "x", "url": "javascript:alert(1)"}`, code: rapporteur.EINVALID, msg: "not an absolute http or https URL"},
		{name: "relative url", in: `{"text": "x", "url": "/news/1"}`, code: rapporteur.EINVALID, msg: "not an absolute http or https URL"},
		{name: "file url", in: `{"url": "file:///etc/passwd"}`, code: rapporteur.EINVALID, msg: "not an absolute http or https URL"},
		{name: "bad date", in: `{"text": "x", "published": "yesterday"}`, code: rapporteur.EINVALID, msg: `"published" "yesterday" is not a date: use YYYY-MM-DD`},
		{name: "long title", in: `{"text": "x", "title": "` + strings.Repeat("t", MaxFieldBytes+1) + `"}`, code: rapporteur.ETOOLARGE, msg: `"title" is longer than 1024 bytes`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := DecodeRecord([]byte(tt.in))
			if code := rapporteur.ErrorCode(err); code != tt.code {
				t.Fatalf("code %q (%v), want %q", code, err, tt.code)
			}
			if tt.msg != "" && !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q, want %q", err, tt.msg)
			}
			if tt.check != nil {
				tt.check(t, rec)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2026-12-05":                    "2026-12-05T00:00:00Z",
		"2026-12-05T14:30:00Z":          "2026-12-05T14:30:00Z",
		"2026-12-05T14:30:00.5-05:00":   "2026-12-05T19:30:00.5Z",
		"2026-12-05T14:30:00":           "2026-12-05T14:30:00Z",
		"2026-12-05 14:30:00":           "2026-12-05T14:30:00Z",
		"2026-12-05 14:30:00+01:00":     "2026-12-05T13:30:00Z",
		" 2026-12-05 ":                  "2026-12-05T00:00:00Z",
		"05/12/2026":                    "",
		"2026-13-45":                    "",
		"Mon, 07 Dec 2026 10:00:00 GMT": "",
	} {
		got, err := ParseDate(in)
		switch {
		case want == "" && err == nil:
			t.Errorf("%q: %v, want an error", in, got)
		case want == "" && !strings.Contains(err.Error(), DateForms):
			t.Errorf("%q: error %q does not name the accepted forms", in, err)
		case want != "" && (err != nil || got.Format(time.RFC3339Nano) != want):
			t.Errorf("%q: %v, %v, want %s", in, got, err, want)
		}
	}
}

func TestWebURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://n.test/a?b=1#c":  "https://n.test/a?b=1#c",
		" http://n.test ":         "http://n.test",
		"HTTP://n.test/x":         "http://n.test/x",
		"javascript:alert(1)":     "",
		"data:text/html,<b>x</b>": "",
		"//n.test/a":              "",
		"/a":                      "",
		"https:opaque":            "",
		"ftp://n.test/f":          "",
		"https://" + strings.Repeat("a", MaxURLBytes): "",
	} {
		if got := WebURL(in); got != want {
			t.Errorf("WebURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSniff(t *testing.T) {
	utf16 := []byte{0xff, 0xfe}
	for _, r := range "  <html>" {
		utf16 = append(utf16, byte(r), 0)
	}
	tests := []struct {
		in   string
		want Kind
	}{
		{"<!DOCTYPE html><html>", KindHTML},
		{"\xef\xbb\xbf\n  <html lang=en>", KindHTML},
		{"<div>text</div>", KindHTML},
		{"<!-- saved page -->", KindHTML},
		{"<?xml version=\"1.0\"?><html>", KindHTML},
		{string(utf16), KindHTML},
		{"Title\n\nBody <b>bold</b>", KindText},
		{"<3 love this", KindText},
		{"< not a tag", KindText},
		{"", KindText},
	}
	for _, tt := range tests {
		if got := Sniff([]byte(tt.in)); got != tt.want {
			t.Errorf("Sniff(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestPageKind(t *testing.T) {
	rss := []byte(`<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>`)
	tests := []struct {
		ct   string
		body []byte
		want Kind
	}{
		{"text/html; charset=utf-8", []byte("<html>"), KindHTML},
		{"text/html", rss, KindFeed}, // a feed served as HTML
		{"text/plain", []byte("Title\n\nBody"), KindText},
		{"application/rss+xml", rss, KindFeed},
		{"application/xml", rss, KindFeed},
		{"", []byte("<html>"), KindHTML},
		{"image/png", []byte("\x89PNG"), ""},
	}
	for _, tt := range tests {
		if got := PageKind(tt.ct, tt.body); got != tt.want {
			t.Errorf("PageKind(%q, %.20q) = %q, want %q", tt.ct, tt.body, got, tt.want)
		}
	}
}

func TestReadLine(t *testing.T) {
	in := "short\r\n" + strings.Repeat("a", 10) + "\n" + strings.Repeat("b", 11) + "\n\nlast"
	br := bufio.NewReaderSize(strings.NewReader(in), 16)
	type line struct {
		s        string
		tooLarge bool
	}
	var got []line
	for {
		l, tl, err := ReadLine(br, 10)
		got = append(got, line{string(l), tl})
		if err != nil {
			break
		}
	}
	want := []line{{"short", false}, {strings.Repeat("a", 10), false}, {"", true}, {"", false}, {"last", false}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

// fakePipeline returns an article whose text says which stage ran.
type fakePipeline struct {
	url string // the URL the page names as its own
}

func (fakePipeline) Text(id, text string) (rapporteur.Article, error) {
	return rapporteur.Article{ID: id, Text: "text:" + text}, nil
}

func (fakePipeline) Verbatim(id, title, text string) (rapporteur.Article, error) {
	return rapporteur.Article{ID: id, Title: title, Text: "verbatim:" + text}, nil
}

func (p fakePipeline) HTML(id string, page []byte, pageURL string) (rapporteur.Article, error) {
	return rapporteur.Article{ID: id, Text: "html:" + string(page), URL: p.url}, nil
}

func TestDocument(t *testing.T) {
	utf16 := []byte{0xff, 0xfe}
	for _, r := range "Titre\n\n« bonjour »" {
		utf16 = append(utf16, byte(r), byte(r>>8))
	}
	tests := []struct {
		name string
		d    Document
		page string // the URL the page names as its own
		text string
		url  string
		code string
		msg  string
	}{
		{name: "text", d: Document{Name: "a.txt", Data: []byte("T\n\nBody")}, text: "text:T\n\nBody"},
		{name: "UTF-8 BOM dropped", d: Document{Name: "a.txt", Data: []byte("\xef\xbb\xbfT\n\nB")}, text: "text:T\n\nB"},
		{name: "UTF-16 decoded", d: Document{Name: "a.txt", Data: utf16, Kind: KindText}, text: "text:Titre\n\n« bonjour »"},
		{name: "html sniffed", d: Document{Name: "p", Data: []byte("<p>x</p>"), URL: "https://n.test/p"}, text: "html:<p>x</p>", url: "https://n.test/p"},
		{name: "a page's javascript: link is dropped", d: Document{Name: "p", Data: []byte("<p>x</p>"), URL: "https://n.test/p"}, page: "javascript:alert(1)", text: "html:<p>x</p>", url: "https://n.test/p"},
		{name: "a page's own web URL is kept", d: Document{Name: "p", Data: []byte("<p>x</p>")}, page: "https://n.test/canonical", text: "html:<p>x</p>", url: "https://n.test/canonical"},
		{name: "empty", d: Document{Name: "e.txt", Data: []byte(" \n ")}, code: rapporteur.EINVALID, msg: "e.txt is empty"},
		{name: "binary", d: Document{Name: "b.txt", Data: []byte("PK\x03\x04\x00\x00")}, code: rapporteur.EINVALID, msg: "b.txt is binary data"},
		{name: "binary html", d: Document{Name: "b.html", Data: []byte("<p>\x00</p>"), Kind: KindHTML}, code: rapporteur.EINVALID, msg: "b.html is binary data"},
		{name: "invalid UTF-8", d: Document{Name: "l.txt", Data: []byte("caf\xe9")}, code: rapporteur.EINVALID, msg: "l.txt is not valid UTF-8 (byte 0xe9 at offset 3, line 1)"},
		{name: "too large", d: Document{Name: "big.txt", Data: []byte(strings.Repeat("x", 101))}, code: rapporteur.ETOOLARGE, msg: "big.txt is larger than the limit of 100 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := &Intake{Pipeline: fakePipeline{url: tt.page}, MaxBytes: 100}
			a, err := in.Document(context.Background(), tt.d)
			if code := rapporteur.ErrorCode(err); code != tt.code || (tt.msg != "" && !strings.Contains(err.Error(), tt.msg)) {
				t.Fatalf("error %v (%s), want %s %q", err, code, tt.code, tt.msg)
			}
			if err == nil && (a.Text != tt.text || a.URL != tt.url) {
				t.Errorf("text %q url %q, want %q %q", a.Text, a.URL, tt.text, tt.url)
			}
		})
	}
}

func TestRecord(t *testing.T) {
	in := &Intake{Pipeline: fakePipeline{}}
	rec, err := DecodeRecord([]byte(`{"id": "r", "title": "T", "text": " Body ", "url": "https://n.test/r", "published": "2026-12-05", "site": "S", "authors": ["A"]}`))
	if err != nil {
		t.Fatal(err)
	}
	a, err := in.Record(context.Background(), rec)
	if err != nil || a.ID != "r" || a.Title != "T" || a.Text != "verbatim: Body " || a.URL != "https://n.test/r" || a.Site != "S" || a.Authors[0] != "A" || a.Published == nil {
		t.Errorf("%+v, %v", a, err)
	}
	// A URL-only record needs a fetcher.
	_, err = in.Record(context.Background(), Record{ID: "u", URL: "https://n.test/u"})
	if rapporteur.ErrorCode(err) != rapporteur.EFORBID {
		t.Errorf("URL without a fetcher: %v", err)
	}
	// A record built by hand is checked as a decoded one is.
	_, err = in.Record(context.Background(), Record{URL: "javascript:x"})
	if rapporteur.ErrorCode(err) != rapporteur.EINVALID {
		t.Errorf("javascript: URL: %v", err)
	}
}

func TestTimeLimitAndPanics(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	slow := func() (rapporteur.Article, error) {
		<-release
		return rapporteur.Article{Text: "late"}, nil
	}
	in := &Intake{TimeLimit: 50 * time.Millisecond}
	_, err := in.run(context.Background(), slow)
	if rapporteur.ErrorCode(err) != rapporteur.ETOOLARGE || !strings.Contains(err.Error(), "longer than the time limit of 50ms") {
		t.Errorf("slow: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	in.TimeLimit = time.Hour
	if _, err := in.run(ctx, slow); err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Errorf("interrupted: %v", err)
	}
	a, err := in.run(context.Background(), func() (rapporteur.Article, error) { return rapporteur.Article{Text: "ok"}, nil })
	if err != nil || a.Text != "ok" {
		t.Errorf("fast: %v, %v", a, err)
	}
	_, err = in.run(context.Background(), func() (rapporteur.Article, error) { panic("boom") })
	if rapporteur.ErrorCode(err) != rapporteur.EINTERNAL || !strings.Contains(err.Error(), "boom") {
		t.Errorf("panic: %v", err)
	}
}

// FuzzDecodeRecord reads any line as every JSON Lines entry point does: it
// must not panic, an error has a code and a readable message, and an
// accepted record has something to read and only a web URL.
func FuzzDecodeRecord(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","title":"T","text":"Body text.","published":"2024-01-02"}`,
		`{"id":1,"html":"<p>x</p>","url":"https://n.test/","published":"2024-01-02T03:04:05+02:00"}`,
		`{"url":"javascript:alert(1)"}`,
		`{"id":null,"text":"x","authors":["a",1]}`,
		`{"id":"a","published":"2024-13-45","text":"x"}`,
		"{\"text\":\"\xff\"}",
		`[]`,
		``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rec, err := DecodeRecord(data)
		if err != nil {
			if code := rapporteur.ErrorCode(err); code != rapporteur.EINVALID && code != rapporteur.ETOOLARGE {
				t.Errorf("code %q for %q", code, data)
			}
			if msg := err.Error(); msg == "" || !utf8.ValidString(msg) && utf8.Valid(data) {
				t.Errorf("bad error message %q", msg)
			}
			return
		}
		if rec.Text == nil && rec.HTML == nil && rec.URL == "" {
			t.Errorf("accepted a record with nothing to read: %q", data)
		}
		if rec.URL != "" && WebURL(rec.URL) != rec.URL {
			t.Errorf("accepted url %q", rec.URL)
		}
	})
}
