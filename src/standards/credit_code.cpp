#include "standards/credit_code.h"

#include <array>

namespace lakeguard::standards {
namespace {

// GB 32100-2015 §4 code set; a character's value is its index (0–30).
constexpr std::string_view kCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";

// GB 32100-2015 §5: weight of position i (1-based) is 3^(i−1) mod 31.
constexpr std::array<int, 17> kWeights = [] {
  std::array<int, 17> w{};
  int v = 1;
  for (int& x : w) {
    x = v;
    v = v * 3 % 31;
  }
  return w;
}();
static_assert(kWeights[1] == 3 && kWeights[4] == 19 && kWeights[16] == 28);

char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// Value 0–30 of a character, or -1 when it is not in the code set.
int value_of(char c) {
  const auto pos = kCharset.find(upper(c));
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

}  // namespace

std::optional<char> credit_code_check_char(std::string_view first17) {
  if (first17.size() != kWeights.size()) return std::nullopt;
  int sum = 0;
  for (std::size_t i = 0; i < first17.size(); ++i) {
    const int v = value_of(first17[i]);
    if (v < 0) return std::nullopt;
    sum += v * kWeights[i];
  }
  // GB 32100-2015 §5: C18 = 31 − (Σ Ci·Wi mod 31); a result of 31 is written as 0.
  const int c18 = 31 - sum % 31;
  return kCharset[c18 == 31 ? 0 : c18];
}

bool is_valid_credit_code(std::string_view code) {
  if (code.size() != 18) return false;
  const auto expected = credit_code_check_char(code.substr(0, 17));
  return expected && value_of(code[17]) >= 0 && upper(code[17]) == *expected;
}

std::string normalize_credit_code(std::string_view raw) {
  constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";  // U+3000 in UTF-8
  auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  for (bool trimmed = true; trimmed;) {
    trimmed = false;
    while (!raw.empty() && is_space(raw.front())) raw.remove_prefix(1), trimmed = true;
    while (!raw.empty() && is_space(raw.back())) raw.remove_suffix(1), trimmed = true;
    if (raw.starts_with(kIdeographicSpace)) raw.remove_prefix(3), trimmed = true;
    if (raw.ends_with(kIdeographicSpace)) raw.remove_suffix(3), trimmed = true;
  }
  std::string out(raw);
  for (char& c : out) c = upper(c);
  return out;
}

}  // namespace lakeguard::standards
