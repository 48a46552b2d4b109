// Structured content, plan requests, scope, templates and attachment sniffing.

#include "plans/content.h"

#include <gtest/gtest.h>

#include <string>

#include "plans/attachments.h"
#include "plans/requests.h"
#include "plans/templates.h"
#include "plans/visibility.h"

namespace lakeguard::plans {
namespace {

namespace json = boost::json;

constexpr int64_t kNow = 1796083200000;  // 2026-12-01T00:00Z

std::string field_of(const char* content) {
  auto r = parse_content(json::parse(content));
  return r.ok() ? "ok" : r.error().field;
}

const char* kGood = R"({"organisation":[{"role":"总指挥","units":["区应急管理局"]}],
  "levels":[{"level":4,"triggers":[{"indicator":"rain_3h_mm","comparator":">=","threshold":50,"unit":"mm"}]},
            {"level":2,"tasks":[{"title":"转移","responsible_role":"总指挥","deadline_offset_min":60,"checklist":["a"]}]}]})";

TEST(PlanContent, ParsesAndWritesBackTheSameContent) {
  auto c = parse_content(json::parse(kGood));
  ASSERT_TRUE(c.ok()) << c.error().field << " " << c.error().message;
  ASSERT_EQ(c->levels.size(), 2u);
  EXPECT_EQ(c->levels[1].tasks[0].deadline_offset_min, 60);
  auto again = parse_content(to_json(*c));
  ASSERT_TRUE(again.ok()) << again.error().field;
  EXPECT_EQ(*again, *c);
}

TEST(PlanContent, ErrorsNameTheFieldPath) {
  EXPECT_EQ(
      field_of(
          R"({"levels":[{"level":4},{"level":2,"tasks":[{"title":"x","responsible_unit":"u","deadline_offset_min":-5}]}]})"),
      "content.levels[1].tasks[0].deadline_offset_min");
  EXPECT_EQ(
      field_of(
          R"({"levels":[{"level":4,"tasks":[{"title":"x","responsible_unit":"u","deadline_offset_min":43201}]}]})"),
      "content.levels[0].tasks[0].deadline_offset_min");
  EXPECT_EQ(field_of(R"({"levels":[]})"), "content.levels");
  EXPECT_EQ(field_of(R"({})"), "content.levels");
  EXPECT_EQ(field_of(R"({"levels":[{"level":5}]})"), "content.levels[0].level");
  EXPECT_EQ(field_of(R"({"levels":[{"level":2},{"level":2}]})"), "content.levels[1].level");
  EXPECT_EQ(field_of(R"({"levels":[{"level":1},{"level":2},{"level":3},{"level":4},{"level":4}]})"),
            "content.levels");
  EXPECT_EQ(
      field_of(
          R"({"levels":[{"level":1,"triggers":[{"indicator":"rain_3h_mm","comparator":"=>","threshold":1}]}]})"),
      "content.levels[0].triggers[0].comparator");
  EXPECT_EQ(
      field_of(
          R"({"levels":[{"level":1,"triggers":[{"indicator":"Rain","comparator":">=","threshold":1}]}]})"),
      "content.levels[0].triggers[0].indicator");
  EXPECT_EQ(
      field_of(R"({"levels":[{"level":1,"triggers":[{"indicator":"deaths","comparator":">="}]}]})"),
      "content.levels[0].triggers[0].threshold");
  EXPECT_EQ(
      field_of(
          R"({"levels":[{"level":1,"triggers":[{"indicator":"keyword","comparator":"has"}]}]})"),
      "content.levels[0].triggers[0].keyword");
  EXPECT_EQ(
      field_of(
          R"({"levels":[{"level":1,"tasks":[{"title":"t","responsible_role":"无此角色","deadline_offset_min":1}]}]})"),
      "content.levels[0].tasks[0].responsible_role");
  EXPECT_EQ(field_of(R"({"levels":[{"level":1,"tasks":[{"title":"t","deadline_offset_min":1}]}]})"),
            "content.levels[0].tasks[0].responsible_role");
  EXPECT_EQ(
      field_of(
          R"({"organisation":[{"role":"a","units":["x"]},{"role":"a","units":["y"]}],"levels":[{"level":1}]})"),
      "content.organisation[1].role");
  EXPECT_EQ(field_of(R"({"organisation":[{"role":"a"}],"levels":[{"level":1}]})"),
            "content.organisation[0].units");
  EXPECT_EQ(field_of(R"({"levels":[{"level":1,"colour":"red"}]})"), "content.levels[0].colour");
  EXPECT_EQ(field_of(R"({"levels":[{"level":1,"trigger_mode":"some"}]})"),
            "content.levels[0].trigger_mode");
  EXPECT_EQ(field_of(R"({"levels":[{"level":1,"description":"a\u202eb"}]})"),
            "content.levels[0].description");
}

