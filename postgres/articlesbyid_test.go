package postgres_test

import (
	"testing"

	"github.com/rapporteur/rapporteur/postgres"
	"github.com/rapporteur/rapporteur/storetest"
)

func TestArticlesByID(t *testing.T) {
	storetest.RunArticlesByID(t, func(t *testing.T) storetest.ArticlesReader { return open(t).(*postgres.DB) })
}
