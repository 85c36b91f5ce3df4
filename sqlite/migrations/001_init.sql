-- rapporteur schema, version 1.
--
-- Times are INTEGER seconds since 1970-01-01 UTC: they sort and compare as
-- numbers, and PostgreSQL's bigint reads them the same way. Long text
-- columns (body) come last in their table, so reading a row's other columns
-- never walks the text's overflow pages.

CREATE TABLE sources (
	id            INTEGER PRIMARY KEY,
	key           TEXT    NOT NULL UNIQUE, -- host, or 'site:' || lower(name) without a URL
	host          TEXT    NOT NULL DEFAULT '',
	name          TEXT    NOT NULL,
	article_count INTEGER NOT NULL DEFAULT 0,
	first_seen    INTEGER NOT NULL
);
CREATE INDEX sources_by_count ON sources (article_count, id);

CREATE TABLE feeds (
	id            INTEGER PRIMARY KEY,
	url           TEXT    NOT NULL UNIQUE,
	title         TEXT    NOT NULL DEFAULT '',
	etag          TEXT    NOT NULL DEFAULT '',
	last_modified TEXT    NOT NULL DEFAULT '',
	last_fetched  INTEGER,
	next_fetch    INTEGER,
	error_count   INTEGER NOT NULL DEFAULT 0,
	last_error    TEXT    NOT NULL DEFAULT '',
	created       INTEGER NOT NULL
);

CREATE TABLE articles (
	id              INTEGER PRIMARY KEY,
	-- The idempotency key: 'u:' || canonical URL, or 'h:' || content hash
	-- for an article without a usable URL.
	dedup_key       TEXT    NOT NULL UNIQUE,
	canonical_url   TEXT    NOT NULL DEFAULT '',
	content_hash    INTEGER NOT NULL,
	-- Hash of everything stored for the article: equal means unchanged.
	record_hash     INTEGER NOT NULL,
	source_id       INTEGER REFERENCES sources (id),
	feed_id         INTEGER REFERENCES feeds (id) ON DELETE SET NULL,
	published       INTEGER,
	date            INTEGER NOT NULL, -- published, or created when unknown
	language        TEXT    NOT NULL DEFAULT '',
	statement_count INTEGER NOT NULL DEFAULT 0,
	created         INTEGER NOT NULL,
	updated         INTEGER NOT NULL,
	external_id     TEXT    NOT NULL DEFAULT '',
	url             TEXT    NOT NULL DEFAULT '',
	site            TEXT    NOT NULL DEFAULT '',
	authors         TEXT    NOT NULL DEFAULT '[]', -- JSON array of strings
	title           TEXT    NOT NULL DEFAULT '',
	body            TEXT    NOT NULL
);
CREATE INDEX articles_by_date ON articles (date, id);
CREATE INDEX articles_by_source ON articles (source_id, date, id);
CREATE INDEX articles_by_feed ON articles (feed_id, date, id);
CREATE INDEX articles_by_language ON articles (language, date, id);
CREATE INDEX articles_by_hash ON articles (content_hash);

-- A canonical speaker: one person or organization across all articles.
CREATE TABLE speakers (
	id              INTEGER PRIMARY KEY,
	key             TEXT    NOT NULL, -- canon.Name of the name
	type            TEXT    NOT NULL,
	name            TEXT    NOT NULL, -- as first seen
	statement_count INTEGER NOT NULL DEFAULT 0,
	first_seen      INTEGER NOT NULL,
	last_seen       INTEGER NOT NULL,
	UNIQUE (key, type)
);
CREATE INDEX speakers_by_count ON speakers (statement_count, id);

