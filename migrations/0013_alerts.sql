-- Early warnings published as CAP 1.2 messages (预警发布; docs/alerts.md). One row per CAP
-- message: an Alert, an Update (a new row referring to the one it updates) or a Cancel. The draft
-- fields are columns; the area's geometry is GeoJSON text (a Polygon, a MultiPolygon or a circle
-- object); the English info is a JSON object or NULL. identifier, sender, sent_ms, refs and xml
-- are set once, at publication, and never change afterwards (the XML is kept exactly as
-- published). Times are epoch milliseconds (UTC).

CREATE TABLE warnings (
  id @ID@,
  status TEXT NOT NULL,
  msg_type TEXT NOT NULL,
  cap_status TEXT NOT NULL,
  category TEXT NOT NULL,
  event TEXT NOT NULL,
  colour TEXT NOT NULL,
  urgency TEXT NOT NULL,
  severity TEXT NOT NULL,
  certainty TEXT NOT NULL,
  effective_ms BIGINT NOT NULL,
  expires_ms BIGINT NOT NULL,
  headline TEXT NOT NULL,
  description TEXT NOT NULL,
  instruction TEXT NOT NULL,
  area_description TEXT NOT NULL,
  geometry TEXT NOT NULL,
  town_code TEXT,
  en TEXT,
  note TEXT,
  source_alarm_id BIGINT,
  previous_id BIGINT REFERENCES warnings(id),
  superseded_by_id BIGINT REFERENCES warnings(id),
  drafted_by_id BIGINT,
  drafted_by TEXT NOT NULL,
  approved_by_id BIGINT,
  approved_by TEXT,
  approved_at_ms BIGINT,
  published_by_id BIGINT,
  published_by TEXT,
  identifier TEXT UNIQUE,
  sender TEXT,
  sent_ms BIGINT,
  refs TEXT,
  xml TEXT,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX warnings_status ON warnings(status, expires_ms);
CREATE INDEX warnings_town ON warnings(town_code);

-- Every step of a warning: who, when, from which state to which, and what they gave.
CREATE TABLE warning_actions (
  id @ID@,
  warning_id BIGINT NOT NULL REFERENCES warnings(id) ON DELETE CASCADE,
  action TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  actor_id BIGINT,
  actor TEXT NOT NULL,
  at_ms BIGINT NOT NULL,
  payload TEXT NOT NULL,
  request_id TEXT
);
CREATE INDEX warning_actions_warning ON warning_actions(warning_id, id);
