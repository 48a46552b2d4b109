// Request bodies and list queries of the hidden-danger API: each bad input names its field.

#include "hazards/requests.h"

#include <gtest/gtest.h>

#include "hazards/dates.h"

namespace lakeguard::hazards {
namespace {

namespace json = boost::json;

const int64_t kNow = *parse_instant("2026-12-05T02:00:00Z");  // 10:00 in Shanghai
const DeadlineRules kRules{.now_ms = kNow, .max_days = 1095};

json::object parse(std::string_view text) { return json::parse(text).as_object(); }

std::string field_of(const Error& e) { return e.field; }

TEST(NewHazardRequest, TakesTheIssueFieldsAndDefaultsTheRest) {
  auto r = parse_new_hazard(parse(R"({"enterprise_id": 7, "description": "  消防通道堵塞 ",
      "class": "一般", "source": "self_check", "location": "2号仓库", "category": "消防",
      "found_at": "2026-12-04T09:00:00+08:00"})"),
                            kNow);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->enterprise_id, 7);
  EXPECT_EQ(r->description, "消防通道堵塞");
  EXPECT_EQ(r->hazard_class, HazardClass::kGeneral);
  EXPECT_EQ(r->source, Source::kSelfCheck);
  EXPECT_EQ(*r->found_at_ms, *parse_instant("2026-12-04T01:00:00Z"));
  auto minimal = parse_new_hazard(
      parse(R"({"enterprise_id": 7, "description": "x", "class": "重大", "source": "public"})"),
      kNow);
  ASSERT_TRUE(minimal.ok());
  EXPECT_FALSE(minimal->found_at_ms);
  EXPECT_EQ(minimal->location, "");
}

TEST(NewHazardRequest, EachBadFieldIsNamed) {
  const std::string ok_tail = R"("description": "d", "class": "一般", "source": "report")";
  struct Case {
    std::string body, field;
  } cases[] = {
      {R"({"description": "d", "class": "一般", "source": "report"})", "enterprise_id"},
      {R"({"enterprise_id": "7", )" + ok_tail + "}", "enterprise_id"},
      {R"({"enterprise_id": 0, )" + ok_tail + "}", "enterprise_id"},
      {R"({"enterprise_id": 1.5, )" + ok_tail + "}", "enterprise_id"},
      {R"({"enterprise_id": 7, "class": "一般", "source": "report"})", "description"},
      {R"({"enterprise_id": 7, "description": "   ", "class": "一般", "source": "report"})",
       "description"},
      {R"({"enterprise_id": 7, "description": "a\u0007b", "class": "一般", "source": "report"})",
       "description"},
      {R"({"enterprise_id": 7, "description": "d", "class": "较大", "source": "report"})", "class"},
      {R"({"enterprise_id": 7, "description": "d", "class": "一般", "source": "tip"})", "source"},
      {R"({"enterprise_id": 7, )" + ok_tail + R"(, "location": "a\nb"})", "location"},
      {R"({"enterprise_id": 7, )" + ok_tail + R"(, "category": )" + "\"" + std::string(61, 'c') +
           "\"}",
       "category"},
      {R"({"enterprise_id": 7, )" + ok_tail + R"(, "found_at": "2026-12-04T09:00:00"})",
       "found_at"},
      {R"({"enterprise_id": 7, )" + ok_tail + R"(, "found_at": "2027-01-01T00:00:00Z"})",
       "found_at"},
      {R"({"enterprise_id": 7, )" + ok_tail + R"(, "found_at": 0})", "found_at"},
      {R"({"enterprise_id": 7, )" + ok_tail + R"(, "status": "closed"})", "status"},
  };
  for (const auto& c : cases) {
    auto r = parse_new_hazard(parse(c.body), kNow);
    ASSERT_FALSE(r.ok()) << c.body;
    EXPECT_EQ(r.error().code, ErrorCode::kValidationFailed) << c.body;
    EXPECT_EQ(field_of(r.error()), c.field) << c.body << ": " << r.error().message;
  }
  // A description of exactly 2000 characters is fine, 2001 is not (characters, not bytes).
  std::string long_text;
  for (int i = 0; i < 2000; ++i) long_text += "隐";
  json::object o{
      {"enterprise_id", 7}, {"description", long_text}, {"class", "一般"}, {"source", "report"}};
  EXPECT_TRUE(parse_new_hazard(o, kNow).ok());
  o["description"] = long_text + "患";
  EXPECT_EQ(parse_new_hazard(o, kNow).error().field, "description");
}

TEST(ActionRequest, UnknownOrMissingActionNamesTheActionField) {
  for (const char* body : {R"({})", R"({"action": "close"})", R"({"action": 3})",
                           R"({"action": null})", R"({"action": "CONFIRM"})"}) {
    auto r = parse_action_request(parse(body), kRules);
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_EQ(r.error().code, ErrorCode::kValidationFailed);
    EXPECT_EQ(r.error().field, "action") << body;
  }
}

