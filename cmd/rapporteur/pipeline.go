package main

import (
	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/attrib"
	"github.com/rapporteur/rapporteur/extract"
)

// Pipeline runs the pure extraction stages: extract, then attribute. It is
// safe for concurrent use.
type Pipeline struct {
	Extract *extract.Extractor
	Attrib  *attrib.Attributor
}

// NewPipeline loads the lexicons of every stage.
func NewPipeline() (*Pipeline, error) {
	x, err := extract.New()
	if err != nil {
		return nil, err
	}
	at, err := attrib.New()
	if err != nil {
		return nil, err
	}
	return &Pipeline{Extract: x, Attrib: at}, nil
}

// pipeline returns m.Pipeline, building it on first use.
func (m *Main) pipeline() (*Pipeline, error) {
	if m.Pipeline == nil {
		p, err := NewPipeline()
		if err != nil {
			return nil, rapporteur.Errorf(rapporteur.EINTERNAL, "load lexicons: %w", err)
		}
		m.Pipeline = p
	}
	return m.Pipeline, nil
}

// Text runs the pipeline on pasted text (title line, blank line, body).
func (p *Pipeline) Text(id, text string) (rapporteur.Article, error) {
	a, err := p.Extract.Text(id, text)
	if err != nil {
		return a, err
	}
	return p.Attrib.Attribute(a), nil
}

// Verbatim runs the pipeline on a body used as it is, so gold offsets line up.
func (p *Pipeline) Verbatim(id, title, text string) (rapporteur.Article, error) {
	a, err := p.Extract.Verbatim(id, title, text)
	if err != nil {
		return a, err
	}
	return p.Attrib.Attribute(a), nil
}

// HTML runs the pipeline on an HTML page.
func (p *Pipeline) HTML(id string, page []byte, pageURL string) (rapporteur.Article, error) {
	a, err := p.Extract.HTML(id, page, pageURL)
	if err != nil {
		return a, err
	}
	return p.Attrib.Attribute(a), nil
}
