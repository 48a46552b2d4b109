// The HTTP API end to end on a real server (loopback, ephemeral port), on SQLite and PostgreSQL.

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <thread>

#include "fixture.h"

namespace lakeguard::testing {
namespace {

namespace json = boost::json;

class Api : public ::testing::TestWithParam<std::string> {
 protected:
  TestServer& s() { return server(GetParam()); }
};

std::string enterprise_body(int n, const std::string& town = "330106009",
                            const std::string& name = "") {
  return json::serialize(
      json::object{{"name", name.empty() ? "测试企业" + std::to_string(n) : name},
                   {"credit_code", credit_code_for(n)},
                   {"scale", "规下"},
                   {"town_code", town},
                   {"lon", 120.10},
                   {"lat", 30.25}});
}

TEST_P(Api, HealthzChecksTheStore) {
  auto r = s().client().request("GET", "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json().at("store").as_string(), "ok");
  EXPECT_FALSE(r.headers["x-request-id"].empty());
}

TEST_P(Api, MetricsAreInPrometheusTextFormat) {
  s().client().request("GET", "/healthz");
  auto r = s().client().request("GET", "/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.headers["content-type"].find("text/plain; version=0.0.4"), std::string::npos);
  EXPECT_NE(r.body.find("# TYPE lakeguard_http_requests_total counter"), std::string::npos);
  EXPECT_NE(r.body.find("lakeguard_http_request_duration_seconds_bucket{le=\"+Inf\"}"),
            std::string::npos);
}

TEST_P(Api, OpenApiDescribesEveryRegistryRoute) {
  auto r = s().client().request("GET", "/api/openapi.json");
  ASSERT_EQ(r.status, 200);
  auto doc = r.json().as_object();
  EXPECT_EQ(doc.at("openapi").as_string(), "3.1.0");
  const auto& paths = doc.at("paths").as_object();
  for (const char* p :
       {"/api/v1/enterprises", "/api/v1/enterprises/{id}", "/api/v1/enterprises.geojson",
        "/api/v1/enterprises/import", "/api/v1/enterprises/{pid}/chemicals",
        "/api/v1/warehouses/{pid}/stock", "/api/v1/shelters", "/api/v1/teams", "/api/v1/stations",
        "/api/v1/devices", "/api/v1/cameras", "/api/v1/jurisdictions", "/api/v1/auth/login",
        "/api/v1/audit", "/api/v1/spatial/within", "/healthz", "/metrics"})
    EXPECT_TRUE(paths.contains(p)) << p;
  EXPECT_TRUE(doc.at("components").at("schemas").as_object().contains("EnterpriseInput"));
}

TEST_P(Api, LoginGivesTokenAndHttpOnlyStrictCookie) {
  auto r = s().client().request("POST", "/api/v1/auth/login",
                                R"({"username":"district","password":"test-demo-password"})",
                                {{"Content-Type", "application/json"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json().at("token").as_string().size(), 64u);
  const std::string& cookie = r.headers["set-cookie"];
  EXPECT_NE(cookie.find("lg_session="), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  std::string session = cookie.substr(11, 64);
  // The cookie authenticates reads…
  auto me =
      s().client().request("GET", "/api/v1/auth/me", "", {{"Cookie", "lg_session=" + session}});
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.json().at("user").at("role").as_string(), "district_officer");
  // …but a state-changing request by cookie needs the CSRF header.
  auto no_csrf = s().client().request(
      "POST", "/api/v1/enterprises", enterprise_body(9001),
      {{"Cookie", "lg_session=" + session}, {"Content-Type", "application/json"}});
  EXPECT_EQ(no_csrf.status, 403);
  auto with_csrf = s().client().request("POST", "/api/v1/enterprises", enterprise_body(9001),
                                        {{"Cookie", "lg_session=" + session},
                                         {"X-Requested-With", "lakeguard"},
                                         {"Content-Type", "application/json"}});
  EXPECT_EQ(with_csrf.status, 201) << with_csrf.body;
  // Logout ends the session.
  auto out = s().client().request(
      "POST", "/api/v1/auth/logout", "",
      {{"Cookie", "lg_session=" + session}, {"X-Requested-With", "lakeguard"}});
  EXPECT_EQ(out.status, 204);
  auto after =
      s().client().request("GET", "/api/v1/auth/me", "", {{"Cookie", "lg_session=" + session}});
  EXPECT_EQ(after.status, 401);
  EXPECT_EQ(after.error_code(), "unauthenticated");
}

TEST_P(Api, WrongPasswordIsUnauthenticatedAndRepeatedFailuresAreThrottledPerUserAndAddress) {
  auto attempt = [&](const std::string& user) {
    return s().client().request(
        "POST", "/api/v1/auth/login",
        json::serialize(json::object{{"username", user}, {"password", "wrong-password"}}),
        {{"Content-Type", "application/json"}});
  };
  std::string victim = "inspector_7";
  for (int i = 0; i < 5; ++i) EXPECT_EQ(attempt(victim).status, 401);
  auto limited = attempt(victim);
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.error_code(), "rate_limited");
  EXPECT_FALSE(limited.headers["retry-after"].empty());
  // Even the right password is refused while throttled…
  auto right = s().client().request(
      "POST", "/api/v1/auth/login",
      json::serialize(json::object{{"username", victim}, {"password", kDemoPassword}}),
      {{"Content-Type", "application/json"}});
  EXPECT_EQ(right.status, 429);
  // …but other users from the same address are not affected.
  EXPECT_EQ(attempt("inspector_8").status, 401);
  EXPECT_NO_THROW(s().token("inspector_6"));
}

TEST_P(Api, ApiTokensAreShownOnceScopedAndRevocable) {
  auto made =
      s().as("district", "POST", "/api/v1/tokens", R"({"name":"gateway","read_only":true})");
  ASSERT_EQ(made.status, 201) << made.body;
  std::string tok(made.json().at("token").as_string());
  int64_t id = made.json().at("id").as_int64();
  auto read = s().client().request("GET", "/api/v1/enterprises?page_size=1", "",
                                   {{"Authorization", "Bearer " + tok}});
  EXPECT_EQ(read.status, 200);
  auto write = s().client().request(
      "POST", "/api/v1/enterprises", enterprise_body(9002),
      {{"Authorization", "Bearer " + tok}, {"Content-Type", "application/json"}});
  EXPECT_EQ(write.status, 403);
  auto listed = s().as("district", "GET", "/api/v1/tokens");
  EXPECT_EQ(listed.body.find(tok), std::string::npos) << "a token is shown only once";
  EXPECT_EQ(s().as("district", "DELETE", "/api/v1/tokens/" + std::to_string(id)).status, 204);
  auto revoked = s().client().request("GET", "/api/v1/enterprises?page_size=1", "",
                                      {{"Authorization", "Bearer " + tok}});
  EXPECT_EQ(revoked.status, 401);
  // Only the hash is stored.
  auto c = s().app().db().acquire();
  EXPECT_TRUE(c->query("SELECT 1 FROM tokens WHERE token_hash = ?", {tok}).empty());
}

TEST_P(Api, AdminsManageUsersWithAuditAndCannotLockThemselvesOut) {
  auto made = s().as_json("admin", "POST", "/api/v1/users",
                          json::object{{"username", "ops_" + GetParam()},
                                       {"password", "first-password"},
                                       {"role", "town_officer"},
                                       {"scope_code", "330106009"}});
  ASSERT_EQ(made.status, 201) << made.body;
  std::string path = "/api/v1/users/" + std::to_string(made.json().at("id").as_int64());
  auto login = [&](const std::string& pw) {
    return s().client().request(
        "POST", "/api/v1/auth/login",
        json::serialize(json::object{{"username", "ops_" + GetParam()}, {"password", pw}}),
        {{"Content-Type", "application/json"}});
  };
  auto first = login("first-password");
  ASSERT_EQ(first.status, 200) << first.body;
  std::string old_token(first.json().at("token").as_string());
  auto as_old = [&] {
    return s().client().request("GET", "/api/v1/auth/me", "",
                                {{"Authorization", "Bearer " + old_token}});
  };
  ASSERT_EQ(as_old().status, 200);

  // Only admins read or change users.
  EXPECT_EQ(s().as("district", "GET", path).status, 403);
  EXPECT_EQ(s().as("district", "PATCH", path, R"({"disabled":true})").status, 403);
  // Role and scope must fit together; the field at fault is named; nothing changes.
  auto bad = s().as("admin", "PATCH", path, R"({"role":"enterprise_user"})");
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(bad.error_field(), "role");
  EXPECT_EQ(s().as("admin", "PATCH", path, R"({"scope_code":"33010600"})").error_field(),
            "scope_code");
  EXPECT_EQ(s().as("admin", "PATCH", path, R"({"password":"short"})").error_field(), "password");
  EXPECT_EQ(s().as("admin", "PATCH", path, R"({"disabled":"yes"})").error_field(), "disabled");
  EXPECT_EQ(s().as("admin", "PATCH", path, R"({"is_admin":true})").error_field(), "is_admin");
  EXPECT_EQ(s().as("admin", "GET", path).json().at("role").as_string(), "town_officer");

  // A move to another town and a new password end the user's sessions.
  auto moved =
      s().as("admin", "PATCH", path,
             R"({"scope_code":"330106002","display_name":"值班员","password":"second-password"})");
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.json().at("scope_code").as_string(), "330106002");
  EXPECT_EQ(moved.json().at("display_name").as_string(), "值班员");
  EXPECT_EQ(as_old().status, 401);
  EXPECT_EQ(login("first-password").status, 401);
  auto second = login("second-password");
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(second.json().at("user").at("scope_code").as_string(), "330106002");

  // Disabled users cannot log in; the audit log has before/after but never the password.
  EXPECT_EQ(s().as("admin", "PATCH", path, R"({"disabled":true})").status, 200);
  EXPECT_EQ(login("second-password").status, 401);
  auto audit = s().as(
      "admin", "GET",
      "/api/v1/audit?entity=users&entity_id=" + std::to_string(made.json().at("id").as_int64()));
  ASSERT_EQ(audit.status, 200);
  EXPECT_EQ(audit.json().at("total").as_int64(), 3);
  EXPECT_EQ(audit.body.find("second-password"), std::string::npos);
  EXPECT_EQ(audit.body.find("argon2"), std::string::npos);

  // The last active admin can be neither disabled nor demoted.
  auto me = s().as("admin", "GET", "/api/v1/auth/me").json().at("user");
  std::string admin_path = "/api/v1/users/" + std::to_string(me.at("id").as_int64());
  auto lockout = s().as("admin", "PATCH", admin_path, R"({"disabled":true})");
  EXPECT_EQ(lockout.status, 409) << lockout.body;
  EXPECT_EQ(lockout.error_field(), "disabled");
  EXPECT_EQ(s().as("admin", "PATCH", admin_path, R"({"role":"viewer"})").status, 409);
  EXPECT_EQ(s().as("admin", "GET", "/api/v1/users/999999").status, 404);
}

TEST_P(Api, IdempotencyKeyMakesARetriedCreateHappenOnce) {
  std::string key = "7f9c2ba4-e88f-4b2a-9b1c-" + GetParam();
  std::string body = enterprise_body(9101);
  int64_t before = s().count("enterprises");
  auto first = s().as("district", "POST", "/api/v1/enterprises", body, {{"Idempotency-Key", key}});
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_TRUE(first.headers["idempotent-replayed"].empty());
  // The phone retries: the same answer, nothing written twice.
  auto again = s().as("district", "POST", "/api/v1/enterprises", body, {{"Idempotency-Key", key}});
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.headers["location"], first.headers["location"]);
  EXPECT_EQ(again.headers["etag"], first.headers["etag"]);
  EXPECT_EQ(again.headers["content-type"], first.headers["content-type"]);
  EXPECT_EQ(again.headers["idempotent-replayed"], "true");
  EXPECT_EQ(s().count("enterprises"), before + 1);
  // The same key for a different request is refused, naming the header.
  auto other = s().as("district", "POST", "/api/v1/enterprises", enterprise_body(9102),
                      {{"Idempotency-Key", key}});
  EXPECT_EQ(other.status, 422);
  EXPECT_EQ(other.error_field(), "Idempotency-Key");
  // Keys are per user: another user's identical key is a request of its own (here a conflict on
  // the credit code the first request took).
  auto by_admin = s().as("admin", "POST", "/api/v1/enterprises", body, {{"Idempotency-Key", key}});
  EXPECT_EQ(by_admin.status, 409) << by_admin.body;
  EXPECT_EQ(s().count("enterprises"), before + 1);
  // A request that failed wrote nothing and claimed nothing: corrected, it runs.
  std::string key2 = "retry-after-fix-" + GetParam();
  auto bad = s().as(
      "district", "POST", "/api/v1/enterprises",
      R"({"name":"坏企业","credit_code":"123","scale":"规下","town_code":"330106009","lon":120.1,"lat":30.25})",
      {{"Idempotency-Key", key2}});
  EXPECT_EQ(bad.status, 422);
  auto fixed = s().as("district", "POST", "/api/v1/enterprises", enterprise_body(9103),
                      {{"Idempotency-Key", key2}});
  EXPECT_EQ(fixed.status, 201) << fixed.body;
  // Malformed keys are a bad request.
  auto long_key = s().as("district", "POST", "/api/v1/enterprises", enterprise_body(9104),
                         {{"Idempotency-Key", std::string(256, 'k')}});
  EXPECT_EQ(long_key.status, 400);
  EXPECT_EQ(long_key.error_field(), "Idempotency-Key");
  EXPECT_EQ(s().count("enterprises"), before + 2);
  // The claim is audited with the write: one create for the first key.
  auto audit = s().as("admin", "GET",
                      "/api/v1/audit?entity=enterprises&entity_id=" +
                          std::to_string(first.json().at("id").as_int64()));
  EXPECT_EQ(audit.json().at("total").as_int64(), 1);
}

TEST_P(Api, IdempotencyKeyHoldsUnderConcurrentRepeatsAndForImports) {
  std::string key = "burst-" + GetParam();
  std::string body = enterprise_body(9201);
  int64_t before = s().count("enterprises");
  std::vector<std::thread> threads;
  std::vector<HttpResponse> answers(8);
  for (size_t i = 0; i < answers.size(); ++i)
    threads.emplace_back([&, i] {
      answers[i] =
          s().as("district", "POST", "/api/v1/enterprises", body, {{"Idempotency-Key", key}});
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(s().count("enterprises"), before + 1) << "exactly one write";
  std::string location;
  for (const auto& a : answers) {
    // Each answer is the first request's 201, or 409 while it was still running.
    ASSERT_TRUE(a.status == 201 || a.status == 409) << a.status << " " << a.body;
    if (a.status == 201) {
      if (location.empty()) location = a.headers.at("location");
      EXPECT_EQ(a.headers.at("location"), location);
    } else {
      EXPECT_EQ(a.error_field(), "Idempotency-Key");
    }
  }
  EXPECT_FALSE(location.empty());
  // An import is one request: repeated, its rows are not added twice.
  std::string csv =
      "name,capacity_people,town_code,lon,lat\n幂等避难所甲,80,330106009,120.09,30.24\n"
      "幂等避难所乙,90,330106009,120.10,30.25\n";
  int64_t shelters = s().count("shelters");
  for (int i = 0; i < 2; ++i) {
    auto r = s().as("district", "POST", "/api/v1/shelters/import?dry_run=false", csv,
                    {{"Content-Type", "text/csv"}, {"Idempotency-Key", "import-" + GetParam()}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(r.json().at("committed").as_bool());
    EXPECT_EQ(r.headers["idempotent-replayed"], i == 0 ? "" : "true");
  }
  EXPECT_EQ(s().count("shelters"), shelters + 2);
}

TEST_P(Api, ListsArePagedWithTotalAndPageSizeIsBounded) {
  auto r = s().as("district", "GET", "/api/v1/enterprises?page=2&page_size=7&sort=id");
  ASSERT_EQ(r.status, 200);
  auto o = r.json().as_object();
  EXPECT_GE(o.at("total").as_int64(), 412);
  EXPECT_EQ(o.at("page").as_int64(), 2);
  EXPECT_EQ(o.at("items").as_array().size(), 7u);
  EXPECT_EQ(s().as("district", "GET", "/api/v1/enterprises?page_size=501").status, 400);
  EXPECT_EQ(s().as("district", "GET", "/api/v1/enterprises?page=0").status, 400);
  EXPECT_EQ(s().as("district", "GET", "/api/v1/enterprises?sort=contact_phone").status, 400);
}

// Lists answer from each row's kept JSON (decision 0008): it must always equal the object itself,
// after writes through the API and after a row is changed by other means (an operator's SQL),
// which clears the kept JSON so the list builds that row from its columns.
TEST_P(Api, ListItemsEqualTheObjectsAfterApiAndOutsideWrites) {
  auto items_equal_objects = [&](const std::string& list) {
    auto r = s().as("district", "GET", list);
    ASSERT_EQ(r.status, 200);
    for (const auto& item : r.json().as_object().at("items").as_array()) {
      int64_t id = item.as_object().at("id").as_int64();
      auto one = s().as("district", "GET", "/api/v1/enterprises/" + std::to_string(id));
      ASSERT_EQ(one.status, 200);
      EXPECT_EQ(item, one.json()) << "enterprise " << id;
    }
  };
  items_equal_objects("/api/v1/enterprises?page_size=20&sort=id");
  int64_t id = s().first_id("enterprises");
  auto p = s().as("district", "PATCH", "/api/v1/enterprises/" + std::to_string(id),
                  R"({"address":"文三路 1 号 \"东\"","lon":120.1234567})");
  ASSERT_EQ(p.status, 200) << p.body;
  items_equal_objects("/api/v1/enterprises?page_size=20&sort=id");
  {
    auto c = s().app().db().acquire();
    ASSERT_EQ(c->exec("UPDATE enterprises SET contact_name = ? WHERE id = ?",
                      {std::string("运维直改"), id}),
              1);
  }
  auto r = s().as("district", "GET", "/api/v1/enterprises?page_size=20&sort=id");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json().as_object().at("items").as_array().at(0).as_object().at("contact_name"),
            json::value("运维直改"));
  items_equal_objects("/api/v1/enterprises?page_size=20&sort=id");
}

TEST_P(Api, FiltersAndSortWork) {
  auto r = s().as("district", "GET",
                  "/api/v1/enterprises?scale=" + url_encode("规上") +
                      "&hazchem_user=true&page_size=500&sort=-name");
  ASSERT_EQ(r.status, 200);
  auto items = r.json().at("items").as_array();
  EXPECT_EQ(r.json().at("total").as_int64(), 44);  // PRODUCT.md: 44 above-scale hazchem users
  for (size_t i = 1; i < items.size(); ++i)
    EXPECT_GE(items[i - 1].at("name").as_string(), items[i].at("name").as_string());
  auto shelters =
      s().as("district", "GET", "/api/v1/shelters?capacity_people_from=1000&page_size=500");
  ASSERT_EQ(shelters.status, 200);
  for (const auto& it : shelters.json().at("items").as_array())
    EXPECT_GE(it.at("capacity_people").as_int64(), 1000);
}

TEST_P(Api, FreeTextFindsOneAndTwoCharacterChineseTerms) {
  auto made = s().as("district", "POST", "/api/v1/enterprises",
                     enterprise_body(9003, "330106009", "西溪搜索测试公司"));
  ASSERT_EQ(made.status, 201) << made.body;
  for (std::string q : {"西溪", "溪", "搜索测试"}) {
    auto r = s().as("district", "GET", "/api/v1/enterprises?page_size=500&q=" + url_encode(q));
    ASSERT_EQ(r.status, 200);
    bool found = false;
    for (const auto& it : r.json().at("items").as_array())
      found = found || it.at("name").as_string() == "西溪搜索测试公司";
    EXPECT_TRUE(found) << q;
  }
  // '%' is matched literally, not as a wildcard.
  auto pct = s().as("district", "GET", "/api/v1/enterprises?q=%25%25%25");
  EXPECT_EQ(pct.json().at("total").as_int64(), 0);
}

TEST_P(Api, CreateReadPatchDeleteWithVersionsAndAudit) {
  auto made = s().as("district", "POST", "/api/v1/enterprises", enterprise_body(9004));
  ASSERT_EQ(made.status, 201) << made.body;
  auto obj = made.json().as_object();
  int64_t id = obj.at("id").as_int64();
  EXPECT_EQ(made.headers["location"], "/api/v1/enterprises/" + std::to_string(id));
  EXPECT_EQ(obj.at("version").as_int64(), 1);
  EXPECT_FALSE(obj.at("synthetic").as_bool());
  std::string path = "/api/v1/enterprises/" + std::to_string(id);
  auto got = s().as("district", "GET", path);
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.headers["etag"], "\"1\"");
  auto patched =
      s().as("district", "PATCH", path, R"({"industry":"仓储","contact_phone":"0571-88000000"})",
             {{"If-Match", "\"1\""}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json().at("industry").as_string(), "仓储");
  EXPECT_EQ(patched.json().at("version").as_int64(), 2);
  auto stale = s().as("district", "PATCH", path, R"({"industry":"x"})", {{"If-Match", "\"1\""}});
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.error_code(), "conflict");
  EXPECT_EQ(s().as("district", "DELETE", path).status, 204);
  EXPECT_EQ(s().as("district", "GET", path).status, 404);
  // Every write is in the audit log with before/after, readable by admins only.
  auto audit =
      s().as("admin", "GET", "/api/v1/audit?entity=enterprises&entity_id=" + std::to_string(id));
  ASSERT_EQ(audit.status, 200);
  auto items = audit.json().at("items").as_array();
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].at("action").as_string(), "delete");
  EXPECT_EQ(items[0].at("actor").as_string(), "district");
  EXPECT_EQ(items[1].at("action").as_string(), "update");
  EXPECT_EQ(items[1].at("before").at("industry").is_null(), true);
  EXPECT_EQ(items[1].at("after").at("industry").as_string(), "仓储");
  EXPECT_EQ(items[2].at("action").as_string(), "create");
  EXPECT_FALSE(items[2].at("request_id").as_string().empty());
  EXPECT_EQ(s().as("district", "GET", "/api/v1/audit").status, 403);
}

TEST_P(Api, DuplicateCreditCodeIsAConflict) {
  ASSERT_EQ(s().as("district", "POST", "/api/v1/enterprises", enterprise_body(9005)).status, 201);
  auto dup = s().as("district", "POST", "/api/v1/enterprises", enterprise_body(9005));
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.error_field(), "credit_code");
}

TEST_P(Api, ChemicalsDefaultTheirHazardClassOnlyWhereUnambiguous) {
  int64_t eid = s().first_id("enterprises", "hazchem_user = 1");
  std::string base = "/api/v1/enterprises/" + std::to_string(eid) + "/chemicals";
  // 氢 (hydrogen) is a flammable gas, W2, whatever the site.
  auto h2 = s().as("district", "POST", base, R"({"name":"氢","max_quantity_t":0.5})");
  ASSERT_EQ(h2.status, 201) << h2.body;
  EXPECT_EQ(h2.json().at("hazard_class").as_string(), "W2");
  EXPECT_EQ(h2.json().at("table1_seq").as_int64(), 51);
  // Nitrocellulose's CAS matches several composition-dependent rows: the user must choose.
  auto nc =
      s().as("district", "POST", base, R"({"name":"x","cas":"9004-70-0","max_quantity_t":1})");
  EXPECT_EQ(nc.status, 422);
  EXPECT_EQ(nc.error_field(), "table1_seq");
  // A substance outside Table 1 needs its class.
  auto other = s().as("district", "POST", base, R"({"name":"某溶剂","max_quantity_t":3})");
  EXPECT_EQ(other.status, 422);
  EXPECT_EQ(other.error_field(), "hazard_class");
  auto given = s().as("district", "POST", base,
                      R"({"name":"某溶剂","max_quantity_t":3,"hazard_class":"W5.4"})");
  EXPECT_EQ(given.status, 201) << given.body;
  auto bad_class = s().as("district", "POST", base,
                          R"({"name":"某溶剂","max_quantity_t":3,"hazard_class":"W12"})");
  EXPECT_EQ(bad_class.status, 422);
  EXPECT_EQ(s().as("district", "GET", base).json().at("total").as_int64() >= 2, true);
}

// Official codes go through src/standards: CAS check digits, division codes at their natural
// length (zero padding stripped), no province or city among the divisions.
TEST_P(Api, OfficialCodesAreCheckedByTheNationalRules) {
  int64_t eid = s().first_id("enterprises", "hazchem_user = 1");
  std::string base = "/api/v1/enterprises/" + std::to_string(eid) + "/chemicals";
  auto wrong =
      s().as("district", "POST", base,
             R"({"name":"液氨","cas":"7664-41-8","max_quantity_t":1,"hazard_class":"J3"})");
  EXPECT_EQ(wrong.status, 422) << wrong.body;
  EXPECT_EQ(wrong.error_field(), "cas");
  auto nh3 = s().as("district", "POST", base,
                    R"({"name":"x","cas":"7664-41-7","max_quantity_t":1,"hazard_class":"J3"})");
  ASSERT_EQ(nh3.status, 201) << nh3.body;
  EXPECT_EQ(nh3.json().at("table1_seq").as_int64(), 1) << "found by its CAS number";
  // 330100 is GB/T 2260's form of 杭州市: a city, not a district (once 409 "another district").
  auto city = s().as("district", "POST", "/api/v1/jurisdictions",
                     R"({"code":"330100","name":"杭州市","level":"district"})");
  EXPECT_EQ(city.status, 422) << city.body;
  EXPECT_EQ(city.error_field(), "code");
  auto town = s().as("district", "POST", "/api/v1/jurisdictions",
                     R"({"code":"330106150000","name":"新设街道","level":"town"})");
  ASSERT_EQ(town.status, 201) << town.body;
  EXPECT_EQ(town.json().at("code").as_string(), "330106150");
  EXPECT_EQ(town.json().at("parent_code").as_string(), "330106");
  EXPECT_EQ(town.json().at("town_code").as_string(), "330106150");
  EXPECT_EQ(s().as("district", "DELETE",
                   "/api/v1/jurisdictions/" + std::to_string(town.json().at("id").as_int64()))
                .status,
            204);
}

TEST_P(Api, GcjCoordinatesAreConvertedOnArrival) {
  auto body = json::object{{"name", "坐标测试"}, {"credit_code", credit_code_for(9006)},
                           {"scale", "小微"},    {"town_code", "330106009"},
                           {"lon", 120.1},       {"lat", 30.25},
                           {"crs", "gcj02"}};
  auto r = s().as_json("district", "POST", "/api/v1/enterprises", body);
  ASSERT_EQ(r.status, 201) << r.body;
  // In Hangzhou GCJ-02 is ~0.0046° east and ~0.0024° north of WGS-84.
  EXPECT_NEAR(r.json().at("lon").as_double(), 120.1 - 0.0046, 0.0008);
  EXPECT_NEAR(r.json().at("lat").as_double(), 30.25 + 0.0024, 0.0008);
}

TEST_P(Api, GeoJsonIsAnRfc7946FeatureCollection) {
  auto r = s().as("district", "GET", "/api/v1/shelters.geojson");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.headers["content-type"].find("geo+json"), std::string::npos);
  auto fc = r.json().as_object();
  EXPECT_EQ(fc.at("type").as_string(), "FeatureCollection");
  ASSERT_GE(fc.at("features").as_array().size(), 200u);
  auto f = fc.at("features").as_array()[0].as_object();
  EXPECT_EQ(f.at("geometry").at("type").as_string(), "Point");
  double lon = f.at("geometry").at("coordinates").as_array()[0].as_double();
  EXPECT_GT(lon, 119.9);  // lon first
  // The district outline is counter-clockwise (exterior ring, right-hand rule).
  auto j = s().as("district", "GET", "/api/v1/jurisdictions.geojson?level=district");
  auto ring = j.json()
                  .at("features")
                  .as_array()[0]
                  .at("geometry")
                  .at("coordinates")
                  .as_array()[0]
                  .as_array();
  double area2 = 0;
  for (size_t i = 0; i + 1 < ring.size(); ++i)
    area2 += ring[i].as_array()[0].as_double() * ring[i + 1].as_array()[1].as_double() -
             ring[i + 1].as_array()[0].as_double() * ring[i].as_array()[1].as_double();
  EXPECT_GT(area2, 0);
}

