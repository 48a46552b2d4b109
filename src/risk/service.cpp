#include "risk/service.h"
#include "core/json.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cmath>
#include <map>
#include <tuple>

#include "hazards/dates.h"
#include "risk/major_hazard.h"
#include "risk/store.h"

namespace lakeguard::risk {
namespace {

namespace json = boost::json;

// The risk context's own reads of other contexts (the index must count every chemical and hidden
// danger of the enterprise, whoever asks): district-wide, read-only.
Principal system_reader() {
  Principal p;
  p.username = "risk";
  p.role = Role::kAdmin;
  p.scope_type = ScopeType::kDistrict;
  p.read_only = true;
  return p;
}

const registry::KindSpec& kind(std::string_view name) {
  const registry::KindSpec* k = registry::find_kind(name);
  if (!k) throw std::logic_error(fmt::format("no registry kind {}", name));
  return *k;
}

std::string str_of(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::optional<double> num_of(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v) return std::nullopt;
  if (v->is_double()) return v->get_double();
  if (v->is_int64()) return static_cast<double>(v->get_int64());
  return std::nullopt;
}

// GB 18218 per unit (生产单元/储存单元: the chemical's storage_unit; the chemicals without one
// form one unit); the enterprise's result is its worst unit's (highest grade, then highest R).
json::object major_hazard_of(const std::vector<registry::Object>& chemicals, int64_t people,
                             std::optional<int>& grade) {
  std::map<std::string, MajorHazardInput> units;
  for (const auto& ch : chemicals) {
    SubstanceInput s;
    if (auto seq = num_of(ch, "table1_seq")) s.table1_seq = static_cast<int>(*seq);
    if (auto n = str_of(ch, "name"); !n.empty()) s.name = n;
    if (auto cas = str_of(ch, "cas"); !cas.empty()) s.cas = cas;
    if (auto hc = str_of(ch, "hazard_class"); !hc.empty()) s.hazard_classes.push_back(hc);
    s.q_g = std::llround(num_of(ch, "max_quantity_t").value_or(0) * 1e6);
    auto& unit = units[str_of(ch, "storage_unit")];
    unit.people_within_500m = people;
    if (unit.substances.size() < kMaxSubstances) unit.substances.push_back(std::move(s));
  }
  json::array out_units;
  json::object worst{
      {"is_major_hazard", false}, {"grade", nullptr}, {"grade_name", nullptr}, {"S", 0}, {"R", 0}};
  double worst_s = -1, worst_r = -1;
  for (auto& [name, in] : units) {
    json::object u{{"storage_unit", name.empty() ? json::value(nullptr) : json::value(name)}};
    auto r = assess_major_hazard(in);
    if (!r) {
      // The registry validated each chemical; a unit that still fails is reported, not counted.
      u["error"] = json::object{{"field", r.error().field}, {"message", r.error().message}};
      out_units.push_back(std::move(u));
      continue;
    }
    u["S"] = r->S;
    u["R"] = r->R;
    u["is_major_hazard"] = r->is_major_hazard;
    u["grade"] = r->grade ? json::value(*r->grade) : json::value(nullptr);
    const bool worse =
        r->grade ? (!grade || *r->grade < *grade || (*r->grade == *grade && r->R > worst_r))
                 : (!grade && r->S > worst_s);
    if (worse) {
      if (r->grade) grade = r->grade;
      worst_s = r->S;
      worst_r = r->R;
      worst["is_major_hazard"] = r->is_major_hazard;
      worst["grade"] = u["grade"];
      worst["grade_name"] = r->grade ? json::value(grade_name(*r->grade)) : json::value(nullptr);
      worst["S"] = r->S;
      worst["R"] = r->R;
      worst["alpha"] = r->alpha;
    }
    out_units.push_back(std::move(u));
  }
  worst["units"] = std::move(out_units);
  return worst;
}

std::optional<RiskLevel> worst_of(const std::vector<std::string>& colours) {
  std::optional<RiskLevel> worst;
  for (const auto& c : colours)
    for (RiskLevel l :
         {RiskLevel::kMajor, RiskLevel::kLarger, RiskLevel::kGeneral, RiskLevel::kLow})
      if (c == colour_name(l) && (!worst || static_cast<int>(l) < static_cast<int>(*worst)))
        worst = l;
  return worst;
}

json::object answer_of(const store::Snapshot& s) {
  const double index = s.index;
  std::optional<RiskLevel> level;
  for (RiskLevel l : {RiskLevel::kMajor, RiskLevel::kLarger, RiskLevel::kGeneral, RiskLevel::kLow})
    if (s.colour == colour_name(l)) level = l;
  return json::object{
      {"enterprise_id", s.enterprise_id},
      {"index", index},
      {"colour", s.colour},
      {"level", level ? json::value(risk_level_name(*level)) : json::value(nullptr)},
      {"major_hazard", json::parse(s.major_hazard)},
      {"factors", json::parse(s.factors)},
      {"computed_at", iso_utc(s.computed_at_ms)}};
}

Result<int64_t> whole_param(const std::string& key, const std::string& value, int64_t lo,
                            int64_t hi) {
  int64_t v = 0;
  bool okay = !value.empty() && value.size() <= 9;
  for (char ch : value) okay = okay && ch >= '0' && ch <= '9';
  if (okay) v = std::stoll(value);
  if (!okay || v < lo || v > hi)
    return Error::bad_request(
        fmt::format("'{}' must be a whole number from {} to {}.", key, lo, hi), key);
  return v;
}

Result<std::pair<int64_t, int64_t>> page_of(
    const std::vector<std::pair<std::string, std::string>>& params) {
  int64_t page = 1, size = 50;
  for (const auto& [key, value] : params) {
    if (key == "page") {
      LG_TRY_ASSIGN(page, whole_param(key, value, 1, 1000000));
    } else if (key == "page_size") {
      LG_TRY_ASSIGN(size, whole_param(key, value, 1, 500));
    } else {
      return Error::bad_request(fmt::format("Unknown query parameter '{}'.", key), key);
    }
  }
  return std::make_pair(page, size);
}

bool may_write_points(const Principal& p) { return p.role != Role::kViewer && !p.read_only; }

}  // namespace

RiskService::RiskService(db::Database& db, const Clock& clock, platform::AuditSink& audit,
                         EventSink* events, registry::RegistryService& registry,
                         hazards::HazardsService& hazards, RiskServiceOptions opts)
    : db_(db),
      clock_(clock),
      audit_(audit),
      events_(events),
      registry_(registry),
      hazards_(hazards),
      opts_(std::move(opts)),
      worker_([this] { work(); }) {}

RiskService::~RiskService() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  worker_.join();
}

