// http::Api without sockets: the read cache of cached_get routes, and read_cache_mb = 0 turning
// it off (every read then goes to its handler; the benchmark's uncached target relies on it).

#include <gtest/gtest.h>

#include <atomic>

#include "http/api.h"

namespace lakeguard::http {
namespace {

class AnyoneIsAdmin final : public Authenticator {
 public:
  Result<Principal> authenticate(const Request&) override { return admin(); }
  std::optional<Principal> authenticate_cached(const Request&) override { return admin(); }

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

}  // namespace
}  // namespace lakeguard::http
