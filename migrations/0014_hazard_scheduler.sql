-- The store-backed scheduler of reminders and supervision orders (督办), and hidden-danger photos
-- (issue 10 items 1 and 2; docs/hazards.md "The scheduler pass" and "Photos").
--
-- responsible_level: who answers for the rectification (enterprise | community | town |
-- district; src/hazards/schedule.h responsible_level). Set by confirm from the confirming role.
-- Existing rows were all confirmed by roles that leave the enterprise responsible (community
-- officers may not confirm), so 'enterprise' is their value.
-- deadline_set_at_ms: when the current deadline was set (confirm or reopen): a reminder whose
-- moment came before it was never owed. Existing rows take their last confirm or reopen.
ALTER TABLE hazards ADD COLUMN responsible_level TEXT NOT NULL DEFAULT 'enterprise';
ALTER TABLE hazards ADD COLUMN deadline_set_at_ms BIGINT;
UPDATE hazards SET deadline_set_at_ms = (
  SELECT MAX(a.at_ms) FROM hazard_actions a
  WHERE a.hazard_id = hazards.id AND a.action IN ('confirm', 'reopen'))
WHERE deadline IS NOT NULL;
UPDATE hazards SET deadline_set_at_ms = COALESCE(confirmed_at_ms, updated_at_ms)
WHERE deadline IS NOT NULL AND deadline_set_at_ms IS NULL;

-- Delivery of a recorded notice (after the pass's commit, through a NoticeSender):
-- delivery: pending (recorded, not yet handed over) | sending (claimed by one pass) | sent |
-- failed (the sender refused; retried up to a limit) | superseded (recorded only, never sent).
-- late: recorded more than the scheduler's grace after it was due (a pass after a downtime).
ALTER TABLE hazard_notices ADD COLUMN late INTEGER NOT NULL DEFAULT 0;
ALTER TABLE hazard_notices ADD COLUMN delivery TEXT NOT NULL DEFAULT 'pending';
ALTER TABLE hazard_notices ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE hazard_notices ADD COLUMN claimed_at_ms BIGINT;
ALTER TABLE hazard_notices ADD COLUMN delivered_at_ms BIGINT;
ALTER TABLE hazard_notices ADD COLUMN delivery_error TEXT;
UPDATE hazard_notices SET delivery = 'superseded' WHERE superseded = 1;
CREATE INDEX hazard_notices_delivery ON hazard_notices(delivery, id);
CREATE INDEX hazards_followed ON hazards(status, deadline, id);

-- Photos (JPEG/PNG/WebP by their magic bytes), stored once per content: hash is the lowercase
-- hex SHA-256 of the bytes; content is their base64 (TEXT on both engines).
CREATE TABLE hazard_photos (
  hash TEXT PRIMARY KEY,
  media_type TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'image/webp')),
  size_bytes BIGINT NOT NULL,
  content TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL
);
-- Which hidden danger shows which photo, and as what: finding (at the report) or evidence (of
-- the rectification, named by submit).
CREATE TABLE hazard_photo_links (
  id @ID@,
  hazard_id BIGINT NOT NULL REFERENCES hazards(id) ON DELETE CASCADE,
  hash TEXT NOT NULL REFERENCES hazard_photos(hash),
  purpose TEXT NOT NULL CHECK (purpose IN ('finding', 'evidence')),
  added_by TEXT NOT NULL,
  added_at_ms BIGINT NOT NULL,
  UNIQUE (hazard_id, hash)
);
CREATE INDEX hazard_photo_links_hash ON hazard_photo_links(hash);
