package postgres

import (
	"context"

	"github.com/rapporteur/rapporteur"
)

// Reads of one article by id name its date too, which article_dates
// (migration 013) holds, so that PostgreSQL reads one monthly partition of
// articles, not the id index of every month (see the migration).
const (
	qArticleDate = `SELECT date FROM article_dates WHERE id = ?`
	qArticleAt   = qArticle + ` AND a.date = ?`
	// The statements of one article, with its title and URL from its
	// partition.
	qArticleStatementsAt = `SELECT ` + statementCols + ` FROM statements s
		JOIN articles a ON a.id = s.article_id AND a.date = ? LEFT JOIN sources src ON src.id = s.source_id
		WHERE s.article_id = ? ORDER BY s.id`
)

// articleByID reads article id (qArticle's columns, then extra) from its
// month's partition; pgx.ErrNoRows when there is no such article.
func articleByID(ctx context.Context, t *tx, id int64, extra ...any) (*rapporteur.StoredArticle, error) {
	date, err := articleDate(ctx, t, id)
	if err != nil {
		return nil, err
	}
	return scanArticle(t.queryRow(ctx, qArticleAt, id, date), extra...)
}

// articleDate is the date of article id; pgx.ErrNoRows when there is no
// such article.
func articleDate(ctx context.Context, t *tx, id int64) (int64, error) {
	var date int64
	err := t.queryRow(ctx, qArticleDate, id).Scan(&date)
	return date, err
}
