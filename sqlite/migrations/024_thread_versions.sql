-- Versions of what threading reads (issue 11). Threading an article that
-- joins a story scores its statements against the story's, and reading
-- them all again was most of the cost for large stories; package sqlite
-- keeps the nodes of recently threaded stories in memory instead. An
-- entry is used only while the story's thread_version (and the global
-- one, for speaker names) is the one it was read at. These triggers give
-- a story a new version whenever a column that threading reads changes
-- (a statement's act, target, replies or speaker; an original article's
-- story, date or hash; an article becoming a copy or an original; a
-- thread link), by whatever path or process writes it; the thread pages
-- keep a story's forest under its version the same way. The version is
-- a random number, not a counter: a transaction rolled back after the
-- cache was updated leaves the story at its old number, which no cache
-- entry holds any more.
ALTER TABLE stories ADD COLUMN thread_version INTEGER NOT NULL DEFAULT 0;

CREATE TABLE thread_global (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	version INTEGER NOT NULL
);
INSERT INTO thread_global (id, version) VALUES (1, 0);

CREATE TRIGGER thread_statement_insert AFTER INSERT ON statements
WHEN NEW.act NOT IN ('', 'assert')
BEGIN
	UPDATE stories SET thread_version = random()
	WHERE id = (SELECT story_id FROM articles WHERE id = NEW.article_id AND duplicate_of IS NULL);
END;

CREATE TRIGGER thread_statement_delete AFTER DELETE ON statements
WHEN OLD.act NOT IN ('', 'assert')
BEGIN
	UPDATE stories SET thread_version = random()
	WHERE id = (SELECT story_id FROM articles WHERE id = OLD.article_id AND duplicate_of IS NULL);
END;

CREATE TRIGGER thread_statement_update AFTER UPDATE ON statements
WHEN (OLD.act NOT IN ('', 'assert') OR NEW.act NOT IN ('', 'assert'))
	AND (OLD.act IS NOT NEW.act OR OLD.target IS NOT NEW.target
		OR (OLD.responds_to IS NULL) != (NEW.responds_to IS NULL)
		OR OLD.speaker_name IS NOT NEW.speaker_name OR OLD.speaker_id IS NOT NEW.speaker_id
		OR OLD.speaker_type IS NOT NEW.speaker_type OR OLD.affiliation IS NOT NEW.affiliation
		OR OLD.role IS NOT NEW.role OR OLD.article_id IS NOT NEW.article_id)
BEGIN
	UPDATE stories SET thread_version = random()
	WHERE id IN (SELECT story_id FROM articles WHERE id IN (OLD.article_id, NEW.article_id) AND duplicate_of IS NULL);
END;

CREATE TRIGGER thread_article_update AFTER UPDATE OF story_id, duplicate_of, date, content_hash ON articles
WHEN OLD.story_id IS NOT NEW.story_id
	OR (OLD.duplicate_of IS NULL) != (NEW.duplicate_of IS NULL)
	OR (NEW.duplicate_of IS NULL AND (OLD.date IS NOT NEW.date OR OLD.content_hash IS NOT NEW.content_hash))
BEGIN
	UPDATE stories SET thread_version = random()
	WHERE (id = OLD.story_id AND OLD.duplicate_of IS NULL) OR (id = NEW.story_id AND NEW.duplicate_of IS NULL);
END;

CREATE TRIGGER thread_article_delete AFTER DELETE ON articles
WHEN OLD.story_id IS NOT NULL AND OLD.duplicate_of IS NULL
BEGIN
	UPDATE stories SET thread_version = random() WHERE id = OLD.story_id;
END;

-- A story's links (written by threading, dropped with their statements)
-- are part of its thread pages (package sqlite keeps a story's forest,
-- read at a version, for its next pages).
CREATE TRIGGER thread_link_insert AFTER INSERT ON thread_links
BEGIN
	UPDATE stories SET thread_version = random() WHERE id = NEW.story_id;
END;

CREATE TRIGGER thread_link_update AFTER UPDATE ON thread_links
BEGIN
	UPDATE stories SET thread_version = random() WHERE id IN (OLD.story_id, NEW.story_id);
END;

CREATE TRIGGER thread_link_delete AFTER DELETE ON thread_links
BEGIN
	UPDATE stories SET thread_version = random() WHERE id = OLD.story_id;
END;

-- A speaker's name is the canonical name of all its statements: renaming
-- or removing one changes the nodes of stories not worth finding here.
CREATE TRIGGER thread_speaker_update AFTER UPDATE OF name ON speakers
WHEN OLD.name IS NOT NEW.name
BEGIN
	UPDATE thread_global SET version = random() WHERE id = 1;
END;

CREATE TRIGGER thread_speaker_delete AFTER DELETE ON speakers
BEGIN
	UPDATE thread_global SET version = random() WHERE id = 1;
END;
