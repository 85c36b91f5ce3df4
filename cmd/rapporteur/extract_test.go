package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
)

// result is what a user sees of one run of the program.
type result struct {
	code           int
	stdout, stderr string
}

// run runs the program in-process with args and stdin.
func run(t *testing.T, stdin io.Reader, args ...string) result {
	t.Helper()
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	var out, errb bytes.Buffer
	m := &Main{Stdin: stdin, Stdout: &out, Stderr: &errb, Pipeline: testPipeline(t)}
	code := m.Main(context.Background(), args)
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

// writeFile writes a file in a fresh temporary directory.
func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// decodeArticle checks that out is exactly one JSON object with the list
// fields present as arrays, and returns it.
func decodeArticle(t *testing.T, out string) rapporteur.Article {
	t.Helper()
	var raw map[string]json.RawMessage
	dec := json.NewDecoder(strings.NewReader(out))
	if err := dec.Decode(&raw); err != nil {
		t.Fatalf("output is not a JSON object: %v\n%s", err, out)
	}
	if dec.More() {
		t.Fatalf("output has more than one JSON value:\n%s", out)
	}
	for _, k := range []string{"text", "credits", "statements", "entities"} {
		v, ok := raw[k]
		if !ok {
			t.Fatalf("output has no %q field:\n%s", k, out)
		}
		if k != "text" && !bytes.HasPrefix(v, []byte("[")) {
			t.Fatalf("%q is %s, want an array", k, v)
		}
	}
	var a rapporteur.Article
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatal(err)
	}
	return a
}

const sampleText = `Minister defends the new budget

Finance Minister Jane Doe said on Monday that the budget would balance by 2030.

"We have made hard choices," Doe told reporters in the capital.
`

