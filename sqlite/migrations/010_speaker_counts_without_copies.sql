-- A speaker's statement count leaves wire copies out, as lists do (the
-- writer keeps it so from now on): take the statements of the articles
-- already linked as copies off their speakers' counts.
WITH c AS (
	SELECT s.speaker_id AS id, count(*) AS n
	FROM articles a INDEXED BY articles_by_duplicate JOIN statements s ON s.article_id = a.id
	WHERE a.duplicate_of IS NOT NULL AND s.speaker_id IS NOT NULL
	GROUP BY s.speaker_id
)
UPDATE speakers SET statement_count = statement_count - (SELECT n FROM c WHERE c.id = speakers.id)
WHERE id IN (SELECT id FROM c);
