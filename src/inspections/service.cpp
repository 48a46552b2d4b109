#include "inspections/service.h"
#include "core/json.h"

#include <fmt/format.h>
#include <openssl/rand.h>

#include <algorithm>
#include <set>
#include <stdexcept>

#include "auth/service.h"
#include "core/text.h"
#include "hazards/service.h"
#include "inspections/draw.h"
#include "inspections/draw_json.h"
#include "inspections/plan.h"
#include "inspections/store.h"
#include "inspections/task_json.h"
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

// --- 掌上执法 ---

namespace lakeguard::inspections {
namespace {

constexpr size_t kMaxTemplateItems = 100;
constexpr size_t kMaxTaskInspectors = 10;

bool template_admin(const Principal& p) {
  return !p.read_only && (p.role == Role::kAdmin || p.role == Role::kDistrictOfficer);
}

bool assigned_to(const Principal& p, const Task& t) {
  if (!p.user_id) return false;
  return std::any_of(t.inspectors.begin(), t.inspectors.end(),
                     [&](const PoolMember& m) { return m.id == p.user_id; });
}

std::string actor_name(const Principal& p) {
  return p.display_name.empty() ? p.username : p.display_name;
}

Status check_template(const ChecklistTemplate& t) {
  LG_TRY(check_text("name", t.name, 100));
  LG_TRY(check_text("industry", t.industry, 50));
  if (t.items.empty() || t.items.size() > kMaxTemplateItems)
    return Error::validation("items", "Give 1 to 100 items.");
  for (size_t i = 0; i < t.items.size(); ++i) {
    LG_TRY(check_text(fmt::format("items[{}].text", i), t.items[i].text, 200));
    LG_TRY(check_text(fmt::format("items[{}].basis", i), t.items[i].basis, 200));
  }
  return ok_status();
}

}  // namespace

// Every role reads the tasks of its scope (an enterprise user its own enterprise's).
bool may_read_tasks(const Principal&) { return true; }

TaskService::TaskService(db::Database& db, const Clock& clock, platform::AuditSink& audit,
                         registry::RegistryService& registry, auth::AuthService& users,
                         hazards::HazardsService& hazards, std::vector<ViolationRule> benchmark)
    : db_(db),
      clock_(clock),
      audit_(audit),
      registry_(registry),
      users_(users),
      hazards_(hazards),
      benchmark_(std::move(benchmark)) {}

std::map<int64_t, std::vector<PublicResult>> TaskService::public_results(
    const std::vector<int64_t>& draw_ids) {
  std::map<int64_t, std::vector<PublicResult>> out;
  auto c = db_.acquire();
  for (int64_t id : draw_ids)
    if (auto r = store::public_results(*c, id); !r.empty()) out.emplace(id, std::move(r));
  return out;
}

Result<std::vector<ChecklistTemplate>> TaskService::templates(const Principal& p) {
  if (!may_read_tasks(p)) return Error::forbidden();
  auto c = db_.acquire();
  return store::templates(*c);
}

Result<ChecklistTemplate> TaskService::template_by_id(const Principal& p, int64_t id) {
  if (!may_read_tasks(p)) return Error::forbidden();
  auto c = db_.acquire();
  auto t = store::template_by_id(*c, id);
  if (!t) return Error::not_found();
  return *t;
}

Result<ChecklistTemplate> TaskService::create_template(const Principal& p, ChecklistTemplate t,
                                                       const platform::Actor& who) {
  if (!template_admin(p)) return Error::forbidden();
  LG_TRY(check_template(t));
  t.demo = false;
  t.created_at = iso_utc(clock_.now_ms());
  auto c = db_.acquire();
  db::Transaction tx(*c);
  t.id = store::insert_template(*c, t);
  platform::ChangeSet changes(audit_, nullptr, clock_, who);
  changes.add("create", "inspection_templates", std::to_string(t.id), nullptr, template_json(t));
  changes.commit(*c, tx);
  return t;
}

Result<ChecklistTemplate> TaskService::replace_template(const Principal& p, ChecklistTemplate t,
                                                        const platform::Actor& who) {
  if (!template_admin(p)) return Error::forbidden();
  LG_TRY(check_template(t));
  auto c = db_.acquire();
  db::Transaction tx(*c);
  auto before = store::template_by_id(*c, t.id);
  if (!before) return Error::not_found();
  t.version = before->version;
  t.demo = before->demo;
  t.created_at = before->created_at;
  if (!store::update_template(*c, t))
    return Error::conflict("The template changed meanwhile; try again.");
  t.version += 1;
  platform::ChangeSet changes(audit_, nullptr, clock_, who);
  changes.add("update", "inspection_templates", std::to_string(t.id), template_json(*before),
              template_json(t));
  changes.commit(*c, tx);
  return t;
}

Status TaskService::delete_template(const Principal& p, int64_t id, const platform::Actor& who) {
  if (!template_admin(p)) return Error::forbidden();
  auto c = db_.acquire();
  db::Transaction tx(*c);
  auto before = store::template_by_id(*c, id);
  if (!before) return Error::not_found();
  if (!store::delete_template(*c, id))
    return Error::conflict("The template is used by inspection tasks.");
  platform::ChangeSet changes(audit_, nullptr, clock_, who);
  changes.add("delete", "inspection_templates", std::to_string(id), template_json(*before),
              nullptr);
  changes.commit(*c, tx);
  return ok_status();
}

Result<Task> TaskService::create_task(const Principal& p, const NewTask& nt,
                                      const platform::Actor& who) {
  if (!officer_role(p.role) || p.read_only) return Error::forbidden();
  if (nt.inspector_ids.empty() || nt.inspector_ids.size() > kMaxTaskInspectors)
    return Error::validation("inspector_ids", "Give 1 to 10 inspectors.");
  // The enterprise as the caller may see it (the registry applies the scope), and the inspectors
  // serving the caller's scope: both before this service takes a connection.
  const registry::KindSpec* ent = registry::find_kind("enterprises");
  auto e = registry_.get(p, *ent, nt.enterprise_id, std::nullopt);
  if (!e) return Error::validation("enterprise_id", "No such enterprise in your scope.");
  Task t;
  t.enterprise_id = nt.enterprise_id;
  auto str = [&](const char* k) {
    const auto* v = e->if_contains(k);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  t.enterprise_name = str("name");
  t.town_code = str("town_code");
  t.community_code = str("community_code");
  std::set<int64_t> seen;
  for (size_t i = 0; i < nt.inspector_ids.size(); ++i) {
    int64_t id = nt.inspector_ids[i];
    std::string field = fmt::format("inspector_ids[{}]", i);
    if (!seen.insert(id).second) return Error::validation(field, "This inspector is listed twice.");
    auto u = users_.get_user(id);
    if (!u || u->role != Role::kInspector || u->disabled || !inspector_serves(p, *u))
      return Error::validation(field, "No such inspector in your scope.");
    t.inspectors.push_back({u->id, u->display_name.empty() ? u->username : u->display_name});
  }
  auto c = db_.acquire();
  auto tpl = store::template_by_id(*c, nt.template_id);
  if (!tpl) return Error::validation("template_id", "No such template.");
  t.template_id = tpl->id;
  t.template_name = tpl->name;
  for (size_t i = 0; i < tpl->items.size(); ++i) {
    TaskItem it;
    it.seq = static_cast<int>(i) + 1;
    it.text = tpl->items[i].text;
    it.basis = tpl->items[i].basis;
    t.items.push_back(std::move(it));
  }
  t.created_by = p.user_id;
  t.created_at = iso_utc(clock_.now_ms());
  db::Transaction tx(*c);
  t.id = store::insert_task(*c, t);
  platform::ChangeSet changes(audit_, nullptr, clock_, who);
  changes.add("create", "inspection_tasks", std::to_string(t.id), nullptr, task_json(t));
  changes.commit(*c, tx);
  return t;
}

Result<std::vector<Task>> TaskService::tasks_from_draw(const Principal& p, int64_t draw_id,
                                                       int64_t template_id,
                                                       const platform::Actor& who) {
  if (!officer_role(p.role) || p.read_only) return Error::forbidden();
  std::optional<Draw> d;
  {
    auto c = db_.acquire();
    d = store::draw(*c, draw_id, scope_of(p, store::kDrawScope));
  }
  if (!d) return Error::not_found();
  if (d->status != DrawStatus::kRevealed)
    return Error::conflict("The draw is not revealed yet.", "status");
  // Every selected enterprise as the caller sees it (registry), before taking a connection.
  const registry::KindSpec* ent = registry::find_kind("enterprises");
  std::vector<Task> out;
  for (const auto& m : d->selected_enterprises) {
    auto e = registry_.get(p, *ent, m.id, std::nullopt);
    if (!e) return Error::conflict("A drawn enterprise is no longer in your scope.");
    Task t;
    t.draw_id = draw_id;
    t.enterprise_id = m.id;
    t.enterprise_name = m.name;
    const auto* town = e->if_contains("town_code");
    const auto* comm = e->if_contains("community_code");
    t.town_code = town && town->is_string() ? std::string(town->as_string()) : "";
    t.community_code = comm && comm->is_string() ? std::string(comm->as_string()) : "";
    t.inspectors = d->selected_inspectors;
    t.created_by = p.user_id;
    t.created_at = iso_utc(clock_.now_ms());
    out.push_back(std::move(t));
  }
  auto c = db_.acquire();
  auto tpl = store::template_by_id(*c, template_id);
  if (!tpl) return Error::validation("template_id", "No such template.");
  db::Transaction tx(*c);
  platform::ChangeSet changes(audit_, nullptr, clock_, who);
  for (auto& t : out) {
    t.template_id = tpl->id;
    t.template_name = tpl->name;
    for (size_t i = 0; i < tpl->items.size(); ++i)
      t.items.push_back({.seq = static_cast<int>(i) + 1,
                         .text = tpl->items[i].text,
                         .basis = tpl->items[i].basis});
    try {
      t.id = store::insert_task(*c, t);
    } catch (const db::ConstraintError&) {
      return Error::conflict("The draw already has its tasks.");
    }
    changes.add("create", "inspection_tasks", std::to_string(t.id), nullptr, task_json(t));
  }
  changes.commit(*c, tx);
  return out;
}

Result<Task> TaskService::task(const Principal& p, int64_t id) {
  if (!may_read_tasks(p)) return Error::forbidden();
  auto c = db_.acquire();
  auto t = store::task(*c, id, scope_of(p, store::kTaskScope));
  if (!t) return Error::not_found();
  return *t;
}

Result<std::pair<std::vector<Task>, int64_t>> TaskService::tasks(const Principal& p,
                                                                 std::optional<std::string> status,
                                                                 std::optional<int64_t> draw_id,
                                                                 bool mine, int64_t page,
                                                                 int64_t page_size) {
  if (!may_read_tasks(p)) return Error::forbidden();
  if (status && !parse_task_state(*status))
    return Error::validation("status", "Use assigned, in_progress, completed or cancelled.");
  std::optional<int64_t> inspector;
  if (mine) {
    if (!p.user_id) return std::pair<std::vector<Task>, int64_t>{{}, 0};
    inspector = p.user_id;
  }
  auto c = db_.acquire();
  return store::tasks(*c, scope_of(p, store::kTaskScope), status, draw_id, inspector, page,
                      page_size);
}

Result<Task> TaskService::act(const Principal& p, int64_t id, std::string_view action,
                              const std::string& reason, std::optional<int64_t> if_match,
                              const platform::Actor& who) {
  if (!may_read_tasks(p)) return Error::forbidden();
  auto a = parse_task_action(action);
  if (!a) return Error::validation("action", "Use start, complete or cancel.");
  if (*a == TaskAction::kCancel) LG_TRY(check_text("reason", reason, 200));
  auto c = db_.acquire();
  db::Transaction tx(*c);
  auto t = store::task(*c, id, scope_of(p, store::kTaskScope));
  if (!t) return Error::not_found();
  if (p.read_only) return Error::forbidden();
  if (if_match && *if_match != t->version)
    return Error::conflict("The inspection task changed meanwhile; reload it.", "version");
  auto from = parse_task_state(t->status);
  if (!from) throw std::runtime_error("stored task state is unknown");
  LG_TRY_ASSIGN(TaskState to, task_transition(*from, *a, p.role, assigned_to(p, *t)));
  if (*a == TaskAction::kComplete)
    for (const auto& it : t->items)
      if (!it.result)
        return Error::conflict(
            fmt::format("Item {} is not recorded yet; record every item first.", it.seq), "items");
  Task before = *t;
  std::string now = iso_utc(clock_.now_ms());
  t->status = std::string(task_state_name(to));
  if (to == TaskState::kInProgress) t->started_at = now;
  if (to == TaskState::kCompleted) t->completed_at = now;
  if (to == TaskState::kCancelled) t->cancel_reason = reason;
  if (!store::update_task_status(*c, *t))
    return Error::conflict("The inspection task changed meanwhile; reload it.", "version");
  t->version += 1;
  platform::ChangeSet changes(audit_, nullptr, clock_, who);
  changes.add(std::string(task_action_name(*a)), "inspection_tasks", std::to_string(id),
              task_json(before, false), task_json(*t, false));
  changes.commit(*c, tx);
  return *t;
}

Result<Task> TaskService::workable(const Principal& p, int64_t id, int seq, db::Connection& c) {
  auto t = store::task(c, id, scope_of(p, store::kTaskScope));
  if (!t) return Error::not_found();
  if (p.read_only || !may_work_task(p.role, assigned_to(p, *t)))
    return Error::forbidden("Your role may not record this task.");
  if (seq < 1 || seq > static_cast<int>(t->items.size())) return Error::not_found("No such item.");
  return *t;
}

Result<Task> TaskService::record_item(const Principal& p, int64_t id, int seq, const ItemRecord& r,
                                      const platform::Actor& who) {
  if (!parse_item_result(r.result)) return Error::validation("result", "Use pass, fail or na.");
  if (!valid_utf8(r.note) || utf8_length(r.note) > 500 || find_forbidden_char(r.note))
    return Error::validation("note", "The note must be valid text of at most 500 characters.");
  if (r.lon.has_value() != r.lat.has_value())
    return Error::validation(r.lon ? "lat" : "lon", "Give both lon and lat, or neither.");
  if (r.lon) LG_TRY(check_location(*r.lon, *r.lat));
  if (r.result == "fail" && r.note.empty())
    return Error::validation("note", "A failed item needs a note of what was found.");
  auto c = db_.acquire();
  db::Transaction tx(*c);
  LG_TRY_ASSIGN(Task t, workable(p, id, seq, *c));
  if (t.status != "in_progress")
    return Error::conflict(
        fmt::format("Items are recorded while the task is in progress; it is {}.", t.status),
        "status");
  TaskItem& it = t.items[static_cast<size_t>(seq - 1)];
  json::object before = item_json(it);
  it.result = r.result;
  it.note = r.note;
  it.lon = r.lon;
  it.lat = r.lat;
  it.recorded_by = actor_name(p);
  it.recorded_at = iso_utc(clock_.now_ms());
  store::update_item(*c, id, it);
  if (!store::touch_task(*c, id, t.version))
    return Error::conflict("The inspection task changed meanwhile; reload it.", "version");
  t.version += 1;
  platform::ChangeSet changes(audit_, nullptr, clock_, who);
  changes.add("record", "inspection_tasks", fmt::format("{}/{}", id, seq), std::move(before),
              item_json(it));
  changes.commit(*c, tx);
  return t;
}

Result<Task> TaskService::add_item_photo(const Principal& p, int64_t id, int seq,
                                         const std::string& media_type, const std::string& bytes,
                                         const platform::Actor& who) {
  {
    auto c = db_.acquire();
    LG_TRY_ASSIGN(Task t, workable(p, id, seq, *c));
    if (t.status != "in_progress")
      return Error::conflict(
          fmt::format("Items are recorded while the task is in progress; it is {}.", t.status),
          "status");
  }
  // The hidden dangers' photo store (one blob store for the platform): 413/415 from there.
  LG_TRY_ASSIGN(std::string hash, hazards_.store_photo(media_type, bytes));
  auto c = db_.acquire();
  db::Transaction tx(*c);
  LG_TRY_ASSIGN(Task t, workable(p, id, seq, *c));
  if (t.status != "in_progress")
    return Error::conflict(
        fmt::format("Items are recorded while the task is in progress; it is {}.", t.status),
        "status");
  TaskItem& it = t.items[static_cast<size_t>(seq - 1)];
  json::object before = item_json(it);
  store::set_item_photo(*c, id, seq, hash);
  it.photo_hash = hash;
  if (!store::touch_task(*c, id, t.version))
    return Error::conflict("The inspection task changed meanwhile; reload it.", "version");
  t.version += 1;
  platform::ChangeSet changes(audit_, nullptr, clock_, who);
  changes.add("photo", "inspection_tasks", fmt::format("{}/{}", id, seq), std::move(before),
              item_json(it));
  changes.commit(*c, tx);
  return t;
}

Result<TaskService::Photo> TaskService::item_photo(const Principal& p, int64_t id, int seq) {
  std::optional<std::string> hash;
  {
    auto c = db_.acquire();
    auto t = store::task(*c, id, scope_of(p, store::kTaskScope));
    if (!t || seq < 1 || seq > static_cast<int>(t->items.size())) return Error::not_found();
    hash = t->items[static_cast<size_t>(seq - 1)].photo_hash;
  }
  if (!hash) return Error::not_found("The item has no photo.");
  LG_TRY_ASSIGN(auto ph, hazards_.stored_photo(*hash));
  return Photo{ph.media_type, ph.bytes};
}

Result<json::object> TaskService::finding_to_hazard(const Principal& p, int64_t id, int seq,
                                                    const std::string& hazard_class,
                                                    const std::string& category,
                                                    const platform::Actor& who) {
  Task t;
  {
    auto c = db_.acquire();
    LG_TRY_ASSIGN(t, workable(p, id, seq, *c));
  }
  if (t.status != "in_progress" && t.status != "completed")
    return Error::conflict(
        fmt::format("Findings are reported from a task in progress or completed; it is {}.",
                    t.status),
        "status");
  const TaskItem& it = t.items[static_cast<size_t>(seq - 1)];
  if (it.result != std::optional<std::string>("fail"))
    return Error::conflict("Only a failed item becomes a hidden danger.", "result");
  if (it.hazard_id)
    return Error::conflict(fmt::format("The item is already hidden danger {}.", *it.hazard_id),
                           "hazard_id");
  // Pre-filled from the task and the item (隐患 found on an inspection).
  json::object body{{"enterprise_id", t.enterprise_id},
                    {"description", fmt::format("检查任务 #{} 第{}项：{}。{}（依据：{}）", t.id,
                                                it.seq, it.text, it.note, it.basis)},
                    {"class", hazard_class.empty() ? "一般" : hazard_class},
                    {"source", "inspection"},
                    {"category", category.empty() ? t.template_name : category}};
  if (it.lon && it.lat) body["location"] = fmt::format("{:.6f},{:.6f} (GCJ-02)", *it.lon, *it.lat);
  if (it.recorded_by) body["found_by"] = *it.recorded_by;
  if (it.recorded_at) body["found_at"] = *it.recorded_at;
  LG_TRY_ASSIGN(json::object hz, hazards_.report(p, body, who));
  int64_t hazard_id = hz.at("id").to_number<int64_t>();
  if (it.photo_hash) {
    if (auto ph = hazards_.stored_photo(*it.photo_hash))
      LG_TRY(hazards_.add_photo(p, hazard_id, ph->media_type, ph->bytes, who));
  }
  auto c = db_.acquire();
  db::Transaction tx(*c);
  if (!store::link_item_hazard(*c, id, seq, hazard_id))
    return Error::conflict("The item got a hidden danger meanwhile.", "hazard_id");
  platform::ChangeSet changes(audit_, nullptr, clock_, who);
  changes.add("finding", "inspection_tasks", fmt::format("{}/{}", id, seq), nullptr,
              json::object{{"hazard_id", hazard_id}});
  changes.commit(*c, tx);
  return hz;
}

Result<Task> TaskService::add_penalty(const Principal& p, int64_t id, const NewPenalty& np,
                                      const platform::Actor& who) {
  auto level = parse_discretion(np.level);
  if (!level) return Error::validation("level", "Use 轻微, 一般, 较重 or 严重.");
  LG_TRY(check_penalty(benchmark_, np.violation, *level, np.amount_yuan));
  if (!valid_utf8(np.note) || utf8_length(np.note) > 500 || find_forbidden_char(np.note))
    return Error::validation("note", "The note must be valid text of at most 500 characters.");
  LG_TRY_ASSIGN(const ViolationRule* rule, find_violation(benchmark_, np.violation));
  auto c = db_.acquire();
  db::Transaction tx(*c);
  LG_TRY_ASSIGN(Task t, workable(p, id, 1, *c));
  if (t.status != "in_progress" && t.status != "completed")
    return Error::conflict(
        fmt::format("Penalties are decided on a task in progress or completed; it is {}.",
                    t.status),
        "status");
  Penalty pen{.violation = rule->code,
              .violation_text = rule->violation,
              .basis = rule->basis,
              .level = np.level,
              .amount_yuan = np.amount_yuan,
              .note = np.note,
              .decided_by = actor_name(p),
              .decided_at = iso_utc(clock_.now_ms())};
  pen.id = store::insert_penalty(*c, id, pen);
  if (!store::touch_task(*c, id, t.version))
    return Error::conflict("The inspection task changed meanwhile; reload it.", "version");
  t.version += 1;
  t.penalties.push_back(pen);
  platform::ChangeSet changes(audit_, nullptr, clock_, who);
  changes.add("penalty", "inspection_tasks", std::to_string(id), nullptr, penalty_json(pen));
  changes.commit(*c, tx);
  return t;
}

}  // namespace lakeguard::inspections
