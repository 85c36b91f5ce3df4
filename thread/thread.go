// Package thread links the statements of a story across its articles
// (issue 11): a denial published on Tuesday to the accusation published on
// Monday, the answer to the denial on Wednesday. It is a pure stage over
// what the act stage (attrib/act) wrote on each statement — its act,
// target and within-article replies — and what story linking decided —
// which articles form the story and which are wire copies.
//
// A story is a set of Nodes, one per statement of an original article
// (a wire copy repeats its original's statements and is folded into it,
// so an accusation reprinted by twenty outlets is one node). Each node
// answers at most one earlier node of another article: the candidate
// with the best Score above Threshold, ties to the earlier candidate.
// Replies point strictly backwards in the total order Before, so the
// links of a story always form a forest: no cycle can be built.
//
// Every link depends on the pair alone (Score reads the two nodes and
// nothing else), so the links of a story are the same whatever order its
// articles arrive in: Links computes them at once, Update adds an
// article's nodes to the links already made, and both give the same
// result.
package thread

import (
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/canon"
	"github.com/rapporteur/rapporteur/lexicon"
	"github.com/rapporteur/rapporteur/registry"
)

// Node is one statement of a story as threading sees it.
type Node struct {
	// ID is the statement's id in the store; links name nodes by it.
	ID int64
	// Article is the id of the statement's article (the original of its
	// wire-copy group); nodes of one article are never linked here, since
	// the act stage links them (Statement.RespondsTo).
	Article int64
	// Time is the article's date; Key orders articles of the same date
	// (a key that does not depend on arrival order, such as the content
	// hash); Index is the statement's position in its article.
	Time  time.Time
	Key   string
	Index int

	Act string
	// Target is the name of what the act is aimed at ("" for none).
	Target string
	// Speaker is the name the article gives, Canonical the registry's
	// name for it, SpeakerID its registry id (0 when it has none). Names
	// are compared as registry keys (package registry), so "Erdoğan" in
	// a target names the speaker "Erdogan".
	Speaker     string
	Canonical   string
	SpeakerID   int64
	SpeakerType string
	Affiliation string
	// Role is the speaker's role ("Pope", "spokesman"): a target "the
	// Pope's remarks" names the Pope's statement.
	Role string
	// Answered is set when the act stage linked the statement to an
	// earlier statement of its own article: it answers that, not a
	// statement of another article.
	Answered bool
	// Content is the statement's words. A reply aimed only at the
	// earlier speaker's side (its country or body) answers that speaker
	// only when the two share a word of content (see names).
	Content string

	// rank is the least act rank of the node's article (see Prepare).
	rank int
	// keys caches the name keys of the node, computed on first use.
	keys *nodeKeys
}

// nodeKeys are the name keys of a node (see keyed) and what its target's
// head noun says it names.
type nodeKeys struct {
	// target, owner ("X" of a target "X's Y"); speaker, canonical name
	// and affiliation; role.
	k [6]string
	// initials of the speaker's names ("un" for "united nations").
	initials [3]string
	// last words of k (a person named by surname, a document by kind).
	last [6]string
	// claim is the act a target's head noun names ("allegations":
	// accuse; "" for "remarks", any act); isClaim says it is one.
	claim   string
	isClaim bool
	// person holds the target and owner read as a person's name by the
	// registry, titles and honorifics left out ("Mr Berg" is "berg"), so
	// that they name a person by surname as a bare surname does.
	person [2]string
	// place holds the keys of the places the target and owner are
	// demonyms of ("iraq" for "Iraqi"), "" for none.
	place [2]string
	// words are the content words of the node (see contentWords), read
	// on first use.
	words map[string]bool
}

