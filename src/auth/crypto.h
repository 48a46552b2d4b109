#pragma once
// Password hashing (argon2id) and token handling. Session and API tokens are random 256-bit
// values; only their SHA-256 is stored, so a token check costs microseconds (ARCHITECTURE.md §4).

#include <cstdint>
#include <string>
#include <string_view>

namespace lakeguard::auth {

// OWASP Password Storage Cheat Sheet, argon2id: m = 19 MiB, t = 2, p = 1 (its first listed
// configuration). Memory per hash is what bounds concurrent logins, so the smallest-memory
// option of equal strength is used; AuthService also caps how many hashes run at once.
struct Argon2Params {
  uint32_t t_cost = 2;          // iterations
  uint32_t m_cost_kib = 19456;  // 19 MiB
  uint32_t parallelism = 1;
};

// An encoded argon2id hash ($argon2id$v=19$m=…,t=…,p=…$salt$hash) with a random 16-byte salt.
std::string hash_password(std::string_view password, const Argon2Params& p = {});
// Constant-time verification against an encoded hash; false on any malformed hash.
bool verify_password(std::string_view password, const std::string& encoded);

// 32 random bytes from the OS CSPRNG, hex-encoded (64 characters).
std::string random_token();
// Lower-case hex SHA-256 of s.
std::string sha256_hex(std::string_view s);

}  // namespace lakeguard::auth
