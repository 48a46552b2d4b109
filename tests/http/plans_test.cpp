// The plan centre through the real server, on SQLite and PostgreSQL: the workflow from a template
// to a published edition (approval by someone other than the author, 409 naming the state, the
// edition in force while a revision is drafted), matching with reasons over the demo samples and
// the caller's scope, 422 naming the field path with nothing written, 403 and scope (a town sees
// the district's plans and its own, not another town's), If-Match, and attachments (PDF/DOCX by
// their bytes; 413 and 415). Expectations come from issue 11 and docs/plans.md.

#include <gtest/gtest.h>

#include <atomic>

#include "fixture.h"

namespace lakeguard::testing {
namespace {

namespace json = boost::json;

class Plans : public ::testing::TestWithParam<std::string> {
 protected:
  TestServer& s() { return server(GetParam()); }

  json::object flood_template() {
    auto r = s().as("district", "GET", "/api/v1/plans/templates");
    EXPECT_EQ(r.status, 200) << r.body;
    for (const auto& t : r.json().at("items").as_array())
      if (t.at("key").as_string() == "flood_typhoon") {
        json::object o = t.as_object();
        o.erase("key");
        return o;
      }
    ADD_FAILURE() << "no flood_typhoon template";
    return {};
  }
  // A plan body from the flood template with a unique title at `level` / `jurisdiction`.
  json::object body(const std::string& level, const std::string& jurisdiction) {
    static std::atomic<int> n{0};
    json::object b = flood_template();
    b["title"] = "测试防汛预案 " + std::to_string(++n) + " " + GetParam();
    b["level"] = level;
    b["jurisdiction"] = jurisdiction;
    return b;
  }
  int64_t created(const std::string& user, const json::object& b) {
    auto r = s().as_json(user, "POST", "/api/v1/plans", b);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json().at("id").as_int64() : -1;
  }
  HttpResponse act(const std::string& user, int64_t id, const std::string& action,
                   std::vector<std::pair<std::string, std::string>> headers = {}) {
    return s().as(user, "POST", "/api/v1/plans/" + std::to_string(id) + "/actions",
                  json::serialize(json::object{{"action", action}}), std::move(headers));
  }
  void step(const std::string& user, int64_t id, const std::string& action,
            const std::string& status) {
    auto r = act(user, id, action);
    ASSERT_EQ(r.status, 200) << user << " " << action << ": " << r.body;
    EXPECT_EQ(r.json().at("status").as_string(), status);
  }
  std::vector<int64_t> list_ids(const std::string& user, const std::string& query) {
    auto r = s().as(user, "GET", "/api/v1/plans?page_size=500&" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<int64_t> ids;
    if (r.status != 200) return ids;
    for (const auto& it : r.json().at("items").as_array()) ids.push_back(it.at("id").as_int64());
    return ids;
  }
  static bool contains(const std::vector<int64_t>& v, int64_t id) {
    return std::find(v.begin(), v.end(), id) != v.end();
  }
  int64_t written() {
    auto c = s().app().db().acquire();
    return s().count("plans") + s().count("plan_versions") + s().count("plan_attachments") +
           c->query("SELECT COUNT(*) FROM audit_log WHERE entity LIKE 'plan%'").rows.at(0).i64(0);
  }
};

TEST_P(Plans, FromATemplateToAPublishedEditionWithAnApproverOtherThanTheAuthor) {
  int64_t id = created("district", body("district", "330106"));
  auto got = s().as("district", "GET", "/api/v1/plans/" + std::to_string(id));
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.json().at("status").as_string(), "draft");
  EXPECT_EQ(got.json().at("content").at("levels").as_array().size(), 4u);
  EXPECT_EQ(got.json().at("edition").as_int64(), 1);

  auto early = act("admin", id, "publish");
  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_NE(early.body.find("draft"), std::string::npos) << early.body;
  step("district", id, "submit", "review");
  auto self = act("district", id, "approve");
  EXPECT_EQ(self.status, 403) << self.body;
  EXPECT_EQ(self.json().at("error").at("field").as_string(), "approver");
  auto unapproved = act("admin", id, "publish");
  EXPECT_EQ(unapproved.status, 409) << unapproved.body;
  EXPECT_EQ(unapproved.json().at("error").at("field").as_string(), "approver");
  step("admin", id, "approve", "review");
  step("district", id, "publish", "published");
  got = s().as("district", "GET", "/api/v1/plans/" + std::to_string(id));
  EXPECT_EQ(got.json().at("in_force_edition").as_int64(), 1);
  EXPECT_EQ(got.json().at("approver").as_string(), "admin");
  ASSERT_EQ(got.json().at("versions").as_array().size(), 1u);
  EXPECT_FALSE(got.json().at("revision_due").is_null());

