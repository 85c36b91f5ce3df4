package storetest

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur"
)

// statementCounter is a store that counts a search's statements (both
// stores do; the search page shows the count).
type statementCounter interface {
	CountStatements(ctx context.Context, f rapporteur.StatementFilter) (n int64, exact bool, err error)
}

// RunSpeakerSearch runs the contract of speaker: in the search language: on
// statements and on articles it means the statement's canonical speaker
// (the speaker page's), found by its name or any name it was written
// with, so that a speaker page's count, its statements' search and its
// articles' search agree. A statement without a canonical speaker (a
// group, a document) is found among statements by the whole name the
// article gives it (as answers: finds it); articles are searched by
// canonical speakers only.
func RunSpeakerSearch(t *testing.T, open Open) {
	s := open(t)
	defer s.Close()
	a := put(t, s, Article("https://one.example/plan", "Plan", "Donald Trump said the plan would work. Donald Trump and his supporters said the count was wrong.", Day,
		Quote{Kind: rapporteur.Indirect, Content: "the plan would work", Cue: "said", Speaker: "Donald Trump", Mention: "Donald Trump"},
		Quote{Kind: rapporteur.Indirect, Content: "the count was wrong", Cue: "said", Speaker: "Donald Trump and his supporters", Type: rapporteur.Group}))
	// The article names him by his surname only: the registry gives the
	// statement to Donald Trump, whose written name is "Trump".
	b := put(t, s, Article("https://two.example/wall", "Wall", "US President Trump said the wall was built.", Day.AddDate(0, 0, 1),
		Quote{Kind: rapporteur.Indirect, Content: "the wall was built", Cue: "said", Speaker: "Trump", Mention: "Trump"}))
	c := put(t, s, Article("https://three.example/report", "Report", "The UN report said the camps were prisons. Melania Trump said the garden was ready.", Day.AddDate(0, 0, 2),
		Quote{Kind: rapporteur.Indirect, Content: "the camps were prisons", Cue: "said", Speaker: "UN report", Type: rapporteur.Document},
		Quote{Kind: rapporteur.Indirect, Content: "the garden was ready", Cue: "said", Speaker: "Melania Trump", Mention: "Melania Trump"}))
	donald := speakerOf(t, s, a.ID)[0]
	if got := speakerOf(t, s, b.ID)[0]; got != donald {
		t.Fatalf(`"Trump" of article %d is speaker %d, "Donald Trump" of article %d speaker %d: want one`, b.ID, got, a.ID, donald)
	}
	sp, err := s.Speaker(ctx, donald)
	if err != nil {
		t.Fatal(err)
	}
	now := Day.Add(6 * 24 * time.Hour)
	for _, tt := range []struct {
		q        string
		want     []string // statement contents, sorted
		articles []int64
	}{
		// Both of Donald Trump's statements, as his page counts them,
		// and only his: the group whose written name holds his is no
		// statement of his.
		{`speaker:"Donald Trump"`, []string{"the plan would work", "the wall was built"}, []int64{a.ID, b.ID}},
		{`speaker:"Donald Trump" wall`, []string{"the wall was built"}, []int64{b.ID}},
		// A surname finds every canonical speaker that bears it.
		{`speaker:trump`, []string{"the garden was ready", "the plan would work", "the wall was built"}, []int64{a.ID, b.ID, c.ID}},
		{`speaker:trump -speaker:melania`, []string{"the plan would work", "the wall was built"}, []int64{a.ID, b.ID}},
		// A speaker the registry keeps none of, by the whole name the
		// article gives it.
		{`speaker:"UN report"`, []string{"the camps were prisons"}, nil},
		{`speaker:"Donald Trump and his supporters"`, []string{"the count was wrong"}, nil},
		{`speaker:supporters`, nil, nil},
		// A name with a title in front, as articles write it, is the
		// name without it: no speaker is named "President Trump". A
		// lone surname names the persons who bear it (here both, each
		// quoted about as much), not the group.
		{`speaker:"US President Donald Trump"`, []string{"the plan would work", "the wall was built"}, []int64{a.ID, b.ID}},
		{`speaker:"President Trump"`, []string{"the garden was ready", "the plan would work", "the wall was built"}, []int64{a.ID, b.ID, c.ID}},
	} {
		got, ok := statementTexts(t, s, tt.q, now)
		if ok && !slices.Equal(got, tt.want) {
			t.Errorf("statements %s: %q, want %q", tt.q, got, tt.want)
		}
		if c, ok := s.(statementCounter); ok {
			// The count the search page shows above the list.
			if n, _, err := c.CountStatements(ctx, rapporteur.StatementFilter{Query: tt.q, Now: now}); err != nil || n != int64(len(tt.want)) {
				t.Errorf("statements %s: counted %d (%v), want %d", tt.q, n, err, len(tt.want))
			}
		}
		checkPages(t, tt.q, articles(t, s, rapporteur.ArticleFilter{Query: tt.q, Now: now}), tt.articles)
	}
	// The speaker page and its search agree.
	p, err := s.Statements(ctx, rapporteur.StatementFilter{Query: `speaker:"` + sp.Name + `"`, Now: now, Limit: 100})
	if err != nil || len(p.Items) != sp.StatementCount {
		t.Errorf("speaker %q: page counts %d, its search finds %d (%v)", sp.Name, sp.StatementCount, len(p.Items), err)
	}
	// A speaker the registry knows by one name is found by it with a
	// title in front.
	put(t, s, Article("https://five.example/mass", "Mass", "Pope Francis said the mass would go on.", Day.AddDate(0, 0, 4),
		Quote{Kind: rapporteur.Indirect, Content: "the mass would go on", Cue: "said", Speaker: "Francis", Mention: "Pope Francis"}))
	if p, err := s.Statements(ctx, rapporteur.StatementFilter{Query: `speaker:"Pope Francis"`, Now: now, Limit: 100}); err != nil || len(p.Items) != 1 {
		t.Errorf(`statements speaker:"Pope Francis": %v (%v), want the one of the speaker Francis`, p, err)
	}
	// Quoted registry.Dominance times more than Melania Trump, Donald
	// Trump is the one "President Trump" names, as the registry gives
	// him a lone "Trump".
	var quotes []Quote
	text := ""
	for i := range 8 {
		c := fmt.Sprintf("the rally %d was big", i)
		text += "Donald Trump said " + c + ". "
		quotes = append(quotes, Quote{Kind: rapporteur.Indirect, Content: c, Cue: "said", Speaker: "Donald Trump", Mention: "Donald Trump"})
	}
	put(t, s, Article("https://four.example/rallies", "Rallies", text, Day.AddDate(0, 0, 3), quotes...))
	for _, q := range []string{`speaker:"President Trump"`, `speaker:"President Trump" garden`} {
		p, err := s.Statements(ctx, rapporteur.StatementFilter{Query: q, Now: now, Limit: 100})
		if err != nil {
			t.Fatalf("statements %s: %v", q, err)
		}
		for _, st := range p.Items {
			if st.Content.Text == "the garden was ready" {
				t.Errorf("statements %s: Melania Trump's %q, though Donald Trump is quoted 10 times to her once", q, st.Content.Text)
			}
		}
		if want := 10; q == `speaker:"President Trump"` && len(p.Items) != want {
			t.Errorf("statements %s: %d, want Donald Trump's %d", q, len(p.Items), want)
		}
	}
	// A title says whom it means (walk 6): a woman for Mrs, the bearer of
	// the role for a role; a middle initial may be written or not; target:
	// reads names as speaker: does.
	court := Article("https://six.example/court", "Court", "Chief Justice John G. Roberts said the court would hear the case. "+
		"Troy Roberts, a highway official, said the road was closed. Barack Obama, the former president, said the law stood. "+
		"Michelle Obama said the vote mattered. Nancy Pelosi criticised Trump over the delay.", Day.AddDate(0, 0, 5),
		Quote{Kind: rapporteur.Indirect, Content: "the court would hear the case", Cue: "said", Speaker: "John G. Roberts", Mention: "Chief Justice John G. Roberts", Role: "Chief Justice"},
		Quote{Kind: rapporteur.Indirect, Content: "the road was closed", Cue: "said", Speaker: "Troy Roberts", Mention: "Troy Roberts", Role: "official"},
		Quote{Kind: rapporteur.Indirect, Content: "the law stood", Cue: "said", Speaker: "Barack Obama", Mention: "Barack Obama", Role: "former president"},
		Quote{Kind: rapporteur.Indirect, Content: "the vote mattered", Cue: "said", Speaker: "Michelle Obama", Mention: "Michelle Obama"},
		Quote{Kind: rapporteur.Indirect, Content: "over the delay", Cue: "criticised", Speaker: "Nancy Pelosi", Mention: "Nancy Pelosi"})
	court.Statements[4].Act, court.Statements[4].Target = rapporteur.ActCriticize, &rapporteur.Target{Name: "Trump", Type: rapporteur.Person}
	put(t, s, court)
	// Two presidents apart in the registry: a middle initial written
	// names the one who bears it, though a name may be searched without it.
	put(t, s, Article("https://six.example/w", "W", "George W. Bush said the surge would work.", Day.AddDate(0, 0, 6),
		Quote{Kind: rapporteur.Indirect, Content: "the surge would work", Cue: "said", Speaker: "George W. Bush", Mention: "George W. Bush"}))
	put(t, s, Article("https://six.example/hw", "HW", "George Bush said the wall had fallen.", Day.AddDate(0, 0, 7),
		Quote{Kind: rapporteur.Indirect, Content: "the wall had fallen", Cue: "said", Speaker: "George Bush", Mention: "George Bush"}))
	rallies := []string{"the plan would work", "the wall was built"}
	for i := range 8 {
		rallies = append(rallies, fmt.Sprintf("the rally %d was big", i))
	}
	slices.Sort(rallies)
	for _, tt := range []struct {
		q    string
		want []string
	}{
		{`speaker:"Mrs Trump"`, []string{"the garden was ready"}},
		{`speaker:"Mrs Obama"`, []string{"the vote mattered"}},
		{`speaker:"Mr Obama"`, []string{"the law stood"}},
		{`speaker:"President Obama"`, []string{"the law stood"}},
		{`speaker:"Justice Roberts"`, []string{"the court would hear the case"}},
		{`speaker:"Chief Justice Roberts"`, []string{"the court would hear the case"}},
		{`speaker:"Chief Justice John Roberts"`, []string{"the court would hear the case"}},
		{`speaker:"John Roberts"`, []string{"the court would hear the case"}},
		{`speaker:"President Donald J. Trump"`, rallies},
		{`speaker:"Donald J. Trump"`, rallies},
		{`speaker:"George W. Bush"`, []string{"the surge would work"}},
		{`speaker:"President George W. Bush"`, []string{"the surge would work"}},
		{`speaker:"George H. W. Bush"`, []string{"the wall had fallen"}},
		{`speaker:"George Bush"`, []string{"the surge would work", "the wall had fallen"}},
		{`target:"President Trump"`, []string{"over the delay"}},
		{`act:criticize target:"Mr Trump"`, []string{"over the delay"}},
	} {
		got, ok := statementTexts(t, s, tt.q, now)
		if ok && !slices.Equal(got, tt.want) {
			t.Errorf("statements %s: %q, want %q", tt.q, got, tt.want)
		}
	}
}

// statementTexts lists the contents of the statements query q finds, in
// order; ok is false (the error reported) when the search failed.
func statementTexts(t *testing.T, s rapporteur.Store, q string, now time.Time) (got []string, ok bool) {
	t.Helper()
	p, err := s.Statements(context.Background(), rapporteur.StatementFilter{Query: q, Now: now, Limit: 100})
	if err != nil {
		t.Errorf("statements %s: %v", q, err)
		return nil, false
	}
	for _, st := range p.Items {
		got = append(got, st.Content.Text)
	}
	slices.Sort(got)
	return got, true
}
