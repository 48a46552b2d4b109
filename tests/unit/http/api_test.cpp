// http::Api without sockets: the read cache of cached_get routes, and read_cache_mb = 0 turning
// it off (every read then goes to its handler; the benchmark's uncached target relies on it).

#include <gtest/gtest.h>

#include <atomic>

#include "http/api.h"

namespace lakeguard::http {
namespace {

class AnyoneIsAdmin final : public Authenticator {
 public:
  Result<Principal> authenticate(const Request&, Access) override { return admin(); }
  std::optional<Principal> authenticate_cached(const Request&, Access) override { return admin(); }

 private:
  static Principal admin() {
    Principal p;
    p.user_id = 1;
    p.username = "admin";
    p.role = Role::kAdmin;
    return p;
  }
};

struct Counted {
  Router router;
  int64_t epoch = 1;
  std::atomic<int> calls{0};
  AnyoneIsAdmin auth;
  Api api;

  explicit Counted(size_t cache_bytes)
      : api(
            router, [this](std::span<const std::string>) { return std::optional<int64_t>(epoch); },
            ApiOptions{.cache_bytes = cache_bytes}) {
    api.set_authenticator(&auth);
    api.cached_get(
        "/api/v1/things", {"things"},
        [this](const Principal&, Request&) -> Reply {
          return json_reply(200, boost::json::object{{"call", ++calls}});
        },
        RouteDoc{.summary = "things"});
  }

  std::string get() {
    Request req;
    req.path = "/api/v1/things";
    bool other = false;
    const Route* r = router.match(req, &other);
    EXPECT_NE(r, nullptr);
    Response res = r->handler(req);
    EXPECT_EQ(res.status, 200);
    return res.shared_body ? *res.shared_body : res.body;
  }
};

TEST(ApiReadCache, AnswersRepeatsFromTheCacheUntilTheEpochMoves) {
  Counted c(1024 * 1024);
  EXPECT_EQ(c.get(), R"({"call":1})");
  EXPECT_EQ(c.get(), R"({"call":1})");
  EXPECT_EQ(c.calls, 1);
  EXPECT_EQ(c.api.cache_hits(), 1u);
  c.epoch = 2;
  EXPECT_EQ(c.get(), R"({"call":2})");
  EXPECT_EQ(c.calls, 2);
}

TEST(ApiReadCache, ZeroBytesTurnsItOff) {
  Counted c(0);
  EXPECT_EQ(c.get(), R"({"call":1})");
  EXPECT_EQ(c.get(), R"({"call":2})");
  EXPECT_EQ(c.calls, 2);
  EXPECT_EQ(c.api.cache_hits(), 0u);
  EXPECT_EQ(c.router.routes().at(0).fast, nullptr) << "no I/O-thread fast path without a cache";
}

// Refuses writes, as a read-only API token is refused, and records what it was asked.
class ReadOnlyToken final : public Authenticator {
 public:
  std::vector<Access> asked;
  bool in_memory = true;
  Result<Principal> authenticate(const Request&, Access a) override {
    asked.push_back(a);
    if (a == Access::kWrite) return Error::forbidden("This API token is read-only.");
    return Principal{};
  }
  std::optional<Principal> authenticate_cached(const Request&, Access a) override {
    asked.push_back(a);
    if (!in_memory || a == Access::kWrite) return std::nullopt;
    return Principal{};
  }
};

struct Computed {
  Router router;
  ReadOnlyToken auth;
  Api api{router, [](std::span<const std::string>) { return std::optional<int64_t>(1); }};
  Computed() {
    api.set_authenticator(&auth);
    auto echo = [](const Principal&, Request& req) -> Reply {
      return json_reply(200, boost::json::object{{"bytes", req.body.size()}});
    };
    api.compute(Method::kPost, "/api/v1/calc/x", echo, RouteDoc{.summary = "calc"});
    api.route(Method::kPost, "/api/v1/things", echo, RouteDoc{.summary = "write"});
  }
  const Route& at(const std::string& path) {
    Request req;
    req.method = Method::kPost;
    req.path = path;
    bool other = false;
    const Route* r = router.match(req, &other);
    EXPECT_NE(r, nullptr);
    return *r;
  }
};

TEST(ApiCompute, AStatelessPostIsAReadWhileAnOrdinaryPostIsAWrite) {
  Computed c;
  Request req;
  req.method = Method::kPost;
  req.body = "{}";
  EXPECT_EQ(c.at("/api/v1/calc/x").handler(req).status, 200);
  EXPECT_EQ(c.at("/api/v1/things").handler(req).status, 403);
  EXPECT_EQ(c.auth.asked, (std::vector<Access>{Access::kRead, Access::kWrite}));
  EXPECT_FALSE(c.at("/api/v1/calc/x").doc.idempotent);
  EXPECT_TRUE(c.at("/api/v1/things").doc.idempotent);
  EXPECT_EQ(c.at("/api/v1/things").fast, nullptr);
}

TEST(ApiCompute, AnswersOnTheIoThreadOnlyForAKnownCallerAndABoundedBody) {
  Computed c;
  const Route& r = c.at("/api/v1/calc/x");
  ASSERT_NE(r.fast, nullptr);
  Request req;
  req.method = Method::kPost;
  req.body = "{}";
  auto fast = r.fast(req);
  ASSERT_TRUE(fast);
  EXPECT_EQ(fast->body, R"({"bytes":2})");
  req.body.assign(Api::kComputeInlineBody + 1, ' ');
  EXPECT_FALSE(r.fast(req)) << "a large body goes to the worker pool";
  req.body = "{}";
  c.auth.in_memory = false;
  EXPECT_FALSE(r.fast(req)) << "a caller the store must confirm goes to the worker pool";
}

}  // namespace
}  // namespace lakeguard::http