// key returns the key a name is compared by: canon.Name (the base of the
// speaker registry's keys: no case, no accents, no punctuation) without a
// leading "the".
func key(name string) string {
	if name == "" {
		return ""
	}
	keyCache.Lock()
	k, ok := keyCache.m[name]
	keyCache.Unlock()
	if ok {
		return k
	}
	k = strings.TrimPrefix(canon.Name(name), "the ")
	keyCache.Lock()
	if len(keyCache.m) >= maxKeyCache {
		clear(keyCache.m) // names recur within a story; an old story's are not worth keeping
	}
	keyCache.m[name] = k
	keyCache.Unlock()
	return k
}

// keyCache remembers the keys of names: a story's nodes are read again
// for each of its new articles, with the same speakers and targets, and
// normalising them was a tenth of threading a large story. A key depends
// on its name alone, so the cache changes no result.
var keyCache = struct {
	sync.Mutex
	m map[string]string
}{m: map[string]string{}}

const maxKeyCache = 100000

// keyed returns the keys of the node's names, computed once.
func (n *Node) keyed() *nodeKeys {
	if n.keys != nil {
		return n.keys
	}
	owner := ""
	if i := strings.Index(n.Target, "'s "); i > 0 {
		owner = n.Target[:i]
	} else if i := strings.Index(n.Target, "’s "); i > 0 {
		owner = n.Target[:i]
	}
	k := &nodeKeys{k: [6]string{key(n.Target), key(owner), key(n.Speaker), key(n.Canonical), key(n.Affiliation), key(n.Role)}}
	for i := range 3 {
		k.initials[i] = canon.Initials(k.k[2+i])
	}
	for i, name := range k.k {
		k.last[i] = lastWord(name)
	}
	k.claim, k.isClaim = claimNouns()[k.last[0]]
	for i, name := range [2]string{n.Target, owner} {
		if pk, ok := registry.Key(name, rapporteur.Person); ok && !strings.Contains(pk, " ") {
			k.person[i] = pk
		}
		k.place[i] = demonyms()[k.k[i]]
	}
	n.keys = k
	return k
}

// Link says that node From answers node To, with the score of the pair.
type Link struct {
	From, To int64
	Score    float64
}

// Threshold is the least score of a link: the target names the earlier
// speaker (2), or the earlier act aims at the speaker who answers (1.5),
// or the target is a claim of the earlier act's kind ("the remarks",
// "the allegations": 1.5); and the acts fit (1; 0.5 for a support).
const Threshold = 2.5

// Before reports whether a comes before b in the story's time order:
// article date; among articles of the same date (dates are often days),
// the one that accuses before the one that denies before the one that
// criticizes (the article's rank, see Prepare), then article key; then
// position in the article, then id. It is a total order on distinct
// nodes that does not depend on the order nodes were stored in.
func Before(a, b *Node) bool {
	if !a.Time.Equal(b.Time) {
		return a.Time.Before(b.Time)
	}
	if a.Key != b.Key {
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		return a.Key < b.Key
	}
	if a.Index != b.Index {
		return a.Index < b.Index
	}
	return a.ID < b.ID
}

// actRank orders the acts of an exchange: what is answered before what
// answers it.
var actRank = map[string]int{
	rapporteur.ActAccuse: 0, rapporteur.ActDemand: 1, rapporteur.ActDeny: 2, rapporteur.ActConfirm: 2,
	rapporteur.ActCriticize: 3, rapporteur.ActSupport: 3,
}

// Prepare sets what Before needs beyond the fields: the rank of each
// node's article, the least rank of the acts of the article's nodes among
// nodes. Links and Update call it; a caller ordering nodes itself (a
// thread view) calls it first, with all the nodes of each article.
func Prepare(nodes []*Node) {
	least := map[int64]int{}
	for _, n := range nodes {
		r, ok := actRank[n.Act]
		if !ok {
			r = 4
		}
		if l, seen := least[n.Article]; !seen || r < l {
			least[n.Article] = r
		}
	}
	for _, n := range nodes {
		n.rank = least[n.Article]
	}
}

