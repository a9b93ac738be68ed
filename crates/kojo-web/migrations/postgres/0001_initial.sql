-- kojo web store, PostgreSQL flavour. Keep in step with ../sqlite/0001_initial.sql:
-- same tables, same columns; timestamps are epoch milliseconds, ids are random hex text.
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    is_admin BIGINT NOT NULL DEFAULT 0,
    lang TEXT NOT NULL DEFAULT 'en',
    created_at BIGINT NOT NULL
);

CREATE TABLE factories (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT REFERENCES users(id)
);

CREATE TABLE memberships (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    factory_id TEXT NOT NULL REFERENCES factories(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer', 'supplier')),
    -- the one party a supplier speaks for; NULL for every other role
    party_id TEXT,
    PRIMARY KEY (user_id, factory_id),
    CHECK ((role = 'supplier') = (party_id IS NOT NULL))
);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
    data TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_expires ON sessions(expires_at);

CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_sha256 TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT
);

CREATE TABLE model_versions (
    id TEXT PRIMARY KEY,
    factory_id TEXT NOT NULL REFERENCES factories(id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    yaml TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT REFERENCES users(id),
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (factory_id, version)
);

-- assessment JSON per model version: a cache, always recomputable from the YAML
CREATE TABLE assessments (
    model_version_id TEXT PRIMARY KEY REFERENCES model_versions(id) ON DELETE CASCADE,
    json TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE checklist_answers (
    factory_id TEXT NOT NULL REFERENCES factories(id) ON DELETE CASCADE,
    party_id TEXT NOT NULL,
    item TEXT NOT NULL,
    answer TEXT NOT NULL CHECK (answer IN ('yes', 'no', 'partial', 'not-applicable')),
    evidence TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL,
    updated_by TEXT REFERENCES users(id),
    PRIMARY KEY (factory_id, party_id, item)
);

CREATE TABLE review_cycles (
    id TEXT PRIMARY KEY,
    factory_id TEXT NOT NULL REFERENCES factories(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    model_version_id TEXT NOT NULL REFERENCES model_versions(id),
    model_yaml TEXT NOT NULL,
    assessment_json TEXT NOT NULL,
    review_date TEXT NOT NULL,
    reviewers TEXT NOT NULL,
    frozen_at BIGINT NOT NULL,
    frozen_by TEXT REFERENCES users(id)
);

CREATE TABLE uploads (
    id TEXT PRIMARY KEY,
    factory_id TEXT NOT NULL REFERENCES factories(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('capture', 'sbom', 'evidence')),
    filename TEXT NOT NULL,
    content BYTEA NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT REFERENCES users(id)
);

CREATE TABLE audit_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at BIGINT NOT NULL,
    user_id TEXT,
    factory_id TEXT,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    before TEXT,
    after TEXT
);
CREATE INDEX audit_factory ON audit_log(factory_id, id);

CREATE TABLE login_attempts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username TEXT NOT NULL,
    at BIGINT NOT NULL,
    success BIGINT NOT NULL
);
CREATE INDEX login_attempts_user ON login_attempts(username, at);
