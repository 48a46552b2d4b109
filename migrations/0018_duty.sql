-- The duty rota (值班, docs/duty.md): shifts per unit (the district or a town) with their people,
-- handovers (交接班), the duty log (值班日志) and the address book's phone numbers (通讯录).
-- Every table keeps the unit's town as `town_code` (NULL for the district's own rota) so scope is
-- applied in the query (ARCHITECTURE.md §3). Times are epoch milliseconds (UTC); a shift's
-- interval is (starts_at_ms, ends_at_ms].

CREATE TABLE duty_shifts (
  id @ID@,
  unit_code TEXT NOT NULL,
  town_code TEXT,
  starts_at_ms BIGINT NOT NULL,
  ends_at_ms BIGINT NOT NULL,
  note TEXT,
  synthetic INTEGER NOT NULL DEFAULT 0,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX duty_shifts_unit ON duty_shifts(unit_code, starts_at_ms);
CREATE INDEX duty_shifts_time ON duty_shifts(starts_at_ms, ends_at_ms);

-- The people of a shift: users, each once per shift, with a duty role (leader/officer/standby).
CREATE TABLE duty_assignments (
  shift_id BIGINT NOT NULL REFERENCES duty_shifts(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL,
  role TEXT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (shift_id, user_id)
);
CREATE INDEX duty_assignments_user ON duty_assignments(user_id);

-- One handover per outgoing shift, to the unit's next shift.
CREATE TABLE duty_handovers (
  id @ID@,
  shift_id BIGINT NOT NULL UNIQUE REFERENCES duty_shifts(id),
  next_shift_id BIGINT NOT NULL REFERENCES duty_shifts(id),
  unit_code TEXT NOT NULL,
  town_code TEXT,
  state TEXT NOT NULL,
  open_items TEXT NOT NULL,
  notes TEXT NOT NULL,
  written_by BIGINT NOT NULL,
  written_by_name TEXT NOT NULL,
  written_at_ms BIGINT NOT NULL,
  acknowledged_by BIGINT,
  acknowledged_by_name TEXT,
  acknowledged_at_ms BIGINT
);
CREATE INDEX duty_handovers_next ON duty_handovers(next_shift_id);

CREATE TABLE duty_log (
  id @ID@,
  shift_id BIGINT NOT NULL REFERENCES duty_shifts(id),
  unit_code TEXT NOT NULL,
  town_code TEXT,
  at_ms BIGINT NOT NULL,
  kind TEXT NOT NULL,
  body TEXT NOT NULL,
  author_id BIGINT NOT NULL,
  author_name TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL
);
CREATE INDEX duty_log_shift ON duty_log(shift_id, at_ms);

-- The address book: a unit's people (users) and their phone numbers.
CREATE TABLE duty_contacts (
  user_id BIGINT PRIMARY KEY,
  name TEXT NOT NULL,
  unit_code TEXT NOT NULL,
  town_code TEXT,
  title TEXT NOT NULL,
  phone TEXT,
  synthetic INTEGER NOT NULL DEFAULT 0,
  updated_at_ms BIGINT NOT NULL
);
CREATE INDEX duty_contacts_town ON duty_contacts(town_code);