void RiskService::mark_dirty(int64_t enterprise_id) {
  {
    std::lock_guard lock(mu_);
    dirty_.insert(enterprise_id);
  }
  cv_.notify_one();
}

void RiskService::work() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return stop_ || !dirty_.empty(); });
    if (stop_) return;
    lock.unlock();
    drain();
    lock.lock();
  }
}

void RiskService::drain() {
  for (;;) {
    int64_t id = 0;
    // Taken before the id leaves the set, so a read that finds it not pending finds its
    // recompute done (get() takes the same lock).
    std::lock_guard compute(compute_mu_);
    {
      std::lock_guard lock(mu_);
      if (dirty_.empty() || stop_) return;
      id = *dirty_.begin();
      dirty_.erase(dirty_.begin());
    }
    try {
      recompute(id);
    } catch (const std::exception& e) {
      spdlog::error("risk: recomputing enterprise {} failed: {}", id, e.what());
    }
  }
}

namespace {

// The snapshot the index rule gives for these inputs (no store).
store::Snapshot snapshot_of(const RiskServiceOptions& opts, const registry::Object& ent,
                            const std::vector<registry::Object>& chemicals,
                            const std::vector<std::string>& point_colours,
                            const hazards::EnterpriseCounts& counts, int64_t now_ms) {
  IndexInputs in;
  json::object mh =
      major_hazard_of(chemicals, opts.assumed_people_within_500m, in.major_hazard_grade);
  in.worst_point = worst_of(point_colours);
  in.open_hazards = counts.open;
  in.overdue_hazards = counts.overdue;
  in.open_major_hazards = counts.open_major;
  const IndexResult r = risk_index(in, opts.index);
  json::object shown = index_json(r);

  store::Snapshot s;
  s.enterprise_id = ent.at("id").as_int64();
  s.town_code = str_of(ent, "town_code");
  s.community_code = str_of(ent, "community_code");
  s.index = r.index;
  s.colour = std::string(colour_name(r.level));
  s.major_hazard = json_text(mh);
  s.factors = json_text(shown.at("factors"));
  s.computed_on = hazards::local_date(now_ms);
  s.computed_at_ms = now_ms;
  return s;
}

// Stores s in c's transaction (history when index or colour changed from `before`); the live
// event to publish after the commit, if any. A snapshot equal to `before` in every computed field
// on the same local day is not rewritten: its computed_at stays the time this value was first
// computed that day (docs/risk.md).
std::optional<Event> save(db::Connection& c, const store::Snapshot& s,
                          const std::optional<store::Snapshot>& before) {
  const bool changed = !before || before->index != s.index || before->colour != s.colour;
  const bool same = !changed && before->factors == s.factors &&
                    before->major_hazard == s.major_hazard &&
                    before->computed_on == s.computed_on && before->town_code == s.town_code &&
                    before->community_code == s.community_code;
  if (!same) store::put_snapshot(c, s);
  if (changed) store::append_history(c, s);
  if (!changed) return std::nullopt;
  Event e;
  e.topic = "risk";
  e.type = before ? "updated" : "created";
  e.data = json_text(answer_of(s));
  e.where = Placement{s.town_code, s.community_code, s.enterprise_id};
  return e;
}

}  // namespace

