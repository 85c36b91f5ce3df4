-- rapporteur schema on PostgreSQL, version 1: the SQLite schema as of its
-- migration 015, in one step.
--
-- Times are bigint seconds since 1970-01-01 UTC, as in the SQLite store, so
-- both stores sort, compare and export them alike.
--
-- Articles are partitioned by the month of their date (articles_pYYYYMM,
-- created by the store before an article of a new month is written): the
-- publication date, or for an undated article the time it was stored, so
-- undated articles sit with the month they arrived in. Lists are ordered by
-- that date and date filters bound it, so a newest-first list reads the
-- newest partition first and stops there once the page is full (an
-- ordered Append), and a date range reads only its months. (A default
-- partition for undated articles, keyed by publication date, made every
-- newest-first list merge the first rows of every partition: PostgreSQL
-- cannot order partitions by a column that is not their key, nor order
-- them at all beside a default partition.) A partitioned table cannot
-- hold a unique key without its partition key, so the idempotency key
-- lives in article_keys, and rows that point at an article (statements,
-- credits, copies) are kept in step by the store, not by foreign keys.
-- Full-text search: a tsvector per article and per statement, built by the
-- store from the same tokens the SQLite store's FTS5 tokenizer makes
-- (letters and digits, case folded, diacritics removed), with a GIN index.

CREATE TABLE sources (
	id            bigserial PRIMARY KEY,
	key           text   NOT NULL UNIQUE, -- host, or 'site:' || name key without a URL
	host          text   NOT NULL DEFAULT '',
	name          text   NOT NULL,
	article_count bigint NOT NULL DEFAULT 0,
	first_seen    bigint NOT NULL
);
CREATE INDEX sources_by_count ON sources (article_count, id);

CREATE TABLE feeds (
	id            bigserial PRIMARY KEY,
	url           text    NOT NULL UNIQUE,
	title         text    NOT NULL DEFAULT '',
	etag          text    NOT NULL DEFAULT '',
	last_modified text    NOT NULL DEFAULT '',
	last_fetched  bigint,
	next_fetch    bigint,
	error_count   integer NOT NULL DEFAULT 0,
	last_error    text    NOT NULL DEFAULT '',
	created       bigint  NOT NULL
);

CREATE TABLE stories (
	id            bigserial PRIMARY KEY,
	key           text    NOT NULL UNIQUE,
	title         text    NOT NULL DEFAULT '',
	first_date    bigint  NOT NULL DEFAULT 0,
	last_date     bigint  NOT NULL DEFAULT 0,
	article_count integer NOT NULL DEFAULT 0,
	merged_into   bigint REFERENCES stories (id) ON DELETE SET NULL
);
CREATE INDEX stories_by_last ON stories (last_date, id);
CREATE INDEX stories_by_merged ON stories (merged_into) WHERE merged_into IS NOT NULL;

CREATE SEQUENCE articles_id_seq;

-- The idempotency key ('u:' || canonical URL, or 'h:' || content hash) of
-- each article, and its id: unique across every partition.
CREATE TABLE article_keys (
	dedup_key text   PRIMARY KEY,
	id        bigint NOT NULL UNIQUE
);

CREATE TABLE articles (
	id              bigint  NOT NULL DEFAULT nextval('articles_id_seq'),
	dedup_key       text    NOT NULL,
	canonical_url   text    NOT NULL DEFAULT '',
	content_hash    bigint  NOT NULL,
	record_hash     bigint  NOT NULL, -- hash of everything stored: equal means unchanged
	source_id       bigint,
	feed_id         bigint,
	published       bigint,           -- NULL: undated
	date            bigint  NOT NULL, -- published, or created when unknown: the partition key
	language        text    NOT NULL DEFAULT '',
	statement_count integer NOT NULL DEFAULT 0,
	created         bigint  NOT NULL,
	updated         bigint  NOT NULL,
	external_id     text    NOT NULL DEFAULT '',
	url             text    NOT NULL DEFAULT '',
	site            text    NOT NULL DEFAULT '',
	authors         text    NOT NULL DEFAULT '[]', -- JSON array of strings
	entities        text    NOT NULL DEFAULT '[]', -- JSON array of entities
	duplicate_of    bigint,
	similarity      double precision NOT NULL DEFAULT 0,
	story_id        bigint,
	title           text    NOT NULL DEFAULT '',
	body            text    NOT NULL,
	tsv             tsvector NOT NULL -- title words weighted A, body words D
) PARTITION BY RANGE (date);

CREATE INDEX articles_by_id ON articles (id);
CREATE INDEX articles_by_date ON articles (date, id);
CREATE INDEX articles_by_source ON articles (source_id, date, id);
CREATE INDEX articles_by_feed ON articles (feed_id, date, id);
CREATE INDEX articles_by_duplicate ON articles (duplicate_of) WHERE duplicate_of IS NOT NULL;
CREATE INDEX articles_by_story ON articles (story_id, date, id) WHERE story_id IS NOT NULL;
CREATE INDEX articles_text ON articles USING gin (tsv);

