-- Risk on the registry (issue 8 item 3; docs/risk.md "Enterprise risk index", "Risk points"):
-- risk points (风险点) with their LEC or LS assessment, each enterprise's current risk snapshot and
-- the series of its changes. A row keeps its enterprise's town/community as they were when it was
-- written, so scope is applied in the query without reading the registry's tables. Times are
-- epoch milliseconds (UTC).

CREATE TABLE risk_points (
  id @ID@,
  enterprise_id BIGINT NOT NULL,
  town_code TEXT NOT NULL,
  community_code TEXT,
  name TEXT NOT NULL,
  location TEXT,
  method TEXT NOT NULL,
  factor_l DOUBLE PRECISION NOT NULL,
  factor_e DOUBLE PRECISION,
  factor_c DOUBLE PRECISION,
  factor_s BIGINT,
  score DOUBLE PRECISION NOT NULL,
  level TEXT NOT NULL,
  colour TEXT NOT NULL,
  assessed_by TEXT NOT NULL,
  assessed_at TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX risk_points_enterprise ON risk_points(enterprise_id);
CREATE INDEX risk_points_town ON risk_points(town_code);

-- The current index of each enterprise: the factors as the API shows them (a JSON array).
CREATE TABLE enterprise_risk (
  enterprise_id BIGINT PRIMARY KEY,
  town_code TEXT NOT NULL,
  community_code TEXT,
  risk_index DOUBLE PRECISION NOT NULL,
  colour TEXT NOT NULL,
  major_hazard TEXT NOT NULL,
  factors TEXT NOT NULL,
  computed_on TEXT NOT NULL,
  computed_at_ms BIGINT NOT NULL
);
CREATE INDEX enterprise_risk_town ON enterprise_risk(town_code, colour);

-- One row each time an enterprise's index or colour changed.
CREATE TABLE enterprise_risk_history (
  id @ID@,
  enterprise_id BIGINT NOT NULL,
  risk_index DOUBLE PRECISION NOT NULL,
  colour TEXT NOT NULL,
  factors TEXT NOT NULL,
  computed_at_ms BIGINT NOT NULL
);
CREATE INDEX enterprise_risk_history_enterprise ON enterprise_risk_history(enterprise_id, id);