  // A published plan is not edited: it is revised into a new draft edition.
  auto patch = s().as_json("district", "PATCH", "/api/v1/plans/" + std::to_string(id),
                           json::object{{"summary", "改"}});
  EXPECT_EQ(patch.status, 409) << patch.body;
  EXPECT_NE(patch.body.find("published"), std::string::npos) << patch.body;
  step("district", id, "revise", "draft");
  got = s().as("district", "GET", "/api/v1/plans/" + std::to_string(id));
  EXPECT_EQ(got.json().at("edition").as_int64(), 2);
  EXPECT_EQ(got.json().at("in_force_edition").as_int64(), 1);  // still in force
  EXPECT_TRUE(got.json().at("approver").is_null());
  auto m = s().as_json("district", "POST", "/api/v1/plans/match",
                       json::object{{"keywords", json::array{got.json().at("title")}}});
  ASSERT_EQ(m.status, 200) << m.body;
  bool found = false;
  for (const auto& it : m.json().at("items").as_array())
    found = found || it.at("plan_id").as_int64() == id;
  EXPECT_TRUE(found) << "the edition in force is matched while edition 2 is drafted: " << m.body;
  auto retire = act("district", id, "retire");
  EXPECT_EQ(retire.status, 409) << retire.body;
  // The audit trail holds every step.
  auto c = s().app().db().acquire();
  EXPECT_EQ(c->query("SELECT COUNT(*) FROM audit_log WHERE entity = 'plans' AND entity_id = ?",
                     {std::to_string(id)})
                .rows.at(0)
                .i64(0),
            5);  // create, submit, approve, publish, revise
}

TEST_P(Plans, MatchingRanksTheDemoSamplesWithReasonsInTheCallersScope) {
  json::object ev{{"type", "防汛防台"},
                  {"indicators", json::object{{"rain_3h_mm", 120}}},
                  {"town", "330106009"}};
  auto r = s().as_json("town_330106009", "POST", "/api/v1/plans/match", ev);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& items = r.json().at("items").as_array();
  int town_at = -1, district_at = -1;
  for (size_t i = 0; i < items.size(); ++i) {
    std::string title(items[i].at("title").as_string());
    if (title == "留下街道防汛防台应急预案（演示样例）") {
      town_at = static_cast<int>(i);
      json::array want{"类型一致: 防汛防台", "辖区一致: 镇街 330106009",
                       "触发条件: 3小时降雨≥100mm 满足 Ⅱ级"};
      EXPECT_EQ(items[i].at("reasons").as_array(), want);
      EXPECT_EQ(items[i].at("matched_level").as_int64(), 2);
      EXPECT_EQ(items[i].at("matched_level_name").as_string(), "Ⅱ级");
      EXPECT_DOUBLE_EQ(items[i].at("score").as_double(), 90);
    }
    if (title == "西湖区防汛防台应急预案（演示样例）") {
      district_at = static_cast<int>(i);
      EXPECT_EQ(items[i].at("matched_level").as_int64(), 1);
      EXPECT_EQ(items[i].at("reasons").as_array().back().as_string(),
                "触发条件: 3小时降雨≥100mm 满足 Ⅰ级");
    }
  }
  ASSERT_GE(town_at, 0) << r.body;
  ASSERT_GE(district_at, 0) << r.body;
  EXPECT_LT(town_at, district_at);

  // Another town sees the district's sample but not 留下's.
  auto other = s().as_json(
      "town_330106010", "POST", "/api/v1/plans/match",
      json::object{{"type", "防汛防台"}, {"indicators", json::object{{"rain_3h_mm", 120}}}});
  ASSERT_EQ(other.status, 200) << other.body;
  bool district = false;
  for (const auto& it : other.json().at("items").as_array()) {
    EXPECT_NE(it.at("title").as_string(), "留下街道防汛防台应急预案（演示样例）");
    district = district || it.at("title").as_string() == "西湖区防汛防台应急预案（演示样例）";
  }
  EXPECT_TRUE(district) << other.body;

  // A point alone is taken to lie in the caller's own town.
  auto point =
      s().as_json("town_330106009", "POST", "/api/v1/plans/match",
                  json::object{{"type", "防汛防台"},
                               {"location", json::object{{"lon", 120.07}, {"lat", 30.23}}}});
  ASSERT_EQ(point.status, 200) << point.body;
  EXPECT_EQ(point.json().at("place").as_string(), "330106009");
  EXPECT_EQ(point.json().at("place_from").as_string(), "caller_scope");

  auto chem = s().as_json(
      "district", "POST", "/api/v1/plans/match",
      json::object{
          {"type", "危化品"}, {"indicators", json::object{{"deaths", 3}}}, {"town", "330106009"}});
  ASSERT_EQ(chem.status, 200) << chem.body;
  ASSERT_FALSE(chem.json().at("items").as_array().empty()) << chem.body;
  const auto& top = chem.json().at("items").as_array()[0];
  EXPECT_EQ(top.at("sub_type").as_string(), "危化品");
  EXPECT_EQ(top.at("matched_level").as_int64(), 3);

  auto bad = s().as_json("district", "POST", "/api/v1/plans/match",
                         json::object{{"indicators", json::object{{"rain_3h_mm", "大"}}}});
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(bad.json().at("error").at("field").as_string(), "indicators.rain_3h_mm");
}

TEST_P(Plans, BadContentIs422NamingTheFieldPathAndWritesNothing) {
  int64_t before = written();
  json::object b = body("district", "330106");
  b["content"]
      .as_object()["levels"]
      .as_array()[1]
      .as_object()["tasks"]
      .as_array()[0]
      .as_object()["deadline_offset_min"] = -10;
  auto r = s().as_json("district", "POST", "/api/v1/plans", b);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json().at("error").at("field").as_string(),
            "content.levels[1].tasks[0].deadline_offset_min");
  json::object b2 = body("district", "330106");
  b2["sub_type"] = "传染病";
  r = s().as_json("district", "POST", "/api/v1/plans", b2);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json().at("error").at("field").as_string(), "sub_type");
  json::object b3 = body("town", "330106999");
  r = s().as_json("district", "POST", "/api/v1/plans", b3);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json().at("error").at("field").as_string(), "jurisdiction");
  json::object b4 = body("district", "330106");
  b4["status"] = "published";
  r = s().as_json("district", "POST", "/api/v1/plans", b4);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json().at("error").at("field").as_string(), "status");
  r = s().as("district", "POST", "/api/v1/plans", "{", {});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(written(), before);
  EXPECT_EQ(s().as("district", "GET", "/api/v1/plans?level=province").status, 400);
}

