#include "alarms/service.h"
#include "core/json.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "alarms/lifecycle.h"
#include "alarms/store.h"

namespace lakeguard::alarms {
namespace json = boost::json;

namespace {

constexpr size_t kMaxNoteBytes = 2000;

store::Where scope_for(const Principal& p) {
  // Every role reads alarms in its scope (no enterprise column: enterprise users see none).
  return store::scope_where(scope_of(p, kScopeColumns));
}

bool may_edit_rules(const Principal& p) {
  return !p.read_only && (p.role == Role::kAdmin || p.role == Role::kDistrictOfficer);
}

std::optional<int64_t> whole(std::string_view s, int64_t lo, int64_t hi) {
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || v < lo || v > hi) return std::nullopt;
  return v;
}

Result<ListFilter> parse_filter(const std::vector<std::pair<std::string, std::string>>& params) {
  ListFilter f;
  for (const auto& [k, v] : params) {
    if (k == "device_id") {
      auto id = whole(v, 1, INT64_MAX);
      if (!id) return Error::bad_request("'device_id' must be a whole number.", k);
      f.device_id = *id;
    } else if (k == "status") {
      auto s = parse_state(v);
      if (!s)
        return Error::bad_request(
            "'status' is one of: open, claimed, verified, converted, closed, dismissed.", k);
      f.status = *s;
    } else if (k == "level") {
      auto l = parse_level(v);
      if (!l) return Error::bad_request("'level' is one of: blue, yellow, orange, red.", k);
      f.level = *l;
    } else if (k == "rule") {
      f.rule = v;
    } else if (k == "page" || k == "page_size") {
      auto n = k == "page" ? whole(v, 1, 1000000) : whole(v, 1, 500);
      if (!n)
        return Error::bad_request(k == "page" ? "'page' must be a whole number from 1."
                                              : "'page_size' must be a whole number from 1 to 500.",
                                  k);
      (k == "page" ? f.page : f.page_size) = *n;
    } else if (k == "sort") {
      bool desc = !v.empty() && v[0] == '-';
      std::string col = desc ? v.substr(1) : v;
      if (col != "last_seen" && col != "first_seen" && col != "id" && col != "level")
        return Error::bad_request(
            "'sort' is one of last_seen, first_seen, id, level (with '-' for descending).", k);
      f.sort_column = col;
      f.sort_desc = desc;
    } else {
      return Error::bad_request(fmt::format("Unknown query parameter '{}' for alarms.", k), k);
    }
  }
  return f;
}

json::value time_or_null(int64_t ms) {
  return ms ? json::value(iso_utc(ms)) : json::value(nullptr);
}

}  // namespace

json::object to_json(const Alarm& a) {
  return json::object{
      {"id", a.id},
      {"device_id", a.device_id},
      {"device_code", a.device_code},
      {"metric", a.metric},
      {"rule", a.rule},
      {"level", level_name(a.level)},
      {"status", state_name(a.status)},
      {"active", a.active},
      {"first_seen", iso_utc(a.first_seen_ms)},
      {"last_seen", iso_utc(a.last_seen_ms)},
      {"count", a.count},
      {"message", a.message},
      {"town_code", a.town_code.empty() ? json::value(nullptr) : json::value(a.town_code)},
      {"community_code",
       a.community_code.empty() ? json::value(nullptr) : json::value(a.community_code)},
      {"incident_ref", a.incident_ref.empty() ? json::value(nullptr) : json::value(a.incident_ref)},
      {"created_at", iso_utc(a.created_at_ms)},
      {"updated_at", iso_utc(a.updated_at_ms)},
      {"version", a.version}};
}

json::object to_json(const ActionRecord& a) {
  return json::object{
      {"id", a.id},
      {"action", a.action},
      {"from_status", a.from_status.empty() ? json::value(nullptr) : json::value(a.from_status)},
      {"to_status", a.to_status},
      {"from_level", a.from_level.empty() ? json::value(nullptr) : json::value(a.from_level)},
      {"to_level", a.to_level},
      {"actor", a.actor},
      {"at", time_or_null(a.at_ms)},
      {"note", a.note.empty() ? json::value(nullptr) : json::value(a.note)}};
}

