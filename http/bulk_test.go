package http

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
)

// bulkRecords returns n distinct JSON Lines records of about 1.5 KB each,
// with a blank line after every 100th so that result numbering is tested.
func bulkRecords(n int) []byte {
	var b bytes.Buffer
	para := strings.Repeat("The council met again on the plan for the harbour, and members asked for more time to read the report. ", 12)
	for i := 1; i <= n; i++ {
		text := fmt.Sprintf("Council spokesperson Dana Okafor %d said on Monday that the vote would be held next week. %s Marker-%06d ends here.", i, para, i)
		rec, _ := json.Marshal(map[string]any{
			"id": fmt.Sprintf("rec-%d", i), "title": fmt.Sprintf("Harbour plan %06d", i), "text": text,
			"url": fmt.Sprintf("https://bulk.test/news/%d", i), "published": "2026-12-05",
		})
		b.Write(rec)
		b.WriteByte('\n')
		if i%100 == 0 {
			b.WriteString("\n")
		}
	}
	return b.Bytes()
}

// inputLines maps each record's input line number to its record number.
func inputLines(n int) map[int]int {
	lines := map[int]int{}
	line := 0
	for i := 1; i <= n; i++ {
		line++
		lines[line] = i
		if i%100 == 0 {
			line++ // the blank line
		}
	}
	return lines
}

// TestBulkIngestOverTCP posts more than 2 MB of JSON Lines over a real TCP
// connection in the ways bulk loaders do: a streaming chunked body read
// while it is sent (Go's client), a Content-Length body sent whole before
// the answer is read (Python's http.client, curl), and the same after
// Expect: 100-continue. Every record must be stored once and whole, and
// the answer must have one line per record, numbered by its input line.
// The answer begins while the body is still arriving; before full duplex
// and the spool, Go's server dropped the rest of the body (556 of 700
// answered, articles spliced).
func TestBulkIngestOverTCP(t *testing.T) {
	env := newEnv(t, nil)
	const n = 1500
	body := bulkRecords(n)
	if len(body) < 2<<20 {
		t.Fatalf("the body is %d bytes, want at least 2 MB", len(body))
	}
	lines := inputLines(n)
	before, _ := env.store.Stats(t.Context())

	shapes := []struct {
		name string
		post func(t *testing.T) (int, []byte)
	}{
		{"chunked, read while sending", func(t *testing.T) (int, []byte) {
			pr, pw := io.Pipe()
			go func() {
				// In uneven pieces, as a producer writes them.
				for rest := body; len(rest) > 0; {
					k := min(len(rest), 7919)
					pw.Write(rest[:k])
					rest = rest[k:]
				}
				pw.Close()
			}()
			req, _ := http.NewRequest("POST", env.ts.URL+"/api/v1/articles", pr)
			req.Header.Set("Content-Type", "application/x-ndjson")
			req.Header.Set("Authorization", "Bearer "+testToken)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			out, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			return resp.StatusCode, out
		}},
		{"Content-Length, sent whole before reading", func(t *testing.T) (int, []byte) {
			return rawPost(t, env.ts.URL, body, false)
		}},
		{"Expect: 100-continue", func(t *testing.T) (int, []byte) {
			return rawPost(t, env.ts.URL, body, true)
		}},
	}
	for k, shape := range shapes {
		t.Run(shape.name, func(t *testing.T) {
			status, out := shape.post(t)
			if status != 200 {
				t.Fatalf("status %d: %.500s", status, out)
			}
			got := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
			if len(got) != n {
				t.Fatalf("%d answer lines for %d records; last: %.300s", len(got), n, got[len(got)-1])
			}
			want := rapporteur.PutCreated
			if k > 0 {
				want = rapporteur.PutUnchanged // the same records again: nothing new
			}
			prev := 0
			for i, l := range got {
				var r lineResult
				if err := json.Unmarshal([]byte(l), &r); err != nil {
					t.Fatalf("answer line %d %q: %v", i+1, l, err)
				}
				if r.Error != nil || r.Status != want || r.Line <= prev || lines[r.Line] != i+1 {
					t.Fatalf("answer %d: %+v, want record %d (%s) at its input line", i+1, r, i+1, want)
				}
				prev = r.Line
			}
		})
	}

	after, _ := env.store.Stats(t.Context())
	if after.Articles-before.Articles != n {
		t.Fatalf("%d articles stored for %d distinct records", after.Articles-before.Articles, n)
	}
	// Whole: each stored article has its own record's title, text and URL.
	for i := 1; i <= n; i += 7 {
		u := fmt.Sprintf("https://bulk.test/news/%d", i)
		id, err := env.store.ArticleIDByURL(t.Context(), u)
		if err != nil {
			t.Fatalf("record %d not stored: %v", i, err)
		}
		a, err := env.store.Article(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		marker := fmt.Sprintf("Marker-%06d ends here.", i)
		if a.Title != fmt.Sprintf("Harbour plan %06d", i) || a.URL != u || !strings.HasSuffix(a.Text, marker) || strings.Count(a.Text, "Marker-") != 1 {
			t.Fatalf("record %d stored spliced: title %q url %q text …%q", i, a.Title, a.URL, a.Text[max(0, len(a.Text)-40):])
		}
	}
}

// rawPost sends a bulk body over a bare TCP connection with a
// Content-Length, the whole body before reading anything, as a simple
// client does; with expect, it first waits for 100 Continue.
func rawPost(t *testing.T, base string, body []byte, expect bool) (int, []byte) {
	t.Helper()
	u, _ := url.Parse(base)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(2 * time.Minute))
	head := fmt.Sprintf("POST /api/v1/articles HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-ndjson\r\nAuthorization: Bearer %s\r\nContent-Length: %d\r\nConnection: close\r\n", u.Host, testToken, len(body))
	if expect {
		head += "Expect: 100-continue\r\n"
	}
	if _, err := io.WriteString(conn, head+"\r\n"); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(conn)
	if expect {
		line, err := br.ReadString('\n')
		if err != nil || !strings.HasPrefix(line, "HTTP/1.1 100") {
			t.Fatalf("no 100 Continue: %q %v", line, err)
		}
		br.ReadString('\n') // the blank line after it
	}
	if _, err := conn.Write(body); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, out
}
