package act

import (
	"strings"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/attrib/text"
)

// A reply often names what it answers by a noun for it: "dismissed the
// denial", "called Mohammad's admission a political maneuver", "I find that
// report inconceivable", "criticized the House's decision", "rejected his
// demands". The noun says which act it answers (a denial answers a denial,
// an admission a confirmation; acts.txt, place "refers"), and its possessor,
// when named, whose statement: that earlier statement is the one answered,
// whoever the reply is otherwise aimed at.

// reference is what a statement's words refer back to.
type reference struct {
	act       string // the act the noun names; "" for any ("remarks", "decision")
	possessor string // the name before 's ("Mohammad's admission"), if any
	pronoun   bool   // a possessive pronoun stands before the noun ("his demands")
	singular  bool   // that pronoun is "his" or "her"
	at        int    // where the pronoun stands (code points)
}

// possessives are the pronouns that own a noun ("his demands").
var possessives = set("his her their its")

// refWindow is how many words of the content's start are read for the noun.
const refWindow = 8

// reference returns what statement st names as what it answers: a refers
// noun that is the object of its cue ("denied reports that …"), or that
// opens a noun phrase with a determiner or a possessor among the first
// words of its content ("I find that report inconceivable"). ok is false
// when there is none.
func (l *lex) reference(d *text.Doc, st *rapporteur.Statement) (reference, bool) {
	if len(l.refers) == 0 {
		return reference{}, false
	}
	c := st.Content
	// The words between the cue and the content ("criticized the House's
	// decision as …" when the content is the "as" part) are the cue's
	// object too.
	if st.Cue != nil && !st.Cue.Empty() && st.Cue.End <= c.Start && c.Start-st.Cue.End < 60 {
		if r, ok := l.refIn(tokens(d, st.Cue.End, c.Start), true); ok {
			return r, true
		}
	}
	ts := tokens(d, c.Start, min(c.End, c.Start+16*refWindow)) // enough for refWindow words
	if len(ts) > refWindow {
		ts = ts[:refWindow]
	}
	object := st.Cue != nil && !st.Cue.Empty() && st.Cue.End <= c.Start && c.Start-st.Cue.End < 3
	return l.refIn(ts, object)
}

// refIn finds a refers noun in ts: the first one whose noun phrase opens
// with a determiner or a possessor, or, when object is set (ts follows the
// cue), the one that starts the words.
func (l *lex) refIn(ts []tok, object bool) (reference, bool) {
	for k := range ts {
		act, ok := l.refers[ts[k].w]
		if !ok {
			continue
		}
		if k+1 < len(ts) && l.speech[ts[k+1].w] {
			continue // "the report said …": a source quoted, not an answer's object
		}
		// Walk back over the noun phrase: adjectives, names, a possessor.
		i := k
		for i > 0 && k-i < 4 && isWord(ts[i-1].w) && !stops[ts[i-1].w] && !subjects[ts[i-1].w] && !auxiliaries[ts[i-1].w] {
			i--
			if determiners[ts[i].w] || possessives[ts[i].w] {
				break
			}
		}
		r := reference{act: act}
		opened := i == 0 && object
		for m := i; m < k; m++ {
			switch {
			case possessives[ts[m].w]: // before determiners, which hold them too
				opened, r.pronoun = true, true
				r.singular, r.at = ts[m].w == "his" || ts[m].w == "her", ts[m].start
			case determiners[ts[m].w]:
				opened = true
			case ts[m].poss && ts[m].cap:
				// The capitalised run that ends at the possessive.
				s := m
				for s > i && ts[s-1].cap && !determiners[ts[s-1].w] {
					s--
				}
				opened, r.possessor = true, joinedCase(ts[s:m+1])
			}
		}
		if !opened {
			continue
		}
		if r.act == "" && r.possessor == "" {
			continue // "the decision": whose, the words do not say
		}
		return r, true
	}
	return reference{}, false
}

// joinedCase joins the words of ts with their first letters upper-case, as
// a name is written (act's words are lower case).
func joinedCase(ts []tok) string {
	var b strings.Builder
	for k, t := range ts {
		if k > 0 {
			b.WriteByte(' ')
		}
		w := t.w
		if t.cap && w != "" {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		b.WriteString(w)
	}
	return b.String()
}

// referred returns the statement that statement i's reference r names: the
// nearest earlier statement of another speaker (or a document's, quoted
// later) whose act is the noun's and whose speaker is the possessor, of
// those the reference constrains; -1 when none fits. A report answers a
// document's statement or an accusation.
func referred(i int, sts []rapporteur.Statement, r reference, cands []nameCand, words [][]string) int {
	owner := r.possessor
	if owner != "" {
		if c, ok := resolveName(owner, true, cands); ok {
			owner = c.name
		}
	}
	fits := func(j int) bool {
		c := sts[j]
		if j == i || c.Speaker.Name == "" || sameSpeaker(c.Speaker, sts[i].Speaker) {
			return false
		}
		if owner != "" && !aims(owner, c.Speaker) && !strings.EqualFold(owner, c.Speaker.Name) {
			return false
		}
		switch r.act {
		case "":
			return c.Act != rapporteur.ActAssert || owner != ""
		case rapporteur.ActAccuse:
			return c.Act == rapporteur.ActAccuse || c.Speaker.Type == rapporteur.Document
		default:
			return c.Act == r.act
		}
	}
	for j := i - 1; j >= 0; j-- {
		if fits(j) {
			// A speaker's later statement of the act the noun names
			// mostly repeats the first, which is the one answered; but
			// when one of them shares the reply's words, that one is
			// ("the President's claims of widespread voter fraud"
			// answers the claim of voter fraud, not the blame for
			// violence before it; walk 7, finding 2).
			var same []int
			for k := 0; k < j && r.act != ""; k++ {
				if sameSpeaker(sts[k].Speaker, sts[j].Speaker) && sts[k].Act == sts[j].Act && fits(k) {
					same = append(same, k)
				}
			}
			return mostShared(i, append(same, j), words)
		}
	}
	// A report may be quoted after the answers to it.
	if r.act == rapporteur.ActAccuse {
		for j := i + 1; j < len(sts); j++ {
			if sts[j].Speaker.Type == rapporteur.Document && fits(j) {
				return j
			}
		}
	}
	return -1
}

// mostShared returns the candidate of cs (in article order) that shares the
// most content words with statement i; the first on a tie, and when words
// are not read (nil).
func mostShared(i int, cs []int, words [][]string) int {
	best, most := cs[0], 0
	if words == nil {
		return best
	}
	for _, j := range cs {
		if n := overlap(words[i], words[j]); n > most {
			best, most = j, n
		}
	}
	return best
}
