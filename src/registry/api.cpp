#include "registry/api.h"
#include "core/json.h"

#include <fmt/format.h>

#include "http/json_body.h"
#include "http/schema.h"
#include "registry/csv.h"
#include "registry/messages.h"
#include "registry/permissions.h"

namespace lakeguard::registry {
namespace {

namespace json = boost::json;
using http::Method;
using http::Reply;
using http::Request;
using http::Response;
using http::schema::type;

platform::Actor actor(const Principal& p, const Request& req) {
  return platform::Actor::of(p, req.request_id);
}

// The parent id of a nested kind's route (`{pid}`), nullopt for top-level kinds.
Result<std::optional<int64_t>> parent_of(const KindSpec& kind, const Request& req) {
  if (kind.parent.empty()) return std::optional<int64_t>();
  LG_TRY_ASSIGN(int64_t id, http::path_id(req, "pid"));
  return std::optional<int64_t>(id);
}

std::string base_path(const KindSpec& kind) {
  if (kind.parent.empty()) return fmt::format("/api/v1/{}", kind.name);
  return fmt::format("/api/v1/{}/{{pid}}/{}", kind.parent, kind.name);
}

// The store tables an answer about kind reads: its own, and its parent's (the scope check).
std::vector<std::string> tables_of(const KindSpec& kind) {
  std::vector<std::string> t{std::string(kind.table)};
  if (const KindSpec* pk = kind.parent.empty() ? nullptr : find_kind(kind.parent))
    t.emplace_back(pk->table);
  return t;
}

std::string csv_of(const KindSpec& kind, const std::vector<Object>& rows) {
  std::string out(kUtf8Bom);
  std::vector<std::string> header{"id"};
  if (!kind.parent_fk.empty()) header.emplace_back(kind.parent_fk);
  for (const auto& f : kind.fields) header.emplace_back(f.name);
  header.emplace_back("synthetic");
  header.emplace_back("updated_at");
  out += csv_line(header);
  for (const auto& o : rows) {
    std::vector<std::string> cells{json_text(o.at("id"))};
    if (!kind.parent_fk.empty()) cells.push_back(json_text(o.at(kind.parent_fk)));
    for (const auto& f : kind.fields) cells.push_back(cell_text(f, o.at(f.name)));
    cells.emplace_back(o.at("synthetic").as_bool() ? "true" : "false");
    cells.emplace_back(o.at("updated_at").as_string());
    out += csv_line(cells);
  }
  return out;
}

Result<ImportInput> import_input(const Request& req) {
  ImportInput in;
  std::string ct = req.media_type();
  if (ct == "text/csv") {
    std::string text = req.body;
    if (req.query_param("charset") == "gb18030") {
      LG_TRY_ASSIGN(text, gb18030_to_utf8(text));
    }
    LG_TRY_ASSIGN(in.csv, parse_csv(text, kMaxImportRows));
    return in;
  }
  if (ct == "application/json") {
    LG_TRY_ASSIGN(auto body, http::json_object_body(req));
    LG_TRY(http::reject_unknown_fields(body, {"rows"}));
    auto rows = body.if_contains("rows");
    if (!rows || !rows->is_array())
      return Error::validation("rows", "'rows' must be an array of objects.");
    in.is_json = true;
    in.json_rows.assign(rows->as_array().begin(), rows->as_array().end());
    return in;
  }
  return Error{ErrorCode::kUnsupportedMediaType,
               "Upload text/csv, or application/json with {\"rows\": [...]}.", ""};
}

Reply import_route(RegistryService& reg, const KindSpec& k, const Principal& p, Request& req) {
  LG_TRY_ASSIGN(auto parent, parent_of(k, req));
  bool dry_run = true;  // nothing is written unless asked (API-CONVENTIONS.md "Files")
  for (const auto& [key, v] : req.query) {
    if (key == "dry_run") {
      if (v != "true" && v != "false")
        return Error::bad_request("'dry_run' is true or false.", "dry_run");
      dry_run = v == "true";
    } else if (key == "charset") {
      if (v != "utf-8" && v != "gb18030")
        return Error::bad_request("'charset' is utf-8 or gb18030.", "charset");
    } else {
      return Error::bad_request(fmt::format("Unknown query parameter '{}'.", key), key);
    }
  }
  LG_TRY_ASSIGN(ImportInput in, import_input(req));
  LG_TRY_ASSIGN(ImportReport rep, reg.import(p, k, in, dry_run, parent, actor(p, req)));
  json::array errors;
  for (const auto& x : rep.errors)
    errors.push_back(json::object{{"row", x.row}, {"column", x.column}, {"reason", x.reason}});
  return http::json_reply(200, json::object{{"rows", rep.rows},
                                            {"valid", rep.valid},
                                            {"errors", std::move(errors)},
                                            {"committed", rep.committed}});
}

void register_kind(http::Api& api, RegistryService& reg, const KindSpec& kind) {
  const KindSpec* k = &kind;
  std::string base = base_path(kind);
  std::vector<std::string> list_params{"page", "page_size", "sort", "q"};
  for (const auto& f : kind.fields)
    if (f.filter) list_params.emplace_back(f.name);
  std::string title(kind.title);
  std::string tag(kind.name);
  auto tables = tables_of(kind);

  api.cached_get(base, tables,
                 [&reg, k](const Principal& p, Request& req) -> Reply {
                   LG_TRY_ASSIGN(auto parent, parent_of(*k, req));
                   LG_TRY_ASSIGN(ListQuery q, parse_list_query(*k, req.query, true));
                   LG_TRY_ASSIGN(JsonPage page, reg.list_json(p, *k, q, parent));
                   std::string body = R"({"items":)";
                   body.reserve(page.items.size() + 64);
                   body += page.items;
                   body += fmt::format(R"(,"total":{},"page":{},"page_size":{}}})", page.total,
                                       page.page, page.page_size);
                   return Response::json(200, std::move(body));
                 },
                 {.summary = fmt::format("List {} in scope", kind.name),
                  .tag = tag,
                  .response_schema = title,
                  .list = true,
                  .query_params = list_params});

  if (kind.parent.empty()) {
    api.cached_get(
        base + ".geojson", tables,
        [&reg, k](const Principal& p, Request& req) -> Reply {
          LG_TRY_ASSIGN(ListQuery q, parse_list_query(*k, req.query, false));
          LG_TRY_ASSIGN(auto rows, reg.export_all(p, *k, q, std::nullopt));
          json::array features;
          for (const auto& o : rows) features.push_back(to_feature(*k, o));
          auto out = http::json_reply(
              200, json::object{{"type", "FeatureCollection"}, {"features", std::move(features)}});
          out.content_type = "application/geo+json";
          return out;
        },
        {.summary = fmt::format("{} as an RFC 7946 FeatureCollection (not paged)", kind.name),
         .tag = tag,
         .response_schema = "FeatureCollection",
         .query_params = {"q", "sort"},
         .response_type = "application/geo+json"});
  }

  api.cached_get(base + ".csv", tables,
                 [&reg, k](const Principal& p, Request& req) -> Reply {
                   LG_TRY_ASSIGN(auto parent, parent_of(*k, req));
                   LG_TRY_ASSIGN(ListQuery q, parse_list_query(*k, req.query, false));
                   LG_TRY_ASSIGN(auto rows, reg.export_all(p, *k, q, parent));
                   Response out;
                   out.content_type = "text/csv; charset=utf-8";
                   out.body = csv_of(*k, rows);
                   out.headers.emplace_back(
                       "Content-Disposition",
                       fmt::format("attachment; filename=\"{}.csv\"", k->name));
                   return out;
                 },
                 {.summary = fmt::format("{} as CSV (UTF-8 with BOM, not paged)", kind.name),
                  .tag = tag,
                  .query_params = {"q", "sort"},
                  .response_type = "text/csv"});

  api.route(Method::kPost, base,
            [&reg, k](const Principal& p, Request& req) -> Reply {
              LG_TRY_ASSIGN(auto parent, parent_of(*k, req));
              LG_TRY_ASSIGN(auto body, http::json_object_body(req));
              LG_TRY_ASSIGN(Object made, reg.create(p, *k, body, parent, actor(p, req)));
              return http::created_reply(req.path, made);
            },
            {.summary = fmt::format("Create one of {}", kind.name),
             .tag = tag,
             .request_schema = title + "Input",
             .response_schema = title,
             .success_status = 201});

  api.route(
      Method::kPost, base + "/import",
      [&reg, k](const Principal& p, Request& req) { return import_route(reg, *k, p, req); },
      {.summary = fmt::format("Import {} from CSV or JSON rows (dry run by default)", kind.name),
       .tag = tag,
       .request_schema = "ImportRows",
       .response_schema = "ImportReport",
       .query_params = {"dry_run", "charset"}});

  api.cached_get(
      base + "/{id}", tables,
      [&reg, k](const Principal& p, Request& req) -> Reply {
        LG_TRY_ASSIGN(auto parent, parent_of(*k, req));
        LG_TRY_ASSIGN(int64_t id, http::path_id(req));
        LG_TRY_ASSIGN(Object o, reg.get(p, *k, id, parent));
        return http::object_reply(200, o);
      },
      {.summary = fmt::format("One of {}", kind.name), .tag = tag, .response_schema = title});

  api.route(Method::kPatch, base + "/{id}",
            [&reg, k](const Principal& p, Request& req) -> Reply {
              LG_TRY_ASSIGN(auto parent, parent_of(*k, req));
              LG_TRY_ASSIGN(int64_t id, http::path_id(req));
              LG_TRY_ASSIGN(auto if_match, http::if_match_version(req));
              LG_TRY_ASSIGN(auto body, http::json_object_body(req));
              LG_TRY_ASSIGN(Object o, reg.update(p, *k, id, body, parent, if_match, actor(p, req)));
              return http::object_reply(200, o);
            },
            {.summary = fmt::format("Change fields of one of {} (If-Match: version)", kind.name),
             .tag = tag,
             .request_schema = title + "Patch",
             .response_schema = title});

  api.route(
      Method::kDelete, base + "/{id}",
      [&reg, k](const Principal& p, Request& req) -> Reply {
        LG_TRY_ASSIGN(auto parent, parent_of(*k, req));
        LG_TRY_ASSIGN(int64_t id, http::path_id(req));
        LG_TRY(reg.remove(p, *k, id, parent, actor(p, req)));
        return Response::no_content();
      },
      {.summary = fmt::format("Delete one of {} (with its children, each audited)", kind.name),
       .tag = tag,
       .success_status = 204});
}

Reply within_route(RegistryService& reg, const Principal& p, Request& req) {
  LG_TRY_ASSIGN(auto body, http::json_object_body(req));
  LG_TRY(http::reject_unknown_fields(body, {"shape", "layers"}));
  auto shape = body.if_contains("shape");
  if (!shape || !shape->is_object())
    return Error::validation("shape", "'shape' is a GeoJSON polygon or a circle.");
  std::vector<std::string> layers;
  auto lv = body.if_contains("layers");
  if (!lv || !lv->is_array() || lv->as_array().empty() || lv->as_array().size() > 20)
    return Error::validation("layers", "'layers' lists 1–20 layer names.");
  for (const auto& l : lv->as_array()) {
    if (!l.is_string()) return Error::validation("layers", "Layer names are strings.");
    layers.emplace_back(l.as_string());
  }
  LG_TRY_ASSIGN(auto res, reg.within(p, shape->as_object(), layers));
  return http::json_reply(200, res);
}

// OpenAPI schemas of the kinds, from their descriptors.
json::object field_schema(const FieldSpec& f, bool nullable) {
  json::object s;
  switch (f.type) {
    case FieldType::kText:
      s["type"] = "string";
      break;
    case FieldType::kDate:
      s["type"] = "string";
      s["format"] = "date";
      break;
    case FieldType::kInt:
      s["type"] = "integer";
      break;
    case FieldType::kReal:
      s["type"] = "number";
      break;
    case FieldType::kBool:
      s["type"] = "boolean";
      break;
    case FieldType::kStringList:
      s["type"] = "array";
      s["items"] = json::object{{"type", "string"}};
      break;
    case FieldType::kGeometry:
      s["type"] = "object";
      s["description"] = "GeoJSON Polygon or MultiPolygon (WGS-84, RFC 7946)";
      break;
  }
  if (!f.allowed.empty() && f.type == FieldType::kText) {
    json::array e;
    for (auto a : f.allowed) e.emplace_back(a);
    if (nullable) e.emplace_back(nullptr);
    s["enum"] = std::move(e);
  }
  if (nullable && s["type"].is_string()) {
    json::array types{s["type"], "null"};
    s["type"] = std::move(types);
  }
  return s;
}

void add_kind_schemas(json::object& schemas) {
  for (const auto& k : kinds()) {
    json::object props{
        {"id", type("integer")},
        {"synthetic", json::object{{"type", "boolean"}, {"description", "Generated demo data"}}},
        {"created_at", json::object{{"type", "string"}, {"format", "date-time"}}},
        {"updated_at", json::object{{"type", "string"}, {"format", "date-time"}}},
        {"version", type("integer")}};
    if (!k.parent_fk.empty()) props[k.parent_fk] = type("integer");
    json::object in_props;
    json::array required;
    for (const auto& f : k.fields) {
      props[f.name] = field_schema(f, true);
      if (f.read_only) continue;
      in_props[f.name] = field_schema(f, !f.required);
      if (f.required) required.emplace_back(f.name);
    }
    if (k.located)
      in_props["crs"] = json::object{{"type", "string"},
                                     {"enum", json::array{"wgs84", "gcj02", "bd09"}},
                                     {"description", "CRS of lon/lat; converted to WGS-84"}};
    schemas[k.title] = json::object{{"type", "object"}, {"properties", std::move(props)}};
    json::object input{
        {"type", "object"}, {"properties", in_props}, {"additionalProperties", false}};
    if (!required.empty()) input["required"] = std::move(required);
    schemas[fmt::format("{}Input", k.title)] = std::move(input);
    schemas[fmt::format("{}Patch", k.title)] = json::object{
        {"type", "object"}, {"properties", std::move(in_props)}, {"additionalProperties", false}};
  }
  auto obj = [](std::initializer_list<std::pair<std::string_view, json::value>> props) {
    json::object p;
    for (const auto& [k, v] : props) p[k] = v;
    return json::object{{"type", "object"}, {"properties", std::move(p)}};
  };
  schemas["ImportRows"] =
      obj({{"rows", json::object{{"type", "array"}, {"items", type("object")}}}});
  schemas["ImportRows"].as_object()["required"] = json::array{"rows"};
  schemas["ImportReport"] =
      obj({{"rows", type("integer")},
           {"valid", type("integer")},
           {"errors", json::object{{"type", "array"},
                                   {"items", obj({{"row", type("integer")},
                                                  {"column", type("string")},
                                                  {"reason", type("string")}})}}},
           {"committed", type("boolean")}});
  schemas["FeatureCollection"] =
      obj({{"type", json::object{{"type", "string"}, {"const", "FeatureCollection"}}},
           {"features", json::object{{"type", "array"}, {"items", type("object")}}}});
  schemas["WithinRequest"] = obj(
      {{"shape", json::object{{"type", "object"},
                              {"description",
                               "GeoJSON Polygon/MultiPolygon, or {center:[lon,lat], radius_m}"}}},
       {"layers", json::object{{"type", "array"}, {"items", type("string")}}}});
  schemas["WithinRequest"].as_object()["required"] = json::array{"shape", "layers"};
  schemas["WithinResponse"] = obj(
      {{"layers", json::object{{"type", "object"},
                               {"additionalProperties",
                                json::object{{"$ref", "#/components/schemas/FeatureCollection"}}}}},
       {"omitted", json::object{{"type", "array"}, {"items", type("string")}}}});
}

class RegistryModule final : public platform::Module {
 public:
  RegistryModule(platform::Deps& deps, RegistryOptions opts)
      : users_(deps.services.get<auth::AuthService>()),
        reg_(deps.db, deps.clock, *deps.audit, &deps.events, &users_, opts) {
    deps.services.provide(reg_);
    users_.set_directory(&reg_);
  }

