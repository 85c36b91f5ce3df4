// Package storetest is the contract of rapporteur.Store: a test suite that
// every implementation runs, so that callers can rely on the same behaviour
// from SQLite and from any later backend.
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) rapporteur.Store { return MustOpenDB(t) })
//	}
package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/query"
)

// Open returns a new, empty store for one test; the suite closes it.
type Open func(t *testing.T) rapporteur.Store

// Run runs every contract test, each on a fresh store from open.
func Run(t *testing.T, open Open) {
	tests := []contractTest{
		{"PutIsIdempotent", testPutIdempotent},
		{"PutWithoutURLKeysOnContent", testPutWithoutURL},
		{"SameContentNewURL", testSameContentNewURL},
		{"RoundTrip", testRoundTrip},
		{"UpdateReplacesChildren", testUpdateReplacesChildren},
		{"PutRejectsUnknownKind", testPutRejectsUnknownKind},
		{"PutArticles", testPutArticles},
		{"MarkersScrubbed", testMarkersScrubbed},
		{"PaginationByDate", testPaginationByDate},
		{"PaginationByRelevance", testPaginationByRelevance},
		{"PaginationOfStatements", testPaginationOfStatements},
		{"StatementsOldestFirst", testStatementsOldestFirst},
		{"SearchArticles", testSearchArticles},
		{"SearchStatements", testSearchStatements},
		{"ListCredits", testListCredits},
		{"ArticleFilters", testArticleFilters},
		{"Snippets", testSnippets},
		{"InvalidInput", testInvalidInput},
		{"NotFound", testNotFound},
		{"SpeakerCanonical", testSpeakerCanonical},
		{"SpeakersList", testSpeakersList},
		{"SpeakerCountsLeaveCopiesOut", testSpeakerCountsLeaveCopiesOut},
		{"Sources", testSources},
		{"Feeds", testFeeds},
		{"SavedSearches", testSavedSearches},
		{"Stats", testStats},
		{"ConcurrentPuts", testConcurrentPuts},
		{"Stories", testStories},
		{"Related", testRelated},
		{"DuplicatesCollapsed", testDuplicatesCollapsed},
		{"MergeStories", testMergeStories},
		{"LinkArticles", testLinkArticles},
		{"UndatedInStory", testUndatedInStory},
		{"NewOriginal", testNewOriginal},
		{"RelinkWidensSpan", testRelinkWidensSpan},
	}
	runTests(t, open, append(tests, registryTests...))
}

// contractTest is one test of the suite.
type contractTest struct {
	name string
	fn   func(*testing.T, rapporteur.Store)
}

// runTests runs tests, each on a fresh store from open.
func runTests(t *testing.T, open Open, tests []contractTest) {
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			defer func() {
				if err := s.Close(); err != nil {
					t.Errorf("close: %v", err)
				}
			}()
			tt.fn(t, s)
		})
	}
}

// Day is the reference date of the test articles: they are dated in the
// days around it.
var Day = time.Date(2022, 9, 1, 0, 0, 0, 0, time.UTC)

// Quote describes a statement of a test article by its words; Article
// finds them in the text to compute the spans.
type Quote struct {
	Kind, Mode, Content    string
	Cue                    string
	Speaker, Type, Mention string
	Role, Affiliation, Via string
	Confidence             float64
}

// Article builds an article whose statements' spans point at the first
// occurrence of each Quote's words in text (in code points, as the
// extract contract counts). It panics when a piece is not in the text.
func Article(url, title, text string, date time.Time, quotes ...Quote) rapporteur.Article {
	a := rapporteur.Article{
		Title: title, Text: text, URL: url, Language: "en",
		Credits: []rapporteur.Credit{}, Statements: []rapporteur.Statement{}, Entities: []rapporteur.Entity{},
	}
	if !date.IsZero() {
		d := date.UTC()
		a.Published = &d
	}
	for _, q := range quotes {
		typ := q.Type
		if typ == "" {
			typ = rapporteur.Person
		}
		kind := q.Kind
		if kind == "" {
			kind = rapporteur.Direct
		}
		mode := q.Mode
		if mode == "" {
			mode = rapporteur.Speech
		}
		st := rapporteur.Statement{
			Kind: kind, Mode: mode, Content: Find(text, q.Content),
			Speaker: rapporteur.Speaker{Name: q.Speaker, Type: typ, Role: q.Role, Affiliation: q.Affiliation},
			Via:     q.Via, Confidence: q.Confidence,
		}
		if st.Confidence == 0 {
			st.Confidence = 0.9
		}
		if q.Cue != "" {
			c := Find(text, q.Cue)
			st.Cue = &c
		}
		if q.Mention != "" {
			m := Find(text, q.Mention)
			st.Speaker.Mention = &m
		}
		a.Statements = append(a.Statements, st)
		if q.Speaker != "" && (typ == rapporteur.Person || typ == rapporteur.Organization) {
			a.Entities = append(a.Entities, rapporteur.Entity{Name: q.Speaker, Type: typ, Mentions: 1})
		}
	}
	return a
}

// Find returns the span of the first occurrence of piece in text.
func Find(text, piece string) rapporteur.Span {
	i := strings.Index(text, piece)
	if i < 0 {
		panic(fmt.Sprintf("storetest: %q is not in the text", piece))
	}
	start := utf8.RuneCountInString(text[:i])
	return rapporteur.Span{Start: start, End: start + utf8.RuneCountInString(piece), Text: piece}
}

var ctx = context.Background()

func put(t *testing.T, s rapporteur.Store, a rapporteur.Article) rapporteur.PutResult {
	t.Helper()
	res, err := s.PutArticle(ctx, a, rapporteur.ArticleMeta{})
	if err != nil {
		t.Fatalf("put %s: %v", a.URL, err)
	}
	return res
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := rapporteur.ErrorCode(err); got != code {
		t.Errorf("%s: error %v (code %q), want code %q", what, err, got, code)
	}
}

// zhang is the DESIGN example, trimmed: three speakers, three kinds, two
// credits.
func zhang(url string) rapporteur.Article {
	text := `China's permanent representative to the UN Zhang Jun said Beijing strongly opposes the UN report on "credible allegations of torture and sexual abuse in China's Xinjiang."

"We are all well aware that the so-called Xinjiang issue is a completely politically motivated lie," Zhang Jun told reporters in New York.

For its part, Chinese Foreign Ministry spokesman Zhao Lijian on Wednesday called the UN report "a farce orchestrated by the United States and many other Western powers."

"Beijing's repeated denial of the human rights crisis in Xinjiang is more hollow than ever," said Agnes Callamard, Secretary General of Amnesty International.`
	a := Article(url, "Beijing responds to UN report claims on Xinjiang", text, Day,
		Quote{Kind: rapporteur.Mixed, Content: `Beijing strongly opposes the UN report on "credible allegations of torture and sexual abuse in China's Xinjiang."`,
			Cue: "said", Speaker: "Zhang Jun", Mention: "Zhang Jun", Role: "permanent representative to the UN", Affiliation: "China"},
		Quote{Content: "We are all well aware that the so-called Xinjiang issue is a completely politically motivated lie,",
			Cue: "told", Speaker: "Zhang Jun", Mention: "Zhang Jun", Role: "permanent representative to the UN", Affiliation: "China"},
		Quote{Kind: rapporteur.Indirect, Content: `the UN report "a farce orchestrated by the United States and many other Western powers."`,
			Cue: "called", Speaker: "Zhao Lijian", Mention: "Zhao Lijian", Role: "spokesman", Affiliation: "Chinese Foreign Ministry"},
		Quote{Content: "Beijing's repeated denial of the human rights crisis in Xinjiang is more hollow than ever,",
			Cue: "said Agnes", Speaker: "Agnes Callamard", Mention: "Agnes Callamard", Role: "Secretary General", Affiliation: "Amnesty International", Via: "Associated Press"},
	)
	a.Site = "Example News"
	a.Authors = []string{"A. Reporter"}
	a.Credits = []rapporteur.Credit{
		{Name: "Interfax", Evidence: rapporteur.Span{Start: 0, End: 8, Text: "Interfax"}, Removed: true},
		{Name: "Associated Press", Evidence: rapporteur.Span{Start: 10, End: 26, Text: "Associated Press"}, Removed: true},
	}
	a.Entities = append(a.Entities, rapporteur.Entity{Name: "Xinjiang", Type: rapporteur.Place, Mentions: 3})
	// Acts, targets and replies (issue 11) round-trip too.
	report := &rapporteur.Target{Name: "UN report", Type: rapporteur.Document}
	a.Statements[0].Act, a.Statements[0].Target = rapporteur.ActDeny, &rapporteur.Target{Name: "UN report", Type: rapporteur.Document, Mention: &rapporteur.Span{Start: 87, End: 96, Text: "UN report"}}
	a.Statements[1].Act, a.Statements[1].Target = rapporteur.ActDeny, report
	a.Statements[2].Act, a.Statements[2].Target = rapporteur.ActDeny, report
	a.Statements[3].Act, a.Statements[3].Target = rapporteur.ActCriticize, &rapporteur.Target{Name: "Beijing", Type: rapporteur.Place}
	a.Statements[3].RespondsTo = []rapporteur.Reply{{Article: a.ID, Statement: 0}, {Article: a.ID, Statement: 2}}
	return a
}

