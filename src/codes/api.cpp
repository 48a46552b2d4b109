#include "codes/api.h"

#include "codes/messages.h"
#include "codes/qr.h"
#include "http/json_body.h"
#include "http/schema.h"
#include "risk/service.h"

namespace lakeguard::codes {
namespace {

namespace json = boost::json;
using http::Method;
using http::Reply;
using http::Request;
using http::Response;
using http::schema::names;
using http::schema::nullable;
using http::schema::type;

platform::Actor actor(const Principal& p, const Request& req) {
  return platform::Actor::of(p, req.request_id);
}

// Where the request came to, for the URL a QR code encodes when no public_base_url is set.
std::string base_of(const Request& req) {
  std::string_view host = req.header("host");
  for (char c : host)  // a Host that is not a plain host[:port] is not put into a printed code
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
          c == '[' || c == ']'))
      return "http://127.0.0.1";
  return host.empty() ? std::string("http://127.0.0.1") : "http://" + std::string(host);
}

Response image(std::string content_type, std::string body) {
  Response r;
  r.status = 200;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

// The module_px query parameter of an image (1..32, default 8).
Result<int> module_px(const Request& req) {
  auto v = req.query_param("module_px");
  if (!v) return 8;
  int n = 0;
  for (char c : *v) {
    if (c < '0' || c > '9' || n > 100)
      return Error::bad_request("'module_px' must be 1 to 32.", "module_px");
    n = n * 10 + (c - '0');
  }
  if (n < 1 || n > 32) return Error::bad_request("'module_px' must be 1 to 32.", "module_px");
  return n;
}

Reply qr_reply(const json::object& code, const Request& req, bool png) {
  LG_TRY_ASSIGN(int px, module_px(req));
  LG_TRY_ASSIGN(QrMatrix m, encode_qr(code.at("url").as_string()));
  return png ? image("image/png", qr_png(m, px)) : image("image/svg+xml", qr_svg(m, px));
}

std::string html_escape(std::string_view s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&':
        o += "&amp;";
        break;
      case '<':
        o += "&lt;";
        break;
      case '>':
        o += "&gt;";
        break;
      case '"':
        o += "&quot;";
        break;
      case '\'':
        o += "&#39;";
        break;
      default:
        o.push_back(c);
    }
  }
  return o;
}

// The page a scanned code opens: static markup around the public view, every value escaped.
std::string public_page(const json::object& v) {
  static constexpr std::string_view kColours[][2] = {{"red", "#d93026"},
                                                     {"orange", "#ef7d00"},
                                                     {"yellow", "#f2c200"},
                                                     {"blue", "#1f6fd1"},
                                                     {"green", "#1a9e4b"}};
  std::string colour(v.at("colour").as_string());
  std::string hex = "#888";
  for (const auto& c : kColours)
    if (c[0] == colour) hex = std::string(c[1]);
  const bool worker = v.at("subject").as_string() == "worker";
  std::string title =
      worker ? "人员安全码 · Personnel safety code" : "企业安全码 · Enterprise safety code";
  std::string extra;
  if (worker) extra = "<p>作业类别 Category: " + html_escape(v.at("category").as_string()) + "</p>";
  return "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>" +
         title +
         "</title><style>body{font-family:\"Noto Sans CJK SC\",sans-serif;"
         "margin:0 auto;max-width:480px;padding:16px;color:#1f2329;text-align:center}"
         ".badge{margin:24px auto;width:180px;height:180px;border-radius:50%;color:#fff;"
         "font-size:64px;line-height:180px}small{color:#606266}</style></head><body>"
         "<h1>" +
         title + "</h1><h2 id=\"name\">" + html_escape(v.at("name").as_string()) +
         "</h2><div class=\"badge\" id=\"colour\" data-colour=\"" + html_escape(colour) +
         "\" style=\"background:" + hex + "\">" + html_escape(v.at("colour_label").as_string()) +
         "</div>" + extra + "<p>有效期至 Valid until: <b id=\"valid-until\">" +
         html_escape(v.at("valid_until").as_string()) + "</b></p><p><small>核验时间 Checked at " +
         html_escape(v.at("checked_at").as_string()) +
         " · 西湖区应急管理局 lakeguard</small></p></body></html>\n";
}

