-- Inspection plans (抽查计划, issue 10 §3): a year's targets by enterprise category, each with the
-- share of its enterprises to draw and how often; a draw may be made for one target of a plan.
CREATE TABLE inspection_plans (
  id @ID@,
  year INTEGER NOT NULL,
  name TEXT NOT NULL,
  town_code TEXT,                        -- the creating town officer's town; NULL: district-wide
  targets TEXT NOT NULL,                 -- JSON array [{"label","pool","ratio_percent","times_per_year"}]
  created_by BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX inspection_plans_town ON inspection_plans(town_code);
ALTER TABLE inspection_draws ADD COLUMN plan_id BIGINT REFERENCES inspection_plans(id);
ALTER TABLE inspection_draws ADD COLUMN plan_target INTEGER;
CREATE INDEX inspection_draws_plan ON inspection_draws(plan_id);
