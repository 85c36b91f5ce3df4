package http

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/rapporteur/rapporteur"
)

// SpeakerCorrector keeps users' corrections of the speakers (issue 10):
// merge, split, rename, retype, reassign one statement. Each is checked,
// applied and recorded at once; bad requests are EINVALID, unknown ids
// ENOTFOUND, speakers merged away ECONFLICT. *sqlite.DB is one.
type SpeakerCorrector interface {
	Correct(ctx context.Context, c rapporteur.Correction) (*rapporteur.Correction, error)
	// Corrections lists the corrections, newest first.
	Corrections(ctx context.Context, f rapporteur.CorrectionFilter) (rapporteur.Page[*rapporteur.Correction], error)
	// StatementByID reads one statement, for the form that reassigns it.
	StatementByID(ctx context.Context, id int64) (*rapporteur.StoredStatement, error)
	// QuotedNames lists the names a speaker was quoted under, for the
	// split form.
	QuotedNames(ctx context.Context, id int64) ([]rapporteur.QuotedName, error)
}

// corrector returns the store's corrector, found as every optional
// capability is (through a wrapping store too).
func (s *Server) corrector() (SpeakerCorrector, error) {
	if c, ok := capability[SpeakerCorrector](s.cfg.Store); ok {
		return c, nil
	}
	return nil, rapporteur.Errorf(rapporteur.EFORBID, "this store keeps no corrections")
}

// correctionInput is the JSON body of the correction endpoints; each reads
// the fields of its kind (openapi.json).
type correctionInput struct {
	Into       int64    `json:"into"`       // merge
	Name       string   `json:"name"`       // rename, split
	Type       string   `json:"type"`       // type, split
	Aliases    []string `json:"aliases"`    // split
	Statements []int64  `json:"statements"` // split
	SpeakerID  int64    `json:"speaker_id"` // reassign
	By         string   `json:"by"`
}

// correction builds the correction of kind for the speaker or statement
// id from in.
func correction(kind string, id int64, in correctionInput) rapporteur.Correction {
	c := rapporteur.Correction{Kind: kind, SpeakerID: id, By: in.By}
	switch kind {
	case rapporteur.CorrectMerge:
		c.TargetID = in.Into
	case rapporteur.CorrectSplit:
		c.Name, c.Type, c.Aliases, c.Statements = in.Name, in.Type, in.Aliases, in.Statements
	case rapporteur.CorrectRename:
		c.Name = in.Name
	case rapporteur.CorrectType:
		c.Type = in.Type
	case rapporteur.CorrectReassign:
		c.SpeakerID, c.TargetID, c.Statements = 0, in.SpeakerID, []int64{id}
	}
	return c
}

// apiCorrect serves POST /api/v1/speakers/{id}/{kind} and
// /api/v1/statements/{id}/speaker: 201 with the correction recorded.
func (s *Server) apiCorrect(kind string) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		cr, err := s.corrector()
		if err != nil {
			return err
		}
		id, err := pathID(r.PathValue("id"))
		if err != nil {
			return err
		}
		var in correctionInput
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		if strings.TrimSpace(in.By) == "" {
			in.By = "api"
		}
		c, err := cr.Correct(r.Context(), correction(kind, id, in))
		if err != nil {
			return err
		}
		w.Header().Set("Location", "/api/v1/corrections?speaker="+itoa(c.TargetID|c.SpeakerID))
		return writeJSON(w, http.StatusCreated, c)
	}
}

// correctionsFilter reads the speaker, cursor and limit of a corrections
// list.
func correctionsFilter(v url.Values) (rapporteur.CorrectionFilter, error) {
	f := rapporteur.CorrectionFilter{Cursor: v.Get("cursor")}
	if sp := v.Get("speaker"); sp != "" {
		id, err := strconv.ParseInt(sp, 10, 64)
		if err != nil || id <= 0 {
			return f, rapporteur.Errorf(rapporteur.EINVALID, "speaker %q is not a speaker id", sp)
		}
		f.SpeakerID = id
	}
	var err error
	f.Limit, err = limitParam(v)
	return f, err
}

