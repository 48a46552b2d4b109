// The HTTP layer without sockets (STYLE.md §8): routing, query decoding, the error contract.

#include <gtest/gtest.h>

#include "http/json_body.h"
#include "http/router.h"
#include "http/server.h"
#include "http/static_files.h"

#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

namespace lakeguard::http {
namespace {

TEST(Router, MatchesLiteralsAndCapturesAndReportsWrongMethods) {
  Router r;
  r.add(Method::kGet, "/api/v1/enterprises", [](Request&) { return Response::json(200, "list"); });
  r.add(Method::kGet, "/api/v1/enterprises.geojson",
        [](Request&) { return Response::json(200, "geo"); });
  r.add(Method::kGet, "/api/v1/enterprises/{id}",
        [](Request&) { return Response::json(200, "one"); });
  r.add(Method::kGet, "/api/v1/enterprises/{pid}/chemicals/{id}",
        [](Request&) { return Response::json(200, "chem"); });
  Request req;
  bool other = false;
  req.path = "/api/v1/enterprises/42/chemicals/7";
  auto* m = r.match(req, &other);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(req.path_params["pid"], "42");
  EXPECT_EQ(req.path_params["id"], "7");
  req.path = "/api/v1/enterprises.geojson";
  EXPECT_EQ(r.match(req, &other)->handler(req).body, "geo");
  req.path = "/api/v1/enterprises/";
  EXPECT_EQ(r.match(req, &other)->handler(req).body, "list");  // trailing slash
  req.method = Method::kDelete;
  req.path = "/api/v1/enterprises/1";
  EXPECT_EQ(r.match(req, &other), nullptr);
  EXPECT_TRUE(other);
  req.method = Method::kHead;
  EXPECT_NE(r.match(req, &other), nullptr);  // HEAD is served by GET
}

TEST(ParseQuery, DecodesPercentAndPlusAndRejectsBrokenEscapes) {
  std::vector<std::pair<std::string, std::string>> q;
  ASSERT_TRUE(parse_query("q=%E8%A5%BF%E6%BA%AA&scale=%E8%A7%84%E4%B8%8A&a+b=c+d&flag", &q));
  ASSERT_EQ(q.size(), 4u);
  EXPECT_EQ(q[0].second, "西溪");
  EXPECT_EQ(q[1].second, "规上");
  EXPECT_EQ(q[2].first, "a b");
  EXPECT_EQ(q[2].second, "c d");
  EXPECT_EQ(q[3].first, "flag");
  std::vector<std::pair<std::string, std::string>> bad;
  EXPECT_FALSE(parse_query("q=%E4%B", &bad));
  EXPECT_FALSE(parse_query("q=%zz", &bad));
}

TEST(ErrorContract, EveryCodeHasItsStatusAndTheBodyShape) {
  EXPECT_EQ(status_for(ErrorCode::kBadRequest), 400);
  EXPECT_EQ(status_for(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(status_for(ErrorCode::kForbidden), 403);
  EXPECT_EQ(status_for(ErrorCode::kNotFound), 404);
  EXPECT_EQ(status_for(ErrorCode::kConflict), 409);
  EXPECT_EQ(status_for(ErrorCode::kPayloadTooLarge), 413);
  EXPECT_EQ(status_for(ErrorCode::kUnsupportedMediaType), 415);
  EXPECT_EQ(status_for(ErrorCode::kValidationFailed), 422);
  EXPECT_EQ(status_for(ErrorCode::kRateLimited), 429);
  EXPECT_EQ(status_for(ErrorCode::kInternal), 500);
  EXPECT_EQ(status_for(ErrorCode::kExpectationFailed), 417);
  EXPECT_EQ(status_for(ErrorCode::kNotImplemented), 501);
  EXPECT_EQ(error_code_name(ErrorCode::kExpectationFailed), "expectation_failed");
  EXPECT_EQ(error_code_name(ErrorCode::kNotImplemented), "not_implemented");
  auto r = error_response(Error::validation("lon", "bad"), "rid-1");
  auto v = boost::json::parse(r.body).at("error").as_object();
  EXPECT_EQ(v.at("code").as_string(), "validation_failed");
  EXPECT_EQ(v.at("field").as_string(), "lon");
  EXPECT_EQ(v.at("request_id").as_string(), "rid-1");
  auto no_field = boost::json::parse(error_response(Error::not_found(), "x").body);
  EXPECT_FALSE(no_field.at("error").as_object().contains("field"));
}

TEST(InvokeHandler, AnEscapingExceptionBecomesInternalWithTheRequestId) {
  Request req;
  req.request_id = "abc-1";
  auto r =
      invoke_handler([](Request&) -> Response { throw std::runtime_error("secret detail"); }, req);
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("secret detail"), std::string::npos);
  EXPECT_NE(r.body.find("abc-1"), std::string::npos);
}

TEST(JsonBody, ContentTypeSyntaxAndShape) {
  Request req;
  req.headers["content-type"] = "application/json; charset=utf-8";
  req.body = R"({"a":1})";
  EXPECT_TRUE(json_object_body(req).ok());
  req.body = "[1]";
  EXPECT_EQ(json_object_body(req).error().code, ErrorCode::kBadRequest);
  req.body = std::string(40, '[') + std::string(40, ']');
  EXPECT_EQ(json_object_body(req).error().code, ErrorCode::kBadRequest);  // depth > 32
  req.headers["content-type"] = "text/plain";
  req.body = R"({"a":1})";
  EXPECT_EQ(json_object_body(req).error().code, ErrorCode::kBadRequest);
}

TEST(JsonBody, RequiredStringsCountCharactersNotBytes) {
  boost::json::object o{{"name", "西湖区应急管理局"}};
  EXPECT_TRUE(required_string(o, "name", 8).ok());
  EXPECT_FALSE(required_string(o, "name", 7).ok());
  EXPECT_EQ(required_string(o, "missing").error().field, "missing");
}

TEST(Paging, BoundsAndDefaults) {
  Request req;
  EXPECT_EQ(parse_paging(req)->page_size, 50);
  req.query = {{"page_size", "500"}};
  EXPECT_EQ(parse_paging(req)->page_size, 500);
  req.query = {{"page_size", "501"}};
  EXPECT_EQ(parse_paging(req).error().field, "page_size");
}

}  // namespace
}  // namespace lakeguard::http

namespace lakeguard::http {
namespace {

std::string gunzip(const std::string& in) {
  z_stream z{};
  inflateInit2(&z, 15 + 16);
  std::string out(1 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  inflate(&z, Z_FINISH);
  out.resize(z.total_out);
  inflateEnd(&z);
  return out;
}

std::string header_of(const Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return {};
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("lg-static-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_ / "assets");
    std::ofstream(dir_ / "index.html") << "<!doctype html><title>lakeguard</title>";
    js_.assign(20000, 'x');
    for (size_t i = 0; i < js_.size(); i += 7) js_[i] = static_cast<char>('a' + i % 26);
    std::ofstream(dir_ / "assets" / "app-1a2b.js") << js_;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  Response get(const std::string& path, bool gzip) {
    Request req;
    req.path = path;
    if (gzip) req.headers["accept-encoding"] = "gzip, deflate, br";
    return files_->serve(req);
  }
  std::filesystem::path dir_;
  std::string js_;
  std::unique_ptr<StaticFiles> files_;
};

TEST_F(StaticFilesTest, HashedAssetsAreLongCachedAndGzippedForClientsThatAcceptIt) {
  files_ = std::make_unique<StaticFiles>(dir_.string());
  auto plain = get("/assets/app-1a2b.js", false);
  ASSERT_EQ(plain.status, 200);
  EXPECT_EQ(*plain.shared_body, js_);
  EXPECT_EQ(plain.content_type, "text/javascript; charset=utf-8");
  EXPECT_NE(header_of(plain, "Cache-Control").find("immutable"), std::string::npos);
  EXPECT_EQ(header_of(plain, "Content-Encoding"), "");
  auto gz = get("/assets/app-1a2b.js", true);
  EXPECT_EQ(header_of(gz, "Content-Encoding"), "gzip");
  EXPECT_EQ(header_of(gz, "Vary"), "Accept-Encoding");
  EXPECT_LT(gz.shared_body->size(), js_.size());
  EXPECT_EQ(gunzip(*gz.shared_body), js_);
}

TEST_F(StaticFilesTest, ConsoleRoutesFallBackToAnUncachedIndex) {
  files_ = std::make_unique<StaticFiles>(dir_.string());
  auto r = get("/registry/enterprises", false);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(header_of(r, "Cache-Control"), "no-cache");
  EXPECT_NE(r.shared_body->find("lakeguard"), std::string::npos);
  EXPECT_EQ(get("/assets/missing.js", false).status, 404);
  // Paths are looked up in the loaded files only: a traversal gets the console, not the file.
  auto traversal = get("/../etc/passwd", false);
  EXPECT_EQ(traversal.shared_body->find("root:"), std::string::npos);
  EXPECT_NE(traversal.shared_body->find("lakeguard"), std::string::npos);
}

}  // namespace
}  // namespace lakeguard::http
