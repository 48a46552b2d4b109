// Bad input gets the error contract — a JSON error body with a stable code and the field at
// fault — never a crash and never a partial write.

#include <gtest/gtest.h>

#include "fixture.h"

namespace lakeguard::testing {
namespace {

namespace json = boost::json;

class BadInput : public ::testing::TestWithParam<std::string> {
 protected:
  TestServer& s() { return server(GetParam()); }

  // Posts body as district and checks status, code and field; the table must not grow.
  void expect_rejected(const std::string& path, const std::string& body, int status,
                       const std::string& code, const std::string& field,
                       const std::string& table = "enterprises",
                       std::vector<std::pair<std::string, std::string>> headers = {}) {
    int64_t before = s().count(table);
    auto r = s().as("district", "POST", path, body, headers);
    EXPECT_EQ(r.status, status) << body << " → " << r.body;
    EXPECT_EQ(r.error_code(), code) << r.body;
    EXPECT_EQ(r.error_field(), field) << r.body;
    auto err = r.json().at("error").as_object();
    EXPECT_FALSE(err.at("message").as_string().empty());
    EXPECT_FALSE(err.at("request_id").as_string().empty());
    EXPECT_EQ(s().count(table), before);
    EXPECT_EQ(s().client().request("GET", "/healthz").status, 200) << "server still up";
  }
};

json::object valid() {
  return {{"name", "坏输入测试"}, {"credit_code", credit_code_for(31001)},
          {"scale", "规上"},      {"town_code", "330106009"},
          {"lon", 120.1},         {"lat", 30.25}};
}

std::string with(const std::string& key, json::value v) {
  auto o = valid();
  o[key] = std::move(v);
  return json::serialize(o);
}

std::string without(const std::string& key) {
  auto o = valid();
  o.erase(key);
  return json::serialize(o);
}

TEST_P(BadInput, MalformedJsonIsBadRequest) {
  for (std::string body :
       {"{", "{\"name\":}", "[1,2", "not json", "\"just a string\"", "[]", "{\"a\":1}garbage"})
    expect_rejected("/api/v1/enterprises", body, 400, "bad_request", "");
}

TEST_P(BadInput, DeeplyNestedJsonIsRejectedNotRecursedInto) {
  std::string deep(100000, '[');
  expect_rejected("/api/v1/enterprises", deep, 400, "bad_request", "");
}

TEST_P(BadInput, WrongContentTypeIsBadRequest) {
  expect_rejected("/api/v1/enterprises", json::serialize(valid()), 400, "bad_request", "",
                  "enterprises", {{"Content-Type", "text/plain"}});
}

TEST_P(BadInput, WrongTypesNameTheField) {
  expect_rejected("/api/v1/enterprises", with("name", 5), 422, "validation_failed", "name");
  expect_rejected("/api/v1/enterprises", with("lon", "120.1"), 422, "validation_failed", "lon");
  expect_rejected("/api/v1/enterprises", with("hazchem_user", "yes"), 422, "validation_failed",
                  "hazchem_user");
  expect_rejected("/api/v1/enterprises", with("flags", "人员密集场所"), 422, "validation_failed",
                  "flags");
  expect_rejected("/api/v1/enterprises", with("flags", json::array{"不存在的类别"}), 422,
                  "validation_failed", "flags");
  expect_rejected(
      "/api/v1/shelters",
      R"({"name":"x","capacity_people":1.5,"town_code":"330106009","lon":120.1,"lat":30.25})", 422,
      "validation_failed", "capacity_people", "shelters");
  expect_rejected(
      "/api/v1/shelters",
      R"({"name":"x","capacity_people":-1,"town_code":"330106009","lon":120.1,"lat":30.25})", 422,
      "validation_failed", "capacity_people", "shelters");
}

TEST_P(BadInput, UnknownAndReadOnlyFieldsAreRejected) {
  expect_rejected("/api/v1/enterprises", with("colour", "red"), 422, "validation_failed", "colour");
  expect_rejected("/api/v1/enterprises", with("id", 5), 422, "validation_failed", "id");
  expect_rejected("/api/v1/enterprises", with("synthetic", true), 422, "validation_failed",
                  "synthetic");
  expect_rejected("/api/v1/auth/login", R"({"username":"a","password":"b","remember":true})", 422,
                  "validation_failed", "remember");
}

TEST_P(BadInput, MissingRequiredFieldsNameTheField) {
  for (const char* f : {"name", "credit_code", "scale", "town_code", "lon", "lat"})
    expect_rejected("/api/v1/enterprises", without(f), 422, "validation_failed", f);
  expect_rejected("/api/v1/enterprises", with("name", "   "), 422, "validation_failed", "name");
}

TEST_P(BadInput, InvalidCreditCodesAreRejected) {
  std::string good = credit_code_for(31002);
  std::string wrong_check = good.substr(0, 17) + (good[17] == '0' ? '1' : '0');
  for (const std::string& c : {wrong_check, good.substr(0, 17), good + "1",
                               good.substr(0, 16) + "I" + good[17], std::string("")})
    expect_rejected("/api/v1/enterprises", with("credit_code", json::value(std::string_view(c))),
                    422, "validation_failed", "credit_code");
  // Lower case is accepted and normalised.
  std::string lower = credit_code_for(31003);
  for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  auto ok = s().as("district", "POST", "/api/v1/enterprises",
                   with("credit_code", json::value(std::string_view(lower))));
  EXPECT_EQ(ok.status, 201) << ok.body;
}

TEST_P(BadInput, InvalidCoordinatesAndCodesAreRejected) {
  expect_rejected("/api/v1/enterprises", with("lon", 200), 422, "validation_failed", "lon");
  expect_rejected("/api/v1/enterprises", with("lat", -91), 422, "validation_failed", "lat");
  expect_rejected("/api/v1/enterprises", with("lon", 116.4), 422, "validation_failed",
                  "lon");  // Beijing
  expect_rejected("/api/v1/enterprises", with("town_code", "330106999"), 422, "validation_failed",
                  "town_code");
  expect_rejected("/api/v1/enterprises", with("community_code", "330106002051"), 422,
                  "validation_failed",
                  "community_code");  // a community of another town
  expect_rejected("/api/v1/enterprises", with("crs", "epsg3857"), 422, "validation_failed", "crs");
  expect_rejected("/api/v1/enterprises", with("scale", "大型"), 422, "validation_failed", "scale");
}

TEST_P(BadInput, OversizedBodyIs413AndTheConnectionCloses) {
  std::string big(2 * 1024 * 1024, 'x');  // the test server's limit is 1 MiB
  auto r = s().as("district", "POST", "/api/v1/enterprises", big);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.error_code(), "payload_too_large");
  EXPECT_TRUE(r.closed);
  // A lying Content-Length is refused before any body byte is read.
  std::string raw = s().client().raw(
      "POST /api/v1/enterprises HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 999999999\r\n\r\n{");
  EXPECT_NE(raw.find("413"), std::string::npos) << raw;
  EXPECT_NE(raw.find("payload_too_large"), std::string::npos);
}

TEST_P(BadInput, MalformedHttpAndUrlsGetTheErrorContract) {
  std::string raw = s().client().raw("GARBAGE\r\n\r\n");
  EXPECT_NE(raw.find("400"), std::string::npos) << raw;
  auto r = s().as("district", "GET", "/api/v1/enterprises?q=%E4%B");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_code(), "bad_request");
  auto nf = s().as("district", "GET", "/api/v1/enterprises/abc");
  EXPECT_EQ(nf.status, 404);
  auto unknown = s().as("district", "GET", "/api/v1/nothing-here");
  EXPECT_EQ(unknown.error_code(), "not_found");
}

