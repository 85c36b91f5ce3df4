package act

import (
	"strings"
	"unicode"
	"unicode/utf8"

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
//
// The headline's speaker is its subject: the names before its verb
// ("Iran issues arrest warrants for US President Trump; seeks Interpol's
// aid" is about what Iran did, not Trump or Interpol), and a person is
// named by their surname, not by a place or month in their name's junk.
// A question is never what a reaction answers: an interview's answers
// reply to no one by this rule, whatever their act.

// referring are the pronouns by which a reaction points at what it answers.
var referring = set("he she his her him it its they their them this")

// headlined returns the statement statement i answers by the headline's
// speaker, or -1. h says whose speakers the headline names
// (headlinedSpeakers); ws weighs the statements' content words. Of that
// speaker's statements before i, the one that shares the most words with
// it is answered, else the first.
func headlined(d *text.Doc, i int, sts []rapporteur.Statement, h heads, ws weighed) int {
	st := sts[i]
	if st.Act != rapporteur.ActCriticize && st.Act != rapporteur.ActDeny {
		return -1
	}
	if st.Target != nil {
		seen := map[string]bool{}
		for k := range sts {
			sp := sts[k].Speaker
			key := sp.Name + "\x00" + sp.Affiliation + "\x00" + sp.Type + "\x00" + sp.Role
			if seen[key] {
				continue
			}
			seen[key] = true
			if !h.same(k, i) && aims(st.Target.Name, sp) {
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
		if !h.lead[j] || h.same(j, i) || asks(d, sts[j]) {
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

// heads holds, for each statement of an article, whether the headline
// names its speaker, and its speaker's name key (canon.Name), read once.
type heads struct {
	lead []bool
	keys []string
	sts  []rapporteur.Statement
}

// same reports whether statements j and k are by one speaker: the same
// name key (accents, case and apostrophes aside), or, for a person, one
// name the other's surname ("Erdogan" and "Recep Tayyip Erdoğan").
func (h heads) same(j, k int) bool {
	a, b := h.keys[j], h.keys[k]
	if a == "" || b == "" {
		return false
	}
	if a == b {
		return true
	}
	if h.sts[j].Speaker.Type != rapporteur.Person && h.sts[k].Speaker.Type != rapporteur.Person {
		return false
	}
	return !strings.Contains(a, " ") && strings.HasSuffix(b, " "+a) || !strings.Contains(b, " ") && strings.HasSuffix(a, " "+b)
}

// nameParticles may stand in lower case within a name ("Bill de Blasio",
// "Bank of England").
var nameParticles = set("of de da del della di du der den van von al el bin ibn la le")

// titleSubject returns the words of a title before its verb: the title up
// to its first word in lower case that is no name particle ("NYC Mayor de
// Blasio" of "NYC Mayor de Blasio ends US presidential campaign"). A title
// with no word in lower case is all subject.
func titleSubject(title string) string {
	fs := strings.Fields(title)
	for k, w := range fs {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLower(r) {
			continue
		}
		lw := strings.ToLower(w)
		if nameParticles[lw] || strings.HasPrefix(lw, "al-") || strings.HasPrefix(lw, "el-") {
			continue
		}
		return strings.Join(fs[:k], " ")
	}
	return title
}

// headlinedSpeakers reads, for each statement, whether the headline names
// its speaker: a word of the speaker's name written with a capital, of
// four letters or more, stands in the title's subject (accents and
// possessives aside: "Erdoğan" is named by "Turkey's President Erdogan
// proposes …"); for a person, that word is their surname. A speaker who
// asks questions in the article is not its headline's speaker.
func headlinedSpeakers(d *text.Doc, title string, sts []rapporteur.Statement) heads {
	h := heads{lead: make([]bool, len(sts)), keys: make([]string, len(sts)), sts: sts}
	title = titleSubject(title)
	key := " " + canon.Name(strings.NewReplacer("'s ", " ", "’s ", " ").Replace(title+" ")) + " "
	type read struct {
		key  string
		lead bool
	}
	byName := map[string]read{}
	for k := range sts {
		n := sts[k].Speaker.Name
		r, ok := byName[n]
		if !ok {
			r.key = canon.Name(n)
			ws := strings.Fields(n)
			if sts[k].Speaker.Type == rapporteur.Person && len(ws) > 0 {
				ws = ws[len(ws)-1:]
			}
			for _, w := range ws {
				w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
				rs := []rune(w)
				if len(rs) < 4 || !unicode.IsUpper(rs[0]) || strings.TrimSpace(title) == "" {
					continue
				}
				if c := canon.Name(w); c != "" && strings.Contains(key, " "+c+" ") {
					r.lead = true
					break
				}
			}
			byName[n] = r
		}
		h.keys[k], h.lead[k] = r.key, r.lead
	}
	// The one who puts the questions (an interviewer, the outlet of a
	// "Wikinews talks to …") is no speaker a reaction answers.
	asker := map[string]bool{}
	for k := range sts {
		if h.lead[k] && asks(d, sts[k]) {
			asker[h.keys[k]] = true
		}
	}
	for k := range sts {
		if asker[h.keys[k]] {
			h.lead[k] = false
		}
	}
	return h
}
