-- The title's words (weight A of each article's vector) in an index of
-- their own, so that a title: search is an index lookup. On the whole
-- vector's index a weight cannot be told: "title:iraq" found every article
-- with the word and tested each again with its vector read from TOAST
-- (at 1 M articles: 996 hits for 328 titles, 4,003 pages, ~120 ms a month
-- slice). An index of an expression of tsv, not a column: it costs the
-- writer nothing more to keep, and building it reads each vector once
-- (a column would rewrite every row: 7 s a month of 20,000 articles
-- against 0.6 s for the index).
CREATE INDEX IF NOT EXISTS articles_title_text ON articles USING gin (ts_filter(tsv, '{a}'));