TEST_P(Plans, RolesAndScopeAreAppliedToReadsAndWrites) {
  int64_t before = written();
  EXPECT_EQ(s().as_json("viewer", "POST", "/api/v1/plans", body("district", "330106")).status, 403);
  auto up = s().as_json("town_330106009", "POST", "/api/v1/plans", body("district", "330106"));
  EXPECT_EQ(up.status, 403) << up.body;
  EXPECT_EQ(up.json().at("error").at("field").as_string(), "jurisdiction");
  EXPECT_EQ(
      s().as_json("town_330106009", "POST", "/api/v1/plans", body("town", "330106010")).status,
      403);
  EXPECT_EQ(written(), before);

  int64_t own = created("town_330106010", body("town", "330106010"));
  int64_t district = created("district", body("district", "330106"));
  // 留下 sees the district's plans but not 转塘's: 404 and absent from the list.
  EXPECT_EQ(s().as("town_330106009", "GET", "/api/v1/plans/" + std::to_string(own)).status, 404);
  EXPECT_EQ(act("town_330106009", own, "submit").status, 404);
  auto ids = list_ids("town_330106009", "");
  EXPECT_FALSE(contains(ids, own));
  EXPECT_TRUE(contains(ids, district));
  EXPECT_TRUE(contains(list_ids("town_330106010", ""), own));
  EXPECT_TRUE(contains(list_ids("district", "town=330106010"), own));
  EXPECT_FALSE(contains(list_ids("district", "town=330106009"), own));
  EXPECT_TRUE(contains(list_ids("district", "town=330106009"), district));
  // A town reads the district's plan but may not change it.
  auto p = s().as_json("town_330106010", "PATCH", "/api/v1/plans/" + std::to_string(district),
                       json::object{{"summary", "改"}});
  EXPECT_EQ(p.status, 403) << p.body;
  // An enterprise user sees none of them; inspectors read but do not act.
  std::string ent = "enterprise_" + std::to_string(s().demo().first_hazchem_enterprise);
  auto e = list_ids(ent, "");
  EXPECT_FALSE(contains(e, own));
  EXPECT_FALSE(contains(e, district));
  EXPECT_EQ(s().as("inspector", "GET", "/api/v1/plans/" + std::to_string(own)).status, 200);
  EXPECT_EQ(act("inspector", own, "submit").status, 403);
  // The town reviews its own plan, but not as its author.
  step("town_330106010", own, "submit", "review");
  EXPECT_EQ(act("town_330106010", own, "approve").status, 403);
  step("district", own, "approve", "review");
  step("town_330106010", own, "publish", "published");
  // Filters.
  EXPECT_TRUE(contains(list_ids("district", "type=防汛防台&status=published&level=town"), own));
  EXPECT_FALSE(contains(list_ids("district", "type=危化品"), own));
  EXPECT_FALSE(contains(list_ids("district", "status=draft"), own));
  EXPECT_TRUE(contains(list_ids("district", "q=测试防汛"), own));
  EXPECT_TRUE(contains(list_ids("district", "q=防汛"), own));  // two characters
}

