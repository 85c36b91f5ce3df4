-- Filtered lists without ranking (speaker:, credit:, source:, lang:, a
-- date range) walk the date index newest first and test each article
-- with what the index holds, so it now holds the columns filters test,
-- as articles_narrow does; an article row fills a page of its own and
-- reading it per tested article was what made these lists slow.
DROP INDEX articles_by_date;
CREATE INDEX articles_by_date ON articles (date, id, source_id, feed_id, language, duplicate_of);
-- A filter on the speakers or kinds of an article's statements is tested
-- from this index alone, without reading the statements.
DROP INDEX statements_by_article;
CREATE INDEX statements_by_article ON statements (article_id, speaker_id, kind);