CREATE TABLE statements (
	id            INTEGER PRIMARY KEY,
	article_id    INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	speaker_id    INTEGER REFERENCES speakers (id),
	-- Copied from the article so that filters need no join.
	date          INTEGER NOT NULL,
	source_id     INTEGER,
	kind          TEXT    NOT NULL,
	confidence    REAL    NOT NULL,
	content_start INTEGER NOT NULL,
	content_end   INTEGER NOT NULL,
	cue_start     INTEGER,
	cue_end       INTEGER,
	cue           TEXT,
	speaker_type  TEXT    NOT NULL,
	speaker_name  TEXT    NOT NULL DEFAULT '',
	role          TEXT    NOT NULL DEFAULT '',
	affiliation   TEXT    NOT NULL DEFAULT '',
	mention_start INTEGER,
	mention_end   INTEGER,
	mention       TEXT,
	source_start  INTEGER,
	source_end    INTEGER,
	source_text   TEXT,
	via           TEXT    NOT NULL DEFAULT '',
	content       TEXT    NOT NULL
);
CREATE INDEX statements_by_article ON statements (article_id);
CREATE INDEX statements_by_speaker ON statements (speaker_id, date, id);
CREATE INDEX statements_by_date ON statements (date, id);
CREATE INDEX statements_by_date_speaker ON statements (date, speaker_id);

CREATE TABLE credits (
	article_id     INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	seq            INTEGER NOT NULL,
	name           TEXT    NOT NULL,
	name_key       TEXT    NOT NULL, -- canon.Name of the name, for credit:
	evidence_start INTEGER NOT NULL,
	evidence_end   INTEGER NOT NULL,
	evidence       TEXT    NOT NULL DEFAULT '',
	removed        INTEGER NOT NULL DEFAULT 0,
	relay          INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (article_id, seq)
);
CREATE INDEX credits_by_name ON credits (name_key, article_id);

CREATE TABLE entities (
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	seq        INTEGER NOT NULL,
	name       TEXT    NOT NULL,
	type       TEXT    NOT NULL,
	mentions   INTEGER NOT NULL,
	PRIMARY KEY (article_id, seq)
);

CREATE TABLE saved_searches (
	id              INTEGER PRIMARY KEY,
	name            TEXT    NOT NULL,
	query           TEXT    NOT NULL,
	webhook_url     TEXT    NOT NULL DEFAULT '',
	webhook_secret  TEXT    NOT NULL DEFAULT '',
	delivered       INTEGER NOT NULL DEFAULT 0,
	last_delivery   INTEGER,
	delivery_errors INTEGER NOT NULL DEFAULT 0,
	last_error      TEXT    NOT NULL DEFAULT '',
	next_delivery   INTEGER,
	created         INTEGER NOT NULL
);

-- Running totals, kept in the transaction that changes them, so that the
-- home page never counts a million rows.
CREATE TABLE counters (
	name TEXT PRIMARY KEY,
	n    INTEGER NOT NULL
);
INSERT INTO counters (name, n) VALUES ('articles', 0), ('statements', 0), ('speakers', 0), ('sources', 0);

-- Full-text indexes. They are external-content tables: the text lives once,
-- in articles and statements, and the index holds only the terms; snippet()
-- reads the text back from the table. Triggers keep each index in step with
-- its table inside the writing transaction (until 002 replaces them). No
-- stemmer: prefix queries (allegat*) must see the words as written.
CREATE VIRTUAL TABLE articles_fts USING fts5 (
	title, body,
	content = 'articles', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
	INSERT INTO articles_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
	INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body ON articles BEGIN
	INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
	INSERT INTO articles_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;

CREATE VIRTUAL TABLE statements_fts USING fts5 (
	content, speaker_name,
	content = 'statements', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER statements_fts_insert AFTER INSERT ON statements BEGIN
	INSERT INTO statements_fts (rowid, content, speaker_name) VALUES (new.id, new.content, new.speaker_name);
END;
CREATE TRIGGER statements_fts_delete AFTER DELETE ON statements BEGIN
	INSERT INTO statements_fts (statements_fts, rowid, content, speaker_name) VALUES ('delete', old.id, old.content, old.speaker_name);
END;

CREATE VIRTUAL TABLE speakers_fts USING fts5 (
	name,
	content = 'speakers', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER speakers_fts_insert AFTER INSERT ON speakers BEGIN
	INSERT INTO speakers_fts (rowid, name) VALUES (new.id, new.name);
END;
CREATE TRIGGER speakers_fts_delete AFTER DELETE ON speakers BEGIN
	INSERT INTO speakers_fts (speakers_fts, rowid, name) VALUES ('delete', old.id, old.name);
END;