TEST_P(Api, CsvExportHasBomHeaderAndEveryRowInScope) {
  auto r = s().as("town_330106009", "GET", "/api/v1/shelters.csv");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(r.body.substr(3, 8), "id,name,");
  size_t lines = 0;
  for (char c : r.body) lines += c == '\n';
  auto list = s().as("town_330106009", "GET", "/api/v1/shelters?page_size=1");
  EXPECT_EQ(static_cast<int64_t>(lines) - 1, list.json().at("total").as_int64());
}

TEST_P(Api, CsvImportDryRunThenCommitIsAllOrNothing) {
  int64_t before = s().count("shelters");
  std::string good =
      "name,capacity_people,town_code,lon,lat,standardised\n"
      "导入避难所A,300,330106009,120.09,30.24,true\n"
      "导入避难所B,120,330106009,120.091,30.241,false\n";
  auto dry =
      s().as("district", "POST", "/api/v1/shelters/import", good, {{"Content-Type", "text/csv"}});
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(dry.json().at("rows").as_int64(), 2);
  EXPECT_EQ(dry.json().at("valid").as_int64(), 2);
  EXPECT_FALSE(dry.json().at("committed").as_bool());
  EXPECT_EQ(s().count("shelters"), before);
  std::string bad = good + "坏行,many,330106009,120.09,30.24,true\n";
  auto rejected = s().as("district", "POST", "/api/v1/shelters/import?dry_run=false", bad,
                         {{"Content-Type", "text/csv"}});
  ASSERT_EQ(rejected.status, 200);
  auto errors = rejected.json().at("errors").as_array();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].at("row").as_int64(), 4);  // header = 1
  EXPECT_EQ(errors[0].at("column").as_string(), "capacity_people");
  EXPECT_FALSE(rejected.json().at("committed").as_bool());
  EXPECT_EQ(s().count("shelters"), before);
  auto ok = s().as("district", "POST", "/api/v1/shelters/import?dry_run=false", good,
                   {{"Content-Type", "text/csv"}});
  EXPECT_TRUE(ok.json().at("committed").as_bool()) << ok.body;
  EXPECT_EQ(s().count("shelters"), before + 2);
}

