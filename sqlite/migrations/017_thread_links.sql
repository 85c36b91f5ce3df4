-- Replies across the articles of a story (issue 11): statement_id answers
-- parent_id, a statement of an earlier article of the same story, as
-- package thread scored the pair. Only originals' statements are linked
-- (wire copies are folded into them). A statement's replies within its
-- own article stay in statements.responds_to. Deleting a statement (an
-- article stored again) drops its links both ways; linking the article
-- again threads its story again.
CREATE TABLE thread_links (
	statement_id INTEGER PRIMARY KEY REFERENCES statements (id) ON DELETE CASCADE,
	parent_id    INTEGER NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
	story_id     INTEGER NOT NULL,
	score        REAL    NOT NULL
);
CREATE INDEX thread_links_by_parent ON thread_links (parent_id);
CREATE INDEX thread_links_by_story ON thread_links (story_id);
-- act: and target: searches, and threading, read the statements that do
-- something other than assert: a minority, found without a scan.
CREATE INDEX statements_by_act ON statements (act, article_id) WHERE act NOT IN ('', 'assert');
