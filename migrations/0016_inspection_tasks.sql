-- 掌上执法 (src/inspections/, issue 10 item 4): checklist templates (检查表), inspection tasks
-- (检查任务) with their recorded items, and the penalties (行政处罚) decided on them. Photos are
-- in the hidden dangers' store (hazard_photos); an item keeps only the hash.
CREATE TABLE inspection_templates (
  id @ID@,
  name TEXT NOT NULL,
  industry TEXT NOT NULL,
  demo INTEGER NOT NULL DEFAULT 0,       -- 1: a seeded demo template, not an official one
  items TEXT NOT NULL,                   -- JSON array [{"text","basis"}]
  created_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE inspection_tasks (
  id @ID@,
  template_id BIGINT NOT NULL REFERENCES inspection_templates(id),
  draw_id BIGINT REFERENCES inspection_draws(id),
  enterprise_id BIGINT NOT NULL,
  enterprise_name TEXT NOT NULL,
  town_code TEXT NOT NULL,
  community_code TEXT NOT NULL,
  inspectors TEXT NOT NULL,              -- JSON array [{"id","name"}]
  status TEXT NOT NULL,                  -- assigned | in_progress | completed | cancelled
  cancel_reason TEXT,
  created_by BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL,
  started_at TEXT,
  completed_at TEXT,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX inspection_tasks_town ON inspection_tasks(town_code);
CREATE INDEX inspection_tasks_enterprise ON inspection_tasks(enterprise_id);
-- One task per drawn enterprise (ad hoc tasks have no draw).
CREATE UNIQUE INDEX inspection_tasks_draw ON inspection_tasks(draw_id, enterprise_id);

CREATE TABLE inspection_task_items (
  task_id BIGINT NOT NULL REFERENCES inspection_tasks(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  text TEXT NOT NULL,
  basis TEXT NOT NULL,
  result TEXT,                           -- pass | fail | na; NULL: not yet recorded
  note TEXT NOT NULL DEFAULT '',
  photo_hash TEXT,
  lon DOUBLE PRECISION,                  -- GCJ-02
  lat DOUBLE PRECISION,
  recorded_by TEXT,
  recorded_at TEXT,
  hazard_id BIGINT,                      -- the hidden danger the finding became
  PRIMARY KEY (task_id, seq)
);

CREATE TABLE inspection_penalties (
  id @ID@,
  task_id BIGINT NOT NULL REFERENCES inspection_tasks(id) ON DELETE CASCADE,
  violation TEXT NOT NULL,
  violation_text TEXT NOT NULL,
  basis TEXT NOT NULL,
  level TEXT NOT NULL,                   -- 轻微 | 一般 | 较重 | 严重
  amount_yuan BIGINT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  decided_by TEXT NOT NULL,
  decided_at TEXT NOT NULL
);
CREATE INDEX inspection_penalties_task ON inspection_penalties(task_id);

-- Demo templates (演示): realistic items, labelled demo; a district adds its own official ones.
INSERT INTO inspection_templates (name, industry, demo, items, created_at) VALUES
('危险化学品企业安全检查表（演示）', '危险化学品', 1,
 '[{"text":"主要负责人和安全生产管理人员经考核合格","basis":"《安全生产法》第二十七条"},{"text":"重大危险源已登记建档，定期检测、评估、监控，并报应急管理部门备案","basis":"《安全生产法》第四十条"},{"text":"动火、受限空间等特殊作业按规定办理作业许可并落实安全措施","basis":"GB 30871-2022《危险化学品企业特殊作业安全规范》第4章、第5章"},{"text":"危险化学品储存场所及设备设置明显的安全警示标志","basis":"《安全生产法》第三十五条"},{"text":"建立事故隐患排查治理制度，排查治理情况如实记录并向从业人员通报","basis":"《安全生产法》第四十一条"}]',
 '2026-12-07T00:00:00Z'),
('人员密集场所消防安全检查表（演示）', '人员密集场所', 1,
 '[{"text":"疏散通道、安全出口畅通，未锁闭、占用、堵塞","basis":"《消防法》第二十八条"},{"text":"消防设施、器材按标准配置并完好有效，每年至少全面检测一次","basis":"《消防法》第十六条第一款第（二）项、第（三）项"},{"text":"疏散指示标志和应急照明完好","basis":"《消防法》第十六条第一款第（四）项"},{"text":"组织防火检查，及时消除火灾隐患","basis":"《消防法》第十六条第一款第（五）项"}]',
 '2026-12-07T00:00:00Z'),
('工贸企业安全检查表（演示）', '工贸', 1,
 '[{"text":"从业人员经安全生产教育和培训合格后上岗","basis":"《安全生产法》第二十八条"},{"text":"有较大危险因素的场所和设施设备设置明显的安全警示标志","basis":"《安全生产法》第三十五条"},{"text":"为从业人员提供符合标准的劳动防护用品并监督正确佩戴","basis":"《安全生产法》第四十五条"},{"text":"有限空间作业执行审批，先通风、再检测、后作业","basis":"《工贸企业有限空间作业安全规定》（应急管理部令第13号）"},{"text":"粉尘涉爆除尘系统按规定设置并定期清理","basis":"《工贸企业粉尘防爆安全规定》（应急管理部令第6号）"}]',
 '2026-12-07T00:00:00Z');
