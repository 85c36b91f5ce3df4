package http

import (
	"html"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestSearchTools: the search page says how many articles match, offers
// the three orders, shows a filter of the URL as a chip whose link
// removes it, and links the query help (issue 15, item 1).
func TestSearchTools(t *testing.T) {
	env := newEnv(t, nil)
	countRe := regexp.MustCompile(`<p class="count" role="status">([^<]*)</p>`)
	_, all := env.get(t, "/search")
	if c := countRe.FindStringSubmatch(all); c == nil || c[1] != itoa(int64(len(env.arts)))+" articles" {
		t.Errorf("/search count = %v, want %d articles", c, len(env.arts))
	}
	_, body := env.get(t, "/search?q=said")
	count := countRe.FindStringSubmatch(body)
	if count == nil || !strings.HasSuffix(count[1], " articles") {
		t.Fatalf("no result count on /search?q=said:\n%s", body)
	}
	for _, want := range []string{
		`aria-current="true">Relevance</a>`, `>Newest</a>`, `>Oldest</a>`,
		`href="/help/search"`,
		`href="/search?order=oldest&amp;q=said"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/search?q=said lacks %s", want)
		}
	}

	src, err := env.store.Article(t.Context(), 1)
	if err != nil || src.Source == nil {
		t.Fatalf("article 1: %v", err)
	}
	sid := itoa(src.Source.ID)
	_, body = env.get(t, "/search?q=said&source="+sid+"&order=date")
	chip := regexp.MustCompile(`<li class="chip"><span>([^<]*)</span><a href="([^"]*)" aria-label="Remove filter [^"]*"`).FindStringSubmatch(body)
	if chip == nil {
		t.Fatalf("no filter chip for source=%s:\n%s", sid, body)
	}
	if want := "source: " + src.Source.Name; html.UnescapeString(chip[1]) != want {
		t.Errorf("chip says %q, want %q", chip[1], want)
	}
	remove, err := url.Parse(html.UnescapeString(chip[2]))
	if err != nil {
		t.Fatal(err)
	}
	if v := remove.Query(); remove.Path != "/search" || v.Has("source") || v.Get("q") != "said" || v.Get("order") != "date" {
		t.Errorf("chip removes to %s, want the same search without source", remove)
	}
	if !strings.Contains(body, `aria-current="true">Newest</a>`) {
		t.Errorf("order=date does not mark Newest as current")
	}

	status, body := env.get(t, "/search?speaker=999999")
	if status != 404 || !strings.Contains(body, "speaker: no such speaker #999999") {
		t.Errorf("an unknown speaker id: %d, has no chip saying so", status)
	}

	status, help := env.get(t, "/help/search")
	if status != 200 || !strings.Contains(help, "credit:AP") || !strings.Contains(help, "source:wikinews") {
		t.Errorf("help page: %d\n%s", status, help)
	}
	_, home := env.get(t, "/")
	if !strings.Contains(home, `href="/help/search"`) {
		t.Errorf("the search box does not link the help")
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 48000: "48,000", 1234567: "1,234,567"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestStatementsInTimeOrder: a journalist follows a story from the
// allegation to the denial and the answer, so the Statements tab offers
// the orders the Articles tab does, and the API lists statements oldest
// first when asked; a query of filters alone (act:, lang:) has no words
// to rank by, so Newest, not Relevance, is marked as the order shown.
func TestStatementsInTimeOrder(t *testing.T) {
	env := newEnv(t, nil)
	_, body := env.get(t, "/search?tab=statements&q=said")
	for _, want := range []string{`aria-current="true">Relevance</a>`, `href="/search?order=oldest&amp;q=said&amp;tab=statements"`} {
		if !strings.Contains(body, want) {
			t.Errorf("/search?tab=statements&q=said lacks %s", want)
		}
	}
	for _, path := range []string{"/search?q=lang:en", "/search?tab=statements&q=lang:en"} {
		if _, body := env.get(t, path); !strings.Contains(body, `aria-current="true">Newest</a>`) {
			t.Errorf("%s: Newest is not marked as the order shown", path)
		}
	}
	if _, body := env.get(t, "/search?tab=statements&order=oldest"); !strings.Contains(body, `aria-current="true">Oldest</a>`) {
		t.Errorf("order=oldest on the Statements tab is not marked as shown")
	}
	var dates []time.Time
	for _, st := range env.statementPages(t, "/api/v1/statements?order=oldest&limit=5") {
		dates = append(dates, st.Date)
	}
	if len(dates) < 2 || !slices.IsSortedFunc(dates, func(a, b time.Time) int { return a.Compare(b) }) || dates[0].Equal(dates[len(dates)-1]) {
		t.Errorf("order=oldest listed statements dated %v", dates)
	}
	status, body := env.get(t, "/api/v1/statements?order=ingested")
	if status != 400 || !strings.Contains(body, "statements have no ingested order") {
		t.Errorf("order=ingested on statements: %d %s", status, body)
	}
}
