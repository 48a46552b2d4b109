-- Incident command (突发事件处置, issue 11 items 3 and 4; docs/incidents.md): incidents with their
-- place (town/community columns so scope is applied in the query, ARCHITECTURE.md §3), the
-- timeline of every event in order, the tasks an activated plan creates (instructions 指令 with
-- their states), escalations of tasks overdue (one row per task and stage: the UNIQUE key makes
-- scheduler passes idempotent across restarts and instances), and the per-person receipts of a
-- one-touch notification (一键通). Times are epoch milliseconds (UTC).

CREATE TABLE incidents (
  id @ID@,
  title TEXT NOT NULL,
  type TEXT NOT NULL,
  town_code TEXT NOT NULL,
  community_code TEXT,
  enterprise_id BIGINT,
  lon DOUBLE PRECISION,
  lat DOUBLE PRECISION,
  location TEXT,
  deaths BIGINT NOT NULL DEFAULT 0,
  serious_injuries BIGINT NOT NULL DEFAULT 0,
  direct_loss_yuan DOUBLE PRECISION NOT NULL DEFAULT 0,
  accident_grade TEXT NOT NULL,
  response_level INTEGER NOT NULL CHECK (response_level BETWEEN 1 AND 4),
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  opened_by_id BIGINT,
  opened_by TEXT NOT NULL,
  opened_at_ms BIGINT NOT NULL,
  closed_at_ms BIGINT,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX incidents_town ON incidents(town_code, status);

CREATE TABLE incident_events (
  id @ID@,
  incident_id BIGINT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  at_ms BIGINT NOT NULL,
  kind TEXT NOT NULL,
  actor TEXT NOT NULL,
  text TEXT NOT NULL,
  payload TEXT NOT NULL
);
CREATE INDEX incident_events_incident ON incident_events(incident_id, id);

CREATE TABLE incident_activations (
  id @ID@,
  incident_id BIGINT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  plan_id BIGINT NOT NULL,
  plan_edition BIGINT NOT NULL,
  plan_title TEXT NOT NULL,
  response_level INTEGER NOT NULL,
  activated_by_id BIGINT,
  activated_by TEXT NOT NULL,
  activated_at_ms BIGINT NOT NULL
);
CREATE INDEX incident_activations_incident ON incident_activations(incident_id);

CREATE TABLE incident_tasks (
  id @ID@,
  incident_id BIGINT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  activation_id BIGINT NOT NULL REFERENCES incident_activations(id) ON DELETE CASCADE,
  town_code TEXT NOT NULL,
  community_code TEXT,
  title TEXT NOT NULL,
  role TEXT,
  unit TEXT,
  assignee_id BIGINT,
  checklist TEXT NOT NULL,
  deadline_ms BIGINT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('issued', 'read', 'accepted', 'feedback', 'done',
                                       'rejected')),
  feedback_text TEXT,
  feedback_lon DOUBLE PRECISION,
  feedback_lat DOUBLE PRECISION,
  feedback_photo TEXT,
  reject_reason TEXT,
  escalations BIGINT NOT NULL DEFAULT 0,
  updated_at_ms BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX incident_tasks_incident ON incident_tasks(incident_id, id);
CREATE INDEX incident_tasks_open ON incident_tasks(state, deadline_ms);

CREATE TABLE incident_escalations (
  id @ID@,
  task_id BIGINT NOT NULL REFERENCES incident_tasks(id) ON DELETE CASCADE,
  stage INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('unread', 'undone')),
  to_whom TEXT NOT NULL,
  due_at_ms BIGINT NOT NULL,
  recorded_at_ms BIGINT NOT NULL,
  UNIQUE (task_id, stage)
);

CREATE TABLE incident_receipts (
  id @ID@,
  activation_id BIGINT NOT NULL REFERENCES incident_activations(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL,
  channel TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'delivered', 'read', 'failed')),
  error TEXT,
  sent_at_ms BIGINT,
  read_at_ms BIGINT,
  UNIQUE (activation_id, user_id, channel)
);