void RiskService::recompute_all() {
  // Every input of every enterprise in a few set queries (registry scans in id order, one GROUP
  // BY over the hidden dangers, the risk points and the snapshots once), then one transaction per
  // batch of enterprises: a province's 100,000 enterprises, not a dozen queries each (issue 8
  // item 7, docs/benchmarks.md). Page by page, not an export: that stops at kMaxExportRows.
  constexpr int64_t kBatch = 1000;
  const Principal sys = system_reader();
  std::lock_guard compute(compute_mu_);
  {
    // What recompute_all covers no longer needs the worker.
    std::lock_guard lock(mu_);
    dirty_.clear();
  }
  const int64_t now = clock_.now_ms();
  std::map<int64_t, std::vector<registry::Object>> chemicals;
  auto scanned =
      registry_.scan(sys, kind("chemicals"), kBatch, [&](std::vector<registry::Object>& rows) {
        for (auto& ch : rows)
          if (auto id = ch.if_contains("enterprise_id"); id && id->is_int64())
            chemicals[id->as_int64()].push_back(std::move(ch));
      });
  if (!scanned) {
    spdlog::error("risk: cannot read the chemicals: {}", scanned.error().message);
    return;
  }
  const auto counts = hazards_.counts_by_enterprise(sys);
  std::map<int64_t, std::vector<std::string>> colours;
  std::map<int64_t, store::Snapshot> before;
  {
    auto c = db_.acquire();
    colours = store::all_point_colours(*c);
    before = store::all_snapshots(*c);
  }
  const std::vector<registry::Object> none;
  const std::vector<std::string> no_colours;
  std::vector<Event> events;
  scanned =
      registry_.scan(sys, kind("enterprises"), kBatch, [&](std::vector<registry::Object>& ents) {
        auto c = db_.acquire();
        db::Transaction tx(*c);
        for (const auto& ent : ents) {
          const int64_t id = ent.at("id").as_int64();
          auto ch = chemicals.find(id);
          auto co = colours.find(id);
          auto n = counts.find(id);
          store::Snapshot s =
              snapshot_of(opts_, ent, ch == chemicals.end() ? none : ch->second,
                          co == colours.end() ? no_colours : co->second,
                          n == counts.end() ? hazards::EnterpriseCounts{} : n->second, now);
          auto b = before.find(id);
          std::optional<store::Snapshot> was;
          if (b != before.end()) {
            was = std::move(b->second);
            before.erase(b);
          }
          if (auto e = save(*c, s, was)) events.push_back(std::move(*e));
        }
        tx.commit();
      });
  if (!scanned) {
    spdlog::error("risk: cannot read the enterprises: {}", scanned.error().message);
    return;
  }
  if (!before.empty()) {
    // Snapshots whose enterprise is gone leave the four-colour list.
    auto c = db_.acquire();
    db::Transaction tx(*c);
    for (const auto& [id, _] : before) store::delete_snapshot(*c, id);
    tx.commit();
  }
  if (events_)
    for (auto& e : events) events_->publish(std::move(e));
}

bool RiskService::recompute(int64_t enterprise_id) {
  const Principal sys = system_reader();
  auto ent = registry_.get(sys, kind("enterprises"), enterprise_id, std::nullopt);
  if (!ent) {
    // Deleted: it leaves the four-colour list.
    if (ent.error().code == ErrorCode::kNotFound) {
      auto c = db_.acquire();
      store::delete_snapshot(*c, enterprise_id);
    }
    return false;
  }
  registry::ListQuery q;
  auto chemicals = registry_.export_all(sys, kind("chemicals"), q, enterprise_id);
  if (!chemicals) return false;
  auto counts = hazards_.counts_by_enterprise(sys, enterprise_id);
  auto n = counts.find(enterprise_id);

  auto c = db_.acquire();
  store::Snapshot s =
      snapshot_of(opts_, *ent, *chemicals, store::point_colours(*c, enterprise_id),
                  n == counts.end() ? hazards::EnterpriseCounts{} : n->second, clock_.now_ms());
  db::Transaction tx(*c);
  auto e = save(*c, s, store::snapshot(*c, enterprise_id));
  tx.commit();
  if (e && events_) events_->publish(std::move(*e));
  return true;
}

