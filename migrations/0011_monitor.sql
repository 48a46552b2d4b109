-- Telemetry (context monitor, docs/monitor.md): raw readings of registry devices, their 1-minute and
-- 1-hour roll-ups, the latest reading per series, each device's last-seen time, the dead letters of
-- refused payloads and the telemetry-only API tokens of gateways. Times are epoch milliseconds
-- (UTC). A repeated (device, metric, ts) is stored once: the primary key, with
-- INSERT … ON CONFLICT DO NOTHING.

CREATE TABLE readings (
  device_id BIGINT NOT NULL,
  metric TEXT NOT NULL,
  ts_ms BIGINT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  received_at_ms BIGINT NOT NULL,
  PRIMARY KEY (device_id, metric, ts_ms)
);
CREATE INDEX readings_ts ON readings(ts_ms);

-- Roll-ups: one row per (device, metric, bucket start); n readings, their sum, min, max and the
-- value of the latest reading in the bucket (last_ts_ms, last_value).
CREATE TABLE readings_1m (
  device_id BIGINT NOT NULL,
  metric TEXT NOT NULL,
  bucket_ms BIGINT NOT NULL,
  n BIGINT NOT NULL,
  total DOUBLE PRECISION NOT NULL,
  vmin DOUBLE PRECISION NOT NULL,
  vmax DOUBLE PRECISION NOT NULL,
  last_ts_ms BIGINT NOT NULL,
  last_value DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (device_id, metric, bucket_ms)
);
CREATE INDEX readings_1m_bucket ON readings_1m(bucket_ms);

CREATE TABLE readings_1h (
  device_id BIGINT NOT NULL,
  metric TEXT NOT NULL,
  bucket_ms BIGINT NOT NULL,
  n BIGINT NOT NULL,
  total DOUBLE PRECISION NOT NULL,
  vmin DOUBLE PRECISION NOT NULL,
  vmax DOUBLE PRECISION NOT NULL,
  last_ts_ms BIGINT NOT NULL,
  last_value DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (device_id, metric, bucket_ms)
);
CREATE INDEX readings_1h_bucket ON readings_1h(bucket_ms);

-- The newest reading of each series (what makes an arriving reading "late").
CREATE TABLE reading_series (
  device_id BIGINT NOT NULL,
  metric TEXT NOT NULL,
  last_ts_ms BIGINT NOT NULL,
  last_value DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (device_id, metric)
);

-- When lakeguard last received a reading of the device (online/offline).
CREATE TABLE device_last_seen (
  device_id BIGINT PRIMARY KEY,
  last_seen_ms BIGINT NOT NULL
);

-- Refused payloads: source 'http' or 'mqtt', the reason code (monitor/payload.h), the raw payload
-- cut to a limit.
CREATE TABLE telemetry_dead_letters (
  id @ID@,
  received_at_ms BIGINT NOT NULL,
  source TEXT NOT NULL,
  device_code TEXT,
  line_no BIGINT,
  reason TEXT NOT NULL,
  message TEXT NOT NULL,
  payload TEXT NOT NULL
);
CREATE INDEX telemetry_dead_letters_received ON telemetry_dead_letters(received_at_ms);

-- Gateway tokens: may only POST /api/v1/telemetry. Only the SHA-256 of the token is kept.
CREATE TABLE telemetry_tokens (
  id @ID@,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_by BIGINT,
  created_at_ms BIGINT NOT NULL,
  revoked_at_ms BIGINT
);
