#include "inspections/service.h"
#include "core/json.h"

#include <fmt/format.h>
#include <openssl/rand.h>

#include <algorithm>
#include <set>
#include <stdexcept>

#include "auth/service.h"
#include "core/text.h"
#include "inspections/draw.h"
#include "inspections/draw_json.h"
#include "inspections/plan.h"
#include "inspections/store.h"
#include "registry/query.h"
#include "registry/service.h"

namespace lakeguard::inspections {
namespace {

namespace json = boost::json;

std::string fresh_seed_hex() {
  unsigned char b[32];
  if (RAND_bytes(b, sizeof b) != 1) throw std::runtime_error("RAND_bytes failed");
  return to_hex(std::string_view(reinterpret_cast<const char*>(b), sizeof b));
}

// A district inspector may be sent anywhere in the district; a town's inspector only in its town.
bool inspector_serves(const Principal& p, const auth::User& u) {
  if (p.scope_type == ScopeType::kDistrict) return true;
  if (p.scope_type != ScopeType::kTown) return false;
  return u.scope_type == ScopeType::kDistrict || u.scope_code.rfind(p.scope_code, 0) == 0;
}

Status check_text(std::string_view field, const std::string& s, size_t max_chars) {
  if (!valid_utf8(s)) return Error::validation(std::string(field), "The text must be valid UTF-8.");
  size_t n = utf8_length(s);
  if (n < 1 || n > max_chars)
    return Error::validation(std::string(field),
                             fmt::format("The text must have 1 to {} characters.", max_chars));
  if (find_forbidden_char(s))
    return Error::validation(std::string(field), "The text must not contain control characters.");
  return ok_status();
}

}  // namespace

bool may_read_draws(const Principal& p) {
  switch (p.role) {
    case Role::kAdmin:
    case Role::kDistrictOfficer:
    case Role::kTownOfficer:
    case Role::kInspector:
    case Role::kViewer:
      return true;
    default:
      return false;
  }
}

bool may_run_draws(const Principal& p) {
  if (p.read_only) return false;
  return p.role == Role::kAdmin || p.role == Role::kDistrictOfficer || p.role == Role::kTownOfficer;
}

InspectionService::InspectionService(db::Database& db, const Clock& clock,
                                     platform::AuditSink& audit,
                                     registry::RegistryService& registry, auth::AuthService& users)
    : db_(db), clock_(clock), audit_(audit), registry_(registry), users_(users) {}

Result<Draw> InspectionService::create(const Principal& p, const NewDraw& nd,
                                       const platform::Actor& who) {
  if (!may_run_draws(p)) return Error::forbidden();
  Draw d;
  d.title = nd.title.empty() ? "双随机抽查 " + iso_utc(clock_.now_ms()).substr(0, 10) : nd.title;
  LG_TRY(check_text("title", d.title, 100));
  if (nd.k < 0) return Error::validation("k", "k must be a whole number from 1.");
  if (nd.m < 1 || nd.m > static_cast<int64_t>(kMaxPool))
    return Error::validation("m", "m must be a whole number from 1.");
  d.k = nd.k;  // 0: from the plan's share, checked below
  d.m = nd.m;
  if (p.scope_type == ScopeType::kTown) d.town_code = p.scope_code;

  std::vector<std::pair<std::string, std::string>> pool = nd.pool;
  std::string pool_field = "pool";
  if (nd.plan_id) {
    auto c = db_.acquire();
    auto plan = store::plan(*c, *nd.plan_id, scope_of(p, store::kDrawScope));
    if (!plan) return Error::validation("plan_id", "No such plan.");
    if (!nd.plan_target || *nd.plan_target < 0 ||
        *nd.plan_target >= static_cast<int64_t>(plan->targets.size()))
      return Error::validation("plan_target", "No such target in the plan.");
    if (!nd.pool.empty()) return Error::validation("pool", "The plan's target fixes the pool.");
    const PlanTarget& t = plan->targets[static_cast<size_t>(*nd.plan_target)];
    pool = t.pool;
    pool_field = fmt::format("plan.targets[{}].pool", *nd.plan_target);
    d.plan_id = plan->id;
    d.plan_target = static_cast<int>(*nd.plan_target);
    if (nd.title.empty()) d.title = plan->name + " · " + t.label;
    LG_TRY_ASSIGN(d.pool_enterprises, enterprise_pool(p, pool, pool_field));
    if (nd.k == 0)
      d.k = enterprises_per_draw(static_cast<int64_t>(d.pool_enterprises.size()), t.ratio_percent);
  } else {
    LG_TRY_ASSIGN(d.pool_enterprises, enterprise_pool(p, pool, pool_field));
  }
  if (d.k < 1 || d.k > static_cast<int64_t>(kMaxPool))
    return Error::validation("k", "k must be a whole number from 1.");
  json::object filter;
  for (const auto& [k, v] : pool) filter[k] = v;
  d.pool_filter = json_text(filter);

  // The inspector pool: active inspectors serving the caller's scope, minus declared conflicts
  // of interest (回避), which are published with their reasons.
  std::set<int64_t> excluded;
  for (size_t i = 0; i < nd.exclude_inspectors.size(); ++i) {
    const auto& [id, reason] = nd.exclude_inspectors[i];
    LG_TRY(check_text(fmt::format("exclude_inspectors[{}].reason", i), reason, 200));
    if (!excluded.insert(id).second)
      return Error::validation(fmt::format("exclude_inspectors[{}].id", i),
                               "This inspector is listed twice.");
  }
  std::set<int64_t> seen_excluded;
  for (const auto& u : users_.list_users()) {
    if (u.role != Role::kInspector || u.disabled || !inspector_serves(p, u)) continue;
    std::string name = u.display_name.empty() ? u.username : u.display_name;
    if (excluded.count(u.id)) {
      auto it = std::find_if(nd.exclude_inspectors.begin(), nd.exclude_inspectors.end(),
                             [&](const auto& e) { return e.first == u.id; });
      d.excluded_inspectors.push_back({u.id, name, it->second});
      seen_excluded.insert(u.id);
      continue;
    }
    d.pool_inspectors.push_back({u.id, name});
  }
  for (size_t i = 0; i < nd.exclude_inspectors.size(); ++i)
    if (!seen_excluded.count(nd.exclude_inspectors[i].first))
      return Error::validation(fmt::format("exclude_inspectors[{}].id", i),
                               "No such inspector in the pool.");
  if (d.k > static_cast<int64_t>(d.pool_enterprises.size()))
    return Error::validation(
        "k", fmt::format("k is larger than the enterprise pool ({}).", d.pool_enterprises.size()));
  if (d.m > static_cast<int64_t>(d.pool_inspectors.size()))
    return Error::validation(
        "m", fmt::format("m is larger than the inspector pool ({}).", d.pool_inspectors.size()));

  d.seed_hex = fresh_seed_hex();
  d.commitment = commitment_of(d.seed_hex);
  d.created_by = p.user_id;
  d.created_at = iso_utc(clock_.now_ms());
  auto c = db_.acquire();
  db::Transaction tx(*c);
  d.id = store::insert_draw(*c, d);
  platform::ChangeSet changes(audit_, nullptr, clock_, who);
  // The audit holds what is published: draw_json leaves the seed out while the draw is open.
  changes.add("create", "inspection_draws", std::to_string(d.id), nullptr, draw_json(d));
  changes.commit(*c, tx);
  return d;
}

Result<Draw> InspectionService::get(const Principal& p, int64_t id) {
  if (!may_read_draws(p)) return Error::forbidden();
  auto c = db_.acquire();
  auto d = store::draw(*c, id, scope_of(p, store::kDrawScope));
  if (!d) return Error::not_found();
  return *d;
}

Result<std::pair<std::vector<Draw>, int64_t>> InspectionService::list(
    const Principal& p, std::optional<std::string> status, int64_t page, int64_t page_size) {
  if (!may_read_draws(p)) return Error::forbidden();
  if (status && *status != "open" && *status != "revealed")
    return Error::validation("status", "Use 'open' or 'revealed'.");
  auto c = db_.acquire();
  return store::draws(*c, scope_of(p, store::kDrawScope), status, page, page_size);
}

Result<Draw> InspectionService::add_witness(const Principal& p, int64_t id, const std::string& name,
                                            const std::string& entropy,
                                            const platform::Actor& who) {
  if (!may_run_draws(p)) return Error::forbidden();
  LG_TRY(check_text("name", name, 100));
  LG_TRY(check_entropy(entropy));
  auto c = db_.acquire();
  db::Transaction tx(*c);
  auto d = store::draw(*c, id, scope_of(p, store::kDrawScope));
  if (!d) return Error::not_found();
  if (d->status != DrawStatus::kOpen)
    return Error::conflict("The draw is revealed; witnesses can no longer be added.", "status");
  if (d->witnesses.size() >= kMaxWitnesses)
    return Error::conflict("A draw takes at most 20 witnesses.");
  WitnessEntry w{static_cast<int>(d->witnesses.size()) + 1, name, entropy,
                 iso_utc(clock_.now_ms())};
  try {
    store::insert_witness(*c, id, w, p.user_id);
  } catch (const db::ConstraintError&) {
    return Error::conflict("Another witness was added at the same moment; try again.");
  }
  if (!store::touch_open(*c, id, d->version))
    return Error::conflict("The draw changed meanwhile; try again.");
  platform::ChangeSet changes(audit_, nullptr, clock_, who);
  changes.add("witness", "inspection_draws", std::to_string(id), nullptr,
              json::object{{"seq", w.seq}, {"name", w.name}, {"entropy", w.entropy}});
  changes.commit(*c, tx);
  d->witnesses.push_back(w);
  d->version += 1;
  return *d;
}

Result<Draw> InspectionService::reveal(const Principal& p, int64_t id, const platform::Actor& who) {
  if (!may_run_draws(p)) return Error::forbidden();
  auto c = db_.acquire();
  db::Transaction tx(*c);
  auto d = store::draw(*c, id, scope_of(p, store::kDrawScope));
  if (!d) return Error::not_found();
  if (d->status != DrawStatus::kOpen)
    return Error::conflict("The draw is already revealed.", "status");
  if (d->witnesses.empty())
    return Error::conflict("Add at least one witness's text before the reveal.", "witnesses");
  std::vector<Witness> ws;
  for (const auto& w : d->witnesses) ws.push_back({w.name, w.entropy});
  d->final_seed = final_seed(d->seed_hex, ws);
  auto pick = [&](const std::vector<PoolMember>& pool, Side side, int64_t n) {
    std::vector<int64_t> ids;
    for (const auto& m : pool) ids.push_back(m.id);
    std::vector<PoolMember> out;
    for (const auto& k : select(*d->final_seed, side, ids, static_cast<size_t>(n))) {
      auto it =
          std::find_if(pool.begin(), pool.end(), [&](const PoolMember& m) { return m.id == k.id; });
      out.push_back(*it);
    }
    return out;
  };
  d->selected_enterprises = pick(d->pool_enterprises, Side::kEnterprise, d->k);
  d->selected_inspectors = pick(d->pool_inspectors, Side::kInspector, d->m);
  d->revealed_at = iso_utc(clock_.now_ms());
  if (!store::reveal(*c, *d)) return Error::conflict("The draw changed meanwhile; try again.");
  d->status = DrawStatus::kRevealed;
  d->version += 1;
  platform::ChangeSet changes(audit_, nullptr, clock_, who);
  changes.add("reveal", "inspection_draws", std::to_string(id), nullptr, draw_json(*d));
  changes.commit(*c, tx);
  return *d;
}

Result<std::vector<PoolMember>> InspectionService::enterprise_pool(
    const Principal& p, const std::vector<std::pair<std::string, std::string>>& pool,
    const std::string& field_prefix) {
  // The enterprise list's own filters and scope (registry service).
  const registry::KindSpec* ent = registry::find_kind("enterprises");
  auto q = registry::parse_list_query(*ent, pool, false);
  if (!q) {
    Error e = q.error();
    return Error::validation(field_prefix + "." + e.field, e.message);
  }
  LG_TRY_ASSIGN(auto objs, registry_.export_all(p, *ent, *q, std::nullopt));
  std::vector<PoolMember> out;
  for (const auto& o : objs)
    out.push_back({o.at("id").to_number<int64_t>(), std::string(o.at("name").as_string())});
  std::sort(out.begin(), out.end(),
            [](const PoolMember& a, const PoolMember& b) { return a.id < b.id; });
  return out;
}

Result<Plan> InspectionService::create_plan(const Principal& p, Plan plan,
                                            const platform::Actor& who) {
  if (!may_run_draws(p)) return Error::forbidden();
  // Each target's filters must be ones the enterprise list takes.
  const registry::KindSpec* ent = registry::find_kind("enterprises");
  for (size_t i = 0; i < plan.targets.size(); ++i)
    if (auto q = registry::parse_list_query(*ent, plan.targets[i].pool, false); !q)
      return Error::validation(fmt::format("targets[{}].pool.{}", i, q.error().field),
                               q.error().message);
  if (p.scope_type == ScopeType::kTown) plan.town_code = p.scope_code;
  plan.created_by = p.user_id;
  plan.created_at = iso_utc(clock_.now_ms());
  auto c = db_.acquire();
  db::Transaction tx(*c);
  plan.id = store::insert_plan(*c, plan);
  platform::ChangeSet changes(audit_, nullptr, clock_, who);
  changes.add("create", "inspection_plans", std::to_string(plan.id), nullptr, plan_json(plan));
  changes.commit(*c, tx);
  return plan;
}

Result<std::pair<Plan, std::vector<TargetProgress>>> InspectionService::plan(const Principal& p,
                                                                             int64_t id) {
  if (!may_read_draws(p)) return Error::forbidden();
  std::optional<Plan> plan;
  std::vector<Draw> draws;
  {
    auto c = db_.acquire();
    plan = store::plan(*c, id, scope_of(p, store::kDrawScope));
    if (!plan) return Error::not_found();
    draws = store::draws_of_plan(*c, id);
  }
  std::vector<TargetProgress> progress(plan->targets.size());
  const registry::KindSpec* ent = registry::find_kind("enterprises");
  for (size_t i = 0; i < plan->targets.size(); ++i) {
    const PlanTarget& t = plan->targets[i];
    TargetProgress& tp = progress[i];
    if (auto q = registry::parse_list_query(*ent, t.pool, false)) {
      q->page_size = 1;
      if (auto page = registry_.list(p, *ent, *q, std::nullopt)) tp.pool_size = page->total;
    }
    tp.per_draw = enterprises_per_draw(tp.pool_size, t.ratio_percent);
    tp.planned_per_year = tp.per_draw * t.times_per_year;
  }
  for (const auto& d : draws) {
    if (!d.plan_target || *d.plan_target < 0 || *d.plan_target >= static_cast<int>(progress.size()))
      continue;
    TargetProgress& tp = progress[static_cast<size_t>(*d.plan_target)];
    ++tp.draws;
    if (d.status == DrawStatus::kRevealed) {
      ++tp.revealed;
      tp.enterprises_drawn += static_cast<int64_t>(d.selected_enterprises.size());
    }
  }
  return std::pair{std::move(*plan), std::move(progress)};
}

Result<std::pair<std::vector<Plan>, int64_t>> InspectionService::plans(const Principal& p,
                                                                       std::optional<int> year,
                                                                       int64_t page,
                                                                       int64_t page_size) {
  if (!may_read_draws(p)) return Error::forbidden();
  auto c = db_.acquire();
  return store::plans(*c, scope_of(p, store::kDrawScope), year, page, page_size);
}

std::pair<std::vector<Draw>, int64_t> InspectionService::published(int64_t page,
                                                                   int64_t page_size) {
  auto c = db_.acquire();
  return store::draws(*c, ScopeCondition{.kind = ScopeCondition::Kind::kAll}, std::nullopt, page,
                      page_size);
}

}  // namespace lakeguard::inspections
