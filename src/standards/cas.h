#pragma once
// CAS Registry Numbers (Chemical Abstracts Service, American Chemical Society). Pure functions,
// thread-safe.
//
// Format (CAS, "CAS Registry Number and Substance Counts", check-digit rule): up to ten digits in
// three parts joined by hyphens, `\d{2,7}-\d{2}-\d` (7732-18-5 water). The last digit is a check
// digit: number the other digits 1, 2, 3… from the right, multiply each by its number, and the
// check digit is the sum modulo 10 (water: 8·1 + 1·2 + 2·3 + 3·4 + 7·5 + 7·6 = 105 → 5).

#include <optional>
#include <string_view>

namespace lakeguard::standards {

// The check digit (0–9) that the digits of the first two parts call for, or nullopt when `cas`
// does not have the shape `\d{2,7}-\d{2}-\d` (the last digit itself is not compared). No trimming.
std::optional<int> cas_check_digit(std::string_view cas);

// True iff `cas` has the shape `\d{2,7}-\d{2}-\d` (ASCII digits only, no spaces) and its last
// digit equals cas_check_digit(cas). No trimming: trim user input first.
bool is_valid_cas(std::string_view cas);

}  // namespace lakeguard::standards
