package attrib

import (
	"strings"

	"github.com/rapporteur/rapporteur"
)

// readPassive reads an accusation or a criticism reported in the passive
// with its agent: "Halvorsen Mining was accused by villagers of poisoning
// the river", "Turkey was condemned in a joint statement by Egypt, Greece
// and Cyprus". verbal refuses a cue after "was" (in "was told" the
// subject heard, not spoke), and the span model's passives are refused
// too, so these made no statement, and a denial that answers one answered
// nothing. The agent speaks: the source is the noun phrase after "by";
// the content is what "of" or "for" after it names ("poisoning the
// river"), else the subject that was judged ("Turkey"). Only the cues
// whose act is an accusation or a criticism (acts.txt: accuse, blame,
// condemn, criticize, denounce, …) are read so.
func (f *finder) readPassive(s sentence) {
	for k := s.First + 1; k < s.Last; k++ {
		t := f.toks[k]
		if t.Kind != tWord || t.Quote >= 0 || t.Upper {
			continue
		}
		if !f.stanceParticiple(t.Lower) {
			continue
		}
		// "was condemned", "were also accused": a form of "be" before it.
		aux := k - 1
		for aux > s.First && f.word(aux) && f.l.adverb(f.toks[aux]) {
			aux--
		}
		if !f.word(aux) || !f.l.is(f.toks[aux].Lower, clPassive) || aux == s.First {
			continue
		}
		// "by" within a few words ("condemned in a joint statement by
		// Egypt"), with no punctuation or quotation between.
		by := -1
		for j := k + 1; j < s.Last && j <= k+6; j++ {
			// Not past another verb: "was blamed on militant groups
			// backed by Pakistan".
			if !f.word(j) || f.toks[j].Quote >= 0 || f.l.is(f.toks[j].Lower, clVerb|clAux|clPassive) || strings.HasSuffix(f.toks[j].Lower, "ed") {
				break
			}
			if f.toks[j].Lower == "by" {
				by = j
				break
			}
		}
		if by < 0 || by+1 >= s.Last || !f.word(by+1) {
			continue
		}
		e := f.rightNP(by+1, s.Last)
		// "by villagers of poisoning the river": "of" and "for" before a
		// lower-case word open the charge, not a name ("the Ministry of
		// Health").
		for j := by + 2; j < e; j++ {
			if l := f.toks[j].Lower; (l == "of" || l == "for") && !f.nameAfter(j+1, e) && !(l == "of" && partitives[f.toks[j-1].Lower]) {
				e = j
				break
			}
		}
		// "by Egypt, Greece and Cyprus": a list of names is one source.
		for e+1 < s.Last && f.punct(e, ",") && f.word(e+1) && f.toks[e+1].Upper {
			n := f.rightNP(e+1, s.Last)
			if n == e+1 {
				break
			}
			e = n
		}
		// "by Egypt, Greece and Cyprus on October 8": the time and place
		// after the names are no part of them.
		for j := by + 2; j < e; j++ {
			if l := f.toks[j].Lower; f.l.is(l, clPrep) && l != "of" && l != "for" {
				e = j
				break
			}
		}
		if e == by+1 {
			continue
		}
		src := [2]int{by + 1, e}
		var kind string
		var c [2]int
		var ok bool
		switch {
		case e+1 < s.Last && f.word(e) && (f.toks[e].Lower == "of" || f.toks[e].Lower == "for" || f.l.is(f.toks[e].Lower, clThat)):
			// "of poisoning the river"; "alleged by the DOJ that …"
			kind, c, ok = f.content(e+1, s.Last)
		case f.plainNP(s.First, aux):
			kind, c, ok = f.content(s.First, aux)
		}
		if !ok {
			continue
		}
		f.add(cand{kind: kind, content: c, cue: [2]int{aux, k + 1}, source: src, conf: confInfinitive,
			viaFrom: by + 1, viaTo: e, mode: rapporteur.Stance})
		k = e
	}
}

// stanceParticiple reports whether w is the past participle of a cue
// whose act is an accusation or a criticism ("accused", "condemned",
// "criticised", "slammed"): other cues' passives name no speaker after
// "by" ("was announced by the family", "were backed by Iran").
func (f *finder) stanceParticiple(w string) bool {
	if !f.l.judgedParts[w] { // pastOf(lemma), or its last letter doubled ("slammed")
		return false
	}
	for _, c := range f.l.cues[w] {
		if len(c.words) == 1 && (c.form == formPast || c.form == formPart) {
			return true
		}
	}
	return false
}

// deeds are the judging verbs whose passive names an assailant or an
// interrogator more often than a critic: "troops were attacked by a mob",
// "was questioned by police" (in the 5,500 tosca articles every "was
// attacked by" was physical).
var deeds = map[string]bool{"attack": true, "blast": true, "question": true}

// partitives are the nouns whose "of" goes on to the people they count:
// "a number of church leaders", "members of the European Union".
var partitives = map[string]bool{"number": true, "group": true, "members": true, "majority": true, "lot": true,
	"couple": true, "dozens": true, "hundreds": true, "thousands": true, "some": true, "many": true, "most": true,
	"all": true, "several": true, "one": true, "both": true, "each": true, "few": true, "coalition": true}

// nameAfter reports whether the words from k (before hi) go on a name, a
// determiner aside: "members of the European Union", not "villagers of
// poisoning the river".
func (f *finder) nameAfter(k, hi int) bool {
	for k < hi && f.word(k) && f.l.is(f.toks[k].Lower, clDet) {
		k++
	}
	return k < hi && f.word(k) && f.toks[k].Upper
}

// plainNP reports whether [a, b) is a noun phrase alone, the subject of
// the passive after it: no verb, auxiliary or comma in it ("The operation",
// not "A number of journalists were also injured after").
func (f *finder) plainNP(a, b int) bool {
	if b <= a {
		return false
	}
	for k := a; k < b; k++ {
		if !f.word(k) || f.toks[k].Quote >= 0 || f.l.is(f.toks[k].Lower, clAux|clVerb|clPassive) {
			return false
		}
	}
	return true
}
