-- Faster ingest.
--
-- The full-text indexes are written by the store itself, at the end of each
-- write transaction, instead of by triggers: a trigger makes its statement
-- open a statement journal, and FTS5 flushes its pending terms to a new
-- segment at every such savepoint, which made every statement row cost a
-- segment and a merge. Written last, one transaction adds one segment.
DROP TRIGGER articles_fts_insert;
DROP TRIGGER articles_fts_delete;
DROP TRIGGER articles_fts_update;
DROP TRIGGER statements_fts_insert;
DROP TRIGGER statements_fts_delete;
DROP TRIGGER speakers_fts_insert;
DROP TRIGGER speakers_fts_delete;

-- An article's entities are only ever read with the article: keep them as
-- one JSON array on its row instead of a row each, which saves a dozen
-- inserts per article.
ALTER TABLE articles ADD COLUMN entities TEXT NOT NULL DEFAULT '[]';
UPDATE articles SET entities = coalesce((
	SELECT json_group_array(json(x)) FROM (
		SELECT json_object('name', name, 'type', type, 'mentions', mentions) AS x
		FROM entities WHERE article_id = articles.id ORDER BY seq)), '[]')
WHERE id IN (SELECT article_id FROM entities);
DROP TABLE entities;

-- Fewer indexes: the content hash is looked up by nobody, a language filter
-- reads the date index (most articles share a language), and one index on
-- statements serves both the latest statements (date, id) and the most
-- quoted speakers of a period (date, speaker_id, covering).
DROP INDEX articles_by_hash;
DROP INDEX articles_by_language;
DROP INDEX statements_by_date;
DROP INDEX statements_by_date_speaker;
CREATE INDEX statements_by_date ON statements (date, id, speaker_id);
