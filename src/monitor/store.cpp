#include "monitor/store.h"

#include <fmt/format.h>

namespace lakeguard::monitor::store {
namespace {

// The roll-up table of a step: fixed names, never input.
std::string_view rollup_table(Step s) { return s == Step::kHour ? "readings_1h" : "readings_1m"; }

db::Value opt(const std::optional<int64_t>& v) { return v ? db::Value(*v) : db::Value(nullptr); }

TelemetryToken to_token(const db::Row& r) {
  TelemetryToken t;
  t.id = r.i64(0);
  t.name = r.str(1);
  t.created_by = r.opt_i64(2);
  t.created_at_ms = r.i64(3);
  t.revoked_at_ms = r.opt_i64(4);
  return t;
}

}  // namespace

bool insert_reading(db::Connection& c, const Reading& r, int64_t received_ms) {
  return c.exec(
             "INSERT INTO readings (device_id, metric, ts_ms, value, received_at_ms) "
             "VALUES (?, ?, ?, ?, ?) ON CONFLICT (device_id, metric, ts_ms) DO NOTHING",
             {r.device_id, r.metric, r.ts_ms, r.value, received_ms}) > 0;
}

std::optional<int64_t> series_last_ts(db::Connection& c, int64_t device_id,
                                      const std::string& metric) {
  auto rows = c.query("SELECT last_ts_ms FROM reading_series WHERE device_id = ? AND metric = ?",
                      {device_id, metric});
  if (rows.empty()) return std::nullopt;
  return rows.rows[0].i64(0);
}

void upsert_series(db::Connection& c, int64_t device_id, const std::string& metric, int64_t ts_ms,
                   double value) {
  c.exec(
      "INSERT INTO reading_series (device_id, metric, last_ts_ms, last_value) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (device_id, metric) DO UPDATE SET "
      "last_value = CASE WHEN excluded.last_ts_ms >= reading_series.last_ts_ms "
      "THEN excluded.last_value ELSE reading_series.last_value END, "
      "last_ts_ms = CASE WHEN excluded.last_ts_ms >= reading_series.last_ts_ms "
      "THEN excluded.last_ts_ms ELSE reading_series.last_ts_ms END",
      {device_id, metric, ts_ms, value});
}

void add_to_rollup(db::Connection& c, Step step, const Bucket& b) {
  const std::string_view t = rollup_table(step);
  c.exec(fmt::format(
             "INSERT INTO {0} (device_id, metric, bucket_ms, n, total, vmin, vmax, last_ts_ms, "
             "last_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
             "ON CONFLICT (device_id, metric, bucket_ms) DO UPDATE SET "
             "n = {0}.n + excluded.n, total = {0}.total + excluded.total, "
             "vmin = CASE WHEN excluded.vmin < {0}.vmin THEN excluded.vmin ELSE {0}.vmin END, "
             "vmax = CASE WHEN excluded.vmax > {0}.vmax THEN excluded.vmax ELSE {0}.vmax END, "
             "last_value = CASE WHEN excluded.last_ts_ms >= {0}.last_ts_ms "
             "THEN excluded.last_value ELSE {0}.last_value END, "
             "last_ts_ms = CASE WHEN excluded.last_ts_ms >= {0}.last_ts_ms "
             "THEN excluded.last_ts_ms ELSE {0}.last_ts_ms END",
             t),
         {b.device_id, b.metric, b.bucket_ms, b.n, b.sum, b.min, b.max, b.last_ts_ms, b.last});
}

void touch_device(db::Connection& c, int64_t device_id, int64_t seen_ms) {
  c.exec(
      "INSERT INTO device_last_seen (device_id, last_seen_ms) VALUES (?, ?) "
      "ON CONFLICT (device_id) DO UPDATE SET last_seen_ms = CASE WHEN excluded.last_seen_ms > "
      "device_last_seen.last_seen_ms THEN excluded.last_seen_ms ELSE "
      "device_last_seen.last_seen_ms END",
      {device_id, seen_ms});
}

std::optional<int64_t> last_seen(db::Connection& c, int64_t device_id) {
  auto rows = c.query("SELECT last_seen_ms FROM device_last_seen WHERE device_id = ?", {device_id});
  if (rows.empty()) return std::nullopt;
  return rows.rows[0].i64(0);
}

std::vector<Latest> latest_of(db::Connection& c, int64_t device_id) {
  auto rows = c.query(
      "SELECT metric, last_ts_ms, last_value FROM reading_series WHERE device_id = ? "
      "ORDER BY metric",
      {device_id});
  std::vector<Latest> out;
  for (const auto& r : rows.rows) out.push_back(Latest{r.str(0), r.i64(1), r.f64(2)});
  return out;
}

void insert_dead_letter(db::Connection& c, const DeadLetter& d) {
  c.exec(
      "INSERT INTO telemetry_dead_letters (received_at_ms, source, device_code, line_no, reason, "
      "message, payload) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {d.received_at_ms, d.source,
       d.device_code.empty() ? db::Value(nullptr) : db::Value(d.device_code), opt(d.line),
       std::string(reason_code(d.reason)), d.message, d.payload});
}