TEST(PlanContent, LimitsAreExplicit) {
  json::array tasks;
  for (size_t i = 0; i <= kMaxTasksPerLevel; ++i)
    tasks.push_back(
        json::object{{"title", "t"}, {"responsible_unit", "u"}, {"deadline_offset_min", 1}});
  json::object c{{"levels", json::array{json::object{{"level", 1}, {"tasks", tasks}}}}};
  auto r = parse_content(c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "content.levels[0].tasks");
  tasks.pop_back();  // exactly 200 is allowed
  c["levels"].as_array()[0].as_object()["tasks"] = tasks;
  EXPECT_TRUE(parse_content(c).ok());
  json::object long_title{
      {"levels",
       json::array{json::object{
           {"level", 1},
           {"tasks", json::array{json::object{{"title", std::string(kMaxTitleChars + 1, 'x')},
                                              {"responsible_unit", "u"},
                                              {"deadline_offset_min", 1}}}}}}}};
  auto t = parse_content(long_title);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().field, "content.levels[0].tasks[0].title");
}

TEST(PlanContent, TriggersInWords) {
  EXPECT_EQ(describe(Trigger{"rain_3h_mm", Comparator::kGe, 100, "mm", ""}), "3小时降雨≥100mm");
  EXPECT_EQ(describe(Trigger{"deaths", Comparator::kGe, 3, "人", ""}), "死亡≥3人");
  EXPECT_EQ(describe(Trigger{"water_level_m", Comparator::kGt, 5.5, "m", ""}), "水位>5.5m");
  EXPECT_EQ(describe(Trigger{"keyword", Comparator::kHas, 0, "", "泄漏"}), "关键词含泄漏");
  EXPECT_EQ(describe(Trigger{"custom_x", Comparator::kLt, 2, "", ""}), "custom_x<2");
}

TEST(PlanRequests, NewPlanChecksLevelAgainstJurisdiction) {
  auto body = [](const char* extra) {
    std::string s =
        std::string(
            R"({"title":"t","type":"自然灾害","sub_type":"防汛防台","owner_unit":"u","content":{"levels":[{"level":1}]},)") +
        extra + "}";
    return json::parse(s).as_object();
  };
  EXPECT_TRUE(parse_new_plan(body(R"("level":"town","jurisdiction":"330106009")"), kNow).ok());
  auto padded = parse_new_plan(body(R"("level":"town","jurisdiction":"330106009000")"), kNow);
  ASSERT_TRUE(padded.ok());
  EXPECT_EQ(padded->jurisdiction_code, "330106009");
  auto wrong = parse_new_plan(body(R"("level":"district","jurisdiction":"330106009")"), kNow);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().field, "jurisdiction");
  auto ent = parse_new_plan(body(R"("level":"enterprise")"), kNow);
  ASSERT_FALSE(ent.ok());
  EXPECT_EQ(ent.error().field, "enterprise_id");
  auto sub = parse_new_plan(
      json::parse(
          R"({"title":"t","type":"事故灾难","sub_type":"防汛防台","level":"district","jurisdiction":"330106","owner_unit":"u","content":{"levels":[{"level":1}]}})")
          .as_object(),
      kNow);
  ASSERT_FALSE(sub.ok());
  EXPECT_EQ(sub.error().field, "sub_type");
  auto past = parse_new_plan(
      body(R"("level":"district","jurisdiction":"330106","revision_due":"2026-11-30")"), kNow);
  ASSERT_FALSE(past.ok());
  EXPECT_EQ(past.error().field, "revision_due");
  auto deep = parse_new_plan(
      body(R"("level":"district","jurisdiction":"330106","status":"published")"), kNow);
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.error().field, "status");
}