TEST(ActionRequest, EachActionTakesOnlyItsOwnFields) {
  struct Case {
    const char* body;
    const char* field;  // "" = accepted
  } cases[] = {
      {R"({"action": "confirm"})", ""},
      {R"({"action": "confirm", "class": "重大", "deadline": "2026-12-05"})", ""},
      {R"({"action": "confirm", "deadline": "2026-12-04"})", "deadline"},  // yesterday in Shanghai
      {R"({"action": "confirm", "deadline": "2026-02-30"})", "deadline"},
      {R"({"action": "confirm", "deadline": "2030-01-01"})", "deadline"},  // > 1095 days
      {R"({"action": "confirm", "class": "特大"})", "class"},
      {R"({"action": "confirm", "reason": "x"})", "reason"},
      {R"({"action": "submit"})", "note"},
      {R"({"action": "submit", "note": "已整改"})", ""},
      {R"({"action": "submit", "note": "已整改", "photos": []})", ""},
      {R"({"action": "submit", "note": "已整改", "photos": ["x"]})", "photos"},
      {R"({"action": "accept", "photos": []})", "photos"},
      {R"({"action": "reject"})", "reason"},
      {R"({"action": "reject", "reason": "照片不清晰"})", ""},
      {R"({"action": "accept"})", ""},
      {R"({"action": "accept", "deadline": "2026-12-30"})", "deadline"},
      {R"({"action": "reopen"})", "reason"},
      {R"({"action": "reopen", "reason": "复发", "deadline": "2027-01-01"})", ""},
      {R"({"action": "plan", "measures": "m", "funds_yuan": 5000, "responsible": "张三",
           "deadline": "2027-01-31", "interim_measures": "i"})",
       ""},
      {R"({"action": "plan", "funds_yuan": 5000, "responsible": "张三",
           "deadline": "2027-01-31", "interim_measures": "i"})",
       "measures"},
      {R"({"action": "plan", "measures": "m", "funds_yuan": -1, "responsible": "张三",
           "deadline": "2027-01-31", "interim_measures": "i"})",
       "funds_yuan"},
      {R"({"action": "plan", "measures": "m", "funds_yuan": "5000", "responsible": "张三",
           "deadline": "2027-01-31", "interim_measures": "i"})",
       "funds_yuan"},
      {R"({"action": "plan", "measures": "m", "funds_yuan": 1, "responsible": "张三",
           "deadline": "2027-01-31"})",
       "interim_measures"},
      {R"({"action": "plan", "measures": "m", "funds_yuan": 1, "responsible": "",
           "deadline": "2027-01-31", "interim_measures": "i"})",
       "responsible"},
  };
  for (const auto& c : cases) {
    auto r = parse_action_request(parse(c.body), kRules);
    if (std::string(c.field).empty()) {
      EXPECT_TRUE(r.ok()) << c.body << ": " << (r.ok() ? "" : r.error().message);
    } else {
      ASSERT_FALSE(r.ok()) << c.body;
      EXPECT_EQ(r.error().code, ErrorCode::kValidationFailed) << c.body;
      EXPECT_EQ(r.error().field, c.field) << c.body << ": " << r.error().message;
    }
  }
}

TEST(ListFilter, ParsesTheFiltersAndRefusesBadOnes) {
  auto f = parse_list_filter({{"status", "rectifying"},
                              {"class", "重大"},
                              {"town", "330106009"},
                              {"enterprise_id", "12"},
                              {"overdue", "true"},
                              {"sort", "-deadline"},
                              {"page", "2"},
                              {"page_size", "20"}});
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->status, State::kRectifying);
  EXPECT_EQ(f->hazard_class, HazardClass::kMajor);
  EXPECT_EQ(f->town_code, "330106009");
  EXPECT_EQ(f->enterprise_id, 12);
  EXPECT_EQ(f->overdue, true);
  EXPECT_EQ(f->sort_column, "deadline");
  EXPECT_TRUE(f->sort_desc);
  EXPECT_EQ(f->page, 2);
  EXPECT_EQ(f->page_size, 20);
  EXPECT_EQ(parse_list_filter({{"town_code", "330106009"}})->town_code, "330106009");
  for (auto [k, v] : std::vector<std::pair<std::string, std::string>>{{"status", "open"},
                                                                      {"class", "general"},
                                                                      {"town", "3301"},
                                                                      {"overdue", "1"},
                                                                      {"enterprise_id", "-1"},
                                                                      {"sort", "description"},
                                                                      {"page_size", "501"},
                                                                      {"q", "x"}}) {
    auto r = parse_list_filter({{k, v}});
    ASSERT_FALSE(r.ok()) << k;
    EXPECT_EQ(r.error().code, ErrorCode::kBadRequest);
    EXPECT_EQ(r.error().field, k);
  }
}

TEST(Overdue, OnlyOpenConfirmedHazardsPastTheirDeadlineDay) {
  Hazard h;
  h.deadline = "2026-12-04";
  for (State s : kAllStates) {
    h.status = s;
    bool open = s == State::kRectifying || s == State::kSubmitted;
    EXPECT_EQ(is_overdue(h, "2026-12-05"), open) << state_name(s);
    EXPECT_FALSE(is_overdue(h, "2026-12-04")) << "the deadline day itself is in time";
  }
  h.status = State::kRectifying;
  h.deadline.clear();
  EXPECT_FALSE(is_overdue(h, "2026-12-05"));
}

TEST(HazardJson, HasTheWireNamesAndNullsForWhatIsNotSet) {
  Hazard h;
  h.id = 3;
  h.enterprise_id = 7;
  h.town_code = "330106009";
  h.description = "d";
  h.hazard_class = HazardClass::kMajor;
  h.source = Source::kInspection;
  h.status = State::kRectifying;
  h.deadline = "2026-12-01";
  h.plan = Plan{"m", 1.5, "r", "2026-12-01", "i"};
  auto o = to_json(h, "2026-12-05");
  EXPECT_EQ(o.at("class").as_string(), "重大");
  EXPECT_EQ(o.at("source").as_string(), "inspection");
  EXPECT_EQ(o.at("status").as_string(), "rectifying");
  EXPECT_TRUE(o.at("overdue").as_bool());
  EXPECT_TRUE(o.at("community_code").is_null());
  EXPECT_TRUE(o.at("closed_at").is_null());
  EXPECT_EQ(o.at("plan").at("funds_yuan").as_double(), 1.5);
}

}  // namespace
}  // namespace lakeguard::hazards