Result<json::object> RiskService::get(const Principal& p, int64_t enterprise_id) {
  // The registry decides what the caller may see: 404 outside the scope, as for the enterprise.
  LG_TRY(registry_.get(p, kind("enterprises"), enterprise_id, std::nullopt));
  std::lock_guard compute(compute_mu_);
  bool stale = false;
  {
    std::lock_guard lock(mu_);
    stale = dirty_.erase(enterprise_id) > 0;
  }
  std::optional<store::Snapshot> s;
  {
    auto c = db_.acquire();
    s = store::snapshot(*c, enterprise_id);
  }
  if (stale || !s || s->computed_on != hazards::local_date(clock_.now_ms())) {
    if (!recompute(enterprise_id)) return Error::not_found();
    auto c = db_.acquire();
    s = store::snapshot(*c, enterprise_id);
    if (!s) return Error::not_found();
  }
  return answer_of(*s);
}

Result<HistoryPage> RiskService::history(
    const Principal& p, int64_t enterprise_id,
    const std::vector<std::pair<std::string, std::string>>& params) {
  HistoryPage page;
  LG_TRY_ASSIGN(auto paging, page_of(params));
  std::tie(page.page, page.page_size) = paging;
  // Brings the snapshot (and so the series) up to date first.
  LG_TRY(get(p, enterprise_id));
  auto c = db_.acquire();
  page.total = store::count_history(*c, enterprise_id);
  for (const auto& h :
       store::history(*c, enterprise_id, page.page_size, (page.page - 1) * page.page_size)) {
    page.items.push_back(json::object{{"id", h.id},
                                      {"index", h.index},
                                      {"colour", h.colour},
                                      {"factors", json::parse(h.factors)},
                                      {"computed_at", iso_utc(h.computed_at_ms)}});
  }
  return page;
}

Result<HistoryPage> RiskService::map(
    const Principal& p, const std::vector<std::pair<std::string, std::string>>& params) {
  HistoryPage page;
  store::MapFilter f;
  std::vector<std::pair<std::string, std::string>> paging;
  for (const auto& [key, value] : params) {
    if (key == "town" || key == "town_code") {
      bool digits = value.size() == 9;
      for (char ch : value) digits = digits && ch >= '0' && ch <= '9';
      if (!digits)
        return Error::bad_request(fmt::format("'{}' is a 9-digit town/street code.", key), key);
      f.town_code = value;
    } else if (key == "colour") {
      if (value != "red" && value != "orange" && value != "yellow" && value != "blue")
        return Error::bad_request("'colour' is red, orange, yellow or blue.", key);
      f.colour = value;
    } else {
      paging.emplace_back(key, value);
    }
  }
  LG_TRY_ASSIGN(auto pg, page_of(paging));
  std::tie(page.page, page.page_size) = pg;
  drain();
  const ScopeCondition scope = scope_of(p, kScopeColumns);
  {
    auto c = db_.acquire();
    page.total = store::count_snapshots(*c, scope, f);
    for (const auto& s :
         store::snapshots(*c, scope, f, page.page_size, (page.page - 1) * page.page_size)) {
      json::object o = answer_of(s);
      o.erase("major_hazard");
      o.erase("factors");
      o["town_code"] = s.town_code;
      o["community_code"] =
          s.community_code.empty() ? json::value(nullptr) : json::value(s.community_code);
      page.items.push_back(std::move(o));
    }
  }
  // The map layer needs each enterprise's name and point: read through the registry's service
  // (never its tables), after the connection above is released (one-connection test stores).
  for (auto& item : page.items) {
    json::object& o = item.as_object();
    o["name"] = nullptr;
    o["lon"] = nullptr;
    o["lat"] = nullptr;
    auto ent =
        registry_.get(p, kind("enterprises"), o.at("enterprise_id").as_int64(), std::nullopt);
    if (!ent) continue;  // deleted meanwhile: its snapshot goes at the next recompute
    for (const char* key : {"name", "lon", "lat"})
      if (const auto* v = ent->if_contains(key)) o[key] = *v;
  }
  return page;
}

Event RiskService::point_event(std::string_view type, const RiskPoint& pt) const {
  Event e;
  e.topic = "risk_points";
  e.type = std::string(type);
  e.data = type == "deleted" ? json_text(json::object{{"id", pt.id}}) : json_text(point_json(pt));
  e.where = Placement{pt.town_code, pt.community_code, pt.enterprise_id};
  return e;
}

