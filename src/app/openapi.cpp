#include "app/openapi.h"

#include <fmt/format.h>

#include <set>

#include "auth/api.h"
#include "registry/model.h"

namespace lakeguard::app {
namespace {

namespace json = boost::json;
using registry::FieldType;

json::object schema_ref(std::string_view name) {
  return json::object{{"$ref", fmt::format("#/components/schemas/{}", name)}};
}

json::object field_schema(const registry::FieldSpec& f, bool nullable) {
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
  for (const auto& k : registry::kinds()) {
    json::object props{
        {"id", json::object{{"type", "integer"}}},
        {"synthetic", json::object{{"type", "boolean"}, {"description", "Generated demo data"}}},
        {"created_at", json::object{{"type", "string"}, {"format", "date-time"}}},
        {"updated_at", json::object{{"type", "string"}, {"format", "date-time"}}},
        {"version", json::object{{"type", "integer"}}}};
    if (!k.parent_fk.empty()) props[k.parent_fk] = json::object{{"type", "integer"}};
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
}

json::object obj_schema(std::initializer_list<std::pair<std::string_view, json::value>> props,
                        std::initializer_list<std::string_view> required = {}) {
  json::object p;
  for (const auto& [k, v] : props) p[k] = v;
  json::object s{{"type", "object"}, {"properties", std::move(p)}};
  if (required.size()) {
    json::array r;
    for (auto x : required) r.emplace_back(x);
    s["required"] = std::move(r);
  }
  return s;
}

json::object type(std::string_view t) { return json::object{{"type", t}}; }

void add_fixed_schemas(json::object& s) {
  s["Error"] = obj_schema(
      {{"error",
        obj_schema(
            {{"code",
              json::object{
                  {"type", "string"},
                  {"enum", json::array{"bad_request", "validation_failed", "unauthenticated",
                                       "forbidden", "not_found", "conflict", "payload_too_large",
                                       "unsupported_media_type", "rate_limited", "internal"}}}},
             {"message", type("string")},
             {"field", type("string")},
             {"request_id", type("string")}},
            {"code", "message", "request_id"})}},
      {"error"});
  json::object user =
      obj_schema({{"id", type("integer")},
                  {"username", type("string")},
                  {"display_name", type("string")},
                  {"role", type("string")},
                  {"scope_type", type("string")},
                  {"scope_code", json::object{{"type", json::array{"string", "null"}}}},
                  {"enterprise_id", json::object{{"type", json::array{"integer", "null"}}}},
                  {"disabled", type("boolean")},
                  {"created_at", type("string")}});
  s["User"] = user;
  json::object allowed =
      obj_schema({{"read", type("boolean")},
                  {"create", type("boolean")},
                  {"update", type("boolean")},
                  {"delete", type("boolean")},
                  {"fields", json::object{{"type", "array"}, {"items", type("string")}}},
                  {"values", type("object")}},
                 {"read", "create", "update", "delete"});
  s["Me"] = obj_schema(
      {{"user", user},
       {"permissions",
        json::object{
            {"type", "object"},
            {"description",
             "What the caller may do per collection (import = create); `fields`: the only "
             "fields it may update; `values`: the only values of a closed-set field it may "
             "write"},
            {"additionalProperties", allowed}}}});
  s["LoginRequest"] = obj_schema({{"username", type("string")}, {"password", type("string")}},
                                 {"username", "password"});
  s["LoginRequest"].as_object()["additionalProperties"] = false;
  s["LoginResponse"] =
      obj_schema({{"token", type("string")}, {"user", user}, {"expires_at", type("string")}});
  s["NewUser"] = obj_schema({{"username", type("string")},
                             {"display_name", type("string")},
                             {"password", type("string")},
                             {"role", type("string")},
                             {"scope_code", type("string")},
                             {"enterprise_id", type("integer")}},
                            {"username", "password", "role"});
  s["UserPatch"] = obj_schema({{"display_name", type("string")},
                               {"password", type("string")},
                               {"role", type("string")},
                               {"scope_code", type("string")},
                               {"enterprise_id", type("integer")},
                               {"disabled", type("boolean")}});
  s["UserPatch"].as_object()["additionalProperties"] = false;
  s["ApiToken"] = obj_schema({{"id", type("integer")},
                              {"name", type("string")},
                              {"read_only", type("boolean")},
                              {"token", type("string")},
                              {"created_at", type("string")}});
  s["NewApiToken"] = obj_schema(
      {{"name", type("string")}, {"read_only", type("boolean")}, {"ttl_s", type("integer")}},
      {"name"});
  s["AuditEntry"] = obj_schema({{"id", type("integer")},
                                {"at", type("string")},
                                {"actor", type("string")},
                                {"action", type("string")},
                                {"entity", type("string")},
                                {"entity_id", type("string")},
                                {"before", json::object{}},
                                {"after", json::object{}},
                                {"request_id", type("string")}});
  s["ImportRows"] =
      obj_schema({{"rows", json::object{{"type", "array"}, {"items", type("object")}}}}, {"rows"});
  s["ImportReport"] =
      obj_schema({{"rows", type("integer")},
                  {"valid", type("integer")},
                  {"errors", json::object{{"type", "array"},
                                          {"items", obj_schema({{"row", type("integer")},
                                                                {"column", type("string")},
                                                                {"reason", type("string")}})}}},
                  {"committed", type("boolean")}});
  s["FeatureCollection"] =
      obj_schema({{"type", json::object{{"type", "string"}, {"const", "FeatureCollection"}}},
                  {"features", json::object{{"type", "array"}, {"items", type("object")}}}});
  s["WithinRequest"] = obj_schema(
      {{"shape", json::object{{"type", "object"},
                              {"description",
                               "GeoJSON Polygon/MultiPolygon, or {center:[lon,lat], radius_m}"}}},
       {"layers", json::object{{"type", "array"}, {"items", type("string")}}}},
      {"shape", "layers"});
  s["WithinResponse"] = obj_schema(
      {{"layers", json::object{{"type", "object"},
                               {"additionalProperties", schema_ref("FeatureCollection")}}},
       {"omitted", json::object{{"type", "array"}, {"items", type("string")}}}});
  s["Health"] = obj_schema({{"status", type("string")}, {"store", type("string")}});
  s["ConsoleConfig"] =
      obj_schema({{"tile_url", json::object{{"type", json::array{"string", "null"}}}}});
}

std::string operation_id(const http::Route& r) {
  std::string id(http::method_name(r.method));
  for (auto& c : id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& seg : r.segments) {
    if (seg == "api" || seg == "v1") continue;
    std::string part;
    bool up = true;
    for (char c : seg) {
      if (c == '{' || c == '}') continue;
      if (c == '.' || c == '_' || c == '-') {
        up = true;
        continue;
      }
      part += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      up = false;
    }
    id += seg.front() == '{' ? "By" + part : part;
  }
  return id;
}

json::object error_response(std::string_view what) {
  return json::object{{"description", what},
                      {"content", json::object{{"application/json",
                                                json::object{{"schema", schema_ref("Error")}}}}}};
}

}  // namespace

json::object build_openapi(const http::Router& router) {
  json::object schemas;
  add_kind_schemas(schemas);
  add_fixed_schemas(schemas);
  json::object paths;
  std::set<std::string> tags;
  for (const auto& r : router.routes()) {
    json::object op;
    op["operationId"] = operation_id(r);
    op["summary"] = r.doc.summary.empty() ? r.pattern : r.doc.summary;
    std::string tag = r.doc.tag.empty() ? "platform" : r.doc.tag;
    tags.insert(tag);
    op["tags"] = json::array{json::value(tag)};
    json::array params;
    for (const auto& seg : r.segments)
      if (seg.front() == '{')
        params.push_back(json::object{{"name", seg.substr(1, seg.size() - 2)},
                                      {"in", "path"},
                                      {"required", true},
                                      {"schema", type("integer")}});
    for (const auto& q : r.doc.query_params)
      params.push_back(json::object{
          {"name", q}, {"in", "query"}, {"required", false}, {"schema", type("string")}});
    if (r.method == http::Method::kPost && auth::takes_idempotency_key(r.pattern))
      params.push_back(json::object{
          {"name", "Idempotency-Key"},
          {"in", "header"},
          {"required", false},
          {"description",
           "Any unique value (e.g. a UUID), 1–255 visible ASCII characters. A repeat of the same "
           "request with the same key within 24 h gets the first answer again "
           "(Idempotent-Replayed: true) instead of writing twice."},
          {"schema", json::object{{"type", "string"}, {"maxLength", 255}}}});
    if (!params.empty()) op["parameters"] = std::move(params);
    if (!r.doc.request_schema.empty()) {
      json::object content{
          {"application/json", json::object{{"schema", schema_ref(r.doc.request_schema)}}}};
      if (r.doc.request_schema == "ImportRows")
        content["text/csv"] = json::object{{"schema", type("string")}};
      op["requestBody"] = json::object{{"required", true}, {"content", std::move(content)}};
    }
    json::object responses;
    json::object ok{{"description", "Success"}};
    if (!r.doc.response_schema.empty()) {
      json::value schema = schema_ref(r.doc.response_schema);
      if (r.doc.list)
        schema = obj_schema({{"items", json::object{{"type", "array"}, {"items", schema}}},
                             {"total", type("integer")},
                             {"page", type("integer")},
                             {"page_size", type("integer")}});
      ok["content"] = json::object{{r.doc.response_type, json::object{{"schema", schema}}}};
    } else if (r.doc.response_type != "application/json") {
      ok["content"] = json::object{{r.doc.response_type, json::object{{"schema", type("string")}}}};
    }
    responses[std::to_string(r.doc.success_status)] = std::move(ok);
    if (r.doc.authenticated) {
      responses["400"] = error_response("Malformed request");
      responses["401"] = error_response("Not logged in");
      responses["403"] = error_response("The role may not do this");
      responses["404"] = error_response("Not found or outside the caller's scope");
    } else {
      responses["400"] = error_response("Malformed request");
    }
    if (r.method == http::Method::kPost || r.method == http::Method::kPatch) {
      responses["409"] = error_response("Conflict");
      responses["413"] = error_response("Body too large");
      responses["422"] = error_response("Invalid values; `field` names the first");
    }
    if (!r.doc.authenticated && r.pattern == "/api/v1/auth/login") {
      responses["401"] = error_response("Wrong username or password");
      responses["422"] = error_response("Invalid values");
      responses["429"] = error_response("Too many failed logins");
    }
    responses["500"] = error_response("Internal error (quote the request id)");
    op["responses"] = std::move(responses);
    if (!r.doc.authenticated) op["security"] = json::array{};
    std::string method(http::method_name(r.method));
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto& path = paths[r.pattern];
    if (!path.is_object()) path = json::object{};
    path.as_object()[method] = std::move(op);
  }
  json::array tag_list;
  for (const auto& t : tags)
    tag_list.push_back(json::object{{"name", t}, {"description", fmt::format("{} endpoints", t)}});
  return json::object{
      {"openapi", "3.1.0"},
      {"info", json::object{{"title", "lakeguard API"},
                            {"version", "0.1.0"},
                            {"description",
                             "District emergency-management platform (智慧应急平台). Errors: "
                             "{\"error\":{code,message,field,request_id}}."},
                            {"license", json::object{{"name", "Proprietary"},
                                                     {"identifier", "LicenseRef-lakeguard"}}}}},
      {"servers", json::array{json::object{{"url", "http://127.0.0.1:8080"}}}},
      {"tags", std::move(tag_list)},
      {"security", json::array{json::object{{"cookieAuth", json::array{}}},
                               json::object{{"bearerAuth", json::array{}}}}},
      {"paths", std::move(paths)},
      {"components",
       json::object{
           {"schemas", std::move(schemas)},
           {"securitySchemes",
            json::object{
                {"cookieAuth",
                 json::object{{"type", "apiKey"}, {"in", "cookie"}, {"name", "lg_session"}}},
                {"bearerAuth", json::object{{"type", "http"}, {"scheme", "bearer"}}}}}}}};
}

}  // namespace lakeguard::app
