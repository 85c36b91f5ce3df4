package http

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"os"
	"sync"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/ingest"
)

// isBulk reports whether r is a JSON Lines ingest: POST /api/v1/articles
// with an application/x-ndjson (or application/jsonl) body.
func isBulk(r *http.Request) bool {
	if r.Method != http.MethodPost || r.URL.Path != "/api/v1/articles" {
		return false
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return ct == "application/x-ndjson" || ct == "application/jsonl"
}

// lineResult is one line of the answer to a JSON Lines ingest.
type lineResult struct {
	// Line is the input line the result is for, numbered from 1 (blank
	// lines count, and have no result).
	Line     int                  `json:"line"`
	ID       int64                `json:"id,omitempty"`
	Status   rapporteur.PutStatus `json:"status,omitempty"`
	Location string               `json:"location,omitempty"`
	Error    *apiErrorBody        `json:"error,omitempty"`
}

// ingestLines stores a JSON Lines body, one record per line as for
// `rapporteur ingest`, and answers with one result line per record, in
// input order, each written as soon as its article is stored. A bad line
// fails alone.
//
// The answer begins while the body is still arriving. Over HTTP/1.1 Go's
// server would then drop the unread rest of the body, so full duplex is
// turned on; and since many clients (Python's http.client, a plain curl
// upload) read nothing before they have sent everything, the body is
// copied to an unlinked temporary file as fast as it arrives, whatever the
// answer does. A client that waits for the end of its upload so never
// blocks the server, memory stays bounded by the ingester's window, and
// the disk holds at most MaxBulkBytes.
func (s *Server) ingestLines(w http.ResponseWriter, r *http.Request) error {
	if s.cfg.Bulk == nil {
		return rapporteur.Errorf(rapporteur.EFORBID, "this server does not take JSON Lines bodies")
	}
	rc := http.NewResponseController(w)
	if err := rc.EnableFullDuplex(); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return rapporteur.Errorf(rapporteur.EINTERNAL, "full duplex: %w", err)
	}
	body, err := newSpool(r.Body)
	if err != nil {
		return err
	}
	defer body.Close()

	// The status line goes out with the first result, after the body's
	// first read: a header written earlier would keep Go's server from
	// sending the 100 Continue an Expect: 100-continue client waits for.
	w.Header().Set("Content-Type", "application/x-ndjson")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	writeErr := error(nil)
	each := func(res ingest.Result) {
		out := lineResult{Line: res.Line}
		switch {
		case res.Err != nil:
			code, msg := classify(res.Err)
			if code == rapporteur.EINTERNAL {
				s.log.Error("http: ingest line", "line", res.Line, "err", res.Err)
			}
			out.Error = &apiErrorBody{Code: code, Message: msg}
		default:
			out.ID, out.Status, out.Location = res.ID, res.Status, "/api/v1/articles/"+itoa(res.ID)
		}
		if writeErr == nil {
			// A client that went away gets nothing more; what it sent is
			// still stored, and a re-run duplicates nothing.
			if writeErr = enc.Encode(out); writeErr == nil {
				writeErr = rc.Flush()
			}
		}
	}
	if _, err := s.cfg.Bulk.IngestLines(r.Context(), body, "body", each); err != nil {
		code, msg := classify(err)
		enc.Encode(lineResult{Error: &apiErrorBody{Code: code, Message: msg}})
	}
	return nil
}

// spool is a request body copied to an unlinked temporary file by its own
// goroutine as fast as it arrives, and read back from it, so that reading
// the body never waits for the handler.
type spool struct {
	f *os.File

	mu      sync.Mutex
	grew    *sync.Cond
	written int64
	err     error // the body's end (io.EOF) or failure, once copied
	closed  bool  // the reader is done; the copier stops
	done    bool  // the copier is done

	off int64 // the reader's offset
}

func newSpool(body io.Reader) (*spool, error) {
	f, err := os.CreateTemp("", "rapporteur-bulk-*")
	if err != nil {
		return nil, rapporteur.Errorf(rapporteur.EINTERNAL, "spool the request body: %w", err)
	}
	// Unlinked at once: the space is freed when the file is closed, also
	// after a crash.
	os.Remove(f.Name())
	sp := &spool{f: f}
	sp.grew = sync.NewCond(&sp.mu)
	go sp.copy(body)
	return sp, nil
}

func (sp *spool) copy(body io.Reader) {
	buf := make([]byte, 256<<10)
	var err error
	for err == nil {
		var n int
		n, err = body.Read(buf)
		if n > 0 {
			sp.mu.Lock()
			stop, at := sp.closed, sp.written
			sp.mu.Unlock()
			if stop {
				break
			}
			if _, werr := sp.f.WriteAt(buf[:n], at); werr != nil {
				err = rapporteur.Errorf(rapporteur.EINTERNAL, "spool the request body: %w", werr)
			} else {
				sp.mu.Lock()
				sp.written += int64(n)
				sp.grew.Broadcast()
				sp.mu.Unlock()
			}
		}
	}
	if err != nil && err != io.EOF {
		err = bodyError(err)
	}
	sp.mu.Lock()
	defer sp.mu.Unlock()
	sp.err, sp.done = err, true
	sp.grew.Broadcast()
	if sp.closed {
		sp.f.Close()
	}
}

// Read reads what the copier has written, waiting for more until the
// body ends.
func (sp *spool) Read(p []byte) (int, error) {
	sp.mu.Lock()
	for sp.off >= sp.written && !sp.done {
		sp.grew.Wait()
	}
	avail := sp.written - sp.off
	if avail == 0 {
		err := sp.err
		sp.mu.Unlock()
		return 0, err
	}
	sp.mu.Unlock()
	n, err := sp.f.ReadAt(p[:min(int64(len(p)), avail)], sp.off)
	sp.off += int64(n)
	if err == io.EOF && n > 0 {
		err = nil
	}
	return n, err
}

// Close ends the reading; the file is closed once the copier is done too
// (net/http ends the body's reads when the handler returns).
func (sp *spool) Close() error {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	sp.closed = true
	if sp.done {
		return sp.f.Close()
	}
	return nil
}