// replying are the acts that answer another statement; an accusation
// answers one when it accuses back (see Score).
func replying(act string) bool {
	switch act {
	case rapporteur.ActDeny, rapporteur.ActCriticize, rapporteur.ActConfirm, rapporteur.ActSupport, rapporteur.ActAccuse:
		return true
	}
	return false
}

// Answerable reports whether a node can be linked at all, as a reply or
// as what a reply answers: assertions are neither.
func Answerable(n *Node) bool {
	return n.Act != "" && n.Act != rapporteur.ActAssert
}

// Score scores child as a reply to parent: 0 when it cannot be one (the
// same article, the same speaker, the parent not before the child, an act
// that answers nothing). The score reads the two nodes alone. What makes
// a reply: the child's target names the parent's speaker ("Zhang Jun",
// "the Pope's remarks"); or the parent's act aims at the child's speaker,
// who answers it (a denial, a counter-accusation); or the child's target
// is a claim of the parent's kind ("the allegations" answers an
// accusation, "the remarks" any act); and the two acts fit.
func Score(child, parent *Node) float64 {
	if child.Answered || !replying(child.Act) || !Answerable(parent) || child.Article == parent.Article || !Before(parent, child) {
		return 0
	}
	if sameSpeaker(child, parent) {
		return 0
	}
	named := names(child, parent, true)
	// The accused is the speaker itself, not its side: a statement aimed
	// at a country is no accusation of each of its officials.
	accused := names(parent, child, false) &&
		(parent.Act == rapporteur.ActAccuse || parent.Act == rapporteur.ActCriticize || parent.Act == rapporteur.ActDemand)
	// A reply aimed at someone by name answers them: a denial aimed at
	// Mugabe answers Mugabe, not the UN chief who spoke of its speaker
	// before. A counter-accusation is aimed at the accuser, often by
	// another name of it (the MDC for "the opposition"), so it keeps
	// answering whoever accused its speaker.
	if accused && !named && child.Act != rapporteur.ActAccuse && properName(child.Target) {
		accused = false
	}
	ck := child.keyed()
	claim := ck.isClaim && (ck.claim == "" || ck.claim == parent.Act)
	if child.Act == rapporteur.ActAccuse && !accused {
		return 0 // an accusation answers only one aimed at its speaker
	}
	score := 0.0
	switch {
	case named:
		score += 2
	case accused && child.Act != rapporteur.ActSupport:
		score += 1.5 // the accused answers
	case claim:
		score += 1.5
	default:
		return 0
	}
	switch {
	case (child.Act == rapporteur.ActDeny || child.Act == rapporteur.ActConfirm) &&
		(parent.Act == rapporteur.ActAccuse || parent.Act == rapporteur.ActCriticize || parent.Act == rapporteur.ActDemand):
		score++
	case child.Act == rapporteur.ActCriticize &&
		(parent.Act == rapporteur.ActDeny || parent.Act == rapporteur.ActAccuse || parent.Act == rapporteur.ActCriticize):
		score++
	case child.Act == rapporteur.ActDeny && parent.Act == rapporteur.ActDeny:
		score++ // the answer to a denial: "Mr Berg's statement is simply untrue"
	case child.Act == rapporteur.ActAccuse && (parent.Act == rapporteur.ActAccuse || parent.Act == rapporteur.ActCriticize):
		score++ // accuses back
	case child.Act == rapporteur.ActSupport || child.Act == rapporteur.ActCriticize:
		score += 0.5
	}
	if named && claim {
		score += 0.5
	}
	return score
}

// better reports whether a link to candidate c with score s beats the
// link to b with score bs: a higher score, then the earlier candidate
// (the first accusation, of which later ones are repeats).
func better(s float64, c *Node, bs float64, b *Node) bool {
	if b == nil {
		return true
	}
	if s != bs {
		return s > bs
	}
	return Before(c, b)
}