AlarmsService::AlarmsService(db::Database& db, const Clock& clock, platform::AuditSink& audit,
                             EventSink* events, const ReadingHistory* history, AlarmsOptions opts)
    : db_(db), clock_(clock), audit_(audit), events_(events), history_(history), opts_(opts) {}

void AlarmsService::add_channel(std::shared_ptr<Channel> ch) {
  std::lock_guard lock(channels_mu_);
  channels_.push_back(std::move(ch));
}

void AlarmsService::reload_rules(db::Connection& c) {
  std::vector<RuleDef> defs;
  for (const auto& row : store::select_rules(c)) {
    json::error_code ec;
    json::value v = json::parse(row.definition, ec);
    if (ec || !v.is_object()) continue;
    auto r = parse_rule(v.as_object(), nullptr, /*stored=*/true);
    if (!r.ok()) continue;  // a definition this build cannot read: skipped, never fatal
    RuleDef d = std::move(r).value();
    d.id = row.id;
    d.built_in = row.built_in;
    d.version = row.version;
    d.created_at_ms = row.created_at_ms;
    d.updated_at_ms = row.updated_at_ms;
    defs.push_back(std::move(d));
  }
  engine_.set_rules(std::move(defs));
}

void AlarmsService::start() {
  std::lock_guard lock(mu_);
  {
    auto c = db_.acquire();
    RuleDef rain = builtin_rainstorm();
    store::insert_rule_if_absent(*c, rain.name, std::string(rule_type_name(rain.type)), true,
                                 json_text(definition_of(rain)), clock_.now_ms());
    reload_rules(*c);
    for (const auto& s : store::select_states(*c)) engine_.load(s);
  }
  // The rainstorm windows are re-read from the store (their saved state holds no readings), with
  // no connection of ours held (the monitor's history takes one).
  if (history_)
    for (const auto& w : engine_.windows_to_restore())
      engine_.restore_window(w, history_->readings(w.device_id, w.metric, w.from_ms, w.to_ms));
  (void)engine_.take_dirty();
}

Event AlarmsService::event_of(std::string_view type, const Alarm& a) const {
  Event e;
  e.topic = "alarms";
  e.type = std::string(type);
  e.data = json_text(to_json(a));
  e.where = placement_of(a);
  return e;
}

void AlarmsService::apply(db::Connection& c, const Signal& s, platform::ChangeSet& ch,
                          std::vector<Notification>& out) {
  int64_t now = clock_.now_ms();
  auto open = store::find_open(c, s.device_id, s.metric, s.rule);
  std::string text = message_of(s);
  ActionRecord rec{.actor = "rules", .at_ms = s.t.at_ms, .note = text};
  if (s.t.to == Level::kNone) {
    if (!open || !open->active) return;
    Alarm after = *open;
    after.active = false;
    after.updated_at_ms = now;
    if (store::update(c, after, open->version) == 0) return;
    after.version = open->version + 1;
    rec.alarm_id = after.id;
    rec.action = "clear";
    rec.from_status = rec.to_status = std::string(state_name(after.status));
    rec.from_level = std::string(level_name(open->level));
    rec.to_level = "none";
    store::insert_action(c, rec);
    ch.add("clear", "alarms", std::to_string(after.id), to_json(*open), to_json(after),
           event_of("updated", after));
    return;
  }
  std::string kind;
  Alarm after;
  if (!open) {
    after.device_id = s.device_id;
    after.device_code = s.device_code;
    after.metric = s.metric;
    after.rule = s.rule;
    after.level = s.t.to;
    after.status = State::kOpen;
    after.active = true;
    after.first_seen_ms = after.last_seen_ms = s.t.at_ms;
    after.count = 1;
    after.message = text;
    after.town_code = s.where.town_code;
    after.community_code = s.where.community_code;
    after.created_at_ms = after.updated_at_ms = now;
    after.id = store::insert(c, after);
    kind = "raise";
    rec.from_level.clear();
    ch.add("create", "alarms", std::to_string(after.id), nullptr, to_json(after),
           event_of("created", after));
  } else {
    after = *open;
    bool occurrence = !open->active || s.t.from == Level::kNone;
    if (occurrence) ++after.count;
    kind = s.t.to > open->level ? "escalate" : occurrence ? "occur" : "lower";
    after.level = s.t.to;
    after.active = true;
    after.last_seen_ms = std::max(open->last_seen_ms, s.t.at_ms);
    after.message = text;
    after.updated_at_ms = now;
    if (store::update(c, after, open->version) == 0) return;
    after.version = open->version + 1;
    rec.from_level = std::string(level_name(open->level));
    ch.add(kind, "alarms", std::to_string(after.id), to_json(*open), to_json(after),
           event_of("updated", after));
  }
  rec.alarm_id = after.id;
  rec.action = kind;
  rec.from_status = open ? std::string(state_name(open->status)) : std::string();
  rec.to_status = std::string(state_name(after.status));
  rec.to_level = std::string(level_name(after.level));
  store::insert_action(c, rec);
  if (kind != "lower") {
    json::object o = to_json(after);
    o["kind"] = kind;
    out.push_back(Notification{kind, after.id, json_text(o), text});
  }
}

