-- statements_by_speaker_type (migration 010) served the type vote of a
-- speaker's statements; since migration 015 the vote reads
-- speaker_type_counts, and no query needs the index any more (the other
-- reads by speaker_id use statements_by_speaker). Every statement written
-- still paid for it: one B-tree insert in six, in the COPY that is the
-- largest part of ingest at a million articles (BENCHMARKS.md, issue 14).
DROP INDEX IF EXISTS statements_by_speaker_type;
