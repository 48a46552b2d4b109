#pragma once
// UTF-8 helpers shared by request decoding, validation and CSV import. Pure, no allocation.

#include <cstddef>
#include <optional>
#include <string_view>

namespace lakeguard {

// True when s is well-formed UTF-8 (lead and continuation bytes; overlong forms not checked).
bool valid_utf8(std::string_view s) noexcept;

// The number of code points in s (continuation bytes are not counted).
size_t utf8_length(std::string_view s) noexcept;

// Whether a text field may hold line breaks. Names, codes, titles and query parameters are
// single-line; notes and descriptions are multi-line.
enum class TextLines { kSingle, kMulti };

// The first character find_forbidden_char() refuses.
struct ForbiddenChar {
  static constexpr char32_t kInvalidUtf8 = 0xFFFFFFFF;
  size_t offset = 0;                   // byte offset in the string
  size_t index = 0;                    // code-point position (0-based) in the string
  char32_t code_point = kInvalidUtf8;  // kInvalidUtf8 when the bytes there are not UTF-8
  bool invalid_utf8() const noexcept { return code_point == kInvalidUtf8; }
};

// The first character of s that a stored text must not hold, or nullopt when there is none:
//   - bytes that are not UTF-8 (RFC 3629 §3-4: also overlong forms, surrogates U+D800–U+DFFF and
//     code points past U+10FFFF);
//   - C0 controls U+0000–U+001F (single-line: all of them; multi-line: all but TAB, LF and CR),
//     DEL U+007F and the C1 controls U+0080–U+009F (Unicode §23.1, "Control Codes");
//   - the bidirectional formatting characters of UAX #9 §2 (Unicode 15): the marks U+061C ALM,
//     U+200E LRM, U+200F RLM, the embeddings and overrides U+202A–U+202E and the isolates
//     U+2066–U+2069 — they make a name read differently from what it is (CVE-2021-42574,
//     "Trojan Source");
//   - U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR (line breaks that are not LF).
// Everything else passes: CJK, emoji, U+00A0 and other spaces, ZWJ (emoji sequences need it).
std::optional<ForbiddenChar> find_forbidden_char(std::string_view s,
                                                 TextLines lines = TextLines::kSingle) noexcept;

}  // namespace lakeguard
