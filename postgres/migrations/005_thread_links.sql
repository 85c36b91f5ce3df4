-- Replies across the articles of a story (issue 11; SQLite migration 017):
-- statement_id answers parent_id, a statement of an earlier article of the
-- same story. Deleting a statement (an article stored again) drops its
-- links both ways; linking the article again threads its story again.
CREATE TABLE thread_links (
	statement_id bigint PRIMARY KEY REFERENCES statements (id) ON DELETE CASCADE,
	parent_id    bigint NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
	story_id     bigint NOT NULL,
	score        double precision NOT NULL
);
CREATE INDEX thread_links_by_parent ON thread_links (parent_id);
CREATE INDEX thread_links_by_story ON thread_links (story_id);