func (s *Server) apiCorrections(w http.ResponseWriter, r *http.Request) error {
	cr, err := s.corrector()
	if err != nil {
		return err
	}
	f, err := correctionsFilter(r.URL.Query())
	if err != nil {
		return err
	}
	p, err := cr.Corrections(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

// The UI's correction forms: plain forms that post and redirect, so they
// work without JavaScript.

// speakerRef reads the speaker a form names: its number, or its address
// (/speakers/12, as copied from the browser).
func speakerRef(field, v string) (int64, error) {
	v = strings.TrimSpace(v)
	if u, err := url.Parse(v); err == nil && strings.Contains(u.Path, "/speakers/") {
		v = u.Path[strings.LastIndex(u.Path, "/speakers/")+len("/speakers/"):]
		v = strings.TrimSuffix(v, "/")
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, rapporteur.Errorf(rapporteur.EINVALID, "%s: give a speaker's number or its address (/speakers/12)", field)
	}
	return id, nil
}

// findSpeaker reads the speaker a form names: its number, its address,
// or its name when one speaker has it (the one named exactly so, or the
// only one a search for the words finds); else EINVALID with the
// candidates, so the user can pick a number.
func (s *Server) findSpeaker(ctx context.Context, field, v string) (int64, error) {
	id, err := speakerRef(field, v)
	if err == nil || strings.TrimSpace(v) == "" {
		return id, err
	}
	p, serr := s.cfg.Store.Speakers(ctx, rapporteur.SpeakerFilter{Query: v, Limit: 6})
	if serr != nil {
		return 0, serr
	}
	var exact []*rapporteur.StoredSpeaker
	for _, sp := range p.Items {
		if strings.EqualFold(sp.Name, strings.TrimSpace(v)) {
			exact = append(exact, sp)
		}
	}
	switch {
	case len(exact) == 1:
		return exact[0].ID, nil
	case len(exact) == 0 && len(p.Items) == 1:
		return p.Items[0].ID, nil
	case len(p.Items) == 0:
		return 0, rapporteur.Errorf(rapporteur.EINVALID, "%s: no speaker is called %q; give a speaker's number or its address (/speakers/12)", field, strings.TrimSpace(v))
	}
	var names []string
	for _, sp := range p.Items {
		names = append(names, fmt.Sprintf("%s (%d)", sp.Name, sp.ID))
	}
	return 0, rapporteur.Errorf(rapporteur.EINVALID, "%s: several speakers match %q: %s; give the number", field, strings.TrimSpace(v), strings.Join(names, ", "))
}

// formBy is who made a correction in the UI: the name the form gives,
// else "web".
func formBy(r *http.Request) string {
	if by := strings.TrimSpace(r.PostFormValue("by")); by != "" {
		return by
	}
	return "web"
}

// uiCorrect serves the correction forms of a speaker: it applies the
// correction and goes to the correction page of the speaker it leads to,
// which says what was done, or shows the form's page again with what was
// wrong.
func (s *Server) uiCorrect(kind string) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		cr, err := s.corrector()
		if err != nil {
			return err
		}
		id, err := pathID(r.PathValue("id"))
		if err != nil {
			return err
		}
		in := correctionInput{Name: r.PostFormValue("name"), Type: r.PostFormValue("type"), By: formBy(r)}
		if err := r.ParseForm(); err != nil {
			return bodyError(err)
		}
		in.Aliases = r.PostForm["alias"]
		for _, v := range r.PostForm["statement"] {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return s.renderCorrectPage(w, r, id, http.StatusBadRequest, "", "statement "+strconv.Quote(v)+" is not a statement id")
			}
			in.Statements = append(in.Statements, n)
		}
		if kind == rapporteur.CorrectMerge {
			if in.Into, err = s.findSpeaker(r.Context(), "merge into", r.PostFormValue("into")); err != nil {
				return s.formError(w, r, err, func(w http.ResponseWriter, r *http.Request, st int, msg, errMsg string) error {
					return s.renderCorrectPage(w, r, id, st, msg, errMsg)
				})
			}
		}
		c, err := cr.Correct(r.Context(), correction(kind, id, in))
		if err != nil {
			return s.formError(w, r, err, func(w http.ResponseWriter, r *http.Request, st int, msg, errMsg string) error {
				return s.renderCorrectPage(w, r, id, st, msg, errMsg)
			})
		}
		to := id
		if kind == rapporteur.CorrectMerge || kind == rapporteur.CorrectSplit {
			to = c.TargetID
		}
		http.Redirect(w, r, "/speakers/"+itoa(to)+"/correct?done="+kind, http.StatusSeeOther)
		return nil
	}
}

// correctionFlash turns the done= of a correction's redirect into a
// message; only known values, so a link cannot put words on the page.
func correctionFlash(done string) string {
	switch done {
	case rapporteur.CorrectMerge:
		return "Merged: the statements and names of the other speaker are this one's now."
	case rapporteur.CorrectSplit:
		return "Split: this speaker was made from the names and statements chosen."
	case rapporteur.CorrectRename:
		return "Renamed."
	case rapporteur.CorrectType:
		return "Type changed."
	case rapporteur.CorrectReassign:
		return "The statement was given to this speaker."
	}
	return ""
}

// statementSpeakerPage is the data of the form that reassigns a statement.
type statementSpeakerPage struct {
	Statement *rapporteur.StoredStatement
	Error     string
}

func (s *Server) statementForm(w http.ResponseWriter, r *http.Request, id int64, status int, errMsg string) error {
	cr, err := s.corrector()
	if err != nil {
		return err
	}
	st, err := cr.StatementByID(r.Context(), id)
	if err != nil {
		return err
	}
	s.render(w, r, status, "statement-speaker", "Change the speaker of a statement", &statementSpeakerPage{Statement: st, Error: errMsg})
	return nil
}

