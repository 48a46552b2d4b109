-- Reminders and supervision orders (督办) of hidden dangers (issue 10 item 2; docs/hazards.md
-- "Reminders and supervision"): one row per notice the schedule (src/hazards/schedule.h) made
-- due. The unique key makes a scheduler pass idempotent (INSERT ... ON CONFLICT DO NOTHING): a
-- pass after a restart or a downtime records what was missed and nothing twice. The deadline is
-- part of the key so a reopened hazard with a new deadline is reminded and supervised anew.
-- kind: reminder (stage = days before the deadline: 7, 3, 1) | supervision (stage = escalation
-- count: 0 for the first order, 1, 2, ...). to_level: enterprise | community | town | district;
-- to_code: the town or community code, the enterprise id in decimal, '' for the district.
-- superseded: a reminder recorded only after the hazard was overdue (kept, not delivered).
CREATE TABLE hazard_notices (
  id @ID@,
  hazard_id BIGINT NOT NULL REFERENCES hazards(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('reminder', 'supervision')),
  stage INTEGER NOT NULL CHECK (stage >= 0),
  deadline TEXT NOT NULL,
  to_level TEXT NOT NULL CHECK (to_level IN ('enterprise', 'community', 'town', 'district')),
  to_code TEXT NOT NULL,
  due_at_ms BIGINT NOT NULL,
  sent_at_ms BIGINT NOT NULL,
  superseded INTEGER NOT NULL DEFAULT 0,
  UNIQUE (hazard_id, kind, stage, deadline)
);
CREATE INDEX hazard_notices_hazard ON hazard_notices(hazard_id, id);
CREATE INDEX hazard_notices_addressee ON hazard_notices(kind, to_level, to_code);
