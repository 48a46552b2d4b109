-- Idempotency keys (API-CONVENTIONS.md "Writes that must not happen twice"): a POST that carries
-- `Idempotency-Key` claims (user, key) in the same transaction as its first audited write; the
-- answer is stored right after, and a repeat within 24 h gets that answer again.
CREATE TABLE idempotency_keys (
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  idem_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  request_id TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  status INTEGER,
  response_body TEXT,
  response_headers TEXT,
  PRIMARY KEY (user_id, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at_ms);
