#include "hazards/photos.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace lakeguard::hazards {

namespace {
bool starts(std::string_view b, std::string_view sig, size_t at = 0) {
  return b.size() >= at + sig.size() && b.substr(at, sig.size()) == sig;
}
constexpr std::string_view kB64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
}  // namespace

std::optional<std::string_view> sniff_image(std::string_view b) {
  using namespace std::string_view_literals;
  // JPEG: SOI (FF D8) followed by a marker (FF xx).
  if (starts(b, "\xFF\xD8\xFF"sv) && b.size() >= 4) return "image/jpeg";
  // PNG: the signature, then the first chunk, IHDR (length 13).
  if (starts(b, "\x89PNG\r\n\x1A\n"sv) && starts(b, "\x00\x00\x00\x0DIHDR"sv, 8))
    return "image/png";
  // WebP: a RIFF container of form type WEBP whose first chunk is VP8, VP8L or VP8X.
  if (starts(b, "RIFF"sv) && starts(b, "WEBP"sv, 8) &&
      (starts(b, "VP8 "sv, 12) || starts(b, "VP8L"sv, 12) || starts(b, "VP8X"sv, 12)))
    return "image/webp";
  return std::nullopt;
}

bool photo_content_type_accepted(std::string_view t) {
  return t == "image/jpeg" || t == "image/png" || t == "image/webp" ||
         t == "application/octet-stream";
}

std::string photo_hash(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("EVP_Digest failed");
  static const char* kHex = "0123456789abcdef";
  std::string out(len * 2, '0');
  for (unsigned i = 0; i < len; ++i) {
    out[2 * i] = kHex[md[i] >> 4];
    out[2 * i + 1] = kHex[md[i] & 15];
  }
  return out;
}

bool is_photo_hash(std::string_view s) {
  if (s.size() != 64) return false;
  for (char ch : s)
    if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) return false;
  return true;
}

std::string base64_encode(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  auto u = [&](size_t k) { return static_cast<unsigned char>(in[k]); };
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (u(i) << 16) | (u(i + 1) << 8) | u(i + 2);
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += kB64[(v >> 6) & 63];
    out += kB64[v & 63];
  }
  if (i + 1 == in.size()) {
    uint32_t v = u(i) << 16;
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    uint32_t v = (u(i) << 16) | (u(i + 1) << 8);
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += kB64[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view s) {
  if (s.size() % 4) return std::nullopt;
  int8_t rev[256];
  for (auto& r : rev) r = -1;
  for (size_t k = 0; k < kB64.size(); ++k) rev[static_cast<unsigned char>(kB64[k])] = int8_t(k);
  std::string out;
  out.reserve(s.size() / 4 * 3);
  for (size_t i = 0; i < s.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      char ch = s[i + k];
      if (ch == '=' && i + 4 == s.size() && k >= 2) {
        v[k] = 0;
        ++pad;
        continue;
      }
      if (pad) return std::nullopt;  // data after padding
      v[k] = rev[static_cast<unsigned char>(ch)];
      if (v[k] < 0) return std::nullopt;
    }
    uint32_t x = (uint32_t(v[0]) << 18) | (uint32_t(v[1]) << 12) | (uint32_t(v[2]) << 6) | v[3];
    out += static_cast<char>((x >> 16) & 0xFF);
    if (pad < 2) out += static_cast<char>((x >> 8) & 0xFF);
    if (pad < 1) out += static_cast<char>(x & 0xFF);
  }
  return out;
}

}  // namespace lakeguard::hazards
