// The authorisation matrix: each role × each registry endpoint × an object inside / outside the
// caller's scope → the status PRODUCT.md's roles table implies. The expectations are written here
// from the table, independently of src/registry/permissions.cpp.

#include <gtest/gtest.h>

#include <atomic>
#include <set>

#include "fixture.h"

namespace lakeguard::testing {
namespace {

namespace json = boost::json;

const std::vector<std::string> kLocated = {"enterprises", "shelters", "warehouses", "teams",
                                           "stations",    "devices",  "cameras"};

struct RoleRule {
  std::string user;
  bool scoped;                  // town, community or enterprise scope (others: the district)
  std::set<std::string> read;   // kinds it may read ("*" = all)
  std::set<std::string> write;  // kinds it may create/change/delete ("*" = all)
};

// PRODUCT.md "Roles and what they may do".
std::vector<RoleRule> rules(const std::string& town_user, const std::string& community_user,
                            const std::string& enterprise_user) {
  return {
      {"admin", false, {"*"}, {"*"}},
      {"district", false, {"*"}, {"*"}},
      {town_user,
       true,
       {"*"},
       {"enterprises", "shelters", "warehouses", "teams", "stations", "devices", "cameras",
        "chemicals", "stock"}},
      {community_user, true, {"*"}, {"shelters", "warehouses", "teams", "stock"}},
      {enterprise_user, true, {"enterprises", "chemicals"}, {"chemicals"}},
      {"inspector", false, {"enterprises", "chemicals", "jurisdictions"}, {}},
      {"viewer", false, {"*"}, {}},
  };
}

bool has(const std::set<std::string>& s, const std::string& k) {
  return s.contains("*") || s.contains(k);
}

class Authz : public ::testing::TestWithParam<std::string> {
 protected:
  TestServer& s() { return server(GetParam()); }

  void SetUp() override {
    auto c = s().app().db().acquire();
    community_ = c->query("SELECT scope_code FROM users WHERE username LIKE 'community_%'")
                     .rows.at(0)
                     .str(0);
    community_user_ = "community_" + community_;
    town_ = community_.substr(0, 9);
    town_user_ = "town_" + town_;
    other_town_ = town_ == "330106009" ? "330106002" : "330106009";
    other_community_ =
        c->query("SELECT code FROM jurisdictions WHERE parent_code = ? ORDER BY code",
                 {other_town_})
            .rows.at(0)
            .str(0);
    auto e = c->query("SELECT enterprise_id FROM users WHERE role = 'enterprise_user'").rows.at(0);
    enterprise_id_ = e.i64(0);
    enterprise_user_ = "enterprise_" + std::to_string(enterprise_id_);
  }

  json::object body_for(const std::string& kind, const std::string& town, const std::string& comm) {
    static std::atomic<int> n{0};
    int i = ++n + 20000 + static_cast<int>(GetParam().size()) * 1000;
    json::object o{{"name", kind + "-matrix-" + std::to_string(i)},
                   {"town_code", town},
                   {"community_code", comm},
                   {"lon", 120.12},
                   {"lat", 30.26}};
    if (kind == "enterprises") {
      o["credit_code"] = credit_code_for(i);
      o["scale"] = "小微";
    } else if (kind == "shelters") {
      o["capacity_people"] = 100;
    } else if (kind == "warehouses") {
      o["level"] = "village";
    } else if (kind == "teams") {
      o["headcount"] = 12;
    } else if (kind == "devices") {
      o["code"] = "MX-" + std::to_string(i);
      o["kind"] = "wind";
    } else if (kind == "cameras") {
      o["code"] = "MC-" + std::to_string(i);
    }
    return o;
  }

  int64_t make(const std::string& kind, const std::string& town, const std::string& comm) {
    auto r = s().as_json("admin", "POST", "/api/v1/" + kind, body_for(kind, town, comm));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  }