std::vector<Point> select_points(db::Connection& c, Step step, int64_t device_id,
                                 const std::string& metric, int64_t from_ms, int64_t to_ms,
                                 int64_t limit) {
  std::vector<Point> out;
  if (step == Step::kRaw) {
    c.query_each(
        "SELECT ts_ms, value FROM readings WHERE device_id = ? AND metric = ? AND ts_ms > ? AND "
        "ts_ms <= ? ORDER BY ts_ms LIMIT ?",
        {device_id, metric, from_ms, to_ms, limit}, [&](const db::RowView& r) {
          const double v = r.f64(1);
          out.push_back(Point{r.i64(0), 1, v, v, v, v});
        });
    return out;
  }
  c.query_each(fmt::format("SELECT bucket_ms, n, total, vmin, vmax, last_value FROM {} WHERE "
                           "device_id = ? AND metric = ? AND bucket_ms > ? AND bucket_ms <= ? "
                           "ORDER BY bucket_ms LIMIT ?",
                           rollup_table(step)),
               {device_id, metric, from_ms, to_ms, limit}, [&](const db::RowView& r) {
                 out.push_back(Point{r.i64(0), r.i64(1), r.f64(2), r.f64(3), r.f64(4), r.f64(5)});
               });
  return out;
}

std::vector<std::pair<int64_t, double>> select_raw(db::Connection& c, int64_t device_id,
                                                   const std::string& metric, int64_t from_ms,
                                                   int64_t to_ms) {
  std::vector<std::pair<int64_t, double>> out;
  c.query_each(
      "SELECT ts_ms, value FROM readings WHERE device_id = ? AND metric = ? AND ts_ms > ? AND "
      "ts_ms <= ? ORDER BY ts_ms",
      {device_id, metric, from_ms, to_ms},
      [&](const db::RowView& r) { out.emplace_back(r.i64(0), r.f64(1)); });
  return out;
}

int64_t delete_raw_before(db::Connection& c, int64_t before_ms) {
  return c.exec("DELETE FROM readings WHERE ts_ms < ?", {before_ms});
}

int64_t delete_rollup_before(db::Connection& c, Step step, int64_t before_ms) {
  return c.exec(fmt::format("DELETE FROM {} WHERE bucket_ms < ?", rollup_table(step)), {before_ms});
}

int64_t delete_dead_letters_before(db::Connection& c, int64_t before_ms) {
  return c.exec("DELETE FROM telemetry_dead_letters WHERE received_at_ms < ?", {before_ms});
}

int64_t insert_token(db::Connection& c, const std::string& name, const std::string& hash,
                     std::optional<int64_t> created_by, int64_t now_ms) {
  auto rows = c.query(
      "INSERT INTO telemetry_tokens (name, token_hash, created_by, created_at_ms) "
      "VALUES (?, ?, ?, ?) RETURNING id",
      {name, hash, opt(created_by), now_ms});
  return rows.rows.at(0).i64(0);
}

std::optional<int64_t> live_token(db::Connection& c, const std::string& hash) {
  auto rows = c.query(
      "SELECT id FROM telemetry_tokens WHERE token_hash = ? AND revoked_at_ms IS NULL", {hash});
  if (rows.empty()) return std::nullopt;
  return rows.rows[0].i64(0);
}

std::vector<TelemetryToken> select_tokens(db::Connection& c) {
  auto rows = c.query(
      "SELECT id, name, created_by, created_at_ms, revoked_at_ms FROM telemetry_tokens ORDER BY "
      "id");
  std::vector<TelemetryToken> out;
  for (const auto& r : rows.rows) out.push_back(to_token(r));
  return out;
}

std::optional<TelemetryToken> select_token(db::Connection& c, int64_t id) {
  auto rows = c.query(
      "SELECT id, name, created_by, created_at_ms, revoked_at_ms FROM telemetry_tokens WHERE "
      "id = ?",
      {id});
  if (rows.empty()) return std::nullopt;
  return to_token(rows.rows[0]);
}

bool revoke_token(db::Connection& c, int64_t id, int64_t now_ms) {
  return c.exec(
             "UPDATE telemetry_tokens SET revoked_at_ms = ? WHERE id = ? AND revoked_at_ms IS "
             "NULL",
             {now_ms, id}) > 0;
}

}  // namespace lakeguard::monitor::store
