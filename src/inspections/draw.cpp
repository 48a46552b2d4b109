#include "inspections/draw.h"

#include <openssl/evp.h>

#include <algorithm>
#include <stdexcept>

#include "core/text.h"

namespace lakeguard::inspections {

std::string to_hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(bytes.size() * 2, '0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    auto b = static_cast<unsigned char>(bytes[i]);
    out[2 * i] = kHex[b >> 4];
    out[2 * i + 1] = kHex[b & 15];
  }
  return out;
}

std::string sha256_hex(std::string_view s) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_Digest(s.data(), s.size(), md, &n, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("EVP_Digest failed");
  return to_hex(std::string_view(reinterpret_cast<const char*>(md), n));
}

std::optional<std::string> seed_bytes(std::string_view seed_hex) {
  if (seed_hex.size() != 64) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;  // uppercase is not the published form
  };
  std::string out(32, '\0');
  for (size_t i = 0; i < 32; ++i) {
    int hi = nibble(seed_hex[2 * i]), lo = nibble(seed_hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<char>(hi << 4 | lo);
  }
  return out;
}

std::string commitment_of(std::string_view seed_hex) {
  auto raw = seed_bytes(seed_hex);
  if (!raw) throw std::invalid_argument("seed must be 64 lowercase hex characters");
  return sha256_hex(*raw);
}

std::string final_seed(std::string_view seed_hex, const std::vector<Witness>& witnesses) {
  std::string s(seed_hex);
  for (const auto& w : witnesses) {
    s += ':';
    s += w.entropy;
  }
  return sha256_hex(s);
}

std::string key_of(std::string_view final_seed, Side side, int64_t id) {
  std::string s(final_seed);
  s += side == Side::kEnterprise ? ":e:" : ":i:";
  s += std::to_string(id);
  return sha256_hex(s);
}

std::vector<Keyed> select(std::string_view final_seed, Side side, const std::vector<int64_t>& ids,
                          size_t n) {
  std::vector<Keyed> keyed;
  keyed.reserve(ids.size());
  for (int64_t id : ids) keyed.push_back({id, key_of(final_seed, side, id)});
  n = std::min(n, keyed.size());
  // Keys are distinct for distinct ids (a SHA-256 collision aside); the id breaks a tie anyway so
  // the order is total.
  auto less = [](const Keyed& a, const Keyed& b) {
    return a.key != b.key ? a.key < b.key : a.id < b.id;
  };
  std::partial_sort(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(n), keyed.end(),
                    less);
  keyed.resize(n);
  return keyed;
}

Status check_entropy(std::string_view entropy) {
  if (!valid_utf8(entropy)) return Error::validation("entropy", "The text must be valid UTF-8.");
  size_t len = utf8_length(entropy);
  if (len < 1 || len > kMaxEntropyChars)
    return Error::validation("entropy", "The text must have 1 to 200 characters.");
  // Also bidi overrides and the like (core/text.h): a witness's text must read as what it is.
  if (find_forbidden_char(entropy))
    return Error::validation("entropy", "The text must not contain control characters.");
  return ok_status();
}

}  // namespace lakeguard::inspections
