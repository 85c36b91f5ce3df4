-- A narrow copy of the article columns that searches filter and rank by.
-- An article row holds its body and fills a page of its own, so reading the
-- dates of the thousand newest matches would read a thousand pages; this
-- index packs a hundred articles a page and stays in the cache.
CREATE INDEX articles_narrow ON articles (id, date, source_id, feed_id, language);
