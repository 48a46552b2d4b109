#pragma once
// Writing JSON text directly (without a DOM): the pieces every streamed answer is made of. Pure,
// thread-safe, appends to a caller's buffer. The output is what Boost.JSON would parse back to the
// same values; numbers are written in plain decimal where exact (shortest round-trip form).

#include <cstdint>
#include <string>
#include <string_view>

namespace lakeguard {

// `"…"` with the escapes JSON requires (quote, backslash, U+0000–U+001F); other UTF-8 as is.
void append_json_string(std::string& out, std::string_view s);
void append_json_int(std::string& out, int64_t v);
// The shortest text that reads back as exactly `v`, in plain decimal when it has at most 17
// significant digits around the point (e.g. 120.062694, 30, 0.0001), else with an exponent
// (1e+21). REQUIRES: v is finite (JSON has no NaN or infinity).
void append_json_double(std::string& out, double v);

}  // namespace lakeguard
