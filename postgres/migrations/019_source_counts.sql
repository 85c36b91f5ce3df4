-- Each source's article count in shards, as the totals are (migration
-- 009), in place of sources.article_count (issue 14, seventh session).
--
-- Every article write added to its source's row of sources at the end of
-- its transaction and held that row's lock until it committed, so writers
-- of one source's articles queued there: with two worker processes
-- storing the pages of one site, the UPDATE of its row waited 2.6-2.9 s a
-- run of 711 articles (TestWorkerScaleHTML, BENCHMARKS.md, issue 14,
-- sixth session; 4.6-6.4 s at load 12-19 in the seventh). A writer now
-- adds to the row of its connection's shard (each connection claims one
-- no other holds: postgres.go, claimShard; created on first use), and a
-- source's count is the sum of its rows, read in the same snapshot as the
-- rest of a page: exact, as before.
CREATE TABLE source_counts (
	source_id bigint  NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
	shard     integer NOT NULL,
	n         bigint  NOT NULL,
	PRIMARY KEY (source_id, shard)
);
INSERT INTO source_counts (source_id, shard, n) SELECT id, 0, article_count FROM sources WHERE article_count <> 0;
DROP INDEX sources_by_count;
ALTER TABLE sources DROP COLUMN article_count;