void AlarmsService::commit_signals(std::vector<Signal>& signals) {
  // REQUIRES: mu_ held.
  auto dirty = engine_.take_dirty();
  if (signals.empty() && dirty.empty()) return;
  std::vector<Notification> notes;
  // Another instance may open the same alarm first (both evaluate a device whose readings the
  // shared subscription split between them): the partial unique index on open alarms refuses
  // the second insert; the transaction is run again and then finds that alarm and updates it.
  for (int attempt = 1;; ++attempt) {
    notes.clear();
    try {
      auto c = db_.acquire();
      db::Transaction tx(*c);
      platform::ChangeSet ch(audit_, events_, clock_, platform::Actor::system("rules"));
      for (const auto& s : signals) apply(*c, s, ch, notes);
      int64_t now = clock_.now_ms();
      for (const auto& d : dirty) store::upsert_state(*c, d, now);
      ch.commit(*c, tx);
      break;
    } catch (const db::ConstraintError&) {
      if (attempt >= 3) throw;
      ++conflict_retries_;
    }
  }
  std::vector<std::shared_ptr<Channel>> chans;
  {
    std::lock_guard lock(channels_mu_);
    chans = channels_;
  }
  for (const auto& n : notes)
    for (const auto& chan : chans) chan->notify(n);
}

void AlarmsService::on_readings(std::span<const Reading> batch) {
  std::lock_guard lock(mu_);
  try {
    std::vector<Signal> signals;
    engine_.process(batch, signals);
    evaluated_ += static_cast<int64_t>(batch.size());
    commit_signals(signals);
  } catch (const std::exception&) {
    ++failures_;  // counted in /metrics; the feed's publisher is not disturbed
  }
}

void AlarmsService::tick() {
  std::lock_guard lock(mu_);
  try {
    std::vector<Signal> signals;
    engine_.tick(clock_.now_ms(), signals);
    commit_signals(signals);
  } catch (const std::exception&) {
    ++failures_;
  }
}

json::object AlarmsService::detail(db::Connection& c, const Principal& p, const Alarm& a) {
  json::object o = to_json(a);
  json::array history;
  for (const auto& r : store::actions_of(c, a.id)) history.push_back(to_json(r));
  o["actions"] = std::move(history);
  json::array allowed;
  if (!p.read_only && role_may_act(p.role))
    for (Action x : kAllActions)
      // convert is opening an incident from the alarm (POST /incidents with alarm_id).
      if (x != Action::kConvert && next_status(a.status, x).ok())
        allowed.emplace_back(action_name(x));
  o["allowed_actions"] = std::move(allowed);
  return o;
}

Result<AlarmPage> AlarmsService::list(
    const Principal& p, const std::vector<std::pair<std::string, std::string>>& params) {
  LG_TRY_ASSIGN(ListFilter f, parse_filter(params));
  store::Where w = scope_for(p);
  store::add_filter(f, w);
  auto c = db_.acquire();
  AlarmPage page;
  page.total = store::count(*c, w);
  page.page = f.page;
  page.page_size = f.page_size;
  for (const auto& a : store::select(*c, w, f, f.page_size, (f.page - 1) * f.page_size)) {
    json::object o = to_json(a);
    page.items.push_back(std::move(o));
  }
  return page;
}

