-- The read-only auditor role (issue 19). Keep in step with ../sqlite/0005_auditor_role.sql.
ALTER TABLE memberships DROP CONSTRAINT IF EXISTS memberships_role_check;
ALTER TABLE memberships ADD CONSTRAINT memberships_role_check
    CHECK (role IN ('admin', 'editor', 'viewer', 'supplier', 'auditor'));

-- The audit log reads a factory's rows and the logins of the people with access to it
-- (logins belong to no factory) by action and user, and date ranges by time.
CREATE INDEX audit_scope ON audit_log(factory_id, action, user_id, id);
CREATE INDEX audit_factory_at ON audit_log(factory_id, at);
