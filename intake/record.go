package intake

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rapporteur/rapporteur"
)

// Record is one article as a program hands it to rapporteur: a line of
// JSON Lines (extract --jsonl, link, ingest, the bulk API) or the JSON body
// of POST /api/v1/articles and /api/v1/extract. Every entry point reads
// records with DecodeRecord, so they accept the same fields and refuse the
// same mistakes.
type Record struct {
	// ID is the caller's name for the article, echoed in results; JSON
	// may give it as a string or a number.
	ID    string
	Title string
	// Text is the body, used verbatim: statement offsets index it exactly
	// as given, so gold annotations line up. Nil when absent.
	Text *string
	// HTML is a page to extract the article from. Nil when absent.
	HTML *string
	// URL is the article's address (absolute http or https). With neither
	// Text nor HTML it is fetched, where the entry point fetches.
	URL       string
	Published *time.Time
	Site      string
	Authors   []string
}

// Limits of a record's short fields, so that a stored article's metadata
// stays readable and an index entry small.
const (
	MaxURLBytes   = 2048
	MaxFieldBytes = 1024 // title, site, id, each author
	MaxAuthors    = 100
)

// wireRecord is a record as JSON spells it. "date" and "source" are
// accepted for "published" and "site", as many corpora name them. Unknown
// fields are ignored: JSON Lines dumps carry fields of their own.
type wireRecord struct {
	ID        json.RawMessage `json:"id"`
	Title     string          `json:"title"`
	Text      *string         `json:"text"`
	HTML      *string         `json:"html"`
	URL       string          `json:"url"`
	Published string          `json:"published"`
	Date      string          `json:"date"`
	Site      string          `json:"site"`
	Source    string          `json:"source"`
	Authors   []string        `json:"authors"`
}

// DecodeRecord reads one JSON object into a record and checks it: valid
// UTF-8 (encoding/json would quietly turn bad bytes into U+FFFD), one
// object and nothing after it, text or html or url, an http or https url,
// a published date in one of the DateForms, fields within their limits.
// Its errors are EINVALID (ETOOLARGE for a field over its limit) and name
// the field; the record's ID is returned with them when it could be read.
func DecodeRecord(data []byte) (Record, error) {
	var w wireRecord
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&w); err != nil {
		return Record{}, rapporteur.Errorf(rapporteur.EINVALID, "not a JSON object of the record's fields: %s", jsonError(err))
	}
	if !utf8.Valid(data) {
		i := invalidUTF8(data)
		return Record{ID: rawID(w.ID)}, rapporteur.Errorf(rapporteur.EINVALID, "not valid UTF-8 (byte 0x%02x at offset %d); convert it to UTF-8 first", data[i], i)
	}
	if dec.More() {
		return Record{}, rapporteur.Errorf(rapporteur.EINVALID, "more than one JSON value (one record per line)")
	}
	if t := bytes.TrimSpace(data); len(t) == 0 || t[0] != '{' {
		return Record{}, rapporteur.Errorf(rapporteur.EINVALID, "not a JSON object")
	}
	rec := Record{
		ID:      rawID(w.ID),
		Title:   strings.TrimSpace(w.Title),
		Text:    w.Text,
		HTML:    w.HTML,
		URL:     strings.TrimSpace(w.URL),
		Site:    strings.TrimSpace(firstNonEmpty(w.Site, w.Source)),
		Authors: w.Authors,
	}
	if pub := strings.TrimSpace(firstNonEmpty(w.Published, w.Date)); pub != "" {
		t, err := ParseDate(pub)
		if err != nil {
			return rec, err
		}
		rec.Published = &t
	}
	return rec, rec.Check()
}

// Check checks what DecodeRecord checks of a record built by hand (a form,
// a query parameter).
func (rec *Record) Check() error {
	for _, f := range []struct{ name, v string }{{"id", rec.ID}, {"title", rec.Title}, {"site", rec.Site}} {
		if len(f.v) > MaxFieldBytes {
			return rapporteur.Errorf(rapporteur.ETOOLARGE, "%q is longer than %d bytes", f.name, MaxFieldBytes)
		}
	}
	if len(rec.Authors) > MaxAuthors {
		return rapporteur.Errorf(rapporteur.ETOOLARGE, "more than %d authors", MaxAuthors)
	}
	for _, a := range rec.Authors {
		if len(a) > MaxFieldBytes {
			return rapporteur.Errorf(rapporteur.ETOOLARGE, "an author is longer than %d bytes", MaxFieldBytes)
		}
	}
	if rec.URL != "" {
		u, err := CheckURL(rec.URL)
		if err != nil {
			return err
		}
		rec.URL = u
	}
	switch {
	case rec.Text != nil && rec.HTML != nil:
		return rapporteur.Errorf(rapporteur.EINVALID, "give \"text\" or \"html\", not both")
	case rec.Text == nil && rec.HTML == nil && rec.URL == "":
		return rapporteur.Errorf(rapporteur.EINVALID, "the record has none of \"text\", \"html\" and \"url\"")
	case rec.Text != nil && strings.TrimSpace(*rec.Text) == "":
		return rapporteur.Errorf(rapporteur.EINVALID, "\"text\" is empty")
	case rec.HTML != nil && strings.TrimSpace(*rec.HTML) == "":
		return rapporteur.Errorf(rapporteur.EINVALID, "\"html\" is empty")
	}
	return nil
}

// jsonError says what is wrong with a JSON value without Go's type names.
func jsonError(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return fmt.Sprintf("%q must be %s, not a JSON %s", te.Field, fieldType(te.Field), te.Value)
	}
	return err.Error()
}

func fieldType(field string) string {
	if field == "authors" || strings.HasPrefix(field, "authors.") {
		return "a list of strings"
	}
	return "a string"
}

// CheckURL accepts an absolute http or https URL of at most MaxURLBytes and
// returns it as url.URL writes it. Everything else (javascript:, data:,
// file:, relative paths) is refused: a stored URL is a link in the UI and
// in every API and webhook answer.
func CheckURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if len(raw) > MaxURLBytes {
		return "", rapporteur.Errorf(rapporteur.EINVALID, "the url is longer than %d bytes", MaxURLBytes)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		return "", rapporteur.Errorf(rapporteur.EINVALID, "url %q is not an absolute http or https URL", shorten(raw, 200))
	}
	return u.String(), nil
}

// WebURL returns raw as CheckURL does, or "" when it is no http or https
// URL: for links found in pages and feeds, which are dropped rather than
// refused.
func WebURL(raw string) string {
	u, err := CheckURL(raw)
	if err != nil {
		return ""
	}
	return u
}

// DateForms names the accepted forms of "published", for messages and the
// README.
const DateForms = "YYYY-MM-DD, or an RFC 3339 time such as 2026-12-05T14:30:00Z (a time without a zone is UTC)"

// ParseDate reads a date (midnight UTC) or an RFC 3339 time, also with a
// space for the T or without a zone (taken as UTC).
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05", time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, rapporteur.Errorf(rapporteur.EINVALID, "\"published\" %q is not a date: use %s", shorten(s, 100), DateForms)
}

// rawID reads a record's id, which may be a JSON string or a number.
func rawID(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	var s string
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	} else if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
