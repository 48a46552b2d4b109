#include "core/text.h"

namespace lakeguard {

bool valid_utf8(std::string_view s) noexcept {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    i += n;
  }
  return true;
}

size_t utf8_length(std::string_view s) noexcept {
  size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

namespace {

// Decodes the code point at s[i] (RFC 3629 §4 syntax: no overlong forms, no surrogates, at most
// U+10FFFF); sets `len` to its length in bytes. ForbiddenChar::kInvalidUtf8 when malformed.
char32_t decode_at(std::string_view s, size_t i, size_t& len) noexcept {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char c = b(0);
  len = 1;
  if (c < 0x80) return c;
  size_t n;
  char32_t cp, min;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2, cp = c & 0x1F, min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3, cp = c & 0x0F, min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4, cp = c & 0x07, min = 0x10000;
  } else {
    return ForbiddenChar::kInvalidUtf8;  // a continuation byte, C0/C1 (overlong) or F5–FF
  }
  if (i + n > s.size()) return ForbiddenChar::kInvalidUtf8;
  for (size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xC0) != 0x80) return ForbiddenChar::kInvalidUtf8;
    cp = (cp << 6) | (b(k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return ForbiddenChar::kInvalidUtf8;
  len = n;
  return cp;
}

bool forbidden(char32_t cp, TextLines lines) noexcept {
  if (cp < 0x20) return lines == TextLines::kSingle || (cp != '\t' && cp != '\n' && cp != '\r');
  if (cp >= 0x7F && cp <= 0x9F) return true;  // DEL and the C1 controls
  switch (cp) {
    case 0x061C:  // ARABIC LETTER MARK
    case 0x200E:  // LEFT-TO-RIGHT MARK
    case 0x200F:  // RIGHT-TO-LEFT MARK
    case 0x2028:  // LINE SEPARATOR
    case 0x2029:  // PARAGRAPH SEPARATOR
      return true;
    default:
      break;
  }
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

std::optional<ForbiddenChar> find_forbidden_char(std::string_view s, TextLines lines) noexcept {
  size_t index = 0;
  for (size_t i = 0; i < s.size(); ++index) {
    size_t len = 1;
    char32_t cp = decode_at(s, i, len);
    if (cp == ForbiddenChar::kInvalidUtf8 || forbidden(cp, lines))
      return ForbiddenChar{.offset = i, .index = index, .code_point = cp};
    i += len;
  }
  return std::nullopt;
}

}  // namespace lakeguard
