#pragma once
// Numbers as plain decimal text, for files people open in a spreadsheet (CSV export): never an
// exponent, so `120.06` is not written `1.2006E2`. Pure, thread-safe.

#include <optional>
#include <string>

namespace lakeguard {

// The shortest decimal digits that read back as exactly `v` (round trip through strtod or
// std::from_chars), written without an exponent: 120.06 → "120.06", 1e-7 → "0.0000001",
// 1e21 → "1000000000000000000000", 30.0 → "30", -0.5 → "-0.5"; -0.0 → "0". nullopt for NaN and
// the infinities, which have no decimal form.
std::optional<std::string> plain_decimal(double v);

}  // namespace lakeguard
