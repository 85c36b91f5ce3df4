-- How many articles of each block of ids are not wire copies. Lists leave
-- copies out, and a newest-first walk of the full-text index had to test
-- every copy newer than the newest original; it now starts at the newest
-- block that holds an original. Kept by the writer and by linking.
ALTER TABLE article_blocks ADD COLUMN originals INTEGER NOT NULL DEFAULT 0;
UPDATE article_blocks SET originals = (
	SELECT count(*) FROM articles INDEXED BY articles_narrow
	WHERE id >= article_blocks.block << 10 AND id < (article_blocks.block + 1) << 10 AND duplicate_of IS NULL);
