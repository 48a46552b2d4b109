#include "app/config.h"

#include <fmt/format.h>

#include <toml++/toml.h>
#include <cstdlib>

namespace lakeguard::app {

std::string mask_db(const std::string& t) {
  // postgresql://user:password@host/db → postgresql://user:***@host/db; also password=… keys.
  std::string s = t;
  auto scheme = s.find("://");
  if (scheme != std::string::npos) {
    auto at = s.find('@', scheme + 3);
    auto colon = s.find(':', scheme + 3);
    if (at != std::string::npos && colon != std::string::npos && colon < at)
      s = s.substr(0, colon + 1) + "***" + s.substr(at);
  }
  auto pw = s.find("password=");
  if (pw != std::string::npos) {
    auto end = s.find_first_of("& ", pw);
    s = s.substr(0, pw + 9) + "***" + (end == std::string::npos ? "" : s.substr(end));
  }
  return s;
}

std::string Config::host() const { return listen.substr(0, listen.rfind(':')); }

uint16_t Config::port() const {
  return static_cast<uint16_t>(std::stoi(listen.substr(listen.rfind(':') + 1)));
}

Status Config::validate() const {
  if (db.empty()) return Error::validation("db", "Set the database: a file path or postgresql://…");
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return Error::validation("listen", "listen must be HOST:PORT, e.g. 127.0.0.1:8080.");
  std::string port_s = listen.substr(colon + 1);
  if (port_s.empty() || port_s.size() > 5 ||
      port_s.find_first_not_of("0123456789") != std::string::npos || std::stoi(port_s) > 65535)
    return Error::validation("listen", "The port must be a number from 0 to 65535.");
  if (io_threads < 1 || io_threads > 64)
    return Error::validation("io_threads", "io_threads must be 1–64.");
  if (worker_threads < 1 || worker_threads > 256)
    return Error::validation("worker_threads", "worker_threads must be 1–256.");
  if (db_pool < 1 || db_pool > 256) return Error::validation("db_pool", "db_pool must be 1–256.");
  if (body_limit < 1024 || body_limit > 512LL * 1024 * 1024)
    return Error::validation("body_limit", "body_limit must be 1 KiB–512 MiB.");
  static const char* kLevels[] = {"trace", "debug", "info", "warn", "error", "off"};
  bool ok = false;
  for (auto l : kLevels) ok = ok || log_level == l;
  if (!ok) return Error::validation("log_level", "log_level is trace|debug|info|warn|error|off.");
  if (within_max_features < 1 || within_max_features > 1000000)
    return Error::validation("within_max_features", "within_max_features must be 1 to 1000000.");
  if (read_cache_mb < 0 || read_cache_mb > 65536)
    return Error::validation("read_cache_mb", "read_cache_mb must be 0 to 65536.");
  if (auto w = plans::validate(plans_weights); !w) return w;
  if (std::string why = risk_levels.validate(); !why.empty())
    return Error::validation("risk_levels", fmt::format("risk_{}.", why));
  if (std::string why = risk_index.validate(); !why.empty())
    return Error::validation("risk_index", fmt::format("risk_index {}.", why));
  // An attachment is one request body: above body_limit the server answers 413 before this.
  if (plans_max_attachment_bytes < 1024 || plans_max_attachment_bytes > 512LL * 1024 * 1024)
    return Error::validation("plans_max_attachment_bytes",
                             "plans_max_attachment_bytes must be 1 KiB–512 MiB.");
  if (api_token_ttl_days < 1 || api_token_ttl_days > 3650)
    return Error::validation("api_token_ttl_days", "api_token_ttl_days must be 1 to 3650.");
  if (!tile_url.empty() && tile_url.rfind("http://", 0) != 0 && tile_url.rfind("https://", 0) != 0)
    return Error::validation("tile_url", "tile_url must be an http(s) URL template.");
  if (!mqtt_url.empty() && mqtt_url.rfind("tcp://", 0) != 0 && mqtt_url.rfind("mqtt://", 0) != 0 &&
      mqtt_url.rfind("ssl://", 0) != 0 && mqtt_url.rfind("mqtts://", 0) != 0)
    return Error::validation("mqtt_url", "mqtt_url must be tcp://HOST:PORT (or ssl://, mqtt://).");
  if (mqtt_client_id.empty() || mqtt_client_id.size() > 64)
    return Error::validation("mqtt_client_id", "mqtt_client_id must be 1 to 64 characters.");
  if (mqtt_share_group.empty() || mqtt_share_group.find_first_of("/+#") != std::string::npos)
    return Error::validation("mqtt_share_group", "mqtt_share_group must be one topic level.");
  if (alerts_body_code.size() != 3 ||
      alerts_body_code.find_first_not_of("0123456789") != std::string::npos)
    return Error::validation("alerts_body_code", "alerts_body_code must be 3 digits (GB/T 4657).");
  if (alarms_tick_s < 1 || alarms_tick_s > 3600)
    return Error::validation("alarms_tick_s", "alarms_tick_s must be 1 to 3600.");
  if (!alarms_webhook_url.empty() && alarms_webhook_url.rfind("http://", 0) != 0)
    return Error::validation("alarms_webhook_url", "alarms_webhook_url must be an http:// URL.");
  if (alarms_webhook_attempts < 1 || alarms_webhook_attempts > 20)
    return Error::validation("alarms_webhook_attempts", "alarms_webhook_attempts must be 1 to 20.");
  if (!incidents_webhook_url.empty() && incidents_webhook_url.rfind("http://", 0) != 0)
    return Error::validation("incidents_webhook_url",
                             "incidents_webhook_url must be an http:// URL.");
  if (incidents_webhook_attempts < 1 || incidents_webhook_attempts > 20)
    return Error::validation("incidents_webhook_attempts",
                             "incidents_webhook_attempts must be 1 to 20.");
  if (hazard_scheduler_seconds < 0 || hazard_scheduler_seconds > 86400)
    return Error::validation("hazard_scheduler_seconds",
                             "hazard_scheduler_seconds must be 0 (off) to 86400.");
  if (hazard_reminder_hour < 0 || hazard_reminder_hour > 23)
    return Error::validation("hazard_reminder_hour", "hazard_reminder_hour must be 0 to 23.");
  return ok_status();
}

std::string Config::describe() const {
  return fmt::format(
      "db={} listen={} web_root={} data_dir={} migrations_dir={} io_threads={} "
      "worker_threads={} db_pool={} body_limit={} log_level={} cookie_secure={} "
      "api_token_ttl_days={} within_max_features={} read_cache_mb={} tile_url={} "
      "telemetry_raw_retention_days={} telemetry_minute_retention_days={} "
      "telemetry_hour_retention_days={} telemetry_offline_after_s={} mqtt_url={} "
      "mqtt_client_id={} alerts_body_code={} alarms_tick_s={} alarms_log_channel={} "
      "alarms_webhook_url={} alarms_webhook_attempts={} incidents_webhook_url={} "
      "incidents_webhook_attempts={} hazard_scheduler_seconds={} hazard_reminder_hour={}",
      mask_db(db), listen, web_root, data_dir, migrations_dir, io_threads, worker_threads, db_pool,
      body_limit, log_level, cookie_secure, api_token_ttl_days, within_max_features, read_cache_mb,
      tile_url.empty() ? "(none)" : tile_url, telemetry_raw_retention_days,
      telemetry_minute_retention_days, telemetry_hour_retention_days, telemetry_offline_after_s,
      mqtt_url.empty() ? "(none)" : mask_db(mqtt_url), mqtt_client_id, alerts_body_code,
      alarms_tick_s, alarms_log_channel,
      alarms_webhook_url.empty() ? "(none)" : mask_db(alarms_webhook_url), alarms_webhook_attempts,
      incidents_webhook_url.empty() ? "(none)" : mask_db(incidents_webhook_url),
      incidents_webhook_attempts, hazard_scheduler_seconds, hazard_reminder_hour);
}

namespace {
// The setting `key` names in a table of (TOML key, member), or null.
template <class T, size_t N>
T* lookup(const std::pair<std::string_view, T*> (&all)[N], std::string_view key) {
  for (const auto& [name, ptr] : all)
    if (name == key) return ptr;
  return nullptr;
}

// The matching weight a TOML key names, or null.
double* plans_weight(Config& c, std::string_view key) {
  plans::MatchWeights& w = c.plans_weights;
  const std::pair<std::string_view, double*> all[] = {
      {"plans_weight_type_exact", &w.type_exact},
      {"plans_weight_type_category", &w.type_category},
      {"plans_weight_place_enterprise", &w.place_enterprise},
      {"plans_weight_place_community", &w.place_community},
      {"plans_weight_place_town", &w.place_town},
      {"plans_weight_place_district", &w.place_district},
      {"plans_weight_trigger", &w.trigger},
      {"plans_weight_named_level", &w.named_level},
      {"plans_weight_keyword", &w.keyword},
      {"plans_weight_keyword_max", &w.keyword_max}};
  return lookup(all, key);
}

// The risk setting (a number) a TOML key names, or null.
double* risk_setting(Config& c, std::string_view key) {
  risk::IndexOptions& x = c.risk_index;
  risk::Options& l = c.risk_levels;
  const std::pair<std::string_view, double*> all[] = {
      {"risk_lec_major_above", &l.lec_major_above},
      {"risk_lec_larger_above", &l.lec_larger_above},
      {"risk_lec_general_above", &l.lec_general_above},
      {"risk_index_major_hazard_weight", &x.major_hazard_weight},
      {"risk_index_worst_point_weight", &x.worst_point_weight},
      {"risk_index_open_hazards_weight", &x.open_hazards.weight},
      {"risk_index_open_hazards_saturation", &x.open_hazards.saturation},
      {"risk_index_overdue_hazards_weight", &x.overdue_hazards.weight},
      {"risk_index_overdue_hazards_saturation", &x.overdue_hazards.saturation},
      {"risk_index_open_major_hazards_weight", &x.open_major_hazards.weight},
      {"risk_index_open_major_hazards_saturation", &x.open_major_hazards.saturation},
      {"risk_index_active_alarms_weight", &x.active_alarms.weight},
      {"risk_index_active_alarms_saturation", &x.active_alarms.saturation},
      {"risk_index_recent_penalties_weight", &x.recent_penalties.weight},
      {"risk_index_recent_penalties_saturation", &x.recent_penalties.saturation},
      {"risk_index_accidents_3y_weight", &x.accidents_3y.weight},
      {"risk_index_accidents_3y_saturation", &x.accidents_3y.saturation},
      {"risk_index_expired_licences_weight", &x.expired_licences.weight},
      {"risk_index_expired_licences_saturation", &x.expired_licences.saturation},
      {"risk_index_red_from", &x.red_from},
      {"risk_index_orange_from", &x.orange_from},
      {"risk_index_yellow_from", &x.yellow_from}};
  return lookup(all, key);
}
// The LS thresholds (whole numbers), or null.
int* risk_ls_setting(Config& c, std::string_view key) {
  risk::Options& l = c.risk_levels;
  const std::pair<std::string_view, int*> all[] = {{"risk_ls_major_from", &l.ls_major_from},
                                                   {"risk_ls_larger_from", &l.ls_larger_from},
                                                   {"risk_ls_general_from", &l.ls_general_from}};
  return lookup(all, key);
}
}  // namespace

Status apply_toml_file(Config& c, const std::string& path) {
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return Error::validation(
        "config", fmt::format("{}:{}: {}", path, e.source().begin.line, e.description()));
  }
  for (auto&& kv : t) {
    // Named references, not a structured binding: lambdas below capture them (clang 14).
    const toml::key& k = kv.first;
    const toml::node& v = kv.second;
    std::string key(k.str());
    auto str = [&](std::string& dst) -> Status {
      if (!v.is_string())
        return Error::validation(key, fmt::format("{}: '{}' must be a string.", path, key));
      dst = v.as_string()->get();
      return ok_status();
    };
    auto num = [&](auto& dst) -> Status {
      if (!v.is_integer())
        return Error::validation(key, fmt::format("{}: '{}' must be an integer.", path, key));
      dst = static_cast<std::remove_reference_t<decltype(dst)>>(v.as_integer()->get());
      return ok_status();
    };
    Status s = ok_status();
    if (key == "db")
      s = str(c.db);
    else if (key == "listen")
      s = str(c.listen);
    else if (key == "web_root")
      s = str(c.web_root);
    else if (key == "data_dir")
      s = str(c.data_dir);
    else if (key == "migrations_dir")
      s = str(c.migrations_dir);
    else if (key == "log_level")
      s = str(c.log_level);
    else if (key == "tile_url")
      s = str(c.tile_url);
    else if (key == "alerts_body_code")
      s = str(c.alerts_body_code);
    else if (key == "io_threads")
      s = num(c.io_threads);
    else if (key == "worker_threads")
      s = num(c.worker_threads);
    else if (key == "db_pool")
      s = num(c.db_pool);
    else if (key == "body_limit")
      s = num(c.body_limit);
    else if (key == "api_token_ttl_days")
      s = num(c.api_token_ttl_days);
    else if (key == "within_max_features")
      s = num(c.within_max_features);
    else if (key == "read_cache_mb")
      s = num(c.read_cache_mb);
    else if (key == "hazard_scheduler_seconds")
      s = num(c.hazard_scheduler_seconds);
    else if (key == "hazard_reminder_hour")
      s = num(c.hazard_reminder_hour);
    else if (key == "telemetry_raw_retention_days")
      s = num(c.telemetry_raw_retention_days);
    else if (key == "telemetry_minute_retention_days")
      s = num(c.telemetry_minute_retention_days);
    else if (key == "telemetry_hour_retention_days")
      s = num(c.telemetry_hour_retention_days);
    else if (key == "telemetry_offline_after_s")
      s = num(c.telemetry_offline_after_s);
    else if (key == "telemetry_max_line_bytes")
      s = num(c.telemetry_max_line_bytes);
    else if (key == "telemetry_max_lines")
      s = num(c.telemetry_max_lines);
    else if (key == "telemetry_max_body_bytes")
      s = num(c.telemetry_max_body_bytes);
    else if (key == "mqtt_url")
      s = str(c.mqtt_url);
    else if (key == "mqtt_client_id")
      s = str(c.mqtt_client_id);
    else if (key == "mqtt_share_group")
      s = str(c.mqtt_share_group);
    else if (key == "mqtt_journal_dir")
      s = str(c.mqtt_journal_dir);
    else if (key == "mqtt_journal_fsync") {
      if (!v.is_boolean())
        return Error::validation(key, fmt::format("{}: '{}' must be true or false.", path, key));
      c.mqtt_journal_fsync = v.as_boolean()->get();
    } else if (key == "alarms_tick_s")
      s = num(c.alarms_tick_s);
    else if (key == "alarms_webhook_url")
      s = str(c.alarms_webhook_url);
    else if (key == "alarms_webhook_attempts")
      s = num(c.alarms_webhook_attempts);
    else if (key == "incidents_webhook_url")
      s = str(c.incidents_webhook_url);
    else if (key == "incidents_webhook_attempts")
      s = num(c.incidents_webhook_attempts);
    else if (key == "alarms_log_channel") {
      if (!v.is_boolean())
        return Error::validation(key, fmt::format("{}: '{}' must be true or false.", path, key));
      c.alarms_log_channel = v.as_boolean()->get();
    } else if (key == "plans_max_attachment_bytes")
      s = num(c.plans_max_attachment_bytes);
    else if (double* w = plans_weight(c, key)) {
      if (!v.is_number())
        return Error::validation(key, fmt::format("{}: '{}' must be a number.", path, key));
      *w = v.is_integer() ? static_cast<double>(v.as_integer()->get())
                          : v.as_floating_point()->get();
    } else if (double* r = risk_setting(c, key)) {
      if (!v.is_number())
        return Error::validation(key, fmt::format("{}: '{}' must be a number.", path, key));
      *r = v.is_integer() ? static_cast<double>(v.as_integer()->get())
                          : v.as_floating_point()->get();
    } else if (int* ls = risk_ls_setting(c, key)) {
      if (!v.is_integer())
        return Error::validation(key, fmt::format("{}: '{}' must be a whole number.", path, key));
      int64_t n = v.as_integer()->get();
      if (n < 0 || n > 100)
        return Error::validation(key, fmt::format("{}: '{}' must be 0–100.", path, key));
      *ls = static_cast<int>(n);
    } else if (key == "cookie_secure") {
      if (!v.is_boolean())
        return Error::validation(key, fmt::format("{}: '{}' must be true or false.", path, key));
      c.cookie_secure = v.as_boolean()->get();
    } else {
      return Error::validation(key, fmt::format("{}: unknown setting '{}'.", path, key));
    }
    if (!s) return s;
  }
  return ok_status();
}

