-- Advisory uploads (OSV, CSAF, KEV JSON) for matching SBOM uploads: widen the kind check.
ALTER TABLE uploads DROP CONSTRAINT IF EXISTS uploads_kind_check;
ALTER TABLE uploads ADD CONSTRAINT uploads_kind_check
    CHECK (kind IN ('capture', 'sbom', 'evidence', 'advisory'));
CREATE INDEX uploads_factory ON uploads(factory_id, kind, created_at);
-- The assessment now reads SBOMs only from uploads (never a model-named path on the server's
-- disk): cached assessments made before are recomputed.
DELETE FROM assessments;