void add_code_schemas(json::object& s) {
  json::array categories;
  for (auto c : kOperationCategories) categories.emplace_back(c);
  json::object category{{"type", "string"}, {"enum", categories}};
  json::object date{{"type", "string"}, {"format", "date"}};
  json::object reason{{"type", "object"},
                      {"properties", json::object{{"rule", type("string")},
                                                  {"colour", type("string")},
                                                  {"value", type("string")}}}};
  json::object reasons{{"type", "array"}, {"items", reason}};
  s["SpecialWorkerInput"] = json::object{
      {"type", "object"},
      {"description", "A special-operations worker (特种作业人员)"},
      {"properties",
       json::object{{"name", json::object{{"type", "string"}, {"maxLength", 50}}},
                    {"category", category},
                    {"certificate_no",
                     json::object{{"type", "string"}, {"pattern", "^[0-9A-Za-z-]{4,40}$"}}},
                    {"certificate_valid_until", date},
                    {"trained_on",
                     json::object{{"type", json::array{"string", "null"}}, {"format", "date"}}},
                    {"open_violation", type("boolean")}}},
      {"required", json::array{"name", "category", "certificate_no", "certificate_valid_until"}},
      {"additionalProperties", false}};
  s["SpecialWorker"] =
      json::object{{"type", "object"},
                   {"properties", json::object{{"id", type("integer")},
                                               {"enterprise_id", type("integer")},
                                               {"town_code", type("string")},
                                               {"community_code", nullable("string")},
                                               {"name", type("string")},
                                               {"category", category},
                                               {"certificate_no", type("string")},
                                               {"certificate_valid_until", date},
                                               {"trained_on", nullable("string")},
                                               {"open_violation", type("boolean")},
                                               {"colour", names({"green", "yellow", "red"})},
                                               {"valid", type("boolean")},
                                               {"reasons", reasons},
                                               {"created_at", type("string")},
                                               {"updated_at", type("string")},
                                               {"version", type("integer")}}}};
  json::object colours = names({"red", "orange", "yellow", "blue", "green"});
  s["SafetyCode"] = json::object{
      {"type", "object"},
      {"description",
       "An enterprise or personnel safety code (一码) with the reasons for its colour"},
      {"properties", json::object{{"subject", names({"enterprise", "worker"})},
                                  {"subject_id", type("integer")},
                                  {"enterprise_id", type("integer")},
                                  {"name", type("string")},
                                  {"colour", colours},
                                  {"colour_label", type("string")},
                                  {"reasons", reasons},
                                  {"valid_until", nullable("string")},
                                  {"token", type("string")},
                                  {"url", type("string")},
                                  {"claimed", type("boolean")},
                                  {"claimed_at", nullable("string")},
                                  {"checked_at", type("string")}}}};
  s["CodeClaim"] = json::object{{"type", "object"},
                                {"properties", json::object{{"subject", type("string")},
                                                            {"subject_id", type("integer")},
                                                            {"claimed_at", type("string")},
                                                            {"claimed_by", type("string")}}}};
  json::object tally{{"type", "object"},
                     {"properties", json::object{{"codes", type("integer")},
                                                 {"claimed", type("integer")},
                                                 {"claim_rate", nullable("number")}}}};
  s["CodeStats"] = json::object{{"type", "object"},
                                {"properties", json::object{{"enterprise", tally},
                                                            {"worker", tally},
                                                            {"claim_rate", nullable("number")},
                                                            {"by_town", type("object")}}}};
  s["PublicCode"] = json::object{
      {"type", "object"},
      {"description", "What a scan shows: no personal identifiers (a worker's name is masked)"},
      {"properties",
       json::object{{"subject", type("string")},
                    {"name", type("string")},
                    {"category", type("string")},
                    {"colour", colours},
                    {"colour_label", type("string")},
                    {"valid_until", type("string")},
                    {"because", json::object{{"type", "array"}, {"items", type("string")}}},
                    {"checked_at", type("string")}}}};
}

