package act

import (
	"sort"
	"strings"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/attrib/text"
)

// Some statements say outright that they answer: "Hussein countered that
// …", "Kufuor responded to Ms. Merkel's remarks by noting …", "in response
// to the report, the ministry said …", "Mr. Musharraf responded with visible
// anger. "I have been …"". The words are data (acts.txt, place "reply",
// with the act such an answer takes when its words carry none: a counter
// denies); what follows "to" names what is answered.

// replyReach is how many code points before a statement's cue (or content)
// are read for a reply phrase.
const replyReach = 200

// explicitReply is what a reply phrase says of statement st.
type explicitReply struct {
	act   string           // the act the phrase gives an assertion
	obj   *rapporteur.Span // what follows "responded to", if anything
	inCue bool             // the phrase is the statement's cue ("countered that")
}

// replyCue returns the reply phrase of statement st: in its cue, or in the
// sentence that holds its cue. ok is false when there is none.
func (l *lex) replyCue(d *text.Doc, st *rapporteur.Statement) (explicitReply, bool) {
	if len(l.reply) == 0 {
		return explicitReply{}, false
	}
	anchor := st.Content.Start
	end := st.Content.Start
	if st.Cue != nil && !st.Cue.Empty() {
		anchor = min(anchor, st.Cue.Start)
		if st.Cue.End > end {
			end = st.Cue.End // a cue after its quotation: "…," he countered.
		}
	}
	if !l.anyReply(d, max(0, anchor-replyReach), end) {
		return explicitReply{}, false // most statements: no reply word near
	}
	ts := tokens(d, max(0, anchor-replyReach), end)
	// Keep the words of the sentence up to the anchor. (Reading on into
	// the sentence before a quotation, "Musharraf responded with visible
	// anger. "I have …"", linked extraction fragments on the dev gold and
	// found no answer: not done.)
	from := 0
	for k := len(ts) - 1; k >= 0; k-- {
		if ts[k].start < anchor && len(ts[k].w) == 1 && text.SentenceEnd([]rune(ts[k].w)[0]) {
			from = k + 1
			break
		}
	}
	ts = ts[from:]
	for k := len(ts) - 1; k >= 0; k-- {
		if st.Content.Start <= ts[k].start && ts[k].start < st.Content.End {
			continue // the content's own words say what it says, not that it answers
		}
		p, ok := match(ts, k, l.reply[ts[k].w])
		if !ok || l.negatedTok(ts, k) {
			continue // "did not respond to requests for comment"
		}
		r := explicitReply{act: p.act, inCue: st.Cue != nil && st.Cue.Start <= ts[k].start && ts[k].start < st.Cue.End}
		if p.words[len(p.words)-1] == "to" {
			r.obj = object(ts, k+len(p.words))
		}
		return r, true
	}
	return explicitReply{}, false
}

// anyReply reports whether a token of d that starts in [from, to) is a
// word a reply phrase holds (replyKeys), reading the text layer's tokens
// without building act's words.
func (l *lex) anyReply(d *text.Doc, from, to int) bool {
	ts := d.Tokens
	i := sort.Search(len(ts), func(k int) bool { return ts[k].Start >= from })
	for ; i < len(ts) && ts[i].Start < to; i++ {
		if l.replyKeys[ts[i].Lower] {
			return true
		}
	}
	return false
}

