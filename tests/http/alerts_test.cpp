// Warnings through the real server, on SQLite and PostgreSQL: the CAP workflow (draft → approve by
// a second officer → publish → update / cancel), the published documents validated against the
// official CAP 1.2 schema with xmllint, the public Atom feed (well-formed, linking each document),
// illegal steps (409), bad fields (422 naming the field, nothing written), roles (401/403), scope
// (a town's warning is invisible to another town) and the demo's published sample.
// Expectations come from issue 9 item 5, standards.md §10 and docs/alerts.md.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>

#include "fixture.h"

namespace lakeguard::testing {
namespace {

namespace json = boost::json;

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// xmllint's verdict (0: fine) on a document: well-formed, and valid against the CAP schema when
// `schema` is set.
int xmllint(const std::string& doc, bool schema) {
  static std::atomic<int> n{0};
  std::string path = ::testing::TempDir() + "/alerts_" + std::to_string(::getpid()) + "_" +
                     std::to_string(++n) + ".xml";
  std::ofstream(path, std::ios::binary) << doc;
  std::string cmd = std::string("xmllint --noout ") +
                    (schema ? "--schema '" LAKEGUARD_CAP_XSD "' " : "") + "'" + path + "' 2>&1";
  return std::system(cmd.c_str());
}

class Alerts : public ::testing::TestWithParam<std::string> {
 protected:
  TestServer& s() { return server(GetParam()); }

  json::object draft(json::object extra = {}) {
    static std::atomic<int> n{0};
    int64_t now = now_ms();
    json::object body{
        {"category", "Met"},
        {"event", "暴雨"},
        {"colour", "yellow"},
        {"effective", now},
        {"expires", now + 6 * 3600 * 1000},
        {"headline", "暴雨黄色预警 " + std::to_string(++n) + " " + GetParam()},
        {"description", "6小时内降雨量将达50毫米以上。"},
        {"instruction", "注意防范，低洼地带人员做好转移准备。"},
        {"area_description", "留下街道"},
        {"town_code", "330106009"},
        {"geometry",
         json::parse(R"({"type":"Polygon","coordinates":[[[120.05,30.23],[120.1,30.23],)"
                     R"([120.1,30.27],[120.05,30.23]]]})")}};
    for (auto& kv : extra) body[kv.key()] = kv.value();
    return body;
  }
  int64_t drafted(const std::string& user = "district", json::object extra = {}) {
    auto r = s().as_json(user, "POST", "/api/v1/warnings", draft(std::move(extra)));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json().at("id").as_int64() : -1;
  }
  HttpResponse act(const std::string& user, int64_t id, json::object body) {
    return s().as_json(user, "POST", "/api/v1/warnings/" + std::to_string(id) + "/actions", body);
  }
  json::object step(const std::string& user, int64_t id, json::object body,
                    const std::string& status) {
    auto r = act(user, id, body);
    EXPECT_EQ(r.status, 200) << user << " " << json::serialize(body) << ": " << r.body;
    if (r.status != 200) return {};
    EXPECT_EQ(r.json().at("status").as_string(), status);
    return r.json().as_object();
  }
  // Drafted by `district`, approved by `admin`, published: the published warning.
  json::object published(json::object extra = {}) {
    int64_t id = drafted("district", std::move(extra));
    step("admin", id, {{"action", "approve"}}, "approved");
    return step("district", id, {{"action", "publish"}}, "published");
  }
  std::string document(const std::string& identifier) {
    auto r = s().as("", "GET", "/public/alerts/" + identifier + ".xml");
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.headers["content-type"].rfind("application/cap+xml", 0), 0u);
    return r.body;
  }
  int64_t written() {
    auto c = s().app().db().acquire();
    return s().count("warnings") + s().count("warning_actions") +
           c->query("SELECT COUNT(*) FROM audit_log WHERE entity = 'warnings'").rows.at(0).i64(0);
  }
};

TEST_P(Alerts, AnAlertIsApprovedByASecondOfficerPublishedAsValidCapAndReadByAnyone) {
  int64_t id = drafted();
  auto got = s().as("district", "GET", "/api/v1/warnings/" + std::to_string(id));
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.json().at("status").as_string(), "draft");
  EXPECT_EQ(got.json().at("severity").as_string(), "Moderate") << "yellow's default severity";
  EXPECT_TRUE(got.json().at("identifier").is_null());

  // The drafter may not approve their own warning (four-eyes rule).
  auto own = act("district", id, {{"action", "approve"}});
  EXPECT_EQ(own.status, 403) << own.body;
  EXPECT_EQ(own.error_field(), "approver");
  // Publishing before approval is not possible now.
  auto early = act("district", id, {{"action", "publish"}});
  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_EQ(early.error_field(), "action");

