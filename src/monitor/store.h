#pragma once
// The monitor context's SQL (tables of migrations/0011_monitor.sql): every statement with bound
// parameters; table names only from the constants here.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/telemetry.h"
#include "db/database.h"
#include "monitor/model.h"

namespace lakeguard::monitor::store {

// Appends r; false when (device, metric, ts) was stored before (nothing written).
bool insert_reading(db::Connection& c, const Reading& r, int64_t received_ms);
// The newest stored ts of the series, if any.
std::optional<int64_t> series_last_ts(db::Connection& c, int64_t device_id,
                                      const std::string& metric);
// Keeps the newest (ts, value) of the series.
void upsert_series(db::Connection& c, int64_t device_id, const std::string& metric, int64_t ts_ms,
                   double value);
// Adds b to its roll-up row (kMinute or kHour).
void add_to_rollup(db::Connection& c, Step step, const Bucket& b);
void touch_device(db::Connection& c, int64_t device_id, int64_t seen_ms);
std::optional<int64_t> last_seen(db::Connection& c, int64_t device_id);
// The newest reading of each of the device's series: (metric, ts, value), by metric.
struct Latest {
  std::string metric;
  int64_t ts_ms = 0;
  double value = 0;
};
std::vector<Latest> latest_of(db::Connection& c, int64_t device_id);
void insert_dead_letter(db::Connection& c, const DeadLetter& d);

// Points of a series with from_ms < ts ≤ to_ms (roll-ups: bucket start in that range), oldest
// first, at most `limit`.
std::vector<Point> select_points(db::Connection& c, Step step, int64_t device_id,
                                 const std::string& metric, int64_t from_ms, int64_t to_ms,
                                 int64_t limit);
// Raw readings with from_ms < ts ≤ to_ms, in ts order (ReadingHistory).
std::vector<std::pair<int64_t, double>> select_raw(db::Connection& c, int64_t device_id,
                                                   const std::string& metric, int64_t from_ms,
                                                   int64_t to_ms);

// Retention: rows older than before_ms go. Returns the rows deleted.
int64_t delete_raw_before(db::Connection& c, int64_t before_ms);
int64_t delete_rollup_before(db::Connection& c, Step step, int64_t before_ms);
int64_t delete_dead_letters_before(db::Connection& c, int64_t before_ms);

int64_t insert_token(db::Connection& c, const std::string& name, const std::string& hash,
                     std::optional<int64_t> created_by, int64_t now_ms);
// The id of the live (not revoked) token with this hash.
std::optional<int64_t> live_token(db::Connection& c, const std::string& hash);
std::vector<TelemetryToken> select_tokens(db::Connection& c);
std::optional<TelemetryToken> select_token(db::Connection& c, int64_t id);
bool revoke_token(db::Connection& c, int64_t id, int64_t now_ms);

}  // namespace lakeguard::monitor::store
