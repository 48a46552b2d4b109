-- 双随机一公开 draws (src/inspections/, issue 10 §3): commit-then-reveal with witnesses. The pools
-- are fixed at creation (JSON arrays of {"id","name"}); the server seed stays in this table only
-- and is returned by the API once the draw is revealed.
CREATE TABLE inspection_draws (
  id @ID@,
  title TEXT NOT NULL,
  town_code TEXT,                        -- the creating town officer's town; NULL: district-wide
  k INTEGER NOT NULL,
  m INTEGER NOT NULL,
  pool_filter TEXT NOT NULL,             -- JSON object: the enterprise filters used
  pool_enterprises TEXT NOT NULL,        -- JSON array [{"id","name"}] in id order
  pool_inspectors TEXT NOT NULL,         -- JSON array [{"id","name"}] in id order
  excluded_inspectors TEXT NOT NULL,     -- JSON array [{"id","name","reason"}] (conflicts of interest)
  seed_hex TEXT NOT NULL,                -- secret until revealed
  commitment TEXT NOT NULL,
  status TEXT NOT NULL,                  -- open | revealed
  final_seed TEXT,
  selected_enterprises TEXT,             -- JSON array [{"id","name"}] in key order
  selected_inspectors TEXT,
  created_by BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL,
  revealed_at TEXT,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX inspection_draws_town ON inspection_draws(town_code);

CREATE TABLE inspection_draw_witnesses (
  draw_id BIGINT NOT NULL REFERENCES inspection_draws(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,                  -- 1, 2, … in the order added (the order of final_seed)
  name TEXT NOT NULL,
  entropy TEXT NOT NULL,
  added_by BIGINT REFERENCES users(id),
  added_at TEXT NOT NULL,
  PRIMARY KEY (draw_id, seq)
);