CREATE TABLE speakers (
	id              bigserial PRIMARY KEY,
	key             text    NOT NULL, -- canon.Name of the name
	type            text    NOT NULL,
	name            text    NOT NULL, -- as first seen
	surname         text    NOT NULL DEFAULT '',
	alias_names     text    NOT NULL DEFAULT '', -- other names seen, one a line
	statement_count bigint  NOT NULL DEFAULT 0,  -- wire copies left out
	first_seen      bigint  NOT NULL,
	last_seen       bigint  NOT NULL,
	tsv             tsvector NOT NULL DEFAULT ''::tsvector, -- name and alias words
	UNIQUE (key, type)
);
CREATE INDEX speakers_by_count ON speakers (statement_count, id);
CREATE INDEX speakers_by_surname ON speakers (surname, statement_count) WHERE surname <> '';
CREATE INDEX speakers_text ON speakers USING gin (tsv);

-- Every name key ever resolved to a speaker (see the SQLite migration 013).
CREATE TABLE speaker_aliases (
	key        text   PRIMARY KEY,
	speaker_id bigint NOT NULL REFERENCES speakers (id),
	source     text   NOT NULL DEFAULT 'auto'
);
CREATE INDEX speaker_aliases_by_speaker ON speaker_aliases (speaker_id);

-- A speaker merged into another keeps its address (SQLite migration 015).
CREATE TABLE merged_speakers (
	id          bigint PRIMARY KEY,
	merged_into bigint NOT NULL
);
CREATE INDEX merged_speakers_into ON merged_speakers (merged_into);

CREATE TABLE statements (
	id            bigserial PRIMARY KEY,
	article_id    bigint  NOT NULL,
	speaker_id    bigint REFERENCES speakers (id),
	-- Copied from the article so that filters need no join.
	date          bigint  NOT NULL,
	source_id     bigint,
	kind          text    NOT NULL,
	mode          text    NOT NULL DEFAULT '',
	confidence    double precision NOT NULL,
	content_start integer NOT NULL,
	content_end   integer NOT NULL,
	cue_start     integer,
	cue_end       integer,
	cue           text,
	speaker_type  text    NOT NULL,
	speaker_name  text    NOT NULL DEFAULT '',
	role          text    NOT NULL DEFAULT '',
	affiliation   text    NOT NULL DEFAULT '',
	mention_start integer,
	mention_end   integer,
	mention       text,
	source_start  integer,
	source_end    integer,
	source_text   text,
	via           text    NOT NULL DEFAULT '',
	act           text    NOT NULL DEFAULT '',
	target        text,  -- JSON
	responds_to   text,  -- JSON
	content       text    NOT NULL,
	tsv           tsvector NOT NULL -- content words weighted D, speaker name words A
);
CREATE INDEX statements_by_article ON statements (article_id, speaker_id, kind);
CREATE INDEX statements_by_speaker ON statements (speaker_id, date, id, article_id);
CREATE INDEX statements_by_date ON statements (date, id, speaker_id);
CREATE INDEX statements_text ON statements USING gin (tsv);

CREATE TABLE credits (
	article_id     bigint  NOT NULL,
	seq            integer NOT NULL,
	name           text    NOT NULL,
	name_key       text    NOT NULL, -- canon.Name of the name, for credit:
	evidence_start integer NOT NULL,
	evidence_end   integer NOT NULL,
	evidence       text    NOT NULL DEFAULT '',
	removed        boolean NOT NULL DEFAULT false,
	relay          boolean NOT NULL DEFAULT false,
	PRIMARY KEY (article_id, seq)
);
CREATE INDEX credits_by_name ON credits (name_key text_pattern_ops, article_id);

CREATE TABLE saved_searches (
	id              bigserial PRIMARY KEY,
	name            text    NOT NULL,
	query           text    NOT NULL,
	webhook_url     text    NOT NULL DEFAULT '',
	webhook_secret  text    NOT NULL DEFAULT '',
	delivered       bigint  NOT NULL DEFAULT 0,
	last_delivery   bigint,
	delivery_errors integer NOT NULL DEFAULT 0,
	last_error      text    NOT NULL DEFAULT '',
	next_delivery   bigint,
	created         bigint  NOT NULL
);

-- Running totals, kept in the transaction that changes them.
CREATE TABLE counters (
	name text PRIMARY KEY,
	n    bigint NOT NULL
);
INSERT INTO counters (name, n) VALUES ('articles', 0), ('statements', 0), ('speakers', 0), ('sources', 0);
