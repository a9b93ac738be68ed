-- Advisory uploads (OSV, CSAF, KEV JSON) for matching SBOM uploads: widen the kind check.
-- SQLite cannot alter a CHECK constraint, so the table is rebuilt (nothing references it).
CREATE TABLE uploads_new (
    id TEXT PRIMARY KEY,
    factory_id TEXT NOT NULL REFERENCES factories(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('capture', 'sbom', 'evidence', 'advisory')),
    filename TEXT NOT NULL,
    content BLOB NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT REFERENCES users(id)
);
INSERT INTO uploads_new (id, factory_id, kind, filename, content, size, sha256, status, created_at, created_by)
    SELECT id, factory_id, kind, filename, content, size, sha256, status, created_at, created_by FROM uploads;
DROP TABLE uploads;
ALTER TABLE uploads_new RENAME TO uploads;
CREATE INDEX uploads_factory ON uploads(factory_id, kind, created_at);
-- The assessment now reads SBOMs only from uploads (never a model-named path on the server's
-- disk): cached assessments made before are recomputed.
DELETE FROM assessments;
