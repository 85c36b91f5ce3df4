-- Notes (issue 15; SQLite migration 018_notes): a newsroom's note on an
-- article or on one of its statements (named by its article and words).
-- No foreign key into the partitioned articles table: notes stay with
-- their article id, as articles are never deleted.
CREATE TABLE notes (
	id         bigserial PRIMARY KEY,
	article_id bigint NOT NULL,
	quote      text   NOT NULL DEFAULT '',
	status     text   NOT NULL DEFAULT '',
	author     text   NOT NULL,
	body       text   NOT NULL,
	created    bigint NOT NULL
);
CREATE INDEX notes_by_article ON notes (article_id, quote);
CREATE INDEX notes_by_status ON notes (status, article_id);
-- Alerts on statements (SQLite migration 018_statement_alerts): a saved
-- search matches articles, as before, or statements.
ALTER TABLE saved_searches ADD COLUMN target text NOT NULL DEFAULT 'articles';
