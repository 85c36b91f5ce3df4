-- The names users placed (issue 10, corrections): the writer asks once per
-- transaction whether there are any, and looks names up among them only
-- then, so that a store without corrections pays nothing for them.
CREATE INDEX speaker_aliases_by_user ON speaker_aliases (key) WHERE source = 'user';
