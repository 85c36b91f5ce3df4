package http

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/rapporteur/rapporteur"
)

// exportPage is the page size used to walk a list for an export.
const exportPage = 500

// list describes one list endpoint: how to fetch a page and how to write an
// item as a CSV row.
type list[T any] struct {
	name   string // file name of exports
	fetch  func(ctx context.Context, cursor string, limit int) (rapporteur.Page[T], error)
	header []string
	row    func(T) []string
	// count, when set, says how many items the whole list holds within a
	// bounded cost, as the search page's counts do: exact, or an estimate
	// (exact false; n 0 when too many to tell).
	count func(ctx context.Context) (n int64, exact bool, err error)
}

// listBody is the JSON of one page: next is null on the last page. total
// is the length of the whole list, given on the first page (the one
// without a cursor) when the store can count it cheaply, else null;
// total_exact says whether it is exact or an estimate.
type listBody[T any] struct {
	Items      []T     `json:"items"`
	Next       *string `json:"next"`
	Total      *int64  `json:"total"`
	TotalExact bool    `json:"total_exact"`
}

// serveList answers a list request in the format asked for: one page of
// JSON by default, or the whole list as CSV or JSON Lines (format=csv or
// jsonl), written page by page and flushed as it goes, so an export of a
// million rows holds one page in memory. In an export, limit caps the rows
// (0: all); in JSON it is the page size.
func serveList[T any](s *Server, w http.ResponseWriter, r *http.Request, l list[T], cursor string, limit int) error {
	format := r.URL.Query().Get("format")
	switch format {
	case "", "json":
		p, err := l.fetch(r.Context(), cursor, limit)
		if err != nil {
			return err
		}
		body := listBody[T]{Items: p.Items}
		if body.Items == nil {
			body.Items = []T{}
		}
		if p.Next != "" {
			body.Next = &p.Next
		}
		if cursor == "" {
			if body.Total, body.TotalExact, err = l.total(r.Context(), p); err != nil {
				return err
			}
		}
		return writeJSON(w, http.StatusOK, body)
	case "csv", "jsonl":
	default:
		return rapporteur.Errorf(rapporteur.EINVALID, "format %q is not json, csv or jsonl", format)
	}

	// The first page is read before any byte is written, so a bad query
	// still gets a proper error answer.
	size := s.exportPage
	if limit > 0 && limit < size {
		size = limit
	}
	p, err := l.fetch(r.Context(), cursor, size)
	if err != nil {
		return err
	}
	h := w.Header()
	if format == "csv" {
		h.Set("Content-Type", "text/csv; charset=utf-8")
		h.Set("Content-Disposition", `attachment; filename="`+l.name+`.csv"`)
	} else {
		h.Set("Content-Type", "application/x-ndjson")
		h.Set("Content-Disposition", `attachment; filename="`+l.name+`.jsonl"`)
	}
	rc := http.NewResponseController(w)
	var cw *csv.Writer
	var enc *json.Encoder
	if format == "csv" {
		cw = csv.NewWriter(w)
		cw.Write(l.header)
	} else {
		enc = json.NewEncoder(w)
		enc.SetEscapeHTML(false)
	}
	written := 0
	for {
		for _, it := range p.Items {
			if limit > 0 && written >= limit {
				break
			}
			if cw != nil {
				cw.Write(csvSafe(l.row(it)))
			} else if err := enc.Encode(it); err != nil {
				return nil // the client went away
			}
			written++
		}
		if cw != nil {
			cw.Flush()
			if cw.Error() != nil {
				return nil
			}
		}
		// Each page may take its full write timeout: an export is as long
		// as the list.
		rc.SetWriteDeadline(time.Now().Add(writeTimeout))
		if err := rc.Flush(); err != nil {
			return nil
		}
		if p.Next == "" || (limit > 0 && written >= limit) {
			return nil
		}
		next := s.exportPage
		if limit > 0 && limit-written < next {
			next = limit - written
		}
		p, err = l.fetch(r.Context(), p.Next, next)
		if err != nil {
			if r.Context().Err() == nil && !errors.Is(err, context.Canceled) {
				s.log.Error("http: export stopped", "path", r.URL.Path, "rows", written, "err", err)
			}
			// The status is sent: breaking the connection is the only way
			// left to tell the client the export is incomplete.
			panic(http.ErrAbortHandler)
		}
	}
}

// total is the length of the whole list whose first page is p: the
// page's own length when it is the whole list, else the list's count,
// nil when it has none or no estimate.
func (l list[T]) total(ctx context.Context, p rapporteur.Page[T]) (*int64, bool, error) {
	n := int64(len(p.Items))
	if p.Next == "" {
		return &n, true, nil
	}
	if l.count == nil {
		return nil, false, nil
	}
	c, exact, err := l.count(ctx)
	if err != nil || !exact && c <= n {
		// No estimate, or one the page itself beats.
		return nil, false, err
	}
	return &c, exact, nil
}

// isExport reports whether r asks for a whole list (format=csv or jsonl).
func isExport(r *http.Request) bool {
	f := r.URL.Query().Get("format")
	return f == "csv" || f == "jsonl"
}

// csvSafe keeps spreadsheet programs from running a cell as a formula: a
// cell starting with = + - @ or a tab gets a leading apostrophe (the OWASP
// advice for CSV injection). Article text is never trusted.
func csvSafe(row []string) []string {
	for i, c := range row {
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			row[i] = "'" + c
		}
	}
	return row
}

// writeJSON writes v with status.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	return nil
}

// whole turns a list the store returns at once into a one-page fetch.
func whole[T any](get func(ctx context.Context) ([]T, error)) func(context.Context, string, int) (rapporteur.Page[T], error) {
	return func(ctx context.Context, cursor string, limit int) (rapporteur.Page[T], error) {
		if cursor != "" {
			return rapporteur.Page[T]{}, rapporteur.Errorf(rapporteur.EINVALID, "this list has one page and takes no cursor")
		}
		items, err := get(ctx)
		return rapporteur.Page[T]{Items: items}, err
	}
}