TEST_P(Api, JsonRowsImportAcceptsSpreadsheetStrings) {
  std::string body =
      R"({"rows":[{"code":"RG-TEST-1","name":"测试雨量站","kind":"rain_gauge","town_code":"330106009","lon":"120.08","lat":"30.23","metrics":"rain_mm"}]})";
  auto r = s().as("district", "POST", "/api/v1/devices/import?dry_run=false", body);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json().at("committed").as_bool()) << r.body;
  auto dup = s().as("district", "POST", "/api/v1/devices/import?dry_run=false", body);
  EXPECT_EQ(dup.json().at("errors").as_array()[0].at("column").as_string(), "code");
}

TEST_P(Api, SpatialWithinPolygonAndCircleAreScopeRestricted) {
  // A circle around a known shelter finds it.
  auto all = s().as("district", "GET", "/api/v1/shelters?page_size=1&sort=id");
  auto first = all.json().at("items").as_array()[0].as_object();
  double lon = first.at("lon").as_double(), lat = first.at("lat").as_double();
  auto circle =
      json::object{{"shape", json::object{{"center", json::array{lon, lat}}, {"radius_m", 50}}},
                   {"layers", json::array{"shelters", "enterprises"}}};
  auto r = s().as_json("district", "POST", "/api/v1/spatial/within", circle);
  ASSERT_EQ(r.status, 200) << r.body;
  bool found = false;
  for (const auto& f : r.json().at("layers").at("shelters").at("features").as_array())
    found = found || f.at("id").as_int64() == first.at("id").as_int64();
  EXPECT_TRUE(found);
  // The whole district as a polygon holds every enterprise in the caller's scope.
  double d = 0.5;
  auto poly = json::object{
      {"shape",
       json::object{
           {"type", "Polygon"},
           {"coordinates", json::array{json::array{
                               json::array{120.1 - d, 30.2 - d}, json::array{120.1 + d, 30.2 - d},
                               json::array{120.1 + d, 30.2 + d}, json::array{120.1 - d, 30.2 + d},
                               json::array{120.1 - d, 30.2 - d}}}}}},
      {"layers", json::array{"enterprises"}}};
  auto town = s().as_json("town_330106009", "POST", "/api/v1/spatial/within", poly);
  ASSERT_EQ(town.status, 200);
  auto list = s().as("town_330106009", "GET", "/api/v1/enterprises?page_size=1");
  EXPECT_EQ(static_cast<int64_t>(
                town.json().at("layers").at("enterprises").at("features").as_array().size()),
            list.json().at("total").as_int64());
  for (const auto& f : town.json().at("layers").at("enterprises").at("features").as_array())
    EXPECT_EQ(f.at("properties").at("town_code").as_string(), "330106009");
  auto open_ring = json::object{
      {"shape", json::object{{"type", "Polygon"},
                             {"coordinates", json::array{json::array{
                                                 json::array{120, 30}, json::array{121, 30},
                                                 json::array{121, 31}, json::array{120, 31}}}}}},
      {"layers", json::array{"enterprises"}}};
  auto bad = s().as_json("district", "POST", "/api/v1/spatial/within", open_ring);
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.error_field(), "shape");
}