Result<RiskPoint> RiskService::scoped_point(db::Connection& c, const Principal& p, int64_t id) {
  auto pt = store::point(c, id);
  if (!pt) return Error::not_found();
  // The registry decides whether the caller sees the point's enterprise.
  if (!registry_.get(p, kind("enterprises"), pt->enterprise_id, std::nullopt))
    return Error::not_found();
  return std::move(*pt);
}

Result<HistoryPage> RiskService::list_points(
    const Principal& p, int64_t enterprise_id,
    const std::vector<std::pair<std::string, std::string>>& params) {
  HistoryPage page;
  LG_TRY_ASSIGN(auto paging, page_of(params));
  std::tie(page.page, page.page_size) = paging;
  LG_TRY(registry_.get(p, kind("enterprises"), enterprise_id, std::nullopt));
  auto c = db_.acquire();
  page.total = store::count_points(*c, enterprise_id);
  for (const auto& pt :
       store::points(*c, enterprise_id, page.page_size, (page.page - 1) * page.page_size))
    page.items.push_back(point_json(pt));
  return page;
}

Result<json::object> RiskService::create_point(const Principal& p, int64_t enterprise_id,
                                               const json::object& body,
                                               const platform::Actor& who) {
  LG_TRY_ASSIGN(auto ent, registry_.get(p, kind("enterprises"), enterprise_id, std::nullopt));
  if (!may_write_points(p)) return Error::forbidden();
  LG_TRY_ASSIGN(RiskPoint pt, point_from_body(body, nullptr, opts_.levels));
  pt.enterprise_id = enterprise_id;
  pt.town_code = str_of(ent, "town_code");
  pt.community_code = str_of(ent, "community_code");
  pt.created_at_ms = pt.updated_at_ms = clock_.now_ms();
  pt.version = 1;
  auto c = db_.acquire();
  db::Transaction tx(*c);
  pt.id = store::insert_point(*c, pt);
  json::object shown = point_json(pt);
  platform::ChangeSet ch(audit_, events_, clock_, who);
  ch.add("create", "risk_points", std::to_string(pt.id), nullptr, shown,
         point_event("created", pt));
  ch.commit(*c, tx);
  mark_dirty(enterprise_id);
  return shown;
}

Result<json::object> RiskService::get_point(const Principal& p, int64_t id) {
  auto c = db_.acquire();
  LG_TRY_ASSIGN(RiskPoint pt, scoped_point(*c, p, id));
  return point_json(pt);
}

Result<json::object> RiskService::update_point(const Principal& p, int64_t id,
                                               const json::object& body,
                                               std::optional<int64_t> if_match,
                                               const platform::Actor& who) {
  auto c = db_.acquire();
  LG_TRY_ASSIGN(RiskPoint before, scoped_point(*c, p, id));
  if (!may_write_points(p)) return Error::forbidden();
  LG_TRY_ASSIGN(RiskPoint after, point_from_body(body, &before, opts_.levels));
  if (if_match && *if_match != before.version)
    return Error::conflict("The object changed meanwhile; reload it.", "version");
  const json::object old_shown = point_json(before);
  if (point_json(after) == old_shown) return old_shown;  // unchanged: nothing written
  after.updated_at_ms = clock_.now_ms();
  db::Transaction tx(*c);
  if (store::update_point(*c, after, before.version) == 0)
    return Error::conflict("The object changed meanwhile; reload it.", "version");
  after.version = before.version + 1;
  json::object shown = point_json(after);
  platform::ChangeSet ch(audit_, events_, clock_, who);
  ch.add("update", "risk_points", std::to_string(id), old_shown, shown,
         point_event("updated", after));
  ch.commit(*c, tx);
  mark_dirty(after.enterprise_id);
  return shown;
}

Status RiskService::remove_point(const Principal& p, int64_t id, const platform::Actor& who) {
  auto c = db_.acquire();
  LG_TRY_ASSIGN(RiskPoint pt, scoped_point(*c, p, id));
  if (!may_write_points(p)) return Error::forbidden();
  db::Transaction tx(*c);
  store::delete_point(*c, id);
  platform::ChangeSet ch(audit_, events_, clock_, who);
  ch.add("delete", "risk_points", std::to_string(id), point_json(pt), nullptr,
         point_event("deleted", pt));
  ch.commit(*c, tx);
  mark_dirty(pt.enterprise_id);
  return ok_status();
}

}  // namespace lakeguard::risk
