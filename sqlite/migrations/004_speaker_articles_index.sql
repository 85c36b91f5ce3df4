-- The statements of a speaker, newest first, now also carry their article:
-- "articles quoting this speaker" is read from the index alone.
DROP INDEX statements_by_speaker;
CREATE INDEX statements_by_speaker ON statements (speaker_id, date, id, article_id);
