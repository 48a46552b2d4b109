-- Platform: users, tokens (sessions and API tokens), audit log, idempotency keys.
-- @ID@ expands to the dialect's auto-increment 64-bit primary key (see src/db/migrate.cpp).

CREATE TABLE users (
  id @ID@,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  scope_type TEXT NOT NULL,
  scope_code TEXT,
  enterprise_id BIGINT,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Session and API tokens: only the SHA-256 of the random token is stored.
CREATE TABLE tokens (
  id @ID@,
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  name TEXT,
  read_only INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  expires_at_ms BIGINT,
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX tokens_user ON tokens(user_id);

CREATE TABLE audit_log (
  id @ID@,
  at TEXT NOT NULL,
  actor_id BIGINT,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT,
  before_json TEXT,
  after_json TEXT,
  request_id TEXT
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_log_at ON audit_log(at);
