#include "risk/api.h"

#include <stdexcept>

#include "http/json_body.h"
#include "http/schema.h"
#include "platform/event_bus.h"
#include "risk/calc_json.h"
#include "risk/lec.h"
#include "risk/messages.h"
#include "risk/service.h"

namespace lakeguard::risk {
namespace {

namespace json = boost::json;
using http::Method;
using http::Reply;
using http::Request;
using http::schema::nullable;
using http::schema::type;

json::object described(json::object schema, std::string_view description) {
  schema["description"] = description;
  return schema;
}
json::object enumeration(std::initializer_list<std::string_view> values) {
  json::array a;
  for (auto v : values) a.emplace_back(v);
  return json::object{{"type", "string"}, {"enum", std::move(a)}};
}
json::object numbers(std::span<const double> values) {
  json::array a;
  for (double v : values) a.emplace_back(v);
  return json::object{{"type", "number"}, {"enum", std::move(a)}};
}
json::object obj(std::initializer_list<std::pair<std::string_view, json::value>> props,
                 std::initializer_list<std::string_view> required = {}, bool closed = false) {
  json::object p;
  for (const auto& [k, v] : props) p[k] = v;
  json::object s{{"type", "object"}, {"properties", std::move(p)}};
  if (required.size()) {
    json::array r;
    for (auto x : required) r.emplace_back(x);
    s["required"] = std::move(r);
  }
  if (closed) s["additionalProperties"] = false;
  return s;
}

json::object colour() { return enumeration({"red", "orange", "yellow", "blue"}); }
json::object risk_level() { return enumeration({"重大风险", "较大风险", "一般风险", "低风险"}); }

platform::Actor actor(const Principal& p, const Request& req) {
  return platform::Actor::of(p, req.request_id);
}

// Decodes the JSON body and answers the calculation's result, or its validation error.
template <class Calc>
http::CallerHandler calc_route(Calc calc) {
  return [calc](const Principal&, Request& req) -> Reply {
    LG_TRY_ASSIGN(auto body, http::json_object_body(req));
    LG_TRY_ASSIGN(std::string text, calc(body));
    return http::Response::json(200, std::move(text));
  };
}

const Options& checked(const Options& opts) {
  if (std::string why = opts.validate(); !why.empty())
    throw std::invalid_argument("risk options: " + why);
  return opts;
}
const IndexOptions& checked(const IndexOptions& opts) {
  if (std::string why = opts.validate(); !why.empty())
    throw std::invalid_argument("risk index options: " + why);
  return opts;
}

class RiskModule final : public platform::Module {
 public:
  RiskModule(platform::Deps& deps, Options opts, IndexOptions index)
      : opts_(checked(opts)),
        svc_(deps.db, deps.clock, *deps.audit, &deps.events,
             deps.services.get<registry::RegistryService>(),
             deps.services.get<hazards::HazardsService>(),
             RiskServiceOptions{.index = checked(index), .levels = opts_}) {
    deps.services.provide(svc_);  // codes take the index's colour from it
    // Event-driven recompute: a change to an enterprise, its chemicals or its hidden dangers
    // marks the enterprise (where it is now and where it was); the worker recomputes it.
    if (deps.bus)
      for (const char* topic : {"enterprises", "chemicals", "hazards"})
        deps.bus->subscribe(topic, [this](const Event& e) {
          if (e.where.enterprise_id) svc_.mark_dirty(*e.where.enterprise_id);
          if (e.was && e.was->enterprise_id) svc_.mark_dirty(*e.was->enterprise_id);
        });
  }

  std::string_view name() const override { return "risk"; }