func testPutIdempotent(t *testing.T, s rapporteur.Store) {
	a := zhang("https://News.Example.com/world/xinjiang?utm_source=twitter&id=7#comments")
	first := put(t, s, a)
	if first.Status != rapporteur.PutCreated || first.ID == 0 {
		t.Fatalf("first put = %+v, want created with an id", first)
	}
	if again := put(t, s, a); again != (rapporteur.PutResult{ID: first.ID, Status: rapporteur.PutUnchanged}) {
		t.Errorf("second put = %+v, want unchanged %d", again, first.ID)
	}
	// The same page under a differently written URL is the same article.
	for _, u := range []string{
		"https://news.example.com/world/xinjiang?id=7",
		"https://news.example.com:443/world/xinjiang?fbclid=x&id=7&gclid=y",
	} {
		res, err := s.PutArticle(ctx, zhang(u), rapporteur.ArticleMeta{})
		if err != nil {
			t.Fatal(err)
		}
		if res.ID != first.ID || res.Status == rapporteur.PutCreated {
			t.Errorf("put under %s = %+v, want article %d again", u, res, first.ID)
		}
	}
	id, err := s.ArticleIDByURL(ctx, "HTTPS://news.example.com/world/xinjiang?id=7&utm_medium=social")
	if err != nil || id != first.ID {
		t.Errorf("ArticleIDByURL = %d, %v; want %d", id, err, first.ID)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != 1 || st.Statements != 4 {
		t.Errorf("stats = %+v, want 1 article and 4 statements", st)
	}
}

func testPutWithoutURL(t *testing.T, s rapporteur.Store) {
	a := zhang("")
	first := put(t, s, a)
	if again := put(t, s, a); again.ID != first.ID || again.Status != rapporteur.PutUnchanged {
		t.Errorf("second put = %+v, want unchanged %d", again, first.ID)
	}
	// White space and case do not make another article.
	b := a
	b.Title = strings.ToUpper(a.Title) + "  "
	if res := put(t, s, b); res.ID != first.ID {
		t.Errorf("put with another spacing = %+v, want article %d", res, first.ID)
	}
	c := a
	c.Text = a.Text + "\n\nA new paragraph."
	if res := put(t, s, c); res.ID == first.ID || res.Status != rapporteur.PutCreated {
		t.Errorf("put with other text = %+v, want a new article", res)
	}
}

func testSameContentNewURL(t *testing.T, s rapporteur.Store) {
	r1 := put(t, s, zhang("https://one.example.com/a"))
	r2 := put(t, s, zhang("https://two.example.org/b"))
	if r1.ID == r2.ID || r2.Status != rapporteur.PutCreated {
		t.Fatalf("puts = %+v, %+v; want two articles", r1, r2)
	}
	a1, err := s.Article(ctx, r1.ID)
	if err != nil {
		t.Fatal(err)
	}
	a2, err := s.Article(ctx, r2.ID)
	if err != nil {
		t.Fatal(err)
	}
	if a1.ContentHash == "" || a1.ContentHash != a2.ContentHash {
		t.Errorf("content hashes %q and %q, want equal", a1.ContentHash, a2.ContentHash)
	}
	if a1.SourceID == a2.SourceID {
		t.Errorf("both articles have source %d, want one per host", a1.SourceID)
	}
}

func testRoundTrip(t *testing.T, s rapporteur.Store) {
	a := zhang("https://www.example.com/xinjiang")
	a.ID = "input-7"
	res := put(t, s, a)
	got, err := s.Article(ctx, res.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Article, a) {
		t.Errorf("stored article differs from the one put:\n got %+v\nwant %+v", got.Article, a)
	}
	if got.ExternalID != "input-7" || got.CanonicalURL != "https://www.example.com/xinjiang" {
		t.Errorf("external id %q, canonical url %q", got.ExternalID, got.CanonicalURL)
	}
	if got.Source == nil || got.Source.Host != "example.com" || got.Source.Name != "Example News" || got.Source.ArticleCount != 1 {
		t.Errorf("source = %+v, want example.com named Example News with 1 article", got.Source)
	}
	if !got.Date.Equal(Day) || got.StatementCount != 4 || got.Created.IsZero() {
		t.Errorf("date %v, statement count %d, created %v", got.Date, got.StatementCount, got.Created)
	}
	if len(got.Statements) != 4 {
		t.Fatalf("%d stored statements, want 4", len(got.Statements))
	}
	ids := map[string]int64{}
	for i, st := range got.Statements {
		if st.ID == 0 || st.ArticleID != res.ID || !reflect.DeepEqual(st.Statement, a.Statements[i]) {
			t.Errorf("statement %d = %+v, want %+v of article %d", i, st, a.Statements[i], res.ID)
		}
		if st.SpeakerID == 0 {
			t.Errorf("statement %d by %s has no speaker id", i, st.Speaker.Name)
		}
		if prev, ok := ids[st.Speaker.Name]; ok && prev != st.SpeakerID {
			t.Errorf("%s has speaker ids %d and %d in one article", st.Speaker.Name, prev, st.SpeakerID)
		}
		ids[st.Speaker.Name] = st.SpeakerID
	}
	// An article without a date is dated when it was stored.
	b := Article("https://example.com/undated", "Undated", "Nothing said.", time.Time{})
	res = put(t, s, b)
	got, err = s.Article(ctx, res.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Published != nil || got.Date.IsZero() || !got.Date.Equal(got.Created) {
		t.Errorf("undated article: published %v, date %v, created %v", got.Published, got.Date, got.Created)
	}
}

func testUpdateReplacesChildren(t *testing.T, s rapporteur.Store) {
	url := "https://example.com/story"
	first := put(t, s, zhang(url))
	text := "The ministry said on Thursday that the inspection was postponed. Officials declined to say why."
	b := Article(url, "Inspection postponed", text, Day.Add(24*time.Hour),
		Quote{Kind: rapporteur.Indirect, Mode: rapporteur.Stance, Content: "the inspection was postponed", Cue: "said", Speaker: "Ministry of Health",
			Type: rapporteur.Organization, Mention: "The ministry"})
	b.Credits = []rapporteur.Credit{{Name: "Reuters", Evidence: rapporteur.Span{Start: 0, End: 7, Text: "Reuters"}, Removed: true}}
	res := put(t, s, b)
	if res.ID != first.ID || res.Status != rapporteur.PutUpdated {
		t.Fatalf("update = %+v, want updated %d", res, first.ID)
	}
	got, err := s.Article(ctx, res.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Article, b) {
		t.Errorf("updated article:\n got %+v\nwant %+v", got.Article, b)
	}
	if got.StatementCount != 1 || len(got.Statements) != 1 {
		t.Errorf("%d statements (count %d), want 1", len(got.Statements), got.StatementCount)
	}
	// The old words are gone from both indexes, the new ones are there.
	if p := articles(t, s, rapporteur.ArticleFilter{Query: "xinjiang"}); len(p) != 0 {
		t.Errorf("old words still find %v", p)
	}
	if p := articles(t, s, rapporteur.ArticleFilter{Query: "inspection"}); !slices.Equal(p, []int64{first.ID}) {
		t.Errorf("new words find %v, want [%d]", p, first.ID)
	}
	if p := statements(t, s, rapporteur.StatementFilter{Query: "farce"}); len(p) != 0 {
		t.Errorf("old statements still found: %v", p)
	}
	if p := statements(t, s, rapporteur.StatementFilter{Query: "postponed"}); len(p) != 1 {
		t.Errorf("new statement found %d times, want once", len(p))
	}
	// The speakers of the replaced statements are no longer quoted.
	sp, err := s.Speakers(ctx, rapporteur.SpeakerFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, x := range sp.Items {
		names = append(names, fmt.Sprintf("%s:%d", x.Name, x.StatementCount))
	}
	if !slices.Equal(names, []string{"Ministry of Health:1"}) {
		t.Errorf("speakers = %v, want only the ministry", names)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != 1 || st.Statements != 1 {
		t.Errorf("stats = %+v, want 1 article and 1 statement", st)
	}
	// Putting the first version again restores it, under the same id.
	if res := put(t, s, zhang(url)); res.ID != first.ID || res.Status != rapporteur.PutUpdated {
		t.Errorf("restore = %+v", res)
	}
	if p := articles(t, s, rapporteur.ArticleFilter{Query: "inspection"}); len(p) != 0 {
		t.Errorf("after restore, the second version's words find %v", p)
	}
}

func testPutRejectsUnknownKind(t *testing.T, s rapporteur.Store) {
	a := zhang("https://example.com/k")
	a.Statements[1].Kind = "shouted"
	_, err := s.PutArticle(ctx, a, rapporteur.ArticleMeta{})
	wantCode(t, "put with an unknown kind", err, rapporteur.EINVALID)
	if st, _ := s.Stats(ctx); st.Articles != 0 || st.Statements != 0 {
		t.Errorf("a refused put left %+v", st)
	}
}

func testPutArticles(t *testing.T, s rapporteur.Store) {
	bad := zhang("https://example.com/bad")
	bad.Statements[0].Kind = "shouted"
	items := []rapporteur.PutItem{
		{Article: zhang("https://example.com/1")},
		{Article: bad},
		{Article: zhang("https://example.com/2")},
		{Article: zhang("https://example.com/1")}, // the first again
	}
	res, errs := s.PutArticles(ctx, items)
	if len(res) != 4 || len(errs) != 4 {
		t.Fatalf("%d results, %d errors for 4 items", len(res), len(errs))
	}
	for i, want := range []rapporteur.PutStatus{rapporteur.PutCreated, "", rapporteur.PutCreated, rapporteur.PutUnchanged} {
		if i == 1 {
			wantCode(t, "the bad item", errs[1], rapporteur.EINVALID)
			continue
		}
		if errs[i] != nil || res[i].Status != want {
			t.Errorf("item %d: %+v, %v; want %s", i, res[i], errs[i], want)
		}
	}
	if res[3].ID != res[0].ID || res[2].ID <= res[0].ID {
		t.Errorf("ids %d, %d, %d: want the first and last equal, stored in order", res[0].ID, res[2].ID, res[3].ID)
	}
	// Many at once, more than a transaction may hold, all stored in order.
	items = nil
	for i := range 150 {
		items = append(items, rapporteur.PutItem{Article: Article(fmt.Sprintf("https://example.com/many/%d", i), "Many", fmt.Sprintf("Text %d.", i), Day)})
	}
	res, errs = s.PutArticles(ctx, items)
	for i := range items {
		if errs[i] != nil || res[i].Status != rapporteur.PutCreated || i > 0 && res[i].ID <= res[i-1].ID {
			t.Fatalf("item %d: %+v, %v", i, res[i], errs[i])
		}
	}
	if st, err := s.Stats(ctx); err != nil || st.Articles != 152 {
		t.Errorf("stats %+v, %v; want 152 articles", st, err)
	}
}

func testMarkersScrubbed(t *testing.T, s rapporteur.Store) {
	text := "He said \x02nothing\x03 at all <script>alert(1)</script>."
	a := Article("https://example.com/m", "Title \x02x\x03", text, Day,
		Quote{Kind: rapporteur.Indirect, Content: "\x02nothing\x03 at all", Cue: "said", Speaker: "John Smith", Mention: "He"})
	res := put(t, s, a)
	got, err := s.Article(ctx, res.ID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(got.Title+got.Text+got.Statements[0].Content.Text, "\x02\x03") {
		t.Errorf("markers stored: %q %q", got.Title, got.Text)
	}
	if utf8.RuneCountInString(got.Text) != utf8.RuneCountInString(text) {
		t.Errorf("scrubbing changed the text length")
	}
	p, err := s.Articles(ctx, rapporteur.ArticleFilter{Query: "script"})
	if err != nil || len(p.Items) != 1 {
		t.Fatalf("search: %v, %v", p.Items, err)
	}
	h := rapporteur.HighlightHTML(p.Items[0].Snippet)
	if strings.Contains(h, "<script>") || !strings.Contains(h, "&lt;<mark>script</mark>&gt;") {
		t.Errorf("highlighted snippet %q is not escaped and marked", h)
	}
}

// articles returns the ids of all the pages of a list.
func articles(t *testing.T, s rapporteur.Store, f rapporteur.ArticleFilter) []int64 {
	t.Helper()
	var ids []int64
	for page := 0; ; page++ {
		p, err := s.Articles(ctx, f)
		if err != nil {
			t.Fatalf("articles %+v: %v", f, err)
		}
		for _, a := range p.Items {
			ids = append(ids, a.ID)
		}
		if p.Next == "" {
			return ids
		}
		if page > 10000 {
			t.Fatalf("articles %+v: endless pages", f)
		}
		f.Cursor = p.Next
	}
}

func statements(t *testing.T, s rapporteur.Store, f rapporteur.StatementFilter) []int64 {
	t.Helper()
	var ids []int64
	for page := 0; ; page++ {
		p, err := s.Statements(ctx, f)
		if err != nil {
			t.Fatalf("statements %+v: %v", f, err)
		}
		for _, st := range p.Items {
			ids = append(ids, st.ID)
		}
		if p.Next == "" {
			return ids
		}
		if page > 10000 {
			t.Fatalf("statements %+v: endless pages", f)
		}
		f.Cursor = p.Next
	}
}

// many puts n articles that all contain "common", with dates that repeat
// (so that paging must break ties), and returns their ids.
// mayors are the speakers of many, one per fourth article; mayorsQuery
// finds them all.
var mayors = []string{"Mayor Alice Ames", "Mayor Brenda Bell", "Mayor Carla Cruz", "Mayor Diana Dunn"}

const mayorsQuery = "speaker:ames OR speaker:bell OR speaker:cruz OR speaker:dunn"

func many(t *testing.T, s rapporteur.Store, n int) []int64 {
	t.Helper()
	var ids []int64
	for i := range n {
		words := strings.Repeat("filler ", i%7)
		text := fmt.Sprintf("Common story number %d %s. The mayor said the common plan was late.", i, words)
		a := Article(fmt.Sprintf("https://site%d.example.com/n/%d", i%3, i), fmt.Sprintf("Common title %d", i), text,
			Day.Add(time.Duration(i%5)*24*time.Hour),
			Quote{Kind: rapporteur.Indirect, Content: "the common plan was late", Cue: "said", Speaker: mayors[i%4], Mention: "The mayor"})
		ids = append(ids, put(t, s, a).ID)
	}
	return ids
}

// checkPages asserts that the listed ids are exactly want, each once.
func checkPages(t *testing.T, what string, got, want []int64) {
	t.Helper()
	seen := map[int64]bool{}
	for _, id := range got {
		if seen[id] {
			t.Errorf("%s: id %d listed twice", what, id)
		}
		seen[id] = true
	}
	g, w := slices.Clone(got), slices.Clone(want)
	slices.Sort(g)
	slices.Sort(w)
	if !slices.Equal(g, w) {
		t.Errorf("%s: listed %d ids, want %d: %v", what, len(got), len(want), got)
	}
}

func testPaginationByDate(t *testing.T, s rapporteur.Store) {
	ids := many(t, s, 53)
	for _, f := range []rapporteur.ArticleFilter{
		{Limit: 10}, {Limit: 1}, {Limit: 53}, {Limit: 7, Order: rapporteur.OrderIngested},
		{Limit: 4, Query: "common", Order: rapporteur.OrderDate},
		{Limit: 4, Query: "common", Order: rapporteur.OrderIngested},
	} {
		got := articles(t, s, f)
		checkPages(t, fmt.Sprintf("%+v", f), got, ids)
		// Newest first.
		var prev *rapporteur.StoredArticle
		for _, id := range got {
			a, err := s.Article(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if prev != nil {
				if f.Order == rapporteur.OrderIngested && a.ID > prev.ID ||
					f.Order != rapporteur.OrderIngested && (a.Date.After(prev.Date) || a.Date.Equal(prev.Date) && a.ID > prev.ID) {
					t.Errorf("%+v: article %d listed after %d", f, a.ID, prev.ID)
					break
				}
			}
			prev = a
		}
	}
	p, err := s.Articles(ctx, rapporteur.ArticleFilter{Limit: 100})
	if err != nil || p.Next != "" || len(p.Items) != 53 {
		t.Errorf("one page of all: %d items, next %q, %v", len(p.Items), p.Next, err)
	}
}

func testPaginationByRelevance(t *testing.T, s rapporteur.Store) {
	ids := many(t, s, 41)
	for _, n := range []int{1, 6, 40, 41, 1000} {
		got := articles(t, s, rapporteur.ArticleFilter{Query: "common", Limit: n})
		checkPages(t, fmt.Sprintf("common, limit %d", n), got, ids)
	}
	// Ranking: the article that says "filler" six times ranks first
	// for "filler".
	p, err := s.Articles(ctx, rapporteur.ArticleFilter{Query: "filler", Limit: 3})
	if err != nil || len(p.Items) == 0 {
		t.Fatalf("filler: %v %v", p.Items, err)
	}
	if !strings.Contains(p.Items[0].Title, "Common title 6") && !strings.Contains(p.Items[0].Title, "Common title 13") &&
		!strings.Contains(p.Items[0].Title, "Common title 20") && !strings.Contains(p.Items[0].Title, "Common title 27") &&
		!strings.Contains(p.Items[0].Title, "Common title 34") {
		t.Errorf("first result for filler is %q, want one with the most fillers", p.Items[0].Title)
	}
}

func testPaginationOfStatements(t *testing.T, s rapporteur.Store) {
	many(t, s, 29)
	all := statements(t, s, rapporteur.StatementFilter{Limit: 1000})
	if len(all) != 29 {
		t.Fatalf("%d statements, want 29", len(all))
	}
	// speaker: is the canonical speaker's name, which has no title: the
	// four mayors by name.
	for _, f := range []rapporteur.StatementFilter{{Limit: 4}, {Limit: 5, Query: "plan"}, {Limit: 3, Query: mayorsQuery}} {
		checkPages(t, fmt.Sprintf("%+v", f), statements(t, s, f), all)
	}
}

// testStatementsOldestFirst: statements listed oldest first are those
// listed newest first, reversed, page after page, with and without words
// to match (which then no longer rank by relevance); a statement list has
// no storing order, and an unknown order is refused.
func testStatementsOldestFirst(t *testing.T, s rapporteur.Store) {
	many(t, s, 17)
	for _, q := range []string{"", "plan", mayorsQuery} {
		newest := statements(t, s, rapporteur.StatementFilter{Query: q, Order: rapporteur.OrderDate, Limit: 4})
		oldest := statements(t, s, rapporteur.StatementFilter{Query: q, Order: rapporteur.OrderOldest, Limit: 4})
		slices.Reverse(oldest)
		if len(newest) != 17 || fmt.Sprint(oldest) != fmt.Sprint(newest) {
			t.Errorf("%q: oldest first, reversed: %v; newest first: %v", q, oldest, newest)
		}
	}
	p, err := s.Statements(ctx, rapporteur.StatementFilter{Order: rapporteur.OrderOldest, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(p.Items); i++ {
		if p.Items[i].Date.Before(p.Items[i-1].Date) {
			t.Fatalf("oldest first: %v listed after %v", p.Items[i].Date, p.Items[i-1].Date)
		}
	}
	for _, o := range []string{rapporteur.OrderIngested, "sideways"} {
		if _, err := s.Statements(ctx, rapporteur.StatementFilter{Order: o}); rapporteur.ErrorCode(err) != rapporteur.EINVALID {
			t.Errorf("order %q: error %v, want EINVALID", o, err)
		}
	}
}

// searchCorpus puts five articles that differ in each searchable field.
func searchCorpus(t *testing.T, s rapporteur.Store) map[string]int64 {
	ids := map[string]int64{}
	ids["zhang"] = put(t, s, zhang("https://www.bbc.co.uk/news/xinjiang")).ID

	a := Article("https://www.lemonde.fr/article", "Réforme des retraites", "Le ministre a déclaré que la réforme était nécessaire.",
		Day.Add(-20*24*time.Hour),
		Quote{Kind: rapporteur.Indirect, Content: "la réforme était nécessaire", Cue: "a déclaré", Speaker: "Olivier Dussopt", Mention: "Le ministre"})
	a.Language = "fr"
	ids["fr"] = put(t, s, a).ID

	b := Article("https://apnews.example.com/storm", "Storm hits the coast", `"The storm was the worst in decades," said Governor Ron DeSantis. Torture of waiting for rescue, residents said.`,
		Day.Add(5*24*time.Hour),
		Quote{Content: "The storm was the worst in decades,", Cue: "said", Speaker: "Ron DeSantis", Mention: "Governor Ron DeSantis", Role: "Governor"},
		Quote{Kind: rapporteur.Indirect, Mode: rapporteur.Stance, Content: "Torture of waiting for rescue", Cue: "said", Speaker: "residents", Type: rapporteur.Group, Mention: "residents"})
	b.Credits = []rapporteur.Credit{{Name: "Associated Press", Evidence: rapporteur.Span{Start: 0, End: 2, Text: "AP"}}}
	ids["storm"] = put(t, s, b).ID

	c := Article("https://bbc.com/sport/final", "Final ends in a draw", "The coach said the draw was fair.", Day.Add(-3*24*time.Hour),
		Quote{Kind: rapporteur.Indirect, Content: "the draw was fair", Cue: "said", Speaker: "Pep Guardiola", Mention: "The coach"})
	ids["final"] = put(t, s, c).ID

	d := Article("https://example.org/allegations", "Allegations denied", "The allegations were denied by the ministry, which said they were false.", Day.Add(-1*24*time.Hour),
		Quote{Kind: rapporteur.Indirect, Content: "they were false", Cue: "said", Speaker: "Chinese Foreign Ministry", Type: rapporteur.Organization, Mention: "the ministry"})
	ids["denied"] = put(t, s, d).ID
	return ids
}

func testSearchArticles(t *testing.T, s rapporteur.Store) {
	ids := searchCorpus(t, s)
	now := Day.Add(6 * 24 * time.Hour)
	tests := []struct {
		q    string
		want []string
	}{
		{"xinjiang", []string{"zhang"}},
		{"XINJIANG", []string{"zhang"}},
		{"reforme", []string{"fr"}}, // diacritics removed
		{"allegation*", []string{"zhang", "denied"}},
		{`"credible allegations"`, []string{"zhang"}},
		{`"allegations credible"`, nil},
		{"allegations denied", []string{"denied"}},
		{"allegations AND denied", []string{"denied"}},
		{"storm OR draw", []string{"storm", "final"}},
		{"allegations NOT denied", []string{"zhang"}},
		{"allegations -denied", []string{"zhang"}},
		{"NOT allegations", []string{"fr", "storm", "final"}},
		{"(storm OR draw) coach", []string{"final"}},
		{"title:allegations", []string{"denied"}},
		{"title:storm OR title:draw", []string{"storm", "final"}},
		// Title words alone, as a PostgreSQL store reads them from the
		// title's own index, and beside other words and fields.
		{"title:decades", nil}, // a word of the body only
		{`title:"allegations denied"`, []string{"denied"}},
		{`title:"denied allegations"`, nil},
		{"title:alleg*", []string{"denied"}},
		{"title:storm title:coast", []string{"storm"}},
		{"title:storm NOT title:draw", []string{"storm"}},
		{"NOT title:storm", []string{"zhang", "fr", "final", "denied"}},
		{"title:storm said", []string{"storm"}},
		{"title:storm decades", []string{"storm"}},
		{"title:final coach", []string{"final"}},
		{"title:draw source:bbc.com", []string{"final"}},
		{"title:draw date:2022-09-02..", nil},
		{"(title:storm OR title:reforme) date:2022-08-01..", []string{"fr", "storm"}},
		{`speaker:"Zhao Lijian"`, []string{"zhang"}},
		{"speaker:desantis", []string{"storm"}},
		{"speaker:guard*", []string{"final"}},
		{"source:bbc.co.uk", []string{"zhang"}},
		{"source:bbc", []string{"zhang", "final"}},
		{"source:lemon*", []string{"fr"}},
		{"NOT source:bbc", []string{"fr", "storm", "denied"}},
		{`credit:"associated press"`, []string{"zhang", "storm"}},
		{"credit:interfax", []string{"zhang"}},
		{"credit:assoc*", []string{"zhang", "storm"}},
		{"lang:fr", []string{"fr"}},
		{"lang:en said", []string{"zhang", "storm", "final", "denied"}},
		{"kind:mixed", []string{"zhang"}},
		{"kind:direct", []string{"zhang", "storm"}},
		{"mode:stance", []string{"storm"}},
		{"mode:speech", []string{"zhang", "fr", "storm", "final", "denied"}},
		{"date:2022-09-01", []string{"zhang"}},
		{"date:2022-08-01..2022-08-31", []string{"fr", "final", "denied"}},
		{"date:2022-08..", []string{"zhang", "fr", "storm", "final", "denied"}},
		{"date:..2022-08-15", []string{"fr"}},
		{"date:P7D", []string{"zhang", "storm", "denied"}},
		{"date:2022-08-01..2022-08-31 said", []string{"final", "denied"}},
		{"said date:2022-09-02..", []string{"storm"}},
		{"date:2022-08-01..2022-08-31 déclaré", []string{"fr"}},
		{"date:1990-01-01..1990-12-31 said", nil},
		{"(title:storm OR source:lemonde.fr) said", []string{"storm"}},
		{"torture OR source:bbc.com", []string{"zhang", "storm", "final"}},
		{"— said", []string{"zhang", "storm", "final", "denied"}}, // a word without letters is no condition
		{"nothingmatchesthis", nil},
	}
	for _, tt := range tests {
		got := articles(t, s, rapporteur.ArticleFilter{Query: tt.q, Now: now})
		var want []int64
		for _, k := range tt.want {
			want = append(want, ids[k])
		}
		checkPages(t, tt.q, got, want)
	}
}

// testListCredits: a page of articles says who reported each, as the
// article's own page does (a list gave credits null).
func testListCredits(t *testing.T, s rapporteur.Store) {
	ids := searchCorpus(t, s)
	p, err := s.Articles(ctx, rapporteur.ArticleFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	credited := 0
	for _, a := range p.Items {
		full, err := s.Article(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if a.Credits == nil || !reflect.DeepEqual(a.Credits, full.Credits) {
			t.Errorf("listed article %d: credits %+v, want %+v", a.ID, a.Credits, full.Credits)
		}
		if len(a.Credits) > 0 {
			credited++
		}
	}
	if len(p.Items) != len(ids) || credited == 0 {
		t.Errorf("%d articles listed of %d, %d with credits", len(p.Items), len(ids), credited)
	}
}

func testSearchStatements(t *testing.T, s rapporteur.Store) {
	searchCorpus(t, s)
	now := Day.Add(6 * 24 * time.Hour)
	tests := []struct {
		q, kind string
		want    []string // contents, sorted
	}{
		{q: "farce", want: []string{`the UN report "a farce orchestrated by the United States and many other Western powers."`}},
		{q: "callamard", want: []string{"Beijing's repeated denial of the human rights crisis in Xinjiang is more hollow than ever,"}},
		{q: "speaker:zhang", want: []string{
			`Beijing strongly opposes the UN report on "credible allegations of torture and sexual abuse in China's Xinjiang."`,
			"We are all well aware that the so-called Xinjiang issue is a completely politically motivated lie,"}},
		{q: "speaker:zhang kind:direct", want: []string{"We are all well aware that the so-called Xinjiang issue is a completely politically motivated lie,"}},
		{q: "speaker:zhang", kind: rapporteur.Mixed, want: []string{`Beijing strongly opposes the UN report on "credible allegations of torture and sexual abuse in China's Xinjiang."`}},
		{q: "torture", want: []string{
			`Beijing strongly opposes the UN report on "credible allegations of torture and sexual abuse in China's Xinjiang."`,
			"Torture of waiting for rescue"}},
		{q: "torture NOT speaker:residents", want: []string{`Beijing strongly opposes the UN report on "credible allegations of torture and sexual abuse in China's Xinjiang."`}},
		{q: "title:storm", want: []string{"The storm was the worst in decades,", "Torture of waiting for rescue"}},
		{q: "title:storm torture", want: []string{"Torture of waiting for rescue"}},
		{q: `title:"ends in"`, want: []string{"the draw was fair"}},
		{q: "lang:fr", want: []string{"la réforme était nécessaire"}},
		{q: "source:bbc.com", want: []string{"the draw was fair"}},
		{q: "credit:interfax kind:indirect", want: []string{`the UN report "a farce orchestrated by the United States and many other Western powers."`}},
		{q: "date:2022-08-31 false", want: []string{"they were false"}},
		// mode: keeps to words said (speech) or to positions reported.
		{q: "mode:stance", want: []string{"Torture of waiting for rescue"}},
		{q: "torture mode:speech", want: []string{`Beijing strongly opposes the UN report on "credible allegations of torture and sexual abuse in China's Xinjiang."`}},
		{q: "torture -mode:stance", want: []string{`Beijing strongly opposes the UN report on "credible allegations of torture and sexual abuse in China's Xinjiang."`}},
	}
	for _, tt := range tests {
		p, err := s.Statements(ctx, rapporteur.StatementFilter{Query: tt.q, Kind: tt.kind, Now: now, Limit: 100})
		if err != nil {
			t.Errorf("%s: %v", tt.q, err)
			continue
		}
		var got []string
		for _, st := range p.Items {
			got = append(got, st.Content.Text)
			if st.ArticleTitle == "" || st.ArticleURL == "" || st.Date.IsZero() || st.SourceName == "" {
				t.Errorf("%s: statement %d lacks its article: %+v", tt.q, st.ID, st)
			}
		}
		sort.Strings(got)
		sort.Strings(tt.want)
		if !slices.Equal(got, tt.want) {
			t.Errorf("statements %q (kind %q) = %q, want %q", tt.q, tt.kind, got, tt.want)
		}
	}
}

func testArticleFilters(t *testing.T, s rapporteur.Store) {
	ids := searchCorpus(t, s)
	zh, err := s.Article(ctx, ids["zhang"])
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, f rapporteur.ArticleFilter, want ...string) {
		t.Helper()
		var w []int64
		for _, k := range want {
			w = append(w, ids[k])
		}
		checkPages(t, what, articles(t, s, f), w)
	}
	check("source", rapporteur.ArticleFilter{SourceID: zh.SourceID}, "zhang")
	check("speaker", rapporteur.ArticleFilter{SpeakerID: zh.Statements[2].SpeakerID}, "zhang")
	check("language", rapporteur.ArticleFilter{Language: "fr"}, "fr")
	check("from", rapporteur.ArticleFilter{From: Day}, "zhang", "storm")
	check("to", rapporteur.ArticleFilter{To: Day}, "fr", "final", "denied")
	check("from to query", rapporteur.ArticleFilter{From: Day.Add(-5 * 24 * time.Hour), To: Day, Query: "said"}, "final", "denied")

	// Statements of one article come in text order.
	p, err := s.Statements(ctx, rapporteur.StatementFilter{ArticleID: ids["zhang"], Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 3 || p.Next == "" || p.Items[0].Kind != rapporteur.Mixed || p.Items[2].Speaker.Name != "Zhao Lijian" {
		t.Errorf("statements of an article, first page: %d items, next %q", len(p.Items), p.Next)
	}
	p, err = s.Statements(ctx, rapporteur.StatementFilter{ArticleID: ids["zhang"], Limit: 3, Cursor: p.Next})
	if err != nil || len(p.Items) != 1 || p.Items[0].Speaker.Name != "Agnes Callamard" || p.Next != "" {
		t.Errorf("statements of an article, second page: %v, %v", p.Items, err)
	}
	p, err = s.Statements(ctx, rapporteur.StatementFilter{SpeakerID: zh.Statements[0].SpeakerID})
	if err != nil || len(p.Items) != 2 {
		t.Errorf("statements of Zhang Jun: %v, %v", p.Items, err)
	}
	p, err = s.Statements(ctx, rapporteur.StatementFilter{SourceID: zh.SourceID, Kind: rapporteur.Indirect})
	if err != nil || len(p.Items) != 1 {
		t.Errorf("indirect statements of the source: %v, %v", p.Items, err)
	}
}

func testSnippets(t *testing.T, s rapporteur.Store) {
	searchCorpus(t, s)
	p, err := s.Articles(ctx, rapporteur.ArticleFilter{Query: "farce"})
	if err != nil || len(p.Items) != 1 {
		t.Fatalf("farce: %v, %v", p.Items, err)
	}
	if snip := p.Items[0].Snippet; !strings.Contains(snip, rapporteur.HighlightStart+"farce"+rapporteur.HighlightEnd) {
		t.Errorf("article snippet %q does not mark farce", snip)
	}
	ps, err := s.Statements(ctx, rapporteur.StatementFilter{Query: "farce"})
	if err != nil || len(ps.Items) != 1 {
		t.Fatalf("farce: %v, %v", ps.Items, err)
	}
	if snip := ps.Items[0].Snippet; !strings.Contains(snip, rapporteur.HighlightStart+"farce"+rapporteur.HighlightEnd) {
		t.Errorf("statement snippet %q does not mark farce", snip)
	}
	if p, _ := s.Articles(ctx, rapporteur.ArticleFilter{}); p.Items[0].Snippet != "" {
		t.Errorf("a list without query has snippets")
	}
}

func testInvalidInput(t *testing.T, s rapporteur.Store) {
	put(t, s, zhang("https://example.com/x"))
	for _, q := range []string{`"unclosed`, "(a", "kind:quote", "speakr:x", "a AND", "date:yesterday"} {
		_, err := s.Articles(ctx, rapporteur.ArticleFilter{Query: q})
		wantCode(t, "articles "+q, err, rapporteur.EINVALID)
		var qe *query.Error
		if !errors.As(err, &qe) {
			t.Errorf("articles %q: error %v carries no *query.Error", q, err)
		}
		_, err = s.Statements(ctx, rapporteur.StatementFilter{Query: q})
		wantCode(t, "statements "+q, err, rapporteur.EINVALID)
	}
	_, err := s.Articles(ctx, rapporteur.ArticleFilter{Cursor: "garbage"})
	wantCode(t, "bad cursor", err, rapporteur.EINVALID)
	p, err := s.Articles(ctx, rapporteur.ArticleFilter{Limit: 1, Order: rapporteur.OrderDate})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Articles(ctx, rapporteur.ArticleFilter{Cursor: p.Next, Order: rapporteur.OrderIngested})
	if p.Next != "" {
		wantCode(t, "cursor of another order", err, rapporteur.EINVALID)
	}
	_, err = s.Articles(ctx, rapporteur.ArticleFilter{Order: "sideways"})
	wantCode(t, "unknown order", err, rapporteur.EINVALID)
	_, err = s.Statements(ctx, rapporteur.StatementFilter{Kind: "shouted"})
	wantCode(t, "unknown kind", err, rapporteur.EINVALID)
	_, err = s.Speakers(ctx, rapporteur.SpeakerFilter{Cursor: "!"})
	wantCode(t, "bad speaker cursor", err, rapporteur.EINVALID)
}

func testNotFound(t *testing.T, s rapporteur.Store) {
	_, err := s.Article(ctx, 999)
	wantCode(t, "article", err, rapporteur.ENOTFOUND)
	_, err = s.ArticleIDByURL(ctx, "https://example.com/none")
	wantCode(t, "article by url", err, rapporteur.ENOTFOUND)
	_, err = s.Speaker(ctx, 999)
	wantCode(t, "speaker", err, rapporteur.ENOTFOUND)
	_, err = s.Source(ctx, 999)
	wantCode(t, "source", err, rapporteur.ENOTFOUND)
	_, err = s.Feed(ctx, 999)
	wantCode(t, "feed", err, rapporteur.ENOTFOUND)
	wantCode(t, "update feed", s.UpdateFeed(ctx, &rapporteur.Feed{ID: 999, URL: "https://x.example/feed"}), rapporteur.ENOTFOUND)
	wantCode(t, "delete feed", s.DeleteFeed(ctx, 999), rapporteur.ENOTFOUND)
	_, err = s.SavedSearch(ctx, 999)
	wantCode(t, "saved search", err, rapporteur.ENOTFOUND)
	wantCode(t, "delete saved search", s.DeleteSavedSearch(ctx, 999), rapporteur.ENOTFOUND)
	_, err = s.NewMatches(ctx, 999, 0, 10)
	wantCode(t, "new matches", err, rapporteur.ENOTFOUND)
}

// testSpeakerCountsLeaveCopiesOut: a wire copy's statements count for
// their speaker only while it is not linked as a copy, through updates of
// the copy and of its link, as lists leave copies out.
func testSpeakerCountsLeaveCopiesOut(t *testing.T, s rapporteur.Store) {
	orig := put(t, s, zhang("https://www.bbc.co.uk/news/xinjiang"))
	count := func(what string, want int) {
		t.Helper()
		p, err := s.Speakers(ctx, rapporteur.SpeakerFilter{Query: `"Zhang Jun"`})
		if err != nil || len(p.Items) != 1 || p.Items[0].StatementCount != want {
			var got []string
			for _, sp := range p.Items {
				got = append(got, fmt.Sprintf("%s: %d", sp.Name, sp.StatementCount))
			}
			t.Errorf("%s: speakers %q, %v; want Zhang Jun with %d statements", what, got, err, want)
		}
	}
	count("one article", 2)
	cp := zhang("https://copies.example.com/xinjiang")
	cpRes := put(t, s, cp)
	count("a reprint not yet linked", 4)
	if err := s.LinkArticle(ctx, cpRes.ID, rapporteur.ArticleLink{DuplicateOf: orig.ID, Similarity: 1}); err != nil {
		t.Fatal(err)
	}
	count("the reprint linked as a copy", 2)
	cp.Title = "Beijing rejects UN report (updated)"
	if res := put(t, s, cp); res.Status != rapporteur.PutUpdated {
		t.Fatalf("updating the copy: %+v", res)
	}
	count("the copy updated", 2)
	if err := s.LinkArticle(ctx, cpRes.ID, rapporteur.ArticleLink{DuplicateOf: orig.ID, Similarity: 0.9}); err != nil {
		t.Fatal(err)
	}
	count("the copy linked again", 2)
	if err := s.LinkArticle(ctx, cpRes.ID, rapporteur.ArticleLink{}); err != nil {
		t.Fatal(err)
	}
	count("the copy unlinked", 4)
}

func testSpeakerCanonical(t *testing.T, s rapporteur.Store) {
	put(t, s, zhang("https://www.bbc.co.uk/news/xinjiang"))
	text := `Zhao said the report was "a farce". ZHAO LIJIAN added that Beijing would respond. The Chinese Foreign Ministry said nothing more.`
	b := Article("https://cnn.example.com/china", "Ministry answers", text, Day.Add(2*24*time.Hour),
		Quote{Kind: rapporteur.Mixed, Content: `the report was "a farce"`, Cue: "said", Speaker: "Zhao Lijian", Mention: "Zhao", Role: "foreign ministry spokesperson"},
		Quote{Kind: rapporteur.Indirect, Content: "Beijing would respond", Cue: "added", Speaker: "ZHAO LIJIAN", Mention: "ZHAO LIJIAN", Role: "spokesman", Affiliation: "Chinese Foreign Ministry"},
		Quote{Kind: rapporteur.Indirect, Content: "nothing more", Cue: "said", Speaker: "Chinese Foreign Ministry", Type: rapporteur.Organization, Mention: "The Chinese Foreign Ministry"},
		Quote{Kind: rapporteur.Indirect, Content: "Beijing would respond", Cue: "added", Speaker: "Western diplomats", Type: rapporteur.Group, Mention: "ZHAO"},
	)
	res := put(t, s, b)

	p, err := s.Speakers(ctx, rapporteur.SpeakerFilter{Query: "zhao"})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 1 {
		t.Fatalf("speakers named zhao: %+v, want one", p.Items)
	}
	zhao := p.Items[0]
	if zhao.Name != "Zhao Lijian" || zhao.Type != rapporteur.Person || zhao.StatementCount != 3 ||
		!zhao.FirstSeen.Equal(Day) || !zhao.LastSeen.Equal(Day.Add(2*24*time.Hour)) {
		t.Errorf("zhao = %+v, want Zhao Lijian with 3 statements seen from %v", zhao, Day)
	}
	full, err := s.Speaker(ctx, zhao.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(full.Aliases, []string{"ZHAO LIJIAN", "Zhao"}) {
		t.Errorf("aliases = %q, want ZHAO LIJIAN and Zhao", full.Aliases)
	}
	roles := map[string]int{}
	for _, r := range full.Roles {
		roles[r.Role+" / "+r.Affiliation] = r.Count
		if r.FirstSeen.IsZero() || r.LastSeen.Before(r.FirstSeen) {
			t.Errorf("role %+v has bad dates", r)
		}
	}
	want := map[string]int{"spokesman / Chinese Foreign Ministry": 2, "foreign ministry spokesperson / ": 1}
	if !reflect.DeepEqual(roles, want) {
		t.Errorf("roles = %v, want %v", roles, want)
	}
	if len(full.Outlets) != 2 || full.Outlets[0].Count+full.Outlets[1].Count != 3 {
		t.Errorf("outlets = %+v, want two adding to 3", full.Outlets)
	}
	// The organization of the same words is another speaker; a group has
	// no canonical speaker.
	got, err := s.Article(ctx, res.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Statements[0].SpeakerID != zhao.ID || got.Statements[1].SpeakerID != zhao.ID {
		t.Errorf("Zhao's statements have speakers %d and %d, want %d", got.Statements[0].SpeakerID, got.Statements[1].SpeakerID, zhao.ID)
	}
	if org := got.Statements[2].SpeakerID; org == 0 || org == zhao.ID {
		t.Errorf("the ministry has speaker %d", org)
	}
	if g := got.Statements[3].SpeakerID; g != 0 {
		t.Errorf("a group has speaker %d, want none", g)
	}
	days, err := s.SpeakerTimeline(ctx, zhao.ID, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	wantDays := []rapporteur.DayCount{{Day: Day, Count: 1}, {Day: Day.Add(2 * 24 * time.Hour), Count: 2}}
	if !reflect.DeepEqual(days, wantDays) {
		t.Errorf("timeline = %v, want %v", days, wantDays)
	}
	days, err = s.SpeakerTimeline(ctx, zhao.ID, Day.Add(24*time.Hour), time.Time{})
	if err != nil || len(days) != 1 {
		t.Errorf("timeline from the next day = %v, %v", days, err)
	}
	top, err := s.TopSpeakers(ctx, Day, Day.Add(7*24*time.Hour), 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(top) != 2 || top[0].Speaker.ID != zhao.ID || top[0].Count != 3 || top[1].Count != 2 {
		t.Errorf("top speakers = %+v", top)
	}
	top, err = s.TopSpeakers(ctx, Day.Add(24*time.Hour), Day.Add(7*24*time.Hour), 10)
	if err != nil || len(top) != 2 || top[0].Count != 2 {
		t.Errorf("top speakers from the next day = %+v, %v", top, err)
	}
}

func testSpeakersList(t *testing.T, s rapporteur.Store) {
	many(t, s, 23) // the four mayors: 6, 6, 6, 5 statements
	p, err := s.Speakers(ctx, rapporteur.SpeakerFilter{Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 3 || p.Next == "" || p.Items[0].StatementCount < p.Items[2].StatementCount {
		t.Fatalf("first page: %+v", p.Items)
	}
	p2, err := s.Speakers(ctx, rapporteur.SpeakerFilter{Limit: 3, Cursor: p.Next})
	if err != nil || len(p2.Items) != 1 || p2.Next != "" || p2.Items[0].StatementCount != 5 {
		t.Errorf("second page: %+v, %v", p2.Items, err)
	}
	p, err = s.Speakers(ctx, rapporteur.SpeakerFilter{Type: rapporteur.Organization})
	if err != nil || len(p.Items) != 0 {
		t.Errorf("organizations: %+v, %v", p.Items, err)
	}
}

func testSources(t *testing.T, s rapporteur.Store) {
	many(t, s, 10) // site0 4, site1 3, site2 3
	p, err := s.Sources(ctx, rapporteur.SourceFilter{Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 2 || p.Items[0].Host != "site0.example.com" || p.Items[0].ArticleCount != 4 || p.Next == "" {
		t.Fatalf("sources: %+v", p.Items)
	}
	p2, err := s.Sources(ctx, rapporteur.SourceFilter{Limit: 2, Cursor: p.Next})
	if err != nil || len(p2.Items) != 1 || p2.Next != "" {
		t.Errorf("second page: %+v, %v", p2.Items, err)
	}
	p, err = s.Sources(ctx, rapporteur.SourceFilter{Query: "SITE2"})
	if err != nil || len(p.Items) != 1 || p.Items[0].Host != "site2.example.com" {
		t.Fatalf("sources site2: %+v, %v", p.Items, err)
	}
	src, err := s.Source(ctx, p.Items[0].ID)
	if err != nil || src.ArticleCount != 3 || src.Name != "site2.example.com" || src.FirstSeen.IsZero() {
		t.Errorf("source = %+v, %v", src, err)
	}
	// An article with a site name and no URL has a source by that name.
	a := Article("", "No URL", "Words.", Day)
	a.Site = "The Daily Paper"
	got, err := s.Article(ctx, put(t, s, a).ID)
	if err != nil || got.Source == nil || got.Source.Name != "The Daily Paper" || got.Source.Host != "" {
		t.Errorf("source of an article without URL: %+v, %v", got.Source, err)
	}
}

func testFeeds(t *testing.T, s rapporteur.Store) {
	f := &rapporteur.Feed{URL: "https://example.com/feed.xml", Title: "Example"}
	if err := s.CreateFeed(ctx, f); err != nil {
		t.Fatal(err)
	}
	if f.ID == 0 || f.Created.IsZero() {
		t.Errorf("created feed %+v has no id or time", f)
	}
	wantCode(t, "duplicate feed", s.CreateFeed(ctx, &rapporteur.Feed{URL: f.URL}), rapporteur.ECONFLICT)
	wantCode(t, "feed without url", s.CreateFeed(ctx, &rapporteur.Feed{}), rapporteur.EINVALID)
	g := &rapporteur.Feed{URL: "https://example.org/rss"}
	if err := s.CreateFeed(ctx, g); err != nil {
		t.Fatal(err)
	}
	// The poller's state round-trips.
	f.ETag, f.LastModified = `"abc"`, "Wed, 21 Oct 2015 07:28:00 GMT"
	f.LastFetched, f.NextFetch = Day, Day.Add(15*time.Minute)
	f.ErrorCount, f.LastError = 2, "upstream: 503 Service Unavailable"
	if err := s.UpdateFeed(ctx, f); err != nil {
		t.Fatal(err)
	}
	got, err := s.Feed(ctx, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, f) {
		t.Errorf("feed = %+v, want %+v", got, f)
	}
	g.URL = f.URL
	wantCode(t, "update to a taken url", s.UpdateFeed(ctx, g), rapporteur.ECONFLICT)
	// Articles keep their feed until the feed is deleted, then stay.
	res, err := s.PutArticle(ctx, zhang("https://example.com/a"), rapporteur.ArticleMeta{FeedID: f.ID})
	if err != nil {
		t.Fatal(err)
	}
	if ids := articles(t, s, rapporteur.ArticleFilter{FeedID: f.ID}); !slices.Equal(ids, []int64{res.ID}) {
		t.Errorf("articles of the feed = %v", ids)
	}
	if err := s.DeleteFeed(ctx, f.ID); err != nil {
		t.Fatal(err)
	}
	feeds, err := s.Feeds(ctx)
	if err != nil || len(feeds) != 1 || feeds[0].ID != g.ID {
		t.Errorf("feeds after delete = %+v, %v", feeds, err)
	}
	if a, err := s.Article(ctx, res.ID); err != nil || a.FeedID != 0 {
		t.Errorf("article of the deleted feed: %+v, %v", a, err)
	}
}

func testSavedSearches(t *testing.T, s rapporteur.Store) {
	old := put(t, s, zhang("https://example.com/old"))
	wantCode(t, "invalid query", s.CreateSavedSearch(ctx, &rapporteur.SavedSearch{Name: "x", Query: `"open`}), rapporteur.EINVALID)
	wantCode(t, "no name", s.CreateSavedSearch(ctx, &rapporteur.SavedSearch{Query: "x"}), rapporteur.EINVALID)
	ss := &rapporteur.SavedSearch{Name: "Xinjiang denials", Query: "xinjiang OR speaker:zhao", WebhookURL: "https://hooks.example.com/x", WebhookSecret: "s3cret"}
	if err := s.CreateSavedSearch(ctx, ss); err != nil {
		t.Fatal(err)
	}
	if ss.ID == 0 || ss.Delivered != old.ID || ss.Created.IsZero() {
		t.Errorf("created %+v: want an id and Delivered = %d", ss, old.ID)
	}
	m1 := put(t, s, zhang("https://example.com/new1"))
	put(t, s, Article("https://example.com/other", "Other", "Nothing about it.", Day))
	m2 := put(t, s, Article("https://example.com/new2", "Xinjiang again", "More on Xinjiang.", Day))
	// A wire copy of a match is no new match: the webhook, like the Atom
	// feed and the lists, leaves copies out.
	cp := put(t, s, zhang("https://copies.example.com/new1"))
	if err := s.LinkArticle(ctx, cp.ID, rapporteur.ArticleLink{DuplicateOf: m1.ID, Similarity: 1}); err != nil {
		t.Fatal(err)
	}
	got, err := s.NewMatches(ctx, ss.ID, ss.Delivered, 10)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, a := range got {
		ids = append(ids, a.ID)
	}
	if !slices.Equal(ids, []int64{m1.ID, m2.ID}) {
		t.Errorf("new matches = %v, want [%d %d]", ids, m1.ID, m2.ID)
	}
	if got, err := s.NewMatches(ctx, ss.ID, ss.Delivered, 1); err != nil || len(got) != 1 || got[0].ID != m1.ID {
		t.Errorf("first new match = %v, %v", got, err)
	}
	ss.Delivered, ss.LastDelivery, ss.DeliveryErrors, ss.LastError, ss.NextDelivery = m2.ID, Day, 1, "timeout", Day.Add(time.Minute)
	if err := s.UpdateSavedSearch(ctx, ss); err != nil {
		t.Fatal(err)
	}
	back, err := s.SavedSearch(ctx, ss.ID)
	if err != nil || !reflect.DeepEqual(back, ss) {
		t.Errorf("saved search = %+v, %v; want %+v", back, err, ss)
	}
	if got, err := s.NewMatches(ctx, ss.ID, ss.Delivered, 10); err != nil || len(got) != 0 {
		t.Errorf("after delivery: %v, %v", got, err)
	}
	// The Atom feed lists the newest matches first.
	atom := articles(t, s, rapporteur.ArticleFilter{Query: ss.Query, Order: rapporteur.OrderIngested})
	if !slices.Equal(atom, []int64{m2.ID, m1.ID, old.ID}) {
		t.Errorf("newest matches = %v", atom)
	}
	list, err := s.SavedSearches(ctx)
	if err != nil || len(list) != 1 {
		t.Errorf("saved searches = %v, %v", list, err)
	}
	if err := s.DeleteSavedSearch(ctx, ss.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SavedSearch(ctx, ss.ID); rapporteur.ErrorCode(err) != rapporteur.ENOTFOUND {
		t.Errorf("deleted saved search: %v", err)
	}
}

func testStats(t *testing.T, s rapporteur.Store) {
	st, err := s.Stats(ctx)
	if err != nil || st != (rapporteur.Stats{}) {
		t.Errorf("empty stats = %+v, %v", st, err)
	}
	searchCorpus(t, s)
	if err := s.CreateFeed(ctx, &rapporteur.Feed{URL: "https://example.com/f"}); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateSavedSearch(ctx, &rapporteur.SavedSearch{Name: "n", Query: "q"}); err != nil {
		t.Fatal(err)
	}
	st, err = s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// zhang 4, fr 1, storm 2, final 1, denied 1 statements; speakers:
	// Zhang Jun, Zhao Lijian, Agnes Callamard, Olivier Dussopt, Ron
	// DeSantis, Pep Guardiola, Chinese Foreign Ministry (the group has
	// none); sources: bbc.co.uk, lemonde.fr, apnews.example.com, bbc.com,
	// example.org.
	want := rapporteur.Stats{Articles: 5, Statements: 9, Speakers: 7, Sources: 5, Feeds: 1, SavedSearches: 1, LastStored: st.LastStored}
	if st != want || st.LastStored.IsZero() {
		t.Errorf("stats = %+v, want %+v", st, want)
	}
}

func testConcurrentPuts(t *testing.T, s rapporteur.Store) {
	const workers, n = 6, 15
	var wg sync.WaitGroup
	errs := make(chan error, workers*n)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range n {
				// Every worker puts the same articles, in another order.
				k := (i + w*5) % n
				a := zhang(fmt.Sprintf("https://example.com/c/%d", k))
				a.Title = fmt.Sprintf("Story %d", k)
				if _, err := s.PutArticle(ctx, a, rapporteur.ArticleMeta{}); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent put: %v", err)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != n || st.Statements != 4*n {
		t.Errorf("stats = %+v, want %d articles and %d statements", st, n, 4*n)
	}
	sp, err := s.Speakers(ctx, rapporteur.SpeakerFilter{Query: "zhang"})
	if err != nil || len(sp.Items) != 1 || sp.Items[0].StatementCount != 2*n {
		t.Errorf("Zhang Jun after concurrent puts: %+v, %v", sp.Items, err)
	}
}