// Best returns child's link to the best of candidates, if one scores at
// least Threshold.
func Best(child *Node, candidates []*Node) (Link, bool) {
	var best *Node
	bs := 0.0
	for _, c := range candidates {
		s := Score(child, c)
		if s >= Threshold && better(s, c, bs, best) {
			best, bs = c, s
		}
	}
	if best == nil {
		return Link{}, false
	}
	return Link{From: child.ID, To: best.ID, Score: bs}, true
}

// Links returns the links of a whole story: each node's link to the best
// earlier node of another article, in the order of nodes.
func Links(nodes []*Node) []Link {
	Prepare(nodes)
	var out []Link
	for _, n := range nodes {
		if l, ok := Best(n, nodes); ok {
			out = append(out, l)
		}
	}
	return out
}

// Update adds the nodes of newly arrived articles to a story whose nodes
// (old, without the new ones) are linked as links says (by From). It
// returns the links that change: each new node's own link, and the links
// of old nodes that a new node now answers better. The links of the story
// after applying them are what Links gives for old and added together, so
// the result does not depend on arrival order.
func Update(old []*Node, links map[int64]Link, added []*Node) []Link {
	all := make([]*Node, 0, len(old)+len(added))
	all = append(all, old...)
	all = append(all, added...)
	Prepare(all)
	var out []Link
	for _, n := range added {
		if l, ok := Best(n, all); ok {
			out = append(out, l)
		}
	}
	var byID map[int64]*Node // built when an old node's link is compared
	for _, n := range old {
		l, ok := Best(n, added)
		if !ok {
			continue
		}
		cur, has := links[n.ID]
		var curNode *Node
		if has {
			if byID == nil {
				byID = make(map[int64]*Node, len(old))
				for _, o := range old {
					byID[o.ID] = o
				}
			}
			curNode = byID[cur.To]
		}
		if !has || better(l.Score, nodeOf(added, l.To), cur.Score, curNode) {
			out = append(out, l)
		}
	}
	return out
}

func nodeOf(ns []*Node, id int64) *Node {
	for _, n := range ns {
		if n.ID == id {
			return n
		}
	}
	return nil
}

// sameSpeaker reports whether two nodes have the same speaker: the same
// registry id, or the same name without case.
func sameSpeaker(a, b *Node) bool {
	if a.SpeakerID != 0 && a.SpeakerID == b.SpeakerID {
		return true
	}
	return a.Speaker != "" && strings.EqualFold(a.Speaker, b.Speaker)
}

// names reports whether a's target names b's speaker: its name, its
// registry name, its affiliation (when side is set), a person's surname, the initials of a
// name ("UN"), or for a document the same kind of document ("the report"
// names "UN report").
func names(a, b *Node, side bool) bool {
	ka, kb := a.keyed(), b.keyed()
	last := 3
	if side {
		last = 4
	}
	for j, t := range ka.k[:2] {
		if t == "" {
			continue
		}
		for i := 2; i <= last; i++ {
			name := kb.k[i]
			if name == "" {
				continue
			}
			if i == 4 {
				// The speaker's side (Georgia for its president) is aimed
				// at by every statement about the country: it names
				// this statement only when the two speak of the same
				// thing ("the Iraqi government would commit a horrible
				// act" of "Saddam Hussein is to be executed").
				side := name == t || kb.initials[2] == t || ka.place[j] == name ||
					b.SpeakerType == rapporteur.Person && (kb.last[i] == t || kb.last[i] == ka.person[j]) ||
					b.SpeakerType == rapporteur.Document && kb.last[i] == ka.last[j]
				if side && shareWords(a, b) {
					return true
				}
				continue
			}
			if name == t || kb.initials[i-2] == t {
				return true
			}
			if b.SpeakerType == rapporteur.Person && (kb.last[i] == t || kb.last[i] == ka.person[j]) {
				return true
			}
			if b.SpeakerType == rapporteur.Document && kb.last[i] == ka.last[j] {
				return true
			}
		}
		if kb.k[5] != "" && kb.k[5] == t {
			return true // "the Pope" names the speaker whose role is Pope
		}
	}
	return false
}

