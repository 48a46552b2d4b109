#include "duty/api.h"

#include <fmt/format.h>

#include "core/dates.h"
#include "duty/messages.h"
#include "http/json_body.h"
#include "http/schema.h"

namespace lakeguard::duty {
namespace {

namespace json = boost::json;
using http::Method;
using http::Reply;
using http::Request;
using http::Response;
using http::schema::array_of;
using http::schema::instant;
using http::schema::names;
using http::schema::nullable;
using http::schema::ref;
using http::schema::type;

platform::Actor actor(const Principal& p, const Request& req) {
  return platform::Actor::of(p, req.request_id);
}

Result<std::optional<int64_t>> instant_param(const Request& req, std::string_view name) {
  auto v = req.query_param(name);
  if (!v) return std::optional<int64_t>{};
  auto t = parse_instant(*v);
  if (!t)
    return Error::bad_request(
        fmt::format("'{}' must be a time with an offset, e.g. 2026-12-07T08:00:00+08:00.", name),
        std::string(name));
  return std::optional<int64_t>{*t};
}

void add_duty_schemas(json::object& s) {
  json::object roles = names({"leader", "officer", "standby"});
  s["DutyAssignmentInput"] =
      json::object{{"type", "object"},
                   {"properties", json::object{{"user_id", type("integer")}, {"role", roles}}},
                   {"required", json::array{"user_id", "role"}},
                   {"additionalProperties", false}};
  s["DutyShiftInput"] = json::object{
      {"type", "object"},
      {"description",
       "A shift (班次) of a unit's rota; the interval is (starts_at, ends_at], 1 to 48 hours, "
       "with exactly one leader (带班领导)"},
      {"properties", json::object{{"unit_code", json::object{{"type", "string"},
                                                             {"pattern", "^[0-9]{6}([0-9]{3})?$"}}},
                                  {"starts_at", instant()},
                                  {"ends_at", instant()},
                                  {"people", json::object{{"type", "array"},
                                                          {"maxItems", kMaxPeople},
                                                          {"items", ref("DutyAssignmentInput")}}},
                                  {"note", json::object{{"type", json::array{"string", "null"}},
                                                        {"maxLength", kMaxNoteChars}}}}},
      {"required", json::array{"unit_code", "starts_at", "ends_at", "people"}},
      {"additionalProperties", false}};
  json::object person{{"type", "object"},
                      {"properties", json::object{{"user_id", type("integer")},
                                                  {"name", type("string")},
                                                  {"role", roles},
                                                  {"role_label", type("string")},
                                                  {"phone", nullable("string")},
                                                  {"tel", nullable("string")}}}};
  s["DutyShift"] = json::object{
      {"type", "object"},
      {"properties",
       json::object{
           {"id", type("integer")},
           {"unit_code", type("string")},
           {"unit_name", type("string")},
           {"town_code", nullable("string")},
           {"starts_at", instant()},
           {"ends_at", instant()},
           {"starts_at_local", type("string")},
           {"ends_at_local", type("string")},
           {"note", nullable("string")},
           {"people", array_of(person)},
           {"leader", nullable("string")},
           {"synthetic", type("boolean")},
           {"handover", json::object{{"oneOf", json::array{ref("DutyHandover"), type("null")}}}},
           {"handover_received",
            json::object{{"oneOf", json::array{ref("DutyHandover"), type("null")}}}},
           {"created_at", instant()},
           {"updated_at", instant()},
           {"version", type("integer")}}}};
  json::object flag{{"type", "object"},
                    {"properties", json::object{{"shift_id", type("integer")},
                                                {"rule", type("string")},
                                                {"other_shift_id", nullable("integer")},
                                                {"user_id", nullable("integer")}}}};
  s["DutyRota"] = json::object{{"type", "object"},
                               {"description", "The shifts of a window with the rota's flags"},
                               {"properties", json::object{{"from", instant()},
                                                           {"to", instant()},
                                                           {"items", array_of(ref("DutyShift"))},
                                                           {"flags", array_of(flag)}}}};
  s["DutyUnit"] =
      json::object{{"type", "object"},
                   {"properties", json::object{{"code", type("string")},
                                               {"name", type("string")},
                                               {"level", names({"district", "town"})}}}};
  s["DutyUnits"] = array_of(ref("DutyUnit"));
  s["DutyNow"] = json::object{
      {"type", "object"},
      {"description", "Who is on duty now (start < now ≤ end), per unit in scope"},
      {"properties",
       json::object{
           {"at", instant()},
           {"at_local", type("string")},
           {"items",
            array_of(json::object{
                {"type", "object"},
                {"properties",
                 json::object{{"unit_code", type("string")},
                              {"unit_name", type("string")},
                              {"level", type("string")},
                              {"shift", json::object{{"oneOf", json::array{ref("DutyShift"),
                                                                           type("null")}}}},
                              {"people", array_of(person)}}}})}}}};
  s["DutyHandoverInput"] = json::object{
      {"type", "object"},
      {"description", "The handover (交接班) the outgoing officer writes"},
      {"properties",
       json::object{
           {"open_items", json::object{{"type", "array"},
                                       {"maxItems", kMaxOpenItems},
                                       {"items", json::object{{"type", "string"},
                                                              {"maxLength", kMaxOpenItemChars}}}}},
           {"notes", json::object{{"type", "string"}, {"maxLength", kMaxHandoverNotesChars}}}}},
      {"required", json::array{"notes"}},
      {"additionalProperties", false}};
  s["DutyHandover"] =
      json::object{{"type", "object"},
                   {"properties", json::object{{"id", type("integer")},
                                               {"shift_id", type("integer")},
                                               {"next_shift_id", type("integer")},
                                               {"unit_code", type("string")},
                                               {"town_code", nullable("string")},
                                               {"state", names({"written", "acknowledged"})},
                                               {"open_items", array_of(type("string"))},
                                               {"notes", type("string")},
                                               {"written_by", type("integer")},
                                               {"written_by_name", type("string")},
                                               {"written_at", instant()},
                                               {"acknowledged_by", nullable("integer")},
                                               {"acknowledged_by_name", nullable("string")},
                                               {"acknowledged_at", nullable("string")}}}};
  json::object kinds = names({"report", "handling", "assignment", "other"});
  s["DutyLogInput"] = json::object{
      {"type", "object"},
      {"description",
       "A duty log entry (值班日志): 接报 report, 处置 handling, 交办 assignment, 其他 other"},
      {"properties",
       json::object{{"kind", kinds},
                    {"text", json::object{{"type", "string"}, {"maxLength", kMaxLogTextChars}}},
                    {"at", instant()}}},
      {"required", json::array{"kind", "text"}},
      {"additionalProperties", false}};
  s["DutyLogEntry"] = json::object{{"type", "object"},
                                   {"properties", json::object{{"id", type("integer")},
                                                               {"shift_id", type("integer")},
                                                               {"unit_code", type("string")},
                                                               {"at", instant()},
                                                               {"at_local", type("string")},
                                                               {"kind", kinds},
                                                               {"kind_label", type("string")},
                                                               {"text", type("string")},
                                                               {"author_id", type("integer")},
                                                               {"author_name", type("string")},
                                                               {"created_at", instant()}}}};
  s["DutyLog"] = array_of(ref("DutyLogEntry"));
  s["DutyContact"] = json::object{{"type", "object"},
                                  {"description", "An address-book entry (通讯录)"},
                                  {"properties", json::object{{"user_id", type("integer")},
                                                              {"name", type("string")},
                                                              {"unit_code", type("string")},
                                                              {"town_code", nullable("string")},
                                                              {"title", type("string")},
                                                              {"phone", nullable("string")},
                                                              {"tel", nullable("string")},
                                                              {"synthetic", type("boolean")}}}};
  s["DutyPhoneInput"] = json::object{
      {"type", "object"},
      {"properties", json::object{{"phone", json::object{{"type", "string"}, {"maxLength", 20}}}}},
      {"required", json::array{"phone"}},
      {"additionalProperties", false}};
}

class DutyModule final : public platform::Module {
 public:
  explicit DutyModule(platform::Deps& deps)
      : svc_(deps.db, deps.clock, *deps.audit, &deps.events,
             deps.services.get<registry::RegistryService>(),
             deps.services.get<auth::AuthService>()) {
    deps.services.provide(svc_);
  }

