-- replicate-postgres.sql — grows a PostgreSQL store to about a million
-- articles the way the SQLite scale store of BENCHMARKS.md (issue 15,
-- /tmp/i15/scale.db) was grown: the articles stored through the product
-- (here `rapporteur export | rapporteur import` of that store's 93,495
-- originals), then copied 10 times in SQL, copy k with ids moved past the
-- last one and dates moved k × 119 days later (URLs and keys get '#rk'),
-- so both stores hold the same articles, statements and dates and their
-- figures compare (10 copies: 1,028,445 articles, 6,406,653 statements).
-- The text vectors are copied, not rebuilt: a copy's words are its
-- original's. The copies' article_dates rows come from the trigger of
-- migration 013 where the schema has it. Needs no other tool than psql:
--
--   psql "$RAPPORTEUR_DB" -v copies=10 -f bench/replicate-postgres.sql
--
-- It is a benchmark fixture, not a way to move data (that is export and
-- import); it writes the tables directly, so it must follow the schema
-- (postgres/migrations) and run on a store nothing else writes to.
\set ON_ERROR_STOP on
\timing on
SET synchronous_commit = off;
SET maintenance_work_mem = '512MB';
SET gin_pending_list_limit = '64MB';

SELECT set_config('replicate.copies', :'copies', false);

-- The monthly partitions the copies' dates need (the store makes them on
-- demand before a write; here the writes are SQL).
DO $$
DECLARE
	m timestamptz;
	last timestamptz;
	name text;
BEGIN
	SELECT date_trunc('month', to_timestamp(min(date)) AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
		to_timestamp(max(date) + current_setting('replicate.copies')::bigint * 10281600) INTO m, last FROM articles;
	WHILE m <= last LOOP
		name := 'articles_p' || to_char(m AT TIME ZONE 'UTC', 'YYYYMM');
		IF to_regclass(name) IS NULL THEN
			EXECUTE format('CREATE TABLE %I PARTITION OF articles FOR VALUES FROM (%s) TO (%s)', name,
				extract(epoch FROM m)::bigint, extract(epoch FROM (m AT TIME ZONE 'UTC' + interval '1 month') AT TIME ZONE 'UTC')::bigint);
		END IF;
		m := (m AT TIME ZONE 'UTC' + interval '1 month') AT TIME ZONE 'UTC';
	END LOOP;
END $$;

-- The copies, one transaction each. Article ids and statement ids move by
-- the originals' largest id per copy (ids still follow the dates, as in a
-- monitor); speakers and sources are the originals'.
DO $$
DECLARE
	a_off bigint;
	s_off bigint;
	shift bigint := 10281600; -- 119 days
BEGIN
	SELECT max(id) INTO a_off FROM articles;
	SELECT max(id) INTO s_off FROM statements;
	FOR k IN 1..current_setting('replicate.copies')::int LOOP
		INSERT INTO articles (id, dedup_key, canonical_url, content_hash, record_hash, source_id, feed_id, published, date,
			language, statement_count, created, updated, external_id, url, site, authors, entities, duplicate_of,
			similarity, story_id, title, body, tsv)
		SELECT id + k * a_off, dedup_key || '#r' || k, canonical_url || '#r' || k, content_hash, record_hash, source_id,
			feed_id, published + k * shift, date + k * shift, language, statement_count, created, updated, external_id,
			url || '#r' || k, site, authors, entities, NULL, 0, NULL, title, body, tsv
		FROM articles WHERE id <= a_off;
		INSERT INTO article_keys (dedup_key, id)
		SELECT dedup_key || '#r' || k, id + k * a_off FROM article_keys WHERE id <= a_off;
		INSERT INTO statements (id, article_id, speaker_id, date, source_id, kind, mode, confidence, content_start,
			content_end, cue_start, cue_end, cue, speaker_type, speaker_name, role, affiliation, mention_start,
			mention_end, mention, source_start, source_end, source_text, via, act, target, responds_to, content, tsv,
			more_roles)
		SELECT id + k * s_off, article_id + k * a_off, speaker_id, date + k * shift, source_id, kind, mode, confidence,
			content_start, content_end, cue_start, cue_end, cue, speaker_type, speaker_name, role, affiliation,
			mention_start, mention_end, mention, source_start, source_end, source_text, via, act, target, responds_to,
			content, tsv, more_roles
		FROM statements WHERE id <= s_off;
		INSERT INTO credits (article_id, seq, name, name_key, evidence_start, evidence_end, evidence, removed, relay)
		SELECT article_id + k * a_off, seq, name, name_key, evidence_start, evidence_end, evidence, removed, relay
		FROM credits WHERE article_id <= a_off;
		COMMIT;
		RAISE NOTICE 'copy % of % done at %', k, current_setting('replicate.copies'), clock_timestamp();
	END LOOP;
END $$;

-- What the store keeps beside the rows: the id sequences, the running
-- totals (one row each, shard 0), each source's count (one row each,
-- shard 0) and each speaker's counts and dates.
SELECT setval('articles_id_seq', (SELECT max(id) FROM articles));
SELECT setval(pg_get_serial_sequence('statements', 'id'), (SELECT max(id) FROM statements));
DELETE FROM counters WHERE name IN ('articles', 'statements');
INSERT INTO counters (name, n) SELECT 'articles', count(*) FROM articles;
INSERT INTO counters (name, n) SELECT 'statements', count(*) FROM statements;
UPDATE speakers s SET statement_count = c.n, first_seen = c.first, last_seen = c.last
FROM (SELECT speaker_id, count(*) AS n, min(date) AS first, max(date) AS last FROM statements
	WHERE speaker_id IS NOT NULL GROUP BY speaker_id) c
WHERE s.id = c.speaker_id;
DELETE FROM source_counts; -- in shards since migration 019: one row each, shard 0
INSERT INTO source_counts (source_id, shard, n)
SELECT source_id, 0, count(*) FROM articles WHERE duplicate_of IS NULL AND source_id IS NOT NULL GROUP BY source_id;
VACUUM ANALYZE;
