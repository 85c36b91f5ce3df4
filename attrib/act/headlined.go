package act

import (
	"strings"
	"unicode"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/attrib/text"
	"github.com/rapporteur/rapporteur/canon"
)

// A news story is built around what the person or body of its headline
// said or did ("Turkey's President Erdogan proposes converting Hagia
// Sophia"); the reactions quoted after it answer that, and name it by a
// pronoun ("his authority to make the change", "as the DMCA notice has no
// effect for me"), not by a name. So a criticism or denial that names no
// speaker quoted in the article, and refers to someone or something by a
// pronoun, answers the first statement of the speaker the headline names,
// when that speaker was quoted before it.

// referring are the pronouns by which a reaction points at what it answers.
var referring = set("he she his her him it its they their them this")

// headlined returns the statement statement i answers by the headline's
// speaker, or -1. lead holds, for each statement, whether its speaker is
// named in the headline (headlinedSpeakers); words gives a statement's
// content words. Of that speaker's statements before i, the one that
// shares the most words with it is answered, else the first.
func headlined(d *text.Doc, i int, sts []rapporteur.Statement, lead []bool, ws weighed) int {
	st := sts[i]
	if st.Act != rapporteur.ActCriticize && st.Act != rapporteur.ActDeny {
		return -1
	}
	if st.Target != nil {
		for k := range sts {
			if !samePerson(sts[k].Speaker, st.Speaker) && aims(st.Target.Name, sts[k].Speaker) {
				return -1 // aimed at a speaker: replies had its say
			}
		}
	}
	pointing := false
	for _, t := range tokens(d, st.Content.Start, st.Content.End) {
		if referring[t.w] {
			pointing = true
			break
		}
	}
	if !pointing {
		return -1
	}
	best, most := -1, 0.0
	for j := 0; j < i; j++ {
		if !lead[j] || samePerson(sts[j].Speaker, st.Speaker) {
			continue
		}
		if best < 0 {
			best = j
		}
		if s := ws.sim(i, j); s > most {
			best, most = j, s
		}
	}
	return best
}

// samePerson reports whether two speakers are one: the same name key
// (accents, case and apostrophes aside), or, for a person, one name the
// other's surname ("Erdogan" and "Recep Tayyip Erdoğan").
func samePerson(a, b rapporteur.Speaker) bool {
	ka, kb := canon.Name(a.Name), canon.Name(b.Name)
	if ka == "" || kb == "" {
		return false
	}
	if ka == kb {
		return true
	}
	if a.Type != rapporteur.Person && b.Type != rapporteur.Person {
		return false
	}
	return !strings.Contains(ka, " ") && strings.HasSuffix(kb, " "+ka) || !strings.Contains(kb, " ") && strings.HasSuffix(ka, " "+kb)
}

// headlinedSpeakers reports, for each statement, whether the headline names
// its speaker: a word of the speaker's name written with a capital, of
// four letters or more, stands in the title (accents and possessives
// aside: "Erdoğan" is named by "Turkey's President Erdogan").
func headlinedSpeakers(title string, sts []rapporteur.Statement) []bool {
	out := make([]bool, len(sts))
	if strings.TrimSpace(title) == "" {
		return out
	}
	key := " " + canon.Name(strings.NewReplacer("'s ", " ", "’s ", " ").Replace(title+" ")) + " "
	named := map[string]bool{}
	for k := range sts {
		n := sts[k].Speaker.Name
		v, ok := named[n]
		if !ok {
			for _, w := range strings.Fields(n) {
				r := []rune(w)
				if len(r) < 4 || !unicode.IsUpper(r[0]) {
					continue
				}
				if c := canon.Name(strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")); c != "" && strings.Contains(key, " "+c+" ") {
					v = true
					break
				}
			}
			named[n] = v
		}
		out[k] = v
	}
	return out
}
