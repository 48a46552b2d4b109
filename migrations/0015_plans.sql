-- The plan centre (预案中心, docs/plans.md): plans, the immutable snapshot of every published
-- edition, and attachments (PDF/DOCX, content-hashed). A plan keeps its place (town, community,
-- enterprise) as columns so scope is applied in the query (ARCHITECTURE.md §3); a district plan
-- has no town. `content` is the structured content's JSON text (validated before it is written).
-- Times are epoch milliseconds (UTC); revision_due is a date (YYYY-MM-DD, Asia/Shanghai).

CREATE TABLE plans (
  id @ID@,
  title TEXT NOT NULL,
  category TEXT NOT NULL,
  sub_type TEXT,
  level TEXT NOT NULL,
  owner_unit TEXT NOT NULL,
  jurisdiction_code TEXT NOT NULL,
  town_code TEXT,
  community_code TEXT,
  enterprise_id BIGINT,
  keywords TEXT NOT NULL,
  summary TEXT,
  content TEXT NOT NULL,
  status TEXT NOT NULL,
  edition BIGINT NOT NULL DEFAULT 1,
  in_force_edition BIGINT,
  author_id BIGINT,
  author_name TEXT NOT NULL,
  approver_id BIGINT,
  approver_name TEXT,
  approved_at_ms BIGINT,
  revision_due TEXT,
  synthetic INTEGER NOT NULL DEFAULT 0,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  published_at_ms BIGINT,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX plans_town ON plans(town_code, status);
CREATE INDEX plans_community ON plans(community_code);
CREATE INDEX plans_enterprise ON plans(enterprise_id);
CREATE INDEX plans_in_force ON plans(in_force_edition);

-- One row per published edition, never changed: the plan as it was published (its JSON), who
-- approved and who published it. Matching reads the edition in force from here.
CREATE TABLE plan_versions (
  plan_id BIGINT NOT NULL REFERENCES plans(id),
  edition BIGINT NOT NULL,
  snapshot TEXT NOT NULL,
  approver_id BIGINT,
  approver_name TEXT,
  published_by TEXT NOT NULL,
  published_at_ms BIGINT NOT NULL,
  PRIMARY KEY (plan_id, edition)
);

-- Attachments: the bytes base64-encoded in `content_b64` (TEXT on both engines), their SHA-256
-- and the type found from the bytes themselves.
CREATE TABLE plan_attachments (
  id @ID@,
  plan_id BIGINT NOT NULL REFERENCES plans(id),
  filename TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  content_b64 TEXT NOT NULL,
  uploaded_by TEXT NOT NULL,
  uploaded_at_ms BIGINT NOT NULL
);
CREATE INDEX plan_attachments_plan ON plan_attachments(plan_id);
