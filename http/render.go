package http

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/microcosm-cc/bluemonday"
	"github.com/rapporteur/rapporteur"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// templates holds every page parsed with the layout, at start-up, so a
// broken template stops the server before it serves anything.
type templates struct {
	pages map[string]*template.Template
}

func parseTemplates() (*templates, error) {
	layout, err := templateFS.ReadFile("templates/layout.html")
	if err != nil {
		return nil, err
	}
	partials, err := templateFS.ReadFile("templates/partials.html")
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	t := &templates{pages: map[string]*template.Template{}}
	for _, name := range names {
		base := strings.TrimSuffix(path.Base(name), ".html")
		if base == "layout" || base == "partials" {
			continue
		}
		body, err := templateFS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		tpl, err := template.New("layout").Funcs(funcs).Parse(string(layout))
		if err == nil {
			_, err = tpl.Parse(string(partials))
		}
		if err == nil {
			_, err = tpl.Parse(string(body))
		}
		if err != nil {
			return nil, fmt.Errorf("http: parse template %s: %w", name, err)
		}
		t.pages[base] = tpl
	}
	return t, nil
}

// view is what every page template gets: the layout's fields and the
// page's own data in Page.
type view struct {
	Title    string
	Q        string // the search box
	Tab      string
	ReadOnly bool
	LoggedIn bool
	CSRF     string // the form token of the logged-in session
	Page     any
}

// render executes a page into a buffer first, so a template error becomes a
// clean error page instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name, title string, page any) {
	v := &view{Title: title, ReadOnly: s.cfg.ReadOnly, Page: page}
	v.Q = r.URL.Query().Get("q")
	if r.URL.Path == "/search" && r.URL.Query().Get("tab") == "statements" {
		v.Tab = "statements" // a new search from the box stays on the tab
	}
	if id := s.session(r); id != "" && !s.cfg.ReadOnly {
		v.LoggedIn = true
		v.CSRF = s.csrfToken(id)
	}
	var buf bytes.Buffer
	tpl := s.pages.pages[name]
	if tpl == nil {
		s.log.Error("http: no template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if err := tpl.ExecuteTemplate(&buf, "layout", v); err != nil {
		s.log.Error("http: render", "template", name, "path", r.URL.Path, "err", err)
		if name != "error" {
			s.render(w, r, http.StatusInternalServerError, "error", "Internal error",
				&errorPage{Status: http.StatusInternalServerError, Title: "Internal error", Message: "internal error"})
			return
		}
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// errorPage is the data of the error template.
type errorPage struct {
	Status  int
	Title   string
	Message string
	Login   bool // offer the login form
}

// funcs are the template helpers. None of them returns markup built from
// input without escaping it first.
var funcs = template.FuncMap{
	"date":      fmtDate,
	"datetime":  fmtDateTime,
	"highlight": highlightSnippet,
	"plural":    plural,
	"noun": func(n int64, one, many string) string {
		if n == 1 {
			return one
		}
		return many
	},
	"speakerLine": speakerLine,
	"voiceRole":   voiceRole,
	"kindLabel":   kindLabel,
	"webURL":      webURL,
	"hostOf":      hostOf,
}

func fmtDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2 Jan 2006")
}

func fmtDateTime(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format("2 Jan 2006 15:04 UTC")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

func kindLabel(k, mode string) string {
	if mode == rapporteur.Stance {
		// A position reported, not words: "opposed charter schools" is
		// no quotation, and a fact-checker must not read it as one.
		return "position"
	}
	switch k {
	case rapporteur.Direct:
		return "direct quote"
	case rapporteur.Indirect:
		return "reported speech"
	case rapporteur.Mixed:
		return "mixed quote"
	}
	return k
}

// speakerLine is "Name, role, affiliation" with the empty parts left out.
// voiceRole is the role and affiliation a story's speaker is quoted with
// last ("President, United States"), "" when never with one.
func voiceRole(v *rapporteur.StoryVoice) string {
	for i := len(v.Statements) - 1; i >= 0; i-- {
		sp := v.Statements[i].Speaker
		if sp.Role != "" || sp.Affiliation != "" {
			return strings.Join(slices.DeleteFunc([]string{sp.Role, sp.Affiliation}, func(s string) bool { return s == "" }), ", ")
		}
	}
	return ""
}

func speakerLine(sp rapporteur.Speaker) string {
	var parts []string
	name := sp.Name
	if name == "" {
		name = "unnamed " + sp.Type
		if sp.Type == "" || sp.Type == rapporteur.Unknown {
			name = "unknown speaker"
		}
	}
	parts = append(parts, name)
	if sp.Role != "" {
		parts = append(parts, sp.Role)
	}
	if sp.Affiliation != "" {
		parts = append(parts, sp.Affiliation)
	}
	return strings.Join(parts, ", ")
}

// webURL returns u when it is an absolute http or https URL and "" for
// anything else, so a stored "javascript:" URL never becomes a link.
func webURL(u string) string {
	l := strings.ToLower(strings.TrimSpace(u))
	if strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") {
		return strings.TrimSpace(u)
	}
	return ""
}

func hostOf(u string) string {
	u = webURL(u)
	if u == "" {
		return ""
	}
	rest := u[strings.Index(u, "//")+2:]
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndex(rest, "@"); i >= 0 {
		rest = rest[i+1:]
	}
	return rest
}

// policy is the bluemonday allow-list of the markup we build ourselves
// around escaped article text: paragraphs, line breaks, highlights and
// their tooltips. Everything we render as HTML passes through it, so even
// a mistake in the builders cannot let an element or attribute through
// that the list does not name.
var policy = func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "mark", "span", "b")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^[a-z0-9 -]+$`)).OnElements("mark", "span", "p")
	p.AllowAttrs("tabindex").Matching(regexp.MustCompile(`^0$`)).OnElements("mark")
	p.AllowAttrs("role").Matching(regexp.MustCompile(`^tooltip$`)).OnElements("span")
	p.AllowAttrs("id").Matching(regexp.MustCompile(`^[a-z]+-[0-9]+$`)).OnElements("mark", "span")
	p.AllowAttrs("aria-describedby").Matching(regexp.MustCompile(`^[a-z]+-[0-9]+$`)).OnElements("mark")
	return p
}()

// highlightSnippet renders a search snippet: escaped, then its match
// markers turned into <mark>, then sanitized.
func highlightSnippet(snippet string) template.HTML {
	return template.HTML(policy.Sanitize(rapporteur.HighlightHTML(snippet)))
}

// static serves the embedded stylesheet and icon.
func (s *Server) static(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("file")
	b, err := staticFS.ReadFile("static/" + name)
	if err != nil || strings.Contains(name, "/") {
		return rapporteur.Errorf(rapporteur.ENOTFOUND, "no static file %q", name)
	}
	switch path.Ext(name) {
	case ".css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
	case ".svg":
		w.Header().Set("Content-Type", "image/svg+xml")
	default:
		w.Header().Set("Content-Type", "application/octet-stream")
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(b)
	return nil
}

// favicon answers the browsers that ask for /favicon.ico with the icon.
func (s *Server) favicon(w http.ResponseWriter, r *http.Request) error {
	b, err := staticFS.ReadFile("static/icon.svg")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	w.Write(b)
	return nil
}