TEST_P(BadInput, BadCsvRowsAreReportedPerRowAndNothingIsWritten) {
  int64_t before = s().count("enterprises");
  std::string csv =
      "name,credit_code,scale,town_code,lon,lat\n"
      "好企业," +
      credit_code_for(31004) +
      ",规上,330106009,120.1,30.25\n"
      "坏信用码,91330106MA2AAAAAAA,规上,330106009,120.1,30.25\n"
      "坏坐标," +
      credit_code_for(31005) +
      ",规上,330106009,abc,30.25\n"
      "重复," +
      credit_code_for(31004) +
      ",规下,330106009,120.1,30.25\n"
      "坏镇街," +
      credit_code_for(31006) + ",小微,330106999,120.1,30.25\n";
  auto r = s().as("district", "POST", "/api/v1/enterprises/import?dry_run=false", csv,
                  {{"Content-Type", "text/csv"}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto errors = r.json().at("errors").as_array();
  ASSERT_EQ(errors.size(), 4u) << r.body;
  EXPECT_EQ(errors[0].at("row").as_int64(), 3);
  EXPECT_EQ(errors[0].at("column").as_string(), "credit_code");
  EXPECT_EQ(errors[1].at("row").as_int64(), 4);
  EXPECT_EQ(errors[1].at("column").as_string(), "lon");
  EXPECT_EQ(errors[2].at("row").as_int64(), 5);
  EXPECT_EQ(errors[2].at("column").as_string(), "credit_code");
  EXPECT_EQ(errors[3].at("row").as_int64(), 6);
  EXPECT_EQ(errors[3].at("column").as_string(), "town_code");
  EXPECT_FALSE(r.json().at("committed").as_bool());
  EXPECT_EQ(s().count("enterprises"), before);
  // Structural problems.
  auto unterminated = s().as("district", "POST", "/api/v1/enterprises/import",
                             "name,scale\n\"open,规上\n", {{"Content-Type", "text/csv"}});
  EXPECT_EQ(unterminated.status, 400);
  auto unknown_col = s().as("district", "POST", "/api/v1/enterprises/import",
                            "name,colour\nx,red\n", {{"Content-Type", "text/csv"}});
  EXPECT_EQ(unknown_col.json().at("errors").as_array()[0].at("column").as_string(), "colour");
  auto xml = s().as("district", "POST", "/api/v1/enterprises/import", "<x/>",
                    {{"Content-Type", "application/xml"}});
  EXPECT_EQ(xml.status, 415);
  EXPECT_EQ(xml.error_code(), "unsupported_media_type");
  std::string latin1 = "name\n\xff\xfe\n";
  auto not_utf8 = s().as("district", "POST", "/api/v1/enterprises/import", latin1,
                         {{"Content-Type", "text/csv"}});
  EXPECT_EQ(not_utf8.status, 400);
}

TEST_P(BadInput, Gb18030CsvIsAcceptedWhenDeclared) {
  // "名称" is not a column; use the header in ASCII and a Chinese name in GB18030: 杭州 = BA BC D6
  // DD.
  std::string csv =
      "name,capacity_people,town_code,lon,lat\n\xBA\xBC\xD6\xDD,10,330106009,120.1,30.25\n";
  auto r = s().as("district", "POST", "/api/v1/shelters/import?charset=gb18030", csv,
                  {{"Content-Type", "text/csv"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("valid").as_int64(), 1) << r.body;
}

std::string message_of(const HttpResponse& r) {
  return std::string(r.json().at("error").at("message").as_string());
}

std::string content_language(const HttpResponse& r) {
  auto it = r.headers.find("content-language");
  return it == r.headers.end() ? "" : it->second;
}

TEST_P(BadInput, ErrorMessagesAreInTheLanguageTheRequestPrefers) {
  const std::vector<std::pair<std::string, std::string>> zh = {
      {"Accept-Language", "zh-CN,zh;q=0.9"}};
  const std::vector<std::pair<std::string, std::string>> en = {{"Accept-Language", "en"}};
  struct Case {
    std::string body, field, english, chinese;
  };
  std::string bad_code = credit_code_for(31007);
  bad_code[17] = bad_code[17] == '0' ? '1' : '0';
  for (const Case& c : std::vector<Case>{
           {without("credit_code"), "credit_code", "'credit_code' is required.",
            "'credit_code' 为必填项。"},
           {with("credit_code", json::value(std::string_view(bad_code))), "credit_code",
            "The unified social credit code is invalid (GB 32100-2015: 18 characters with a "
            "matching check character).",
            "统一社会信用代码无效（GB 32100-2015：18 位，且校验码须正确）。"},
           {with("lon", 116.4), "lon", "'lon' 116.4 lies outside the district.",
            "'lon' 的值 116.4 超出本区范围。"},
       }) {
    auto plain = s().as("district", "POST", "/api/v1/enterprises", c.body);
    auto in_zh = s().as("district", "POST", "/api/v1/enterprises", c.body, zh);
    auto in_en = s().as("district", "POST", "/api/v1/enterprises", c.body, en);
    for (const auto* r : {&plain, &in_zh, &in_en}) {
      EXPECT_EQ(r->status, 422) << r->body;
      EXPECT_EQ(r->error_code(), "validation_failed") << r->body;
      EXPECT_EQ(r->error_field(), c.field) << r->body;
    }
    EXPECT_EQ(message_of(in_zh), c.chinese);
    EXPECT_EQ(content_language(in_zh), "zh-CN");
    EXPECT_EQ(message_of(in_en), c.english);
    EXPECT_EQ(content_language(in_en), "en");
    EXPECT_EQ(message_of(plain), c.english);  // no header: English, the language of scripts
    EXPECT_EQ(content_language(plain), "en");
  }
  // Errors the server makes itself: no such endpoint, a malformed URL, a refused body.
  auto nf = s().as("district", "GET", "/api/v1/nothing-here", "", zh);
  EXPECT_EQ(nf.error_code(), "not_found");
  EXPECT_EQ(message_of(nf), "接口不存在。");
  EXPECT_EQ(content_language(nf), "zh-CN");
  auto url = s().as("district", "GET", "/api/v1/enterprises?q=%E4%B", "", zh);
  EXPECT_EQ(message_of(url), "URL 格式错误。");
  auto anon = s().as("", "GET", "/api/v1/enterprises", "", {{"Accept-Language", "zh"}});
  EXPECT_EQ(anon.status, 401);
  EXPECT_EQ(message_of(anon), "请先登录。");
  std::string big = s().client().raw(
      "POST /api/v1/enterprises HTTP/1.1\r\nHost: x\r\nAccept-Language: zh-CN\r\n"
      "Content-Type: application/json\r\nContent-Length: 999999999\r\n\r\n{");
  EXPECT_NE(big.find("Content-Language: zh-CN"), std::string::npos) << big;
  EXPECT_NE(big.find("字节的上限"), std::string::npos) << big;
  std::string garbled = s().client().raw(
      "GET /healthz HTTP/1.1\r\nHost: x\r\nAccept-Language: zh-CN\r\nBad Field: x\r\n\r\n");
  EXPECT_NE(garbled.find("HTTP 请求格式错误。"), std::string::npos) << garbled;
  // Per-row import reasons too.
  auto rep = s().as("district", "POST", "/api/v1/enterprises/import",
                    "name,credit_code,scale,town_code,lon,lat\n坏坐标," + credit_code_for(31008) +
                        ",规上,330106009,abc,30.25\n",
                    {{"Content-Type", "text/csv"}, {"Accept-Language", "zh-CN"}});
  ASSERT_EQ(rep.status, 200) << rep.body;
  auto errors = rep.json().at("errors").as_array();
  ASSERT_EQ(errors.size(), 1u) << rep.body;
  EXPECT_EQ(errors[0].at("column").as_string(), "lon");
  EXPECT_EQ(errors[0].at("reason").as_string(), "'abc' 不是数值。");
}

INSTANTIATE_TEST_SUITE_P(Backends, BadInput, ::testing::ValuesIn(backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lakeguard::testing
