package intake

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"io/fs"
	"mime"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/feed"
)

// Kind says how to read a document.
type Kind string

// Kinds of input.
const (
	KindText  Kind = "text"  // plain text: a title line, a blank line, the body
	KindHTML  Kind = "html"  // a page
	KindJSONL Kind = "jsonl" // JSON Lines of records
	KindWARC  Kind = "warc"  // a web archive
	KindOPML  Kind = "opml"  // a list of feeds
	KindFeed  Kind = "feed"  // RSS, Atom or JSON Feed
)

// Document is one article as bytes: a file, a fetched page, a WARC record's
// payload, a feed entry's content, a pasted text or a request body.
type Document struct {
	// Name says where it comes from in errors: a path, a URL, "stdin".
	Name string
	Data []byte
	// Kind is KindText or KindHTML; "" sniffs it from Data.
	Kind Kind
	// URL is the page's address, if known: it resolves links and becomes
	// the article's URL when the page names none.
	URL string
}

// ReadFile reads a file of at most max bytes. A regular file over the limit
// is refused from its size, without reading it. Its errors name the file.
func ReadFile(name string, max int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fileError(name, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fileError(name, err)
	}
	if fi.IsDir() {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "%s is a directory, not an article", name)
	}
	if fi.Mode().IsRegular() && fi.Size() > max {
		return nil, TooLarge(name, max)
	}
	return ReadLimited(f, max, name)
}

// fileError classifies an error opening or reading a file the user named:
// one that does not exist or may not be read is the user's input to fix.
func fileError(name string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return rapporteur.Errorf(rapporteur.EINVALID, "cannot read %s: %w", name, err)
}

// OpenFile opens a file the user named, gunzipping it when its name ends in
// .gz; closing the result closes the file.
func OpenFile(name string) (io.ReadCloser, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fileError(name, err)
	}
	if !strings.HasSuffix(strings.ToLower(name), ".gz") {
		return f, nil
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		f.Close()
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "%s is not gzip data: %w", name, err)
	}
	return struct {
		io.Reader
		io.Closer
	}{zr, f}, nil
}

// ReadLimited reads r to its end, refusing more than max bytes without
// reading (or holding) more than one byte past the limit.
func ReadLimited(r io.Reader, max int64, name string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "read %s: %w", name, err)
	}
	if int64(len(data)) > max {
		return nil, TooLarge(name, max)
	}
	return data, nil
}

// TooLarge is the error of an input over the size limit.
func TooLarge(name string, max int64) error {
	return rapporteur.Errorf(rapporteur.ETOOLARGE, "%s is larger than the limit of %d bytes", name, max)
}

// FileKind says how to read a file: by its name when the name is clear,
// otherwise by its first bytes (looking inside gzip).
func FileKind(path string) (Kind, error) {
	name := strings.TrimSuffix(strings.ToLower(filepath.Base(path)), ".gz")
	switch filepath.Ext(name) {
	case ".jsonl", ".ndjson":
		return KindJSONL, nil
	case ".warc", ".arc":
		return KindWARC, nil
	case ".opml":
		return KindOPML, nil
	case ".html", ".htm", ".xhtml":
		return KindHTML, nil
	case ".txt", ".text", ".md":
		return KindText, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return "", fileError(path, err)
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	if len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b {
		if zr, err := gzip.NewReader(bytes.NewReader(head)); err == nil {
			inner := make([]byte, 512)
			m, _ := io.ReadFull(zr, inner)
			head = inner[:m]
		}
	}
	return SniffKind(head), nil
}

// SniffKind guesses the kind of a document from its first bytes.
func SniffKind(head []byte) Kind {
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, utf8BOM), " \t\r\n\f")
	switch {
	case bytes.HasPrefix(trimmed, []byte("WARC/")):
		return KindWARC
	case feed.IsOPML(trimmed):
		return KindOPML
	case feed.IsFeed(trimmed):
		return KindFeed
	case len(trimmed) > 0 && trimmed[0] == '{':
		return KindJSONL
	}
	return Sniff(head)
}

