-- Safety codes (一码, docs/codes.md): special-operations workers (特种作业人员) and the codes of
-- enterprises and workers. Each row keeps the town/community of its enterprise so scope is applied
-- in the query (ARCHITECTURE.md §3) without reading the registry's tables. Times are epoch
-- milliseconds (UTC); dates are Asia/Shanghai YYYY-MM-DD.

CREATE TABLE special_workers (
  id @ID@,
  enterprise_id BIGINT NOT NULL,
  town_code TEXT NOT NULL,
  community_code TEXT,
  name TEXT NOT NULL,
  category TEXT NOT NULL,
  certificate_no TEXT NOT NULL,
  certificate_valid_until TEXT NOT NULL,
  trained_on TEXT,
  open_violation INTEGER NOT NULL DEFAULT 0,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX special_workers_enterprise ON special_workers(enterprise_id);
CREATE INDEX special_workers_town ON special_workers(town_code);
CREATE UNIQUE INDEX special_workers_certificate ON special_workers(certificate_no);

-- One code per subject ('enterprise' or 'worker'); the token is what the QR URL carries.
CREATE TABLE safety_codes (
  id @ID@,
  subject TEXT NOT NULL,
  subject_id BIGINT NOT NULL,
  token TEXT NOT NULL UNIQUE,
  enterprise_id BIGINT NOT NULL,
  town_code TEXT NOT NULL,
  community_code TEXT,
  claimed_at_ms BIGINT,
  claimed_by BIGINT,
  claimed_by_name TEXT,
  created_at_ms BIGINT NOT NULL,
  UNIQUE (subject, subject_id)
);
CREATE INDEX safety_codes_town ON safety_codes(town_code);
CREATE INDEX safety_codes_enterprise ON safety_codes(enterprise_id);
