#pragma once
// Telemetry ingest and storage (issue 9 items 1–2; docs/monitor.md): payloads parsed
// (monitor/payload.h), devices resolved through the registry's service (code → device cached in
// memory, reloaded after a registry `devices` event or on a miss), each batch appended in one
// transaction with its roll-ups, series heads, last-seen times and dead letters, then published
// to the ReadingFeed (core/telemetry.h). Reads of a device's series and status are scoped by the
// registry (a device the caller cannot see is 404). No HTTP, no SQL. Thread-safe.

#include <array>
#include <atomic>
#include <boost/json.hpp>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "auth/service.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/principal.h"
#include "core/telemetry.h"
#include "db/database.h"
#include "monitor/model.h"
#include "monitor/payload.h"
#include "platform/changes.h"
#include "registry/service.h"

namespace lakeguard::monitor {

struct MonitorOptions {
  Limits limits;
  // Retention (docs/monitor.md "Retention"): raw readings, 1-minute and 1-hour roll-ups, dead
  // letters older than this many days are deleted by the hourly retention pass.
  int64_t raw_retention_days = 30;
  int64_t minute_retention_days = 90;
  int64_t hour_retention_days = 3650;
  int64_t dead_letter_retention_days = 30;
  // A device is offline when nothing arrived from it for this long.
  int64_t offline_after_s = 900;
  // Series reads: the most points one answer holds, and the spans up to which `step=auto` reads
  // raw readings and 1-minute roll-ups (longer: 1-hour roll-ups).
  int64_t max_points = 20000;  // 7 days of minutes (10,080) fit
  int64_t raw_max_span_ms = 6 * 3600 * 1000LL;
  int64_t minute_max_span_ms = 7 * 24 * 3600 * 1000LL;
  // How often the retention pass runs (0: never in the background; tests call retain()).
  int64_t retention_interval_s = 3600;
  // Returns the first problem, naming the setting (config key).
  std::string validate() const;
};

// One refused line or message.
struct LineError {
  int64_t line = 0;  // NDJSON line number; 0 for MQTT
  Reason reason = Reason::kBadJson;
  std::string message;
};

struct IngestReport {
  int64_t accepted = 0;    // readings newly stored
  int64_t duplicates = 0;  // readings already stored (accepted, stored once)
  std::vector<LineError> errors;
};

struct RetentionReport {
  int64_t raw = 0, minute = 0, hour = 0, dead_letters = 0;
};

class MonitorService final : public ReadingHistory {
 public:
  MonitorService(db::Database& db, const Clock& clock, platform::AuditSink& audit,
                 registry::RegistryService& registry, auth::AuthService& auth,
                 std::shared_ptr<ReadingFeed> feed, MonitorOptions opts = {});
  ~MonitorService() override;
  MonitorService(const MonitorService&) = delete;
  MonitorService& operator=(const MonitorService&) = delete;

  // Starts the background retention pass (when opts.retention_interval_s > 0).
  void start();
  // The registry's devices changed: the cache is reloaded before the next lookup.
  void devices_changed() { stale_ = true; }

  // Who may post telemetry: a live telemetry token, or an administrator's bearer token that may
  // write. 401 without a valid credential, 403 for anyone else.
  Status authorize_telemetry(const std::string& bearer_token);
  // NDJSON lines (limits.max_body_bytes, limits.max_lines: else payload_too_large). Good lines
  // are stored in one transaction; refused ones are kept as dead letters in it.
  Result<IngestReport> ingest_ndjson(std::string_view body);
  // One MQTT message, durable when this returns (throws db::DbError when the store fails: the
  // message must not be acknowledged then).
  IngestReport ingest_mqtt(std::string_view topic, std::string_view payload);
  // Several MQTT messages (a group commit: the journal in monitor/mqtt.h), durable when this
  // returns, in one transaction (throws db::DbError when the store fails).
  IngestReport ingest_mqtt_batch(std::span<const JournalRecord> messages);

  // GET /devices/{id}/readings: query metric, from, to, step (docs/monitor.md "Reading series").
  Result<boost::json::object> series(const Principal& p, int64_t device_id,
                                     const std::vector<std::pair<std::string, std::string>>& q);
  // GET /devices/{id}/status: online/offline from last seen, latest reading per metric.
  Result<boost::json::object> status(const Principal& p, int64_t device_id);

  // Telemetry tokens (administrators only; audited).
  Result<TelemetryToken> create_token(const Principal& p, const std::string& name,
                                      const platform::Actor& who);
  Result<std::vector<TelemetryToken>> list_tokens(const Principal& p);
  Status revoke_token(const Principal& p, int64_t id, const platform::Actor& who);

  // Deletes what is older than the retention periods (administrators, or the background pass).
  RetentionReport retain();
  Result<RetentionReport> retain_as(const Principal& p);

  // ReadingHistory.
  std::vector<Reading> readings(int64_t device_id, const std::string& metric, int64_t from_ms,
                                int64_t to_ms) const override;

  // Prometheus lines (lakeguard_telemetry_*).
  std::string metrics_text() const;
  const MonitorOptions& options() const { return opts_; }

 private:
  struct Resolved {
    std::vector<Reading> readings;
    std::vector<DeadLetter> dead;
  };
  // The device of a code (cache; reload when stale or, at most once a second, on a miss).
  std::optional<Device> device(const std::string& code);
  std::optional<Device> device_by_id(int64_t id);
  void reload_devices();
  // Resolves samples against their devices (unknown, undeclared → dead letters).
  void resolve(const std::vector<Sample>& samples, Resolved& out, const DeadLetter& proto,
               std::vector<LineError>* errors, int64_t line);
  void resolve_mqtt(std::string_view topic, std::string_view payload, int64_t now, Resolved& batch,
                    IngestReport& report);
  // Stores one batch in one transaction and publishes what was new.
  void store_batch(Resolved& batch, IngestReport& report);
  void count_rejected(Reason r, int64_t n = 1);
  void work();

  db::Database& db_;
  const Clock& clock_;
  platform::AuditSink& audit_;
  registry::RegistryService& registry_;
  auth::AuthService& auth_;
  std::shared_ptr<ReadingFeed> feed_;
  const MonitorOptions opts_;

  mutable std::shared_mutex devices_mu_;
  std::unordered_map<std::string, Device> by_code_;   // GUARDED_BY(devices_mu_)
  std::unordered_map<int64_t, std::string> code_of_;  // GUARDED_BY(devices_mu_)
  std::atomic<bool> stale_{true};
  std::atomic<int64_t> last_reload_ms_{0};

  std::atomic<int64_t> accepted_{0}, duplicates_{0};
  std::array<std::atomic<int64_t>, std::size(kAllReasons)> rejected_{};

  std::mutex worker_mu_;
  std::condition_variable worker_cv_;
  bool stop_ = false;  // GUARDED_BY(worker_mu_)
  std::thread worker_;
};

}  // namespace lakeguard::monitor