Result<json::object> AlarmsService::get(const Principal& p, int64_t id) {
  auto c = db_.acquire();
  auto a = store::select_one(*c, id, scope_for(p));
  if (!a) return Error::not_found();
  return detail(*c, p, *a);
}

Result<Alarm> AlarmsService::find(const Principal& p, int64_t id) {
  auto c = db_.acquire();
  auto found = store::select_one(*c, id, scope_for(p));
  if (!found) return Error::not_found();
  return *found;
}

Result<Alarm> AlarmsService::convert_in(db::Connection& c, platform::ChangeSet& ch,
                                        const Principal& p, int64_t id,
                                        const std::string& incident_ref,
                                        const platform::Actor& who) {
  if (p.read_only || !role_may_act(p.role))
    return Error{ErrorCode::kForbidden, "Your role may not act on alarms.", "alarm_id"};
  auto found = store::select_one(c, id, scope_for(p));
  if (!found) return Error::not_found();
  const Alarm& before = *found;
  auto next = next_status(before.status, Action::kConvert);
  if (!next) return Error::conflict(next.error().message, "alarm_id");
  int64_t now = clock_.now_ms();
  Alarm after = before;
  after.status = *next;
  after.updated_at_ms = now;
  after.incident_ref = incident_ref;
  if (store::update(c, after, before.version) == 0)
    return Error::conflict("The alarm changed meanwhile; reload it.", "alarm_id");
  after.version = before.version + 1;
  store::insert_action(c, ActionRecord{.alarm_id = id,
                                       .action = std::string(action_name(Action::kConvert)),
                                       .from_status = std::string(state_name(before.status)),
                                       .to_status = std::string(state_name(after.status)),
                                       .from_level = std::string(level_name(before.level)),
                                       .to_level = std::string(level_name(after.level)),
                                       .actor_id = who.user_id,
                                       .actor = who.name,
                                       .at_ms = now,
                                       .note = incident_ref,
                                       .request_id = who.request_id});
  ch.add(std::string(action_name(Action::kConvert)), "alarms", std::to_string(id), to_json(before),
         to_json(after), event_of("updated", after));
  return after;
}

Result<json::object> AlarmsService::act(const Principal& p, int64_t id, const json::object& body,
                                        std::optional<int64_t> if_match,
                                        const platform::Actor& who) {
  for (const auto& kv : body)
    if (kv.key() != "action" && kv.key() != "note")
      return Error::validation(
          std::string(kv.key()),
          fmt::format("Unknown or read-only field '{}'.", std::string_view(kv.key())));
  auto av = body.if_contains("action");
  if (!av || !av->is_string()) return Error::validation("action", "'action' is required.");
  auto action = parse_action(av->as_string());
  if (!action)
    return Error::validation("action", fmt::format("Unknown action '{}'; it is one of: {}.",
                                                   std::string_view(av->as_string()),
                                                   "claim, verify, convert, close, dismiss"));
  std::string note;
  if (auto nv = body.if_contains("note"); nv && !nv->is_null()) {
    if (!nv->is_string() || nv->as_string().size() > kMaxNoteBytes)
      return Error::validation("note", "'note' is text of at most 2000 bytes.");
    note = std::string(nv->as_string());
  }
  if (p.read_only || !role_may_act(p.role))
    return Error{ErrorCode::kForbidden, "Your role may not act on alarms.", "action"};
  int64_t now = clock_.now_ms();
  auto c = db_.acquire();
  db::Transaction tx(*c);
  auto found = store::select_one(*c, id, scope_for(p));
  if (!found) return Error::not_found();
  const Alarm& before = *found;
  LG_TRY_ASSIGN(State next, next_status(before.status, *action));
  if (*action == Action::kConvert)
    // An alarm is converted only with its incident, in the incident's transaction
    // (convert_in, called by incident command): never without one.
    return Error::conflict(
        "An alarm is converted by opening an incident from it (POST /api/v1/incidents with "
        "alarm_id).",
        "action");
  if (if_match && *if_match != before.version)
    return Error::conflict("The alarm changed meanwhile; reload it.");
  Alarm after = before;
  after.status = next;
  after.updated_at_ms = now;
  if (store::update(*c, after, before.version) == 0)
    return Error::conflict("The alarm changed meanwhile; reload it.");
  after.version = before.version + 1;
  ActionRecord rec{.alarm_id = id,
                   .action = std::string(action_name(*action)),
                   .from_status = std::string(state_name(before.status)),
                   .to_status = std::string(state_name(next)),
                   .from_level = std::string(level_name(before.level)),
                   .to_level = std::string(level_name(after.level)),
                   .actor_id = who.user_id,
                   .actor = who.name,
                   .at_ms = now,
                   .note = note,
                   .request_id = who.request_id};
  store::insert_action(*c, rec);
  platform::ChangeSet ch(audit_, events_, clock_, who);
  ch.add(std::string(action_name(*action)), "alarms", std::to_string(id), to_json(before),
         to_json(after), event_of("updated", after));
  json::object out = detail(*c, p, after);
  ch.commit(*c, tx);
  return out;
}