// answered returns the statement an explicit reply of statement i answers:
// what its object names (a noun for a statement, or a speaker's name: their
// nearest statement before it), else the nearest earlier statement of
// another speaker aimed at its speaker, else, for a reply verb that is the
// statement's cue and names nothing, the nearest earlier stand of another
// speaker. -1 when none fits.
func (l *lex) answered(d *text.Doc, i int, sts []rapporteur.Statement, r explicitReply, cands []nameCand) int {
	if r.obj != nil {
		ts := tokens(d, r.obj.Start, r.obj.End)
		// The object stops at a possessive: read on for the noun it owns
		// ("responded to Ms. Merkel's remarks").
		after := tokens(d, r.obj.Start, r.obj.End+40)
		if len(after) > 6 {
			after = after[:6]
		}
		if ref, ok := l.refIn(after, true); ok {
			if j := referred(i, sts, ref, cands, nil); j >= 0 {
				return j
			}
		}
		if c, ok := resolveName(d.Text[d.Byte(r.obj.Start):d.Byte(r.obj.End)], len(ts) > 0 && ts[0].cap, cands); ok {
			for j := i - 1; j >= 0; j-- {
				if sts[j].Speaker.Name != "" && !sameSpeaker(sts[j].Speaker, sts[i].Speaker) && aims(c.name, sts[j].Speaker) {
					return j
				}
			}
		}
	}
	for j := i - 1; j >= 0; j-- {
		c := sts[j]
		if c.Speaker.Name != "" && !sameSpeaker(c.Speaker, sts[i].Speaker) && c.Target != nil && aims(c.Target.Name, sts[i].Speaker) {
			return j
		}
	}
	// "X countered that …" answers the stand quoted just before it, when
	// the words name nothing else and the statement reports words (not
	// "police responded by using horses").
	if r.obj != nil || !r.inCue || sts[i].Mode == rapporteur.Stance {
		return -1
	}
	for j := i - 1; j >= 0 && j >= i-reach; j-- {
		c := sts[j]
		if asks(d, c) {
			// An answer to a question put to the speaker ("Bush
			// replied") rebuts nothing, unless it says no: then it
			// answers the claim the question relays ("asked if he was
			// aware of the comments … replied, "No, that's absurd."").
			if !saysNo(d, sts[i]) {
				return -1
			}
			continue
		}
		if c.Speaker.Name != "" && !sameSpeaker(c.Speaker, sts[i].Speaker) && !sameSide(c.Speaker, sts[i].Speaker) {
			// The first of that speaker's statements of the act: a
			// later one mostly repeats it.
			for k := 0; k < j; k++ {
				if sameSpeaker(sts[k].Speaker, c.Speaker) && sts[k].Act == c.Act {
					return k
				}
			}
			return j
		}
	}
	return -1
}

// asks reports whether statement st asks a question: an interviewer's
// turn, a "was asked" cue, a content that is a question or opens with
// "whether" or "if".
func asks(d *text.Doc, st rapporteur.Statement) bool {
	if st.Speaker.Role == "interviewer" || askCue(d, st) {
		return true
	}
	ts := tokens(d, st.Content.Start, st.Content.End)
	if len(ts) > 0 && (ts[0].w == "whether" || ts[0].w == "if") {
		return true // an indirect question ("asked if Russia would …")
	}
	return question(ts, tokens(d, st.Content.End, st.Content.End+3))
}

// askCue reports whether the cue of st is a form of "ask".
func askCue(d *text.Doc, st rapporteur.Statement) bool {
	if st.Cue == nil || st.Cue.Empty() {
		return false
	}
	for _, t := range tokens(d, st.Cue.Start, st.Cue.End) {
		if t.w == "asked" || t.w == "asks" || t.w == "ask" || t.w == "asking" {
			return true
		}
	}
	return false
}

// indirectQuestion reports whether st is a question in indirect speech:
// an "ask" cue and a content that opens with "whether" or "if" ("asked if
// he would resign").
func indirectQuestion(d *text.Doc, st *rapporteur.Statement) bool {
	if !askCue(d, *st) {
		return false
	}
	ts := tokens(d, st.Content.Start, min(st.Content.End, st.Content.Start+10))
	return len(ts) > 0 && (ts[0].w == "whether" || ts[0].w == "if" || whWords[ts[0].w])
}

// saysNo reports whether statement st opens with "no" ("No, I checked into
// that report").
func saysNo(d *text.Doc, st rapporteur.Statement) bool {
	ts := tokens(d, st.Content.Start, st.Content.End)
	return len(ts) > 1 && ts[0].w == "no" && !isWord(ts[1].w)
}

// sameSide reports whether speakers a and b stand for one body: their
// affiliations name one another ("Amnesty International" and "Amnesty
// International USA"), or one is the other's body. "Irene Khan also
// responded" answers the president she rebuts, not her colleague quoted
// just before her (walk 7, finding 7a).
func sameSide(a, b rapporteur.Speaker) bool {
	x, y := strings.ToLower(a.Affiliation), strings.ToLower(b.Affiliation)
	switch {
	case x != "" && y != "" && (strings.Contains(x, y) || strings.Contains(y, x)):
		return true
	case x != "" && strings.EqualFold(x, b.Name), y != "" && strings.EqualFold(y, a.Name):
		return true
	}
	return false
}
