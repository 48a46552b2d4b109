#include "standards/division_code.h"

#include <array>

namespace lakeguard::standards {
namespace {

// Where each level's segment ends (its natural length), top to bottom.
constexpr std::array<std::size_t, 5> kEnds = {2, 4, 6, 9, 12};

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

bool all_zeros(std::string_view s) { return s.find_first_not_of('0') == std::string_view::npos; }

// The index into kEnds of a length, or -1.
int level_index(std::size_t length) {
  for (std::size_t i = 0; i < kEnds.size(); ++i)
    if (kEnds[i] == length) return static_cast<int>(i);
  return -1;
}

}  // namespace

std::size_t division_code_length(DivisionLevel level) {
  return kEnds[static_cast<std::size_t>(level)];
}

std::optional<DivisionLevel> division_level(std::string_view code) {
  const int level = level_index(code.size());
  if (level < 0 || !all_digits(code)) return std::nullopt;
  // Every segment names a division: a segment of zeros is padding, not a code of this length.
  std::size_t begin = 0;
  for (int i = 0; i <= level; ++i) {
    const std::size_t end = kEnds[static_cast<std::size_t>(i)];
    if (all_zeros(code.substr(begin, end - begin))) return std::nullopt;
    begin = end;
  }
  return static_cast<DivisionLevel>(level);
}

std::string normalize_division_code(std::string_view raw) {
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
  // "Strip the zero padding to the natural length on import" (codes-and-coordinates.md): drop
  // trailing segments of zeros, never the province's own two digits.
  if (all_digits(raw) && level_index(raw.size()) > 0) {
    for (int i = level_index(raw.size()); i > 0; --i) {
      const std::size_t begin = kEnds[static_cast<std::size_t>(i - 1)];
      if (!all_zeros(raw.substr(begin))) break;
      raw = raw.substr(0, begin);
    }
  }
  return std::string(raw);
}

std::optional<std::string> parent_division_code(std::string_view code) {
  const auto level = division_level(code);
  if (!level || *level == DivisionLevel::kProvince) return std::nullopt;
  return std::string(code.substr(0, kEnds[static_cast<std::size_t>(*level) - 1]));
}

}  // namespace lakeguard::standards