  std::string_view name() const override { return "duty"; }

  void register_routes(http::Api& api) override {
    api.route(Method::kGet, "/api/v1/duty/units",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(auto a, svc_.units(p));
                return http::json_reply(200, a);
              },
              {.summary = "The units (district, towns) whose rota the caller sees",
               .tag = "duty",
               .response_schema = "DutyUnits"});
    api.route(Method::kGet, "/api/v1/duty/shifts",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {"from", "to", "unit_code"}));
                LG_TRY_ASSIGN(auto from, instant_param(req, "from"));
                LG_TRY_ASSIGN(auto to, instant_param(req, "to"));
                LG_TRY_ASSIGN(auto o, svc_.list_shifts(p, from, to,
                                                       req.query_param("unit_code").value_or("")));
                return http::json_reply(200, o);
              },
              {.summary = "The rota of a window (default: this week, Beijing time) with its flags",
               .tag = "duty",
               .response_schema = "DutyRota",
               .query_params = {"from", "to", "unit_code"}});
    api.route(Method::kPost, "/api/v1/duty/shifts",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(auto body, http::json_object_body(req));
                LG_TRY_ASSIGN(auto made, svc_.create_shift(p, body, actor(p, req)));
                return http::created_reply("/api/v1/duty/shifts", made);
              },
              {.summary = "Add a shift (422 naming the field, 409 naming the clashing shift)",
               .tag = "duty",
               .request_schema = "DutyShiftInput",
               .response_schema = "DutyShift",
               .success_status = 201});
    api.route(
        Method::kGet, "/api/v1/duty/shifts/{id}",
        [this](const Principal& p, Request& req) -> Reply {
          LG_TRY(http::only_query_params(req, {}));
          LG_TRY_ASSIGN(int64_t id, http::path_id(req));
          LG_TRY_ASSIGN(auto o, svc_.get_shift(p, id));
          return http::object_reply(200, o);
        },
        {.summary = "One shift with its handovers", .tag = "duty", .response_schema = "DutyShift"});
    api.route(Method::kPatch, "/api/v1/duty/shifts/{id}",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto if_match, http::if_match_version(req));
                LG_TRY_ASSIGN(auto body, http::json_object_body(req));
                LG_TRY_ASSIGN(auto o, svc_.update_shift(p, id, body, if_match, actor(p, req)));
                return http::object_reply(200, o);
              },
              {.summary = "Change a shift's times, people or note (checked as a new one)",
               .tag = "duty",
               .request_schema = "DutyShiftInput",
               .response_schema = "DutyShift"});
    api.route(Method::kDelete, "/api/v1/duty/shifts/{id}",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY(svc_.delete_shift(p, id, actor(p, req)));
                return Response::no_content();
              },
              {.summary = "Remove a shift without handover or log entries",
               .tag = "duty",
               .success_status = 204});
    api.route(Method::kGet, "/api/v1/duty/now",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(auto o, svc_.now(p));
                return http::json_reply(200, o);
              },
              {.summary = "Who is on duty now, per unit in scope",
               .tag = "duty",
               .response_schema = "DutyNow"});
    api.route(Method::kPost, "/api/v1/duty/shifts/{id}/handover",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto body, http::json_object_body(req));
                LG_TRY_ASSIGN(auto o, svc_.write_handover(p, id, body, actor(p, req)));
                return http::created_reply("/api/v1/duty/handovers", o);
              },
              {.summary = "Write the shift's handover (交接班) to the unit's next shift",
               .tag = "duty",
               .request_schema = "DutyHandoverInput",
               .response_schema = "DutyHandover",
               .success_status = 201});
    api.route(Method::kGet, "/api/v1/duty/handovers",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {"state", "page", "page_size"}));
                LG_TRY_ASSIGN(auto pg, http::parse_paging(req));
                LG_TRY_ASSIGN(auto page,
                              svc_.list_handovers(p, req.query_param("state").value_or(""), pg.page,
                                                  pg.page_size));
                return http::list_reply(std::move(page.items), page.total, pg.page, pg.page_size);
              },
              {.summary = "Handovers in scope, newest first",
               .tag = "duty",
               .response_schema = "DutyHandover",
               .list = true,
               .query_params = {"state", "page", "page_size"}});
    api.route(Method::kPost, "/api/v1/duty/handovers/{id}/acknowledge",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto o, svc_.acknowledge(p, id, actor(p, req)));
                return http::object_reply(200, o);
              },
              {.summary = "The incoming officer acknowledges the handover",
               .tag = "duty",
               .response_schema = "DutyHandover"});
    api.route(Method::kGet, "/api/v1/duty/shifts/{id}/log",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto a, svc_.list_log(p, id));
                return http::json_reply(200, a);
              },
              {.summary = "The shift's duty log (值班日志), in time order",
               .tag = "duty",
               .response_schema = "DutyLog"});
    api.route(Method::kPost, "/api/v1/duty/shifts/{id}/log",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto body, http::json_object_body(req));
                LG_TRY_ASSIGN(auto o, svc_.add_log(p, id, body, actor(p, req)));
                return http::json_reply(201, o);
              },
              {.summary = "Add a duty log entry (接报/处置/交办/其他)",
               .tag = "duty",
               .request_schema = "DutyLogInput",
               .response_schema = "DutyLogEntry",
               .success_status = 201});
    api.route(Method::kGet, "/api/v1/duty/contacts",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {"page", "page_size"}));
                LG_TRY_ASSIGN(auto pg, http::parse_paging(req));
                LG_TRY_ASSIGN(auto page, svc_.contacts(p, pg.page, pg.page_size));
                return http::list_reply(std::move(page.items), page.total, pg.page, pg.page_size);
              },
              {.summary = "The address book (通讯录) in scope, by unit",
               .tag = "duty",
               .response_schema = "DutyContact",
               .list = true,
               .query_params = {"page", "page_size"}});
    api.route(Method::kPut, "/api/v1/duty/contacts/{id}",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto body, http::json_object_body(req));
                LG_TRY_ASSIGN(auto o, svc_.set_phone(p, id, body, actor(p, req)));
                return http::object_reply(200, o);
              },
              {.summary = "Set a user's phone number in the address book",
               .tag = "duty",
               .request_schema = "DutyPhoneInput",
               .response_schema = "DutyContact"});
  }

  void add_schemas(json::object& schemas) const override { add_duty_schemas(schemas); }
  std::span<const MessageTemplate> messages() const override { return duty::messages(); }

  std::vector<platform::Topic> topics() const override {
    return {platform::Topic{"duty", [](const Principal& p, const Placement& where) {
                              return in_scope(p, kScopeColumns, where);
                            }}};
  }

  void add_permissions(const Principal& p, json::object& out) const override {
    bool keep = !p.read_only && (p.role == Role::kAdmin || p.role == Role::kDistrictOfficer ||
                                 p.role == Role::kTownOfficer);
    bool log = keep || (!p.read_only && p.role == Role::kCommunityOfficer);
    out["duty_shifts"] =
        json::object{{"read", true}, {"create", keep}, {"update", keep}, {"delete", keep}};
    out["duty_log"] = json::object{{"read", true}, {"create", log}};
    out["duty_contacts"] = json::object{{"read", true}, {"update", keep}};
  }

 private:
  DutyService svc_;
};

}  // namespace

std::unique_ptr<platform::Module> make_module(platform::Deps& deps) {
  return std::make_unique<DutyModule>(deps);
}

}  // namespace lakeguard::duty
