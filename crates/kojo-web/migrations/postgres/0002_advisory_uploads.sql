-- Advisory uploads (OSV, CSAF, KEV JSON) for matching SBOM uploads: widen the kind check.
ALTER TABLE uploads DROP CONSTRAINT IF EXISTS uploads_kind_check;
ALTER TABLE uploads ADD CONSTRAINT uploads_kind_check
    CHECK (kind IN ('capture', 'sbom', 'evidence', 'advisory'));
CREATE INDEX uploads_factory ON uploads(factory_id, kind, created_at);
