-- Story linking: each article's wire-copy original and story, and the
-- stories themselves. A story's key is the linker's name for it; its span
-- and count are kept in step with its articles by LinkArticle.
CREATE TABLE stories (
	id            INTEGER PRIMARY KEY,
	key           TEXT    NOT NULL UNIQUE,
	title         TEXT    NOT NULL DEFAULT '',
	first_date    INTEGER NOT NULL DEFAULT 0,
	last_date     INTEGER NOT NULL DEFAULT 0,
	article_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX stories_by_last ON stories (last_date, id);

ALTER TABLE articles ADD COLUMN duplicate_of INTEGER REFERENCES articles (id) ON DELETE SET NULL;
ALTER TABLE articles ADD COLUMN similarity REAL NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN story_id INTEGER REFERENCES stories (id) ON DELETE SET NULL;
CREATE INDEX articles_by_duplicate ON articles (duplicate_of) WHERE duplicate_of IS NOT NULL;
CREATE INDEX articles_by_story ON articles (story_id, date, id) WHERE story_id IS NOT NULL;
-- Lists leave wire copies out by default: ranking reads the narrow index
-- alone, so it carries duplicate_of too.
DROP INDEX articles_narrow;
CREATE INDEX articles_narrow ON articles (id, date, source_id, feed_id, language, duplicate_of);
