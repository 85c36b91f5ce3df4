package storylink_test

import (
	"context"
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
	"github.com/rapporteur/rapporteur/storylink"
)

// failingStore is a store whose lists fail as a database that cannot be
// read does.
type failingStore struct{ rapporteur.Store }

func (failingStore) Articles(context.Context, rapporteur.ArticleFilter) (rapporteur.Page[*rapporteur.StoredArticle], error) {
	return rapporteur.Page[*rapporteur.StoredArticle]{}, rapporteur.Errorf(rapporteur.EUNAVAILABLE, "articles: disk I/O error")
}

// TestOpenKeepsStoreErrorCode: a storage failure during the rebuild
// reaches the caller as a storage failure, with the step in the message.
func TestOpenKeepsStoreErrorCode(t *testing.T) {
	_, err := storylink.Open(context.Background(), failingStore{}, storylink.Options{})
	if got := rapporteur.ErrorCode(err); got != rapporteur.EUNAVAILABLE {
		t.Errorf("code %q, want %q: %v", got, rapporteur.EUNAVAILABLE, err)
	}
	if err == nil || !strings.Contains(err.Error(), "story linker rebuild: articles: disk I/O error") {
		t.Errorf("error %v lacks its context", err)
	}
}
