package sqlite

import (
	"context"

	"github.com/rapporteur/rapporteur"
)

// ArticlesByID returns the stored articles of ids in their order, each as
// Article returns it (storetest.RunArticlesByID). PostgreSQL reads them
// in one go for a job queue's linker; an in-process SQLite read costs no
// round trip, so each is read as Article reads it.
func (db *DB) ArticlesByID(ctx context.Context, ids []int64) ([]*rapporteur.StoredArticle, error) {
	out := make([]*rapporteur.StoredArticle, 0, len(ids))
	for _, id := range ids {
		a, err := db.Article(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}
