-- The names users placed (issue 10; SQLite migration 016_user_aliases_index):
-- the writer asks once per transaction whether there are any.
CREATE INDEX speaker_aliases_by_user ON speaker_aliases (key) WHERE source = 'user';
