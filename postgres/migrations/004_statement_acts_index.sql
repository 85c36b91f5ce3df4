-- act: and target: searches read the statements that do something other
-- than assert: a minority, found without a scan (SQLite migration 017).
CREATE INDEX statements_by_act ON statements (act, article_id) WHERE act NOT IN ('', 'assert');
