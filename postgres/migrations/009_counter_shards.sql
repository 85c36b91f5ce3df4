-- Running totals in shards (issue 14, concurrent writes). Every article
-- write adds to the 'articles' and 'statements' totals; with one row per
-- total, each writer waited on the row lock of the one before until it
-- committed, so writers in several processes queued there once the store's
-- global writer lock was gone. A writer now adds to the row of its
-- connection's shard (pg_backend_pid() % 16, created on first use), and a
-- total is the sum of its rows. Settings kept here (speaker_registry,
-- corrections_applied) stay in shard 0, their only row.
ALTER TABLE counters ADD COLUMN shard integer NOT NULL DEFAULT 0;
ALTER TABLE counters DROP CONSTRAINT counters_pkey;
ALTER TABLE counters ADD PRIMARY KEY (name, shard);
