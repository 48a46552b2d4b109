#pragma once
// 双随机一公开 (random selection of inspected enterprises and of inspectors, results made public):
// the verifiable draw. A draw is commit-then-reveal with witnesses, so that neither lakeguard nor
// any single person can steer it (issue 10 §3; 国务院办公厅关于推广随机抽查规范事中事后监管的通知,
// 国办发〔2015〕58号, asks for random selection of both and publication of the results):
//
//   1. At creation both pools are fixed and published with commitment = SHA-256(seed), seed being
//      32 fresh random bytes kept secret by the server.
//   2. One or more witnesses (现场监督人) each add a free text of their own (entropy).
//   3. Reveal publishes seed_hex (64 lowercase hex characters) and
//        final_seed = hex SHA-256(UTF-8 of seed_hex + ":" + entropy_1 + ":" + entropy_2 …)
//      (witnesses in the order they were added).
//   4. key(enterprise id) = hex SHA-256(final_seed + ":e:" + decimal id), key(inspector id) the
//      same with ":i:"; the k (m) smallest keys, compared as strings, are selected and listed in
//      key order.
//
// Pure computation: anyone holding the published values recomputes the same selection
// (`lakeguard draw verify`, the public page, `sha256sum` in a shell).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace lakeguard::inspections {

// Limits (API-CONVENTIONS: every limit explicit).
inline constexpr size_t kMaxWitnesses = 20;
inline constexpr size_t kMaxEntropyChars = 200;  // code points, at least 1
inline constexpr size_t kMaxPool = 100000;

// Lowercase hex SHA-256 of the bytes of s (FIPS 180-4).
std::string sha256_hex(std::string_view s);
// Lowercase hex of raw bytes.
std::string to_hex(std::string_view bytes);
// The 32 raw bytes a 64-character lowercase hex seed stands for; nullopt if it is not one.
std::optional<std::string> seed_bytes(std::string_view seed_hex);

// commitment = hex SHA-256 of the seed's 32 raw bytes (not of its hex text).
std::string commitment_of(std::string_view seed_hex);

struct Witness {
  std::string name;
  std::string entropy;
};

// Step 3: final_seed from the revealed seed and the witnesses' texts in order.
std::string final_seed(std::string_view seed_hex, const std::vector<Witness>& witnesses);

enum class Side { kEnterprise, kInspector };  // ":e:" and ":i:"

struct Keyed {
  int64_t id;
  std::string key;  // hex SHA-256(final_seed + ":e:"|":i:" + id)
};

std::string key_of(std::string_view final_seed, Side side, int64_t id);

// Step 4: the n ids with the smallest keys, in key order. REQUIRES n <= ids.size(); ids distinct.
std::vector<Keyed> select(std::string_view final_seed, Side side, const std::vector<int64_t>& ids,
                          size_t n);

// A witness's text is acceptable: 1–200 code points of valid UTF-8 without control characters.
Status check_entropy(std::string_view entropy);

}  // namespace lakeguard::inspections