  auto approved = step("admin", id, {{"action", "approve"}}, "approved");
  EXPECT_EQ(approved.at("approved_by").as_string(), "admin");
  // An approved warning is no longer editable.
  auto edit = s().as_json("district", "PATCH", "/api/v1/warnings/" + std::to_string(id),
                          json::object{{"headline", "改"}});
  EXPECT_EQ(edit.status, 409) << edit.body;

  auto pub = step("district", id, {{"action", "publish"}}, "published");
  std::string identifier(pub.at("identifier").as_string());
  // ZZZZZZDDDUUUXX_YYYYMMDDhhmmss_N: 330106, body 000 (the default), 000, 00.
  EXPECT_EQ(identifier.size(), 31u);
  EXPECT_EQ(identifier.substr(0, 15), "33010600000000_");
  EXPECT_EQ(pub.at("xml_url").as_string(), "/public/alerts/" + identifier + ".xml");

  std::string xml = document(identifier);
  EXPECT_EQ(xmllint(xml, true), 0) << xml;
  EXPECT_NE(xml.find("<identifier>" + identifier + "</identifier>"), std::string::npos);
  EXPECT_NE(xml.find("<msgType>Alert</msgType>"), std::string::npos);
  EXPECT_NE(xml.find("<status>Actual</status>"), std::string::npos);
  EXPECT_NE(xml.find("+08:00</sent>"), std::string::npos);
  EXPECT_NE(xml.find("<value>yellow</value>"), std::string::npos);
  EXPECT_NE(xml.find("<polygon>30.23,120.05 30.23,120.1 30.27,120.1 30.23,120.05</polygon>"),
            std::string::npos);
  EXPECT_NE(xml.find("<value>330106009</value>"), std::string::npos);

  // Published means immutable: a second publish is refused and the document is unchanged.
  EXPECT_EQ(act("admin", id, {{"action", "publish"}}).status, 409);
  EXPECT_EQ(document(identifier), xml);
  // An unknown or malformed identifier is not found.
  EXPECT_EQ(s().as("", "GET", "/public/alerts/33010600000000_20000101000000_0.xml").status, 404);
  EXPECT_EQ(s().as("", "GET", "/public/alerts/" + identifier).status, 404);
  EXPECT_EQ(s().as("", "GET", "/public/alerts/..%2F..%2Fetc.xml").status, 404);
}

