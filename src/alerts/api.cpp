#include "alerts/api.h"

#include <cctype>

#include "alerts/atom.h"
#include "alerts/messages.h"
#include "alerts/requests.h"
#include "alerts/workflow.h"
#include "http/json_body.h"
#include "http/schema.h"

namespace lakeguard::alerts {
namespace {

namespace json = boost::json;
using http::Method;
using http::Reply;
using http::Request;
using http::Response;
using http::schema::names;
using http::schema::nullable;
using http::schema::ref;
using http::schema::text;
using http::schema::type;

platform::Actor actor(const Principal& p, const Request& req) {
  return platform::Actor::of(p, req.request_id);
}

// The origin the request came to, for the feed's absolute links (a Host that is not a plain
// host[:port] is not echoed).
std::string base_of(const Request& req) {
  std::string_view host = req.header("host");
  for (char c : host)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
          c == '[' || c == ']'))
      return "http://127.0.0.1";
  return host.empty() ? std::string("http://127.0.0.1") : "http://" + std::string(host);
}

template <size_t N>
json::object one_of(const std::string_view (&names)[N]) {
  json::array e;
  for (auto n : names) e.emplace_back(n);
  return json::object{{"type", "string"}, {"enum", std::move(e)}};
}

void add_warning_schemas(json::object& s) {
  json::object time{{"type", "string"}, {"format", "date-time"}};
  json::object nullable_time{{"type", json::array{"string", "null"}}, {"format", "date-time"}};
  json::object colours = names({"blue", "yellow", "orange", "red"});
  json::object states = names({"draft", "approved", "published", "updated", "cancelled"});
  json::object actions = names({"approve", "publish", "update", "cancel"});
  json::object en{{"type", "object"},
                  {"properties", json::object{{"event", text(kMaxEventChars)},
                                              {"headline", text(kMaxHeadlineChars)},
                                              {"description", text(kMaxDescriptionChars)},
                                              {"instruction", text(kMaxInstructionChars)},
                                              {"area_description", text(kMaxAreaChars)}}}};
  json::object geometry{{"type", "object"},
                        {"description",
                         "GeoJSON Polygon or MultiPolygon (one ring each), or a circle "
                         "{\"center\": [lon, lat], \"radius_m\": N}"}};
  json::object input_props{
      {"cap_status", one_of(kCapStatuses)},
      {"category", one_of(kCapCategories)},
      {"event", text(kMaxEventChars)},
      {"colour", colours},
      {"urgency", one_of(kCapUrgencies)},
      {"severity", one_of(kCapSeverities)},
      {"certainty", one_of(kCapCertainties)},
      {"effective", json::object{{"description", "ISO 8601 with offset, or epoch milliseconds"},
                                 {"type", json::array{"string", "integer"}}}},
      {"expires", json::object{{"description", "ISO 8601 with offset, or epoch milliseconds"},
                               {"type", json::array{"string", "integer"}}}},
      {"headline", text(kMaxHeadlineChars)},
      {"description", text(kMaxDescriptionChars)},
      {"instruction", text(kMaxInstructionChars)},
      {"area_description", text(kMaxAreaChars)},
      {"geometry", geometry},
      {"town_code", json::object{{"type", "string"}, {"pattern", "^330106[0-9]{3}$"}}},
      {"en", en},
      {"note", text(kMaxNoteChars)},
      {"source_alarm_id", type("integer")}};
  s["WarningInput"] = json::object{
      {"type", "object"},
      {"description", "A warning draft (预警); PATCH takes any subset"},
      {"properties", input_props},
      {"required", json::array{"category", "event", "colour", "effective", "expires", "headline",
                               "description", "instruction", "area_description", "geometry"}},
      {"additionalProperties", false}};
  json::object props{{"id", type("integer")},
                     {"status", states},
                     {"msg_type", names({"Alert", "Update", "Cancel"})},
                     {"cap_status", one_of(kCapStatuses)},
                     {"category", type("string")},
                     {"event", type("string")},
                     {"colour", colours},
                     {"urgency", type("string")},
                     {"severity", type("string")},
                     {"certainty", type("string")},
                     {"effective", time},
                     {"expires", time},
                     {"headline", type("string")},
                     {"description", type("string")},
                     {"instruction", type("string")},
                     {"area_description", type("string")},
                     {"geometry", geometry},
                     {"town_code", nullable("string")},
                     {"note", nullable("string")},
                     {"en", json::object{{"oneOf", json::array{en, type("null")}}}},
                     {"source_alarm_id", nullable("integer")},
                     {"previous_id", nullable("integer")},
                     {"superseded_by_id", nullable("integer")},
                     {"drafted_by", type("string")},
                     {"approved_by", nullable("string")},
                     {"approved_at", nullable_time},
                     {"published_by", nullable("string")},
                     {"identifier", nullable("string")},
                     {"sender", nullable("string")},
                     {"sent", nullable_time},
                     {"references", nullable("string")},
                     {"xml_url", nullable("string")},
                     {"created_at", time},
                     {"updated_at", time},
                     {"version", type("integer")}};
  s["Warning"] = json::object{
      {"type", "object"}, {"description", "A warning as a CAP 1.2 message"}, {"properties", props}};
  s["WarningActionRecord"] =
      json::object{{"type", "object"},
                   {"properties", json::object{{"id", type("integer")},
                                               {"action", type("string")},
                                               {"from_status", nullable("string")},
                                               {"to_status", states},
                                               {"actor", type("string")},
                                               {"at", time},
                                               {"payload", type("object")}}}};
  json::object detail = props;
  detail["actions"] = json::object{{"type", "array"}, {"items", ref("WarningActionRecord")}};
  detail["allowed_actions"] = json::object{{"type", "array"}, {"items", actions}};
  detail["editable"] = type("boolean");
  s["WarningDetail"] = json::object{{"type", "object"}, {"properties", std::move(detail)}};
  json::object action_props = input_props;
  action_props["action"] = actions;
  action_props["reason"] = text(kMaxNoteChars);
  s["WarningActionInput"] = json::object{
      {"type", "object"},
      {"description",
       "approve {note?}; publish {}; update {any WarningInput fields}: a new draft (msgType "
       "Update); cancel {reason}: the Cancel message, published at once"},
      {"properties", std::move(action_props)},
      {"required", json::array{"action"}},
      {"additionalProperties", false}};
}

