// Hidden dangers through the real server, on SQLite and PostgreSQL: the closed loop for 一般 and
// 重大, illegal actions (409 naming the state), scope (another town's hidden dangers are
// invisible: 404 and absent from lists), what an enterprise user may do, bad input (422 naming
// the field, nothing written), the overdue filter, statistics and the audit trail.
// Expectations come from issue 10 and docs/hazards.md, not from src/hazards/.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <map>

#include <fmt/format.h>
#include <openssl/evp.h>

#include "fixture.h"

namespace lakeguard::testing {
namespace {

namespace json = boost::json;

// Today in Asia/Shanghai (UTC+8, no daylight saving), plus `days`, as YYYY-MM-DD.
std::string shanghai_date(int days = 0) {
  auto now =
      std::chrono::system_clock::now() + std::chrono::hours(8) + std::chrono::hours(24 * days);
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

class Hazards : public ::testing::TestWithParam<std::string> {
 protected:
  TestServer& s() { return server(GetParam()); }

  void SetUp() override {
    auto c = s().app().db().acquire();
    auto e = c->query("SELECT enterprise_id, username FROM users WHERE role = 'enterprise_user'")
                 .rows.at(0);
    own_enterprise_ = e.i64(0);
    enterprise_user_ = e.str(1);
    auto place = c->query("SELECT town_code, community_code FROM enterprises WHERE id = ?",
                          {own_enterprise_})
                     .rows.at(0);
    town_ = place.str(0);
    town_user_ = "town_" + town_;
    other_town_ = town_ == "330106009" ? "330106002" : "330106009";
    other_town_user_ = "town_" + other_town_;
    other_enterprise_ =
        c->query("SELECT MIN(id) FROM enterprises WHERE town_code = ?", {other_town_})
            .rows.at(0)
            .i64(0);
    same_town_enterprise_ =
        c->query("SELECT MIN(id) FROM enterprises WHERE town_code = ? AND id <> ?",
                 {town_, own_enterprise_})
            .rows.at(0)
            .i64(0);
    community_ =
        c->query("SELECT scope_code FROM users WHERE role = 'community_officer'").rows.at(0).str(0);
    community_user_ = "community_" + community_;
  }

  HttpResponse report(const std::string& user, int64_t enterprise, const std::string& cls,
                      const std::string& source, json::object extra = {}) {
    static std::atomic<int> n{0};
    json::object body{{"enterprise_id", enterprise},
                      {"description", "测试隐患 " + std::to_string(++n) + " " + GetParam()},
                      {"class", cls},
                      {"source", source}};
    for (auto& kv : extra) body[kv.key()] = kv.value();
    return s().as_json(user, "POST", "/api/v1/hazards", body);
  }
  int64_t reported(const std::string& user, int64_t enterprise, const std::string& cls = "一般",
                   const std::string& source = "self_check") {
    auto r = report(user, enterprise, cls, source);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json().at("id").as_int64() : -1;
  }
  HttpResponse act(const std::string& user, int64_t id, json::object body,
                   std::vector<std::pair<std::string, std::string>> headers = {}) {
    return s().as(user, "POST", "/api/v1/hazards/" + std::to_string(id) + "/actions",
                  json::serialize(body), std::move(headers));
  }
  // Acts and expects 200 with the given new status.
  void step(const std::string& user, int64_t id, json::object body, const std::string& status) {
    auto r = act(user, id, body);
    ASSERT_EQ(r.status, 200) << user << " " << json::serialize(body) << ": " << r.body;
    EXPECT_EQ(r.json().at("status").as_string(), status);
  }
  HttpResponse get(const std::string& user, int64_t id) {
    return s().as(user, "GET", "/api/v1/hazards/" + std::to_string(id));
  }
  std::vector<int64_t> list_ids(const std::string& user, const std::string& query) {
    auto r = s().as(user, "GET", "/api/v1/hazards?page_size=500&" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<int64_t> ids;
    if (r.status != 200) return ids;
    for (const auto& it : r.json().at("items").as_array()) ids.push_back(it.at("id").as_int64());
    return ids;
  }
  static bool contains(const std::vector<int64_t>& v, int64_t id) {
    return std::find(v.begin(), v.end(), id) != v.end();
  }
  json::object plan(const std::string& deadline) {
    return json::object{
        {"action", "plan"},       {"measures", "更换储罐区泄漏报警装置并加装围堰"},
        {"funds_yuan", 186000.5}, {"responsible", "王主任"},
        {"deadline", deadline},   {"interim_measures", "停用 3 号储罐，专人每 2 小时巡检"}};
  }
  // Rows written for hazards so far (hazards, history, audit).
  int64_t written() {
    auto c = s().app().db().acquire();
    return s().count("hazards") + s().count("hazard_actions") +
           c->query("SELECT COUNT(*) FROM audit_log WHERE entity = 'hazards'").rows.at(0).i64(0);
  }

  int64_t own_enterprise_ = 0, other_enterprise_ = 0, same_town_enterprise_ = 0;
  std::string enterprise_user_, town_, town_user_, other_town_, other_town_user_, community_,
      community_user_;
};

TEST_P(Hazards, AGeneralHazardGoesFromReportToClosureAndEveryStepIsRecorded) {
  auto made = report(enterprise_user_, own_enterprise_, "一般", "self_check",
                     {{"location", "2 号仓库东侧"},
                      {"category", "消防安全"},
                      {"found_at", "2026-01-05T09:30:00+08:00"}});
  ASSERT_EQ(made.status, 201) << made.body;
  const auto& h = made.json().as_object();
  int64_t id = h.at("id").as_int64();
  EXPECT_EQ(made.headers.at("location"), "/api/v1/hazards/" + std::to_string(id));
  EXPECT_EQ(h.at("status").as_string(), "reported");
  EXPECT_EQ(h.at("class").as_string(), "一般");
  EXPECT_EQ(h.at("town_code").as_string(), town_) << "placed where its enterprise is";
  EXPECT_EQ(h.at("found_at").as_string(), "2026-01-05T01:30:00.000Z");
  EXPECT_TRUE(h.at("deadline").is_null());
  EXPECT_EQ(h.at("actions").as_array().size(), 1u);

  // The town confirms it: the deadline defaults to 30 calendar days from today (Shanghai).
  auto confirmed = act(town_user_, id, {{"action", "confirm"}});
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(confirmed.json().at("status").as_string(), "rectifying");
  EXPECT_EQ(confirmed.json().at("deadline").as_string(), shanghai_date(30));
  EXPECT_FALSE(confirmed.json().at("overdue").as_bool());
  step(enterprise_user_, id, {{"action", "submit"}, {"note", "通道已清理，增设禁止堆放标识"}},
       "submitted");
  step(town_user_, id, {{"action", "accept"}, {"note", "现场复查合格"}}, "closed");

  auto detail = get(enterprise_user_, id);
  ASSERT_EQ(detail.status, 200);
  const auto& history = detail.json().at("actions").as_array();
  ASSERT_EQ(history.size(), 4u);
  const char* expect[][4] = {{"report", "", "reported", ""},
                             {"confirm", "reported", "rectifying", ""},
                             {"submit", "rectifying", "submitted", ""},
                             {"accept", "submitted", "closed", ""}};
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(history[i].at("action").as_string(), expect[i][0]);
    if (i == 0)
      EXPECT_TRUE(history[i].at("from_status").is_null());
    else
      EXPECT_EQ(history[i].at("from_status").as_string(), expect[i][1]);
    EXPECT_EQ(history[i].at("to_status").as_string(), expect[i][2]);
    EXPECT_FALSE(history[i].at("at").as_string().empty());
  }
  EXPECT_EQ(history[0].at("actor").as_string(), enterprise_user_);
  EXPECT_EQ(history[1].at("actor").as_string(), town_user_);
  EXPECT_EQ(history[2].at("payload").at("note").as_string(), "通道已清理，增设禁止堆放标识");
  EXPECT_EQ(history[1].at("payload").at("deadline").as_string(), shanghai_date(30));
  EXPECT_FALSE(detail.json().at("closed_at").is_null());
  EXPECT_TRUE(detail.json().at("allowed_actions").as_array().empty())
      << "an enterprise user cannot reopen";

  // The platform audit has each step with its actor, action and before/after.
  auto audit =
      s().as("admin", "GET", "/api/v1/audit?entity=hazards&entity_id=" + std::to_string(id));
  ASSERT_EQ(audit.status, 200) << audit.body;
  const auto& entries = audit.json().at("items").as_array();
  ASSERT_EQ(entries.size(), 4u);
  // Newest first.
  EXPECT_EQ(entries[0].at("action").as_string(), "accept");
  EXPECT_EQ(entries[0].at("actor").as_string(), town_user_);
  EXPECT_EQ(entries[0].at("before").at("status").as_string(), "submitted");
  EXPECT_EQ(entries[0].at("after").at("status").as_string(), "closed");
  EXPECT_EQ(entries[3].at("action").as_string(), "create");
  EXPECT_EQ(entries[3].at("actor").as_string(), enterprise_user_);
}

TEST_P(Hazards, AMajorHazardNeedsAPlanAndTheDistrictToAcceptIt) {
  int64_t id = reported(town_user_, own_enterprise_, "重大", "inspection");
  auto no_plan = act(town_user_, id, {{"action", "confirm"}});
  EXPECT_EQ(no_plan.status, 409) << no_plan.body;
  EXPECT_EQ(no_plan.error_field(), "plan");
  // The enterprise attaches its remediation plan; the town confirms, and the deadline is the
  // plan's.
  std::string plan_deadline = shanghai_date(90);
  auto planned = act(enterprise_user_, id, plan(plan_deadline));
  ASSERT_EQ(planned.status, 200) << planned.body;
  EXPECT_EQ(planned.json().at("status").as_string(), "reported");
  EXPECT_EQ(planned.json().at("plan").at("funds_yuan").as_double(), 186000.5);
  step(town_user_, id, {{"action", "confirm"}}, "rectifying");
  EXPECT_EQ(get(town_user_, id).json().at("deadline").as_string(), plan_deadline);
  // A revised plan keeps the hazard's deadline.
  auto revised = plan(shanghai_date(120));
  step(enterprise_user_, id, revised, "rectifying");
  auto after_revision = get(town_user_, id);
  EXPECT_EQ(after_revision.json().at("deadline").as_string(), plan_deadline);
  EXPECT_EQ(after_revision.json().at("plan").at("deadline").as_string(), shanghai_date(120));

  step(enterprise_user_, id, {{"action", "submit"}, {"note", "围堰完工"}}, "submitted");
  // Only a district officer accepts (or rejects) a 重大 one.
  for (const char* a : {"accept", "reject"}) {
    json::object body{{"action", a}};
    if (std::string(a) == "reject") body["reason"] = "缺少检测报告";
    auto town = act(town_user_, id, body);
    EXPECT_EQ(town.status, 403) << a << ": " << town.body;
    EXPECT_EQ(town.error_field(), "class");
  }
  step("district", id, {{"action", "reject"}, {"reason", "缺少第三方检测报告"}}, "rectifying");
  step(enterprise_user_, id, {{"action", "submit"}, {"note", "已补检测报告"}}, "submitted");
  step("district", id, {{"action", "accept"}}, "closed");
  // Reopening is the district's too.
  auto town_reopen = act(town_user_, id, {{"action", "reopen"}, {"reason", "复查发现反弹"}});
  EXPECT_EQ(town_reopen.status, 403) << town_reopen.body;
  auto reopened = act("district", id, {{"action", "reopen"}, {"reason", "复查发现反弹"}});
  ASSERT_EQ(reopened.status, 200) << reopened.body;
  EXPECT_EQ(reopened.json().at("status").as_string(), "rectifying");
  EXPECT_EQ(reopened.json().at("deadline").as_string(), shanghai_date(30));
  EXPECT_TRUE(reopened.json().at("closed_at").is_null());
  // report, plan, confirm, plan (revised), submit, reject, submit, accept, reopen.
  EXPECT_EQ(reopened.json().at("actions").as_array().size(), 9u);
}

TEST_P(Hazards, ConfirmMayCorrectTheClass) {
  int64_t id = reported(town_user_, same_town_enterprise_, "重大", "report");
  auto r = act(town_user_, id, {{"action", "confirm"}, {"class", "一般"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("class").as_string(), "一般");
  EXPECT_EQ(r.json().at("actions").as_array().back().at("payload").at("class_from").as_string(),
            "重大");
  // Corrected up to 重大 without a plan: refused, nothing changes.
  int64_t other = reported(town_user_, same_town_enterprise_, "一般", "report");
  auto up = act(town_user_, other, {{"action", "confirm"}, {"class", "重大"}});
  EXPECT_EQ(up.status, 409);
  EXPECT_EQ(up.error_field(), "plan");
  EXPECT_EQ(get(town_user_, other).json().at("class").as_string(), "一般");
}

TEST_P(Hazards, AnIllegalActionIs409NamingTheCurrentStateAndWritesNothing) {
  int64_t id = reported(town_user_, same_town_enterprise_);
  int64_t before = written();
  auto submit = act(town_user_, id, {{"action", "submit"}, {"note", "x"}});
  EXPECT_EQ(submit.status, 409) << submit.body;
  EXPECT_EQ(submit.error_code(), "conflict");
  EXPECT_EQ(submit.error_field(), "action");
  EXPECT_NE(submit.body.find("reported"), std::string::npos) << submit.body;
  // In Chinese too, with the state's name.
  auto zh = act(town_user_, id, {{"action", "accept"}}, {{"Accept-Language", "zh-CN"}});
  EXPECT_EQ(zh.status, 409);
  EXPECT_NE(zh.body.find("reported"), std::string::npos);
  EXPECT_NE(zh.body.find("隐患"), std::string::npos) << zh.body;
  EXPECT_EQ(written(), before);
  EXPECT_EQ(get(town_user_, id).json().at("version").as_int64(), 1);

  step(town_user_, id, {{"action", "confirm"}}, "rectifying");
  auto again = act(town_user_, id, {{"action", "confirm"}});
  EXPECT_EQ(again.status, 409);
  EXPECT_NE(again.body.find("rectifying"), std::string::npos) << again.body;
  step(town_user_, id, {{"action", "submit"}, {"note", "代企业提交"}}, "submitted");
  step(town_user_, id, {{"action", "accept"}}, "closed");
  for (const char* a : {"confirm", "submit", "accept", "plan"}) {
    json::object body{{"action", a}};
    if (std::string(a) == "submit") body["note"] = "n";
    if (std::string(a) == "plan") body = plan(shanghai_date(10));
    auto r = act("district", id, body);
    EXPECT_EQ(r.status, 409) << a << ": " << r.body;
    EXPECT_NE(r.body.find("closed"), std::string::npos) << r.body;
  }
}

TEST_P(Hazards, AnotherTownsHazardsAreInvisible) {
  int64_t here = reported(town_user_, same_town_enterprise_);
  int64_t there = reported("district", other_enterprise_, "一般", "public");
  // Out of scope reads are 404, like the registry's.
  EXPECT_EQ(get(town_user_, there).status, 404);
  EXPECT_EQ(get(other_town_user_, here).status, 404);
  EXPECT_EQ(get(other_town_user_, there).status, 200);
  // And so are actions on them: nothing is revealed, nothing written.
  auto foreign = act(town_user_, there, {{"action", "confirm"}});
  EXPECT_EQ(foreign.status, 404) << foreign.body;
  EXPECT_EQ(get("district", there).json().at("status").as_string(), "reported");
  // Lists hold only the scope, and count only it.
  auto mine = list_ids(town_user_, "");
  EXPECT_TRUE(contains(mine, here));
  EXPECT_FALSE(contains(mine, there));
  auto asked = s().as(town_user_, "GET", "/api/v1/hazards?town=" + other_town_);
  ASSERT_EQ(asked.status, 200);
  EXPECT_EQ(asked.json().at("total").as_int64(), 0) << "filtering cannot widen the scope";
  auto all = list_ids("district", "");
  EXPECT_TRUE(contains(all, here));
  EXPECT_TRUE(contains(all, there));
  EXPECT_TRUE(contains(list_ids("district", "town=" + other_town_), there));
  EXPECT_FALSE(contains(list_ids("district", "town_code=" + other_town_), here));
  // A town officer cannot report for another town's enterprise (it cannot see it).
  auto r = report(town_user_, other_enterprise_, "一般", "report");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.error_field(), "enterprise_id");
  // Inspectors read the district's hidden dangers and report findings, but do not supervise.
  EXPECT_EQ(get("inspector", there).status, 200);
  int64_t found = reported("inspector", other_enterprise_, "一般", "inspection");
  EXPECT_EQ(act("inspector", found, {{"action", "confirm"}}).status, 403);
  // A viewer reads, and writes nothing.
  EXPECT_EQ(get("viewer", there).status, 200);
  EXPECT_EQ(report("viewer", other_enterprise_, "一般", "report").status, 403);
}

TEST_P(Hazards, ACommunityOfficerSeesItsCommunityAndOnlyReports) {
  // An enterprise of the officer's community (the demo may have none there).
  auto made = s().as_json(
      "admin", "POST", "/api/v1/enterprises",
      json::object{{"name", "村社隐患测试企业-" + GetParam()},
                   {"credit_code", credit_code_for(GetParam() == "sqlite" ? 31001 : 31002)},
                   {"scale", "小微"},
                   {"town_code", community_.substr(0, 9)},
                   {"community_code", community_},
                   {"lon", 120.12},
                   {"lat", 30.26}});
  ASSERT_EQ(made.status, 201) << made.body;
  int64_t ent = made.json().at("id").as_int64();
  int64_t id = reported(community_user_, ent, "一般", "report");
  EXPECT_EQ(get(community_user_, id).status, 200);
  EXPECT_EQ(act(community_user_, id, {{"action", "confirm"}}).status, 403);
  int64_t elsewhere = reported("district", other_enterprise_, "一般", "public");
  EXPECT_EQ(get(community_user_, elsewhere).status, 404);
  EXPECT_FALSE(contains(list_ids(community_user_, ""), elsewhere));
}

TEST_P(Hazards, AnEnterpriseUserActsOnlyOnItsOwnAndOnlyAsTheRectifyingParty) {
  // Its reports are self-checks.
  auto inspection = report(enterprise_user_, own_enterprise_, "一般", "inspection");
  EXPECT_EQ(inspection.status, 403) << inspection.body;
  EXPECT_EQ(inspection.error_field(), "source");
  // Another enterprise is not in its scope.
  auto other = report(enterprise_user_, same_town_enterprise_, "一般", "self_check");
  EXPECT_EQ(other.status, 422) << other.body;
  EXPECT_EQ(other.error_field(), "enterprise_id");
  int64_t theirs = reported(town_user_, same_town_enterprise_);
  EXPECT_EQ(get(enterprise_user_, theirs).status, 404);
  EXPECT_FALSE(contains(list_ids(enterprise_user_, ""), theirs));
  for (int64_t id : list_ids(enterprise_user_, ""))
    EXPECT_EQ(get("district", id).json().at("enterprise_id").as_int64(), own_enterprise_);

  // It may not confirm, accept, reject or reopen its own.
  int64_t own = reported(enterprise_user_, own_enterprise_);
  auto confirm = act(enterprise_user_, own, {{"action", "confirm"}});
  EXPECT_EQ(confirm.status, 403);
  EXPECT_EQ(confirm.error_field(), "action");
  step(town_user_, own, {{"action", "confirm"}}, "rectifying");
  step(enterprise_user_, own, {{"action", "submit"}, {"note", "已整改"}}, "submitted");
  EXPECT_EQ(act(enterprise_user_, own, {{"action", "accept"}}).status, 403);
  EXPECT_EQ(act(enterprise_user_, own, {{"action", "reject"}, {"reason", "r"}}).status, 403);

  // What /auth/me tells the console.
  auto me = s().as(enterprise_user_, "GET", "/api/v1/auth/me");
  const auto& perm = me.json().at("permissions").at("hazards");
  EXPECT_TRUE(perm.at("read").as_bool());
  EXPECT_TRUE(perm.at("create").as_bool());
  EXPECT_FALSE(perm.at("delete").as_bool());
  EXPECT_EQ(json::serialize(perm.at("actions")), R"(["plan","submit"])");
  EXPECT_EQ(json::serialize(perm.at("values").at("source")), R"(["self_check"])");
  auto viewer = s().as("viewer", "GET", "/api/v1/auth/me").json().at("permissions").at("hazards");
  EXPECT_FALSE(viewer.at("create").as_bool());
  EXPECT_FALSE(viewer.at("update").as_bool());
  auto district =
      s().as("district", "GET", "/api/v1/auth/me").json().at("permissions").at("hazards");
  EXPECT_EQ(district.at("actions").as_array().size(), 6u);
}

TEST_P(Hazards, BadInputIs422NamingTheFieldAndWritesNothing) {
  int64_t id = reported(town_user_, same_town_enterprise_);
  int64_t before = written();
  struct Case {
    std::string body, field;
  };
  std::string e = std::to_string(same_town_enterprise_);
  std::vector<Case> creates = {
      {R"({"description":"d","class":"一般","source":"report"})", "enterprise_id"},
      {R"({"enterprise_id":)" + e + R"(,"class":"一般","source":"report"})", "description"},
      {R"({"enterprise_id":)" + e + R"(,"description":"d","class":"较大","source":"report"})",
       "class"},
      {R"({"enterprise_id":)" + e + R"(,"description":"d","class":"一般","source":"rumour"})",
       "source"},
      {R"({"enterprise_id":)" + e +
           R"(,"description":"d","class":"一般","source":"report","status":"closed"})",
       "status"},
      {R"({"enterprise_id":)" + e +
           R"(,"description":"d","class":"一般","source":"report","found_at":"yesterday"})",
       "found_at"},
      {R"({"enterprise_id":)" + e +
           R"(,"description":"a\u0000b","class":"一般","source":"report"})",
       "description"},
      {R"({"enterprise_id":99999999,"description":"d","class":"一般","source":"report"})",
       "enterprise_id"},
  };
  for (const auto& c : creates) {
    auto r = s().as(town_user_, "POST", "/api/v1/hazards", c.body);
    EXPECT_EQ(r.status, 422) << c.body << ": " << r.body;
    EXPECT_EQ(r.error_code(), "validation_failed");
    EXPECT_EQ(r.error_field(), c.field) << c.body;
  }
  std::vector<Case> actions = {
      {R"({})", "action"},
      {R"({"action":"close"})", "action"},
      {R"({"action":"confirm","deadline":"2020-01-01"})", "deadline"},
      {R"({"action":"confirm","deadline":"31/12/2026"})", "deadline"},
      {R"({"action":"confirm","color":"red"})", "color"},
      {R"({"action":"reject"})", "reason"},
      {R"({"action":"plan","measures":"m"})", "funds_yuan"},
  };
  std::string path = "/api/v1/hazards/" + std::to_string(id) + "/actions";
  for (const auto& c : actions) {
    auto r = s().as(town_user_, "POST", path, c.body);
    EXPECT_EQ(r.status, 422) << c.body << ": " << r.body;
    EXPECT_EQ(r.error_field(), c.field) << c.body;
  }
  // An unknown action is 422 even on a hazard whose state allows nothing.
  EXPECT_EQ(s().as(town_user_, "POST", path, R"({"action":"archive"})").status, 422);
  // Not JSON, a bad query, a bad id.
  EXPECT_EQ(s().as(town_user_, "POST", path, "not json").status, 400);
  EXPECT_EQ(s().as(town_user_, "GET", "/api/v1/hazards?status=open").status, 400);
  EXPECT_EQ(s().as(town_user_, "GET", "/api/v1/hazards?overdue=yes").error_field(), "overdue");
  EXPECT_EQ(s().as(town_user_, "GET", "/api/v1/hazards/abc").status, 404);
  EXPECT_EQ(written(), before);
  EXPECT_EQ(get(town_user_, id).json().at("status").as_string(), "reported");
}

TEST_P(Hazards, AStaleIfMatchIsAConflictAndARepeatedKeyIsReplayed) {
  int64_t id = reported(town_user_, same_town_enterprise_);
  auto stale = act(town_user_, id, {{"action", "confirm"}}, {{"If-Match", "\"7\""}});
  EXPECT_EQ(stale.status, 409) << stale.body;
  auto fresh = act(town_user_, id, {{"action", "confirm"}}, {{"If-Match", "\"1\""}});
  ASSERT_EQ(fresh.status, 200) << fresh.body;
  EXPECT_EQ(fresh.headers.at("etag"), "\"2\"");
  std::string key = "hazard-submit-" + GetParam() + "-" + std::to_string(id);
  auto first =
      act(town_user_, id, {{"action", "submit"}, {"note", "n"}}, {{"Idempotency-Key", key}});
  ASSERT_EQ(first.status, 200);
  auto again =
      act(town_user_, id, {{"action", "submit"}, {"note", "n"}}, {{"Idempotency-Key", key}});
  EXPECT_EQ(again.status, 200) << "the first answer, not a 409: " << again.body;
  EXPECT_EQ(again.headers.count("idempotent-replayed"), 1u);
  EXPECT_EQ(get(town_user_, id).json().at("actions").as_array().size(), 3u);
}

TEST_P(Hazards, TheOverdueFilterFindsOpenHazardsPastTheirDeadline) {
  // No test clock reaches the server: the deadline of a confirmed hazard is moved into the past
  // in the store, the way time passing would leave it.
  int64_t late = reported(town_user_, same_town_enterprise_);
  int64_t in_time = reported(town_user_, same_town_enterprise_);
  int64_t late_but_closed = reported(town_user_, same_town_enterprise_);
  for (int64_t id : {late, in_time, late_but_closed})
    step(town_user_, id, {{"action", "confirm"}}, "rectifying");
  step(town_user_, late_but_closed, {{"action", "submit"}, {"note", "n"}}, "submitted");
  step(town_user_, late_but_closed, {{"action", "accept"}}, "closed");
  {
    auto c = s().app().db().acquire();
    c->exec("UPDATE hazards SET deadline = ? WHERE id IN (?, ?)",
            {shanghai_date(-1), late, late_but_closed});
    c->exec("UPDATE hazards SET deadline = ? WHERE id = ?", {shanghai_date(0), in_time});
  }
  auto overdue = list_ids(town_user_, "overdue=true");
  EXPECT_TRUE(contains(overdue, late));
  EXPECT_FALSE(contains(overdue, in_time)) << "the deadline day itself is still in time";
  EXPECT_FALSE(contains(overdue, late_but_closed)) << "closed is not overdue";
  auto not_overdue = list_ids(town_user_, "overdue=false");
  EXPECT_FALSE(contains(not_overdue, late));
  EXPECT_TRUE(contains(not_overdue, in_time));
  EXPECT_TRUE(contains(not_overdue, late_but_closed));
  EXPECT_TRUE(get(town_user_, late).json().at("overdue").as_bool());
  EXPECT_FALSE(get(town_user_, in_time).json().at("overdue").as_bool());
  // Submitted evidence that is not yet accepted is still overdue.
  step(town_user_, late, {{"action", "submit"}, {"note", "n"}}, "submitted");
  EXPECT_TRUE(contains(list_ids(town_user_, "overdue=true&status=submitted"), late));
  // Not visible to another town, even when it asks for overdue ones.
  EXPECT_FALSE(contains(list_ids(other_town_user_, "overdue=true"), late));
  // Sorted by deadline, undated (unconfirmed) ones last.
  int64_t undated = reported(town_user_, same_town_enterprise_);
  auto by_deadline =
      list_ids(town_user_, "sort=deadline&enterprise_id=" + std::to_string(same_town_enterprise_));
  ASSERT_FALSE(by_deadline.empty());
  EXPECT_EQ(by_deadline.back(), undated);
}

TEST_P(Hazards, StatisticsCountTheCallersScope) {
  auto before = s().as(town_user_, "GET", "/api/v1/hazards/stats");
  ASSERT_EQ(before.status, 200) << before.body;
  int64_t general = reported(town_user_, same_town_enterprise_);
  step(town_user_, general, {{"action", "confirm"}}, "rectifying");
  step(town_user_, general, {{"action", "submit"}, {"note", "n"}}, "submitted");
  step(town_user_, general, {{"action", "accept"}}, "closed");
  reported(town_user_, same_town_enterprise_, "重大", "report");
  reported("district", other_enterprise_, "重大", "public");
  auto after = s().as(town_user_, "GET", "/api/v1/hazards/stats");
  ASSERT_EQ(after.status, 200);
  const auto& b = before.json();
  const auto& a = after.json();
  auto delta = [&](std::string_view group, std::string_view key) {
    auto value = [&](const json::value& v) -> int64_t {
      auto g = v.at(group).as_object().if_contains(key);
      return g ? g->as_int64() : 0;
    };
    return value(a) - value(b);
  };
  EXPECT_EQ(a.at("total").as_int64() - b.at("total").as_int64(), 2);
  EXPECT_EQ(delta("by_class", "一般"), 1);
  EXPECT_EQ(delta("by_class", "重大"), 1) << "the other town's 重大 is not counted";
  EXPECT_EQ(delta("by_status", "closed"), 1);
  EXPECT_EQ(delta("by_status", "reported"), 1);
  EXPECT_EQ(delta("by_town", town_), 2);
  EXPECT_FALSE(a.at("by_town").as_object().contains(other_town_));
  EXPECT_EQ(a.at("closed").as_int64() - b.at("closed").as_int64(), 1);
  EXPECT_GE(a.at("on_time_rate").as_double(), 0.0);
  EXPECT_LE(a.at("on_time_rate").as_double(), 1.0);
  EXPECT_GE(a.at("mean_days_to_close").as_double(), 0.0);
  EXPECT_EQ(s().as(town_user_, "GET", "/api/v1/hazards/stats?page=2").status, 400);
}

// Small real images (1×1 pixels), as base64, decoded by the test's own decoder.
std::string from_base64(std::string_view in) {
  const std::string abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int val = 0, bits = -8;
  for (char ch : in) {
    auto pos = abc.find(ch);
    if (pos == std::string::npos) break;  // '=' padding
    val = (val << 6) + static_cast<int>(pos);
    bits += 6;
    if (bits >= 0) {
      out.push_back(static_cast<char>((val >> bits) & 0xFF));
      bits -= 8;
    }
  }
  return out;
}
const std::string kPng = from_base64(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg"
    "==");
const std::string kJpeg = from_base64(
    "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////"
    "////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=");
const std::string kWebp = from_base64("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");

std::string sha256_of(const std::string& bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &n, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned i = 0; i < n; ++i) hex += fmt::format("{:02x}", md[i]);
  return hex;
}

TEST_P(Hazards, PhotosAreJpegPngOrWebpByTheirBytesStoredByHashAndScoped) {
  int64_t id = reported("district", own_enterprise_, "一般", "inspection");
  std::string path = "/api/v1/hazards/" + std::to_string(id) + "/photos";
  auto up = [&](const std::string& user, const std::string& type, const std::string& bytes) {
    return s().as(user, "POST", path, bytes, {{"Content-Type", type}});
  };
  std::vector<std::string> hashes;
  for (auto [type, bytes] : {std::pair{"image/jpeg", kJpeg}, std::pair{"image/png", kPng},
                             std::pair{"image/webp", kWebp}}) {
    auto r = up(town_user_, type, bytes);
    ASSERT_EQ(r.status, 201) << type << ": " << r.body;
    EXPECT_EQ(r.json().at("hash").as_string(), sha256_of(bytes));
    EXPECT_EQ(r.json().at("media_type").as_string(), type);
    EXPECT_EQ(r.json().at("purpose").as_string(), "finding");
    hashes.push_back(sha256_of(bytes));
  }
  // The bytes decide, not the declared type; the same bytes again are the same photo.
  auto again = up("district", "application/octet-stream", kPng);
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json().at("hash").as_string(), hashes[1]);
  int64_t photos = s().count("hazard_photos");
  // A text file called a JPEG, a real PNG declared as text, and a GIF: 415, nothing stored.
  auto text = up("district", "image/jpeg", "not a picture, just photo.jpg renamed");
  EXPECT_EQ(text.status, 415) << text.body;
  EXPECT_EQ(text.json().at("error").at("code").as_string(), "unsupported_media_type");
  EXPECT_EQ(up("district", "text/plain", kPng).status, 415);
  EXPECT_EQ(up("district", "image/gif", std::string("GIF89a\1\0\1\0", 10)).status, 415);
  // Over the limit: 413 (here the server's body limit of the test server, 1 MiB).
  auto big =
      up("district", "image/jpeg", std::string("\xFF\xD8\xFF\xE0", 4) + std::string(1500000, 'x'));
  EXPECT_EQ(big.status, 413) << big.body.substr(0, 200);
  EXPECT_EQ(s().count("hazard_photos"), photos);

  // Read back by hash, in scope only.
  auto img = s().as(town_user_, "GET", "/api/v1/hazards/photos/" + hashes[0]);
  ASSERT_EQ(img.status, 200);
  EXPECT_EQ(img.body, kJpeg);
  EXPECT_EQ(img.headers["content-type"], "image/jpeg");
  EXPECT_EQ(s().as(other_town_user_, "GET", "/api/v1/hazards/photos/" + hashes[0]).status, 404);
  EXPECT_EQ(s().as(town_user_, "GET", "/api/v1/hazards/photos/" + std::string(64, 'a')).status,
            404);
  EXPECT_EQ(s().as(town_user_, "GET", "/api/v1/hazards/photos/nothex").status, 404);
  // Another town's officer cannot add to it either (it does not exist for them).
  EXPECT_EQ(up(other_town_user_, "image/png", kPng).status, 404);
  auto detail = get("district", id).json();
  ASSERT_EQ(detail.at("photos").as_array().size(), 3u);

  // Evidence while rectifying, named by submit; a hash not attached to it is refused.
  step("district", id, {{"action", "confirm"}}, "rectifying");
  std::string evidence = kPng + "evidence";  // still a PNG by its bytes, other content
  auto ev = up(enterprise_user_, "image/png", evidence);
  ASSERT_EQ(ev.status, 201) << ev.body;
  EXPECT_EQ(ev.json().at("purpose").as_string(), "evidence");
  auto unknown = act("district", id,
                     {{"action", "submit"}, {"note", "已整改"}, {"photos", {sha256_of("nope")}}});
  EXPECT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_EQ(unknown.json().at("error").at("field").as_string(), "photos");
  auto bad = act("district", id, {{"action", "submit"}, {"note", "已整改"}, {"photos", {"x"}}});
  EXPECT_EQ(bad.status, 422);
  auto sub = act("district", id,
                 {{"action", "submit"}, {"note", "已整改"}, {"photos", {sha256_of(evidence)}}});
  ASSERT_EQ(sub.status, 200) << sub.body;
  auto last = sub.json().at("actions").as_array().back().as_object();
  EXPECT_EQ(last.at("payload").at("photos").as_array().at(0).as_string(), sha256_of(evidence));
  // Submitted: no more photos (409 naming the state).
  auto late = up("district", "image/png", kPng + "later");
  EXPECT_EQ(late.status, 409) << late.body;
}

TEST_P(Hazards, TheSchedulerRecordsRemindersAndSupervisionOrdersOnceAndListsThemInScope) {
  int64_t id = reported("district", own_enterprise_, "一般", "inspection");
  step("district", id, {{"action", "confirm"}}, "rectifying");
  {
    // Long overdue (as if the deadline had been set in January and the server down since).
    auto c = s().app().db().acquire();
    c->exec("UPDATE hazards SET deadline = '2026-01-05', deadline_set_at_ms = 0 WHERE id = ?",
            {id});
  }
  EXPECT_EQ(s().as(town_user_, "POST", "/api/v1/hazards/scheduler/run").status, 403);
  auto run = s().as("district", "POST", "/api/v1/hazards/scheduler/run");
  ASSERT_EQ(run.status, 200) << run.body;
  EXPECT_GE(run.json().at("recorded").as_int64(), 5);
  auto notices = get("district", id).json().at("notices").as_array();
  ASSERT_EQ(notices.size(), 5u) << json::serialize(notices);
  std::map<std::string, json::object> by;
  for (const auto& n : notices)
    by[std::string(n.at("kind").as_string()) + std::to_string(n.at("stage").as_int64())] =
        n.as_object();
  for (const char* r : {"reminder7", "reminder3", "reminder1"}) {
    ASSERT_TRUE(by.count(r)) << r;
    EXPECT_TRUE(by[r].at("superseded").as_bool()) << "owed before it was overdue, not sent";
    EXPECT_EQ(by[r].at("delivery").as_string(), "superseded");
    EXPECT_EQ(by[r].at("to_level").as_string(), "enterprise");
  }
  EXPECT_EQ(by["reminder7"].at("due_at").as_string(), "2025-12-29T01:00:00.000Z");
  EXPECT_EQ(by["supervision0"].at("to_level").as_string(), "town");
  EXPECT_EQ(by["supervision0"].at("to_code").as_string(), town_);
  EXPECT_EQ(by["supervision0"].at("due_at").as_string(), "2026-01-06T01:00:00.000Z");
  EXPECT_EQ(by["supervision1"].at("to_level").as_string(), "district");
  EXPECT_EQ(by["supervision1"].at("delivery").as_string(), "sent");
  EXPECT_TRUE(by["supervision1"].at("late").as_bool());
  // A second pass records nothing more for it.
  ASSERT_EQ(s().as("district", "POST", "/api/v1/hazards/scheduler/run").status, 200);
  EXPECT_EQ(get("district", id).json().at("notices").as_array().size(), 5u);

  auto sup_ids = [&](const std::string& user, const std::string& q) {
    auto r = s().as(user, "GET", "/api/v1/hazards/supervisions?page_size=500&" + q);
    EXPECT_EQ(r.status, 200) << r.body;
    std::map<int64_t, json::object> out;
    if (r.status == 200)
      for (const auto& it : r.json().at("items").as_array())
        out[it.at("id").as_int64()] = it.as_object();
    return out;
  };
  auto mine = sup_ids(town_user_, "");
  ASSERT_TRUE(mine.count(id));
  EXPECT_EQ(mine[id].at("escalations").as_int64(), 1);
  EXPECT_EQ(mine[id].at("supervised_by_level").as_string(), "district");
  EXPECT_GE(mine[id].at("days_overdue").as_int64(), 300);
  EXPECT_FALSE(sup_ids(other_town_user_, "").count(id)) << "another town's: not listed";
  EXPECT_FALSE(sup_ids("district", "town=" + other_town_).count(id));
  EXPECT_TRUE(sup_ids("district", "town=" + town_).count(id));
  EXPECT_FALSE(sup_ids("district", "status=closed").count(id));
  EXPECT_EQ(s().as("district", "GET", "/api/v1/hazards/supervisions?status=late").status, 400);
  // Closed: no longer an open order, and no further notice.
  step("district", id, {{"action", "submit"}, {"note", "已整改"}}, "submitted");
  step("district", id, {{"action", "accept"}}, "closed");
  EXPECT_FALSE(sup_ids("district", "").count(id));
  EXPECT_TRUE(sup_ids("district", "status=closed").count(id));
  ASSERT_EQ(s().as("district", "POST", "/api/v1/hazards/scheduler/run").status, 200);
  EXPECT_EQ(get("district", id).json().at("notices").as_array().size(), 5u);
}

INSTANTIATE_TEST_SUITE_P(Backends, Hazards, ::testing::ValuesIn(backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lakeguard::testing
