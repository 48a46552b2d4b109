// The defects found probing the foundation (issue 7, §2), each as it is seen through the API, on
// SQLite and PostgreSQL. Every test here failed before its fix.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "fixture.h"

namespace lakeguard::testing {
namespace {

namespace json = boost::json;

class Hardening : public ::testing::TestWithParam<std::string> {
 protected:
  TestServer& s() { return server(GetParam()); }
  int n() {
    static std::atomic<int> i{0};
    return 30000 + static_cast<int>(GetParam().size()) * 2000 + ++i;
  }
  json::object audit(const std::string& entity, int64_t id) {
    auto r = s().as("admin", "GET",
                    "/api/v1/audit?entity=" + entity + "&entity_id=" + std::to_string(id));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_object();
  }
  int64_t create(const std::string& path, const json::object& body) {
    auto r = s().as_json("admin", "POST", path, body);
    EXPECT_EQ(r.status, 201) << path << " " << r.body;
    return r.status == 201 ? r.json().at("id").as_int64() : -1;
  }
  json::object warehouse(const std::string& name) {
    return json::object{{"name", name},
                        {"level", "village"},
                        {"town_code", "330106009"},
                        {"lon", 120.12},
                        {"lat", 30.26}};
  }
};

// Defect 2: deleting a warehouse took its stock with it without a trace; now every removed child
// is audited (the stock ledger stays complete) and the parent goes last.
TEST_P(Hardening, CascadingDeletesAuditEveryChild) {
  int64_t wh = create("/api/v1/warehouses", warehouse("级联删除测试库" + std::to_string(n())));
  std::string stock_path = "/api/v1/warehouses/" + std::to_string(wh) + "/stock";
  std::vector<int64_t> items;
  for (const char* name : {"救生衣", "帐篷"})
    items.push_back(create(
        stock_path,
        json::object{{"category", "救援"}, {"name", name}, {"quantity", 10}, {"unit", "件"}}));
  auto del = s().as("admin", "DELETE", "/api/v1/warehouses/" + std::to_string(wh));
  ASSERT_EQ(del.status, 204) << del.body;
  for (int64_t id : items) {
    auto a = audit("stock", id);
    ASSERT_GE(a.at("total").as_int64(), 2) << "create and delete of stock " << id;
    const auto& last = a.at("items").as_array()[0].as_object();  // newest first
    EXPECT_EQ(last.at("action").as_string(), "delete");
    EXPECT_EQ(last.at("before").at("name").as_string().size() > 0, true);
    EXPECT_TRUE(last.at("after").is_null());
  }
  EXPECT_EQ(audit("warehouses", wh).at("items").as_array()[0].at("action").as_string(), "delete");
  EXPECT_EQ(s().as("admin", "GET", stock_path).status, 404);
}

// Defect 5: a division in use could be re-coded (orphaning its objects and users), and a second
// district could be created (widening the accepted bounding box by hundreds of kilometres).
TEST_P(Hardening, DivisionsInUseKeepTheirCodeAndThereIsOneDistrict) {
  auto towns = s().as("district", "GET", "/api/v1/jurisdictions?code=330106009");
  ASSERT_EQ(towns.status, 200);
  int64_t town_id = towns.json().at("items").as_array()[0].at("id").as_int64();
  auto recode = s().as("district", "PATCH", "/api/v1/jurisdictions/" + std::to_string(town_id),
                       R"({"code":"330106099"})");
  EXPECT_EQ(recode.status, 409) << recode.body;
  EXPECT_EQ(recode.error_field(), "code");
  EXPECT_EQ(s().as("district", "GET", "/api/v1/jurisdictions/" + std::to_string(town_id))
                .json()
                .at("code")
                .as_string(),
            "330106009");
  // Its name may change (nothing refers to a name).
  EXPECT_EQ(s().as("district", "PATCH", "/api/v1/jurisdictions/" + std::to_string(town_id),
                   R"({"population":12345})")
                .status,
            200);
  auto second = s().as("district", "POST", "/api/v1/jurisdictions",
                       R"({"code":"110105","name":"朝阳区","level":"district"})");
  EXPECT_EQ(second.status, 409) << second.body;
  EXPECT_EQ(second.error_field(), "level");
  auto foreign = s().as("district", "POST", "/api/v1/jurisdictions",
                        R"({"code":"110105001","name":"外区街道","level":"town"})");
  EXPECT_EQ(foreign.status, 422) << foreign.body;
  EXPECT_EQ(foreign.error_field(), "code");
  // A division nothing refers to yet may still be corrected.
  std::string code = "330106009" + std::to_string(800 + n() % 100);
  int64_t fresh = create("/api/v1/jurisdictions", json::object{{"code", code},
                                                               {"name", "新建社区"},
                                                               {"level", "community"},
                                                               {"lon", 120.1},
                                                               {"lat", 30.25}});
  std::string moved = "330106009" + std::to_string(700 + n() % 100);
  auto fix = s().as("district", "PATCH", "/api/v1/jurisdictions/" + std::to_string(fresh),
                    json::serialize(json::object{{"code", moved}}));
  EXPECT_EQ(fix.status, 200) << fix.body;
  EXPECT_EQ(fix.json().at("community_code").as_string(), moved);
}

// Defect 6: POST /users took a scope code that names no division (the user then read the whole
// district) and a 5,000-character display name that PATCH would refuse.
TEST_P(Hardening, UsersGetOneValidationOnCreateAndChange) {
  auto user = [&](const std::string& scope, const std::string& display) {
    return s().as_json("admin", "POST", "/api/v1/users",
                       json::object{{"username", "hardening_" + std::to_string(n())},
                                    {"password", "a-long-password"},
                                    {"role", "viewer"},
                                    {"scope_code", scope},
                                    {"display_name", display}});
  };
  for (const char* bad : {"999999", "330107", "330106999", "330106009999"}) {
    auto r = user(bad, "只读用户");
    EXPECT_EQ(r.status, 422) << bad << " " << r.body;
    EXPECT_EQ(r.error_field(), "scope_code") << bad;
  }
  auto long_name = user("330106", std::string(5000, 'x'));
  EXPECT_EQ(long_name.status, 422);
  EXPECT_EQ(long_name.error_field(), "display_name");
  EXPECT_EQ(user("330106", "admin\u202Etxt.exe").error_field(), "display_name");
  auto ok = user("330106009", "镇街只读");
  ASSERT_EQ(ok.status, 201) << ok.body;
  auto patch = s().as_json("admin", "PATCH",
                           "/api/v1/users/" + std::to_string(ok.json().at("id").as_int64()),
                           json::object{{"display_name", std::string(101, 'x')}});
  EXPECT_EQ(patch.error_field(), "display_name");
}

// Defect 7: /spatial/within cut the answer silently at 50,000 bounding-box candidates. The exact
// test comes first; past the maximum (here configured to 300) the answer is 413, never a cut.
TEST_P(Hardening, SpatialWithinTestsExactlyThenRefusesPastItsMaximum) {
  json::array layers{"enterprises", "shelters", "warehouses", "teams",
                     "stations",    "devices",  "cameras"};
  auto big = s().as_json("district", "POST", "/api/v1/spatial/within",
                         json::object{{"shape", json::object{{"center", json::array{120.1, 30.2}},
                                                             {"radius_m", 60000}}},
                                      {"layers", layers}});
  EXPECT_EQ(big.status, 413) << big.body.substr(0, 200);
  EXPECT_EQ(big.error_code(), "payload_too_large");
  EXPECT_EQ(big.error_field(), "shape");
  // A thin sliver across the whole district: its bounding box holds every object, but only the
  // few inside the sliver are answered — and that is not too many.
  json::array ring{json::array{119.9, 30.0}, json::array{120.4, 30.4}, json::array{120.4, 30.4001},
                   json::array{119.9, 30.0001}, json::array{119.9, 30.0}};
  auto thin = s().as_json(
      "district", "POST", "/api/v1/spatial/within",
      json::object{{"shape", json::object{{"type", "Polygon"}, {"coordinates", json::array{ring}}}},
                   {"layers", layers}});
  ASSERT_EQ(thin.status, 200) << thin.body.substr(0, 200);
  size_t found = 0;
  for (const auto& kv : thin.json().at("layers").as_object())
    found += kv.value().at("features").as_array().size();
  EXPECT_LT(found, 50u);
}

// Defect 11: a bad row got a bogus second error ("'name' is required" after "the row has N
// cells"), and errors were not in row order.
TEST_P(Hardening, ImportReportsOneErrorPerRowInRowOrder) {
  std::string csv =
      "name,type,capacity_people,town_code,lon,lat\n"
      "好的避难所,室内,100,330106009,120.1,30.25\n"
      ",室内,100,330106009,120.1,30.25,extra\n"  // too many cells (and no name)
      "没有容量,室内,,330106009,120.1,30.25\n"
      "坏容量,室内,很多,330106009,120.1,30.25\n";
  auto r = s().as("district", "POST", "/api/v1/shelters/import?dry_run=true", csv,
                  {{"Content-Type", "text/csv"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& errors = r.json().at("errors").as_array();
  ASSERT_EQ(errors.size(), 3u) << r.body;
  std::vector<int64_t> rows;
  for (const auto& e : errors) rows.push_back(e.at("row").as_int64());
  EXPECT_EQ(rows, (std::vector<int64_t>{3, 4, 5}));
  EXPECT_EQ(r.json().at("rows").as_int64(), 4);
  auto json_rows =
      s().as_json("district", "POST", "/api/v1/shelters/import?dry_run=true",
                  json::object{{"rows", json::array{42, json::object{{"name", "x"},
                                                                     {"capacity_people", 5},
                                                                     {"town_code", "330106009"},
                                                                     {"lon", 120.1},
                                                                     {"lat", 30.25}}}}});
  ASSERT_EQ(json_rows.status, 200);
  ASSERT_EQ(json_rows.json().at("errors").as_array().size(), 1u) << json_rows.body;
  EXPECT_EQ(json_rows.json().at("errors").as_array()[0].at("row").as_int64(), 2);
}

// Defect 12: PATCH {} bumped the version, wrote an audit row and published an update.
TEST_P(Hardening, APatchThatChangesNothingWritesNothing) {
  int64_t id = create("/api/v1/warehouses", warehouse("空补丁测试库" + std::to_string(n())));
  std::string path = "/api/v1/warehouses/" + std::to_string(id);
  int64_t audits = audit("warehouses", id).at("total").as_int64();
  auto empty = s().as("admin", "PATCH", path, "{}");
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_EQ(empty.json().at("version").as_int64(), 1);
  EXPECT_EQ(empty.headers["etag"], "\"1\"");
  auto same = s().as("admin", "PATCH", path, R"({"level":"village"})");
  ASSERT_EQ(same.status, 200);
  EXPECT_EQ(same.json().at("version").as_int64(), 1);
  EXPECT_EQ(audit("warehouses", id).at("total").as_int64(), audits);
  auto real = s().as("admin", "PATCH", path, R"({"area_m2":80})");
  EXPECT_EQ(real.json().at("version").as_int64(), 2);
  EXPECT_EQ(audit("warehouses", id).at("total").as_int64(), audits + 1);
}

// Defect 14: API tokens survived a password reset, could mint more tokens, and never expired.
TEST_P(Hardening, TokensEndWithTheirUsersPasswordAndCannotMintTokens) {
  std::string name = "tokens_" + std::to_string(n());
  auto made = s().as_json("admin", "POST", "/api/v1/users",
                          json::object{{"username", name},
                                       {"password", "first-password"},
                                       {"role", "district_officer"},
                                       {"scope_code", "330106"}});
  ASSERT_EQ(made.status, 201) << made.body;
  auto login = s().client().request(
      "POST", "/api/v1/auth/login",
      json::serialize(json::object{{"username", name}, {"password", "first-password"}}),
      {{"Content-Type", "application/json"}});
  ASSERT_EQ(login.status, 200);
  std::string session(login.json().at("token").as_string());
  auto bearer = [](const std::string& t) {
    return std::vector<std::pair<std::string, std::string>>{{"Authorization", "Bearer " + t},
                                                            {"Content-Type", "application/json"}};
  };
  auto tok = s().client().request("POST", "/api/v1/tokens", R"({"name":"脚本"})", bearer(session));
  ASSERT_EQ(tok.status, 201) << tok.body;
  std::string api_token(tok.json().at("token").as_string());
  // Default expiry: one year.
  ASSERT_TRUE(tok.json().at("expires_at").is_string());
  auto in_a_year = iso_utc(1000 * (std::time(nullptr) + 365LL * 86400)).substr(0, 10);
  EXPECT_EQ(std::string(tok.json().at("expires_at").as_string()).substr(0, 10), in_a_year);
  // A token may not mint tokens.
  auto minted =
      s().client().request("POST", "/api/v1/tokens", R"({"name":"再生"})", bearer(api_token));
  EXPECT_EQ(minted.status, 403) << minted.body;
  auto me = s().client().request("GET", "/api/v1/auth/me", "", bearer(api_token));
  ASSERT_EQ(me.status, 200);
  EXPECT_FALSE(me.json().at("permissions").at("tokens").at("create").as_bool());
  // A password reset ends the session and the API token.
  auto reset = s().as_json("admin", "PATCH",
                           "/api/v1/users/" + std::to_string(made.json().at("id").as_int64()),
                           json::object{{"password", "second-password"}});
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_EQ(s().client().request("GET", "/api/v1/auth/me", "", bearer(api_token)).status, 401);
  EXPECT_EQ(s().client().request("GET", "/api/v1/auth/me", "", bearer(session)).status, 401);
}

// §1: the read cache is invalidated per collection. A write to shelters (and the audit row and
// Idempotency-Key it writes) leaves the cached enterprise lists alone; a write to enterprises
// does not.
TEST_P(Hardening, TheReadCacheIsInvalidatedPerCollection) {
  auto counter = [&](const std::string& name) {
    auto m = s().client().request("GET", "/metrics").body;
    auto at = m.find("\n" + name + " ");
    EXPECT_NE(at, std::string::npos) << name;
    return std::stoll(m.substr(at + name.size() + 2));
  };
  std::string list = "/api/v1/enterprises?page_size=7&sort=-id&scale=" + url_encode("规下");
  auto read = [&] {
    auto r = s().as("district", "GET", list);
    EXPECT_EQ(r.status, 200);
    return r.body;
  };
  std::string first = read();
  // PostgreSQL caches once its change watch listens (it connects in the background at start).
  int64_t hits = counter("lakeguard_read_cache_hits_total");
  for (int i = 0; i < 1000 && counter("lakeguard_read_cache_hits_total") == hits; ++i) {
    EXPECT_EQ(read(), first);
    if (counter("lakeguard_read_cache_hits_total") == hits)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  hits = counter("lakeguard_read_cache_hits_total");
  EXPECT_EQ(read(), first);
  EXPECT_EQ(counter("lakeguard_read_cache_hits_total"), hits + 1);
  auto shelter = s().as("district", "POST", "/api/v1/shelters",
                        R"({"name":"缓存测试避难所","capacity_people":10,"town_code":"330106009",
                            "lon":120.1,"lat":30.25})",
                        {{"Idempotency-Key", "cache-test-" + GetParam()}});
  ASSERT_EQ(shelter.status, 201) << shelter.body;
  EXPECT_EQ(read(), first);
  EXPECT_EQ(counter("lakeguard_read_cache_hits_total"), hits + 2) << "a shelter write emptied it";
  int64_t misses = counter("lakeguard_read_cache_misses_total");
  int64_t id = create("/api/v1/enterprises", json::object{{"name", "缓存失效测试企业"},
                                                          {"credit_code", credit_code_for(n())},
                                                          {"scale", "规下"},
                                                          {"town_code", "330106009"},
                                                          {"lon", 120.1},
                                                          {"lat", 30.25}});
  std::string after = read();
  EXPECT_NE(after.find("\"id\":" + std::to_string(id)), std::string::npos) << "stale list";
  EXPECT_GT(counter("lakeguard_read_cache_misses_total"), misses);
}

INSTANTIATE_TEST_SUITE_P(Backends, Hardening, ::testing::ValuesIn(backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lakeguard::testing
