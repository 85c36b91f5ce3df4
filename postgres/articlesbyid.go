package postgres

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/rapporteur/rapporteur"
)

// ArticlesByID returns the stored articles of ids in their order, each as
// Article returns it, in one read transaction of four queries however
// many: a job queue's linker reads the articles of a link job (up to 64)
// together (storylink.LinkStored), where Article's transaction of five
// statements per article cost the database about 1.3 ms of an article
// job's 10 (BENCHMARKS.md, issue 14, sixth session). The months are read
// first and given as values, so that only those months' partitions are
// planned (see qLinkOld). An id not stored is ENOTFOUND.
func (db *DB) ArticlesByID(ctx context.Context, ids []int64) ([]*rapporteur.StoredArticle, error) {
	if len(ids) == 0 {
		return []*rapporteur.StoredArticle{}, nil
	}
	t, err := db.beginRead(ctx)
	if err != nil {
		return nil, errorf("articles: %w", err)
	}
	defer t.rollback()
	dates := map[int64]int64{}
	rows, err := t.query(ctx, `SELECT id, date FROM article_dates WHERE id = ANY(?)`, ids)
	if err != nil {
		return nil, errorf("articles: %w", err)
	}
	var months []int64
	for rows.Next() {
		var id, date int64
		if err := rows.Scan(&id, &date); err != nil {
			rows.Close()
			return nil, errorf("articles: %w", err)
		}
		dates[id] = date
		months = append(months, date)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, errorf("articles: %w", err)
	}
	for _, id := range ids {
		if _, ok := dates[id]; !ok {
			return nil, notFound("article", id)
		}
	}
	slices.Sort(months)
	months = slices.Compact(months)

	byID := make(map[int64]*rapporteur.StoredArticle, len(dates))
	rows, err = t.query(ctx, `SELECT `+articleCols+`, a.body, a.entities FROM articles a
		LEFT JOIN sources src ON src.id = a.source_id WHERE a.date = ANY(?) AND a.id = ANY(?)`, months, ids)
	if err != nil {
		return nil, errorf("articles: %w", err)
	}
	for rows.Next() {
		var body, ents string
		a, err := scanArticle(rows, &body, &ents)
		if err != nil {
			rows.Close()
			return nil, errorf("articles: %w", err)
		}
		a.Text = body
		a.Entities = []rapporteur.Entity{}
		if err := json.Unmarshal([]byte(ents), &a.Entities); err != nil {
			rows.Close()
			return nil, errorf("article %d entities: %w", a.ID, err)
		}
		a.Statements = []*rapporteur.StoredStatement{}
		a.Article.Statements = []rapporteur.Statement{}
		byID[a.ID] = a
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, errorf("articles: %w", err)
	}
	out := make([]*rapporteur.StoredArticle, len(ids))
	for i, id := range ids {
		if out[i] = byID[id]; out[i] == nil {
			// Written again in another month since its date was read.
			return nil, notFound("article", id)
		}
	}

	rows, err = t.query(ctx, `SELECT `+statementCols+` FROM statements s
		JOIN articles a ON a.id = s.article_id AND a.date = ANY(?) LEFT JOIN sources src ON src.id = s.source_id
		WHERE s.article_id = ANY(?) ORDER BY s.id`, months, ids)
	if err != nil {
		return nil, errorf("articles statements: %w", err)
	}
	for rows.Next() {
		st, err := scanStatement(rows)
		if err != nil {
			rows.Close()
			return nil, errorf("articles statements: %w", err)
		}
		if a := byID[st.ArticleID]; a != nil {
			a.Statements = append(a.Statements, st)
			a.Article.Statements = append(a.Article.Statements, st.Statement)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, errorf("articles statements: %w", err)
	}
	distinct := make([]*rapporteur.StoredArticle, 0, len(byID))
	for _, id := range ids {
		if a := byID[id]; a != nil && !slices.Contains(distinct, a) {
			distinct = append(distinct, a)
		}
	}
	if err := pageCredits(ctx, t, distinct); err != nil {
		return nil, errorf("articles: %w", err)
	}
	return out, nil
}