TEST_P(Alerts, UpdateAndCancelAreNewMessagesThatReferToTheEarlierOnes) {
  auto alert = published();
  int64_t id = alert.at("id").as_int64();
  std::string alert_id(alert.at("identifier").as_string());

  // update: a new draft (msgType Update) that goes through approval again.
  auto upd = act("district", id,
                 {{"action", "update"},
                  {"colour", "orange"},
                  {"headline", "暴雨预警升级为橙色 " + GetParam()}});
  ASSERT_EQ(upd.status, 200) << upd.body;
  int64_t uid = upd.json().at("id").as_int64();
  EXPECT_NE(uid, id);
  EXPECT_EQ(upd.json().at("status").as_string(), "draft");
  EXPECT_EQ(upd.json().at("msg_type").as_string(), "Update");
  EXPECT_EQ(upd.json().at("severity").as_string(), "Severe");
  EXPECT_EQ(upd.json().at("previous_id").as_int64(), id);
  // The alert stays published until its update is.
  EXPECT_EQ(s().as("district", "GET", "/api/v1/warnings/" + std::to_string(id))
                .json()
                .at("status")
                .as_string(),
            "published");
  step("admin", uid, {{"action", "approve"}}, "approved");
  auto upub = step("district", uid, {{"action", "publish"}}, "published");
  std::string update_id(upub.at("identifier").as_string());
  auto old = s().as("district", "GET", "/api/v1/warnings/" + std::to_string(id)).json();
  EXPECT_EQ(old.at("status").as_string(), "updated");
  EXPECT_EQ(old.at("superseded_by_id").as_int64(), uid);
  std::string uxml = document(update_id);
  EXPECT_EQ(xmllint(uxml, true), 0) << uxml;
  EXPECT_NE(uxml.find("<msgType>Update</msgType>"), std::string::npos);
  EXPECT_NE(uxml.find("<references>lakeguard.330106," + alert_id + ","), std::string::npos);
  // The superseded alert can no longer be updated or cancelled.
  EXPECT_EQ(act("district", id, {{"action", "cancel"}, {"reason", "x"}}).status, 409);

  // cancel: published at once, referring to both earlier messages.
  auto bad = act("district", uid, {{"action", "cancel"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.error_field(), "reason");
  auto can = act("district", uid, {{"action", "cancel"}, {"reason", "降雨减弱，解除预警。"}});
  ASSERT_EQ(can.status, 200) << can.body;
  EXPECT_EQ(can.json().at("msg_type").as_string(), "Cancel");
  EXPECT_EQ(can.json().at("status").as_string(), "published");
  std::string cxml = document(std::string(can.json().at("identifier").as_string()));
  EXPECT_EQ(xmllint(cxml, true), 0) << cxml;
  EXPECT_NE(cxml.find("<msgType>Cancel</msgType>"), std::string::npos);
  EXPECT_NE(cxml.find("<note>降雨减弱，解除预警。</note>"), std::string::npos);
  EXPECT_NE(cxml.find("," + alert_id + ","), std::string::npos);
  EXPECT_NE(cxml.find("," + update_id + ","), std::string::npos);
  EXPECT_EQ(s().as("district", "GET", "/api/v1/warnings/" + std::to_string(uid))
                .json()
                .at("status")
                .as_string(),
            "cancelled");
  // A Cancel is final.
  EXPECT_EQ(act("district", can.json().at("id").as_int64(), {{"action", "cancel"}, {"reason", "x"}})
                .status,
            409);

  // The feed: well-formed Atom; the cancelled and updated messages are gone, the Cancel is there.
  auto feed = s().as("", "GET", "/public/alerts.atom");
  ASSERT_EQ(feed.status, 200);
  EXPECT_EQ(feed.headers["content-type"].rfind("application/atom+xml", 0), 0u);
  EXPECT_EQ(xmllint(feed.body, false), 0) << feed.body;
  EXPECT_EQ(feed.body.find(alert_id), std::string::npos);
  EXPECT_EQ(feed.body.find(update_id), std::string::npos);
  // The link's origin is the request's Host (the test client sends "127.0.0.1").
  EXPECT_NE(feed.body.find("<link rel=\"alternate\" type=\"application/cap+xml\" href=\"http://"
                           "127.0.0.1/public/alerts/" +
                           std::string(can.json().at("identifier").as_string()) + ".xml\"/>"),
            std::string::npos)
      << feed.body;
}

TEST_P(Alerts, ThePublicFeedListsCurrentAlertsWithTheirCapLinks) {
  auto alert = published();
  std::string identifier(alert.at("identifier").as_string());
  auto feed = s().as("", "GET", "/public/alerts.atom");
  ASSERT_EQ(feed.status, 200);
  EXPECT_EQ(xmllint(feed.body, false), 0) << feed.body;
  EXPECT_NE(feed.body.find("<feed xmlns=\"http://www.w3.org/2005/Atom\""), std::string::npos);
  EXPECT_NE(feed.body.find("/public/alerts/" + identifier + ".xml\"/>"), std::string::npos);
  EXPECT_NE(feed.body.find(std::string(alert.at("headline").as_string())), std::string::npos);
  // Drafts never reach the public.
  int64_t d = drafted();
  auto dj = s().as("district", "GET", "/api/v1/warnings/" + std::to_string(d)).json();
  feed = s().as("", "GET", "/public/alerts.atom");
  EXPECT_EQ(feed.body.find(std::string(dj.at("headline").as_string())), std::string::npos);
}

TEST_P(Alerts, TheDemoHoldsAPublishedSampleLabelledAsSuch) {
  auto c = s().app().db().acquire();
  auto rows = c->query(
      "SELECT identifier, headline, cap_status FROM warnings WHERE drafted_by = 'district' AND "
      "cap_status = 'Exercise' AND status = 'published' ORDER BY id LIMIT 1");
  ASSERT_FALSE(rows.empty());
  std::string identifier = rows.rows[0].str(0);
  EXPECT_NE(rows.rows[0].str(1).find("【示例】"), std::string::npos);
  std::string xml = document(identifier);
  EXPECT_EQ(xmllint(xml, true), 0);
  EXPECT_NE(xml.find("<status>Exercise</status>"), std::string::npos);
  EXPECT_NE(xml.find("<language>en-US</language>"), std::string::npos);
  auto feed = s().as("", "GET", "/public/alerts.atom");
  EXPECT_NE(feed.body.find(identifier), std::string::npos);
}

TEST_P(Alerts, BadFieldsAre422NamingTheFieldAndWriteNothing) {
  int64_t before = written();
  auto field_of = [&](json::object extra) {
    auto r = s().as_json("district", "POST", "/api/v1/warnings", draft(std::move(extra)));
    EXPECT_EQ(r.status, 422) << r.body;
    return r.error_field();
  };
  EXPECT_EQ(field_of({{"colour", "purple"}}), "colour");
  EXPECT_EQ(field_of({{"colour", "红"}}), "colour");
  EXPECT_EQ(field_of({{"expires", now_ms() - 3600 * 1000}}), "expires");
  EXPECT_EQ(field_of({{"headline", std::string(141, 'x')}}), "headline");
  EXPECT_EQ(field_of({{"category", "Weather"}}), "category");
  EXPECT_EQ(field_of({{"town_code", "330107001"}}), "town_code");
  EXPECT_EQ(
      field_of({{"geometry", json::parse(R"({"type":"Polygon","coordinates":)"
                                         R"([[[120,30],[120.1,30],[120.1,30.1],[120,30.1]]]})")}}),
      "geometry");
  EXPECT_EQ(field_of({{"geometry", json::parse(R"({"center":[120.1,30.2],"radius_m":-1})")}}),
            "geometry");
  EXPECT_EQ(field_of({{"surprise", 1}}), "surprise");
  int64_t id = drafted();
  int64_t after_draft = written();
  auto r = s().as_json("district", "PATCH", "/api/v1/warnings/" + std::to_string(id),
                       json::object{{"expires", 1}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.error_field(), "expires");
  auto a = act("admin", id, {{"action", "approve"}, {"wat", true}});
  EXPECT_EQ(a.status, 422);
  EXPECT_EQ(a.error_field(), "wat");
  auto u = act("admin", id, {{"action", "fly"}});
  EXPECT_EQ(u.status, 422);
  EXPECT_EQ(u.error_field(), "action");
  EXPECT_EQ(written(), after_draft);
  EXPECT_GT(after_draft, before);
}

TEST_P(Alerts, OnlyTheDistrictDraftsAndActsAndEveryoneElseIsRefused) {
  EXPECT_EQ(s().as("", "GET", "/api/v1/warnings").status, 401);
  EXPECT_EQ(s().as_json("", "POST", "/api/v1/warnings", draft()).status, 401);
  EXPECT_EQ(s().as_json("town_330106009", "POST", "/api/v1/warnings", draft()).status, 403);
  EXPECT_EQ(s().as_json("viewer", "POST", "/api/v1/warnings", draft()).status, 403);
  EXPECT_EQ(s().as_json("inspector", "POST", "/api/v1/warnings", draft()).status, 403);
  int64_t id = drafted();
  auto t = act("town_330106009", id, {{"action", "approve"}});
  EXPECT_EQ(t.status, 403) << t.body;
  EXPECT_EQ(act("viewer", id, {{"action", "approve"}}).status, 403);
  // Another officer may not edit the drafter's draft.
  auto other = s().as_json("admin", "PATCH", "/api/v1/warnings/" + std::to_string(id),
                           json::object{{"headline", "改标题"}});
  EXPECT_EQ(other.status, 403) << other.body;
  auto mine = s().as_json("district", "PATCH", "/api/v1/warnings/" + std::to_string(id),
                          json::object{{"headline", "改标题 " + GetParam()}});
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.json().at("version").as_int64(), 2);
  // /auth/me tells the console what to offer.
  auto me = s().as("district", "GET", "/api/v1/auth/me").json();
  EXPECT_TRUE(me.at("permissions").at("warnings").at("create").as_bool());
  auto vme = s().as("viewer", "GET", "/api/v1/auth/me").json();
  EXPECT_FALSE(vme.at("permissions").at("warnings").at("create").as_bool());
}

TEST_P(Alerts, ATownSeesItsOwnAndDistrictWideWarningsButNotAnotherTowns) {
  int64_t ours = drafted("district", {{"town_code", "330106009"}});
  int64_t theirs = drafted("district", {{"town_code", "330106002"}});
  json::object wide = draft();
  wide.erase("town_code");
  auto w = s().as_json("district", "POST", "/api/v1/warnings", wide);
  ASSERT_EQ(w.status, 201);
  int64_t district_wide = w.json().at("id").as_int64();
  auto get = [&](int64_t id) {
    return s().as("town_330106009", "GET", "/api/v1/warnings/" + std::to_string(id)).status;
  };
  EXPECT_EQ(get(ours), 200);
  EXPECT_EQ(get(district_wide), 200);
  EXPECT_EQ(get(theirs), 404);
  auto list = s().as("town_330106009", "GET", "/api/v1/warnings?page_size=500");
  ASSERT_EQ(list.status, 200);
  bool saw_theirs = false;
  for (const auto& it : list.json().at("items").as_array())
    saw_theirs = saw_theirs || it.at("id").as_int64() == theirs;
  EXPECT_FALSE(saw_theirs);
  EXPECT_EQ(s().as("district", "GET", "/api/v1/warnings?colour=pink").status, 400);
}

INSTANTIATE_TEST_SUITE_P(Backends, Alerts, ::testing::ValuesIn(backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lakeguard::testing