TEST_P(Api, CachedReadsAnswerLikeFreshOnesAndKeepDistinctRequestsApart) {
  // The same list twice: the second answer comes from the read cache, with the same status,
  // headers and bytes as the first, and its own request id.
  std::string url = "/api/v1/shelters?page_size=7&sort=-capacity_people&town_code=330106009";
  auto fresh = s().as("district", "GET", url, "", {{"X-Request-Id", "first-1"}});
  auto cached = s().as("district", "GET", url, "", {{"X-Request-Id", "second-2"}});
  ASSERT_EQ(fresh.status, 200);
  EXPECT_EQ(cached.status, 200);
  EXPECT_EQ(cached.body, fresh.body);
  for (const char* h : {"content-type", "content-length", "x-content-type-options", "server"})
    EXPECT_EQ(cached.headers[h], fresh.headers[h]) << h;
  EXPECT_EQ(fresh.headers["x-request-id"], "first-1");
  EXPECT_EQ(cached.headers["x-request-id"], "second-2");
  EXPECT_FALSE(cached.closed);
  // HEAD from the cache: the length of the body, no body.
  auto head = s().as("district", "HEAD", url);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.headers["content-length"], fresh.headers["content-length"]);
  EXPECT_TRUE(head.body.empty());
  // Reordered parameters share the answer…
  auto reordered = s().as("district", "GET",
                          "/api/v1/shelters?town_code=330106009&sort=-capacity_people&page_size=7");
  EXPECT_EQ(reordered.body, fresh.body);
  // …but a value holding '&' and '=' is not the same request as two parameters.
  auto two = s().as("district", "GET", "/api/v1/shelters?q=%E9%81%BF&sort=id");
  ASSERT_EQ(two.status, 200);
  EXPECT_GT(two.json().at("total").as_int64(), 0);
  auto one = s().as("district", "GET", "/api/v1/shelters?q=%E9%81%BF%26sort%3Did");
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.json().at("total").as_int64(), 0) << "q is the whole text 避&sort=id";
  // And another scope never gets this scope's answer.
  auto town = s().as("town_330106002", "GET", url);
  EXPECT_EQ(town.status, 200);
  EXPECT_EQ(town.json().at("total").as_int64(), 0);
}

