// Text the server stores or matches holds no control characters, bidirectional overrides or
// invalid UTF-8 (issue 7 defect 13; core/text.h find_forbidden_char): every such field or query
// parameter is answered 422 validation_failed naming it, and nothing is written. On SQLite and
// PostgreSQL. Failed before the fix: U+202E and NUL were stored in names, `q=%00` matched every
// row, token names took anything.

#include <gtest/gtest.h>

#include <atomic>

#include "fixture.h"

namespace lakeguard::testing {
namespace {

namespace json = boost::json;

class Text : public ::testing::TestWithParam<std::string> {
 protected:
  TestServer& s() { return server(GetParam()); }
  int n() {
    static std::atomic<int> i{0};
    return 50000 + static_cast<int>(GetParam().size()) * 2000 + ++i;
  }
  json::object enterprise(const std::string& name) {
    return json::object{{"name", name},    {"credit_code", credit_code_for(n())},
                        {"scale", "规下"}, {"town_code", "330106009"},
                        {"lon", 120.10},   {"lat", 30.25}};
  }
};

const std::string kRlo = "\u202E";  // RIGHT-TO-LEFT OVERRIDE
const std::string kNul = std::string(1, '\0');

TEST_P(Text, ABidiOverrideInANameIsRefusedAndNothingIsStored) {
  int64_t before = s().count("enterprises");
  auto r = s().as_json("district", "POST", "/api/v1/enterprises",
                       enterprise("西湖" + kRlo + "化工有限公司"));
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.error_code(), "validation_failed");
  EXPECT_EQ(r.error_field(), "name");
  EXPECT_NE(r.body.find("U+202E"), std::string::npos) << r.body;
  EXPECT_EQ(s().count("enterprises"), before);
  // In Chinese too (API-CONVENTIONS.md "Errors").
  auto zh =
      s().as("district", "POST", "/api/v1/enterprises",
             json::serialize(enterprise("西湖" + kRlo + "化工")), {{"Accept-Language", "zh-CN"}});
  EXPECT_EQ(zh.status, 422);
  EXPECT_NE(std::string(zh.json().at("error").at("message").as_string()).find("控制字符"),
            std::string::npos)
      << zh.body;
  // Chinese, emoji and a no-break space are text.
  auto ok = s().as_json("district", "POST", "/api/v1/enterprises",
                        enterprise("西湖🚒\u00A0文本测试" + std::to_string(n())));
  EXPECT_EQ(ok.status, 201) << ok.body;
}

TEST_P(Text, APatchWithANulChangesNothing) {
  auto made = s().as_json("district", "POST", "/api/v1/enterprises",
                          enterprise("文本补丁测试" + std::to_string(n())));
  ASSERT_EQ(made.status, 201) << made.body;
  std::string path = "/api/v1/enterprises/" + std::to_string(made.json().at("id").as_int64());
  for (const auto& [field, value] :
       std::vector<std::pair<std::string, std::string>>{{"name", "补丁" + kNul + "测试"},
                                                        {"address", "西溪路\x1b[2J"},
                                                        {"contact_name", "张\u2066三"},
                                                        {"industry", "化工\u0085"}}) {
    auto r = s().as_json("district", "PATCH", path, json::object{{field, value}});
    EXPECT_EQ(r.status, 422) << field << " " << r.body;
    EXPECT_EQ(r.error_field(), field);
  }
  auto now = s().as("district", "GET", path);
  EXPECT_EQ(now.json().at("version"), made.json().at("version"));
  EXPECT_EQ(now.json().at("name"), made.json().at("name"));
}

TEST_P(Text, QueryParametersWithControlCharactersAreRefusedNamingTheParameter) {
  for (const auto& [target, field] : std::vector<std::pair<std::string, std::string>>{
           {"/api/v1/enterprises?q=%00", "q"},
           {"/api/v1/enterprises?q=%E2%80%AE", "q"},
           {"/api/v1/enterprises?q=%FF", "q"},
           {"/api/v1/enterprises?page=1&industry=%E5%8C%96%00", "industry"},
           {"/api/v1/enterprises.csv?q=a%0Ab", "q"},
           {"/api/v1/enterprises.geojson?q=%C2%85", "q"},
           {"/api/v1/shelters?name=%E2%81%A6", "name"},
           {"/api/v1/audit?actor=%00", "actor"}}) {
    auto r = s().as("admin", "GET", target);
    EXPECT_EQ(r.status, 422) << target << " " << r.body;
    EXPECT_EQ(r.error_code(), "validation_failed") << target;
    EXPECT_EQ(r.error_field(), field) << target;
  }
  // Asked twice (the second from the read cache, if anything were cached): still refused.
  EXPECT_EQ(s().as("district", "GET", "/api/v1/enterprises?q=%00").status, 422);
  EXPECT_EQ(s().as("district", "GET", "/api/v1/enterprises?q=%00").status, 422);
  // Without credentials the answer is still 401 first.
  EXPECT_EQ(s().client().request("GET", "/api/v1/enterprises?q=%00").status, 401);
  auto ok = s().as("district", "GET", "/api/v1/enterprises?q=" + url_encode("西湖"));
  EXPECT_EQ(ok.status, 200) << ok.body;
}

TEST_P(Text, AnImportRowWithAControlCharacterIsAnErrorOfThatRowAndNothingIsWritten) {
  int64_t before = s().count("shelters");
  std::string m = std::to_string(n());
  std::string csv =
      "name,capacity_people,town_code,lon,lat,address\n"
      "文本导入A" +
      m +
      ",300,330106009,120.09,30.24,西溪路 1 号\n"
      "文本导入B" +
      m + ",120,330106009,120.091,30.241,西溪路" + kRlo +
      "2 号\n"
      "文本导入C" +
      m + kNul + ",120,330106009,120.092,30.242,\n";
  for (const char* target : {"/api/v1/shelters/import", "/api/v1/shelters/import?dry_run=false"}) {
    auto r = s().as("district", "POST", target, csv, {{"Content-Type", "text/csv"}});
    ASSERT_EQ(r.status, 200) << r.body;
    const auto& errors = r.json().at("errors").as_array();
    ASSERT_EQ(errors.size(), 2u) << r.body;
    EXPECT_EQ(errors[0].at("row").as_int64(), 3);
    EXPECT_EQ(errors[0].at("column").as_string(), "address");
    EXPECT_EQ(errors[1].at("row").as_int64(), 4);
    EXPECT_EQ(errors[1].at("column").as_string(), "name");
    EXPECT_FALSE(r.json().at("committed").as_bool());
    EXPECT_EQ(s().count("shelters"), before) << target;
  }
  // Rows from a spreadsheet (JSON) too.
  json::object row{{"name", "文本导入D" + m + "\u200F"},
                   {"capacity_people", "10"},
                   {"town_code", "330106009"},
                   {"lon", "120.09"},
                   {"lat", "30.24"}};
  auto r = s().as_json("district", "POST", "/api/v1/shelters/import?dry_run=false",
                       json::object{{"rows", json::array{row}}});
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json().at("errors").as_array().size(), 1u) << r.body;
  EXPECT_EQ(r.json().at("errors").as_array()[0].at("row").as_int64(), 2);
  EXPECT_EQ(r.json().at("errors").as_array()[0].at("column").as_string(), "name");
  EXPECT_EQ(s().count("shelters"), before);
}

