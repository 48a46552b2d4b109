#include "registry/service.h"
#include "core/json.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <set>

#include "core/geo.h"
#include "registry/csv.h"
#include "registry/permissions.h"
#include "registry/store.h"
#include "standards/division_code.h"

namespace lakeguard::registry {
namespace {

namespace json = boost::json;

Error forbidden_field(std::string field, std::string msg) {
  return Error{ErrorCode::kForbidden, std::move(msg), std::move(field)};
}

std::string str_or_empty(const Object& o, std::string_view k) {
  auto v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

// The kind whose columns place objects of `kind`: its parent for nested kinds.
const KindSpec& placing_kind(const KindSpec& kind) {
  if (kind.parent.empty()) return kind;
  const KindSpec* pk = find_kind(kind.parent);
  return pk ? *pk : kind;
}

// Shapes for spatial queries (API-CONVENTIONS.md "Geometry in requests").
struct Shape {
  std::vector<std::vector<std::vector<LonLat>>> polygons;  // each: outer ring, then holes
  std::optional<LonLat> centre;
  double radius_m = 0;
  double min_lon = 180, max_lon = -180, min_lat = 90, max_lat = -90;

  bool contains(LonLat p) const {
    if (centre) return distance_m(*centre, p) <= radius_m;
    for (const auto& poly : polygons) {
      if (poly.empty() || !point_in_ring(p, poly[0])) continue;
      bool in_hole = false;
      for (size_t h = 1; h < poly.size() && !in_hole; ++h) in_hole = point_in_ring(p, poly[h]);
      if (!in_hole) return true;
    }
    return false;
  }
};

constexpr size_t kMaxShapeVertices = 20000;

Result<std::vector<LonLat>> parse_ring(const json::value& v, size_t* vertices) {
  if (!v.is_array() || v.as_array().size() < 4)
    return Error::validation("shape", "A polygon ring needs at least 4 positions.");
  std::vector<LonLat> ring;
  for (const auto& pos : v.as_array()) {
    if (!pos.is_array() || pos.as_array().size() < 2 || !pos.as_array()[0].is_number() ||
        !pos.as_array()[1].is_number())
      return Error::validation("shape", "A position is [lon, lat].");
    LonLat p{pos.as_array()[0].to_number<double>(), pos.as_array()[1].to_number<double>()};
    if (!std::isfinite(p.lon) || !std::isfinite(p.lat) || std::abs(p.lon) > 180 ||
        std::abs(p.lat) > 90)
      return Error::validation("shape", "A position is outside [-180,180] × [-90,90].");
    ring.push_back(p);
    if (++*vertices > kMaxShapeVertices)
      return Error::validation(
          "shape", fmt::format("The shape has more than {} positions.", kMaxShapeVertices));
  }
  if (ring.front().lon != ring.back().lon || ring.front().lat != ring.back().lat)
    return Error::validation("shape", "A polygon ring must be closed (first = last position).");
  return ring;
}

Result<Shape> parse_shape(const json::object& o) {
  Shape s;
  if (auto c = o.if_contains("center")) {
    for (const auto& kv : o)
      if (kv.key() != "center" && kv.key() != "radius_m")
        return Error::validation(
            "shape", fmt::format("Unknown circle field '{}'.", std::string_view(kv.key())));
    if (!c->is_array() || c->as_array().size() != 2 || !c->as_array()[0].is_number() ||
        !c->as_array()[1].is_number())
      return Error::validation("shape", "'center' is [lon, lat].");
    LonLat ctr{c->as_array()[0].to_number<double>(), c->as_array()[1].to_number<double>()};
    if (!std::isfinite(ctr.lon) || !std::isfinite(ctr.lat) || std::abs(ctr.lon) > 180 ||
        std::abs(ctr.lat) > 90)
      return Error::validation("shape", "'center' is outside [-180,180] × [-90,90].");
    auto r = o.if_contains("radius_m");
    if (!r || !r->is_number() || !(r->to_number<double>() > 0) || r->to_number<double>() > 200000)
      return Error::validation("shape", "'radius_m' must be a number from 0 to 200000.");
    s.centre = ctr;
    s.radius_m = r->to_number<double>();
    // A bounding box for the SQL prefilter: degrees per metre at this latitude, with slack.
    double dlat = s.radius_m / 111000.0 * 1.01;
    double dlon = dlat / std::max(0.01, std::cos(ctr.lat * M_PI / 180));
    s.min_lon = ctr.lon - dlon;
    s.max_lon = ctr.lon + dlon;
    s.min_lat = ctr.lat - dlat;
    s.max_lat = ctr.lat + dlat;
    return s;
  }
  auto t = o.if_contains("type");
  auto coords = o.if_contains("coordinates");
  if (!t || !t->is_string() || !coords || !coords->is_array())
    return Error::validation("shape", "The shape is a GeoJSON Polygon/MultiPolygon or a circle.");
  std::vector<json::value> polys;
  if (t->as_string() == "Polygon")
    polys.push_back(*coords);
  else if (t->as_string() == "MultiPolygon")
    for (const auto& p : coords->as_array()) polys.push_back(p);
  else
    return Error::validation("shape", "The shape is a GeoJSON Polygon/MultiPolygon or a circle.");
  size_t vertices = 0;
  for (const auto& pv : polys) {
    if (!pv.is_array() || pv.as_array().empty())
      return Error::validation("shape", "A polygon needs an outer ring.");
    std::vector<std::vector<LonLat>> poly;
    for (const auto& rv : pv.as_array()) {
      auto ring = parse_ring(rv, &vertices);
      if (!ring) return std::move(ring).error();
      poly.push_back(std::move(*ring));
    }
    for (const auto& p : poly[0]) {
      s.min_lon = std::min(s.min_lon, p.lon);
      s.max_lon = std::max(s.max_lon, p.lon);
      s.min_lat = std::min(s.min_lat, p.lat);
      s.max_lat = std::max(s.max_lat, p.lat);
    }
    s.polygons.push_back(std::move(poly));
  }
  return s;
}

}  // namespace

Placement placement_of(const KindSpec& kind, const Object& obj) {
  Placement where;
  if (!kind.scope.town.empty()) where.town_code = str_or_empty(obj, kind.scope.town);
  if (!kind.scope.community.empty()) where.community_code = str_or_empty(obj, kind.scope.community);
  if (!kind.scope.enterprise.empty())
    if (auto v = obj.if_contains(kind.scope.enterprise); v && v->is_int64())
      where.enterprise_id = v->as_int64();
  return where;
}

struct RegistryService::Scoped {
  store::Where where;
  std::optional<Object> parent;
};

RegistryService::RegistryService(db::Database& db, const Clock& clock, platform::AuditSink& audit,
                                 EventSink* events, auth::AuthService* users, RegistryOptions opts)
    : db_(db), clock_(clock), audit_(audit), events_(events), users_(users), opts_(opts) {}

Event RegistryService::event_of(const KindSpec& kind, std::string_view type, const Object& obj,
                                const std::optional<Object>& parent, const Object* before) const {
  Event e;
  e.topic = std::string(kind.name);
  e.type = std::string(type);
  auto gone = [&](const Object& o) {
    json::object g{{"id", o.at("id")}};
    if (!kind.parent_fk.empty()) g[kind.parent_fk] = o.at(kind.parent_fk);
    return json_text(g);
  };
  e.data = type == "deleted" ? gone(obj) : json_text(obj);
  // A nested object (chemicals, stock) belongs where its parent does.
  const KindSpec& placing = placing_kind(kind);
  e.where = placement_of(placing, parent ? *parent : obj);
  if (before && !parent) {
    Placement was = placement_of(placing, *before);
    if (!(was == e.where)) {
      // A move: those who saw it there but cannot here get `deleted`, the others `created`.
      e.was = std::move(was);
      e.gone_data = gone(*before);
    }
  }
  return e;
}

void RegistryService::after_commit(const KindSpec& kind) {
  if (kind.refreshes_index) refresh_index();
}

void RegistryService::prepare_store() {
  auto c = db_.acquire();
  for (const auto& kind : kinds()) {
    db::Transaction tx(*c);
    store::prepare_docs(*c, kind);
    tx.commit();
  }
}

void RegistryService::refresh_index() {
  JurisdictionIndex idx;
  std::vector<Object> rows;
  if (const KindSpec* divisions = find_kind("jurisdictions")) {
    auto c = db_.acquire();
    rows = store::select(*c, *divisions, store::Where{}, ListQuery{}, -1, 0);
  }
  bool have_outline = false;
  double mnx = 180, mxx = -180, mny = 90, mxy = -90;
  auto widen = [&](double lon, double lat) {
    mnx = std::min(mnx, lon);
    mxx = std::max(mxx, lon);
    mny = std::min(mny, lat);
    mxy = std::max(mxy, lat);
  };
  for (const auto& r : rows) {
    std::string code = str_or_empty(r, "code"), level = str_or_empty(r, "level");
    if (level == "district") {
      idx.district_code = code;
      if (auto g = r.if_contains("polygon"); g && g->is_object()) {
        // Walk every position of the outline for its bounding box.
        std::vector<const json::value*> stack{g->as_object().if_contains("coordinates")};
        while (!stack.empty()) {
          const json::value* v = stack.back();
          stack.pop_back();
          if (!v || !v->is_array()) continue;
          const auto& a = v->as_array();
          if (a.size() >= 2 && a[0].is_number() && a[1].is_number()) {
            widen(a[0].to_number<double>(), a[1].to_number<double>());
            have_outline = true;
          } else {
            for (const auto& e : a) stack.push_back(&e);
          }
        }
      }
    } else if (level == "town") {
      idx.towns.insert(code);
    } else if (level == "community") {
      std::string parent = str_or_empty(r, "parent_code");
      idx.community_town[code] =
          parent.empty() ? standards::parent_division_code(code).value_or("") : parent;
    }
  }
  if (!have_outline) {
    // Until an outline exists, the box of the known centres bounds the district.
    for (const auto& r : rows) {
      auto lon = r.if_contains("lon"), lat = r.if_contains("lat");
      if (lon && lat && lon->is_number() && lat->is_number())
        widen(lon->to_number<double>(), lat->to_number<double>());
    }
  }
  if (mnx <= mxx) {
    idx.min_lon = mnx;
    idx.max_lon = mxx;
    idx.min_lat = mny;
    idx.max_lat = mxy;
  }
  std::unique_lock lk(mu_);
  index_ = std::move(idx);
}

JurisdictionIndex RegistryService::index() const {
  std::shared_lock lk(mu_);
  return index_;
}

bool RegistryService::jurisdiction_exists(db::Connection& c, const std::string& code) {
  const KindSpec* divisions = find_kind("jurisdictions");
  return divisions && store::any_with(c, *divisions, "code", code);
}

bool RegistryService::enterprise_exists(db::Connection& c, int64_t id) {
  const KindSpec* enterprises = find_kind("enterprises");
  return enterprises && store::select_one(c, *enterprises, id, store::Where{}).has_value();
}

Result<RegistryService::Scoped> RegistryService::scope_for(db::Connection& c, const Principal& p,
                                                           const KindSpec& kind,
                                                           std::optional<int64_t> parent_id) {
  if (!role_allows(p.role, kind.name, Op::kRead))
    return Error::forbidden(fmt::format("Your role may not read {}.", kind.name));
  Scoped s;
  if (!kind.parent.empty()) {
    const KindSpec* pk = find_kind(kind.parent);
    if (!pk || !parent_id) return Error::not_found();
    auto parent = store::select_one(c, *pk, *parent_id, store::scope_where(scope_of(p, pk->scope)));
    if (!parent) return Error::not_found(fmt::format("No such {} in your scope.", pk->name));
    s.where.add(fmt::format("{} = ?", kind.parent_fk), {*parent_id});
    s.parent = std::move(parent);
  } else {
    s.where = store::scope_where(scope_of(p, kind.scope));
  }
  return s;
}

Status RegistryService::check_write_scope(const Principal& p, const KindSpec& kind,
                                          const Object& obj) {
  // Closed-set values the role may not write (a town officer and the district warehouse).
  for (const auto& f : kind.fields) {
    auto allowed = allowed_values(p.role, kind.name, f.name);
    if (allowed.empty()) continue;
    std::string v = str_or_empty(obj, f.name);
    if (std::find(allowed.begin(), allowed.end(), v) == allowed.end())
      return forbidden_field(
          std::string(f.name),
          fmt::format("Your role may not write {} with {} '{}'.", kind.name, f.name, v));
  }
  if (!kind.located) return ok_status();
  if (p.scope_type == ScopeType::kTown && str_or_empty(obj, "town_code") != p.scope_code)
    return forbidden_field("town_code", "You may only write objects of your own town.");
  if (p.scope_type == ScopeType::kCommunity && str_or_empty(obj, "community_code") != p.scope_code)
    return forbidden_field("community_code",
                           "You may only write objects of your own community/village.");
  return ok_status();
}

Result<Object> RegistryService::prepare(const KindSpec& kind, const Object& body, bool partial,
                                        bool synthetic, const Object* base) {
  JurisdictionIndex idx = index();
  LG_TRY_ASSIGN(Object v, validate_object(kind, body,
                                          {.partial = partial, .allow_synthetic = synthetic}, idx));
  Object merged;
  if (base) {
    merged = *base;
    for (auto& kv : v) merged[kv.key()] = kv.value();
  } else {
    merged = std::move(v);
  }
  LG_TRY(complete_object(kind, merged, idx));
  return merged;
}

Status RegistryService::check_division(db::Connection& c, const KindSpec& kind, const Object& obj,
                                       const Object* before) {
  if (!kind.refreshes_index) return ok_status();
  std::string code = str_or_empty(obj, "code"), level = str_or_empty(obj, "level");
  std::string district = index().district_code;
  if (level == "district") {
    // One district per deployment: a second one would widen the accepted bounding box by the
    // size of its outline and mix two districts' data.
    if (!district.empty() && district != code)
      return Error::conflict(
          fmt::format("This platform serves district {}; it cannot hold another.", district),
          "level");
  } else if (!district.empty() && !code.starts_with(district)) {
    return Error::validation("code",
                             fmt::format("The code must lie within district {}.", district));
  }
  if (before) {
    bool recoded = str_or_empty(*before, "code") != code ||
                   str_or_empty(*before, "level") != level ||
                   str_or_empty(*before, "parent_code") != str_or_empty(obj, "parent_code");
    // Objects and users name a division by its code: re-coding one in use would orphan them.
    if (recoded) LG_TRY(check_unreferenced(c, kind, *before, "recoded"));
  }
  return ok_status();
}

Status RegistryService::check_unreferenced(db::Connection& c, const KindSpec& kind,
                                           const Object& obj, std::string_view what) {
  const Referrers& r = kind.referrers;
  std::string code = kind.code_field.empty() ? std::string() : str_or_empty(obj, kind.code_field);
  std::vector<std::string> holders;
  if (r.placements && !code.empty()) {
    // A town is named by town_code, a community by community_code (standards/division_code.h).
    auto level = standards::division_level(code);
    std::string_view column =
        level == standards::DivisionLevel::kCommunity ? "community_code" : "town_code";
    if (level == standards::DivisionLevel::kTown || level == standards::DivisionLevel::kCommunity)
      for (const auto& k : kinds())
        if (k.located && store::any_with(c, k, column, code)) holders.emplace_back(k.name);
  }
  if (r.sub_divisions && !code.empty() && store::any_with(c, kind, "parent_code", code))
    holders.emplace_back(kind.name);
  if (r.scoped_users && users_ && !code.empty() && users_->users_bound_to_scope(c, code) > 0)
    holders.emplace_back("users");
  if (r.enterprise_users && users_ &&
      users_->users_bound_to_enterprise(c, obj.at("id").as_int64()) > 0)
    holders.emplace_back("users");
  if (holders.empty()) return ok_status();
  std::string list;
  for (const auto& h : holders) list += (list.empty() ? "" : ", ") + h;
  if (what == "deleted")
    return Error::conflict(
        fmt::format("It cannot be deleted while {} refer to it; move or remove them first.", list));
  return Error::conflict(
      fmt::format("Its code cannot change while {} refer to it; move or remove them first.", list),
      std::string(kind.code_field));
}

Result<Page> RegistryService::list(const Principal& p, const KindSpec& kind, const ListQuery& q,
                                   std::optional<int64_t> parent_id) {
  auto c = db_.acquire();
  LG_TRY_ASSIGN(Scoped s, scope_for(*c, p, kind, parent_id));
  store::add_query(kind, q, s.where);
  Page page;
  page.total = store::count(*c, kind, s.where);
  page.page = q.page;
  page.page_size = q.page_size;
  page.items = store::select(*c, kind, s.where, q, q.page_size, (q.page - 1) * q.page_size);
  return page;
}

Result<JsonPage> RegistryService::list_json(const Principal& p, const KindSpec& kind,
                                            const ListQuery& q, std::optional<int64_t> parent_id) {
  auto c = db_.acquire();
  LG_TRY_ASSIGN(Scoped s, scope_for(*c, p, kind, parent_id));
  store::add_query(kind, q, s.where);
  JsonPage page;
  page.total = store::count(*c, kind, s.where);
  page.page = q.page;
  page.page_size = q.page_size;
  page.items.reserve(static_cast<size_t>(std::min<int64_t>(q.page_size, page.total)) * 512 + 2);
  store::select_json(*c, kind, s.where, q, q.page_size, (q.page - 1) * q.page_size, page.items);
  return page;
}

Result<std::vector<Object>> RegistryService::export_all(const Principal& p, const KindSpec& kind,
                                                        const ListQuery& q,
                                                        std::optional<int64_t> parent_id) {
  auto c = db_.acquire();
  LG_TRY_ASSIGN(Scoped s, scope_for(*c, p, kind, parent_id));
  store::add_query(kind, q, s.where);
  if (store::count(*c, kind, s.where) > kMaxExportRows)
    return Error{ErrorCode::kPayloadTooLarge,
                 fmt::format("More than {} objects match; narrow the filter.", kMaxExportRows), ""};
  return store::select(*c, kind, s.where, q, -1, 0);
}

Status RegistryService::scan(const Principal& p, const KindSpec& kind, int64_t batch,
                             const std::function<void(std::vector<Object>&)>& each) {
  if (!role_allows(p.role, kind.name, Op::kRead))
    return Error::forbidden(fmt::format("Your role may not read {}.", kind.name));
  if (p.scope_type != ScopeType::kDistrict)
    return Error::forbidden("Only a district-wide reader may read a whole collection.");
  ListQuery q;  // id order
  int64_t last = 0;
  for (;;) {
    std::vector<Object> rows;
    {
      // A connection per batch: a long scan does not hold one of the pool's for its whole run.
      auto c = db_.acquire();
      store::Where w;
      w.add("id > ?", {last});
      rows = store::select(*c, kind, w, q, batch, 0);
    }
    if (rows.empty()) return ok_status();
    last = rows.back().at("id").as_int64();
    const bool full = static_cast<int64_t>(rows.size()) == batch;
    each(rows);
    if (!full) return ok_status();
  }
}

Result<Object> RegistryService::get(const Principal& p, const KindSpec& kind, int64_t id,
                                    std::optional<int64_t> parent_id) {
  auto c = db_.acquire();
  LG_TRY_ASSIGN(Scoped s, scope_for(*c, p, kind, parent_id));
  auto obj = store::select_one(*c, kind, id, s.where);
  if (!obj) return Error::not_found();
  return std::move(*obj);
}

Result<Object> RegistryService::create(const Principal& p, const KindSpec& kind, const Object& body,
                                       std::optional<int64_t> parent_id,
                                       const platform::Actor& who) {
  auto c = db_.acquire();
  db::Transaction tx(*c);
  LG_TRY_ASSIGN(Scoped s, scope_for(*c, p, kind, parent_id));
  if (!role_allows(p.role, kind.name, Op::kCreate))
    return Error::forbidden(fmt::format("Your role may not create {}.", kind.name));
  if (s.parent) LG_TRY(check_write_scope(p, placing_kind(kind), *s.parent));
  LG_TRY_ASSIGN(Object obj, prepare(kind, body, false, false, nullptr));
  LG_TRY(check_write_scope(p, kind, obj));
  LG_TRY(check_division(*c, kind, obj, nullptr));
  if (!kind.unique_field.empty()) {
    std::string code = str_or_empty(obj, kind.unique_field);
    if (!code.empty() && store::exists(*c, kind, kind.unique_field, code, -1))
      return Error::conflict(fmt::format("Another object has {} {}.", kind.unique_field, code),
                             std::string(kind.unique_field));
  }
  std::string now = iso_utc(clock_.now_ms());
  int64_t id;
  try {
    id = store::insert(*c, kind, obj, parent_id, now);
  } catch (const db::ConstraintError&) {
    return Error::conflict("The object conflicts with an existing one.",
                           std::string(kind.unique_field));
  }
  Object made = *store::select_one(*c, kind, id, store::Where{});
  auto ch = changes(who);
  ch.add("create", std::string(kind.name), std::to_string(id), nullptr, made,
         event_of(kind, "created", made, s.parent));
  ch.commit(*c, tx);
  after_commit(kind);
  return made;
}

Result<Object> RegistryService::update(const Principal& p, const KindSpec& kind, int64_t id,
                                       const Object& body, std::optional<int64_t> parent_id,
                                       std::optional<int64_t> if_match,
                                       const platform::Actor& who) {
  auto c = db_.acquire();
  db::Transaction tx(*c);
  LG_TRY_ASSIGN(Scoped s, scope_for(*c, p, kind, parent_id));
  auto before = store::select_one(*c, kind, id, s.where);
  if (!before) return Error::not_found();
  if (!role_allows(p.role, kind.name, Op::kUpdate))
    return Error::forbidden(fmt::format("Your role may not change {}.", kind.name));
  if (s.parent) LG_TRY(check_write_scope(p, placing_kind(kind), *s.parent));
  LG_TRY(check_write_scope(p, kind, *before));
  if (auto limited = updatable_fields(p.role, kind.name); !limited.empty())
    for (const auto& kv : body)
      if (std::find(limited.begin(), limited.end(), kv.key()) == limited.end())
        return forbidden_field(std::string(kv.key()),
                               "An enterprise user may change only its contacts.");
  int64_t version = before->at("version").as_int64();
  if (if_match && *if_match != version)
    return Error::conflict(fmt::format(
        "The object changed (version {} now, {} expected); reload it.", version, *if_match));
  LG_TRY_ASSIGN(Object merged, prepare(kind, body, true, false, &*before));
  if (merged == *before) return std::move(*before);  // nothing changes: nothing is written
  LG_TRY(check_write_scope(p, kind, merged));
  LG_TRY(check_division(*c, kind, merged, &*before));
  if (!kind.unique_field.empty()) {
    std::string code = str_or_empty(merged, kind.unique_field);
    if (!code.empty() && store::exists(*c, kind, kind.unique_field, code, id))
      return Error::conflict(fmt::format("Another object has {} {}.", kind.unique_field, code),
                             std::string(kind.unique_field));
  }
  std::string now = iso_utc(clock_.now_ms());
  int64_t n;
  try {
    n = store::update(*c, kind, id, merged, now, version);
  } catch (const db::ConstraintError&) {
    return Error::conflict("The change conflicts with an existing object.",
                           std::string(kind.unique_field));
  }
  if (n == 0) return Error::conflict("The object changed meanwhile; reload it.");
  Object after = *store::select_one(*c, kind, id, store::Where{});
  auto ch = changes(who);
  ch.add("update", std::string(kind.name), std::to_string(id), *before, after,
         event_of(kind, "updated", after, s.parent, &*before));
  ch.commit(*c, tx);
  after_commit(kind);
  return after;
}

Status RegistryService::remove(const Principal& p, const KindSpec& kind, int64_t id,
                               std::optional<int64_t> parent_id, const platform::Actor& who) {
  auto c = db_.acquire();
  db::Transaction tx(*c);
  LG_TRY_ASSIGN(Scoped s, scope_for(*c, p, kind, parent_id));
  auto before = store::select_one(*c, kind, id, s.where);
  if (!before) return Error::not_found();
  if (!role_allows(p.role, kind.name, Op::kDelete))
    return Error::forbidden(fmt::format("Your role may not delete {}.", kind.name));
  if (s.parent) LG_TRY(check_write_scope(p, placing_kind(kind), *s.parent));
  LG_TRY(check_write_scope(p, kind, *before));
  LG_TRY(check_unreferenced(*c, kind, *before, "deleted"));
  auto ch = changes(who);
  // Children go with their parent, each one audited (the stock ledger stays complete) and
  // published, before the parent itself.
  for (const auto& child : kinds()) {
    if (child.parent != kind.name) continue;
    if (!role_allows(p.role, child.name, Op::kDelete))
      return Error::forbidden(fmt::format("Your role may not delete {}.", child.name));
    for (const auto& o : store::children(*c, child, id)) {
      int64_t child_id = o.at("id").as_int64();
      store::remove(*c, child, child_id);
      ch.add("delete", std::string(child.name), std::to_string(child_id), o, nullptr,
             event_of(child, "deleted", o, *before));
    }
  }
  store::remove(*c, kind, id);
  ch.add("delete", std::string(kind.name), std::to_string(id), *before, nullptr,
         event_of(kind, "deleted", *before, s.parent));
  ch.commit(*c, tx);
  after_commit(kind);
  return ok_status();
}

Result<ImportReport> RegistryService::import(const Principal& p, const KindSpec& kind,
                                             const ImportInput& in, bool dry_run,
                                             std::optional<int64_t> parent_id,
                                             const platform::Actor& who) {
  auto c = db_.acquire();
  db::Transaction tx(*c);
  LG_TRY_ASSIGN(Scoped s, scope_for(*c, p, kind, parent_id));
  if (!role_allows(p.role, kind.name, Op::kCreate))
    return Error::forbidden(fmt::format("Your role may not create {}.", kind.name));
  if (s.parent) LG_TRY(check_write_scope(p, placing_kind(kind), *s.parent));
  ImportReport rep;
  // One error per row: the first found. `failed` holds the rows that have one.
  std::set<int64_t> failed;
  auto fail = [&](int64_t row, std::string column, std::string reason) {
    if (!failed.insert(row).second) return;
    rep.errors.push_back({row, std::move(column), std::move(reason)});
  };
  // Each source row becomes a JSON object of raw values; text cells are parsed by field type.
  std::vector<std::pair<int64_t, Object>> raw;
  if (in.is_json) {
    int64_t n = 1;
    for (const auto& v : in.json_rows) {
      ++n;
      if (!v.is_object())
        fail(n, "", "Each row must be a JSON object.");
      else
        raw.emplace_back(n, v.as_object());
    }
  } else {
    if (in.csv.empty()) return Error::validation("file", "The file has no header row.");
    const auto& header = in.csv[0];
    std::vector<const FieldSpec*> cols;
    std::set<std::string> seen;
    // Columns of this server's own export that are not input (ids, versions, times, the
    // synthetic label, derived fields) are accepted and ignored, so an export imports again.
    auto exported_only = [&](std::string_view name, const FieldSpec* f) {
      for (auto common : kCommonColumns)
        if (name == common) return true;
      return name == kind.parent_fk || (f && f->read_only);
    };
    for (const auto& h : header) {
      std::string name = h;
      while (!name.empty() && name.back() == ' ') name.pop_back();
      const FieldSpec* f = kind.field(name);
      bool crs = name == "crs" && kind.located;
      bool ignored = !name.empty() && exported_only(name, f);
      if (!ignored && (name.empty() || (!f && !crs)))
        fail(1, name, fmt::format("Unknown column '{}'.", name));
      else if (!seen.insert(name).second)
        fail(1, name, fmt::format("Column '{}' appears twice.", name));
      cols.push_back(ignored ? nullptr : f);
    }
    for (size_t i = 1; i < in.csv.size(); ++i) {
      int64_t line = static_cast<int64_t>(i) + 1;
      const auto& row = in.csv[i];
      if (row.size() > header.size()) {
        fail(line, "",
             fmt::format("The row has {} cells; the header has {}.", row.size(), header.size()));
        continue;
      }
      Object o;
      for (size_t k = 0; k < row.size(); ++k) {
        // The export's formula guard comes off again (csv.h), so an exported file imports as
        // the values it was made from.
        if (cols[k])
          o[cols[k]->name] = csv_unguard(row[k]);
        else if (header[k] == "crs" && !row[k].empty())
          o["crs"] = row[k];
      }
      raw.emplace_back(line, std::move(o));
    }
  }
  rep.rows = static_cast<int64_t>(in.is_json ? in.json_rows.size() : in.csv.size() - 1);
  if (rep.rows > static_cast<int64_t>(kMaxImportRows))
    return Error{ErrorCode::kPayloadTooLarge,
                 fmt::format("At most {} rows per import.", kMaxImportRows), ""};
  std::vector<Object> objects;
  std::vector<int64_t> row_numbers;
  std::map<std::string, int64_t> codes_in_file;
  for (auto& [line, o] : raw) {
    // Text values for non-text fields come from CSV cells or spreadsheet strings.
    Object typed;
    bool cell_error = false;
    for (auto& kv : o) {
      const FieldSpec* f = kind.field(kv.key());
      if (f && kv.value().is_string() && f->type != FieldType::kText &&
          f->type != FieldType::kDate) {
        auto v = parse_cell(*f, kv.value().as_string());
        if (!v) {
          fail(line, v.error().field, v.error().message);
          cell_error = true;
          break;
        }
        if (!v->is_null()) typed[kv.key()] = std::move(*v);
      } else if (!(kv.value().is_string() && kv.value().as_string().empty())) {
        typed[kv.key()] = kv.value();
      }
    }
    if (cell_error) continue;
    auto obj = prepare(kind, typed, false, false, nullptr);
    if (!obj) {
      fail(line, obj.error().field, obj.error().message);
      continue;
    }
    if (auto st = check_write_scope(p, kind, *obj); !st) {
      fail(line, st.error().field, st.error().message);
      continue;
    }
    if (auto st = check_division(*c, kind, *obj, nullptr); !st) {
      fail(line, st.error().field, st.error().message);
      continue;
    }
    if (!kind.unique_field.empty()) {
      std::string code = str_or_empty(*obj, kind.unique_field);
      if (!code.empty()) {
        auto [it, fresh] = codes_in_file.emplace(code, line);
        if (!fresh) {
          fail(line, std::string(kind.unique_field),
               fmt::format("Duplicate of row {}.", it->second));
          continue;
        }
        if (store::exists(*c, kind, kind.unique_field, code, -1)) {
          fail(line, std::string(kind.unique_field),
               fmt::format("{} {} exists already.", kind.unique_field, code));
          continue;
        }
      }
    }
    objects.push_back(std::move(*obj));
    row_numbers.push_back(line);
  }
  std::stable_sort(rep.errors.begin(), rep.errors.end(),
                   [](const ImportError& a, const ImportError& b) { return a.row < b.row; });
  rep.valid = failed.contains(1) ? 0 : static_cast<int64_t>(objects.size());
  if (dry_run || !rep.errors.empty()) return rep;
  std::string now = iso_utc(clock_.now_ms());
  auto ch = changes(who);
  for (size_t i = 0; i < objects.size(); ++i) {
    int64_t id;
    try {
      id = store::insert(*c, kind, objects[i], parent_id, now);
    } catch (const db::ConstraintError&) {
      rep.errors.push_back(
          {row_numbers[i], std::string(kind.unique_field), "Conflicts with an existing object."});
      rep.valid = 0;
      return rep;  // the transaction rolls back: all or nothing
    }
    Object made = *store::select_one(*c, kind, id, store::Where{});
    ch.add("import", std::string(kind.name), std::to_string(id), nullptr, made,
           event_of(kind, "created", made, s.parent));
  }
  ch.commit(*c, tx);
  rep.committed = true;
  after_commit(kind);
  return rep;
}

Result<json::object> RegistryService::within(const Principal& p, const json::object& shape,
                                             const std::vector<std::string>& layers) {
  LG_TRY_ASSIGN(Shape sh, parse_shape(shape));
  json::object out;
  json::array omitted;
  int64_t found = 0;
  auto c = db_.acquire();
  for (const auto& name : layers) {
    const KindSpec* kind = find_kind(name);
    if (!kind || !kind->located)
      return Error::validation("layers", fmt::format("'{}' is not a map layer.", name));
    if (!role_allows(p.role, kind->name, Op::kRead)) {
      omitted.emplace_back(name);
      continue;
    }
    store::Where w = store::scope_where(scope_of(p, kind->scope));
    w.add("lon >= ? AND lon <= ? AND lat >= ? AND lat <= ?",
          {sh.min_lon, sh.max_lon, sh.min_lat, sh.max_lat});
    json::array features;
    // Every candidate of the bounding box is tested exactly; only then is the answer's size
    // known, and past the maximum it is refused rather than cut short.
    for (auto& obj : store::select(*c, *kind, w, ListQuery{}, -1, 0)) {
      LonLat pt{obj.at("lon").to_number<double>(), obj.at("lat").to_number<double>()};
      if (!sh.contains(pt)) continue;
      if (++found > opts_.max_within_features)
        return Error{ErrorCode::kPayloadTooLarge,
                     fmt::format("More than {} objects lie inside the shape; draw a smaller one or "
                                 "choose fewer layers.",
                                 opts_.max_within_features),
                     "shape"};
      features.push_back(to_feature(*kind, obj));
    }
    out[name] = json::object{{"type", "FeatureCollection"}, {"features", std::move(features)}};
  }
  return json::object{{"layers", std::move(out)}, {"omitted", std::move(omitted)}};
}

Result<std::vector<int64_t>> RegistryService::load(const KindSpec& kind,
                                                   const std::vector<Object>& objs,
                                                   std::optional<int64_t> parent_id, bool synthetic,
                                                   const platform::Actor& who,
                                                   db::Connection* conn) {
  std::optional<db::Database::Lease> lease;
  if (!conn) {
    lease.emplace(db_.acquire());
    conn = &**lease;
  }
  std::optional<db::Transaction> tx;
  if (lease) tx.emplace(*conn);
  std::vector<int64_t> ids;
  std::string now = iso_utc(clock_.now_ms());
  platform::ChangeSet ch(audit_, nullptr, clock_, who);
  for (size_t i = 0; i < objs.size(); ++i) {
    Object body = objs[i];
    if (synthetic && !body.contains("synthetic")) body["synthetic"] = true;
    auto obj = prepare(kind, body, false, true, nullptr);
    if (!obj) {
      Error e = std::move(obj).error();
      e.message = fmt::format("{} #{}: {}", kind.name, i + 1, e.message);
      return e;
    }
    int64_t id = store::insert(*conn, kind, *obj, parent_id, now);
    ch.add("create", std::string(kind.name), std::to_string(id), nullptr, *obj);
    ids.push_back(id);
  }
  if (tx)
    ch.commit(*conn, *tx);
  else
    ch.audit_only(*conn);
  after_commit(kind);
  return ids;
}

json::object to_feature(const KindSpec& kind, const Object& obj) {
  json::object props = obj;
  json::value geometry = nullptr;
  if (auto poly = obj.if_contains("polygon"); poly && poly->is_object()) geometry = *poly;
  auto lon = obj.if_contains("lon");
  auto lat = obj.if_contains("lat");
  if (geometry.is_null() && lon && lat && lon->is_number() && lat->is_number())
    geometry = json::object{{"type", "Point"}, {"coordinates", json::array{*lon, *lat}}};
  props.erase("polygon");
  props["layer"] = kind.name;
  return json::object{{"type", "Feature"},
                      {"id", obj.at("id")},
                      {"geometry", std::move(geometry)},
                      {"properties", std::move(props)}};
}

}  // namespace lakeguard::registry
