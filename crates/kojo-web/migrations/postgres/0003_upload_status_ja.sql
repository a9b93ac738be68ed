-- The upload's status line in Japanese beside the English one (empty for uploads stored
-- before: those show the English line).
ALTER TABLE uploads ADD COLUMN status_ja TEXT NOT NULL DEFAULT '';
