-- Access that can be taken away (issue 17). Keep in step with ../sqlite/0004_access_lifecycle.sql.
-- A disabled user cannot log in; a deleted one keeps its row (name reserved, password
-- unusable) so that model versions, answers and audit rows stay attributed.
ALTER TABLE users ADD COLUMN disabled_at BIGINT;
ALTER TABLE users ADD COLUMN deleted_at BIGINT;

-- API tokens: a scope (read | write), optionally one factory, an expiry and a revocation
-- time. Tokens made before this migration could write everywhere and never expired: they
-- keep write and expire 90 days after they were made.
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'write' CHECK (scope IN ('read', 'write'));
ALTER TABLE api_tokens ADD COLUMN factory_id TEXT REFERENCES factories(id) ON DELETE CASCADE;
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE api_tokens ADD COLUMN revoked_at BIGINT;
UPDATE api_tokens SET expires_at = created_at + 7776000000;
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- Login throttling by (user name, address) instead of a lockout per user name.
ALTER TABLE login_attempts ADD COLUMN address TEXT NOT NULL DEFAULT '';
CREATE INDEX login_attempts_user_address ON login_attempts(username, address, at);
CREATE INDEX login_attempts_at ON login_attempts(at);