  void register_routes(http::Api& api) override {
    const Options* o = &opts_;
    api.compute(Method::kPost, "/api/v1/calc/major-hazard",
                calc_route([](const json::object& b) { return calc_major_hazard(b); }),
                {.summary = "GB 18218-2018 major-hazard identification (S = Σ q/Q) and grading "
                            "(R = α Σ β q/Q) of one unit",
                 .tag = "risk",
                 .request_schema = "MajorHazardInput",
                 .response_schema = "MajorHazardResult"});
    api.compute(Method::kPost, "/api/v1/calc/lec",
                calc_route([o](const json::object& b) { return calc_lec(b, *o); }),
                {.summary = "LEC risk (D = L × E × C)",
                 .tag = "risk",
                 .request_schema = "LecInput",
                 .response_schema = "LecResult"});
    api.compute(Method::kPost, "/api/v1/calc/ls",
                calc_route([o](const json::object& b) { return calc_ls(b, *o); }),
                {.summary = "LS risk matrix (R = L × S)",
                 .tag = "risk",
                 .request_schema = "LsInput",
                 .response_schema = "LsResult"});
    api.compute(Method::kPost, "/api/v1/calc/accident-grade",
                calc_route([](const json::object& b) { return calc_accident_grade(b); }),
                {.summary = "Production-safety accident grade (国务院令第493号 第三条)",
                 .tag = "risk",
                 .request_schema = "AccidentInput",
                 .response_schema = "AccidentResult"});
    // Plain routes, not cached_get: overdue hidden dangers move the index with the date.
    api.route(Method::kGet, "/api/v1/enterprises/{id}/risk",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto o, svc_.get(p, id));
                return http::object_reply(200, o);
              },
              {.summary = "The enterprise's risk index 0–100, its colour and every factor's "
                          "contribution (docs/risk.md)",
               .tag = "risk",
               .response_schema = "EnterpriseRisk"});
    api.route(Method::kGet, "/api/v1/enterprises/{id}/risk/history",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(HistoryPage page, svc_.history(p, id, req.query));
                return http::list_reply(std::move(page.items), page.total, page.page,
                                        page.page_size);
              },
              {.summary = "The enterprise's risk index each time it or its colour changed, "
                          "newest first",
               .tag = "risk",
               .response_schema = "EnterpriseRiskChange",
               .list = true,
               .query_params = {"page", "page_size"}});
    api.route(Method::kGet, "/api/v1/risk/enterprises",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY_ASSIGN(HistoryPage page, svc_.map(p, req.query));
                return http::list_reply(std::move(page.items), page.total, page.page,
                                        page.page_size);
              },
              {.summary = "The four-colour map list: the enterprises' risk in scope, highest "
                          "index first",
               .tag = "risk",
               .response_schema = "EnterpriseRiskSummary",
               .list = true,
               .query_params = {"town", "colour", "page", "page_size"}});
    api.route(Method::kGet, "/api/v1/enterprises/{id}/risk-points",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(HistoryPage page, svc_.list_points(p, id, req.query));
                return http::list_reply(std::move(page.items), page.total, page.page,
                                        page.page_size);
              },
              {.summary = "The enterprise's risk points (风险点) with their LEC or LS assessment",
               .tag = "risk",
               .response_schema = "RiskPoint",
               .list = true,
               .query_params = {"page", "page_size"}});
    api.route(Method::kPost, "/api/v1/enterprises/{id}/risk-points",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto body, http::json_object_body(req));
                LG_TRY_ASSIGN(auto made, svc_.create_point(p, id, body, actor(p, req)));
                return http::created_reply("/api/v1/risk-points", made);
              },
              {.summary = "Assess a risk point with LEC (L, E, C) or LS (L, S)",
               .tag = "risk",
               .request_schema = "RiskPointInput",
               .response_schema = "RiskPoint",
               .success_status = 201});
    api.route(Method::kGet, "/api/v1/risk-points/{id}",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto o, svc_.get_point(p, id));
                return http::object_reply(200, o);
              },
              {.summary = "One risk point", .tag = "risk", .response_schema = "RiskPoint"});
    api.route(Method::kPatch, "/api/v1/risk-points/{id}",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto if_match, http::if_match_version(req));
                LG_TRY_ASSIGN(auto body, http::json_object_body(req));
                LG_TRY_ASSIGN(auto o, svc_.update_point(p, id, body, if_match, actor(p, req)));
                return http::object_reply(200, o);
              },
              {.summary = "Reassess or rename a risk point (the whole point is checked again)",
               .tag = "risk",
               .request_schema = "RiskPointPatch",
               .response_schema = "RiskPoint"});
    api.route(Method::kDelete, "/api/v1/risk-points/{id}",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY(svc_.remove_point(p, id, actor(p, req)));
                return http::Response::no_content();
              },
              {.summary = "Delete a risk point", .tag = "risk", .success_status = 204});
  }

  void add_schemas(json::object& s) const override {
    json::object classes{
        {"oneOf", json::array{type("string"), json::object{{"type", "array"},
                                                           {"items", type("string")},
                                                           {"minItems", 1},
                                                           {"maxItems", 24}}}},
        {"description",
         "GB 18218-2018 Table 2 symbol (J1…J5, W1.1…W11), or several: the lowest Q and the "
         "highest β apply"}};
    json::object substance =
        obj({{"name", described(type("string"),
                                "Chinese name or alias (GB 18218 Table 1), or the "
                                "chemical's own name when it is not in Table 1")},
             {"cas", type("string")},
             {"table1_seq", json::object{{"type", "integer"}, {"minimum", 1}, {"maximum", 85}}},
             {"hazard_class", std::move(classes)},
             {"quantity_t", described(json::object{{"type", "number"}, {"minimum", 0}},
                                      "q in tonnes, at most 6 decimals")}},
            {"quantity_t"}, true);
    s["MajorHazardInput"] =
        obj({{"substances", json::object{{"type", "array"},
                                         {"items", std::move(substance)},
                                         {"minItems", 1},
                                         {"maxItems", kMaxSubstances}}},
             {"people_within_500m",
              described(json::object{{"type", "integer"}, {"minimum", 0}},
                        "people possibly exposed within 500 m outside the site (for α)")}},
            {"substances", "people_within_500m"}, true);
    json::object term =
        obj({{"substance", type("string")},
             {"table1_seq", nullable("integer")},
             {"hazard_classes", json::object{{"type", "array"}, {"items", type("string")}}},
             {"class_defaulted", type("boolean")},
             {"q", type("number")},
             {"Q", type("number")},
             {"beta", type("number")},
             {"ratio", described(type("number"), "q/Q")},
             {"Q_source", enumeration({"table1", "table2"})},
             {"beta_source", enumeration({"table3", "table4"})}});
    s["MajorHazardResult"] =
        obj({{"S", type("number")},
             {"is_major_hazard", type("boolean")},
             {"alpha", type("number")},
             {"R", type("number")},
             {"grade", described(nullable("integer"), "1–4 (一级 highest); null when S < 1")},
             {"grade_name", nullable("string")},
             {"terms", json::object{{"type", "array"}, {"items", std::move(term)}}}});
    s["LecInput"] = obj({{"L", numbers(lec_l_values())},
                         {"E", numbers(lec_e_values())},
                         {"C", numbers(lec_c_values())}},
                        {"L", "E", "C"}, true);
    s["LecResult"] =
        obj({{"D", type("number")},
             {"level", enumeration({"极其危险", "高度危险", "显著危险", "一般危险", "稍有危险"})},
             {"measure", type("string")},
             {"risk_level", risk_level()},
             {"color", colour()}});
    json::object one_to_five{{"type", "integer"}, {"minimum", 1}, {"maximum", 5}};
    s["LsInput"] = obj({{"L", one_to_five}, {"S", one_to_five}}, {"L", "S"}, true);
    s["LsResult"] = obj({{"R", type("integer")}, {"level", risk_level()}, {"color", colour()}});
    json::object count{{"type", "integer"}, {"minimum", 0}};
    s["AccidentInput"] =
        obj({{"deaths", count},
             {"serious_injuries", described(count, "重伤, including acute industrial poisoning")},
             {"direct_loss_yuan", json::object{{"type", "number"}, {"minimum", 0}}}},
            {"deaths", "serious_injuries", "direct_loss_yuan"}, true);
    json::object grade = enumeration({"特别重大", "重大", "较大", "一般"});
    s["AccidentResult"] =
        obj({{"grade", grade},
             {"criteria",
              obj({{"deaths", grade}, {"serious_injuries", grade}, {"direct_loss_yuan", grade}})}});
    json::object factor =
        obj({{"factor", described(type("string"),
                                  "major_hazard, worst_risk_point, open_hazards, overdue_hazards, "
                                  "open_major_hazards, active_alarms, recent_penalties, "
                                  "accidents_3y, expired_licences, cap")},
             {"value", json::object{{"description", "the factor's input (null: none)"}}},
             {"points", described(type("number"), "its part of the index (one decimal)")},
             {"weight", described(type("number"), "the most points it can give")},
             {"note", type("string")}});
    json::object factors{{"type", "array"}, {"items", std::move(factor)}};
    json::object unit = obj({{"storage_unit", nullable("string")},
                             {"S", type("number")},
                             {"R", type("number")},
                             {"is_major_hazard", type("boolean")},
                             {"grade", nullable("integer")}});
    s["EnterpriseRisk"] = obj(
        {{"enterprise_id", type("integer")},
         {"index", described(type("number"), "0–100, the sum of the factors' points")},
         {"colour", colour()},
         {"level", risk_level()},
         {"major_hazard",
          obj({{"is_major_hazard", type("boolean")},
               {"grade", described(nullable("integer"), "1–4 (一级 highest) of the worst unit")},
               {"grade_name", nullable("string")},
               {"S", type("number")},
               {"R", type("number")},
               {"alpha", type("number")},
               {"units", json::object{{"type", "array"}, {"items", std::move(unit)}}}})},
         {"factors", factors},
         {"computed_at", json::object{{"type", "string"}, {"format", "date-time"}}}});
    json::object lec_or_ls = described(type("number"), "LEC: a table value; LS: 1–5");
    json::object point_props{
        {"name", type("string")},
        {"location", nullable("string")},
        {"method", enumeration({"LEC", "LS"})},
        {"L", lec_or_ls},
        {"E", described(numbers(lec_e_values()), "LEC only")},
        {"C", described(numbers(lec_c_values()), "LEC only")},
        {"S",
         described(json::object{{"type", "integer"}, {"minimum", 1}, {"maximum", 5}}, "LS only")},
        {"assessed_by", type("string")},
        {"assessed_at", json::object{{"type", "string"}, {"format", "date"}}}};
    s["RiskPointInput"] =
        json::object{{"type", "object"},
                     {"properties", point_props},
                     {"required", json::array{"name", "method", "L", "assessed_by", "assessed_at"}},
                     {"additionalProperties", false}};
    s["RiskPointPatch"] = json::object{
        {"type", "object"}, {"properties", point_props}, {"additionalProperties", false}};
    json::object pp = point_props;
    pp["id"] = type("integer");
    pp["enterprise_id"] = type("integer");
    pp["score"] = described(type("number"), "D (LEC) or R (LS)");
    pp["level"] = risk_level();
    pp["colour"] = colour();
    pp["created_at"] = json::object{{"type", "string"}, {"format", "date-time"}};
    pp["updated_at"] = json::object{{"type", "string"}, {"format", "date-time"}};
    pp["version"] = type("integer");
    s["RiskPoint"] = json::object{{"type", "object"}, {"properties", std::move(pp)}};
    s["EnterpriseRiskSummary"] =
        obj({{"enterprise_id", type("integer")},
             {"index", type("number")},
             {"colour", colour()},
             {"level", risk_level()},
             {"town_code", type("string")},
             {"community_code", nullable("string")},
             {"computed_at", json::object{{"type", "string"}, {"format", "date-time"}}},
             {"name", nullable("string")},
             {"lon", nullable("number")},
             {"lat", nullable("number")}});
    s["EnterpriseRiskChange"] =
        obj({{"id", type("integer")},
             {"index", type("number")},
             {"colour", colour()},
             {"factors", factors},
             {"computed_at", json::object{{"type", "string"}, {"format", "date-time"}}}});
  }

  std::span<const MessageTemplate> messages() const override { return risk::messages(); }

  // Every role reads the risk of the enterprises in its scope; the filter is the snapshot's.
  std::vector<platform::Topic> topics() const override {
    auto may_see = [](const Principal& p, const Placement& where) {
      return in_scope(p, kScopeColumns, where);
    };
    return {platform::Topic{"risk", may_see}, platform::Topic{"risk_points", may_see}};
  }

  void add_permissions(const Principal& p, json::object& out) const override {
    // The index is computed, never written by a caller.
    out["risk"] =
        json::object{{"read", true}, {"create", false}, {"update", false}, {"delete", false}};
    const bool write = p.role != Role::kViewer && !p.read_only;
    out["risk_points"] =
        json::object{{"read", true}, {"create", write}, {"update", write}, {"delete", write}};
  }

  void start() override { svc_.recompute_all(); }

 private:
  Options opts_;
  RiskService svc_;
};

}  // namespace

std::unique_ptr<platform::Module> make_module(platform::Deps& deps, Options opts,
                                              IndexOptions index) {
  return std::make_unique<RiskModule>(deps, opts, index);
}

}  // namespace lakeguard::risk