const samplePage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Minister defends the new budget</title></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Minister defends the new budget</h1>
<p>Finance Minister Jane Doe said on Monday that the budget would balance by 2030, after a decade of deficits that her party had promised to end.</p>
<p>"We have made hard choices, and we will keep making them until the books are balanced," Doe told reporters in the capital on Monday afternoon.</p>
<p>Opposition leaders said the plan would cut services that families rely on, and called for a vote in parliament before the end of the month.</p>
</article><footer>Copyright 2024</footer></body></html>
`

func TestExtractTextFile(t *testing.T) {
	path := writeFile(t, "budget.txt", []byte(sampleText))
	r := run(t, nil, "extract", path)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	a := decodeArticle(t, r.stdout)
	if !strings.Contains(a.Text, "hard choices") {
		t.Errorf("text %q lacks the body", a.Text)
	}
	if strings.Count(r.stdout, "\n") != 1 {
		t.Errorf("output is not one line:\n%s", r.stdout)
	}
}

func TestExtractPretty(t *testing.T) {
	path := writeFile(t, "budget.txt", []byte(sampleText))
	// Flags may follow the file name.
	r := run(t, nil, "extract", path, "--pretty")
	if r.code != 0 {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	decodeArticle(t, r.stdout)
	if !strings.Contains(r.stdout, "\n  \"text\": ") {
		t.Errorf("output is not indented:\n%s", r.stdout)
	}
}

func TestExtractStdin(t *testing.T) {
	r := run(t, strings.NewReader(sampleText), "extract", "-")
	if r.code != 0 {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	a := decodeArticle(t, r.stdout)
	if !strings.Contains(a.Text, "hard choices") {
		t.Errorf("text %q lacks the body", a.Text)
	}
	// The same page on stdin is recognised as HTML by its first tag.
	r = run(t, strings.NewReader(samplePage), "extract", "-")
	if r.code != 0 {
		t.Fatalf("HTML on stdin: exit %d, stderr %q", r.code, r.stderr)
	}
	if a := decodeArticle(t, r.stdout); strings.Contains(a.Text, "<p>") || strings.Contains(a.Text, "DOCTYPE") {
		t.Errorf("HTML read as text: %q", a.Text)
	}
}

func TestExtractHTMLFile(t *testing.T) {
	path := writeFile(t, "budget.html", []byte(samplePage))
	r := run(t, nil, "extract", path)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	a := decodeArticle(t, r.stdout)
	if !strings.Contains(a.Text, "hard choices") {
		t.Errorf("text %q lacks the article body", a.Text)
	}
	if strings.Contains(a.Text, "<p>") {
		t.Errorf("text %q still has tags", a.Text)
	}
}

func TestExtractUTF16(t *testing.T) {
	// Notepad's "Unicode" is UTF-16LE with a byte order mark.
	var b []byte
	b = append(b, 0xff, 0xfe)
	for _, r := range "Titre\n\nElle a dit « bonjour »." {
		b = append(b, byte(r), byte(r>>8))
	}
	r := run(t, nil, "extract", writeFile(t, "utf16.txt", b))
	if r.code != 0 {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	if a := decodeArticle(t, r.stdout); !strings.Contains(a.Text+a.Title, "« bonjour »") {
		t.Errorf("UTF-16 not decoded: %+v", a)
	}
}

func TestExtractBadInput(t *testing.T) {
	dir := t.TempDir()
	// A 100 MB file, sparse so that the test neither writes nor reads it.
	huge := filepath.Join(dir, "huge.txt")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(100 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10")

	tests := []struct {
		name  string
		args  []string
		stdin io.Reader
		code  int
		msg   string
	}{
		{"empty file", []string{writeFile(t, "empty.txt", nil)}, nil, 2, "is empty"},
		{"blank file", []string{writeFile(t, "blank.txt", []byte("\n \t\n\n"))}, nil, 2, "is empty"},
		{"empty stdin", []string{"-"}, strings.NewReader(""), 2, "stdin is empty"},
		{"empty HTML", []string{writeFile(t, "empty.html", []byte("  \n"))}, nil, 2, "is empty"},
		{"binary file", []string{writeFile(t, "image.txt", png)}, nil, 2, "binary data (a NUL byte at offset 8)"},
		{"binary as HTML", []string{writeFile(t, "image.html", png)}, nil, 2, "binary data"},
		{"invalid UTF-8", []string{writeFile(t, "latin1.txt", []byte("Titre\n\nLe caf\xe9 est ferm\xe9."))}, nil, 2, "not valid UTF-8 (byte 0xe9 at offset 13, line 3)"},
		{"100 MB file", []string{huge}, nil, 2, "larger than the limit of 20971520 bytes"},
		{"over the limit on stdin", []string{"--max-bytes", "1000", "-"}, strings.NewReader(strings.Repeat("word ", 1000)), 2, "stdin is larger than the limit of 1000 bytes"},
		{"missing file", []string{filepath.Join(dir, "nope.txt")}, nil, 2, "no such file"},
		{"directory", []string{dir}, nil, 2, "is a directory"},
		{"bad --as", []string{"--as", "pdf", "-"}, nil, 2, "--as must be text or html"},
		{"unknown flag", []string{"--frobnicate", "-"}, nil, 2, "unknown option --frobnicate"},
		{"no argument", nil, nil, 2, "usage: rapporteur extract"},
		{"two arguments", []string{"a.txt", "b.txt"}, nil, 2, "usage: rapporteur extract"},
		{"unsupported scheme", []string{"file:///etc/passwd"}, nil, 2, "is not an absolute http or https URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, tt.stdin, append([]string{"extract"}, tt.args...)...)
			if r.code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", r.code, tt.code, r.stderr)
			}
			if !strings.Contains(r.stderr, tt.msg) {
				t.Errorf("stderr %q does not say %q", r.stderr, tt.msg)
			}
			if r.stdout != "" {
				t.Errorf("stdout %q, want nothing", r.stdout)
			}
		})
	}
}

func TestExtractUnknownCommand(t *testing.T) {
	r := run(t, nil, "extrakt", "a.txt")
	if r.code != 2 || !strings.Contains(r.stderr, `unknown command "extrakt"`) || r.stdout != "" {
		t.Fatalf("%+v", r)
	}
}

// TestExtractHostileText feeds text that is valid but pathological: the
// program must answer with an article, not fail, hang or crash.
func TestExtractHostileText(t *testing.T) {
	tests := []struct{ name, text string }{
		{"10,000 quote marks", "Quotes\n\n" + strings.Repeat(`"`, 10000)},
		{"10,000 mixed quote marks", "Quotes\n\n" + strings.Repeat(`“a” "b" «c» ‘d’ '' `, 1000)},
		{"10,000 opening quotes in words", "Quotes\n\n" + strings.Repeat(`he said "yes `, 10000)},
		{"unbalanced quotes", "Unbalanced\n\nShe said \"this never ends.\n\n\"Another opening, and \u201canother.\n\nHe said \u201d closing first\u201c and \u00bb backwards \u00ab.\n"},
		{"one long line", strings.Repeat("word ", 200000)},
		{"only punctuation", strings.Repeat(",.;:!?-—", 5000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, nil, "extract", writeFile(t, "in.txt", []byte(tt.text)))
			if r.code != 0 {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			checkSpans(t, decodeArticle(t, r.stdout))
		})
	}
}

