package intake

import (
	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/attrib"
	"github.com/rapporteur/rapporteur/attrib/act"
	"github.com/rapporteur/rapporteur/extract"
)

// Stages is the pipeline of the pure extraction stages: extract, then
// attribute, then read each statement's act, target and replies. It is safe
// for concurrent use.
type Stages struct {
	Extract *extract.Extractor
	Attrib  *attrib.Attributor
	Acts    *act.Annotator
}

// NewStages loads the lexicons and models of every stage.
func NewStages() (*Stages, error) { return NewStagesWith(attrib.Options{}) }

// NewStagesWith loads the lexicons of every stage, and the attribution
// models the options say (the rules alone, or a model file of one's own).
// The rules alone (o.RulesOnly) read acts with the rules alone too, without
// the act model. A model file that cannot be read is EINVALID: it is the
// user's to fix.
func NewStagesWith(o attrib.Options) (*Stages, error) {
	x, err := extract.New()
	if err != nil {
		return nil, rapporteur.Errorf(rapporteur.EINTERNAL, "load the extraction lexicons: %w", err)
	}
	at, err := attrib.NewWithOptions(o)
	if err != nil {
		code := rapporteur.EINTERNAL
		if o.Model != nil {
			code = rapporteur.EINVALID
		}
		return nil, rapporteur.Errorf(code, "load the attribution lexicons and models: %w", err)
	}
	acts, err := act.NewWith(act.Options{RulesOnly: o.RulesOnly})
	if err != nil {
		return nil, rapporteur.Errorf(rapporteur.EINTERNAL, "load the act lexicons: %w", err)
	}
	return &Stages{Extract: x, Attrib: at, Acts: acts}, nil
}

// Text runs the pipeline on plain text (title line, blank line, body).
func (p *Stages) Text(id, text string) (rapporteur.Article, error) {
	a, err := p.Extract.Text(id, text)
	if err != nil {
		return a, err
	}
	return p.attribute(a), nil
}

// Verbatim runs the pipeline on a body used as it is, so gold offsets line up.
func (p *Stages) Verbatim(id, title, text string) (rapporteur.Article, error) {
	a, err := p.Extract.Verbatim(id, title, text)
	if err != nil {
		return a, err
	}
	return p.attribute(a), nil
}

// HTML runs the pipeline on an HTML page.
func (p *Stages) HTML(id string, page []byte, pageURL string) (rapporteur.Article, error) {
	a, err := p.Extract.HTML(id, page, pageURL)
	if err != nil {
		return a, err
	}
	return p.attribute(a), nil
}

// attribute runs the stages after extraction.
func (p *Stages) attribute(a rapporteur.Article) rapporteur.Article {
	a, d := p.Attrib.AttributeDoc(a)
	if p.Acts != nil {
		a = p.Acts.AnnotateDoc(a, d)
	}
	return a
}
