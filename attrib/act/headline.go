package act

import (
	"github.com/rapporteur/rapporteur"
)

// Headline reads what a news headline does to the claim it reports, as an
// act: deny (it denies, debunks or calls the claim a hoax, or states its
// negation), assert (it only reports the claim: hedged, attributed to a
// source, or asked as a question), or confirm (it states the claim as a
// fact, or reports that someone confirms it). claim is the claim's own
// words, when known: a negation in the headline denies the claim only when
// the claim itself is not negated ("Apple Watch will not be a U.S.-only
// launch" confirms "… will be available in Germany").
//
// Emergent's headline stances map onto these acts: against = deny,
// observing = assert, for = confirm.
func (an *Annotator) Headline(lang, headline, claim string) string {
	l := an.langs[lang]
	if l == nil {
		l = an.langs["en"]
	}
	ts := tokensOf(headline)
	for i := 0; i+1 < len(ts); i++ {
		if (ts[i].w == "http" || ts[i].w == "https") && ts[i+1].w == ":" {
			ts = ts[:i] // a link pasted after the headline ("Read more: http:www…") is no part of it
			break
		}
	}
	hedged := false
	for i := 0; i < len(ts); i++ {
		t := ts[i]
		if p, ok := match(ts, i, l.cues[t.w]); ok {
			switch p.act {
			case rapporteur.ActDeny:
				if !l.negatedTok(ts, i) {
					return rapporteur.ActDeny
				}
			case rapporteur.ActConfirm:
				if !l.negatedTok(ts, i) {
					return rapporteur.ActConfirm
				}
			}
		}
		if p, ok := match(ts, i, l.debunk[t.w]); ok {
			_ = p
			return rapporteur.ActDeny
		}
		if _, ok := match(ts, i, l.hedge[t.w]); ok {
			hedged = true
		}
	}
	if attributedAtEnd(ts) {
		hedged = true // "Tesla picks Nevada: sources", "… – report"
	}
	if l.negatedClaim(ts) && !l.negatedClaim(tokensOf(claim)) {
		return rapporteur.ActDeny
	}
	if hedged {
		return rapporteur.ActAssert
	}
	return rapporteur.ActConfirm
}

// negatedClaim reports whether ts negates what it says: a "not", "n't" or
// "never", or a "No" that opens it ("No, Banksy did not …"). A "no" inside
// ("had no idea") negates a noun, not the claim.
func (l *lex) negatedClaim(ts []tok) bool {
	for i, t := range ts {
		switch {
		case t.w == "no" && i > 0:
			continue
		case t.w == "not" || t.w == "n't" || t.w == "never" || t.w == "no":
			return true
		}
	}
	return false
}

// attributedAtEnd reports whether the headline ends in a source after a
// colon or a dash, three words at most ("…: Report", "… -CNBC").
func attributedAtEnd(ts []tok) bool {
	for k := len(ts) - 1; k >= 0 && k >= len(ts)-4; k-- {
		switch ts[k].w {
		case ":", "-", "–", "—":
			return k < len(ts)-1 && k > 0
		}
	}
	return false
}