func TestExtractDeeplyNestedHTML(t *testing.T) {
	const depth = 100000
	var b bytes.Buffer
	b.WriteString("<!DOCTYPE html><html><body>")
	for range depth {
		b.WriteString("<div>")
	}
	b.WriteString(`<p>"Deep," she said.</p>`)
	for range depth {
		b.WriteString("</div>")
	}
	b.WriteString("</body></html>")
	r := run(t, nil, "extract", writeFile(t, "deep.html", b.Bytes()))
	// An article (possibly empty) or a clear refusal; never a crash.
	switch r.code {
	case 0:
		checkSpans(t, decodeArticle(t, r.stdout))
	case 2:
		if r.stdout != "" || !strings.Contains(r.stderr, "deep.html: ") {
			t.Fatalf("refusal without a clear message: %+v", r)
		}
	default:
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestExtractBrokenHTML(t *testing.T) {
	for _, page := range []string{
		"<html><body><p>Unclosed <b>bold <i>italic <p>\"Quote,\" he said",
		"<html><head><script>document.write('<p>')",
		"<html>\x00\x00</html>" + strings.Repeat(" ", 9000),
		"<!DOCTYPE html><table><tr><td><table><tr><td>" + strings.Repeat("<td>cell", 5000),
	} {
		r := run(t, nil, "extract", "--as", "html", writeFile(t, "broken.html", []byte(page)))
		if r.code == 0 {
			checkSpans(t, decodeArticle(t, r.stdout))
		} else if r.code != 2 || r.stdout != "" || r.stderr == "" {
			t.Errorf("page %.40q: %+v", page, r)
		}
	}
}

// checkSpans checks the offsets of a: each span lies inside the text and
// repeats the characters it covers.
func checkSpans(t testing.TB, a rapporteur.Article) {
	t.Helper()
	text := []rune(a.Text)
	check := func(what string, s *rapporteur.Span) {
		if s == nil {
			return
		}
		if s.Start < 0 || s.End < s.Start || s.End > len(text) {
			t.Fatalf("%s span [%d,%d) outside the text of %d code points", what, s.Start, s.End, len(text))
		}
		if s.Text != "" && s.Text != string(text[s.Start:s.End]) {
			t.Fatalf("%s span [%d,%d) says %q, text there is %q", what, s.Start, s.End, s.Text, string(text[s.Start:s.End]))
		}
	}
	for i, st := range a.Statements {
		check(fmt.Sprintf("statement %d content", i), &st.Content)
		check(fmt.Sprintf("statement %d cue", i), st.Cue)
		check(fmt.Sprintf("statement %d mention", i), st.Speaker.Mention)
		check(fmt.Sprintf("statement %d source", i), st.Speaker.Source)
	}
	for i, c := range a.Credits {
		if !c.Removed {
			check(fmt.Sprintf("credit %d", i), &c.Evidence)
		}
	}
}

func TestExtractURL(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/page":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, samplePage)
		case "/text":
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			fmt.Fprint(w, sampleText)
		case "/image":
			w.Header().Set("Content-Type", "image/png")
			w.Write([]byte("\x89PNG\r\n\x1a\n"))
		case "/latin1.txt":
			w.Header().Set("Content-Type", "text/plain; charset=iso-8859-1")
			fmt.Fprint(w, "Caf\xe9 news\n\nThe caf\xe9 owner said \"c'est fini\".\n")
		case "/cp1252.html":
			w.Header().Set("Content-Type", "text/html; charset=windows-1252")
			fmt.Fprint(w, strings.Replace(samplePage, "hard choices", "hard \x93choices\x94 for the caf\xe9", 1))
		case "/slow":
			<-r.Context().Done()
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	r := run(t, nil, "extract", "--allow-private", srv.URL+"/page")
	if r.code != 0 {
		t.Fatalf("page: exit %d, stderr %q", r.code, r.stderr)
	}
	if a := decodeArticle(t, r.stdout); a.URL != srv.URL+"/page" || !strings.Contains(a.Text, "hard choices") {
		t.Errorf("page: url %q, text %q", a.URL, a.Text)
	}
	r = run(t, nil, "extract", "--allow-private", srv.URL+"/text")
	if a := decodeArticle(t, r.stdout); r.code != 0 || !strings.Contains(a.Text, "hard choices") || a.URL != srv.URL+"/text" {
		t.Errorf("text: exit %d, %+v", r.code, a)
	}

	// A charset named by the Content-Type header is decoded.
	r = run(t, nil, "extract", "--allow-private", srv.URL+"/latin1.txt")
	if a := decodeArticle(t, r.stdout); r.code != 0 || !strings.Contains(a.Text, "The café owner") {
		t.Errorf("latin-1 text: exit %d, stderr %q, text %q", r.code, r.stderr, a.Text)
	}
	r = run(t, nil, "extract", "--allow-private", srv.URL+"/cp1252.html")
	if a := decodeArticle(t, r.stdout); r.code != 0 || !strings.Contains(a.Text, "hard “choices” for the café") {
		t.Errorf("windows-1252 page: exit %d, stderr %q, text %q", r.code, r.stderr, a.Text)
	}

	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"loopback refused by default", []string{srv.URL + "/page"}, 1, "127.0.0.1 is private, loopback or otherwise not public"},
		{"localhost refused by default", []string{strings.Replace(srv.URL, "127.0.0.1", "localhost", 1) + "/page"}, 1, "is private, loopback or otherwise not public, refused"},
		{"timeout", []string{"--allow-private", "--timeout", "200ms", srv.URL + "/slow"}, 1, "no complete answer within 200ms"},
		{"not found", []string{"--allow-private", srv.URL + "/missing"}, 1, "404 Not Found"},
		{"image", []string{"--allow-private", srv.URL + "/image"}, 2, "/image is image/png, not an HTML or text page"},
		{"page over the limit", []string{"--allow-private", "--max-bytes", "100", srv.URL + "/page"}, 2, "over the limit of 100 bytes"},
		{"bad --allow-addr", []string{"--allow-addr", "intranet", srv.URL + "/page"}, 2, "not an address or a network"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, nil, append([]string{"extract"}, tt.args...)...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.msg) || r.stdout != "" {
				t.Fatalf("exit %d (want %d), stderr %q (want %q), stdout %q", r.code, tt.code, r.stderr, tt.msg, r.stdout)
			}
		})
	}
}

