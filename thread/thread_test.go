package thread

import (
	"fmt"
	"math/rand"
	"slices"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
)

var day = time.Date(2022, 9, 1, 0, 0, 0, 0, time.UTC)

// story is the design document's exchange told over three days by three
// articles: the report accuses China; China's envoy and spokesman deny,
// aiming at the report; Amnesty answers the denial.
func story() []*Node {
	return []*Node{
		{ID: 1, Article: 10, Time: day, Key: "a", Index: 0, Act: rapporteur.ActAccuse, Target: "China", Speaker: "UN report", SpeakerType: rapporteur.Document},
		{ID: 2, Article: 10, Time: day, Key: "a", Index: 1, Act: rapporteur.ActAssert, Speaker: "Michelle Bachelet", SpeakerID: 7, SpeakerType: rapporteur.Person},
		{ID: 3, Article: 11, Time: day.Add(24 * time.Hour), Key: "b", Index: 0, Act: rapporteur.ActDeny, Target: "UN report", Speaker: "Zhang Jun", SpeakerID: 8, SpeakerType: rapporteur.Person, Affiliation: "China"},
		{ID: 4, Article: 11, Time: day.Add(24 * time.Hour), Key: "b", Index: 1, Act: rapporteur.ActDeny, Target: "the report", Speaker: "Zhao Lijian", SpeakerID: 9, SpeakerType: rapporteur.Person, Affiliation: "Chinese Foreign Ministry"},
		{ID: 5, Article: 12, Time: day.Add(48 * time.Hour), Key: "c", Index: 0, Act: rapporteur.ActCriticize, Target: "Zhao Lijian", Speaker: "Agnes Callamard", SpeakerID: 10, SpeakerType: rapporteur.Person, Affiliation: "Amnesty International"},
		// The accused answers an accusation aimed at it, by claim.
		{ID: 6, Article: 12, Time: day.Add(48 * time.Hour), Key: "c", Index: 1, Act: rapporteur.ActDeny, Target: "the allegations", Speaker: "China", SpeakerType: rapporteur.Organization},
		// Answered within its article: not linked across.
		{ID: 7, Article: 12, Time: day.Add(48 * time.Hour), Key: "c", Index: 2, Act: rapporteur.ActDeny, Target: "UN report", Speaker: "Wang Yi", SpeakerType: rapporteur.Person, Answered: true},
	}
}

func TestLinkCanonicalStory(t *testing.T) {
	got := Links(story())
	want := []Link{{From: 3, To: 1}, {From: 4, To: 1}, {From: 5, To: 4}, {From: 6, To: 1}}
	if len(got) != len(want) {
		t.Fatalf("links = %v, want %v", got, want)
	}
	for i := range want {
		if got[i].From != want[i].From || got[i].To != want[i].To {
			t.Errorf("link %d = %d→%d, want %d→%d", i, got[i].From, got[i].To, want[i].From, want[i].To)
		}
	}
}

func TestScoreRefuses(t *testing.T) {
	base := story()
	for _, tc := range []struct {
		name          string
		child, parent *Node
	}{
		{"same article", &Node{ID: 20, Article: 10, Time: day.Add(time.Hour), Act: rapporteur.ActDeny, Target: "UN report", Speaker: "X"}, base[0]},
		{"later parent", base[2], &Node{ID: 21, Article: 30, Time: day.Add(72 * time.Hour), Act: rapporteur.ActAccuse, Target: "China", Speaker: "UN report", SpeakerType: rapporteur.Document}},
		{"same speaker", &Node{ID: 22, Article: 31, Time: day.Add(72 * time.Hour), Act: rapporteur.ActDeny, Target: "UN report", Speaker: "UN report"}, base[0]},
		{"assertion", &Node{ID: 23, Article: 32, Time: day.Add(72 * time.Hour), Act: rapporteur.ActAssert, Target: "UN report", Speaker: "Y"}, base[0]},
		{"to an assertion", &Node{ID: 24, Article: 33, Time: day.Add(72 * time.Hour), Act: rapporteur.ActCriticize, Target: "Michelle Bachelet", Speaker: "Y"}, base[1]},
		// A denial aimed at someone else by name does not answer the
		// demand that spoke of its speaker.
		{"aimed elsewhere by name",
			&Node{ID: 25, Article: 35, Time: day.Add(72 * time.Hour), Act: rapporteur.ActDeny, Target: "President Robert Mugabe", Speaker: "Morgan Tsvangirai", SpeakerType: rapporteur.Person},
			&Node{ID: 26, Article: 34, Time: day, Act: rapporteur.ActDemand, Target: "Morgan Tsvangirai", Speaker: "Ban Ki-moon", SpeakerType: rapporteur.Person}},
	} {
		if s := Score(tc.child, tc.parent); s != 0 {
			t.Errorf("%s: score %v, want 0", tc.name, s)
		}
	}
}

