package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"io"
	"mime"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/feed"
)

// Kinds of input.
const (
	kindText  = "text"
	kindHTML  = "html"
	kindJSONL = "jsonl"
	kindWARC  = "warc"
	kindOPML  = "opml"
	kindFeed  = "feed"
)

// fileKind says how to read a file: by its name when the name is clear,
// otherwise by its first bytes.
func fileKind(path string) (string, error) {
	name := strings.ToLower(filepath.Base(path))
	name = strings.TrimSuffix(name, ".gz")
	switch filepath.Ext(name) {
	case ".jsonl", ".ndjson":
		return kindJSONL, nil
	case ".warc", ".arc":
		return kindWARC, nil
	case ".opml":
		return kindOPML, nil
	case ".html", ".htm", ".xhtml":
		return kindHTML, nil
	case ".txt", ".text", ".md":
		return kindText, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return "", rapporteur.Errorf(rapporteur.EINVALID, "%w", err)
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	if len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b {
		// Gzip without a telling name: look inside.
		if zr, err := gzip.NewReader(bytes.NewReader(head)); err == nil {
			inner := make([]byte, 512)
			m, _ := io.ReadFull(zr, inner)
			head = inner[:m]
		}
	}
	return sniffKind(head), nil
}

// sniffKind guesses the kind of a document from its first bytes.
func sniffKind(head []byte) string {
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n\f")
	switch {
	case bytes.HasPrefix(trimmed, []byte("WARC/")):
		return kindWARC
	case feed.IsOPML(trimmed):
		return kindOPML
	case feed.IsFeed(trimmed):
		return kindFeed
	case len(trimmed) > 0 && trimmed[0] == '{':
		return kindJSONL
	}
	return sniffHTML(head)
}

// sniffHTML says whether data is HTML: it is when it starts, after a byte
// order mark and white space, with a tag, a comment, a doctype or an XML
// declaration.
func sniffHTML(data []byte) string {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	data = bytes.TrimLeft(data, " \t\r\n\f")
	if len(data) >= 2 && data[0] == '<' {
		c := data[1]
		if c == '!' || c == '?' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') {
			return kindHTML
		}
	}
	return kindText
}

// pageKind says how to read a fetched document from its Content-Type and,
// when that does not tell, its first bytes.
func pageKind(contentType string, body []byte) string {
	mt, _, _ := mime.ParseMediaType(contentType)
	switch mt {
	case "application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml":
		return kindFeed
	case "text/x-opml", "text/x-opml+xml":
		return kindOPML
	case "text/html", "application/xhtml+xml":
		// Some servers label feeds text/html; a feed's root element says so.
		if k := sniffKind(body[:min(len(body), 4096)]); k == kindFeed || k == kindOPML {
			return k
		}
		return kindHTML
	case "text/plain":
		return kindText
	case "", "application/octet-stream", "text/xml", "application/xml", "application/json", "binary/octet-stream":
	default:
		return "" // an image, a script, a PDF …
	}
	k := sniffKind(body[:min(len(body), 4096)])
	if k == kindJSONL {
		// A JSON document that is no JSON Feed is not an article either.
		return ""
	}
	return k
}

// readFile reads a file of at most max bytes, refusing a larger regular
// file from its size, without reading it.
func readFile(name string, max int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "%w", err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > max {
		return nil, tooLarge(max)
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, rapporteur.Errorf(rapporteur.EINVALID, "read: %w", err)
	}
	if int64(len(data)) > max {
		return nil, tooLarge(max)
	}
	return data, nil
}

func tooLarge(max int64) error {
	return rapporteur.Errorf(rapporteur.ETOOLARGE, "larger than the limit of %d bytes (see --max-bytes)", max)
}

// checkHTML refuses what cannot be a page: nothing, or binary data. Only
// the start is checked for NUL bytes; the charset is for extract to
// decode.
func checkHTML(data []byte) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return rapporteur.Errorf(rapporteur.EINVALID, "empty")
	}
	if i := bytes.IndexByte(data[:min(len(data), 8000)], 0); i >= 0 {
		return binary(i)
	}
	return nil
}

// checkText returns data as text if it is non-empty UTF-8 without NUL
// bytes; a byte order mark is dropped.
func checkText(data []byte) (string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return "", rapporteur.Errorf(rapporteur.EINVALID, "empty")
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return "", binary(i)
	}
	if !utf8.Valid(data) {
		i := 0
		for i < len(data) {
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			i += n
		}
		line := bytes.Count(data[:i], []byte("\n")) + 1
		return "", rapporteur.Errorf(rapporteur.EINVALID, "not valid UTF-8 (byte 0x%02x at offset %d, line %d); convert it to UTF-8 first", data[i], i, line)
	}
	return string(data), nil
}

func binary(at int) error {
	return rapporteur.Errorf(rapporteur.EINVALID, "binary data (a NUL byte at offset %d), not text or HTML", at)
}

// ReadLine reads one line of any length from br, keeping at most max bytes
// of it: a longer line is read to its end and dropped, and reported as
// tooLong, so one huge line cannot exhaust memory. The line is returned
// without its "\n" or "\r\n". The JSON Lines readers of ingest and of the
// extract and link commands share it.
func ReadLine(br *bufio.Reader, max int64) (line []byte, tooLong bool, err error) {
	for {
		frag, err := br.ReadSlice('\n')
		if !tooLong {
			if int64(len(line)+len(frag)) > max+1 {
				tooLong, line = true, nil
			} else {
				line = append(line, frag...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		if !tooLong && int64(len(line)) > max {
			tooLong, line = true, nil
		}
		return line, tooLong, err
	}
}

// countLines counts the non-blank lines of a JSON Lines file (gzip'd if
// its name ends in .gz), for the progress bar's total.
func countLines(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(strings.ToLower(path), ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return 0, err
		}
		r = zr
	}
	n, blank := 0, true
	buf := make([]byte, 256<<10)
	for {
		m, err := r.Read(buf)
		for _, c := range buf[:m] {
			switch c {
			case '\n':
				if !blank {
					n++
				}
				blank = true
			case ' ', '\t', '\r':
			default:
				blank = false
			}
		}
		if err == io.EOF {
			if !blank {
				n++
			}
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}
