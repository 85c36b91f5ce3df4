package speaker

import "github.com/rapporteur/rapporteur"

// ResolveQuoted is Resolve for a source that lies inside the direct
// quotation (or interview answer) of another statement, frame: in
// someone else's words only the people and organizations the article
// names speak. "I" and "we" are the frame's speaker; "he", "it" or "they"
// are someone the frame's own words name before it (not the frame's
// speaker, who would say "I"; not an organization named paragraphs
// before, whom an interviewee's "they told me" rarely means); "you", a
// phrase that names no one the article names ("How do your fellow
// teammates", "Maybe the neighbours", "most people") or a document is no
// speaker. ok is false when the source names no speaker in the frame:
// the statement it reports is then none of the article's.
func (t *Table) ResolveQuoted(source rapporteur.Span, frame rapporteur.Statement) (rapporteur.Speaker, bool) {
	n := len(t.spk)
	sp := t.Resolve(source)
	if len(t.spk) == n {
		// A source of punctuation alone: Resolve recorded nothing.
		return sp, false
	}
	sp, ok := t.inFrame(sp, source, frame)
	if !ok {
		// No statement: a later "they" must not find it.
		t.spk = t.spk[:n]
	}
	return sp, ok
}

// inFrame judges sp, just resolved from source and recorded last in
// t.spk, inside the frame of statement st (see ResolveQuoted).
func (t *Table) inFrame(sp rapporteur.Speaker, source rapporteur.Span, st rapporteur.Statement) (rapporteur.Speaker, bool) {
	frame := st.Speaker
	ent := t.spk[len(t.spk)-1].ent
	a, b := t.tokRange(source.Start, source.End)
	var p pronoun
	isPronoun := false
	if a < b {
		p, isPronoun = t.l.pronouns[t.toks[a].low]
		isPronoun = isPronoun && b-a == 1
	}
	named := frame.Name != "" && (frame.Type == rapporteur.Person || frame.Type == rapporteur.Organization)
	switch {
	case isPronoun && p.grammatical == 1:
		if !named {
			return sp, false
		}
		m, src := sp.Mention, sp.Source
		sp = frame
		sp.Mention, sp.Source = m, src
		t.spk[len(t.spk)-1].sp = sp
		return sp, true
	case isPronoun && p.grammatical == 2:
		return sp, false
	case ent < 0 || sp.Name == "" || sp.Type != rapporteur.Person && sp.Type != rapporteur.Organization:
		return sp, false
	case isPronoun && named && sp.Name == frame.Name:
		return sp, false
	case isPronoun && !t.namedWithin(ent, st.Content.Start, source.Start):
		return sp, false
	}
	return sp, true
}

// namedWithin reports whether entity e is named between code points
// start and end.
func (t *Table) namedWithin(e, start, end int) bool {
	for k, lo := t.mentsBefore(end); k >= lo && t.toks[t.ments[k].t0].r0 >= start; k-- {
		if t.ments[k].ent == e {
			return true
		}
	}
	return false
}