// uiStatement sends a statement's URL (the id of its Atom entries) to the
// statement in its article's page.
func (s *Server) uiStatement(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	cr, err := s.corrector()
	if err != nil {
		return err
	}
	st, err := cr.StatementByID(r.Context(), id)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/articles/"+itoa(st.ArticleID)+"#st-"+itoa(st.ID), http.StatusFound)
	return nil
}

// uiOpenAPI sends /openapi.json, where tools look first, to the API's
// description.
func (s *Server) uiOpenAPI(w http.ResponseWriter, r *http.Request) error {
	http.Redirect(w, r, "/api/v1/openapi.json", http.StatusMovedPermanently)
	return nil
}

func (s *Server) uiStatementSpeakerForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.statementForm(w, r, id, http.StatusOK, "")
}

func (s *Server) uiStatementSpeaker(w http.ResponseWriter, r *http.Request) error {
	cr, err := s.corrector()
	if err != nil {
		return err
	}
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	page := func(w http.ResponseWriter, r *http.Request, st int, _, errMsg string) error {
		return s.statementForm(w, r, id, st, errMsg)
	}
	to, err := s.findSpeaker(r.Context(), "speaker", r.PostFormValue("speaker"))
	if err != nil {
		return s.formError(w, r, err, page)
	}
	c, err := cr.Correct(r.Context(), correction(rapporteur.CorrectReassign, id, correctionInput{SpeakerID: to, By: formBy(r)}))
	if err != nil {
		return s.formError(w, r, err, page)
	}
	http.Redirect(w, r, "/speakers/"+itoa(c.TargetID)+"/correct?done="+rapporteur.CorrectReassign, http.StatusSeeOther)
	return nil
}

// correctionsPage is the data of the corrections list.
type correctionsPage struct {
	Corrections []*rapporteur.Correction
	Speaker     *rapporteur.StoredSpeaker // the speaker filtered by, if any
	Next        string
}

func (s *Server) uiCorrections(w http.ResponseWriter, r *http.Request) error {
	cr, err := s.corrector()
	if err != nil {
		return err
	}
	f, err := correctionsFilter(r.URL.Query())
	if err != nil {
		return err
	}
	f.Limit = 50
	p := &correctionsPage{}
	if f.SpeakerID != 0 {
		if p.Speaker, err = s.cfg.Store.Speaker(r.Context(), f.SpeakerID); err != nil {
			return err
		}
	}
	pg, err := cr.Corrections(r.Context(), f)
	if err != nil {
		return err
	}
	p.Corrections, p.Next = pg.Items, nextURL(r.URL, pg.Next)
	s.render(w, r, http.StatusOK, "corrections", "Corrections", p)
	return nil
}

// correctPage is the data of a speaker's correction page.
type correctPage struct {
	Speaker    *rapporteur.StoredSpeaker
	Names      []rapporteur.QuotedName
	Statements []*rapporteur.StoredStatement
	Recent     []*rapporteur.Correction
	Types      []string
	Message    string
	Error      string
}

// correctLimit is how many of a speaker's latest statements its
// correction page offers to split off or reassign.
const correctLimit = 50

func (s *Server) uiCorrectForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.renderCorrectPage(w, r, id, http.StatusOK, correctionFlash(r.URL.Query().Get("done")), "")
}

// renderCorrectPage renders the correction page of speaker id, with a
// message or an error. A speaker merged into another leads to that one's.
func (s *Server) renderCorrectPage(w http.ResponseWriter, r *http.Request, id int64, status int, msg, errMsg string) error {
	cr, err := s.corrector()
	if err != nil {
		return err
	}
	ctx := r.Context()
	sp, err := s.cfg.Store.Speaker(ctx, id)
	if err != nil {
		return err
	}
	if sp.ID != id && errMsg == "" {
		http.Redirect(w, r, "/speakers/"+itoa(sp.ID)+"/correct", http.StatusMovedPermanently)
		return nil
	}
	p := &correctPage{Speaker: sp, Types: []string{rapporteur.Person, rapporteur.Organization}, Message: msg, Error: errMsg}
	if p.Names, err = cr.QuotedNames(ctx, sp.ID); err != nil {
		return err
	}
	pg, err := s.cfg.Store.Statements(ctx, rapporteur.StatementFilter{SpeakerID: sp.ID, Limit: correctLimit, Duplicates: true})
	if err != nil {
		return err
	}
	p.Statements = pg.Items
	recent, err := cr.Corrections(ctx, rapporteur.CorrectionFilter{SpeakerID: sp.ID, Limit: 10})
	if err != nil {
		return err
	}
	p.Recent = recent.Items
	s.render(w, r, status, "correct", "Correct "+sp.Name, p)
	return nil
}
