// Escalation (a simulated day by minutes against hand-computed stages), activation from a
// plan's content (deadlines = activation + offset, assignees from the organisation), the
// situation report holding every timeline event, and request checking (422 naming the field,
// the counts risk's accident-grade rule takes).

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "incidents/activation.h"
#include "incidents/escalation.h"
#include "incidents/requests.h"
#include "incidents/sitrep.h"

namespace lakeguard::incidents {
namespace {

namespace json = boost::json;

constexpr int64_t kMin = 60'000;
const int64_t t0 = 1'796'000'000'000;  // 2026-11-29T…Z, any instant

TEST(Escalation, StagesAtTheDeadlineAndEveryIntervalUpToTheLimit) {
  EscalationConfig c{.interval_min = 30, .max_stages = 3};
  EscalationInput t{.task_id = 7,
                    .state = TaskState::kIssued,
                    .deadline_ms = t0 + 60 * kMin,
                    .unit = "区水利局",
                    .commander = "district"};
  EXPECT_TRUE(due_escalations(t, t0 + 60 * kMin - 1, c).empty());
  auto at_deadline = due_escalations(t, t0 + 60 * kMin, c);
  ASSERT_EQ(at_deadline.size(), 1u);
  EXPECT_EQ(at_deadline[0], (Escalation{7, 0, "unread", "leader:区水利局", t0 + 60 * kMin}));
  auto later = due_escalations(t, t0 + 24 * 60 * kMin, c);
  ASSERT_EQ(later.size(), 3u);  // capped at max_stages
  EXPECT_EQ(later[1].due_at_ms, t0 + 90 * kMin);
  EXPECT_EQ(later[1].to_whom, "commander:district");
  EXPECT_EQ(later[2].due_at_ms, t0 + 120 * kMin);
  t.state = TaskState::kAccepted;
  EXPECT_EQ(due_escalations(t, t0 + 60 * kMin, c)[0].kind, "undone");
  t.state = TaskState::kDone;
  EXPECT_TRUE(due_escalations(t, t0 + 24 * 60 * kMin, c).empty());
  t.state = TaskState::kRejected;
  EXPECT_TRUE(due_escalations(t, t0 + 24 * 60 * kMin, c).empty());
}

TEST(Escalation, ASimulatedDayMinuteByMinuteRecordsEachStageOnce) {
  EscalationConfig c{.interval_min = 45, .max_stages = 4};
  std::vector<EscalationInput> open;
  for (int i = 0; i < 20; ++i)
    open.push_back(EscalationInput{.task_id = i + 1,
                                   .state = i % 2 ? TaskState::kRead : TaskState::kIssued,
                                   .deadline_ms = t0 + (30 + 37 * i) * kMin,
                                   .unit = "u",
                                   .commander = "c"});
  EscalationKeys recorded;
  int64_t total = 0;
  for (int64_t m = 0; m <= 24 * 60; ++m) {
    for (const auto& e : missing_escalations(open, recorded, t0 + m * kMin, c)) {
      EXPECT_LE(e.due_at_ms, t0 + m * kMin);
      EXPECT_GT(e.due_at_ms, t0 + (m - 1) * kMin) << "recorded late";
      EXPECT_TRUE(recorded.insert(escalation_key(e.task_id, e.stage)).second);
      ++total;
    }
  }
  // Every task's last stage: 30 + 37·19 + 45·3 = 868 min < a day, so all 4 stages of all 20.
  EXPECT_EQ(total, 20 * 4);
}

PlanContentIn flood_content() {
  PlanContentIn c;
  c.organisation = {OrgRoleIn{"抢险组", {"区水利局", "区城管局"}, {5, 9}},
                    OrgRoleIn{"转移组", {"镇街"}, {}}};
  LevelIn l2;
  l2.level = 2;
  l2.tasks = {TaskTemplateIn{"排查积水点", "抢险组", "", 30, {"低洼路段", "地下车库"}},
              TaskTemplateIn{"转移危险区人员", "转移组", "", 60, {}},
              TaskTemplateIn{"发布预警", "", "区应急管理局", 10, {}}};
  c.levels = {l2};
  return c;
}

TEST(Activation, TasksOfTheLevelWithDeadlinesAndAssignees) {
  auto r = activate(flood_content(), 2, t0);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->tasks.size(), 3u);
  EXPECT_EQ(r->tasks[0].deadline_ms, t0 + 30 * kMin);
  EXPECT_EQ(r->tasks[0].unit, "区水利局");
  EXPECT_EQ(r->tasks[0].assignee_id, 5);
  EXPECT_EQ(r->tasks[0].checklist.size(), 2u);
  EXPECT_EQ(r->tasks[1].unit, "镇街");
  EXPECT_FALSE(r->tasks[1].assignee_id);
  EXPECT_EQ(r->tasks[2].unit, "区应急管理局");
  EXPECT_EQ(r->tasks[2].deadline_ms, t0 + 10 * kMin);
  EXPECT_EQ(r->responsible_ids, (std::vector<int64_t>{5, 9}));
  EXPECT_EQ(r->tasks[0].state, TaskState::kIssued);
  auto none = activate(flood_content(), 1, t0);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().field, "level");
}