// TestOrderIndependent adds the articles of a story in every order, one
// at a time as they would arrive, and checks the links are those of the
// whole story at once; it also checks that no link points forward.
func TestOrderIndependent(t *testing.T) {
	nodes := story()
	// More articles of the same date, so the key decides the order.
	for i := range 6 {
		nodes = append(nodes, &Node{ID: int64(100 + i), Article: int64(50 + i%3), Time: day.Add(24 * time.Hour), Key: fmt.Sprintf("k%d", i%3), Index: i,
			Act: []string{rapporteur.ActDeny, rapporteur.ActCriticize, rapporteur.ActAccuse}[i%3], Target: []string{"UN report", "China", "Zhang Jun"}[i%3],
			Speaker: fmt.Sprintf("S%d", i), SpeakerType: rapporteur.Person})
	}
	want := Links(nodes)
	byArticle := map[int64][]*Node{}
	var arts []int64
	for _, n := range nodes {
		if byArticle[n.Article] == nil {
			arts = append(arts, n.Article)
		}
		byArticle[n.Article] = append(byArticle[n.Article], n)
	}
	rng := rand.New(rand.NewSource(1))
	for trial := range 200 {
		order := slices.Clone(arts)
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		var have []*Node
		links := map[int64]Link{}
		for _, a := range order {
			for _, l := range Update(have, links, byArticle[a]) {
				links[l.From] = l
			}
			have = append(have, byArticle[a]...)
		}
		if len(links) != len(want) {
			t.Fatalf("trial %d (order %v): %d links, want %d", trial, order, len(links), len(want))
		}
		for _, w := range want {
			if links[w.From] != w {
				t.Fatalf("trial %d (order %v): link of %d = %v, want %v", trial, order, w.From, links[w.From], w)
			}
		}
	}
	at := map[int64]*Node{}
	for _, n := range nodes {
		at[n.ID] = n
	}
	for _, l := range want {
		if !Before(at[l.To], at[l.From]) {
			t.Errorf("link %d→%d points forward in time", l.From, l.To)
		}
	}
}

// TestCyclesImpossible feeds nodes whose targets name each other both
// ways, all on one date: the links still point backwards only.
func TestCyclesImpossible(t *testing.T) {
	var nodes []*Node
	for i := range 50 {
		nodes = append(nodes, &Node{ID: int64(i + 1), Article: int64(i), Time: day, Key: "same", Index: 0,
			Act: rapporteur.ActCriticize, Target: fmt.Sprintf("P%d", (i+1)%2), Speaker: fmt.Sprintf("P%d", i%2), SpeakerType: rapporteur.Person})
	}
	parent := map[int64]int64{}
	for _, l := range Links(nodes) {
		parent[l.From] = l.To
	}
	for _, n := range nodes {
		seen := map[int64]bool{}
		for id := n.ID; id != 0; id = parent[id] {
			if seen[id] {
				t.Fatalf("cycle through %d", id)
			}
			seen[id] = true
		}
	}
}