Status apply_env(Config& c) {
  auto get = [](const char* n) -> const char* { return std::getenv(n); };
  auto num = [&](const char* n, auto& dst) -> Status {
    if (const char* v = get(n)) {
      try {
        size_t pos = 0;
        long long x = std::stoll(v, &pos);
        if (pos != std::string_view(v).size()) throw std::invalid_argument(n);
        dst = static_cast<std::remove_reference_t<decltype(dst)>>(x);
      } catch (...) {
        return Error::validation(n, fmt::format("{} must be an integer.", n));
      }
    }
    return ok_status();
  };
  if (const char* v = get("LAKEGUARD_DB")) c.db = v;
  if (const char* v = get("LAKEGUARD_LISTEN")) c.listen = v;
  if (const char* v = get("LAKEGUARD_WEB_ROOT")) c.web_root = v;
  if (const char* v = get("LAKEGUARD_DATA_DIR")) c.data_dir = v;
  if (const char* v = get("LAKEGUARD_MIGRATIONS_DIR")) c.migrations_dir = v;
  if (const char* v = get("LAKEGUARD_LOG_LEVEL")) c.log_level = v;
  if (const char* v = get("LAKEGUARD_TILE_URL")) c.tile_url = v;
  if (const char* v = get("LAKEGUARD_ALERTS_BODY_CODE")) c.alerts_body_code = v;
  if (const char* v = get("LAKEGUARD_ALARMS_WEBHOOK_URL")) c.alarms_webhook_url = v;
  if (const char* v = get("LAKEGUARD_INCIDENTS_WEBHOOK_URL")) c.incidents_webhook_url = v;
  if (const char* v = get("LAKEGUARD_ALARMS_LOG_CHANNEL"))
    c.alarms_log_channel = std::string_view(v) == "true";
  if (const char* v = get("LAKEGUARD_COOKIE_SECURE"))
    c.cookie_secure = std::string_view(v) == "true";
  if (auto s = num("LAKEGUARD_IO_THREADS", c.io_threads); !s) return s;
  if (auto s = num("LAKEGUARD_WORKER_THREADS", c.worker_threads); !s) return s;
  if (auto s = num("LAKEGUARD_DB_POOL", c.db_pool); !s) return s;
  if (auto s = num("LAKEGUARD_BODY_LIMIT", c.body_limit); !s) return s;
  if (auto s = num("LAKEGUARD_API_TOKEN_TTL_DAYS", c.api_token_ttl_days); !s) return s;
  if (auto s = num("LAKEGUARD_WITHIN_MAX_FEATURES", c.within_max_features); !s) return s;
  if (auto s = num("LAKEGUARD_READ_CACHE_MB", c.read_cache_mb); !s) return s;
  if (const char* v = get("LAKEGUARD_MQTT_URL")) c.mqtt_url = v;
  if (const char* v = get("LAKEGUARD_MQTT_CLIENT_ID")) c.mqtt_client_id = v;
  if (const char* v = get("LAKEGUARD_MQTT_JOURNAL_DIR")) c.mqtt_journal_dir = v;
  if (const char* v = get("LAKEGUARD_MQTT_JOURNAL_FSYNC"))
    c.mqtt_journal_fsync = std::string_view(v) == "true";
  if (auto s = num("LAKEGUARD_TELEMETRY_RAW_RETENTION_DAYS", c.telemetry_raw_retention_days); !s)
    return s;
  if (auto s = num("LAKEGUARD_TELEMETRY_OFFLINE_AFTER_S", c.telemetry_offline_after_s); !s)
    return s;
  if (auto s = num("LAKEGUARD_ALARMS_TICK_S", c.alarms_tick_s); !s) return s;
  if (auto s = num("LAKEGUARD_ALARMS_WEBHOOK_ATTEMPTS", c.alarms_webhook_attempts); !s) return s;
  if (auto s = num("LAKEGUARD_INCIDENTS_WEBHOOK_ATTEMPTS", c.incidents_webhook_attempts); !s)
    return s;
  if (auto s = num("LAKEGUARD_HAZARD_SCHEDULER_SECONDS", c.hazard_scheduler_seconds); !s) return s;
  if (auto s = num("LAKEGUARD_HAZARD_REMINDER_HOUR", c.hazard_reminder_hour); !s) return s;
  return ok_status();
}

}  // namespace lakeguard::app