TEST_P(Plans, PatchEditsADraftWithIfMatchAndAnUnchangedPatchWritesNothing) {
  int64_t id = created("district", body("district", "330106"));
  std::string path = "/api/v1/plans/" + std::to_string(id);
  auto r =
      s().as("district", "PATCH", path, json::serialize(json::object{{"summary", "修订后的摘要"}}),
             {{"If-Match", "\"1\""}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("version").as_int64(), 2);
  EXPECT_EQ(r.json().at("summary").as_string(), "修订后的摘要");
  auto stale = s().as("district", "PATCH", path, json::serialize(json::object{{"summary", "再改"}}),
                      {{"If-Match", "\"1\""}});
  EXPECT_EQ(stale.status, 409) << stale.body;
  int64_t before = written();
  auto same = s().as_json("district", "PATCH", path, json::object{{"summary", "修订后的摘要"}});
  EXPECT_EQ(same.status, 200) << same.body;
  EXPECT_EQ(same.json().at("version").as_int64(), 2);
  EXPECT_EQ(written(), before);
  auto bad = s().as_json(
      "district", "PATCH", path,
      json::object{{"content", json::object{{"levels", json::array{json::object{{"level", 9}}}}}}});
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(bad.json().at("error").at("field").as_string(), "content.levels[0].level");
  EXPECT_EQ(s().as_json("district", "PATCH", path, json::object{{"level", "town"}}).status, 422);
}

TEST_P(Plans, AttachmentsArePdfOrDocxByTheirBytesSizeLimitedAndHashed) {
  int64_t id = created("district", body("district", "330106"));
  std::string base = "/api/v1/plans/" + std::to_string(id) + "/attachments";
  std::string pdf = "%PDF-1.4 lakeguard plan test\n";
  auto r = s().as("district", "POST", base + "?filename=预案.pdf", pdf,
                  {{"Content-Type", "application/octet-stream"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("media_type").as_string(), "application/pdf");
  EXPECT_EQ(r.json().at("sha256").as_string(),
            "5226e194e54b4d211fa1fac9cf70d0abf9de5eef2569fcbc79c32bfb3f840375");
  int64_t aid = r.json().at("id").as_int64();
  auto back = s().as("town_330106009", "GET", base + "/" + std::to_string(aid));
  ASSERT_EQ(back.status, 200);
  EXPECT_EQ(back.body, pdf);
  std::string docx("PK\x03\x04", 4);
  docx += std::string("\x14\x00\x06\x00", 4) + "word/document.xml<w:document/>";
  r = s().as("district", "POST", base + "?filename=预案.docx", docx,
             {{"Content-Type", "application/octet-stream"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("media_type").as_string(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");

  int64_t before = written();
  r = s().as("district", "POST", base + "?filename=a.png", "\x89PNG\r\n\x1a\n....",
             {{"Content-Type", "application/octet-stream"}});
  EXPECT_EQ(r.status, 415) << r.body;
  r = s().as("district", "POST", base + "?filename=a.pdf", "%PDF-" + std::string(300 * 1024, 'x'),
             {{"Content-Type", "application/octet-stream"}});
  EXPECT_EQ(r.status, 413) << r.body.substr(0, 200);
  EXPECT_NE(r.body.find("262144"), std::string::npos) << r.body.substr(0, 200);
  r = s().as("district", "POST", base, pdf, {{"Content-Type", "application/octet-stream"}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(s().as("town_330106009", "POST", base + "?filename=x.pdf", pdf,
                   {{"Content-Type", "application/octet-stream"}})
                .status,
            403);
  EXPECT_EQ(written(), before);
  auto detail = s().as("district", "GET", "/api/v1/plans/" + std::to_string(id));
  EXPECT_EQ(detail.json().at("attachments").as_array().size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Backends, Plans, ::testing::ValuesIn(backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lakeguard::testing