TEST_P(Api, CachedReadsSeeWritesFromOtherProcesses) {
  auto total = [&] {
    auto r = s().as("viewer", "GET", "/api/v1/stations?page_size=1");
    return r.json().at("total").as_int64();
  };
  auto hits = [&] {
    auto m = s().client().request("GET", "/metrics").body;
    auto pos = m.find("\nlakeguard_read_cache_hits_total ");
    return std::stoll(m.substr(pos + 33));
  };
  // SQLite sees another process's commit at once (the WAL-index header); PostgreSQL when the
  // commit's notification arrives (decision 0004), so there the checks wait up to 5 s.
  bool pg = s().backend() == "postgres";
  auto eventually = [&](const std::function<bool()>& ok) {
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(pg ? 5 : 0);
    while (!ok() && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    return ok();
  };
  int64_t before = total();
  // Repeats are answered from the read cache, on both engines (on PostgreSQL once its change
  // watch listens).
  EXPECT_TRUE(eventually([&] {
    int64_t h = hits();
    return total() == before && hits() > h + 0;
  })) << "the repeat read is cached";
  // Another process (here: another connection, as `lakeguard import` would be) writes.
  auto other = db::open_database(s().db_target(), {.pool_size = 1});
  {
    auto c = other->acquire();
    c->exec(
        "INSERT INTO stations (name, town_code, lon, lat, synthetic, created_at, updated_at) "
        "VALUES ('外部写入', '330106009', 120.1, 30.25, 0, '2026-01-01', '2026-01-01')");
  }
  EXPECT_TRUE(eventually([&] { return total() == before + 1; }));
  // A session revoked elsewhere stops working even when its principal was cached.
  auto made = s().as("district", "POST", "/api/v1/tokens", R"({"name":"cache-check"})");
  std::string tok(made.json().at("token").as_string());
  auto use = [&] {
    return s()
        .client()
        .request("GET", "/api/v1/stations?page_size=1", "", {{"Authorization", "Bearer " + tok}})
        .status;
  };
  EXPECT_EQ(use(), 200);
  EXPECT_EQ(use(), 200);
  {
    auto c = other->acquire();
    c->exec("UPDATE tokens SET revoked = 1 WHERE name = 'cache-check'");
  }
  EXPECT_TRUE(eventually([&] { return use() == 401; }));
}

TEST_P(Api, DemoDataMatchesTheProductNumbers) {
  const auto& d = s().demo();
  EXPECT_EQ(d.enterprises, 412);
  EXPECT_EQ(d.shelters, 200);
  EXPECT_EQ(d.stations, 25);
  EXPECT_EQ(d.jurisdictions, 1 + 12 + 222);
  auto rg = s().as("district", "GET", "/api/v1/devices?kind=rain_gauge&page_size=1");
  EXPECT_GE(rg.json().at("total").as_int64(), 30);
  auto hz = s().as("district", "GET", "/api/v1/enterprises?hazchem_user=true&page_size=1");
  EXPECT_GE(hz.json().at("total").as_int64(), 95);
  auto real_j = s().as("district", "GET", "/api/v1/jurisdictions?synthetic=true&page_size=1");
  EXPECT_EQ(real_j.json().at("total").as_int64(), 0) << "divisions are real data";
}

INSTANTIATE_TEST_SUITE_P(Backends, Api, ::testing::ValuesIn(backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lakeguard::testing