func TestForest(t *testing.T) {
	n := func(id int64, h int) *Node { return &Node{ID: id, Time: day.Add(time.Duration(h) * time.Hour)} }
	for _, tc := range []struct {
		name  string
		items []Item
		want  []Placed
	}{
		{"replies under what they answer", []Item{
			{ID: 3, Node: n(3, 2), Parent: 1}, {ID: 1, Node: n(1, 0)}, {ID: 2, Node: n(2, 1)}, {ID: 4, Node: n(4, 3), Parent: 3},
		}, []Placed{{ID: 1}, {ID: 3, Parent: 1, Depth: 1}, {ID: 4, Parent: 3, Depth: 2}, {ID: 2}}},
		{"cycle broken at the later link", []Item{
			{ID: 1, Node: n(1, 0), Parent: 2}, {ID: 2, Node: n(2, 1), Parent: 1},
		}, []Placed{{ID: 2}, {ID: 1, Parent: 2, Depth: 1}}},
		{"unknown parent is a root", []Item{{ID: 5, Node: n(5, 0), Parent: 99}}, []Placed{{ID: 5}}},
		{"self link", []Item{{ID: 5, Node: n(5, 0), Parent: 5}}, []Placed{{ID: 5}}},
	} {
		got := Forest(tc.items)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestForestDeep places a chain of 100,000 replies without recursion.
func TestForestDeep(t *testing.T) {
	var items []Item
	for i := range 100000 {
		items = append(items, Item{ID: int64(i + 1), Node: &Node{ID: int64(i + 1), Time: day, Index: i}, Parent: int64(i)})
	}
	got := Forest(items)
	if len(got) != len(items) || got[len(got)-1].Depth != len(items)-1 {
		t.Fatalf("%d placed, last depth %d", len(got), got[len(got)-1].Depth)
	}
}

// TestAccusedAnswers: the speaker a demand or accusation aims at answers
// it with a denial without a target, or with a common noun for one, and
// with a counter-accusation under another name of the accuser; a
// denial aimed by name at a third party does not (TestScoreRefuses).
func TestAccusedAnswers(t *testing.T) {
	demand := &Node{ID: 1, Article: 1, Time: day, Act: rapporteur.ActDemand, Target: "Morgan Tsvangirai", Speaker: "Ban Ki-moon", SpeakerType: rapporteur.Person}
	accusation := &Node{ID: 2, Article: 1, Time: day, Index: 1, Act: rapporteur.ActAccuse, Target: "Mugabe", Speaker: "opposition", SpeakerType: rapporteur.Group}
	later := day.Add(24 * time.Hour)
	for _, tc := range []struct {
		name          string
		child, parent *Node
	}{
		{"no target", &Node{ID: 3, Article: 2, Time: later, Act: rapporteur.ActDeny, Speaker: "Morgan Tsvangirai", SpeakerType: rapporteur.Person}, demand},
		{"common noun", &Node{ID: 4, Article: 2, Time: later, Act: rapporteur.ActDeny, Target: "the idea", Speaker: "Morgan Tsvangirai", SpeakerType: rapporteur.Person}, demand},
		{"counter-accusation", &Node{ID: 5, Article: 2, Time: later, Act: rapporteur.ActAccuse, Target: "MDC", Speaker: "Robert Mugabe", SpeakerType: rapporteur.Person}, accusation},
	} {
		if s := Score(tc.child, tc.parent); s < Threshold {
			t.Errorf("%s: score %v, want at least %v", tc.name, s, Threshold)
		}
	}
}

// TestAnswerToDenial: the answer to a denial answers the denial, not the
// accusation the denial answered ("Mr Berg's statement is simply untrue",
// a story found walking the demo), and a dismissal of "the denial"
// answers it by claim.
func TestAnswerToDenial(t *testing.T) {
	accusation := &Node{ID: 1, Article: 1, Time: day, Act: rapporteur.ActAccuse, Target: "Halvorsen Mining", Speaker: "Clean Fjords Alliance", SpeakerType: rapporteur.Organization}
	denial := &Node{ID: 2, Article: 2, Time: day.Add(24 * time.Hour), Act: rapporteur.ActDeny, Target: "the allegations", Speaker: "Magnus Berg", SpeakerType: rapporteur.Person, Affiliation: "Halvorsen Mining"}
	later := day.Add(48 * time.Hour)
	for _, child := range []*Node{
		{ID: 3, Article: 3, Time: later, Act: rapporteur.ActDeny, Target: "Mr Berg's statement", Speaker: "Ingrid Solberg", SpeakerType: rapporteur.Person, Affiliation: "Clean Fjords Alliance"},
		{ID: 4, Article: 3, Time: later, Index: 1, Act: rapporteur.ActDeny, Target: "the denial", Speaker: "Ingrid Solberg", SpeakerType: rapporteur.Person, Affiliation: "Clean Fjords Alliance"},
	} {
		d, a := Score(child, denial), Score(child, accusation)
		if d < Threshold || d <= a {
			t.Errorf("%q: scores %v against the denial, %v against the accusation; want the denial's above both %v and the other", child.Target, d, a, Threshold)
		}
	}
}

// TestClaimNounsAreTheActStages: a reply across articles names what it
// answers by the nouns the act stage reads within an article (acts.txt,
// place refers): "the admission" answers an admission of someone else,
// not an accusation.
func TestClaimNounsAreTheActStages(t *testing.T) {
	admits := &Node{ID: 40, Article: 50, Time: day, Act: rapporteur.ActConfirm, Speaker: "Hassan Rouhani", SpeakerType: rapporteur.Person}
	accuses := &Node{ID: 41, Article: 51, Time: day, Act: rapporteur.ActAccuse, Speaker: "Mike Pompeo", SpeakerType: rapporteur.Person}
	reply := &Node{ID: 42, Article: 52, Time: day.Add(24 * time.Hour), Act: rapporteur.ActCriticize, Target: "the admission", Speaker: "Volodymyr Zelensky", SpeakerType: rapporteur.Person}
	if s := Score(reply, admits); s <= 0 {
		t.Errorf("criticism of 'the admission' does not answer an admission (score %v)", s)
	}
	if s := Score(reply, accuses); s != 0 {
		t.Errorf("criticism of 'the admission' answers an accusation (score %v)", s)
	}
}

// TestSideAnswersSameSubject: a reply aimed at a country ("the Iraqi
// government", "Georgia") answers a statement of that country's official
// only when the two speak of the same thing; a criticism of Georgia's
// government answers no remark of its president on another matter.
func TestSideAnswersSameSubject(t *testing.T) {
	adviser := &Node{ID: 1, Article: 1, Time: day, Key: "a", Act: rapporteur.ActConfirm, Speaker: "Mouwafak al-Rubaie",
		SpeakerType: rapporteur.Person, Role: "National security adviser", Affiliation: "Iraq",
		Content: "Saddam Hussein is to be executed within 30 days of losing his appeal"}
	mep := &Node{ID: 2, Article: 2, Time: day.Add(24 * time.Hour), Key: "b", Act: rapporteur.ActCriticize, Target: "Iraqi",
		Speaker: "Marco Pannella", SpeakerType: rapporteur.Person,
		Content: "The Iraqi government would commit a horrible act, of the same level as those committed by Saddam Hussein himself"}
	president := &Node{ID: 3, Article: 3, Time: day, Key: "c", Act: rapporteur.ActCriticize, Target: "Western", Speaker: "Mikhail Saakashvili",
		SpeakerType: rapporteur.Person, Role: "President", Affiliation: "Georgia",
		Content: "he thinks the Western response to this situation has been inadequate"}
	minister := &Node{ID: 4, Article: 4, Time: day.Add(24 * time.Hour), Key: "d", Act: rapporteur.ActCriticize, Target: "Georgia",
		Speaker: "Georgij Chaindrawa", SpeakerType: rapporteur.Person,
		Content: "the government of Georgia is an authoritarian regime that suppresses civil liberties"}
	if s := Score(mep, adviser); s < Threshold {
		t.Errorf("criticism of the Iraqi government's execution plan: score %v, want ≥ %v", s, Threshold)
	}
	if s := Score(minister, president); s != 0 {
		t.Errorf("criticism of Georgia's government on another matter: score %v, want 0", s)
	}
	// The same words make it an answer.
	minister.Content = "the Western response to this situation was what the authoritarian government of Georgia deserved"
	minister.keys = nil
	if s := Score(minister, president); s < Threshold {
		t.Errorf("criticism of Georgia's president's words: score %v, want ≥ %v", s, Threshold)
	}
}