// Sniff says whether data is HTML or text: it is HTML when it starts, after
// a byte order mark and white space, with a tag, a comment, a doctype or an
// XML declaration.
func Sniff(data []byte) Kind {
	if utf16BOM(data) {
		data = decodeUTF16(data[:min(len(data), 512)&^1])
	}
	data = bytes.TrimLeft(bytes.TrimPrefix(data, utf8BOM), " \t\r\n\f")
	if len(data) >= 2 && data[0] == '<' {
		c := data[1]
		if c == '!' || c == '?' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') {
			return KindHTML
		}
	}
	return KindText
}

// PageKind says how to read a fetched document from its Content-Type and,
// when that does not tell, its first bytes; "" for what is no article,
// feed or list (an image, a script, a PDF, a JSON document).
func PageKind(contentType string, body []byte) Kind {
	mt, _, _ := mime.ParseMediaType(contentType)
	head := body[:min(len(body), 4096)]
	switch mt {
	case "application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml":
		return KindFeed
	case "text/x-opml", "text/x-opml+xml":
		return KindOPML
	case "text/html", "application/xhtml+xml":
		// Some servers label feeds text/html; a feed's root element says so.
		if k := SniffKind(head); k == KindFeed || k == KindOPML {
			return k
		}
		return KindHTML
	case "text/plain":
		return KindText
	case "", "application/octet-stream", "text/xml", "application/xml", "application/json", "binary/octet-stream":
	default:
		return ""
	}
	if k := SniffKind(head); k != KindJSONL {
		return k
	}
	return "" // a JSON document that is no JSON Feed is no article either
}

var utf8BOM = []byte("\xef\xbb\xbf")

// checkHTML refuses what cannot be a page: nothing at all, or binary data.
// Only the start is checked for NUL bytes, as git does, since the charset
// of a page (UTF-16 among them) is for extract to decode.
func checkHTML(data []byte, name string) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return rapporteur.Errorf(rapporteur.EINVALID, "%s is empty", name)
	}
	head := data[:min(len(data), 8000)]
	if i := bytes.IndexByte(head, 0); i >= 0 && !utf16BOM(data) {
		return binary(name, i)
	}
	return nil
}

func binary(name string, at int) error {
	return rapporteur.Errorf(rapporteur.EINVALID, "%s is binary data (a NUL byte at offset %d), not text or HTML", name, at)
}

// checkText returns data as a string if it is non-empty UTF-8 text. A
// UTF-8 byte order mark is dropped and UTF-16 with a byte order mark (as
// some Windows editors save) is converted.
func checkText(data []byte, name string) (string, error) {
	if utf16BOM(data) {
		data = decodeUTF16(data)
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	if len(bytes.TrimSpace(data)) == 0 {
		return "", rapporteur.Errorf(rapporteur.EINVALID, "%s is empty", name)
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return "", binary(name, i)
	}
	if !utf8.Valid(data) {
		i := invalidUTF8(data)
		line := bytes.Count(data[:i], []byte("\n")) + 1
		return "", rapporteur.Errorf(rapporteur.EINVALID, "%s is not valid UTF-8 (byte 0x%02x at offset %d, line %d); convert it to UTF-8 first", name, data[i], i, line)
	}
	return string(data), nil
}

// invalidUTF8 returns the offset of the first byte of data that is not
// valid UTF-8.
func invalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(data)
}

func utf16BOM(data []byte) bool {
	return len(data) >= 2 && ((data[0] == 0xff && data[1] == 0xfe) || (data[0] == 0xfe && data[1] == 0xff))
}

// decodeUTF16 converts UTF-16 with a byte order mark to UTF-8.
func decodeUTF16(data []byte) []byte {
	little := data[0] == 0xff
	data = data[2:]
	u := make([]uint16, len(data)/2)
	for i := range u {
		if little {
			u[i] = uint16(data[2*i]) | uint16(data[2*i+1])<<8
		} else {
			u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		}
	}
	return []byte(string(utf16.Decode(u)))
}