class AlertsModule final : public platform::Module {
 public:
  AlertsModule(platform::Deps& deps, AlertsOptions opts)
      : svc_(deps.db, deps.clock, *deps.audit, &deps.events, std::move(opts)) {
    deps.services.provide(svc_);
  }

  std::string_view name() const override { return "alerts"; }

  void register_routes(http::Api& api) override {
    api.route(Method::kPost, "/api/v1/warnings",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(auto body, http::json_object_body(req));
                LG_TRY_ASSIGN(auto made, svc_.create(p, body, actor(p, req)));
                return http::created_reply(req.path, made);
              },
              {.summary = "Draft a warning (status draft)",
               .tag = "alerts",
               .request_schema = "WarningInput",
               .response_schema = "WarningDetail",
               .success_status = 201});
    api.route(Method::kGet, "/api/v1/warnings",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY_ASSIGN(WarningPage page, svc_.list(p, req.query));
                json::array items;
                for (auto& o : page.items) items.emplace_back(std::move(o));
                return http::list_reply(std::move(items), page.total, page.page, page.page_size);
              },
              {.summary = "List warnings in scope, newest first (filters: status, colour, town)",
               .tag = "alerts",
               .response_schema = "Warning",
               .list = true,
               .query_params = {"status", "colour", "town", "town_code", "page", "page_size"}});
    api.route(Method::kGet, "/api/v1/warnings/{id}",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto o, svc_.get(p, id));
                return http::object_reply(200, o);
              },
              {.summary = "One warning with its history and the actions allowed now",
               .tag = "alerts",
               .response_schema = "WarningDetail"});
    api.route(Method::kPatch, "/api/v1/warnings/{id}",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto if_match, http::if_match_version(req));
                LG_TRY_ASSIGN(auto body, http::json_object_body(req));
                LG_TRY_ASSIGN(auto o, svc_.patch(p, id, body, if_match, actor(p, req)));
                return http::object_reply(200, o);
              },
              {.summary = "Edit a draft (its drafter only; 409 once approved)",
               .tag = "alerts",
               .request_schema = "WarningInput",
               .response_schema = "WarningDetail"});
    api.route(Method::kPost, "/api/v1/warnings/{id}/actions",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto if_match, http::if_match_version(req));
                LG_TRY_ASSIGN(auto body, http::json_object_body(req));
                LG_TRY_ASSIGN(auto o, svc_.act(p, id, body, if_match, actor(p, req)));
                return http::object_reply(200, o);
              },
              {.summary = "A workflow step: approve (not by the drafter), publish (CAP Alert), "
                          "update (a new draft, CAP Update) or cancel (CAP Cancel, at once)",
               .tag = "alerts",
               .request_schema = "WarningActionInput",
               .response_schema = "WarningDetail"});
    api.open(Method::kGet, "/public/alerts.atom",
             [this](Request& req) -> Reply {
               LG_TRY(http::only_query_params(req, {}));
               Response r;
               r.status = 200;
               r.content_type = "application/atom+xml; charset=utf-8";
               r.body =
                   render_atom(svc_.current(), svc_.options().issuer, base_of(req), svc_.now_ms());
               r.headers.emplace_back("Cache-Control", "no-cache");
               return r;
             },
             {.summary = "Atom feed of current warnings, each linking its CAP 1.2 document",
              .tag = "alerts",
              .response_type = "application/atom+xml"});
    api.open(Method::kGet, "/public/alerts/{file}",
             [this](Request& req) -> Reply {
               LG_TRY(http::only_query_params(req, {}));
               const std::string& file = req.path_params.at("file");
               constexpr std::string_view kSuffix = ".xml";
               if (file.size() <= kSuffix.size() ||
                   file.compare(file.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0)
                 return Error::not_found();
               LG_TRY_ASSIGN(std::string xml,
                             svc_.document(file.substr(0, file.size() - kSuffix.size())));
               Response r;
               r.status = 200;
               r.content_type = "application/cap+xml; charset=utf-8";
               r.body = std::move(xml);
               return r;
             },
             {.summary = "The CAP 1.2 document of a published warning: {identifier}.xml",
              .tag = "alerts",
              .response_type = "application/cap+xml"});
  }

  void add_schemas(json::object& schemas) const override { add_warning_schemas(schemas); }
  std::span<const MessageTemplate> messages() const override { return alerts::messages(); }

  std::vector<platform::Topic> topics() const override {
    return {platform::Topic{"warnings", [](const Principal& p, const Placement& where) {
                              return may_read(p.role) &&
                                     visible(scope_of(p, kScopeColumns), where.town_code);
                            }}};
  }

  void add_permissions(const Principal& p, json::object& out) const override {
    bool write = !p.read_only && may_draft(p.role);
    json::array actions;
    if (write)
      for (Action a : kAllActions) actions.emplace_back(action_name(a));
    out["warnings"] = json::object{{"read", may_read(p.role)},
                                   {"create", write},
                                   {"update", write},
                                   {"delete", false},
                                   {"actions", std::move(actions)}};
  }

 private:
  AlertsService svc_;
};

}  // namespace

std::unique_ptr<platform::Module> make_module(platform::Deps& deps, AlertsOptions opts) {
  return std::make_unique<AlertsModule>(deps, std::move(opts));
}

}  // namespace lakeguard::alerts