  std::string community_, community_user_, town_, town_user_, other_town_, other_community_,
      enterprise_user_;
  int64_t enterprise_id_ = 0;
};

TEST_P(Authz, EveryRoleOnEveryLocatedKindInsideAndOutsideItsScope) {
  for (const auto& rule : rules(town_user_, community_user_, enterprise_user_)) {
    bool is_enterprise = rule.user == enterprise_user_;
    for (const auto& kind : kLocated) {
      SCOPED_TRACE(rule.user + " on " + kind);
      bool may_read = has(rule.read, kind);
      bool may_write = has(rule.write, kind);
      std::string base = "/api/v1/" + kind + "/";
      int64_t in =
          is_enterprise && kind == "enterprises" ? enterprise_id_ : make(kind, town_, community_);
      int64_t out = make(kind, other_town_, other_community_);
      // Read.
      EXPECT_EQ(s().as(rule.user, "GET", base + std::to_string(in)).status,
                !may_read                                  ? 403
                : (is_enterprise && kind != "enterprises") ? 404
                                                           : 200);
      EXPECT_EQ(s().as(rule.user, "GET", base + std::to_string(out)).status, !may_read     ? 403
                                                                             : rule.scoped ? 404
                                                                                           : 200);
      // Change: an enterprise user may change its contacts only.
      std::string change = is_enterprise && kind == "enterprises"
                               ? R"({"contact_phone":"0571-87000000"})"
                               : R"({"name":"矩阵测试改名"})";
      bool may_update = may_write || (is_enterprise && kind == "enterprises");
      EXPECT_EQ(s().as(rule.user, "PATCH", base + std::to_string(in), change).status,
                !may_read     ? 403
                : !may_update ? 403
                              : 200);
      EXPECT_EQ(s().as(rule.user, "PATCH", base + std::to_string(out), change).status,
                !may_read     ? 403
                : rule.scoped ? 404
                : may_update  ? 200
                              : 403);
      if (is_enterprise && kind == "enterprises") {
        EXPECT_EQ(
            s().as(rule.user, "PATCH", base + std::to_string(in), R"({"name":"改名"})").status,
            403);
      }
      // Create inside its own area, and in another town.
      auto own =
          s().as_json(rule.user, "POST", "/api/v1/" + kind, body_for(kind, town_, community_));
      EXPECT_EQ(own.status, !may_read ? 403 : may_write ? 201 : 403) << own.body;
      if (may_write) {
        auto other = s().as_json(rule.user, "POST", "/api/v1/" + kind,
                                 body_for(kind, other_town_, other_community_));
        EXPECT_EQ(other.status, rule.scoped ? 403 : 201) << other.body;
      }
      // Delete.
      int64_t victim = make(kind, town_, community_);
      EXPECT_EQ(s().as(rule.user, "DELETE", base + std::to_string(victim)).status,
                !may_read         ? 403
                : (is_enterprise) ? 404
                : may_write       ? 204
                                  : 403);
      int64_t victim_out = make(kind, other_town_, other_community_);
      EXPECT_EQ(s().as(rule.user, "DELETE", base + std::to_string(victim_out)).status,
                !may_read     ? 403
                : rule.scoped ? 404
                : may_write   ? 204
                              : 403);
    }
  }
}

TEST_P(Authz, ListsAndTotalsNeverIncludeWhatTheCallerMayNotSee) {
  auto c = s().app().db().acquire();
  for (const auto& kind : kLocated) {
    int64_t in_town =
        c->query("SELECT COUNT(*) FROM " + kind + " WHERE town_code = ?", {town_}).rows[0].i64(0);
    int64_t in_comm =
        c->query("SELECT COUNT(*) FROM " + kind + " WHERE community_code = ?", {community_})
            .rows[0]
            .i64(0);
    int64_t all = c->query("SELECT COUNT(*) FROM " + kind).rows[0].i64(0);
    auto total = [&](const std::string& user) {
      auto r = s().as(user, "GET", "/api/v1/" + kind + "?page_size=500");
      EXPECT_EQ(r.status, 200) << user << " " << kind;
      if (r.status != 200) return int64_t{-1};
      auto items = r.json().at("items").as_array();
      if (user == town_user_) {
        for (const auto& it : items) EXPECT_EQ(it.at("town_code").as_string(), town_);
      }
      return r.json().at("total").as_int64();
    };
    EXPECT_EQ(total(town_user_), in_town) << kind;
    EXPECT_EQ(total(community_user_), in_comm) << kind;
    EXPECT_EQ(total("viewer"), all) << kind;
    // geojson exports are restricted the same way.
    auto g = s().as(town_user_, "GET", "/api/v1/" + kind + ".geojson");
    EXPECT_EQ(static_cast<int64_t>(g.json().at("features").as_array().size()), in_town) << kind;
  }
  auto e = s().as(enterprise_user_, "GET", "/api/v1/enterprises");
  EXPECT_EQ(e.json().at("total").as_int64(), 1);
  EXPECT_EQ(s().as(enterprise_user_, "GET", "/api/v1/shelters").status, 403);
  EXPECT_EQ(s().as("inspector", "GET", "/api/v1/shelters").status, 403);
  EXPECT_EQ(s().as("inspector", "GET", "/api/v1/enterprises").json().at("total").as_int64(),
            c->query("SELECT COUNT(*) FROM enterprises").rows[0].i64(0));
}

TEST_P(Authz, NestedInventoriesFollowTheirParentsScope) {
  int64_t own = enterprise_id_;
  int64_t other = s().first_id("enterprises", "id <> " + std::to_string(own));
  std::string chem = R"({"name":"氢","max_quantity_t":0.2})";
  auto mine = s().as(enterprise_user_, "POST",
                     "/api/v1/enterprises/" + std::to_string(own) + "/chemicals", chem);
  EXPECT_EQ(mine.status, 201) << mine.body;
  EXPECT_EQ(
      s().as(enterprise_user_, "GET", "/api/v1/enterprises/" + std::to_string(other) + "/chemicals")
          .status,
      404);
  EXPECT_EQ(s().as(enterprise_user_, "POST",
                   "/api/v1/enterprises/" + std::to_string(other) + "/chemicals", chem)
                .status,
            404);
  EXPECT_EQ(
      s().as("viewer", "POST", "/api/v1/enterprises/" + std::to_string(own) + "/chemicals", chem)
          .status,
      403);
  EXPECT_EQ(s().as("inspector", "GET", "/api/v1/enterprises/" + std::to_string(own) + "/chemicals")
                .status,
            200);
  // A warehouse outside the town officer's town hides its stock.
  auto c = s().app().db().acquire();
  int64_t wh_out =
      c->query("SELECT MIN(id) FROM warehouses WHERE town_code <> ?", {town_}).rows[0].i64(0);
  int64_t wh_in =
      c->query("SELECT MIN(id) FROM warehouses WHERE town_code = ?", {town_}).rows[0].i64(0);
  EXPECT_EQ(
      s().as(town_user_, "GET", "/api/v1/warehouses/" + std::to_string(wh_out) + "/stock").status,
      404);
  EXPECT_EQ(
      s().as(town_user_, "GET", "/api/v1/warehouses/" + std::to_string(wh_in) + "/stock").status,
      200);
  auto stock = s().as(
      town_user_, "POST", "/api/v1/warehouses/" + std::to_string(wh_in) + "/stock",
      R"({"category":"救生","name":"救生衣","quantity":20,"unit":"件","expiry":"2028-02-29"})");
  EXPECT_EQ(stock.status, 201) << stock.body;
}

TEST_P(Authz, OnlyTheDistrictWritesJurisdictionsAndOnlyAdminsManageUsersAndAudit) {
  auto body = "{\"name\":\"测试社区\",\"code\":\"" + town_ +
              "999\",\"level\":\"community\",\"lon\":120.1,\"lat\":30.25}";
  EXPECT_EQ(s().as(town_user_, "POST", "/api/v1/jurisdictions", body).status, 403);
  auto made = s().as("district", "POST", "/api/v1/jurisdictions", body);
  EXPECT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.json().at("parent_code").as_string(), town_);
  // The new community is usable at once.
  auto sh = s().as("district", "POST", "/api/v1/shelters",
                   "{\"name\":\"新社区避难所\",\"capacity_people\":50,\"town_code\":\"" + town_ +
                       "\",\"community_code\":\"" + town_ + "999\",\"lon\":120.1,\"lat\":30.25}");
  EXPECT_EQ(sh.status, 201) << sh.body;
  // Town officers see their town's divisions only.
  auto js = s().as(town_user_, "GET", "/api/v1/jurisdictions?page_size=500");
  for (const auto& j : js.json().at("items").as_array())
    EXPECT_EQ(std::string(j.at("code").as_string()).substr(0, 9), town_);
  for (const std::string& u :
       {std::string("district"), town_user_, std::string("viewer"), std::string("inspector")}) {
    EXPECT_EQ(s().as(u, "GET", "/api/v1/users").status, 403) << u;
    EXPECT_EQ(s().as(u, "GET", "/api/v1/audit").status, 403) << u;
  }
  EXPECT_EQ(s().as("admin", "GET", "/api/v1/users").status, 200);
  EXPECT_EQ(s().client().request("GET", "/api/v1/enterprises").status, 401);
}

// The console offers only what GET /auth/me says (it keeps no role table of its own): the
// permissions reported must be the matrix above, which the tests above prove the server enforces.
TEST_P(Authz, MeReportsThePermissionsTheServerEnforces) {
  std::vector<std::string> all = kLocated;
  for (const char* k : {"chemicals", "stock", "jurisdictions"}) all.emplace_back(k);
  for (const auto& rule : rules(town_user_, community_user_, enterprise_user_)) {
    auto me = s().as(rule.user, "GET", "/api/v1/auth/me");
    ASSERT_EQ(me.status, 200) << rule.user;
    const auto& perms = me.json().at("permissions").as_object();
    bool is_enterprise = rule.user == enterprise_user_;
    for (const auto& kind : all) {
      SCOPED_TRACE(rule.user + " on " + kind);
      const auto& k = perms.at(kind).as_object();
      // Jurisdictions: the district's (admin and district officers) only.
      bool write = kind == "jurisdictions" ? (rule.user == "admin" || rule.user == "district")
                                           : has(rule.write, kind);
      EXPECT_EQ(k.at("read").as_bool(), has(rule.read, kind));
      EXPECT_EQ(k.at("create").as_bool(), write);
      EXPECT_EQ(k.at("delete").as_bool(), write);
      EXPECT_EQ(k.at("update").as_bool(), write || (is_enterprise && kind == "enterprises"));
      EXPECT_EQ(k.contains("fields"), is_enterprise && kind == "enterprises");
    }
    bool admin = rule.user == "admin";
    EXPECT_EQ(perms.at("users").at("read").as_bool(), admin);
    EXPECT_EQ(perms.at("audit").at("read").as_bool(), admin);
    EXPECT_TRUE(perms.at("tokens").at("create").as_bool());
  }
  // Warehouse levels by role: the district's store is the district's.
  auto levels = [&](const std::string& user) {
    auto me = s().as(user, "GET", "/api/v1/auth/me");
    const auto& w = me.json().at("permissions").at("warehouses").as_object();
    return w.contains("values") ? json::serialize(w.at("values").at("level")) : std::string("*");
  };
  EXPECT_EQ(levels("district"), "*");
  EXPECT_EQ(levels(town_user_), R"(["town","village"])");
  EXPECT_EQ(levels(community_user_), R"(["village"])");
}

// Warehouse levels by role (issue 7, defect 3): a community officer keeps village stores only; the
// district warehouse is not writable by the officer of the town it stands in, nor is its stock.
TEST_P(Authz, WarehouseLevelsAreEnforcedByRole) {
  auto body = body_for("warehouses", town_, community_);
  body["level"] = "district";
  auto r = s().as_json(community_user_, "POST", "/api/v1/warehouses", body);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.error_field(), "level");
  body["level"] = "town";
  EXPECT_EQ(s().as_json(community_user_, "POST", "/api/v1/warehouses", body).status, 403);
  EXPECT_EQ(s().as_json(town_user_, "POST", "/api/v1/warehouses", body).status, 201);
  body["level"] = "district";
  EXPECT_EQ(s().as_json(town_user_, "POST", "/api/v1/warehouses", body).error_field(), "level");
  // The district warehouse, wherever it stands: its town's officer may read it, not change it.
  int64_t district_wh = make("warehouses", town_, community_);
  ASSERT_EQ(s().as("admin", "PATCH", "/api/v1/warehouses/" + std::to_string(district_wh),
                   R"({"level":"district"})")
                .status,
            200);
  std::string path = "/api/v1/warehouses/" + std::to_string(district_wh);
  EXPECT_EQ(s().as(town_user_, "GET", path).status, 200);
  EXPECT_EQ(s().as(town_user_, "PATCH", path, R"({"name":"改名"})").status, 403);
  EXPECT_EQ(s().as(town_user_, "PATCH", path, R"({"level":"town"})").status, 403);
  EXPECT_EQ(s().as(town_user_, "DELETE", path).status, 403);
  auto stock = s().as(town_user_, "POST", path + "/stock",
                      R"({"category":"救生","name":"救生衣","quantity":10,"unit":"件"})");
  EXPECT_EQ(stock.status, 403) << stock.body;
  EXPECT_EQ(s().as("district", "POST", path + "/stock",
                   R"({"category":"救生","name":"救生衣","quantity":10,"unit":"件"})")
                .status,
            201);
}

INSTANTIATE_TEST_SUITE_P(Backends, Authz, ::testing::ValuesIn(backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lakeguard::testing
