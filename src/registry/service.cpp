#include "registry/service.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <set>

#include "core/geo.h"
#include "registry/permissions.h"
#include "registry/store.h"

namespace lakeguard::registry {
namespace {

namespace json = boost::json;
using auth::Principal;
using auth::ScopeType;

Error forbidden_field(std::string field, std::string msg) {
  return Error{ErrorCode::kForbidden, std::move(msg), std::move(field)};
}

std::string str_or_empty(const Object& o, std::string_view k) {
  auto v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

// The base scope of a principal over a kind's rows, as SQL (ARCHITECTURE.md §3: in the query).
store::Where base_where(const Principal& p, const KindSpec& kind) {
  store::Where w;
  bool jurisdictional = kind.located || kind.name == "jurisdictions";
  switch (p.scope_type) {
    case ScopeType::kDistrict:
      break;
    case ScopeType::kTown:
      if (jurisdictional)
        w.add("town_code = ?", {p.scope_code});
      else
        w.add("1 = 0");
      break;
    case ScopeType::kCommunity:
      if (jurisdictional)
        w.add("community_code = ?", {p.scope_code});
      else
        w.add("1 = 0");
      break;
    case ScopeType::kEnterprise:
      if (kind.name == "enterprises")
        w.add("id = ?", {p.enterprise_id.value_or(-1)});
      else
        w.add("1 = 0");
      break;
  }
  return w;
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

struct RegistryService::Scoped {
  store::Where where;
  std::optional<Object> parent;
};

RegistryService::RegistryService(db::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

void RegistryService::publish(const KindSpec& kind, std::string_view type, const Object& obj,
                              const std::optional<Object>& parent) {
  if (!events_) return;
  Event e;
  e.topic = std::string(kind.name);
  e.type = std::string(type);
  if (type == "deleted") {
    json::object gone{{"id", obj.at("id")}};
    if (!kind.parent_fk.empty()) gone[kind.parent_fk] = obj.at(kind.parent_fk);
    e.data = json::serialize(gone);
  } else {
    e.data = json::serialize(obj);
  }
  // A nested object (chemicals, stock) belongs where its parent does.
  const Object& placed = parent ? *parent : obj;
  e.town_code = str_or_empty(placed, "town_code");
  e.community_code = str_or_empty(placed, "community_code");
  if (kind.name == "enterprises" || kind.parent == "enterprises")
    if (auto id = placed.if_contains("id"); id && id->is_int64()) e.enterprise_id = id->as_int64();
  events_->publish(std::move(e));
}

void RegistryService::refresh_index() {
  JurisdictionIndex idx;
  auto c = db_.acquire();
  auto rows = c->query("SELECT code, level, parent_code, lon, lat, polygon FROM jurisdictions");
  bool have_outline = false;
  double mnx = 180, mxx = -180, mny = 90, mxy = -90;
  for (const auto& r : rows.rows) {
    std::string code = r.str(0), level = r.str(1);
    if (level == "district") {
      idx.district_code = code;
      if (!r.is_null(5)) {
        boost::system::error_code ec;
        auto g = json::parse(r.str(5), ec);
        if (!ec && g.is_object()) {
          // Walk every position of the outline for its bounding box.
          std::vector<const json::value*> stack{g.as_object().if_contains("coordinates")};
          while (!stack.empty()) {
            const json::value* v = stack.back();
            stack.pop_back();
            if (!v || !v->is_array()) continue;
            const auto& a = v->as_array();
            if (a.size() >= 2 && a[0].is_number() && a[1].is_number()) {
              mnx = std::min(mnx, a[0].to_number<double>());
              mxx = std::max(mxx, a[0].to_number<double>());
              mny = std::min(mny, a[1].to_number<double>());
              mxy = std::max(mxy, a[1].to_number<double>());
              have_outline = true;
            } else {
              for (const auto& e : a) stack.push_back(&e);
            }
          }
        }
      }
    } else if (level == "town") {
      idx.towns.insert(code);
    } else if (level == "community") {
      idx.community_town[code] = r.opt_str(2).value_or(code.substr(0, 9));
    }
    if (!have_outline && !r.is_null(3) && !r.is_null(4)) {
      // Until an outline exists, the box of the known centres bounds the district.
      mnx = std::min(mnx, r.f64(3));
      mxx = std::max(mxx, r.f64(3));
      mny = std::min(mny, r.f64(4));
      mxy = std::max(mxy, r.f64(4));
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

Result<RegistryService::Scoped> RegistryService::scope_for(db::Connection& c, const Principal& p,
                                                           const KindSpec& kind,
                                                           std::optional<int64_t> parent_id) {
  if (!role_allows(p.role, kind.name, Op::kRead))
    return Error::forbidden(fmt::format("Your role may not read {}.", kind.name));
  Scoped s;
  if (!kind.parent.empty()) {
    const KindSpec* pk = find_kind(kind.parent);
    if (!pk || !parent_id) return Error::not_found();
    auto parent = store::select_one(c, *pk, *parent_id, base_where(p, *pk));
    if (!parent) return Error::not_found(fmt::format("No such {} in your scope.", pk->name));
    s.where.add(fmt::format("{} = ?", kind.parent_fk), {*parent_id});
    s.parent = std::move(parent);
  } else {
    s.where = base_where(p, kind);
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

Status RegistryService::check_parent_write(const Principal& p, const KindSpec& kind,
                                           const std::optional<Object>& parent) {
  if (!parent || kind.parent.empty()) return ok_status();
  const KindSpec* pk = find_kind(kind.parent);
  return pk ? check_write_scope(p, *pk, *parent) : ok_status();
}

Result<Object> RegistryService::prepare(const KindSpec& kind, const Object& body, bool partial,
                                        bool synthetic, const Object* base) {
  JurisdictionIndex idx = index();
  auto v = validate_object(kind, body, {.partial = partial, .allow_synthetic = synthetic}, idx);
  if (!v) return std::move(v).error();
  Object merged;
  if (base) {
    merged = *base;
    for (auto& kv : *v) merged[kv.key()] = kv.value();
  } else {
    merged = std::move(*v);
  }
  if (auto s = complete_object(kind, merged, idx); !s) return s.error();
  return merged;
}

Result<Page> RegistryService::list(const Principal& p, const KindSpec& kind, const ListQuery& q,
                                   std::optional<int64_t> parent_id) {
  auto c = db_.acquire();
  auto s = scope_for(*c, p, kind, parent_id);
  if (!s) return std::move(s).error();
  store::add_query(kind, q, s->where);
  Page page;
  page.total = store::count(*c, kind, s->where);
  page.page = q.page;
  page.page_size = q.page_size;
  page.items = store::select(*c, kind, s->where, q, q.page_size, (q.page - 1) * q.page_size);
  return page;
}

Result<std::vector<Object>> RegistryService::export_all(const Principal& p, const KindSpec& kind,
                                                        const ListQuery& q,
                                                        std::optional<int64_t> parent_id) {
  auto c = db_.acquire();
  auto s = scope_for(*c, p, kind, parent_id);
  if (!s) return std::move(s).error();
  store::add_query(kind, q, s->where);
  if (store::count(*c, kind, s->where) > kMaxExportRows)
    return Error{ErrorCode::kPayloadTooLarge,
                 fmt::format("More than {} objects match; narrow the filter.", kMaxExportRows), ""};
  return store::select(*c, kind, s->where, q, -1, 0);
}

Result<Object> RegistryService::get(const Principal& p, const KindSpec& kind, int64_t id,
                                    std::optional<int64_t> parent_id) {
  auto c = db_.acquire();
  auto s = scope_for(*c, p, kind, parent_id);
  if (!s) return std::move(s).error();
  auto obj = store::select_one(*c, kind, id, s->where);
  if (!obj) return Error::not_found();
  return std::move(*obj);
}

Result<Object> RegistryService::create(const Principal& p, const KindSpec& kind, const Object& body,
                                       std::optional<int64_t> parent_id,
                                       const auth::AuditEntry& who) {
  auto c = db_.acquire();
  db::Transaction tx(*c);
  auto s = scope_for(*c, p, kind, parent_id);
  if (!s) return std::move(s).error();
  if (auto st = check_parent_write(p, kind, s->parent); !st) return st.error();
  if (!role_allows(p.role, kind.name, Op::kCreate))
    return Error::forbidden(fmt::format("Your role may not create {}.", kind.name));
  auto obj = prepare(kind, body, false, false, nullptr);
  if (!obj) return std::move(obj).error();
  if (auto st = check_write_scope(p, kind, *obj); !st) return st.error();
  if (!kind.unique_field.empty()) {
    std::string code = str_or_empty(*obj, kind.unique_field);
    if (!code.empty() && store::exists(*c, kind, kind.unique_field, code, -1))
      return Error::conflict(fmt::format("Another object has {} {}.", kind.unique_field, code),
                             std::string(kind.unique_field));
  }
  std::string now = iso_utc(clock_.now_ms());
  int64_t id;
  try {
    id = store::insert(*c, kind, *obj, parent_id, now);
  } catch (const db::ConstraintError&) {
    return Error::conflict("The object conflicts with an existing one.",
                           std::string(kind.unique_field));
  }
  auto made = store::select_one(*c, kind, id, store::Where{});
  auth::AuditEntry e = who;
  e.action = "create";
  e.entity = std::string(kind.name);
  e.entity_id = std::to_string(id);
  e.after = *made;
  auth::record_audit(*c, e, clock_.now_ms());
  tx.commit();
  if (kind.name == "jurisdictions") refresh_index();
  publish(kind, "created", *made, s->parent);
  return std::move(*made);
}

Result<Object> RegistryService::update(const Principal& p, const KindSpec& kind, int64_t id,
                                       const Object& body, std::optional<int64_t> parent_id,
                                       std::optional<int64_t> if_match,
                                       const auth::AuditEntry& who) {
  auto c = db_.acquire();
  db::Transaction tx(*c);
  auto s = scope_for(*c, p, kind, parent_id);
  if (!s) return std::move(s).error();
  auto before = store::select_one(*c, kind, id, s->where);
  if (!before) return Error::not_found();
  if (!role_allows(p.role, kind.name, Op::kUpdate))
    return Error::forbidden(fmt::format("Your role may not change {}.", kind.name));
  if (auto st = check_parent_write(p, kind, s->parent); !st) return st.error();
  if (auto st = check_write_scope(p, kind, *before); !st) return st.error();
  if (p.role == auth::Role::kEnterpriseUser && kind.name == "enterprises") {
    for (const auto& kv : body)
      if (!enterprise_user_may_change(kv.key()))
        return forbidden_field(std::string(kv.key()),
                               "An enterprise user may change only its contacts.");
  }
  int64_t version = before->at("version").as_int64();
  if (if_match && *if_match != version)
    return Error::conflict(fmt::format(
        "The object changed (version {} now, {} expected); reload it.", version, *if_match));
  auto merged = prepare(kind, body, true, false, &*before);
  if (!merged) return std::move(merged).error();
  if (auto st = check_write_scope(p, kind, *merged); !st) return st.error();
  if (!kind.unique_field.empty()) {
    std::string code = str_or_empty(*merged, kind.unique_field);
    if (!code.empty() && store::exists(*c, kind, kind.unique_field, code, id))
      return Error::conflict(fmt::format("Another object has {} {}.", kind.unique_field, code),
                             std::string(kind.unique_field));
  }
  std::string now = iso_utc(clock_.now_ms());
  int64_t n;
  try {
    n = store::update(*c, kind, id, *merged, now, version);
  } catch (const db::ConstraintError&) {
    return Error::conflict("The change conflicts with an existing object.",
                           std::string(kind.unique_field));
  }
  if (n == 0) return Error::conflict("The object changed meanwhile; reload it.");
  auto after = store::select_one(*c, kind, id, store::Where{});
  auth::AuditEntry e = who;
  e.action = "update";
  e.entity = std::string(kind.name);
  e.entity_id = std::to_string(id);
  e.before = *before;
  e.after = *after;
  auth::record_audit(*c, e, clock_.now_ms());
  tx.commit();
  if (kind.name == "jurisdictions") refresh_index();
  publish(kind, "updated", *after, s->parent);
  return std::move(*after);
}

Status RegistryService::remove(const Principal& p, const KindSpec& kind, int64_t id,
                               std::optional<int64_t> parent_id, const auth::AuditEntry& who) {
  auto c = db_.acquire();
  db::Transaction tx(*c);
  auto s = scope_for(*c, p, kind, parent_id);
  if (!s) return std::move(s).error();
  auto before = store::select_one(*c, kind, id, s->where);
  if (!before) return Error::not_found();
  if (!role_allows(p.role, kind.name, Op::kDelete))
    return Error::forbidden(fmt::format("Your role may not delete {}.", kind.name));
  if (auto st = check_parent_write(p, kind, s->parent); !st) return st.error();
  if (auto st = check_write_scope(p, kind, *before); !st) return st.error();
  if (kind.name == "jurisdictions") {
    // A division still referenced by objects or users cannot go.
    std::string code(before->at("code").as_string());
    std::string col = code.size() == 12 ? "community_code" : "town_code";
    for (const auto& k : kinds()) {
      if (!k.located) continue;
      if (c->query(fmt::format("SELECT 1 FROM {} WHERE {} = ? LIMIT 1", k.table, col), {code})
              .size())
        return Error::conflict(fmt::format("{} still holds {}; move them first.", code, k.name));
    }
    if (c->query("SELECT 1 FROM users WHERE scope_code = ? LIMIT 1", {code}).size() ||
        c->query("SELECT 1 FROM jurisdictions WHERE parent_code = ? LIMIT 1", {code}).size())
      return Error::conflict(fmt::format("{} still has users or sub-divisions.", code));
  }
  if (kind.name == "enterprises" &&
      c->query("SELECT 1 FROM users WHERE enterprise_id = ? LIMIT 1", {id}).size())
    return Error::conflict("The enterprise still has user accounts; disable or move them first.");
  store::remove(*c, kind, id);
  auth::AuditEntry e = who;
  e.action = "delete";
  e.entity = std::string(kind.name);
  e.entity_id = std::to_string(id);
  e.before = *before;
  auth::record_audit(*c, e, clock_.now_ms());
  tx.commit();
  if (kind.name == "jurisdictions") refresh_index();
  publish(kind, "deleted", *before, s->parent);
  return ok_status();
}

Result<ImportReport> RegistryService::import(const Principal& p, const KindSpec& kind,
                                             const ImportInput& in, bool dry_run,
                                             std::optional<int64_t> parent_id,
                                             const auth::AuditEntry& who) {
  auto c = db_.acquire();
  db::Transaction tx(*c);
  auto s = scope_for(*c, p, kind, parent_id);
  if (!s) return std::move(s).error();
  if (auto st = check_parent_write(p, kind, s->parent); !st) return st.error();
  if (!role_allows(p.role, kind.name, Op::kCreate))
    return Error::forbidden(fmt::format("Your role may not create {}.", kind.name));
  ImportReport rep;
  std::vector<Object> objects;
  std::vector<int64_t> row_numbers;
  // Each source row becomes a JSON object of raw values; text cells are parsed by field type.
  std::vector<std::pair<int64_t, Object>> raw;
  if (in.is_json) {
    int64_t n = 1;
    for (const auto& v : in.json_rows) {
      ++n;
      if (!v.is_object()) {
        rep.errors.push_back({n, "", "Each row must be a JSON object."});
        raw.emplace_back(n, Object{});
        continue;
      }
      raw.emplace_back(n, v.as_object());
    }
  } else {
    if (in.csv.empty()) return Error::validation("file", "The file has no header row.");
    const auto& header = in.csv[0];
    std::vector<const FieldSpec*> cols;
    std::set<std::string> seen;
    for (const auto& h : header) {
      std::string name = h;
      while (!name.empty() && name.back() == ' ') name.pop_back();
      const FieldSpec* f = kind.field(name);
      bool crs = name == "crs" && kind.located;
      if (name.empty() || (!f && !crs) || (f && f->read_only)) {
        rep.errors.push_back({1, name, fmt::format("Unknown column '{}'.", name)});
      } else if (!seen.insert(name).second) {
        rep.errors.push_back({1, name, fmt::format("Column '{}' appears twice.", name)});
      }
      cols.push_back(f);
    }
    for (size_t i = 1; i < in.csv.size(); ++i) {
      int64_t line = static_cast<int64_t>(i) + 1;
      Object o;
      const auto& row = in.csv[i];
      if (row.size() > header.size())
        rep.errors.push_back(
            {line, "",
             fmt::format("The row has {} cells; the header has {}.", row.size(), header.size())});
      for (size_t k = 0; k < row.size() && k < header.size(); ++k) {
        if (cols[k])
          o[cols[k]->name] = row[k];
        else if (header[k] == "crs" && !row[k].empty())
          o["crs"] = row[k];
      }
      raw.emplace_back(line, std::move(o));
    }
  }
  rep.rows = static_cast<int64_t>(raw.size());
  if (raw.size() > kMaxImportRows)
    return Error{ErrorCode::kPayloadTooLarge,
                 fmt::format("At most {} rows per import.", kMaxImportRows), ""};
  std::map<std::string, int64_t> codes_in_file;
  for (auto& [line, o] : raw) {
    size_t errors_before = rep.errors.size();
    // Text values for non-text fields come from CSV cells or spreadsheet strings.
    Object typed;
    bool cell_error = false;
    for (auto& kv : o) {
      const FieldSpec* f = kind.field(kv.key());
      if (f && kv.value().is_string() && f->type != FieldType::kText &&
          f->type != FieldType::kDate) {
        auto v = parse_cell(*f, kv.value().as_string());
        if (!v) {
          rep.errors.push_back({line, v.error().field, v.error().message});
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
      rep.errors.push_back({line, obj.error().field, obj.error().message});
      continue;
    }
    if (auto st = check_write_scope(p, kind, *obj); !st) {
      rep.errors.push_back({line, st.error().field, st.error().message});
      continue;
    }
    if (!kind.unique_field.empty()) {
      std::string code = str_or_empty(*obj, kind.unique_field);
      if (!code.empty()) {
        auto [it, fresh] = codes_in_file.emplace(code, line);
        if (!fresh) {
          rep.errors.push_back({line, std::string(kind.unique_field),
                                fmt::format("Duplicate of row {}.", it->second)});
          continue;
        }
        if (store::exists(*c, kind, kind.unique_field, code, -1)) {
          rep.errors.push_back({line, std::string(kind.unique_field),
                                fmt::format("{} {} exists already.", kind.unique_field, code)});
          continue;
        }
      }
    }
    if (rep.errors.size() == errors_before) {
      objects.push_back(std::move(*obj));
      row_numbers.push_back(line);
    }
  }
  bool header_ok = true;
  for (const auto& e : rep.errors) header_ok = header_ok && e.row != 1;
  rep.valid = header_ok ? static_cast<int64_t>(objects.size()) : 0;
  if (dry_run || !rep.errors.empty()) return rep;
  std::string now = iso_utc(clock_.now_ms());
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
    auth::AuditEntry e = who;
    e.action = "import";
    e.entity = std::string(kind.name);
    e.entity_id = std::to_string(id);
    e.after = objects[i];
    auth::record_audit(*c, e, clock_.now_ms());
    objects[i]["id"] = id;
    if (!kind.parent_fk.empty() && parent_id) objects[i][kind.parent_fk] = *parent_id;
  }
  tx.commit();
  rep.committed = true;
  if (kind.name == "jurisdictions") refresh_index();
  for (const auto& o : objects) publish(kind, "created", o, s->parent);
  return rep;
}

Result<json::object> RegistryService::within(const Principal& p, const json::object& shape,
                                             const std::vector<std::string>& layers) {
  auto sh = parse_shape(shape);
  if (!sh) return std::move(sh).error();
  json::object out;
  json::array omitted;
  auto c = db_.acquire();
  for (const auto& name : layers) {
    const KindSpec* kind = find_kind(name);
    if (!kind || !kind->located)
      return Error::validation("layers", fmt::format("'{}' is not a map layer.", name));
    if (!role_allows(p.role, kind->name, Op::kRead)) {
      omitted.emplace_back(name);
      continue;
    }
    store::Where w = base_where(p, *kind);
    w.add("lon >= ? AND lon <= ? AND lat >= ? AND lat <= ?",
          {sh->min_lon, sh->max_lon, sh->min_lat, sh->max_lat});
    ListQuery q;
    json::array features;
    for (auto& obj : store::select(*c, *kind, w, q, kMaxExportRows, 0)) {
      LonLat pt{obj.at("lon").to_number<double>(), obj.at("lat").to_number<double>()};
      if (sh->contains(pt)) features.push_back(to_feature(*kind, obj));
    }
    out[name] = json::object{{"type", "FeatureCollection"}, {"features", std::move(features)}};
  }
  return json::object{{"layers", std::move(out)}, {"omitted", std::move(omitted)}};
}

Result<std::vector<int64_t>> RegistryService::load(const KindSpec& kind,
                                                   const std::vector<Object>& objs,
                                                   std::optional<int64_t> parent_id, bool synthetic,
                                                   const auth::AuditEntry& who,
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
    auth::AuditEntry e = who;
    e.action = "create";
    e.entity = std::string(kind.name);
    e.entity_id = std::to_string(id);
    e.after = *obj;
    auth::record_audit(*conn, e, clock_.now_ms());
    ids.push_back(id);
  }
  if (tx) tx->commit();
  if (kind.name == "jurisdictions") refresh_index();
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
