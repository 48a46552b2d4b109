#pragma once
// 统一社会信用代码 unified social credit code, GB 32100-2015. Pure functions, thread-safe.
//
// 18 characters from the 31-character set 0123456789ABCDEFGHJKLMNPQRTUWXY (no I, O, Z, S, V):
//   1 registration authority, 2 organisation type, 3–8 division code of the registering authority,
//   9–17 organisation code (GB 11714), 18 check character.
// Only the check character is validated: an enterprise registered outside West Lake District may
// operate inside it, so the division part is not checked.

#include <optional>
#include <string>
#include <string_view>

namespace lakeguard::standards {

// Returns the check character (position 18) for the first 17 characters, or nullopt when `first17`
// is not exactly 17 characters from the code set. Lower-case letters are accepted as upper-case.
std::optional<char> credit_code_check_char(std::string_view first17);

// Returns true iff `code` has exactly 18 characters, all from the code set (lower-case accepted as
// upper-case), and its last character equals credit_code_check_char() of the first 17.
// No trimming: call normalize_credit_code() first on user input.
bool is_valid_credit_code(std::string_view code);

// Trims ASCII whitespace (and U+3000 ideographic spaces, common in pasted Chinese text) at both
// ends and upper-cases ASCII letters. Does not validate.
std::string normalize_credit_code(std::string_view raw);

}  // namespace lakeguard::standards
