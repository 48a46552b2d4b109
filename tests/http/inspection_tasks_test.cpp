// 掌上执法 through the API (issue 10 item 4), on SQLite and PostgreSQL: checklist templates,
// tasks ad hoc and from a revealed draw, the task states' 403/409, recording items with a photo
// (the hidden dangers' photo store) and a location, a failed item becoming a hidden danger with
// its fields pre-filled, penalties checked against the discretion benchmark, the printable
// record, and scope (towns, enterprises).

#include <gtest/gtest.h>

#include "fixture.h"

namespace lakeguard::testing {
namespace {

namespace json = boost::json;

const std::string kTasks = "/api/v1/inspections/tasks";
const std::string kTemplates = "/api/v1/inspections/templates";
// A 1×1 PNG (the same bytes hazards_test uses).
const std::string kPng(
    "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00"
    "\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\x0d\x49\x44\x41\x54\x78\xda\x63"
    "\x64\x60\xf8\x5f\x0f\x00\x02\x87\x01\x80\xeb\x47\xba\x92\x00\x00\x00\x00\x49\x45\x4e\x44"
    "\xae\x42\x60\x82",
    70);

class Tasks : public ::testing::TestWithParam<std::string> {
 protected:
  TestServer& s() { return server(GetParam()); }
  void SetUp() override {
    auto c = s().app().db().acquire();
    auto e = c->query("SELECT enterprise_id, username FROM users WHERE role = 'enterprise_user'")
                 .rows.at(0);
    own_enterprise_ = e.i64(0);
    enterprise_user_ = e.str(1);
    town_ = c->query("SELECT town_code FROM enterprises WHERE id = ?", {own_enterprise_})
                .rows.at(0)
                .str(0);
    other_town_ = town_ == "330106009" ? "330106002" : "330106009";
    other_enterprise_ = c->query("SELECT MIN(id) FROM enterprises WHERE town_code = ? AND id <> ?",
                                 {town_, own_enterprise_})
                            .rows.at(0)
                            .i64(0);
    inspector_ = c->query("SELECT id FROM users WHERE username = 'inspector'").rows.at(0).i64(0);
    template_ = c->query("SELECT MIN(id) FROM inspection_templates").rows.at(0).i64(0);
  }
  std::string task_path(int64_t id, const std::string& tail = "") {
    return kTasks + "/" + std::to_string(id) + tail;
  }
  json::object make_task(int64_t enterprise, const std::string& user = "district") {
    auto r = s().as_json(user, "POST", kTasks,
                         json::object{{"template_id", template_},
                                      {"enterprise_id", enterprise},
                                      {"inspector_ids", json::array{inspector_}}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json().as_object() : json::object{};
  }
  HttpResponse act(int64_t id, const std::string& action, const std::string& user = "inspector") {
    json::object body{{"action", action}};
    if (action == "cancel") body["reason"] = "企业停产";  // a cancel states its reason
    return s().as_json(user, "POST", task_path(id, "/actions"), body);
  }
  HttpResponse record(int64_t id, int seq, const json::object& body,
                      const std::string& user = "inspector") {
    return s().as_json(user, "PUT", task_path(id, "/items/" + std::to_string(seq)), body);
  }

  int64_t own_enterprise_ = 0, other_enterprise_ = 0, inspector_ = 0, template_ = 0;
  std::string enterprise_user_, town_, other_town_;
};

TEST_P(Tasks, TemplatesAreSeededAndDistrictOfficersKeepThem) {
  auto list = s().as("inspector", "GET", kTemplates);
  ASSERT_EQ(list.status, 200) << list.body;
  int demo = 0;
  for (const auto& t : list.json().at("items").as_array()) {
    if (!t.at("demo").as_bool()) continue;
    ++demo;
    for (const auto& it : t.at("items").as_array())
      EXPECT_FALSE(it.at("basis").as_string().empty());  // every item has its legal basis
  }
  EXPECT_EQ(demo, 3);
  json::object body{{"name", "加油站检查表"},
                    {"industry", "成品油"},
                    {"items", json::array{json::object{{"text", "防静电接地完好"},
                                                       {"basis", "GB 50156-2021 第11章"}}}}};
  EXPECT_EQ(s().as_json("town_" + town_, "POST", kTemplates, body).status, 403);
  auto made = s().as_json("district", "POST", kTemplates, body);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_FALSE(made.json().at("demo").as_bool());
  std::string path = kTemplates + "/" + std::to_string(made.json().at("id").as_int64());
  body["items"].as_array().push_back(json::object{{"text", "灭火器配置"}, {"basis", "《消防法》"}});
  auto put = s().as_json("district", "PUT", path, body);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json().at("items").as_array().size(), 2u);
  // Bad shapes name the field and write nothing.
  int64_t before = s().count("inspection_templates");
  auto bad = s().as_json("district", "POST", kTemplates,
                         json::object{{"name", "x"}, {"industry", "y"}, {"items", json::array{}}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.error_field(), "items");
  bad = s().as_json(
      "district", "POST", kTemplates,
      json::object{
          {"name", "x"}, {"industry", "y"}, {"items", json::array{json::object{{"text", "t"}}}}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.error_field(), "items[0].basis");
  EXPECT_EQ(s().count("inspection_templates"), before);
  EXPECT_EQ(s().as("district", "DELETE", path).status, 204);
  EXPECT_EQ(s().as("district", "GET", path).status, 404);
  // A template a task uses stays.
  make_task(own_enterprise_);
  auto used = s().as("district", "DELETE", kTemplates + "/" + std::to_string(template_));
  EXPECT_EQ(used.status, 409) << used.body;
}

TEST_P(Tasks, RecordFindPenaliseCompleteAndPrint) {
  auto t = make_task(own_enterprise_);
  ASSERT_FALSE(t.empty());
  int64_t id = t.at("id").as_int64();
  EXPECT_EQ(t.at("status").as_string(), "assigned");
  size_t n = t.at("items").as_array().size();
  ASSERT_GE(n, 3u);

  // Nothing is recorded before the start; an inspector not assigned may not start it.
  auto early = record(id, 1, json::object{{"result", "pass"}});
  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_EQ(act(id, "start", "inspector_2").status, 403);
  EXPECT_EQ(act(id, "cancel", "inspector").status, 403);  // officers cancel
  EXPECT_EQ(act(id, "complete").status, 409);
  auto bogus = act(id, "reopen");
  EXPECT_EQ(bogus.status, 422);
  EXPECT_EQ(bogus.error_field(), "action");
  auto started = act(id, "start");
  ASSERT_EQ(started.status, 200) << started.body;
  EXPECT_EQ(started.json().at("status").as_string(), "in_progress");
  EXPECT_EQ(act(id, "start").status, 409);

  // Bad records name the field.
  struct Bad {
    json::object body;
    const char* field;
  } bads[] = {
      {{{"result", "ok"}}, "result"},
      {{{"result", "fail"}}, "note"},  // a failure says what was found
      {{{"result", "pass"}, {"lon", 200.0}, {"lat", 30.0}}, "lon"},
      {{{"result", "pass"}, {"lon", 120.0}}, "lat"},
      {{{"result", "pass"}, {"colour", "red"}}, "colour"},
  };
  for (const auto& b : bads) {
    auto r = record(id, 1, b.body);
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(r.error_field(), b.field) << r.body;
  }
  EXPECT_EQ(record(id, 99, json::object{{"result", "pass"}}).status, 404);

  // Item 1 fails, with a photo and where it was seen; the rest pass or do not apply.
  auto fail = record(id, 1,
                     json::object{{"result", "fail"},
                                  {"note", "安全管理人员证书过期"},
                                  {"lon", 120.1312},
                                  {"lat", 30.2595}});
  ASSERT_EQ(fail.status, 200) << fail.body;
  std::string photo_path = task_path(id, "/items/1/photo");
  auto not_image =
      s().as("inspector", "POST", photo_path, "just text", {{"Content-Type", "image/png"}});
  EXPECT_EQ(not_image.status, 415) << not_image.body;
  auto up = s().as("inspector", "POST", photo_path, kPng, {{"Content-Type", "image/png"}});
  ASSERT_EQ(up.status, 200) << up.body;
  EXPECT_EQ(up.json().at("items").as_array()[0].at("photo").as_string().size(), 64u);
  auto img = s().as("town_" + town_, "GET", photo_path);
  ASSERT_EQ(img.status, 200);
  EXPECT_EQ(img.body, kPng);
  EXPECT_EQ(s().as("town_" + other_town_, "GET", photo_path).status, 404);
  for (size_t i = 2; i <= n; ++i)
    ASSERT_EQ(
        record(id, static_cast<int>(i), json::object{{"result", i == n ? "na" : "pass"}}).status,
        200);

  // A passed item is no finding; the failed one becomes a hidden danger, pre-filled, once.
  EXPECT_EQ(
      s().as_json("inspector", "POST", task_path(id, "/items/2/hazard"), json::object{}).status,
      409);
  int64_t hazards_before = s().count("hazards");
  auto hz = s().as_json("inspector", "POST", task_path(id, "/items/1/hazard"),
                        json::object{{"category", "安全管理"}});
  ASSERT_EQ(hz.status, 201) << hz.body;
  const auto& h = hz.json().as_object();
  EXPECT_EQ(s().count("hazards"), hazards_before + 1);
  EXPECT_EQ(h.at("enterprise_id").as_int64(), own_enterprise_);
  EXPECT_EQ(h.at("source").as_string(), "inspection");
  EXPECT_EQ(h.at("status").as_string(), "reported");
  EXPECT_EQ(h.at("class").as_string(), "一般");
  EXPECT_EQ(h.at("category").as_string(), "安全管理");
  EXPECT_EQ(h.at("found_by").as_string(), "执法人员 1");
  std::string desc(h.at("description").as_string());
  EXPECT_NE(desc.find("安全管理人员证书过期"), std::string::npos) << desc;
  EXPECT_NE(desc.find(std::string(t.at("items").as_array()[0].at("text").as_string())),
            std::string::npos);
  EXPECT_NE(std::string(h.at("location").as_string()).find("120.131200,30.259500"),
            std::string::npos);
  int64_t hazard_id = h.at("id").as_int64();
  auto detail = s().as("district", "GET", "/api/v1/hazards/" + std::to_string(hazard_id));
  ASSERT_EQ(detail.status, 200);
  EXPECT_EQ(detail.json().at("photos").as_array().size(), 1u);  // the item's photo came along
  auto again = s().as_json("inspector", "POST", task_path(id, "/items/1/hazard"), json::object{});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.error_field(), "hazard_id");
  auto got = s().as("district", "GET", task_path(id));
  EXPECT_EQ(got.json().at("items").as_array()[0].at("hazard_id").as_int64(), hazard_id);

  // Penalties: the amount within the benchmark's range for the level.
  auto pen = [&](const char* violation, const char* level, int64_t amount) {
    return s().as_json("inspector", "POST", task_path(id, "/penalties"),
                       json::object{{"violation", violation},
                                    {"level", level},
                                    {"amount_yuan", amount},
                                    {"note", "首次发现"}});
  };
  int64_t pens = s().count("inspection_penalties");
  auto over = pen("training", "一般", 50001);
  EXPECT_EQ(over.status, 422);
  EXPECT_EQ(over.error_field(), "amount_yuan");
  EXPECT_EQ(pen("nope", "一般", 100).error_field(), "violation");
  EXPECT_EQ(pen("training", "特别", 100).error_field(), "level");
  EXPECT_EQ(s().count("inspection_penalties"), pens);
  auto ok = pen("training", "一般", 30000);
  ASSERT_EQ(ok.status, 201) << ok.body;
  const auto& p0 = ok.json().at("penalties").as_array()[0];
  EXPECT_NE(std::string(p0.at("basis").as_string()).find("第九十七条"), std::string::npos);

  auto done = act(id, "complete");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json().at("status").as_string(), "completed");
  EXPECT_EQ(act(id, "cancel", "district").status, 409);
  EXPECT_EQ(record(id, 1, json::object{{"result", "pass"}}).status, 409);

  auto report = s().as("town_" + town_, "GET", task_path(id, "/report"));
  ASSERT_EQ(report.status, 200);
  EXPECT_NE(report.body.find("现场检查记录"), std::string::npos);
  EXPECT_NE(report.body.find("不符合"), std::string::npos);
  EXPECT_NE(report.body.find("30000"), std::string::npos);
  EXPECT_NE(report.body.find(std::string(t.at("enterprise_name").as_string())), std::string::npos);
  EXPECT_EQ(s().as("town_" + other_town_, "GET", task_path(id, "/report")).status, 404);
}

TEST_P(Tasks, ScopeTownsAndEnterprises) {
  auto own = make_task(own_enterprise_);
  auto other = make_task(other_enterprise_);
  ASSERT_FALSE(own.empty());
  ASSERT_FALSE(other.empty());
  int64_t own_id = own.at("id").as_int64(), other_id = other.at("id").as_int64();
  // The enterprise user sees its own enterprise's task only, and changes nothing.
  EXPECT_EQ(s().as(enterprise_user_, "GET", task_path(own_id)).status, 200);
  EXPECT_EQ(s().as(enterprise_user_, "GET", task_path(other_id)).status, 404);
  auto list = s().as(enterprise_user_, "GET", kTasks + "?page_size=500");
  ASSERT_EQ(list.status, 200);
  for (const auto& it : list.json().at("items").as_array())
    EXPECT_EQ(it.at("enterprise_id").as_int64(), own_enterprise_);
  EXPECT_EQ(act(own_id, "start", enterprise_user_).status, 403);
  // Another town sees neither; its officer cannot create one for this town's enterprise.
  EXPECT_EQ(s().as("town_" + other_town_, "GET", task_path(own_id)).status, 404);
  auto cross = s().as_json("town_" + other_town_, "POST", kTasks,
                           json::object{{"template_id", template_},
                                        {"enterprise_id", own_enterprise_},
                                        {"inspector_ids", json::array{inspector_}}});
  EXPECT_EQ(cross.status, 422);
  EXPECT_EQ(cross.error_field(), "enterprise_id");
  // Only officers create tasks; inspectors must be inspectors.
  EXPECT_EQ(s().as_json("inspector", "POST", kTasks,
                        json::object{{"template_id", template_},
                                     {"enterprise_id", own_enterprise_},
                                     {"inspector_ids", json::array{inspector_}}})
                .status,
            403);
  auto not_inspector = s().as_json(
      "district", "POST", kTasks,
      json::object{{"template_id", template_},
                   {"enterprise_id", own_enterprise_},
                   {"inspector_ids", json::array{s().first_id("users", "username = 'viewer'")}}});
  EXPECT_EQ(not_inspector.status, 422);
  EXPECT_EQ(not_inspector.error_field(), "inspector_ids[0]");
  // The town's own officer sees and may cancel it.
  auto town = s().as("town_" + town_, "GET", task_path(own_id));
  EXPECT_EQ(town.status, 200);
  auto cancel = s().as_json("town_" + town_, "POST", task_path(own_id, "/actions"),
                            json::object{{"action", "cancel"}, {"reason", "企业停产"}});
  ASSERT_EQ(cancel.status, 200) << cancel.body;
  EXPECT_EQ(cancel.json().at("status").as_string(), "cancelled");
  EXPECT_EQ(act(own_id, "start").status, 409);
  EXPECT_EQ(s().as("", "GET", kTasks).status, 401);
}

TEST_P(Tasks, OneTaskPerDrawnEnterpriseWithTheDrawnInspectors) {
  auto d = s().as_json("district", "POST", "/api/v1/inspections/draws",
                       json::object{{"k", 2}, {"m", 2}});
  ASSERT_EQ(d.status, 201) << d.body;
  std::string draw = "/api/v1/inspections/draws/" + std::to_string(d.json().at("id").as_int64());
  auto early =
      s().as_json("district", "POST", draw + "/tasks", json::object{{"template_id", template_}});
  EXPECT_EQ(early.status, 409) << early.body;
  ASSERT_EQ(s().as_json("district", "POST", draw + "/witness",
                        json::object{{"name", "监督员"}, {"entropy", "任务测试"}})
                .status,
            200);
  auto rev = s().as("district", "POST", draw + "/reveal");
  ASSERT_EQ(rev.status, 200);
  auto made =
      s().as_json("district", "POST", draw + "/tasks", json::object{{"template_id", template_}});
  ASSERT_EQ(made.status, 201) << made.body;
  const auto& items = made.json().at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  const auto& sel_e = rev.json().at("selected_enterprises").as_array();
  const auto& sel_i = rev.json().at("selected_inspectors").as_array();
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(items[i].at("enterprise_id").as_int64(), sel_e[i].at("id").as_int64());
    EXPECT_EQ(items[i].at("inspectors").as_array().size(), 2u);
    EXPECT_EQ(items[i].at("inspectors").as_array()[0].at("id").as_int64(),
              sel_i[0].at("id").as_int64());
    EXPECT_EQ(items[i].at("draw_id").as_int64(), d.json().at("id").as_int64());
  }
  auto twice =
      s().as_json("district", "POST", draw + "/tasks", json::object{{"template_id", template_}});
  EXPECT_EQ(twice.status, 409);
  auto listed = s().as("district", "GET",
                       kTasks + "?draw_id=" + std::to_string(d.json().at("id").as_int64()));
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.json().at("total").as_int64(), 2);
  // The drawn inspector finds them in its own list.
  std::string who;
  {
    auto c = s().app().db().acquire();
    who = c->query("SELECT username FROM users WHERE id = ?", {sel_i[0].at("id").as_int64()})
              .rows.at(0)
              .str(0);
  }
  auto mine = s().as(who, "GET", kTasks + "?mine=true&page_size=500");
  ASSERT_EQ(mine.status, 200);
  int found = 0;
  for (const auto& it : mine.json().at("items").as_array())
    if (it.at("draw_id").is_int64() && it.at("draw_id").as_int64() == d.json().at("id").as_int64())
      ++found;
  EXPECT_EQ(found, 2);
  EXPECT_EQ(s().as("district", "GET", kTasks + "?status=done").status, 422);
}

// 一公开 of the outcome: a revealed draw on GET /public/inspections lists its completed
// inspections with counts and penalty decisions, never the notes or who recorded what; an open
// draw has no results, a draw's unfinished task is not shown.
TEST_P(Tasks, PublicRecordShowsCompletedResultsWithoutNotes) {
  auto d = s().as_json("district", "POST", "/api/v1/inspections/draws",
                       json::object{{"k", 2}, {"m", 1}});
  ASSERT_EQ(d.status, 201) << d.body;
  const int64_t draw_id = d.json().at("id").as_int64();
  std::string draw = "/api/v1/inspections/draws/" + std::to_string(draw_id);
  auto find_draw = [&](const json::value& page) -> json::object {
    for (const auto& it : page.at("items").as_array())
      if (it.at("id").as_int64() == draw_id) return it.as_object();
    return {};
  };
  auto before = s().as("", "GET", "/public/inspections?page_size=500");
  ASSERT_EQ(before.status, 200);
  EXPECT_FALSE(find_draw(before.json()).contains("results"));  // open: nothing to show yet

  ASSERT_EQ(s().as_json("district", "POST", draw + "/witness",
                        json::object{{"name", "监督员"}, {"entropy", "公开结果"}})
                .status,
            200);
  auto rev = s().as("district", "POST", draw + "/reveal");
  ASSERT_EQ(rev.status, 200);
  auto made =
      s().as_json("district", "POST", draw + "/tasks", json::object{{"template_id", template_}});
  ASSERT_EQ(made.status, 201) << made.body;
  const auto& tasks = made.json().at("items").as_array();
  ASSERT_EQ(tasks.size(), 2u);
  const int64_t id = tasks[0].at("id").as_int64();
  auto full = s().as("district", "GET", task_path(id));
  ASSERT_EQ(full.status, 200);
  const size_t n = full.json().at("items").as_array().size();
  ASSERT_GE(n, 2u);
  std::string who;
  {
    auto c = s().app().db().acquire();
    who = c->query("SELECT username FROM users WHERE id = ?",
                   {rev.json().at("selected_inspectors").as_array()[0].at("id").as_int64()})
              .rows.at(0)
              .str(0);
  }
  ASSERT_EQ(act(id, "start", who).status, 200);
  ASSERT_EQ(record(id, 1, json::object{{"result", "fail"}, {"note", "内部备注甲乙丙"}}, who).status,
            200);
  for (size_t i = 2; i <= n; ++i)
    ASSERT_EQ(record(id, static_cast<int>(i), json::object{{"result", "pass"}}, who).status, 200);
  ASSERT_EQ(s().as_json(who, "POST", task_path(id, "/items/1/hazard"), json::object{}).status, 201);
  ASSERT_EQ(s().as_json(who, "POST", task_path(id, "/penalties"),
                        json::object{{"violation", "training"},
                                     {"level", "一般"},
                                     {"amount_yuan", 30000},
                                     {"note", "处罚备注丁戊"}})
                .status,
            201);
  ASSERT_EQ(act(id, "complete", who).status, 200);

  auto pub = s().as("", "GET", "/public/inspections?page_size=500");
  ASSERT_EQ(pub.status, 200);
  auto o = find_draw(pub.json());
  ASSERT_TRUE(o.contains("results")) << pub.body;
  const auto& results = o.at("results").as_array();
  ASSERT_EQ(results.size(), 1u);  // the second task is not completed
  const auto& r = results[0].as_object();
  EXPECT_EQ(r.at("task_id").as_int64(), id);
  EXPECT_EQ(r.at("enterprise").at("id").as_int64(), tasks[0].at("enterprise_id").as_int64());
  EXPECT_EQ(r.at("enterprise").at("name").as_string(), tasks[0].at("enterprise_name").as_string());
  EXPECT_EQ(r.at("items").as_int64(), static_cast<int64_t>(n));
  EXPECT_EQ(r.at("failed").as_int64(), 1);
  EXPECT_EQ(r.at("hazards").as_int64(), 1);
  EXPECT_FALSE(r.at("completed_at").as_string().empty());
  EXPECT_EQ(r.at("inspectors").as_array().size(), 1u);
  ASSERT_EQ(r.at("penalties").as_array().size(), 1u);
  const auto& pen = r.at("penalties").as_array()[0].as_object();
  EXPECT_EQ(pen.at("amount_yuan").as_int64(), 30000);
  EXPECT_EQ(pen.at("level").as_string(), "一般");
  EXPECT_NE(std::string(pen.at("basis").as_string()).find("第九十七条"), std::string::npos);
  EXPECT_FALSE(pen.contains("decided_by"));
  EXPECT_EQ(pub.body.find("内部备注甲乙丙"), std::string::npos);
  EXPECT_EQ(pub.body.find("处罚备注丁戊"), std::string::npos);
  EXPECT_EQ(pub.body.find("recorded_by"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, Tasks, ::testing::ValuesIn(backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lakeguard::testing
