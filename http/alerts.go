package http

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/rapporteur/rapporteur"
)

// Alerts on statements (issue 15): a saved search may match statements
// instead of articles (speaker:"Zhao Lijian", act:deny target:"UN
// report"); its Atom entries and webhook deliveries then carry the quote,
// the speaker with role, and the article's title and link.

// statementAlerter is a store whose saved searches can match statements
// (sqlite.DB is one). Without it every saved search matches articles.
type statementAlerter interface {
	SavedSearchTarget(ctx context.Context, id int64) (string, error)
	SetSavedSearchTarget(ctx context.Context, id int64, target string) error
	StatementMatches(ctx context.Context, savedSearchID, afterID int64, limit int, newest bool) ([]*rapporteur.StoredStatement, error)
}

// Saved search targets.
const (
	targetArticles   = "articles"
	targetStatements = "statements"
)

// savedTarget returns what saved search id matches, articles when the
// store has no statement alerts.
func savedTarget(ctx context.Context, store any, id int64) (string, error) {
	sa, ok := capability[statementAlerter](store)
	if !ok {
		return targetArticles, nil
	}
	return sa.SavedSearchTarget(ctx, id)
}

// setSavedTarget sets what a saved search matches; articles is the
// default of any store.
func setSavedTarget(ctx context.Context, store rapporteur.Store, id int64, target string) error {
	switch target {
	case "", targetArticles:
		if sa, ok := capability[statementAlerter](store); ok {
			return sa.SetSavedSearchTarget(ctx, id, targetArticles)
		}
		return nil
	case targetStatements:
		sa, ok := capability[statementAlerter](store)
		if !ok {
			return rapporteur.Errorf(rapporteur.EINVALID, "this store's saved searches match articles only")
		}
		return sa.SetSavedSearchTarget(ctx, id, targetStatements)
	}
	return rapporteur.Errorf(rapporteur.EINVALID, "a saved search matches articles or statements, not %q", target)
}

// pending is one batch of a saved search's matches to deliver: articles
// or statements, with the first and last id.
type pending struct {
	target      string
	articles    []*rapporteur.StoredArticle
	statements  []*rapporteur.StoredStatement
	n           int
	first, last int64
}

// matches returns the next batch of matches of a saved search after
// ss.Delivered.
func (d *Deliverer) matches(ctx context.Context, ss *rapporteur.SavedSearch, n int) (*pending, error) {
	target, err := savedTarget(ctx, d.Store, ss.ID)
	if err != nil {
		return nil, err
	}
	m := &pending{target: target}
	if sa, ok := capability[statementAlerter](d.Store); ok && target == targetStatements {
		sts, err := sa.StatementMatches(ctx, ss.ID, ss.Delivered, n, false)
		if err != nil || len(sts) == 0 {
			return m, err
		}
		m.statements, m.n, m.first, m.last = sts, len(sts), sts[0].ID, sts[len(sts)-1].ID
		return m, nil
	}
	arts, err := d.Store.NewMatches(ctx, ss.ID, ss.Delivered, n)
	if err != nil || len(arts) == 0 {
		return m, err
	}
	m.articles, m.n, m.first, m.last = arts, len(arts), arts[0].ID, arts[len(arts)-1].ID
	return m, nil
}

// webhookStatement is a statement of a webhook delivery: the quote, who
// said it in what role, and the article it was reported in.
type webhookStatement struct {
	ID      int64          `json:"id"`
	Quote   string         `json:"quote"`
	Kind    string         `json:"kind"`
	Act     string         `json:"act,omitempty"`
	Speaker webhookSpeaker `json:"speaker"`
	Article webhookArticle `json:"article"`
	Link    string         `json:"link"` // the statement in its article's page on this server
}

type webhookSpeaker struct {
	ID          int64  `json:"id,omitempty"`
	Name        string `json:"name"`
	Role        string `json:"role,omitempty"`
	Affiliation string `json:"affiliation,omitempty"`
}

func (d *Deliverer) webhookStatement(st *rapporteur.StoredStatement) webhookStatement {
	link := d.BaseURL + "/articles/" + itoa(st.ArticleID)
	return webhookStatement{ID: st.ID, Quote: st.Content.Text, Kind: st.Kind, Act: statementAct(st),
		Speaker: webhookSpeaker{ID: st.SpeakerID, Name: st.Speaker.Name, Role: st.Speaker.Role, Affiliation: st.Speaker.Affiliation},
		Article: webhookArticle{ID: st.ArticleID, Title: st.ArticleTitle, URL: st.ArticleURL, Date: st.Date, Source: st.SourceName, Link: link},
		Link:    link + "#st-" + itoa(st.ID)}
}

