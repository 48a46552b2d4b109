#pragma once
// UTF-8 helpers shared by request decoding, validation and CSV import. Pure, no allocation.

#include <cstddef>
#include <string_view>

namespace lakeguard {

// True when s is well-formed UTF-8 (lead and continuation bytes; overlong forms not checked).
bool valid_utf8(std::string_view s) noexcept;

// The number of code points in s (continuation bytes are not counted).
size_t utf8_length(std::string_view s) noexcept;

}  // namespace lakeguard
