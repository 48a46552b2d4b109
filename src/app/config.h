#pragma once
// Configuration: in-class defaults, then a TOML file, then LAKEGUARD_* environment variables,
// then command-line flags (STYLE.md §4). Filled only in main; validated; printed at start with
// secrets masked.

#include <string>
#include <vector>

#include "core/error.h"
#include "plans/matching.h"
#include "risk/index.h"
#include "risk/model.h"

namespace lakeguard::app {

struct Config {
  std::string db = "lakeguard.sqlite";  // SQLite file or postgresql:// URI
  std::string listen = "127.0.0.1:8080";
  std::string web_root;        // built console; default <source>/web/dist
  std::string data_dir;        // shipped data; default <source>/data
  std::string migrations_dir;  // default <source>/migrations
  int io_threads = 1;
  int worker_threads = 4;
  int db_pool = 4;
  int64_t body_limit = 8 * 1024 * 1024;
  std::string log_level = "info";
  bool cookie_secure = false;
  int api_token_ttl_days = 365;         // default lifetime of a new API token
  int64_t within_max_features = 50000;  // the most objects /spatial/within answers with
  int64_t read_cache_mb = 32;           // memory for cached reads (decision 0004); 0: no cache
  // Plan matching weights (TOML keys plans_weight_type_exact, _type_category, _place_enterprise,
  // _place_community, _place_town, _place_district, _trigger, _named_level, _keyword,
  // _keyword_max; defaults in plans/matching.h, docs/plans.md) and the largest plan attachment.
  plans::MatchWeights plans_weights;
  int64_t plans_max_attachment_bytes = 5 * 1024 * 1024;
  // Risk (docs/risk.md "Configuration"): the LEC/LS thresholds that give a risk point its level
  // and colour (TOML risk_lec_major_above, risk_lec_larger_above, risk_lec_general_above,
  // risk_ls_major_from, risk_ls_larger_from, risk_ls_general_from) and the enterprise index's
  // weights, saturations and colour bands (risk_index_<factor>_weight, risk_index_<factor>_
  // saturation, risk_index_red_from, _orange_from, _yellow_from). No national rule fixes them.
  risk::Options risk_levels;
  risk::IndexOptions risk_index;
  std::string tile_url;  // optional raster tiles for the console (the only outside request)
  // Telemetry (docs/monitor.md): retention of raw readings and roll-ups, offline-after, limits.
  int64_t telemetry_raw_retention_days = 30;
  int64_t telemetry_minute_retention_days = 90;
  int64_t telemetry_hour_retention_days = 3650;
  int64_t telemetry_offline_after_s = 900;
  int64_t telemetry_max_line_bytes = 4096;
  int64_t telemetry_max_lines = 10000;
  int64_t telemetry_max_body_bytes = 4 * 1024 * 1024;
  // MQTT ingest: the broker (e.g. tcp://127.0.0.1:1883; empty: off), this instance's fixed
  // client id (its persistent session) and the shared-subscription group.
  std::string mqtt_url;
  std::string mqtt_client_id = "lakeguard-1";
  std::string mqtt_share_group = "lakeguard";
  // The MQTT ingest journal (docs/monitor.md "Delivery guarantee"): its directory (default: an
  // `mqtt-journal` directory beside the SQLite file, or in the working directory with
  // PostgreSQL) and whether each append is fdatasync'ed (power-loss safe, slower).
  std::string mqtt_journal_dir;
  bool mqtt_journal_fsync = false;
  // The issuing body's organisation code (GB/T 4657, 3 digits) in warning identifiers
  // (docs/alerts.md); "000" is a placeholder until the district's own code is configured.
  std::string alerts_body_code = "000";
  // Alarms (docs/alarms.md): the rules' clock, and the notification channels.
  int64_t alarms_tick_s = 10;       // offline rules and rainstorm clear periods, every N s
  bool alarms_log_channel = true;   // log every raised/escalated alarm
  std::string alarms_webhook_url;   // http://host:port/path; empty: no webhook
  int alarms_webhook_attempts = 4;  // per notification, with backoff doubling from 200 ms
  // 一键通 (docs/incidents.md): POST each callout to this webhook; empty: the log channel.
  std::string incidents_webhook_url;   // http://host:port/path
  int incidents_webhook_attempts = 3;  // per callout, 2 s each, backoff doubling from 200 ms
  // Hidden-danger reminders and supervision (docs/hazards.md): a scheduler pass every this many
  // seconds (0: none on this instance), reminders at this local hour (Asia/Shanghai).
  int64_t hazard_scheduler_seconds = 300;
  int hazard_reminder_hour = 9;

  // Returns the first problem, naming the setting.
  Status validate() const;
  // One line per setting, secrets (database password) masked.
  std::string describe() const;
  std::string host() const;
  uint16_t port() const;
};

// Applies a TOML file (keys as the member names). Fails with the file's line on bad input.
Status apply_toml_file(Config& c, const std::string& path);
// Applies LAKEGUARD_DB, LAKEGUARD_LISTEN, … from the environment.
Status apply_env(Config& c);
// The database target with any password replaced by ***.
std::string mask_db(const std::string& target);

}  // namespace lakeguard::app