// speakerWithRole is "Zhao Lijian (spokesperson, Chinese foreign
// ministry)", or the name alone.
func speakerWithRole(sp rapporteur.Speaker) string {
	name := sp.Name
	if name == "" {
		name = "(unnamed)"
	}
	role := sp.Role
	if sp.Affiliation != "" {
		if role != "" {
			role += ", "
		}
		role += sp.Affiliation
	}
	if role == "" {
		return name
	}
	return name + " (" + role + ")"
}

// statementAtom is an Atom entry of a saved search over statements.
func statementAtom(base string, st *rapporteur.StoredStatement) atomEntry {
	link := base + "/articles/" + itoa(st.ArticleID) + "#st-" + itoa(st.ID)
	quote := []rune(st.Content.Text)
	short := string(quote)
	if len(quote) > 120 {
		short = string(quote[:120]) + "…"
	}
	who := speakerWithRole(st.Speaker)
	e := atomEntry{
		Title:     atomText{Type: "text", Text: xmlSafe(fmt.Sprintf("%s: “%s”", who, short))},
		ID:        base + "/statements/" + itoa(st.ID),
		Updated:   atomTime(st.Date),
		Published: atomTime(st.Date),
		Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: link}},
		Summary: &atomText{Type: "text", Text: xmlSafe(fmt.Sprintf("“%s” — %s, in “%s”%s", st.Content.Text, who,
			titleOr(st.ArticleTitle, "(untitled)"), sourceSuffix(st.SourceName)))},
	}
	if u := webURL(st.ArticleURL); u != "" {
		e.Links = append(e.Links, atomLink{Rel: "related", Href: u})
	}
	return e
}

func sourceSuffix(name string) string {
	if name == "" {
		return ""
	}
	return " (" + name + ")"
}

// statementAct is the statement's act when it is more than an assertion.
func statementAct(st *rapporteur.StoredStatement) string {
	if a := st.Act; a != "" && a != "assert" {
		return a
	}
	return ""
}

// statementsAtom serves the Atom feed of a saved search over statements:
// its newest stored matches, newest first.
func (s *Server) statementsAtom(w http.ResponseWriter, r *http.Request, ss *rapporteur.SavedSearch) error {
	sa, ok := capability[statementAlerter](s.cfg.Store)
	if !ok {
		return rapporteur.Errorf(rapporteur.ENOTFOUND, "saved search %d: this store's saved searches match articles only", ss.ID)
	}
	sts, err := sa.StatementMatches(r.Context(), ss.ID, 0, atomEntries, true)
	if err != nil {
		return err
	}
	base := baseURL(r)
	self := base + atomPath(ss.ID)
	feed := atomFeed{
		Title:    "rapporteur: " + ss.Name,
		Subtitle: "Statements matching " + ss.Query,
		ID:       self,
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: self},
			{Rel: "alternate", Type: "text/html", Href: base + "/search?tab=statements&q=" + url.QueryEscape(ss.Query)}},
		Author:    atomPerson{Name: "rapporteur"},
		Generator: "rapporteur",
	}
	updated := ss.Created
	for _, st := range sts {
		if st.Date.After(updated) {
			updated = st.Date
		}
		feed.Entries = append(feed.Entries, statementAtom(base, st))
	}
	feed.Updated = atomTime(updated)
	out, err := xml.MarshalIndent(feed, "", " ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Write([]byte(xml.Header))
	w.Write(out)
	return nil
}

// checkTarget refuses a target the store cannot match.
func checkTarget(store any, target string) error {
	switch target {
	case "", targetArticles:
		return nil
	case targetStatements:
		if _, ok := capability[statementAlerter](store); ok {
			return nil
		}
		return rapporteur.Errorf(rapporteur.EINVALID, "this store's saved searches match articles only")
	}
	return rapporteur.Errorf(rapporteur.EINVALID, "a saved search matches articles or statements, not %q", target)
}

