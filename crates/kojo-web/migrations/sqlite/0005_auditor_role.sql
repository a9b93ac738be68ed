-- The read-only auditor role (issue 19). Keep in step with ../postgres/0005_auditor_role.sql.
-- SQLite cannot alter a CHECK constraint, so memberships is rebuilt (nothing references it).
CREATE TABLE memberships_new (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    factory_id TEXT NOT NULL REFERENCES factories(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer', 'supplier', 'auditor')),
    -- the one party a supplier speaks for; NULL for every other role
    party_id TEXT,
    PRIMARY KEY (user_id, factory_id),
    CHECK ((role = 'supplier') = (party_id IS NOT NULL))
);
INSERT INTO memberships_new (user_id, factory_id, role, party_id)
    SELECT user_id, factory_id, role, party_id FROM memberships;
DROP TABLE memberships;
ALTER TABLE memberships_new RENAME TO memberships;

-- The audit log reads a factory's rows and the logins of the people with access to it
-- (logins belong to no factory) by action and user, and date ranges by time.
CREATE INDEX audit_scope ON audit_log(factory_id, action, user_id, id);
CREATE INDEX audit_factory_at ON audit_log(factory_id, at);
