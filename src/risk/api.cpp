#include "risk/api.h"

#include <stdexcept>

#include "http/json_body.h"
#include "risk/calc_json.h"
#include "risk/lec.h"
#include "risk/messages.h"

namespace lakeguard::risk {
namespace {

namespace json = boost::json;
using http::Method;
using http::Reply;
using http::Request;

json::object type(std::string_view t) { return json::object{{"type", t}}; }
json::object nullable(std::string_view t) {
  return json::object{{"type", json::array{json::value(t), "null"}}};
}
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

// Decodes the JSON body and answers the calculation's result, or its validation error.
template <class Calc>
http::CallerHandler calc_route(Calc calc) {
  return [calc](const Principal&, Request& req) -> Reply {
    LG_TRY_ASSIGN(auto body, http::json_object_body(req));
    LG_TRY_ASSIGN(std::string text, calc(body));
    return http::Response::json(200, std::move(text));
  };
}

class RiskModule final : public platform::Module {
 public:
  explicit RiskModule(Options opts) : opts_(opts) {
    if (std::string why = opts_.validate(); !why.empty())
      throw std::invalid_argument("risk options: " + why);
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
  }

  std::span<const MessageTemplate> messages() const override { return risk::messages(); }

 private:
  Options opts_;
};

}  // namespace

std::unique_ptr<platform::Module> make_module(platform::Deps& /*deps*/, Options opts) {
  return std::make_unique<RiskModule>(opts);
}

}  // namespace lakeguard::risk
