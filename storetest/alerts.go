package storetest

import (
	"context"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// StatementAlerter is a store whose saved searches can match statements
// (issue 15): the http package's alert interface.
type StatementAlerter interface {
	rapporteur.Store
	SavedSearchTarget(ctx context.Context, id int64) (string, error)
	SetSavedSearchTarget(ctx context.Context, id int64, target string) error
	StatementMatches(ctx context.Context, savedSearchID, afterID int64, limit int, newest bool) ([]*rapporteur.StoredStatement, error)
}

// OpenStatementAlerter returns a new, empty store with statement alerts.
type OpenStatementAlerter func(t *testing.T) StatementAlerter

// RunStatementAlerts runs the contract of saved searches over statements:
// a saved search matches articles until its target is set to statements;
// it then delivers the statements stored after it, oldest first, and
// lists the newest for its feed.
func RunStatementAlerts(t *testing.T, open OpenStatementAlerter) {
	ctx := context.Background()
	s := open(t)
	defer s.Close()
	facetCorpus(t, s) // Ana Ruiz is quoted twice
	ss := &rapporteur.SavedSearch{Name: "Ruiz", Query: `speaker:"Ana Ruiz"`}
	if err := s.CreateSavedSearch(ctx, ss); err != nil {
		t.Fatal(err)
	}
	if got, err := s.SavedSearchTarget(ctx, ss.ID); err != nil || got != "articles" {
		t.Errorf("a new saved search matches %q (%v), want articles", got, err)
	}
	if err := s.SetSavedSearchTarget(ctx, ss.ID, "quotes"); rapporteur.ErrorCode(err) != rapporteur.EINVALID {
		t.Errorf("target quotes: %v, want EINVALID", err)
	}
	if err := s.SetSavedSearchTarget(ctx, 999, "statements"); rapporteur.ErrorCode(err) != rapporteur.ENOTFOUND {
		t.Errorf("target of an unknown search: %v, want ENOTFOUND", err)
	}
	if err := s.SetSavedSearchTarget(ctx, ss.ID, "statements"); err != nil {
		t.Fatal(err)
	}
	got, err := s.SavedSearch(ctx, ss.ID)
	if err != nil {
		t.Fatal(err)
	}
	if target, _ := s.SavedSearchTarget(ctx, ss.ID); target != "statements" {
		t.Errorf("target after setting: %q", target)
	}
	// Nothing pending: deliveries start at the newest statement.
	if pending, err := s.StatementMatches(ctx, ss.ID, got.Delivered, 10, false); err != nil || len(pending) != 0 {
		t.Errorf("pending right after the change: %d, %v", len(pending), err)
	}
	newest, err := s.StatementMatches(ctx, ss.ID, 0, 10, true)
	if err != nil || len(newest) != 2 || newest[0].ID < newest[1].ID || newest[0].Speaker.Name != "Ana Ruiz" {
		t.Fatalf("newest matches: %+v, %v", newest, err)
	}
	put(t, s, Article("https://daily.example/flood-3", "Flood recedes", `The water fell. "It is over," Ana Ruiz said.`, Day.AddDate(0, 0, 3),
		Quote{Kind: rapporteur.Direct, Content: "It is over,", Cue: "said", Speaker: "Ana Ruiz", Mention: "Ana Ruiz"}))
	pending, err := s.StatementMatches(ctx, ss.ID, got.Delivered, 10, false)
	if err != nil || len(pending) != 1 || pending[0].Content.Text != "It is over," || pending[0].ArticleTitle != "Flood recedes" {
		t.Errorf("pending after a new quote: %+v, %v", pending, err)
	}
	// Setting the same target again keeps the pending statement.
	if err := s.SetSavedSearchTarget(ctx, ss.ID, "statements"); err != nil {
		t.Fatal(err)
	}
	if again, _ := s.SavedSearch(ctx, ss.ID); again.Delivered != got.Delivered {
		t.Errorf("setting the same target moved Delivered from %d to %d", got.Delivered, again.Delivered)
	}
}
