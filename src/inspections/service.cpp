#include "inspections/service.h"

#include <fmt/format.h>
#include <openssl/rand.h>

#include <algorithm>
#include <set>
#include <stdexcept>

#include "auth/service.h"
#include "core/text.h"
#include "inspections/draw.h"
#include "inspections/draw_json.h"
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
  if (nd.k < 1 || nd.k > static_cast<int64_t>(kMaxPool))
    return Error::validation("k", "k must be a whole number from 1.");
  if (nd.m < 1 || nd.m > static_cast<int64_t>(kMaxPool))
    return Error::validation("m", "m must be a whole number from 1.");
  d.k = nd.k;
  d.m = nd.m;
  if (p.scope_type == ScopeType::kTown) d.town_code = p.scope_code;

  // The enterprise pool: the enterprise list's own filters and scope (registry service).
  const registry::KindSpec* ent = registry::find_kind("enterprises");
  auto q = registry::parse_list_query(*ent, nd.pool, false);
  if (!q) {
    Error e = q.error();
    return Error::validation("pool." + e.field, e.message);
  }
  LG_TRY_ASSIGN(auto objs, registry_.export_all(p, *ent, *q, std::nullopt));
  json::object filter;
  for (const auto& [k, v] : nd.pool) filter[k] = v;
  d.pool_filter = json::serialize(filter);
  for (const auto& o : objs)
    d.pool_enterprises.push_back(
        {o.at("id").to_number<int64_t>(), std::string(o.at("name").as_string())});
  std::sort(d.pool_enterprises.begin(), d.pool_enterprises.end(),
            [](const PoolMember& a, const PoolMember& b) { return a.id < b.id; });

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

std::pair<std::vector<Draw>, int64_t> InspectionService::published(int64_t page,
                                                                   int64_t page_size) {
  auto c = db_.acquire();
  return store::draws(*c, ScopeCondition{.kind = ScopeCondition::Kind::kAll}, std::nullopt, page,
                      page_size);
}

}  // namespace lakeguard::inspections
