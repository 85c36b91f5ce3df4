package act

import (
	"strings"
	"unicode"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/canon"
)

// An article names one document in several ways as it goes on ("a report
// by The New York Times", then "the Times report"; "RIAA's DMCA notice",
// then "RIAA's notice published by GitHub"), and attribution gives each
// form as a speaker of its own. A reply to any of them answers the
// document, so it is linked to what the document said first with the
// same act: the statement the thread shows it under.

// firstOfDocument returns the first statement before j, by the same
// document as statement j under another name and of the same act; j itself when there is
// none or statement j is no document's (or of a speaker of unknown type
// named as one of the article's documents: attribution may not type
// "RIAA's notice published by GitHub").
func firstOfDocument(j int, sts []rapporteur.Statement) int {
	sp := sts[j].Speaker
	if sp.Type != rapporteur.Document && sp.Type != rapporteur.Unknown {
		return j
	}
	for k := 0; k < j; k++ {
		if sts[k].Act == sts[j].Act && sameDocument(sts[k].Speaker, sp) {
			return k
		}
	}
	return j
}

// sameDocument reports whether speaker a, a document, and b, a document or
// of unknown type, name one document in two ways: names that share
// both a word written with a capital (whose document: "Times", "RIAA")
// and a word in lower case of four letters or more (what document:
// "report", "notice").
func sameDocument(a, b rapporteur.Speaker) bool {
	if a.Type != rapporteur.Document || b.Type != rapporteur.Document && b.Type != rapporteur.Unknown {
		return false
	}
	if strings.EqualFold(a.Name, b.Name) {
		return false // one speaker: replies chose among its statements by what they say
	}
	ownerA, kindA := docWords(a.Name)
	ownerB, kindB := docWords(b.Name)
	return shares(ownerA, ownerB) && shares(kindA, kindB)
}

// docWords splits a document's name into the keys of its words written
// with a capital and its lower-case words of four letters or more.
func docWords(name string) (owner, kind []string) {
	for _, w := range strings.Fields(name) {
		w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
		rs := []rune(w)
		if len(rs) == 0 {
			continue
		}
		k := canon.Name(w)
		switch {
		case k == "":
		case unicode.IsUpper(rs[0]) && len(rs) >= 2 && !determiners[k] && !stops[k]:
			owner = append(owner, k)
		case unicode.IsLower(rs[0]) && len(rs) >= 4 && !stops[k]:
			kind = append(kind, k)
		}
	}
	return owner, kind
}

func shares(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}