func TestExtractURLRedirectToLoopbackRefused(t *testing.T) {
	// The server the user names lives on 127.0.0.2, which the operator
	// allows with --allow-addr; it redirects to 127.0.0.1, which nobody
	// allowed.
	var hits int
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		fmt.Fprint(w, "internal admin page")
	}))
	defer target.Close()
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("cannot listen on 127.0.0.2: %v", err)
	}
	redirector := httptest.NewUnstartedServer(http.RedirectHandler(target.URL+"/admin", http.StatusFound))
	redirector.Listener.Close()
	redirector.Listener = ln
	redirector.Start()
	defer redirector.Close()

	r := run(t, nil, "extract", "--allow-addr", "127.0.0.2", redirector.URL+"/story")
	if r.code != 1 || r.stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"redirect to " + target.URL + "/admin", "127.0.0.1 is private, loopback"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr %q does not say %q", r.stderr, want)
		}
	}
	if hits != 0 {
		t.Fatal("the redirect target was reached")
	}
}

func TestExtractJSONL(t *testing.T) {
	var in bytes.Buffer
	const n = 60
	want := make([]string, 0, n)
	for i := range n {
		id := fmt.Sprintf("doc-%02d", i)
		switch i {
		case 20:
			in.WriteString(`{"id": "doc-20", "text": "unterminated` + "\n")
		case 25:
			in.WriteString(`{"id": "doc-25", "title": "no body"}` + "\n")
		case 30:
			in.WriteString(`{"id": "doc-30", "text": "caf` + "\xe9" + `"}` + "\n")
		case 35:
			fmt.Fprintf(&in, `{"id": "doc-35", "text": %q}`+"\n", strings.Repeat("x", 5000))
		case 40:
			in.WriteString(`[1, 2, 3]` + "\n")
		case 45:
			fmt.Fprintf(&in, `{"id": "doc-45", "html": %q, "url": "https://example.com/budget"}`+"\n", samplePage)
		default:
			fmt.Fprintf(&in, `{"id": %q, "title": "Story %d", "text": %q}`+"\n", id, i, fmt.Sprintf("Minister %d said \"we will act\" on Monday.", i))
		}
		if i == 10 {
			in.WriteString("\n   \n") // blank lines are skipped
		}
		want = append(want, id)
	}
	in.WriteString(`{"id": 99, "text": "no newline at the end"}`)
	want = append(want, "99")

	r := run(t, &in, "extract", "--workers", "4", "--max-bytes", "4000", "--jsonl", "-")
	if r.code != 0 {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "5 of 61 records could not be extracted") {
		t.Errorf("stderr %q does not count the failures", r.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != len(want) {
		t.Fatalf("%d output lines, want %d", len(lines), len(want))
	}
	errs := map[string]string{
		"doc-20": "line 23: not a JSON object",
		"doc-25": `line 28: the record has none of "text", "html" and "url"`,
		"doc-30": "not valid UTF-8",
		"doc-35": "larger than the limit of 4000 bytes",
		"doc-40": "line 43: not a JSON object",
	}
	for i, line := range lines {
		var got struct {
			ID    string `json:"id"`
			Line  int    `json:"line"`
			Error string `json:"error"`
			Text  string `json:"text"`
			URL   string `json:"url"`
		}
		if err := json.Unmarshal([]byte(line), &got); err != nil {
			t.Fatalf("line %d is not JSON: %v: %s", i+1, err, line)
		}
		msg, bad := errs[want[i]]
		switch {
		case bad && !strings.Contains(got.Error, msg):
			t.Errorf("line %d: error %q, want %q", i+1, got.Error, msg)
		case bad:
			// Lines too long or not JSON objects have no readable id.
			if want[i] != "doc-20" && want[i] != "doc-35" && want[i] != "doc-40" && got.ID != want[i] {
				t.Errorf("line %d: error for id %q, want %q", i+1, got.ID, want[i])
			}
		case got.Error != "":
			t.Errorf("line %d (%s): unexpected error %q", i+1, want[i], got.Error)
		case got.ID != want[i]:
			t.Errorf("line %d: id %q, want %q (out of order)", i+1, got.ID, want[i])
		}
		if want[i] == "doc-45" && (got.URL != "https://example.com/budget" || !strings.Contains(got.Text, "hard choices")) {
			t.Errorf("HTML record: url %q, text %q", got.URL, got.Text)
		}
	}
	// Text is used verbatim, so gold offsets line up.
	var first rapporteur.Article
	json.Unmarshal([]byte(lines[0]), &first)
	if first.Text != `Minister 0 said "we will act" on Monday.` || first.Title != "Story 0" {
		t.Errorf("text not verbatim: %+v", first)
	}
}

func TestExtractJSONLFile(t *testing.T) {
	// A record longer than bufio's buffer, read from a file.
	long := fmt.Sprintf(`{"id": "long", "text": %q}`, strings.Repeat("The minister said the plan would work. ", 5000))
	path := writeFile(t, "in.jsonl", []byte(long+"\n"+`{"id": "short", "text": "Short."}`+"\n"))
	r := run(t, nil, "extract", "--jsonl", path)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	sc := bufio.NewScanner(strings.NewReader(r.stdout))
	sc.Buffer(nil, 1<<24)
	var ids []string
	for sc.Scan() {
		var a rapporteur.Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	if strings.Join(ids, ",") != "long,short" {
		t.Fatalf("ids %v", ids)
	}
	r = run(t, nil, "extract", "--jsonl", filepath.Join(t.TempDir(), "missing.jsonl"))
	if r.code != 2 || !strings.Contains(r.stderr, "no such file") || r.stdout != "" {
		t.Fatalf("missing file: %+v", r)
	}
}

func TestExtractJSONLStreams(t *testing.T) {
	// The first result must come out while the input is still open: the
	// batch does not read the whole input first.
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan int, 1)
	go func() {
		m := &Main{Stdin: inR, Stdout: outW, Stderr: io.Discard}
		done <- m.Main(context.Background(), []string{"extract", "--jsonl", "-"})
		outW.Close()
	}()
	br := bufio.NewReader(outR)
	var ids []string
	for i := range 3 {
		fmt.Fprintf(inW, `{"id": "s%d", "text": "She said \"go\"."}`+"\n", i)
		got := make(chan string, 1)
		go func() {
			line, _ := br.ReadString('\n')
			got <- line
		}()
		select {
		case line := <-got:
			var a rapporteur.Article
			if err := json.Unmarshal([]byte(line), &a); err != nil {
				t.Fatalf("record %d: %v: %q", i, err, line)
			}
			ids = append(ids, a.ID)
		case <-time.After(20 * time.Second):
			t.Fatalf("no result for record %d while the input stays open", i)
		}
	}
	inW.Close()
	io.Copy(io.Discard, br)
	if code := <-done; code != 0 || strings.Join(ids, ",") != "s0,s1,s2" {
		t.Fatalf("exit %d, ids %v", code, ids)
	}
}

type failingWriter struct{}

func (failingWriter) Write(p []byte) (int, error) { return 0, io.ErrClosedPipe }

func TestExtractJSONLOutputClosed(t *testing.T) {
	var in bytes.Buffer
	for i := range 20000 {
		fmt.Fprintf(&in, `{"id": "%d", "text": "Short text number %d."}`+"\n", i, i)
	}
	var errb bytes.Buffer
	m := &Main{Stdin: &in, Stdout: failingWriter{}, Stderr: &errb}
	if code := m.Main(context.Background(), []string{"extract", "--jsonl", "-"}); code != 1 || !strings.Contains(errb.String(), "write output") {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
	if in.Len() == 0 {
		t.Error("the whole input was read after the output failed")
	}
}

func TestExtractJSONLInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	m := &Main{Stdin: strings.NewReader(`{"id": "a", "text": "x"}` + "\n"), Stdout: &out, Stderr: &errb}
	if code := m.Main(ctx, []string{"extract", "--jsonl", "-"}); code != 1 || !strings.Contains(errb.String(), "interrupted") {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
}

// TestModelFlags: --rules-only reads with the rules alone, --model a
// model file of one's own; a file that is no model is refused at start,
// before any input is read.
func TestModelFlags(t *testing.T) {
	path := writeFile(t, "budget.txt", []byte(sampleText))
	r := run(t, nil, "extract", "--rules-only", path)
	if r.code != 0 || len(decodeArticle(t, r.stdout).Statements) == 0 {
		t.Fatalf("--rules-only: exit %d, stderr %q", r.code, r.stderr)
	}
	bad := writeFile(t, "model.bin.gz", []byte("not a model"))
	for _, args := range [][]string{
		{"extract", "--model", bad, path},
		{"extract", "--model", filepath.Join(t.TempDir(), "missing.gz"), path},
		{"extract", "--rules-only", "--model", bad, path},
	} {
		r := run(t, nil, args...)
		if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "model") {
			t.Errorf("%v: exit %d, stderr %q, want 2 and a word on the model", args, r.code, r.stderr)
		}
	}
}

// replyText has a denial that answers an accusation of the same article.
const replyText = `Trump denies claims

The senator said Trump lied about the deal. Trump denied the senator's claim, saying "it is fake news."
`

// TestExtractRepliesNameTheArticle: the statements a reply answers are
// named by the article's id, never by an empty one: the id given on a
// JSON Lines record (text or HTML), or, for one article read from the
// command line, the file name as given.
func TestExtractRepliesNameTheArticle(t *testing.T) {
	check := func(name string, a rapporteur.Article, id string) {
		t.Helper()
		if a.ID != id {
			t.Errorf("%s: id %q, want %q", name, a.ID, id)
		}
		n := 0
		for i, st := range a.Statements {
			for _, r := range st.RespondsTo {
				n++
				if r.Article != id || r.Statement < 0 || r.Statement >= len(a.Statements) || r.Statement == i {
					t.Errorf("%s: statement %d responds to %+v, want article %q and another statement of it", name, i, r, id)
				}
			}
		}
		if n == 0 {
			t.Errorf("%s: no statement answers another; the denial should answer the accusation", name)
		}
	}
	path := writeFile(t, "denial.txt", []byte(replyText))
	r := run(t, nil, "extract", path)
	if r.code != 0 {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	check("file", decodeArticle(t, r.stdout), path)

	body := replyText[strings.Index(replyText, "\n\n")+2:]
	html := "<html><body><article><h1>Trump denies claims</h1><p>" + body + "</p></article></body></html>"
	var in bytes.Buffer
	for _, rec := range []map[string]string{{"id": "as-text", "text": body}, {"id": "as-html", "html": html}} {
		line, _ := json.Marshal(rec)
		in.Write(append(line, '\n'))
	}
	r = run(t, &in, "extract", "--jsonl", "-")
	if r.code != 0 {
		t.Fatalf("--jsonl: exit %d, stderr %q", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 2 {
		t.Fatalf("--jsonl: %d lines, want 2:\n%s", len(lines), r.stdout)
	}
	for i, id := range []string{"as-text", "as-html"} {
		var a rapporteur.Article
		if err := json.Unmarshal([]byte(lines[i]), &a); err != nil {
			t.Fatal(err)
		}
		check(id, a, id)
	}
}
