-- Incident response (issue 11 item 4 remainder; docs/incidents.md): an incident opened from an
-- alarm keeps the alarm's id (one incident per alarm: the UNIQUE index, NULLs apart); resource
-- requests (资源调度) against the registry's teams and stock with their states; the post-event
-- review (复盘), one per incident, and its findings, each with the hidden danger it became.
-- Registry ids are kept as plain numbers: the registry owns those tables (no foreign keys across
-- contexts). Times are epoch milliseconds (UTC).

ALTER TABLE incidents ADD COLUMN alarm_id BIGINT;
CREATE UNIQUE INDEX incidents_alarm ON incidents(alarm_id);

CREATE TABLE incident_requests (
  id @ID@,
  incident_id BIGINT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('team', 'stock')),
  team_id BIGINT,
  warehouse_id BIGINT,
  stock_id BIGINT,
  label TEXT NOT NULL,
  quantity DOUBLE PRECISION,
  unit TEXT,
  note TEXT,
  state TEXT NOT NULL CHECK (state IN ('requested', 'dispatched', 'arrived', 'cancelled')),
  requested_by TEXT NOT NULL,
  requested_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  CHECK ((kind = 'team' AND team_id IS NOT NULL) OR
         (kind = 'stock' AND warehouse_id IS NOT NULL AND stock_id IS NOT NULL AND quantity > 0))
);
CREATE INDEX incident_requests_incident ON incident_requests(incident_id, id);

CREATE TABLE incident_reviews (
  id @ID@,
  incident_id BIGINT NOT NULL UNIQUE REFERENCES incidents(id) ON DELETE CASCADE,
  summary TEXT NOT NULL,
  reviewed_by TEXT NOT NULL,
  reviewed_at_ms BIGINT NOT NULL
);

CREATE TABLE incident_review_findings (
  id @ID@,
  review_id BIGINT NOT NULL REFERENCES incident_reviews(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  text TEXT NOT NULL,
  enterprise_id BIGINT,
  class TEXT NOT NULL CHECK (class IN ('一般', '重大')),
  hazard_id BIGINT,
  hazard_error TEXT,
  UNIQUE (review_id, seq)
);
