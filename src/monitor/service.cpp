#include "monitor/service.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <tuple>

#include "auth/crypto.h"
#include "core/clock.h"
#include "core/dates.h"
#include "monitor/store.h"

namespace lakeguard::monitor {

namespace json = boost::json;

namespace {

constexpr int64_t kDayMs = 24 * 3600 * 1000LL;
constexpr std::string_view kTokenPrefix = "lgt_";
constexpr size_t kMaxTokenName = 100;

Principal system_reader() {
  Principal p;
  p.username = "monitor";
  p.role = Role::kAdmin;
  p.scope_type = ScopeType::kDistrict;
  p.read_only = true;
  return p;
}

const registry::KindSpec& devices_kind() {
  const registry::KindSpec* k = registry::find_kind("devices");
  if (!k) throw std::logic_error("no registry kind devices");
  return *k;
}

std::string text_of(const json::object& o, std::string_view key) {
  if (auto* v = o.if_contains(key); v && v->is_string()) return std::string(v->as_string());
  return {};
}

Device device_of(const json::object& o) {
  Device d;
  if (auto* id = o.if_contains("id"); id && id->is_int64()) d.id = id->as_int64();
  d.code = text_of(o, "code");
  d.name = text_of(o, "name");
  d.kind = text_of(o, "kind");
  if (auto* m = o.if_contains("metrics"); m && m->is_array())
    for (const auto& x : m->as_array())
      if (x.is_string()) d.metrics.emplace_back(x.as_string());
  d.where.town_code = text_of(o, "town_code");
  d.where.community_code = text_of(o, "community_code");
  return d;
}

bool is_admin_writer(const Principal& p) { return p.role == Role::kAdmin && !p.read_only; }

size_t reason_index(Reason r) {
  for (size_t i = 0; i < std::size(kAllReasons); ++i)
    if (kAllReasons[i] == r) return i;
  return 0;
}

}  // namespace

std::string_view step_name(Step s) {
  switch (s) {
    case Step::kRaw:
      return "raw";
    case Step::kMinute:
      return "1m";
    case Step::kHour:
      return "1h";
  }
  return "raw";
}

std::string MonitorOptions::validate() const {
  auto days = [](int64_t d) { return d >= 1 && d <= 36500; };
  if (!days(raw_retention_days)) return "telemetry_raw_retention_days";
  if (!days(minute_retention_days) || minute_retention_days < raw_retention_days)
    return "telemetry_minute_retention_days";
  if (!days(hour_retention_days) || hour_retention_days < minute_retention_days)
    return "telemetry_hour_retention_days";
  if (!days(dead_letter_retention_days)) return "telemetry_dead_letter_retention_days";
  if (offline_after_s < 10 || offline_after_s > 30 * 86400) return "telemetry_offline_after_s";
  if (max_points < 10 || max_points > 1000000) return "telemetry_max_points";
  if (limits.max_line_bytes < 64 || limits.max_line_bytes > 1024 * 1024)
    return "telemetry_max_line_bytes";
  if (limits.max_lines < 1 || limits.max_lines > 1000000) return "telemetry_max_lines";
  if (limits.max_body_bytes < limits.max_line_bytes || limits.max_body_bytes > 256 * 1024 * 1024)
    return "telemetry_max_body_bytes";
  if (retention_interval_s < 0) return "telemetry_retention_interval_s";
  return {};
}

MonitorService::MonitorService(db::Database& db, const Clock& clock, platform::AuditSink& audit,
                               registry::RegistryService& registry, auth::AuthService& auth,
                               std::shared_ptr<ReadingFeed> feed, MonitorOptions opts)
    : db_(db),
      clock_(clock),
      audit_(audit),
      registry_(registry),
      auth_(auth),
      feed_(std::move(feed)),
      opts_(std::move(opts)) {}

MonitorService::~MonitorService() {
  {
    std::lock_guard lock(worker_mu_);
    stop_ = true;
  }
  worker_cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void MonitorService::start() {
  if (opts_.retention_interval_s > 0 && !worker_.joinable())
    worker_ = std::thread([this] { work(); });
}

void MonitorService::work() {
  std::unique_lock lock(worker_mu_);
  for (;;) {
    if (worker_cv_.wait_for(lock, std::chrono::seconds(opts_.retention_interval_s),
                            [this] { return stop_; }))
      return;
    lock.unlock();
    try {
      auto r = retain();
      if (r.raw || r.minute || r.hour || r.dead_letters)
        spdlog::info("monitor: retention deleted {} raw, {} 1m, {} 1h, {} dead letters", r.raw,
                     r.minute, r.hour, r.dead_letters);
    } catch (const std::exception& e) {
      spdlog::error("monitor: retention pass failed: {}", e.what());
    }
    lock.lock();
  }
}

// --- devices --------------------------------------------------------------------------------

void MonitorService::reload_devices() {
  registry::ListQuery q;
  auto all = registry_.export_all(system_reader(), devices_kind(), q, std::nullopt);
  if (!all) {
    spdlog::error("monitor: cannot list the devices: {}", all.error().message);
    return;
  }
  std::unordered_map<std::string, Device> by_code;
  std::unordered_map<int64_t, std::string> code_of;
  for (const auto& o : *all) {
    Device d = device_of(o);
    code_of[d.id] = d.code;
    by_code[d.code] = std::move(d);
  }
  std::unique_lock lock(devices_mu_);
  by_code_ = std::move(by_code);
  code_of_ = std::move(code_of);
}

std::optional<Device> MonitorService::device(const std::string& code) {
  if (stale_.exchange(false)) {
    last_reload_ms_ = clock_.now_ms();
    reload_devices();
  }
  {
    std::shared_lock lock(devices_mu_);
    if (auto it = by_code_.find(code); it != by_code_.end()) return it->second;
  }
  // A miss: perhaps a device added since (an event not seen yet, another instance); reloaded at
  // most once a second so a flood of unknown codes costs no more than that.
  const int64_t now = clock_.now_ms();
  int64_t last = last_reload_ms_.load();
  if (now - last < 1000 || !last_reload_ms_.compare_exchange_strong(last, now)) return std::nullopt;
  reload_devices();
  std::shared_lock lock(devices_mu_);
  if (auto it = by_code_.find(code); it != by_code_.end()) return it->second;
  return std::nullopt;
}

std::optional<Device> MonitorService::device_by_id(int64_t id) {
  std::string code;
  {
    std::shared_lock lock(devices_mu_);
    if (auto it = code_of_.find(id); it != code_of_.end()) code = it->second;
  }
  if (code.empty()) return std::nullopt;
  return device(code);
}

// --- ingest ---------------------------------------------------------------------------------

void MonitorService::count_rejected(Reason r, int64_t n) { rejected_[reason_index(r)] += n; }

Status MonitorService::authorize_telemetry(const std::string& token) {
  if (token.empty()) return Error::unauthenticated();
  if (token.rfind(kTokenPrefix, 0) == 0) {
    const std::string hash = auth::sha256_hex(token);
    auto c = db_.acquire();
    if (store::live_token(*c, hash)) return ok_status();
    return Error::unauthenticated("The token is not valid.");
  }
  LG_TRY_ASSIGN(Principal p, auth_.authenticate(auth::Credential{
                                 .token = token, .via_cookie = false, .unsafe = true}));
  if (!is_admin_writer(p))
    return Error::forbidden("Only a telemetry token or an administrator may post telemetry.");
  return ok_status();
}

void MonitorService::resolve(const std::vector<Sample>& samples, Resolved& out,
                             const DeadLetter& proto, std::vector<LineError>* errors,
                             int64_t line) {
  // All of a message's values or none: check every sample first.
  std::vector<Reading> rs;
  for (const Sample& s : samples) {
    auto d = device(s.device_code);
    std::optional<Rejection> why;
    if (!d) {
      why = reject(Reason::kUnknownDevice, "No device has this code.");
    } else if (!d->metrics.empty() &&
               std::find(d->metrics.begin(), d->metrics.end(), s.metric) == d->metrics.end()) {
      why = reject(Reason::kUndeclaredMetric, "The device does not report this metric.");
    }
    if (why) {
      DeadLetter dl = proto;
      dl.device_code = s.device_code;
      dl.reason = why->reason;
      dl.message = why->message;
      out.dead.push_back(std::move(dl));
      if (errors) errors->push_back(LineError{line, why->reason, why->message});
      return;
    }
    Reading r;
    r.device_id = d->id;
    r.device_code = d->code;
    r.device_kind = d->kind;
    r.where = d->where;
    r.metric = s.metric;
    r.ts_ms = s.ts_ms;
    r.value = s.value;
    rs.push_back(std::move(r));
  }
  for (auto& r : rs) out.readings.push_back(std::move(r));
}

void MonitorService::store_batch(Resolved& batch, IngestReport& report) {
  if (batch.readings.empty() && batch.dead.empty()) return;
  // Oldest first per series, so `late` and the feed's order are per (device, metric, ts).
  std::stable_sort(
      batch.readings.begin(), batch.readings.end(), [](const Reading& a, const Reading& b) {
        return std::tie(a.device_id, a.metric, a.ts_ms) < std::tie(b.device_id, b.metric, b.ts_ms);
      });
  const int64_t now = clock_.now_ms();
  std::vector<Reading> stored;
  int64_t duplicates = 0;
  {
    auto c = db_.acquire();
    db::Transaction tx(*c);
    for (const DeadLetter& d : batch.dead) store::insert_dead_letter(*c, d);
    std::map<std::tuple<int64_t, std::string, int64_t>, Bucket> minutes, hours;
    std::map<int64_t, bool> devices;
    const Reading* series_head = nullptr;  // first reading of the current series
    std::optional<int64_t> newest;         // newest stored ts of the current series
    const Reading* head = nullptr;         // the current series' newest new reading, if any
    auto flush_head = [&] {
      if (head) store::upsert_series(*c, head->device_id, head->metric, head->ts_ms, head->value);
      head = nullptr;
    };
    for (Reading& r : batch.readings) {
      if (!series_head || series_head->device_id != r.device_id ||
          series_head->metric != r.metric) {
        flush_head();
        series_head = &r;
        newest = store::series_last_ts(*c, r.device_id, r.metric);
      }
      devices[r.device_id] = true;
      if (!store::insert_reading(*c, r, now)) {
        ++duplicates;
        continue;
      }
      r.late = newest && r.ts_ms < *newest;
      if (!newest || r.ts_ms > *newest) {
        newest = r.ts_ms;
        head = &r;  // written once per series, below
      }
      for (auto [map, width] : {std::pair{&minutes, kMinuteMs}, std::pair{&hours, kHourMs}}) {
        const int64_t start = r.ts_ms - ((r.ts_ms % width) + width) % width;
        Bucket& b = (*map)[{r.device_id, r.metric, start}];
        if (b.n == 0) {
          b = Bucket{r.device_id, r.metric, start, 0, 0, r.value, r.value, r.ts_ms, r.value};
        }
        ++b.n;
        b.sum += r.value;
        b.min = std::min(b.min, r.value);
        b.max = std::max(b.max, r.value);
        if (r.ts_ms >= b.last_ts_ms) {
          b.last_ts_ms = r.ts_ms;
          b.last = r.value;
        }
      }
      stored.push_back(r);
    }
    flush_head();
    for (const auto& [k, b] : minutes) store::add_to_rollup(*c, Step::kMinute, b);
    for (const auto& [k, b] : hours) store::add_to_rollup(*c, Step::kHour, b);
    for (const auto& [id, seen] : devices) store::touch_device(*c, id, now);
    tx.commit();
  }
  report.accepted += static_cast<int64_t>(stored.size());
  report.duplicates += duplicates;
  accepted_ += static_cast<int64_t>(stored.size());
  duplicates_ += duplicates;
  for (const DeadLetter& d : batch.dead) count_rejected(d.reason);
  if (feed_) feed_->publish(stored);
}

Result<IngestReport> MonitorService::ingest_ndjson(std::string_view body) {
  const Limits& L = opts_.limits;
  if (body.size() > L.max_body_bytes)
    return Error{
        ErrorCode::kPayloadTooLarge,
        fmt::format("The request body is larger than the limit of {} bytes.", L.max_body_bytes),
        {}};
  auto lines = split_lines(body);
  if (lines.size() > L.max_lines)
    return Error{ErrorCode::kPayloadTooLarge,
                 fmt::format("A request may hold at most {} lines.", L.max_lines),
                 {}};
  const int64_t now = clock_.now_ms();
  IngestReport report;
  Resolved batch;
  for (const Line& line : lines) {
    Parsed p = parse_ndjson_line(line.text, now, L);
    DeadLetter proto{now,
                     "http",
                     {},
                     static_cast<int64_t>(line.number),
                     Reason::kBadJson,
                     {},
                     truncate_utf8(line.text, L.dead_letter_bytes)};
    if (p.rejection) {
      proto.reason = p.rejection->reason;
      proto.message = p.rejection->message;
      batch.dead.push_back(proto);
      report.errors.push_back(
          LineError{static_cast<int64_t>(line.number), p.rejection->reason, p.rejection->message});
      continue;
    }
    resolve(p.samples, batch, proto, &report.errors, static_cast<int64_t>(line.number));
  }
  store_batch(batch, report);
  return report;
}

void MonitorService::resolve_mqtt(std::string_view topic, std::string_view payload, int64_t now,
                                  Resolved& batch, IngestReport& report) {
  const Limits& L = opts_.limits;
  auto code = device_code_of_topic(topic);
  DeadLetter proto{now,
                   "mqtt",
                   code.value_or(truncate_utf8(topic, 100)),
                   std::nullopt,
                   Reason::kBadTopic,
                   {},
                   truncate_utf8(payload, L.dead_letter_bytes)};
  Parsed p = code ? parse_mqtt_payload(*code, payload, now, L)
                  : Parsed{{},
                           reject(Reason::kBadTopic,
                                  "The topic must be lakeguard/v1/telemetry/{device_code}.")};
  if (p.rejection) {
    proto.reason = p.rejection->reason;
    proto.message = p.rejection->message;
    batch.dead.push_back(proto);
    report.errors.push_back(LineError{0, p.rejection->reason, p.rejection->message});
  } else {
    resolve(p.samples, batch, proto, &report.errors, 0);
  }
}

IngestReport MonitorService::ingest_mqtt(std::string_view topic, std::string_view payload) {
  IngestReport report;
  Resolved batch;
  resolve_mqtt(topic, payload, clock_.now_ms(), batch, report);
  store_batch(batch, report);
  return report;
}

IngestReport MonitorService::ingest_mqtt_batch(std::span<const JournalRecord> messages) {
  IngestReport report;
  Resolved batch;
  const int64_t now = clock_.now_ms();
  for (const JournalRecord& m : messages) resolve_mqtt(m.topic, m.payload, now, batch, report);
  store_batch(batch, report);
  return report;
}

// --- reads ----------------------------------------------------------------------------------

Result<json::object> MonitorService::series(
    const Principal& p, int64_t device_id,
    const std::vector<std::pair<std::string, std::string>>& q) {
  // The registry decides whether the caller sees the device (404 otherwise).
  LG_TRY(registry_.get(p, devices_kind(), device_id, std::nullopt));
  std::string metric, step_text = "auto";
  std::optional<int64_t> from, to;
  for (const auto& [k, v] : q) {
    if (k == "metric") {
      if (!valid_metric_name(v))
        return Error::validation("metric", "'metric' must be a metric name, e.g. rain_mm.");
      metric = v;
    } else if (k == "from" || k == "to") {
      auto t = parse_instant(v);
      if (!t)
        return Error::validation(k,
                                 fmt::format("'{}' must be an ISO 8601 time with an offset.", k));
      (k == "from" ? from : to) = *t;
    } else if (k == "step") {
      if (v != "auto" && v != "raw" && v != "1m" && v != "1h")
        return Error::validation("step", "'step' must be auto, raw, 1m or 1h.");
      step_text = v;
    } else {
      return Error::bad_request(fmt::format("Unknown query parameter '{}'.", k), k);
    }
  }
  if (metric.empty()) return Error::validation("metric", "'metric' is required.");
  const int64_t t_to = to.value_or(clock_.now_ms());
  const int64_t t_from = from.value_or(t_to - 24 * 3600 * 1000LL);
  if (t_from >= t_to) return Error::validation("from", "'from' must be before 'to'.");
  const int64_t span = t_to - t_from;
  const int64_t limit = opts_.max_points;
  auto buckets = [&](Step s) { return span / (s == Step::kHour ? kHourMs : kMinuteMs) + 1; };

  std::vector<Point> points;
  Step step = Step::kRaw;
  auto c = db_.acquire();
  auto read = [&](Step s) {
    points = store::select_points(*c, s, device_id, metric, t_from, t_to, limit + 1);
    step = s;
    return static_cast<int64_t>(points.size()) <= limit;
  };
  const std::string too_many = fmt::format(
      "The range holds more than {} points at this step: choose a coarser step or a shorter "
      "range.",
      limit);
  if (step_text == "auto") {
    // raw ≤ 6 h, 1m ≤ 7 d, else 1h (docs/monitor.md); a step that holds too many points gives
    // way to the next coarser one.
    bool done = false;
    if (span <= opts_.raw_max_span_ms) done = read(Step::kRaw);
    if (!done && span <= opts_.minute_max_span_ms && buckets(Step::kMinute) <= limit)
      done = read(Step::kMinute);
    if (!done) {
      if (buckets(Step::kHour) > limit) return Error::validation("from", too_many);
      done = read(Step::kHour);
    }
  } else {
    Step s = step_text == "raw" ? Step::kRaw : step_text == "1m" ? Step::kMinute : Step::kHour;
    if (s != Step::kRaw && buckets(s) > limit) return Error::validation("step", too_many);
    if (!read(s)) return Error::validation("step", too_many);
  }
  json::array out;
  out.reserve(points.size());
  for (const Point& pt : points) {
    json::object o;
    o["ts"] = iso_utc(pt.ts_ms);
    if (step == Step::kRaw) {
      o["value"] = pt.last;
    } else {
      o["value"] = pt.sum / static_cast<double>(pt.n);  // the mean of the bucket
      o["count"] = pt.n;
      o["sum"] = pt.sum;
      o["min"] = pt.min;
      o["max"] = pt.max;
      o["last"] = pt.last;
    }
    out.push_back(std::move(o));
  }
  return json::object{{"device_id", device_id},  {"metric", metric},    {"step", step_name(step)},
                      {"from", iso_utc(t_from)}, {"to", iso_utc(t_to)}, {"points", std::move(out)}};
}

Result<json::object> MonitorService::status(const Principal& p, int64_t device_id) {
  LG_TRY_ASSIGN(auto dev, registry_.get(p, devices_kind(), device_id, std::nullopt));
  const int64_t now = clock_.now_ms();
  auto c = db_.acquire();
  auto seen = store::last_seen(*c, device_id);
  json::array latest;
  for (const auto& l : store::latest_of(*c, device_id))
    latest.push_back(
        json::object{{"metric", l.metric}, {"ts", iso_utc(l.ts_ms)}, {"value", l.value}});
  const bool online = seen && now - *seen <= opts_.offline_after_s * 1000;
  return json::object{
      {"device_id", device_id},
      {"code", text_of(dev, "code")},
      {"online", online},
      {"last_seen", seen ? json::value(iso_utc(*seen)) : json::value(nullptr)},
      {"offline_after_s", opts_.offline_after_s},
      {"latest", std::move(latest)},
  };
}

std::vector<Reading> MonitorService::readings(int64_t device_id, const std::string& metric,
                                              int64_t from_ms, int64_t to_ms) const {
  auto* self = const_cast<MonitorService*>(this);  // the device cache fills lazily
  auto d = self->device_by_id(device_id);
  std::vector<std::pair<int64_t, double>> raw;
  {
    auto c = db_.acquire();
    raw = store::select_raw(*c, device_id, metric, from_ms, to_ms);
  }
  std::vector<Reading> out;
  out.reserve(raw.size());
  for (const auto& [ts, v] : raw) {
    Reading r;
    r.device_id = device_id;
    if (d) {
      r.device_code = d->code;
      r.device_kind = d->kind;
      r.where = d->where;
    }
    r.metric = metric;
    r.ts_ms = ts;
    r.value = v;
    out.push_back(std::move(r));
  }
  return out;
}

// --- tokens and retention -------------------------------------------------------------------

Result<TelemetryToken> MonitorService::create_token(const Principal& p, const std::string& name,
                                                    const platform::Actor& who) {
  if (!is_admin_writer(p))
    return Error::forbidden("Only an administrator may manage telemetry tokens.");
  if (name.empty() || name.size() > kMaxTokenName ||
      name.find_first_of("\r\n\t") != std::string::npos)
    return Error::validation("name", "'name' must be 1 to 100 characters on one line.");
  TelemetryToken t;
  t.name = name;
  t.token = std::string(kTokenPrefix) + auth::random_token();
  t.created_by = p.user_id;
  t.created_at_ms = clock_.now_ms();
  auto c = db_.acquire();
  db::Transaction tx(*c);
  t.id = store::insert_token(*c, name, auth::sha256_hex(t.token), t.created_by, t.created_at_ms);
  platform::ChangeSet changes(audit_, nullptr, clock_, who);
  changes.add("create", "telemetry_tokens", std::to_string(t.id), nullptr,
              json::object{{"id", t.id}, {"name", t.name}});
  changes.commit(*c, tx);
  return t;
}

Result<std::vector<TelemetryToken>> MonitorService::list_tokens(const Principal& p) {
  if (p.role != Role::kAdmin)
    return Error::forbidden("Only an administrator may manage telemetry tokens.");
  auto c = db_.acquire();
  return store::select_tokens(*c);
}

Status MonitorService::revoke_token(const Principal& p, int64_t id, const platform::Actor& who) {
  if (!is_admin_writer(p))
    return Error::forbidden("Only an administrator may manage telemetry tokens.");
  auto c = db_.acquire();
  db::Transaction tx(*c);
  auto t = store::select_token(*c, id);
  if (!t) return Error::not_found();
  if (!store::revoke_token(*c, id, clock_.now_ms())) return ok_status();  // already revoked
  platform::ChangeSet changes(audit_, nullptr, clock_, who);
  changes.add("revoke", "telemetry_tokens", std::to_string(id),
              json::object{{"id", id}, {"name", t->name}}, nullptr);
  changes.commit(*c, tx);
  return ok_status();
}

RetentionReport MonitorService::retain() {
  const int64_t now = clock_.now_ms();
  RetentionReport r;
  auto c = db_.acquire();
  db::Transaction tx(*c);
  r.raw = store::delete_raw_before(*c, now - opts_.raw_retention_days * kDayMs);
  r.minute =
      store::delete_rollup_before(*c, Step::kMinute, now - opts_.minute_retention_days * kDayMs);
  r.hour = store::delete_rollup_before(*c, Step::kHour, now - opts_.hour_retention_days * kDayMs);
  r.dead_letters =
      store::delete_dead_letters_before(*c, now - opts_.dead_letter_retention_days * kDayMs);
  tx.commit();
  return r;
}

Result<RetentionReport> MonitorService::retain_as(const Principal& p) {
  if (!is_admin_writer(p)) return Error::forbidden();
  return retain();
}

std::string MonitorService::metrics_text() const {
  std::string out =
      "# HELP lakeguard_telemetry_accepted_total Telemetry readings stored (HTTP and MQTT).\n"
      "# TYPE lakeguard_telemetry_accepted_total counter\n";
  out += fmt::format("lakeguard_telemetry_accepted_total {}\n", accepted_.load());
  out +=
      "# HELP lakeguard_telemetry_duplicates_total Readings received again for a stored (device, "
      "metric, ts): stored once.\n# TYPE lakeguard_telemetry_duplicates_total counter\n";
  out += fmt::format("lakeguard_telemetry_duplicates_total {}\n", duplicates_.load());
  out +=
      "# HELP lakeguard_telemetry_rejected_total Payloads or lines refused, by reason (kept as "
      "dead letters).\n# TYPE lakeguard_telemetry_rejected_total counter\n";
  for (size_t i = 0; i < std::size(kAllReasons); ++i)
    out += fmt::format("lakeguard_telemetry_rejected_total{{reason=\"{}\"}} {}\n",
                       reason_code(kAllReasons[i]), rejected_[i].load());
  return out;
}

}  // namespace lakeguard::monitor