  std::string_view name() const override { return "registry"; }

  void register_routes(http::Api& api) override {
    for (const auto& k : kinds()) register_kind(api, reg_, k);
    api.route(
        Method::kPost, "/api/v1/spatial/within",
        [this](const Principal& p, Request& req) { return within_route(reg_, p, req); },
        {.summary = "Objects of the given layers inside a polygon or circle (scope-restricted; "
                    "413 past within_max_features, default 50,000)",
         .tag = "spatial",
         .request_schema = "WithinRequest",
         .response_schema = "WithinResponse",
         .idempotent = false});
  }

  void add_schemas(json::object& schemas) const override { add_kind_schemas(schemas); }
  std::span<const MessageTemplate> messages() const override { return registry::messages(); }

  // One topic per collection; an event reaches who could read the object (role and scope).
  std::vector<platform::Topic> topics() const override {
    std::vector<platform::Topic> out;
    for (const auto& k : kinds()) {
      const KindSpec* kind = &k;
      out.push_back(platform::Topic{
          std::string(k.name),
          [kind](const Principal& p, const Placement& where) { return may_see(p, *kind, where); }});
    }
    return out;
  }

  void add_permissions(const Principal& p, json::object& out) const override {
    registry::add_permissions(p, out);
  }

  void start() override {
    reg_.prepare_store();
    reg_.refresh_index();
  }

 private:
  auth::AuthService& users_;
  RegistryService reg_;
};

}  // namespace

std::unique_ptr<platform::Module> make_module(platform::Deps& deps, RegistryOptions opts) {
  return std::make_unique<RegistryModule>(deps, opts);
}

}  // namespace lakeguard::registry
