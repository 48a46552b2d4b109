// The stateless calculations (POST /api/v1/calc/*) end to end on a real server, on SQLite and
// PostgreSQL: the issue's example bodies, bad input (422 naming the field, nothing written),
// 401 without credentials, and who may call them (read-only tokens and the console's cookie
// without the CSRF header too: they change nothing). The rules themselves are tested line by line
// in tests/unit/risk/golden/.

#include <gtest/gtest.h>

#include <string>

#include "fixture.h"

namespace lakeguard::testing {
namespace {

namespace json = boost::json;

class Risk : public ::testing::TestWithParam<std::string> {
 protected:
  TestServer& s() { return server(GetParam()); }

  HttpResponse post(const std::string& path, const std::string& body,
                    std::vector<std::pair<std::string, std::string>> headers = {}) {
    return s().as("inspector", "POST", path, body, std::move(headers));
  }

  // Refused with 422 naming `field`; no audit entry, no stored idempotency key; server still up.
  void expect_invalid(const std::string& path, const std::string& body, const std::string& field) {
    const int64_t audit = s().count("audit_log"), keys = s().count("idempotency_keys");
    auto r = post(path, body);
    EXPECT_EQ(r.status, 422) << body << " → " << r.body;
    EXPECT_EQ(r.error_code(), "validation_failed") << r.body;
    EXPECT_EQ(r.error_field(), field) << body << " → " << r.body;
    EXPECT_FALSE(r.json().at("error").at("message").as_string().empty());
    EXPECT_EQ(s().count("audit_log"), audit);
    EXPECT_EQ(s().count("idempotency_keys"), keys);
  }
};

constexpr const char* kMajorHazardExample =
    R"({"substances":[{"name":"氯","quantity_t":5}, {"cas":"7664-41-7","quantity_t":5},)"
    R"( {"hazard_class":"W5.2","quantity_t":12}], "people_within_500m": 0})";

TEST_P(Risk, MajorHazardExampleIsIdentifiedAndGradedFour) {
  auto r = post("/api/v1/calc/major-hazard", kMajorHazardExample);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["content-type"].rfind("application/json", 0), 0u);
  const auto& o = r.json().as_object();
  // S = 5/5 + 5/10 + 12/50 = 1.74; R = 0.5 · (4·1 + 2·0.5 + 1·0.24) = 2.62.
  EXPECT_DOUBLE_EQ(o.at("S").to_number<double>(), 1.74);
  EXPECT_EQ(o.at("is_major_hazard"), true);
  EXPECT_DOUBLE_EQ(o.at("alpha").to_number<double>(), 0.5);
  EXPECT_DOUBLE_EQ(o.at("R").to_number<double>(), 2.62);
  EXPECT_EQ(o.at("grade"), 4);
  EXPECT_EQ(o.at("grade_name"), "四级");
  const auto& terms = o.at("terms").as_array();
  ASSERT_EQ(terms.size(), 3u);
  EXPECT_EQ(terms[0].at("substance"), "氯");
  EXPECT_EQ(terms[0].at("beta").to_number<double>(), 4);
  EXPECT_EQ(terms[0].at("beta_source"), "table3");
  EXPECT_EQ(terms[1].at("substance"), "氨");
  EXPECT_EQ(terms[1].at("table1_seq"), 1);
  EXPECT_EQ(terms[1].at("Q").to_number<double>(), 10);
  EXPECT_EQ(terms[1].at("ratio").to_number<double>(), 0.5);
  EXPECT_EQ(terms[2].at("Q").to_number<double>(), 50);
  EXPECT_EQ(terms[2].at("Q_source"), "table2");
  EXPECT_EQ(terms[2].at("q").to_number<double>(), 12);
  // Numbers are written in plain decimal.
  EXPECT_NE(r.body.find("\"S\":1.74"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("\"R\":2.62"), std::string::npos) << r.body;
}

TEST_P(Risk, BelowTheThresholdThereIsNoGradeButAlphaAndR) {
  auto r =
      post("/api/v1/calc/major-hazard",
           R"({"substances":[{"name":"液氯","quantity_t":4.999999}],"people_within_500m":120})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("is_major_hazard"), false);
  EXPECT_TRUE(r.json().at("grade").is_null());
  EXPECT_TRUE(r.json().at("grade_name").is_null());
  EXPECT_DOUBLE_EQ(r.json().at("alpha").to_number<double>(), 2.0);
  EXPECT_NEAR(r.json().at("R").to_number<double>(), 2 * 4 * 4.999999 / 5, 1e-12);
}

TEST_P(Risk, LecLsAndAccidentGradeExamples) {
  auto lec = post("/api/v1/calc/lec", R"({"L":3,"E":6,"C":7})");
  ASSERT_EQ(lec.status, 200) << lec.body;
  EXPECT_EQ(lec.json().at("D"), 126);
  EXPECT_EQ(lec.json().at("level"), "显著危险");
  EXPECT_EQ(lec.json().at("risk_level"), "较大风险");
  EXPECT_EQ(lec.json().at("color"), "orange");
  auto small = post("/api/v1/calc/lec", R"({"L":0.1,"E":0.5,"C":1})");
  ASSERT_EQ(small.status, 200) << small.body;
  EXPECT_NE(small.body.find("\"D\":0.05"), std::string::npos) << small.body;
  EXPECT_EQ(small.json().at("color"), "blue");

  auto ls = post("/api/v1/calc/ls", R"({"L":4,"S":5})");
  ASSERT_EQ(ls.status, 200) << ls.body;
  EXPECT_EQ(ls.json().at("R"), 20);
  EXPECT_EQ(ls.json().at("level"), "重大风险");
  EXPECT_EQ(ls.json().at("color"), "red");

  auto acc = post("/api/v1/calc/accident-grade",
                  R"({"deaths":2,"serious_injuries":10,"direct_loss_yuan":0})");
  ASSERT_EQ(acc.status, 200) << acc.body;
  EXPECT_EQ(acc.json().at("grade"), "较大");
  EXPECT_EQ(acc.json().at("criteria").at("deaths"), "一般");
  EXPECT_EQ(acc.json().at("criteria").at("serious_injuries"), "较大");
  auto big = post("/api/v1/calc/accident-grade",
                  R"({"deaths":0,"serious_injuries":0,"direct_loss_yuan":100000000})");
  ASSERT_EQ(big.status, 200) << big.body;
  EXPECT_EQ(big.json().at("grade"), "特别重大");
}

TEST_P(Risk, BadInputIs422NamingTheField) {
  const std::string mh = "/api/v1/calc/major-hazard";
  expect_invalid(
      mh,
      R"({"substances":[{"name":"氯","quantity_t":5},{"name":"不存在","quantity_t":1}],"people_within_500m":0})",
      "substances[1].name");
  expect_invalid(mh, R"({"substances":[{"name":"氯","quantity_t":-5}],"people_within_500m":0})",
                 "substances[0].quantity_t");
  expect_invalid(mh, R"({"substances":[{"name":"氯"}],"people_within_500m":0})",
                 "substances[0].quantity_t");
  expect_invalid(mh, R"({"substances":[{"name":"汽油","quantity_t":5}],"people_within_500m":0})",
                 "substances[0].hazard_class");
  expect_invalid(mh,
                 R"({"substances":[{"cas":"9004-70-0","quantity_t":5}],"people_within_500m":0})",
                 "substances[0].cas");
  expect_invalid(mh,
                 R"({"substances":[{"cas":"7664-41-8","quantity_t":5}],"people_within_500m":0})",
                 "substances[0].cas");
  expect_invalid(mh, R"({"substances":[{"name":"氯","quantity_t":5}]})", "people_within_500m");
  expect_invalid(mh, R"({"substances":[],"people_within_500m":0})", "substances");
  expect_invalid(
      mh, R"({"substances":[{"name":"氯","quantity_t":5}],"people_within_500m":0,"x":1})", "x");
  json::array many;
  for (int i = 0; i < 201; ++i) many.push_back(json::object{{"name", "氯"}, {"quantity_t", 1}});
  expect_invalid(mh, json::serialize(json::object{{"substances", many}, {"people_within_500m", 0}}),
                 "substances");

  expect_invalid("/api/v1/calc/lec", R"({"L":2,"E":6,"C":7})", "L");
  expect_invalid("/api/v1/calc/lec", R"({"L":3,"E":4,"C":7})", "E");
  expect_invalid("/api/v1/calc/lec", R"({"L":3,"E":6,"C":8})", "C");
  expect_invalid("/api/v1/calc/lec", R"({"L":3,"E":6})", "C");
  expect_invalid("/api/v1/calc/ls", R"({"L":6,"S":5})", "L");
  expect_invalid("/api/v1/calc/ls", R"({"L":4,"S":0})", "S");
  expect_invalid("/api/v1/calc/accident-grade",
                 R"({"deaths":-1,"serious_injuries":0,"direct_loss_yuan":0})", "deaths");
  expect_invalid("/api/v1/calc/accident-grade", R"({"deaths":1,"serious_injuries":0})",
                 "direct_loss_yuan");

  // Not JSON, or not a JSON object: 400.
  for (const char* body : {"{", "[1]", "not json"}) {
    auto r = post("/api/v1/calc/lec", body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(r.error_code(), "bad_request");
  }
  auto text = post("/api/v1/calc/lec", R"({"L":3,"E":6,"C":7})", {{"Content-Type", "text/plain"}});
  EXPECT_EQ(text.status, 400);
  EXPECT_EQ(s().client().request("GET", "/healthz").status, 200);
}

TEST_P(Risk, MessagesAreInTheCallersLanguage) {
  auto r = post("/api/v1/calc/major-hazard",
                R"({"substances":[{"name":"汽油","quantity_t":5}],"people_within_500m":0})",
                {{"Accept-Language", "zh-CN"}});
  ASSERT_EQ(r.status, 422);
  EXPECT_EQ(r.headers["content-language"], "zh-CN");
  EXPECT_EQ(r.json().at("error").at("message"),
            "GB 18218 表1 序号 66（汽油(乙醇汽油、甲醇汽油)）的危险性类别不唯一，请给出 "
            "hazard_class（表2，J1…W11）以确定校正系数 β。");
  auto lec = post("/api/v1/calc/lec", R"({"L":2,"E":6,"C":7})", {{"Accept-Language", "zh"}});
  EXPECT_EQ(lec.json().at("error").at("message"),
            "L 必须是 10, 6, 3, 1, 0.5, 0.2, 0.1 之一（LEC 取值表）。");
}

TEST_P(Risk, UnauthenticatedIs401) {
  for (const char* path : {"/api/v1/calc/major-hazard", "/api/v1/calc/lec", "/api/v1/calc/ls",
                           "/api/v1/calc/accident-grade"}) {
    auto r = s().client().request("POST", path, R"({"L":3,"E":6,"C":7})",
                                  {{"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, 401) << path;
    EXPECT_EQ(r.error_code(), "unauthenticated");
    auto bad = s().client().request("POST", path, R"({"L":3,"E":6,"C":7})",
                                    {{"Content-Type", "application/json"},
                                     {"Authorization", "Bearer " + std::string(64, 'a')}});
    EXPECT_EQ(bad.status, 401) << path;
  }
}

TEST_P(Risk, ReadOnlyTokensAndTheConsoleCookieMayCalculateButStillNotWrite) {
  auto made =
      s().as("district", "POST", "/api/v1/tokens", R"({"name":"calc-only","read_only":true})");
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string tok(made.json().at("token").as_string());
  const std::vector<std::pair<std::string, std::string>> bearer = {
      {"Authorization", "Bearer " + tok}, {"Content-Type", "application/json"}};
  // Twice: the first authenticates through the store (worker pool), the second from memory
  // (answered on the I/O thread); the answers are the same.
  auto first =
      s().client().request("POST", "/api/v1/calc/major-hazard", kMajorHazardExample, bearer);
  auto second =
      s().client().request("POST", "/api/v1/calc/major-hazard", kMajorHazardExample, bearer);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(first.body, second.body);
  EXPECT_EQ(s().client().request("POST", "/api/v1/calc/ls", R"({"L":4,"S":5})", bearer).status,
            200);
  // The same token still may not write.
  auto write = s().client().request(
      "POST", "/api/v1/shelters",
      R"({"name":"x","capacity_people":1,"town_code":"330106009","lon":120.1,"lat":30.25})",
      bearer);
  EXPECT_EQ(write.status, 403);

  // The console's session cookie: a calculation needs no CSRF header (it changes nothing).
  auto login = s().client().request("POST", "/api/v1/auth/login",
                                    R"({"username":"viewer","password":"test-demo-password"})",
                                    {{"Content-Type", "application/json"}});
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string cookie = "lg_session=" + std::string(login.json().at("token").as_string());
  auto by_cookie = s().client().request("POST", "/api/v1/calc/lec", R"({"L":3,"E":6,"C":7})",
                                        {{"Cookie", cookie}, {"Content-Type", "application/json"}});
  EXPECT_EQ(by_cookie.status, 200) << by_cookie.body;
}

TEST_P(Risk, AnIdempotencyKeyIsNotStoredAndALargeBodyGetsTheSameAnswer) {
  const int64_t keys = s().count("idempotency_keys");
  auto a = post("/api/v1/calc/lec", R"({"L":3,"E":6,"C":7})", {{"Idempotency-Key", "calc-1"}});
  auto b = post("/api/v1/calc/lec", R"({"L":6,"E":6,"C":7})", {{"Idempotency-Key", "calc-1"}});
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(b.status, 200) << "a new body with the same key is computed, not refused";
  EXPECT_EQ(b.json().at("D"), 252);
  EXPECT_EQ(b.headers.count("idempotent-replayed"), 0u);
  EXPECT_EQ(s().count("idempotency_keys"), keys);
  // A body over 64 KiB is computed on the worker pool instead of the I/O thread.
  std::string padded = kMajorHazardExample;
  padded.insert(1, std::string(70 * 1024, ' '));
  auto big = post("/api/v1/calc/major-hazard", padded);
  auto small = post("/api/v1/calc/major-hazard", kMajorHazardExample);
  ASSERT_EQ(big.status, 200) << big.body;
  EXPECT_EQ(big.body, small.body);
}

TEST_P(Risk, OpenApiDocumentsTheCalculations) {
  auto r = s().client().request("GET", "/api/openapi.json");
  ASSERT_EQ(r.status, 200);
  const auto& doc = r.json();
  for (const char* p : {"/api/v1/calc/major-hazard", "/api/v1/calc/lec", "/api/v1/calc/ls",
                        "/api/v1/calc/accident-grade"})
    EXPECT_TRUE(doc.at("paths").as_object().contains(p)) << p;
  const auto& schemas = doc.at("components").at("schemas").as_object();
  for (const char* name : {"MajorHazardInput", "MajorHazardResult", "LecInput", "LecResult",
                           "LsInput", "LsResult", "AccidentInput", "AccidentResult"})
    EXPECT_TRUE(schemas.contains(name)) << name;
  EXPECT_EQ(schemas.at("MajorHazardInput").at("properties").at("substances").at("maxItems"), 200);
}

INSTANTIATE_TEST_SUITE_P(Backends, Risk, ::testing::ValuesIn(backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lakeguard::testing