// shareWords reports whether two nodes' contents share a content word
// (see contentWords).
func shareWords(a, b *Node) bool {
	wa, wb := a.contentWords(), b.contentWords()
	if len(wb) < len(wa) {
		wa, wb = wb, wa
	}
	for w := range wa {
		if wb[w] {
			return true
		}
	}
	return false
}

// contentWords returns the words of a node's content that can say what
// it is about: four letters or more, not a function word, cut to their
// first six letters so that "executed" and "execution" are one word.
func (n *Node) contentWords() map[string]bool {
	k := n.keyed()
	if k.words != nil {
		return k.words
	}
	k.words = map[string]bool{}
	stop := functionWords()
	for _, f := range strings.FieldsFunc(strings.ToLower(n.Content), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if utf8.RuneCountInString(f) < 4 || stop[f] {
			continue
		}
		if r := []rune(f); len(r) > 6 {
			f = string(r[:6])
		}
		k.words[f] = true
	}
	return k.words
}

// functionWords are the words that say nothing of what a statement is
// about (lexicon/data/en/function-words.txt, and the verbs of saying).
var functionWords = sync.OnceValue(func() map[string]bool {
	out := map[string]bool{"said": true, "says": true, "would": true, "could": true, "should": true, "will": true,
		"been": true, "were": true, "have": true, "also": true, "about": true, "which": true, "there": true, "what": true, "when": true}
	lines, err := lexicon.Lines("en", "function-words")
	if err != nil {
		return out // the lexicon is embedded: it cannot be missing
	}
	for _, l := range lines {
		for _, w := range strings.Fields(l) {
			out[strings.ToLower(w)] = true
		}
	}
	return out
})

// demonyms maps the key of a demonym ("iraqi") to the key of its place
// ("iraq"), from lexicon/data/en/places.txt: "the Iraqi government" is
// aimed at Iraq's side.
var demonyms = sync.OnceValue(func() map[string]string {
	out := map[string]string{}
	fs, err := lexicon.Fields("en", "places")
	if err != nil {
		return out // the lexicon is embedded: it cannot be missing
	}
	for _, f := range fs {
		if len(f) < 3 || f[2] == "" {
			continue
		}
		place := key(f[0])
		for _, d := range strings.Split(f[2], ",") {
			if d = key(strings.TrimSpace(d)); d != "" && d != place {
				out[d] = place
			}
		}
	}
	return out
})

func lastWord(s string) string {
	if i := strings.LastIndexByte(s, ' '); i >= 0 {
		return s[i+1:]
	}
	return s
}

// claimNouns name what a statement of an act is: a target "the
// allegations" is an accusation, "the denial" a denial; "" marks the
// words for any statement ("the remarks", "his comments"). They are the
// nouns the act stage reads a reply's words by (lexicon/data/en/acts.txt,
// place refers), so that a reply within an article and one across a story
// name what they answer by the same words.
var claimNouns = sync.OnceValue(func() map[string]string {
	out := map[string]string{}
	fs, err := lexicon.Fields("en", "acts")
	if err != nil {
		return out // the lexicon is embedded: it cannot be missing
	}
	for _, f := range fs {
		if len(f) == 3 && f[2] == "refers" {
			out[strings.ToLower(f[0])] = f[1]
		}
	}
	return out
})

// properName reports whether a target is a name ("African Union",
// "Islamic", "the Democrats") rather than a common noun ("the idea",
// "the allegations"): its first word after an article is capitalised.
func properName(target string) bool {
	t := strings.TrimSpace(target)
	for _, art := range []string{"the ", "The ", "a ", "an "} {
		t = strings.TrimPrefix(t, art)
	}
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsUpper(r)
}