class CodesModule final : public platform::Module {
 public:
  CodesModule(platform::Deps& deps, CodesOptions opts)
      : svc_(deps.db, deps.clock, *deps.audit, &deps.events,
             deps.services.get<registry::RegistryService>(),
             deps.services.get<hazards::HazardsService>(), std::move(opts)) {
    // The enterprise code starts from the risk index's colour (risk is built before codes).
    svc_.set_index_colour_source(
        [&risk = deps.services.get<risk::RiskService>()](int64_t id) -> std::optional<std::string> {
          Principal sys;
          sys.username = "system";
          sys.role = Role::kAdmin;
          sys.scope_type = ScopeType::kDistrict;
          sys.read_only = true;
          auto r = risk.get(sys, id);
          if (!r) return std::nullopt;
          auto c = r->if_contains("colour");
          if (!c || !c->is_string()) return std::nullopt;
          return std::string(c->as_string());
        });
    deps.services.provide(svc_);
  }

  std::string_view name() const override { return "codes"; }

  void register_routes(http::Api& api) override {
    api.route(Method::kGet, "/api/v1/enterprises/{id}/special-workers",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto pg, http::parse_paging(req));
                LG_TRY_ASSIGN(WorkerPage page, svc_.list_workers(p, id, pg.page, pg.page_size));
                json::array items;
                for (auto& o : page.items) items.emplace_back(std::move(o));
                return http::list_reply(std::move(items), page.total, pg.page, pg.page_size);
              },
              {.summary = "Special-operations workers (特种作业人员) of an enterprise",
               .tag = "codes",
               .response_schema = "SpecialWorker",
               .list = true,
               .query_params = {"page", "page_size"}});
    api.route(Method::kPost, "/api/v1/enterprises/{id}/special-workers",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto body, http::json_object_body(req));
                LG_TRY_ASSIGN(auto made, svc_.create_worker(p, id, body, actor(p, req)));
                return http::created_reply("/api/v1/special-workers", made);
              },
              {.summary = "Record a special-operations worker (issues the personnel code)",
               .tag = "codes",
               .request_schema = "SpecialWorkerInput",
               .response_schema = "SpecialWorker",
               .success_status = 201});
    api.route(Method::kGet, "/api/v1/special-workers/{id}",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto o, svc_.get_worker(p, id));
                return http::object_reply(200, o);
              },
              {.summary = "One special-operations worker with the code's colour and reasons",
               .tag = "codes",
               .response_schema = "SpecialWorker"});
    api.route(Method::kPatch, "/api/v1/special-workers/{id}",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto if_match, http::if_match_version(req));
                LG_TRY_ASSIGN(auto body, http::json_object_body(req));
                LG_TRY_ASSIGN(auto o, svc_.update_worker(p, id, body, if_match, actor(p, req)));
                return http::object_reply(200, o);
              },
              {.summary = "Change a special-operations worker (certificate, training, violation)",
               .tag = "codes",
               .request_schema = "SpecialWorkerInput",
               .response_schema = "SpecialWorker"});
    api.route(Method::kDelete, "/api/v1/special-workers/{id}",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY(svc_.delete_worker(p, id, actor(p, req)));
                return Response::no_content();
              },
              {.summary = "Remove a special-operations worker and their code",
               .tag = "codes",
               .success_status = 204});
    register_code_routes(api, "/api/v1/enterprises/{id}/code", Subject::kEnterprise);
    register_code_routes(api, "/api/v1/special-workers/{id}/code", Subject::kWorker);
    api.route(Method::kPost, "/api/v1/codes/{token}/claim",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(auto o, svc_.claim(p, req.path_params.at("token"), actor(p, req)));
                return http::object_reply(200, o);
              },
              {.summary = "Claim (认领) a code: the enterprise's own user, for its code or its "
                          "workers'",
               .tag = "codes",
               .response_schema = "CodeClaim"});
    api.route(Method::kGet, "/api/v1/codes/stats",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(auto o, svc_.stats(p));
                return http::object_reply(200, o);
              },
              {.summary = "Codes issued and claimed in scope, by town, and the claim rates",
               .tag = "codes",
               .response_schema = "CodeStats"});
    api.open(Method::kGet, "/public/codes/{token}",
             [this](Request& req) -> Reply {
               LG_TRY_ASSIGN(auto v, svc_.public_view(req.path_params.at("token")));
               if (req.query_param("format") == std::optional<std::string>("json"))
                 return http::object_reply(200, v);
               Response r;
               r.status = 200;
               r.content_type = "text/html; charset=utf-8";
               r.body = public_page(v);
               r.headers.emplace_back("Cache-Control", "no-store");
               return r;
             },
             {.summary = "The page a scanned safety code opens (name, colour, valid-until; "
                         "?format=json for the data)",
              .tag = "codes",
              .query_params = {"format"},
              .response_type = "text/html"});
  }

  void add_schemas(json::object& schemas) const override { add_code_schemas(schemas); }
  std::span<const MessageTemplate> messages() const override { return codes::messages(); }

  std::vector<platform::Topic> topics() const override {
    return {platform::Topic{"codes", [](const Principal& p, const Placement& where) {
                              return in_scope(p, kScopeColumns, where);
                            }}};
  }

  void add_permissions(const Principal& p, json::object& out) const override {
    bool write = !p.read_only && p.role != Role::kInspector && p.role != Role::kViewer;
    out["special_workers"] =
        json::object{{"read", true}, {"create", write}, {"update", write}, {"delete", write}};
    out["safety_codes"] =
        json::object{{"read", true}, {"claim", !p.read_only && p.role == Role::kEnterpriseUser}};
  }

 private:
  void register_code_routes(http::Api& api, const std::string& base, Subject s) {
    auto get = [this, s](const Principal& p, Request& req) -> Result<json::object> {
      LG_TRY_ASSIGN(int64_t id, http::path_id(req));
      return s == Subject::kEnterprise ? svc_.enterprise_code(p, id, base_of(req), actor(p, req))
                                       : svc_.worker_code(p, id, base_of(req), actor(p, req));
    };
    std::string what = s == Subject::kEnterprise ? "enterprise safety code (企业安全码)"
                                                 : "personnel safety code (人员安全码)";
    api.route(Method::kGet, base,
              [get](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(auto o, get(p, req));
                return http::object_reply(200, o);
              },
              {.summary = "The " + what + ": colour, reasons, token and public URL",
               .tag = "codes",
               .response_schema = "SafetyCode"});
    api.route(Method::kGet, base + ".svg",
              [get](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {"module_px"}));
                LG_TRY_ASSIGN(auto o, get(p, req));
                return qr_reply(o, req, false);
              },
              {.summary = "The " + what + " as a QR image (SVG)",
               .tag = "codes",
               .query_params = {"module_px"},
               .response_type = "image/svg+xml"});
    api.route(Method::kGet, base + ".png",
              [get](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {"module_px"}));
                LG_TRY_ASSIGN(auto o, get(p, req));
                return qr_reply(o, req, true);
              },
              {.summary = "The " + what + " as a QR image (PNG)",
               .tag = "codes",
               .query_params = {"module_px"},
               .response_type = "image/png"});
  }

  CodesService svc_;
};

}  // namespace

std::unique_ptr<platform::Module> make_module(platform::Deps& deps, CodesOptions opts) {
  return std::make_unique<CodesModule>(deps, std::move(opts));
}

}  // namespace lakeguard::codes