// savedEdit is the body of PATCH /api/v1/saved-searches/{id}: the fields
// to change, the others left out.
type savedEdit struct {
	Name       *string `json:"name"`
	Query      *string `json:"query"`
	Target     *string `json:"target"`
	WebhookURL *string `json:"webhook_url"`
}

// savedView is a saved search as the API shows it, with its target.
type savedView struct {
	*rapporteur.SavedSearch
	Target string `json:"target"`
	Atom   string `json:"atom"`
	// WebhookSecret is shown once, when an edit adds a webhook.
	WebhookSecret string `json:"webhook_secret,omitempty"`
}

// editSaved changes a saved search. A webhook added to a search without
// one gets a new secret, returned once; a webhook URL of "" removes it.
func (s *Server) editSaved(ctx context.Context, id int64, in savedEdit) (*savedView, error) {
	ss, err := s.cfg.Store.SavedSearch(ctx, id)
	if err != nil {
		return nil, err
	}
	if in.Target != nil {
		if err := checkTarget(s.cfg.Store, *in.Target); err != nil {
			return nil, err
		}
	}
	if in.Name != nil {
		if ss.Name = strings.TrimSpace(*in.Name); ss.Name == "" {
			return nil, rapporteur.Errorf(rapporteur.EINVALID, "a saved search needs a name")
		}
	}
	if in.Query != nil {
		if ss.Query = strings.TrimSpace(*in.Query); ss.Query == "" {
			return nil, rapporteur.Errorf(rapporteur.EINVALID, "a saved search needs a query")
		}
	}
	v := &savedView{SavedSearch: ss, Atom: atomPath(id)}
	if in.WebhookURL != nil {
		switch u := strings.TrimSpace(*in.WebhookURL); {
		case u == "":
			ss.WebhookURL, ss.WebhookSecret = "", ""
		case u != ss.WebhookURL:
			checked, err := checkFeedURL(u)
			if err != nil {
				return nil, rapporteur.Errorf(rapporteur.EINVALID, "webhook URL %q is not an absolute http or https URL", u)
			}
			ss.WebhookURL = checked
			if ss.WebhookSecret == "" {
				b := make([]byte, 24)
				if _, err := rand.Read(b); err != nil {
					return nil, err
				}
				ss.WebhookSecret = hex.EncodeToString(b)
				v.WebhookSecret = ss.WebhookSecret
			}
			ss.DeliveryErrors, ss.LastError, ss.NextDelivery = 0, "", s.cfg.Now()
		}
	}
	if err := s.cfg.Store.UpdateSavedSearch(ctx, ss); err != nil {
		return nil, err
	}
	if in.Target != nil {
		if err := setSavedTarget(ctx, s.cfg.Store, id, *in.Target); err != nil {
			return nil, err
		}
	}
	if v.SavedSearch, err = s.cfg.Store.SavedSearch(ctx, id); err != nil {
		return nil, err
	}
	if v.Target, err = savedTarget(ctx, s.cfg.Store, id); err != nil {
		return nil, err
	}
	return v, nil
}

func (s *Server) apiSavedSearchEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	var in savedEdit
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	v, err := s.editSaved(r.Context(), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

// uiSavedEdit is the edit form of a saved search on the saved page.
func (s *Server) uiSavedEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	name, q, target, hook := r.PostFormValue("name"), r.PostFormValue("query"), r.PostFormValue("target"), r.PostFormValue("webhook_url")
	v, err := s.editSaved(r.Context(), id, savedEdit{Name: &name, Query: &q, Target: &target, WebhookURL: &hook})
	if err != nil {
		return s.formError(w, r, err, s.renderSaved)
	}
	if v.WebhookSecret != "" {
		return s.renderSavedPage(w, r, http.StatusOK, &savedPage{Message: "Saved.", NewSecret: v.WebhookSecret, NewID: id})
	}
	http.Redirect(w, r, "/saved?done=saved", http.StatusSeeOther)
	return nil
}

// savedTargets returns the target of each saved search, and whether the
// store can match statements at all.
func (s *Server) savedTargets(ctx context.Context, list []*rapporteur.SavedSearch) (map[int64]string, bool, error) {
	out := map[int64]string{}
	_, ok := capability[statementAlerter](s.cfg.Store)
	for _, ss := range list {
		t, err := savedTarget(ctx, s.cfg.Store, ss.ID)
		if err != nil {
			return nil, ok, err
		}
		out[ss.ID] = t
	}
	return out, ok, nil
}
