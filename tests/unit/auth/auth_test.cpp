#include <gtest/gtest.h>

#include "auth/crypto.h"
#include "auth/model.h"
#include "auth/service.h"
#include "db/database.h"

namespace lakeguard::auth {
namespace {

TEST(Sha256, MatchesTheFips180Vectors) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Tokens, AreRandom256BitHex) {
  auto a = random_token(), b = random_token();
  EXPECT_EQ(a.size(), 64u);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(Passwords, Argon2idHashesVerifyAndAreSalted) {
  Argon2Params cheap{.t_cost = 1, .m_cost_kib = 1024, .parallelism = 1};
  auto h1 = hash_password("correct horse", cheap);
  auto h2 = hash_password("correct horse", cheap);
  EXPECT_EQ(h1.rfind("$argon2id$v=19$m=1024,t=1,p=1$", 0), 0u) << h1;
  EXPECT_NE(h1, h2);
  EXPECT_TRUE(verify_password("correct horse", h1));
  EXPECT_FALSE(verify_password("correct horsE", h1));
  EXPECT_FALSE(verify_password("x", "not a hash"));
  EXPECT_FALSE(verify_password("x", "$argon2i$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaA"));
}

TEST(Roles, NamesRoundTrip) {
  for (auto n : {"admin", "district_officer", "town_officer", "community_officer",
                 "enterprise_user", "inspector", "viewer"})
    EXPECT_EQ(role_name(*parse_role(n)), n);
  EXPECT_FALSE(parse_role("root").has_value());
}

TEST(Scopes, CodesAtTheirNaturalLength) {
  EXPECT_EQ(scope_type_of_code("330106"), ScopeType::kDistrict);
  EXPECT_EQ(scope_type_of_code("330106009"), ScopeType::kTown);
  EXPECT_EQ(scope_type_of_code("330106009001"), ScopeType::kCommunity);
  EXPECT_FALSE(scope_type_of_code("3301060").has_value());
  EXPECT_FALSE(scope_type_of_code("33010600900a").has_value());
  // Padded forms and the levels above a district are no user's scope (standards/division_code.h).
  EXPECT_FALSE(scope_type_of_code("330106009000").has_value());
  EXPECT_FALSE(scope_type_of_code("330106000000").has_value());
  EXPECT_FALSE(scope_type_of_code("330100").has_value());
  EXPECT_FALSE(scope_type_of_code("3301").has_value());
  EXPECT_FALSE(scope_type_of_code("").has_value());
}

TEST(Scopes, EachRoleHasItsKindOfScope) {
  EXPECT_EQ(validate_role_scope(Role::kAdmin, ScopeType::kDistrict), "");
  EXPECT_NE(validate_role_scope(Role::kAdmin, ScopeType::kTown), "");
  EXPECT_EQ(validate_role_scope(Role::kTownOfficer, ScopeType::kTown), "");
  EXPECT_NE(validate_role_scope(Role::kTownOfficer, ScopeType::kCommunity), "");
  EXPECT_EQ(validate_role_scope(Role::kEnterpriseUser, ScopeType::kEnterprise), "");
  EXPECT_NE(validate_role_scope(Role::kViewer, ScopeType::kEnterprise), "");
  EXPECT_EQ(validate_role_scope(Role::kViewer, ScopeType::kCommunity), "");
}

// Issue 7, defect 15: a spray of usernames used to empty the whole throttle map once it held
// 100,000 keys, resetting everyone's counters. Only the longest-quiet keys may go.
TEST(LoginThrottle, ASprayOfUsernamesDoesNotResetAThrottledKey) {
  auto db = db::open_sqlite(":memory:");
  db::migrate(*db, LAKEGUARD_MIGRATIONS_DIR);
  FakeClock clock(1'800'000'000'000);
  AuthOptions opts;
  opts.max_failures = 2;
  opts.max_throttle_keys = 3;
  opts.argon2 = Argon2Params{.t_cost = 1, .m_cost_kib = 1024, .parallelism = 1};
  AuthService auth(*db, clock, opts);
  int retry = 0;
  auto attempt = [&](std::string_view user) {
    return auth.login(user, "wrong-password", "10.0.0.1", &retry).error().code;
  };
  EXPECT_EQ(attempt("victim"), ErrorCode::kUnauthenticated);
  EXPECT_EQ(attempt("victim"), ErrorCode::kUnauthenticated);
  EXPECT_EQ(attempt("victim"), ErrorCode::kRateLimited);
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(attempt("spray" + std::to_string(i)), ErrorCode::kUnauthenticated);
    EXPECT_EQ(attempt("victim"), ErrorCode::kRateLimited) << "after " << i + 1 << " sprayed names";
  }
  // A key nobody tries any more is the one forgotten first.
  EXPECT_EQ(attempt("quiet"), ErrorCode::kUnauthenticated);
  EXPECT_EQ(attempt("quiet"), ErrorCode::kUnauthenticated);
  EXPECT_EQ(attempt("quiet"), ErrorCode::kRateLimited);
  for (int i = 0; i < 3; ++i) attempt("later" + std::to_string(i));
  EXPECT_EQ(attempt("quiet"), ErrorCode::kUnauthenticated) << "evicted, so counted afresh";
  // The window still ends throttling.
  clock.advance_ms(opts.failure_window_ms + 1);
  EXPECT_EQ(attempt("victim"), ErrorCode::kUnauthenticated);
}

TEST(UserFields, OneValidationForCreateAndChange) {
  EXPECT_TRUE(check_display_name("值班员 1").ok());
  EXPECT_EQ(check_display_name(std::string(101, 'x')).error().field, "display_name");
  EXPECT_TRUE(check_display_name(std::string(100, 'x')).ok());
  EXPECT_FALSE(check_display_name("").ok());
  EXPECT_FALSE(check_display_name(std::string("a\0b", 3)).ok());
  EXPECT_FALSE(check_display_name("admin\u202Egnp.exe").ok());  // right-to-left override
  EXPECT_FALSE(check_username("bad name").ok());
  EXPECT_FALSE(check_password("short").ok());
}

// Issue 7 defect 13: C1 controls, bidi marks and Unicode line separators passed the old check.
TEST(UserFields, NamesHoldNoControlOrBidiCharacters) {
  for (const char* bad : {"值班\u0085员", "值班\u200F员", "值班\u061C员", "值班\u2066员",
                          "值班\u2029员", "值班\u009F员", "值班\n员", "值班\xC0\x80员"}) {
    auto d = check_display_name(bad);
    ASSERT_FALSE(d.ok()) << bad;
    EXPECT_EQ(d.error().field, "display_name");
    auto t = check_token_name(bad);
    ASSERT_FALSE(t.ok()) << bad;
    EXPECT_EQ(t.error().field, "name");
  }
  EXPECT_FALSE(check_username("ad\u202Emin").ok());
  EXPECT_TRUE(check_token_name("夜间同步脚本 🔄").ok());
  EXPECT_TRUE(check_token_name(std::string(100, 'x')).ok());
  EXPECT_FALSE(check_token_name(std::string(101, 'x')).ok());
  EXPECT_FALSE(check_token_name("").ok());
}

}  // namespace
}  // namespace lakeguard::auth
