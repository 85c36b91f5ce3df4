-- Notes (issue 15): a newsroom's note on an article or on one of its
-- statements, with a status (verified, disputed, needs-check, or '' for
-- none), its author and time. A statement is rewritten with new ids when
-- its article is stored again, so a statement's note names it by its
-- article and its words (quote), as the speaker corrections' pins do;
-- quote is '' for a note on the article itself.
CREATE TABLE notes (
	id         INTEGER PRIMARY KEY,
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	quote      TEXT    NOT NULL DEFAULT '',
	status     TEXT    NOT NULL DEFAULT '',
	author     TEXT    NOT NULL,
	body       TEXT    NOT NULL,
	created    INTEGER NOT NULL
);
CREATE INDEX notes_by_article ON notes (article_id, quote);
CREATE INDEX notes_by_status ON notes (status, article_id);
