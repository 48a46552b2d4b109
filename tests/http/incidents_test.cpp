// Incident command through the real server, on SQLite and PostgreSQL: open (accident grade from
// risk's rule), activate a published plan at a level (tasks with deadlines and assignees), 一键通
// with a receipt per person (read once the person reads a task), the instruction states with 403
// and 409, level up/down and close, a timeline holding every event in order and the sitrep
// holding the timeline, the escalation pass, scope (a town officer sees only its town's
// incidents), and 422 naming the field with nothing written. Expectations from issue 11.

#include <gtest/gtest.h>

#include <atomic>

#include "fixture.h"

namespace lakeguard::testing {
namespace {

namespace json = boost::json;

class Incidents : public ::testing::TestWithParam<std::string> {
 protected:
  TestServer& s() { return server(GetParam()); }
  int64_t user_id(const std::string& name) {
    return s().first_id("users", "username = '" + name + "'");
  }

  // A published district plan: 抢险组 filled by town_330106009, 保障组 by a unit only; level Ⅱ
  // with three tasks (one due at once), level Ⅲ with one.
  int64_t published_plan() {
    static std::atomic<int> n{0};
    int64_t town_user = user_id("town_330106009");
    json::object content{
        {"organisation",
         json::array{json::object{{"role", "抢险组"},
                                  {"units", json::array{"留下街道应急办"}},
                                  {"user_ids", json::array{town_user}}},
                     json::object{{"role", "保障组"}, {"units", json::array{"区城管局"}}}}},
        {"levels",
         json::array{
             json::object{
                 {"level", 2},
                 {"tasks", json::array{json::object{{"title", "排查积水点"},
                                                    {"responsible_role", "抢险组"},
                                                    {"deadline_offset_min", 30},
                                                    {"checklist", json::array{"低洼路段"}}},
                                       json::object{{"title", "转移人员"},
                                                    {"responsible_role", "抢险组"},
                                                    {"deadline_offset_min", 60}},
                                       json::object{{"title", "调运物资"},
                                                    {"responsible_role", "保障组"},
                                                    {"deadline_offset_min", 0}}}}},
             json::object{{"level", 3},
                          {"tasks", json::array{json::object{{"title", "巡查"},
                                                             {"responsible_unit", "区水利局"},
                                                             {"deadline_offset_min", 120}}}}}}}};
    json::object body{{"title", "事件测试防汛预案 " + std::to_string(++n) + " " + GetParam()},
                      {"type", "自然灾害"},
                      {"sub_type", "防汛防台"},
                      {"level", "district"},
                      {"owner_unit", "区应急管理局"},
                      {"jurisdiction", "330106"},
                      {"content", content}};
    auto r = s().as_json("district", "POST", "/api/v1/plans", body);
    EXPECT_EQ(r.status, 201) << r.body;
    int64_t id = r.json().at("id").as_int64();
    for (auto [user, action] : {std::pair{"district", "submit"}, std::pair{"admin", "approve"},
                                std::pair{"district", "publish"}}) {
      auto a = s().as_json(user, "POST", "/api/v1/plans/" + std::to_string(id) + "/actions",
                           json::object{{"action", action}});
      EXPECT_EQ(a.status, 200) << action << ": " << a.body;
    }
    return id;
  }
  json::object open(const std::string& user, json::object body, int want = 201) {
    auto r = s().as_json(user, "POST", "/api/v1/incidents", body);
    EXPECT_EQ(r.status, want) << r.body;
    return r.status == want && want == 201 ? r.json().as_object() : json::object{};
  }
  json::object flood(const std::string& town = "330106009") {
    return json::object{{"title", "留下街道内涝 " + GetParam()},
                        {"type", "防汛防台"},
                        {"town_code", town},
                        {"lon", 120.05},
                        {"lat", 30.25},
                        {"location", "留下老街"},
                        {"deaths", 3},
                        {"response_level", 3}};
  }
  HttpResponse task_act(const std::string& user, int64_t task, json::object body) {
    return s().as_json(user, "POST", "/api/v1/incident-tasks/" + std::to_string(task) + "/actions",
                       body);
  }
  json::object get(const std::string& user, int64_t id) {
    auto r = s().as("district", "GET", "/api/v1/incidents/" + std::to_string(id));
    EXPECT_EQ(r.status, 200) << r.body;
    (void)user;
    return r.json().as_object();
  }
  int64_t written() {
    return s().count("incidents") + s().count("incident_events") + s().count("incident_tasks") +
           s().count("incident_activations") + s().count("incident_receipts");
  }
};

TEST_P(Incidents, OpenActivateNotifyAndTrackTasksToDoneWithATimelineAndASitrep) {
  int64_t plan = published_plan();
  auto inc = open("town_330106009", flood());
  int64_t id = inc.at("id").as_int64();
  EXPECT_EQ(inc.at("accident_grade").as_string(), "较大");  // 493号令 第三条: 3 deaths
  EXPECT_EQ(inc.at("status").as_string(), "open");
  std::string base = "/api/v1/incidents/" + std::to_string(id);

  auto act = s().as_json("town_330106009", "POST", base + "/activations",
                         json::object{{"plan_id", plan}, {"level", 2}});
  ASSERT_EQ(act.status, 201) << act.body;
  const auto& tasks = act.json().at("tasks").as_array();
  ASSERT_EQ(tasks.size(), 3u);
  int64_t town_user = user_id("town_330106009");
  EXPECT_EQ(tasks[0].at("assignee_id").as_int64(), town_user);
  EXPECT_EQ(tasks[0].at("unit").as_string(), "留下街道应急办");
  EXPECT_TRUE(tasks[2].at("assignee_id").is_null());
  EXPECT_EQ(tasks[2].at("unit").as_string(), "区城管局");
  for (const auto& t : tasks) EXPECT_EQ(t.at("state").as_string(), "issued");
  // Deadline = activation time + offset (ISO strings: compare via the fixed offsets' order).
  EXPECT_LT(tasks[2].at("deadline").as_string(), tasks[0].at("deadline").as_string());
  EXPECT_LT(tasks[0].at("deadline").as_string(), tasks[1].at("deadline").as_string());
  int64_t activation = act.json().at("id").as_int64();
  int64_t t0 = tasks[0].at("id").as_int64(), t1 = tasks[1].at("id").as_int64(),
          t2 = tasks[2].at("id").as_int64();

  // 一键通: one receipt per responsible person; a second call reaches nobody new.
  std::string notify = base + "/activations/" + std::to_string(activation) + "/notify";
  auto n1 = s().as("town_330106009", "POST", notify);
  ASSERT_EQ(n1.status, 200) << n1.body;
  EXPECT_EQ(n1.json().at("sent").as_int64(), 1);
  ASSERT_EQ(n1.json().at("receipts").as_array().size(), 1u);
  EXPECT_EQ(n1.json().at("receipts").as_array()[0].at("status").as_string(), "sent");
  EXPECT_EQ(n1.json().at("receipts").as_array()[0].at("user_id").as_int64(), town_user);
  auto n2 = s().as("town_330106009", "POST", notify);
  EXPECT_EQ(n2.json().at("sent").as_int64(), 0) << n2.body;

  // The assignee's phone: its tasks.
  auto mine = s().as("town_330106009", "GET", "/api/v1/incident-tasks");
  ASSERT_EQ(mine.status, 200) << mine.body;
  bool listed = false;
  for (const auto& t : mine.json().at("items").as_array())
    listed = listed || t.at("id").as_int64() == t0;
  EXPECT_TRUE(listed);

  // issued → read → accepted → feedback → done, by the assignee.
  EXPECT_EQ(task_act("town_330106009", t0, {{"action", "accept"}}).status, 409);
  EXPECT_EQ(task_act("district", t0, {{"action", "read"}}).status, 403);  // not the assignee
  EXPECT_EQ(task_act("viewer", t0, {{"action", "read"}}).status, 403);
  auto r = task_act("town_330106009", t0, {{"action", "read"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("state").as_string(), "read");
  EXPECT_EQ(task_act("town_330106009", t0, {{"action", "accept"}}).json().at("state"), "accepted");
  r = task_act("town_330106009", t0,
               {{"action", "feedback"},
                {"text", "已排查 5 处积水点"},
                {"lon", 120.06},
                {"lat", 30.26},
                {"photo_sha256", std::string(64, 'a')}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("feedback_text").as_string(), "已排查 5 处积水点");
  EXPECT_EQ(r.json().at("feedback_photo").as_string(), std::string(64, 'a'));
  r = task_act("district", t0, {{"action", "done"}});  // a commander closes it
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("state").as_string(), "done");
  r = task_act("town_330106009", t0, {{"action", "feedback"}, {"text", "x"}});
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.body.find("done"), std::string::npos) << r.body;
  // Rejected with a reason; 422 without one.
  r = task_act("town_330106009", t1, {{"action", "reject"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json().at("error").at("field").as_string(), "reason");
  r = task_act("town_330106009", t1, {{"action", "reject"}, {"reason", "人员不足，请调派"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("reject_reason").as_string(), "人员不足，请调派");
  // A task of a unit only: an officer commanding the incident acts for the unit.
  EXPECT_EQ(task_act("district", t2, {{"action", "read"}}).status, 200);

  auto detail = get("district", id);
  const auto& receipts = detail.at("receipts").as_array();
  ASSERT_EQ(receipts.size(), 1u);
  EXPECT_EQ(receipts[0].at("status").as_string(), "read");  // the person read a task

  // Level up and down, a note, close; then 409.
  std::string actions = base + "/actions";
  EXPECT_EQ(s().as_json("town_330106009", "POST", actions, json::object{{"action", "level_up"}})
                .json()
                .at("response_level"),
            2);
  EXPECT_EQ(s().as_json("town_330106009", "POST", actions,
                        json::object{{"action", "level_down"}, {"text", "雨势减弱"}})
                .json()
                .at("response_level"),
            3);
  EXPECT_EQ(s().as_json("town_330106009", "POST", actions,
                        json::object{{"action", "note"}, {"text", "现场指挥部已设立"}})
                .status,
            200);
  EXPECT_EQ(s().as_json("viewer", "POST", actions, json::object{{"action", "close"}}).status, 403);
  EXPECT_EQ(s().as_json("town_330106009", "POST", actions, json::object{{"action", "close"}})
                .json()
                .at("status"),
            "closed");
  auto again = s().as_json("town_330106009", "POST", actions,
                           json::object{{"action", "note"}, {"text", "x"}});
  EXPECT_EQ(again.status, 409) << again.body;

  // The timeline: every event, in order.
  detail = get("district", id);
  std::vector<std::string> kinds;
  for (const auto& e : detail.at("timeline").as_array())
    kinds.emplace_back(e.at("kind").as_string());
  std::vector<std::string> want = {"created", "activation", "notify", "notify", "task",
                                   "task",    "task",       "task",   "task",   "task",
                                   "level",   "level",      "note",   "closed"};
  // The escalation pass (background, every minute) may have added entries for the task due at
  // once; the rest is exactly this, in this order.
  std::vector<std::string> without;
  for (const auto& k : kinds)
    if (k != "escalation") without.push_back(k);
  EXPECT_EQ(without, want);

  // The sitrep holds every timeline event's text, in order, as text and as a page.
  auto text = s().as("district", "GET", base + "/sitrep?format=text");
  ASSERT_EQ(text.status, 200) << text.body;
  auto html = s().as("district", "GET", base + "/sitrep");
  ASSERT_EQ(html.status, 200);
  EXPECT_NE(html.headers["content-type"].find("text/html"), std::string::npos);
  size_t last = 0;
  for (const auto& e : detail.at("timeline").as_array()) {
    std::string t(e.at("text").as_string());
    size_t at = text.body.find(t, last);
    EXPECT_NE(at, std::string::npos) << t;
    if (at != std::string::npos) last = at;
  }
  EXPECT_NE(html.body.find("留下老街"), std::string::npos);
  EXPECT_EQ(s().as("district", "GET", base + "/sitrep?format=pdf").status, 400);
}

TEST_P(Incidents, TheEscalationPassEscalatesATaskDueAndIsForDistrictOfficers) {
  int64_t plan = published_plan();
  int64_t id = open("district", flood()).at("id").as_int64();
  auto act =
      s().as_json("district", "POST", "/api/v1/incidents/" + std::to_string(id) + "/activations",
                  json::object{{"plan_id", plan}});  // the incident's level: Ⅲ
  ASSERT_EQ(act.status, 201) << act.body;
  ASSERT_EQ(act.json().at("tasks").as_array().size(), 1u);
  EXPECT_EQ(act.json().at("response_level").as_int64(), 3);
  auto lvl2 =
      s().as_json("district", "POST", "/api/v1/incidents/" + std::to_string(id) + "/activations",
                  json::object{{"plan_id", plan}, {"level", 2}});
  ASSERT_EQ(lvl2.status, 201);
  int64_t due_now = lvl2.json().at("tasks").as_array()[2].at("id").as_int64();  // offset 0
  EXPECT_EQ(s().as("town_330106009", "POST", "/api/v1/incidents/escalations/run").status, 403);
  auto run = s().as("district", "POST", "/api/v1/incidents/escalations/run");
  ASSERT_EQ(run.status, 200) << run.body;
  auto again = s().as("district", "POST", "/api/v1/incidents/escalations/run");
  EXPECT_EQ(again.json().at("recorded").as_int64(), 0) << again.body;
  auto detail = get("district", id);
  int64_t escalations = -1, events = 0;
  for (const auto& t : detail.at("tasks").as_array())
    if (t.at("id").as_int64() == due_now) escalations = t.at("escalations").as_int64();
  for (const auto& e : detail.at("timeline").as_array())
    events += e.at("kind").as_string() == "escalation";
  EXPECT_EQ(escalations, 1);  // stage 0, once, whichever pass recorded it
  EXPECT_EQ(events, 1);
}

TEST_P(Incidents, ATownOfficerSeesOnlyItsTownsIncidents) {
  int64_t here = open("district", flood("330106009")).at("id").as_int64();
  int64_t there = open("district", flood("330106004")).at("id").as_int64();
  auto list = s().as("town_330106009", "GET", "/api/v1/incidents?page_size=500");
  ASSERT_EQ(list.status, 200) << list.body;
  bool saw_here = false, saw_there = false;
  for (const auto& i : list.json().at("items").as_array()) {
    saw_here = saw_here || i.at("id").as_int64() == here;
    saw_there = saw_there || i.at("id").as_int64() == there;
    EXPECT_EQ(i.at("town_code").as_string(), "330106009");
  }
  EXPECT_TRUE(saw_here);
  EXPECT_FALSE(saw_there);
  EXPECT_EQ(s().as("town_330106009", "GET", "/api/v1/incidents/" + std::to_string(there)).status,
            404);
  EXPECT_EQ(
      s().as("town_330106009", "GET", "/api/v1/incidents/" + std::to_string(there) + "/sitrep")
          .status,
      404);
  EXPECT_EQ(s().as_json("town_330106009", "POST",
                        "/api/v1/incidents/" + std::to_string(there) + "/actions",
                        json::object{{"action", "note"}, {"text", "x"}})
                .status,
            404);
  // Opening one in another town: 422 naming the field; nothing written.
  int64_t before = written();
  auto r = s().as_json("town_330106009", "POST", "/api/v1/incidents", flood("330106004"));
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json().at("error").at("field").as_string(), "town_code");
  EXPECT_EQ(s().as_json("viewer", "POST", "/api/v1/incidents", flood()).status, 403);
  EXPECT_EQ(written(), before);
  // The district sees both.
  EXPECT_EQ(s().as("district", "GET", "/api/v1/incidents/" + std::to_string(there)).status, 200);
  // The accident grade is risk's rule (国务院令第493号 第三条): 50 serious injuries → 重大,
  // 1亿元 direct loss → 特别重大.
  auto b = flood();
  b["deaths"] = 0;
  b["serious_injuries"] = 50;
  EXPECT_EQ(open("district", b).at("accident_grade").as_string(), "重大");
  b["serious_injuries"] = 0;
  b["direct_loss_yuan"] = 100000000;
  EXPECT_EQ(open("district", b).at("accident_grade").as_string(), "特别重大");
}

TEST_P(Incidents, BadInputIs422NamingTheFieldWithNothingWritten) {
  int64_t before = written();
  auto field = [&](json::object b) {
    auto r = s().as_json("district", "POST", "/api/v1/incidents", b);
    EXPECT_EQ(r.status, 422) << r.body;
    return r.status == 422 ? std::string(r.json().at("error").at("field").as_string()) : "";
  };
  auto b = flood();
  b.erase("title");
  EXPECT_EQ(field(b), "title");
  b = flood();
  b["response_level"] = 0;
  EXPECT_EQ(field(b), "response_level");
  b = flood();
  b["deaths"] = -1;
  EXPECT_EQ(field(b), "deaths");
  b = flood();
  b["lat"] = 95;
  EXPECT_EQ(field(b), "lat");
  b = flood();
  b["town_code"] = "33010";
  EXPECT_EQ(field(b), "town_code");
  b = flood();
  b["severity"] = "high";
  EXPECT_EQ(field(b), "severity");
  int64_t id = open("district", flood()).at("id").as_int64();
  before = written();
  std::string base = "/api/v1/incidents/" + std::to_string(id);
  auto r = s().as_json("district", "POST", base + "/activations", json::object{{"plan_id", "x"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json().at("error").at("field").as_string(), "plan_id");
  r = s().as_json("district", "POST", base + "/activations",
                  json::object{{"plan_id", published_plan()}, {"level", 1}});
  EXPECT_EQ(r.status, 422) << r.body;  // the plan has no level Ⅰ tasks
  EXPECT_EQ(r.json().at("error").at("field").as_string(), "level");
  r = s().as_json("district", "POST", base + "/activations", json::object{{"plan_id", 999999999}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json().at("error").at("field").as_string(), "plan_id");
  r = s().as_json("district", "POST", base + "/actions", json::object{{"action", "explode"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json().at("error").at("field").as_string(), "action");
  r = s().as_json("district", "POST", base + "/actions", json::object{{"action", "level_down"}});
  EXPECT_EQ(r.status, 200);  // Ⅲ → Ⅳ
  r = s().as_json("district", "POST", base + "/actions", json::object{{"action", "level_down"}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(s().as("district", "GET", "/api/v1/incidents?status=maybe").status, 400);
  // The plans written by published_plan() are not incidents; one level change and its event.
  EXPECT_EQ(written(), before + 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, Incidents, ::testing::ValuesIn(backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lakeguard::testing