TEST(Sitrep, HoldsEveryTimelineEventInOrderAndEscapesHtml) {
  SitrepInput in;
  in.incident.id = 3;
  in.incident.title = "留下街道<内涝>";
  in.incident.type = "防汛防台";
  in.incident.town_code = "330106009";
  in.incident.accident_grade = "一般";
  in.incident.response_level = 2;
  in.now_ms = t0;
  for (int i = 0; i < 12; ++i)
    in.events.push_back(TimelineEvent{.id = i + 1,
                                      .incident_id = 3,
                                      .at_ms = t0 + i * kMin,
                                      .kind = i % 2 ? "task" : "note",
                                      .actor = "district",
                                      .text = "事件-" + std::to_string(i) + " & <b>"});
  in.number = 12;
  std::string text = sitrep_text(in);
  std::string html = sitrep_html(in);
  size_t last_t = 0, last_h = 0;
  for (int i = 0; i < 12; ++i) {
    std::string t = "事件-" + std::to_string(i) + " & <b>";
    size_t pt = text.find(t);
    ASSERT_NE(pt, std::string::npos) << t;
    EXPECT_GE(pt, last_t);
    last_t = pt;
    size_t ph = html.find("事件-" + std::to_string(i) + " &amp; &lt;b&gt;");
    ASSERT_NE(ph, std::string::npos) << t;
    EXPECT_GE(ph, last_h);
    last_h = ph;
  }
  EXPECT_EQ(html.find("<内涝>"), std::string::npos);
  EXPECT_NE(html.find("&lt;内涝&gt;"), std::string::npos);
  EXPECT_NE(text.find("Ⅱ级"), std::string::npos);
  EXPECT_EQ(local_minute(0), "1970-01-01 08:00");
  EXPECT_EQ(local_minute(1'796'004'000'000), "2026-11-30 10:00");
}

Result<Incident> parse(std::string_view text) {
  return parse_new_incident(json::parse(text).as_object());
}

TEST(Requests, TheCountsAreTypedAndKeptForRisksRule) {
  // The grade itself is risk's rule, applied by the service (tests/http/incidents_test.cpp).
  auto r = parse(R"({"title":"t","type":"危化品","town_code":"330106009","response_level":3,)"
                 R"("deaths":3,"serious_injuries":50,"direct_loss_yuan":12.5})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->deaths, 3);
  EXPECT_EQ(r->serious_injuries, 50);
  EXPECT_EQ(r->direct_loss_yuan, 12.5);
  auto bad = parse(R"({"title":"t","type":"x","town_code":"330106009","response_level":3,)"
                   R"("deaths":"3"})");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "deaths");
  bad = parse(R"({"title":"t","type":"x","town_code":"330106009","response_level":3,)"
              R"("direct_loss_yuan":"many"})");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "direct_loss_yuan");
}

TEST(Requests, BadInputNamesTheField) {
  auto field = [](std::string_view body) {
    auto r = parse(body);
    return r.ok() ? std::string("ok") : r.error().field;
  };
  EXPECT_EQ(field(R"({"type":"x","town_code":"330106009","response_level":3})"), "title");
  EXPECT_EQ(field(R"({"title":"t","type":"x","town_code":"3301","response_level":3})"),
            "town_code");
  EXPECT_EQ(field(R"({"title":"t","type":"x","town_code":"330106009","response_level":5})"),
            "response_level");
  EXPECT_EQ(field(R"({"title":"t","type":"x","town_code":"330106009"})"), "response_level");
  EXPECT_EQ(field(R"({"title":"t","type":"x","town_code":"330106009","response_level":1,)"
                  R"("community_code":"330106010001"})"),
            "community_code");
  EXPECT_EQ(field(R"({"title":"t","type":"x","town_code":"330106009","response_level":1,)"
                  R"("lon":120.1})"),
            "lat");
  EXPECT_EQ(field(R"({"title":"t","type":"x","town_code":"330106009","response_level":1,)"
                  R"("colour":"red"})"),
            "colour");
  auto task = [](std::string_view body) {
    auto r = parse_task_action_request(json::parse(body).as_object());
    return r.ok() ? std::string("ok") : r.error().field;
  };
  EXPECT_EQ(task(R"({"action":"feedback"})"), "text");
  EXPECT_EQ(task(R"({"action":"reject"})"), "reason");
  EXPECT_EQ(task(R"({"action":"fly"})"), "action");
  EXPECT_EQ(task(R"({"action":"feedback","text":"ok","photo_sha256":"abc"})"), "photo_sha256");
  EXPECT_EQ(task(R"({"action":"read","text":"x"})"), "text");
  EXPECT_EQ(task(R"({"action":"feedback","text":"已到场","lon":120.1,"lat":30.2})"), "ok");
}

}  // namespace
}  // namespace lakeguard::incidents
