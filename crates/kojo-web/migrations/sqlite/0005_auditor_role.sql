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

-- The audit log page reads a factory's rows newest first (audit_factory) and the logins of
-- its members, which belong to no factory: by action and user.
CREATE INDEX audit_action_user ON audit_log(action, user_id, id);