TEST(PlanTemplates, EveryTemplateIsAValidPlanBody) {
  ASSERT_GE(plan_templates().size(), 2u);
  for (const auto& t : plan_templates()) {
    json::object body = json::parse(t.json).as_object();
    body["jurisdiction"] = "330106";
    auto p = parse_new_plan(body, kNow);
    ASSERT_TRUE(p.ok()) << t.key << ": " << p.error().field << " " << p.error().message;
    EXPECT_EQ(p->content.levels.size(), 4u) << t.key;
    for (const auto& l : p->content.levels) {
      EXPECT_FALSE(l.triggers.empty()) << t.key << " level " << l.level;
      EXPECT_FALSE(l.basis.empty()) << t.key << " level " << l.level << " cites no source";
    }
  }
}

TEST(PlanScope, TownsSeeDistrictPlansAndWriteOnlyTheirOwn) {
  Principal town{
      .role = Role::kTownOfficer, .scope_type = ScopeType::kTown, .scope_code = "330106009"};
  Placement district_plan{};
  Placement own{"330106009", "", std::nullopt};
  Placement other{"330106010", "", std::nullopt};
  Placement own_enterprise{"330106009", "330106009001", 7};
  EXPECT_TRUE(read_scope(town).admits(district_plan));
  EXPECT_TRUE(read_scope(town).admits(own));
  EXPECT_TRUE(read_scope(town).admits(own_enterprise));
  EXPECT_FALSE(read_scope(town).admits(other));
  EXPECT_FALSE(write_scope(town).admits(district_plan));
  EXPECT_TRUE(write_scope(town).admits(own));
  EXPECT_FALSE(write_scope(town).admits(other));

  Principal ent{
      .role = Role::kEnterpriseUser, .scope_type = ScopeType::kEnterprise, .enterprise_id = 7};
  EXPECT_TRUE(read_scope(ent).admits(own_enterprise));
  EXPECT_FALSE(read_scope(ent).admits(district_plan));
  EXPECT_FALSE(read_scope(ent).admits(own));

  Principal comm{.role = Role::kCommunityOfficer,
                 .scope_type = ScopeType::kCommunity,
                 .scope_code = "330106009001"};
  EXPECT_TRUE(read_scope(comm).admits(district_plan));
  EXPECT_TRUE(read_scope(comm).admits(own));  // its town's town-level plan
  EXPECT_FALSE(read_scope(comm).admits(other));
  EXPECT_FALSE(write_scope(comm).admits(own));
  EXPECT_TRUE(write_scope(comm).admits(Placement{"330106009", "330106009001", std::nullopt}));
}

TEST(PlanAttachments, SniffsPdfAndDocxByTheirBytes) {
  EXPECT_EQ(*sniff_attachment("%PDF-1.7\n...", 1000), kPdfType);
  std::string docx("PK\x03\x04", 4);
  docx += "....[Content_Types].xml....word/document.xml....";
  EXPECT_EQ(*sniff_attachment(docx, 1000), kDocxType);
  std::string xlsx("PK\x03\x04", 4);
  xlsx += "....xl/workbook.xml";
  EXPECT_EQ(sniff_attachment(xlsx, 1000).error().code, ErrorCode::kUnsupportedMediaType);
  EXPECT_EQ(sniff_attachment("GIF89a", 1000).error().code, ErrorCode::kUnsupportedMediaType);
  EXPECT_EQ(sniff_attachment(std::string(1001, 'x'), 1000).error().code,
            ErrorCode::kPayloadTooLarge);
  EXPECT_EQ(sniff_attachment("", 1000).error().code, ErrorCode::kValidationFailed);
  EXPECT_EQ(*clean_filename("C:\\docs\\预案.pdf"), "预案.pdf");
  EXPECT_FALSE(clean_filename("../").ok());
  EXPECT_FALSE(clean_filename("a\u202e.pdf").ok());
}

}  // namespace
}  // namespace lakeguard::plans
