-- The read-only auditor role (issue 19). Keep in step with ../sqlite/0005_auditor_role.sql.
ALTER TABLE memberships DROP CONSTRAINT IF EXISTS memberships_role_check;
ALTER TABLE memberships ADD CONSTRAINT memberships_role_check
    CHECK (role IN ('admin', 'editor', 'viewer', 'supplier', 'auditor'));

-- The audit log page reads a factory's rows newest first (audit_factory) and the logins of
-- its members, which belong to no factory: by action and user.
CREATE INDEX audit_action_user ON audit_log(action, user_id, id);
