-- Alarms (docs/alarms.md): monitoring rules, their per-device evaluation state, the alarms they
-- raise and each alarm's history. An alarm keeps its device's town/community as they were when
-- raised, so scope is applied in the query (ARCHITECTURE.md §3). Times are epoch milliseconds.

-- Editable rules; `definition` is the rule's writable fields as JSON (src/alarms/rules.h). The
-- built-in rainstorm rule is seeded by the alarms module at start-up.
CREATE TABLE alarm_rules (
  id @ID@,
  name TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  built_in INTEGER NOT NULL DEFAULT 0,
  definition TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);

-- What a rule remembers per device (hold timers, hysteresis level, silence, rain windows and the
-- clear period), so a restart evaluates as if it had not happened.
CREATE TABLE alarm_rule_states (
  rule_id BIGINT NOT NULL REFERENCES alarm_rules(id) ON DELETE CASCADE,
  device_id BIGINT NOT NULL,
  device_code TEXT NOT NULL,
  device_kind TEXT NOT NULL,
  metric TEXT NOT NULL,
  town_code TEXT,
  community_code TEXT,
  state TEXT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  PRIMARY KEY (rule_id, device_id)
);

CREATE TABLE alarms (
  id @ID@,
  device_id BIGINT NOT NULL,
  device_code TEXT NOT NULL,
  metric TEXT NOT NULL,
  rule TEXT NOT NULL,
  level TEXT NOT NULL,
  level_rank INTEGER NOT NULL,
  status TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  first_seen_ms BIGINT NOT NULL,
  last_seen_ms BIGINT NOT NULL,
  occurrences BIGINT NOT NULL DEFAULT 1,
  message TEXT NOT NULL,
  town_code TEXT,
  community_code TEXT,
  incident_ref TEXT,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
-- The fingerprint (device, metric, rule) is unique among non-terminal alarms: a new occurrence
-- counts on the open one; after closed/dismissed a new alarm is opened.
CREATE UNIQUE INDEX alarms_fingerprint_open ON alarms(device_id, metric, rule)
  WHERE status NOT IN ('closed', 'dismissed');
CREATE INDEX alarms_town ON alarms(town_code, status);
CREATE INDEX alarms_community ON alarms(community_code);
CREATE INDEX alarms_last_seen ON alarms(last_seen_ms);

-- Every step of an alarm: the rules' raise/occur/escalate/lower/clear (actor "rules") and the
-- users' lifecycle actions, with the state and level before and after.
CREATE TABLE alarm_actions (
  id @ID@,
  alarm_id BIGINT NOT NULL REFERENCES alarms(id) ON DELETE CASCADE,
  action TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  from_level TEXT,
  to_level TEXT NOT NULL,
  actor_id BIGINT,
  actor TEXT NOT NULL,
  at_ms BIGINT NOT NULL,
  note TEXT,
  request_id TEXT
);
CREATE INDEX alarm_actions_alarm ON alarm_actions(alarm_id, id);
