-- Hidden dangers (事故隐患, 16号令; docs/hazards.md) and their action history. A hazard keeps the
-- town/community of its enterprise as they were when it was reported, so scope is applied in the
-- query (ARCHITECTURE.md §3) without reading the registry's tables. Times are epoch
-- milliseconds (UTC); deadlines and closed_on are dates in Asia/Shanghai (YYYY-MM-DD).

CREATE TABLE hazards (
  id @ID@,
  enterprise_id BIGINT NOT NULL,
  town_code TEXT NOT NULL,
  community_code TEXT,
  industry TEXT,
  location TEXT,
  description TEXT NOT NULL,
  class TEXT NOT NULL,
  source TEXT NOT NULL,
  category TEXT,
  found_at_ms BIGINT NOT NULL,
  found_by TEXT NOT NULL,
  status TEXT NOT NULL,
  deadline TEXT,
  plan_measures TEXT,
  plan_funds_yuan DOUBLE PRECISION,
  plan_responsible TEXT,
  plan_deadline TEXT,
  plan_interim_measures TEXT,
  reported_by BIGINT,
  reported_by_name TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  confirmed_at_ms BIGINT,
  closed_at_ms BIGINT,
  closed_on TEXT,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX hazards_town ON hazards(town_code, status);
CREATE INDEX hazards_community ON hazards(community_code);
CREATE INDEX hazards_enterprise ON hazards(enterprise_id);
CREATE INDEX hazards_open_deadline ON hazards(status, deadline);

-- Every action on a hazard, report included: who, when, from which state to which, and what
-- they gave (a JSON object).
CREATE TABLE hazard_actions (
  id @ID@,
  hazard_id BIGINT NOT NULL REFERENCES hazards(id) ON DELETE CASCADE,
  action TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  actor_id BIGINT,
  actor TEXT NOT NULL,
  at_ms BIGINT NOT NULL,
  payload TEXT NOT NULL,
  request_id TEXT
);
CREATE INDEX hazard_actions_hazard ON hazard_actions(hazard_id, id);
