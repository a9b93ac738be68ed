-- Model texts stored once by content, compressed, and as deltas (issue 17: storage that
-- grows with change, not with copies). Keep in step with ../postgres/0006_model_blobs.sql.
-- A blob is a zstd frame of the YAML; with base_sha256 it was compressed with that blob's
-- text as its prefix (zstd's patch-from), so a one-line change costs bytes, not megabytes.
-- depth counts the deltas down to a whole text: reading one never unpacks more than that.
CREATE TABLE model_blobs (
    sha256 TEXT PRIMARY KEY,
    base_sha256 TEXT REFERENCES model_blobs(sha256),
    depth BIGINT NOT NULL,
    size BIGINT NOT NULL,
    data BLOB NOT NULL
);
-- New model versions and review cycles keep '' in their text columns and read the blob of
-- their sha256; rows written before this migration keep their text and are read as before.
-- A review cycle's assessment is kept compressed (zstd) here.
ALTER TABLE review_cycles ADD COLUMN assessment_zstd BLOB;