Result<json::array> AlarmsService::rules(const Principal& p) {
  (void)p;
  std::lock_guard lock(mu_);
  json::array out;
  for (const auto& r : engine_.rules()) out.push_back(to_json(r));
  return out;
}

Result<json::object> AlarmsService::rule(const Principal& p, int64_t id) {
  (void)p;
  std::lock_guard lock(mu_);
  for (const auto& r : engine_.rules())
    if (r.id == id) return to_json(r);
  return Error::not_found();
}

Result<json::object> AlarmsService::create_rule(const Principal& p, const json::object& body,
                                                const platform::Actor& who) {
  if (!may_edit_rules(p)) return Error::forbidden("Your role may not edit alarm rules.");
  LG_TRY_ASSIGN(RuleDef r, parse_rule(body, nullptr));
  int64_t now = clock_.now_ms();
  std::lock_guard lock(mu_);
  auto c = db_.acquire();
  db::Transaction tx(*c);
  try {
    r.id = store::insert_rule(*c, r.name, std::string(rule_type_name(r.type)), r.enabled, false,
                              json_text(definition_of(r)), now);
  } catch (const db::ConstraintError&) {
    return Error::conflict(fmt::format("A rule named '{}' exists already.", r.name), "name");
  }
  r.created_at_ms = r.updated_at_ms = now;
  platform::ChangeSet ch(audit_, events_, clock_, who);
  ch.add("create", "alarm_rules", std::to_string(r.id), nullptr, to_json(r));
  ch.commit(*c, tx);
  reload_rules(*c);
  return to_json(r);
}

Result<json::object> AlarmsService::update_rule(const Principal& p, int64_t id,
                                                const json::object& body,
                                                std::optional<int64_t> if_match,
                                                const platform::Actor& who) {
  if (!may_edit_rules(p)) return Error::forbidden("Your role may not edit alarm rules.");
  std::lock_guard lock(mu_);
  const RuleDef* existing = nullptr;
  for (const auto& r : engine_.rules())
    if (r.id == id) existing = &r;
  if (!existing) return Error::not_found();
  RuleDef before = *existing;
  LG_TRY_ASSIGN(RuleDef after, parse_rule(body, &before));
  if (if_match && *if_match != before.version)
    return Error::conflict("The rule changed meanwhile; reload it.");
  json::object was = to_json(before);
  after.version = before.version;
  if (to_json(after) == was) return was;  // unchanged: no version bump, no audit
  int64_t now = clock_.now_ms();
  auto c = db_.acquire();
  db::Transaction tx(*c);
  if (store::update_rule(*c, id, after.enabled, json_text(definition_of(after)), now,
                         before.version) == 0)
    return Error::conflict("The rule changed meanwhile; reload it.");
  after.version = before.version + 1;
  after.updated_at_ms = now;
  platform::ChangeSet ch(audit_, events_, clock_, who);
  ch.add("update", "alarm_rules", std::to_string(id), was, to_json(after));
  ch.commit(*c, tx);
  reload_rules(*c);
  return to_json(after);
}

}  // namespace lakeguard::alarms
