package sqlite

import (
	"context"
	"strconv"
	"strings"

	"github.com/rapporteur/rapporteur"
)

// facetWindow is how many matching articles the facets of a search count:
// the newest matches, or all of them when there are no more. Counting the
// sources, speakers and credits of that many articles reads a few
// thousand index entries, a few milliseconds whatever the store's size.
var facetWindow = 2000 // a variable so that tests can make it small

// ArticleFacets breaks an article search down by source, speaker, credit,
// language, statement kind and act, up to limit values each, most
// frequent first, over the newest facetWindow matches (see
// rapporteur.Facets). The matches are found as CountArticles finds them:
// among the newest countWindow matches of the text, through a filter's own
// index, or among the newest countWindow articles.
func (db *DB) ArticleFacets(ctx context.Context, f rapporteur.ArticleFilter, limit int) (*rapporteur.Facets, error) {
	l, err := db.articleList(f)
	if err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = 8
	}
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, errorf("facets: %w", err)
	}
	defer tx.Rollback()
	ids, complete, err := facetSample(ctx, tx, l)
	if err != nil {
		return nil, errorf("facets: %w", err)
	}
	out := &rapporteur.Facets{Sample: int64(len(ids)), Complete: complete}
	if len(ids) == 0 {
		return out, nil
	}
	set := idArray(ids)
	lim := strconv.Itoa(limit)
	for _, q := range []struct {
		into *[]rapporteur.FacetValue
		sql  string
		byID bool
	}{
		{&out.Sources, `SELECT a.source_id, src.name, count(*) FROM json_each(?) j JOIN articles a INDEXED BY articles_narrow ON a.id = j.value
			JOIN sources src ON src.id = a.source_id GROUP BY a.source_id ORDER BY 3 DESC, 2 LIMIT ` + lim, true},
		{&out.Languages, `SELECT a.language, a.language, count(*) FROM json_each(?) j JOIN articles a INDEXED BY articles_narrow ON a.id = j.value
			WHERE a.language != '' GROUP BY a.language ORDER BY 3 DESC, 1 LIMIT ` + lim, false},
		// A speaker, kind or act counts the articles with at least one
		// such statement, as the filter it narrows to finds them.
		{&out.Speakers, `SELECT st.speaker_id, sp.name, count(DISTINCT st.article_id) FROM json_each(?) j
			JOIN statements st INDEXED BY statements_by_article ON st.article_id = j.value JOIN speakers sp ON sp.id = st.speaker_id
			GROUP BY st.speaker_id ORDER BY 3 DESC, 2 LIMIT ` + lim, true},
		{&out.Kinds, `SELECT st.kind, st.kind, count(DISTINCT st.article_id) FROM json_each(?) j
			JOIN statements st INDEXED BY statements_by_article ON st.article_id = j.value GROUP BY st.kind ORDER BY 3 DESC, 1 LIMIT ` + lim, false},
		{&out.Acts, `SELECT st.act, st.act, count(DISTINCT st.article_id) FROM json_each(?) j
			JOIN statements st ON st.article_id = j.value WHERE st.act != '' GROUP BY st.act ORDER BY 3 DESC, 1 LIMIT ` + lim, false},
		{&out.Credits, `SELECT c.name_key, min(c.name), count(DISTINCT c.article_id) FROM json_each(?) j
			JOIN credits c ON c.article_id = j.value GROUP BY c.name_key ORDER BY 3 DESC, 2 LIMIT ` + lim, false},
	} {
		vals, err := facetValues(ctx, tx, q.sql, set, q.byID)
		if err != nil {
			return nil, errorf("facets: %w", err)
		}
		*q.into = vals
	}
	return out, nil
}

// facetSample returns the ids of the matches the facets count: the
// newest facetWindow of them, and whether they are all. It looks where
// countList looks.
func facetSample(ctx context.Context, tx querier, l *list) ([]int64, bool, error) {
	t, w := l.t, strconv.Itoa(countWindow)
	where, wargs := l.conds.where()
	pass := "(1 = 1" + where + ")"
	var q string
	var args []any
	switch {
	case l.s.match != "":
		q = "SELECT " + t.alias + ".id, " + pass + " FROM " + t.windowFrom + " WHERE " + t.fts +
			" MATCH ? ORDER BY " + t.fts + ".rowid DESC LIMIT " + w
		args = append(wargs, l.s.match)
	case l.conds.canDrive():
		// A filter with an index of its own: its first matches in that
		// index, all of them when they fit.
		dwhere, dargs := l.conds.join(true)
		ids, err := queryIDs(ctx, tx, "SELECT a.id FROM articles a INDEXED BY articles_narrow WHERE 1 = 1"+
			dwhere+" LIMIT "+strconv.Itoa(facetWindow+1), dargs...)
		if err != nil || len(ids) <= facetWindow {
			return ids, true, err
		}
		return ids[:facetWindow], false, nil
	default:
		q = "SELECT a.id, " + pass + " FROM articles a INDEXED BY articles_narrow ORDER BY a.id DESC LIMIT " + w
		args = wargs
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	var ids []int64
	seen := 0
	for rows.Next() {
		var id int64
		var ok bool
		if err := rows.Scan(&id, &ok); err != nil {
			return nil, false, err
		}
		seen++
		if !ok {
			continue
		}
		if len(ids) == facetWindow {
			return ids, false, nil // one more match than the window holds
		}
		ids = append(ids, id)
	}
	return ids, seen < countWindow, rows.Err()
}

// facetValues runs the query of one facet over a set of article ids (a
// JSON array): rows of key, name and count.
func facetValues(ctx context.Context, tx querier, q, set string, byID bool) ([]rapporteur.FacetValue, error) {
	rows, err := tx.QueryContext(ctx, q, set)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []rapporteur.FacetValue{}
	for rows.Next() {
		var v rapporteur.FacetValue
		if byID {
			err = rows.Scan(&v.ID, &v.Name, &v.Count)
		} else {
			err = rows.Scan(&v.Value, &v.Name, &v.Count)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// idArray writes ids as a JSON array, for json_each.
func idArray(ids []int64) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	b.WriteByte(']')
	return b.String()
}