TEST_P(Text, UserDisplayNamesAndUsernamesHoldNoControlCharacters) {
  int64_t before = s().count("users");
  auto user = [&](const std::string& username, const std::string& display) {
    return s().as_json("admin", "POST", "/api/v1/users",
                       json::object{{"username", username},
                                    {"password", "a-long-password"},
                                    {"role", "viewer"},
                                    {"scope_code", "330106"},
                                    {"display_name", display}});
  };
  std::string u = "text_" + std::to_string(n());
  for (const char* bad : {"值班\u0085员", "值班\u200F员", "值班\u2029员", "值班\n员"}) {
    auto r = user(u, bad);
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(r.error_field(), "display_name");
  }
  auto r = user("ad" + kRlo + "min" + std::to_string(n()), "值班员");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.error_field(), "username");
  EXPECT_EQ(s().count("users"), before);
  auto ok = user(u, "值班员 🌙");
  ASSERT_EQ(ok.status, 201) << ok.body;
  auto patch = s().as_json("admin", "PATCH",
                           "/api/v1/users/" + std::to_string(ok.json().at("id").as_int64()),
                           json::object{{"display_name", "值班" + kNul + "员"}});
  EXPECT_EQ(patch.status, 422) << patch.body;
  EXPECT_EQ(patch.error_field(), "display_name");
}

TEST_P(Text, TokenNamesHoldNoControlCharacters) {
  int64_t before = s().count("tokens");
  for (const std::string& bad : std::vector<std::string>{"网关" + kRlo + "同步", "网关" + kNul,
                                                         "网关\u0085", "网关\u2066"}) {
    auto r = s().as_json("district", "POST", "/api/v1/tokens", json::object{{"name", bad}});
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(r.error_field(), "name");
  }
  EXPECT_EQ(s().count("tokens"), before);
  auto ok = s().as_json("district", "POST", "/api/v1/tokens", json::object{{"name", "网关同步 🔄"}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(s().as("district", "DELETE",
                   "/api/v1/tokens/" + std::to_string(ok.json().at("id").as_int64()))
                .status,
            204);
}

INSTANTIATE_TEST_SUITE_P(Backends, Text, ::testing::ValuesIn(backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lakeguard::testing
