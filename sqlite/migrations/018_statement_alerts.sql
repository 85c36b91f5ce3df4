-- Alerts on statements (issue 15): a saved search matches articles, as
-- before, or statements; Delivered then counts statement ids.
ALTER TABLE saved_searches ADD COLUMN target TEXT NOT NULL DEFAULT 'articles';
