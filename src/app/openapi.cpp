#include "app/openapi.h"

#include <fmt/format.h>

#include <set>

namespace lakeguard::app {
namespace {

namespace json = boost::json;

json::object schema_ref(std::string_view name) {
  return json::object{{"$ref", fmt::format("#/components/schemas/{}", name)}};
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

// The platform's own schemas; the contexts add theirs (platform::Module::add_schemas).
void add_platform_schemas(json::object& s) {
  s["Error"] = obj_schema(
      {{"error",
        obj_schema(
            {{"code",
              json::object{
                  {"type", "string"},
                  {"enum", json::array{"bad_request", "validation_failed", "unauthenticated",
                                       "forbidden", "not_found", "conflict", "payload_too_large",
                                       "unsupported_media_type", "rate_limited", "internal",
                                       "expectation_failed", "not_implemented"}}}},
             {"message", type("string")},
             {"field", type("string")},
             {"request_id", type("string")}},
            {"code", "message", "request_id"})}},
      {"error"});
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

json::object build_openapi(const http::Router& router, json::object schemas) {
  add_platform_schemas(schemas);
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
    if (r.method == http::Method::kPost && r.doc.idempotent)
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
