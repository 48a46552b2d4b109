#pragma once
// Administrative division codes: GB/T 2260《中华人民共和国行政区划代码》 (province, city and
// county/district) and the National Bureau of Statistics' 统计用区划代码 (town/street and
// community/village, built on GB/T 2260 and GB/T 10114). Pure functions, thread-safe.
//
// A code is a run of ASCII digits, one segment per level
// (shared/docs/domain/codes-and-coordinates.md "Administrative division codes"):
//
//   digits 1–2   province          33            浙江省
//   digits 3–4   city (prefecture) 3301          杭州市
//   digits 5–6   county/district   330106        西湖区            (GB/T 2260)
//   digits 7–9   town/street       330106009     留下街道          (统计用区划代码)
//   digits 10–12 community/village 330106009001  (a 社区 or 村)     (统计用区划代码)
//
// A segment of zeros stands for "this level itself", never for a division: some sources pad every
// level to 12 digits (330106009000 for the town, 330106000000 for the district), and GB/T 2260
// writes its upper levels in six (330100 for the city, 330000 for the province). The rule is to
// strip the zero padding to the natural length on import (normalize_division_code); the natural
// length then tells the level (division_level).

#include <optional>
#include <string>
#include <string_view>

namespace lakeguard::standards {

enum class DivisionLevel {
  kProvince,   // 2 digits
  kCity,       // 4 digits
  kDistrict,   // 6 digits: county-level (区, 县, 县级市)
  kTown,       // 9 digits: 乡, 镇, 街道
  kCommunity,  // 12 digits: 社区, 村
};

// The natural length of a level's code: 2, 4, 6, 9 or 12.
std::size_t division_code_length(DivisionLevel level);

// The level of a code in its natural form: 2, 4, 6, 9 or 12 ASCII digits whose segments are all
// non-zero (so a padded code such as 330106009000 or 330100 is not natural: normalise it first).
// nullopt for anything else. No trimming.
std::optional<DivisionLevel> division_level(std::string_view code);

// Trims ASCII whitespace and U+3000 ideographic spaces at both ends; then, when what remains is 4,
// 6, 9 or 12 ASCII digits, strips trailing all-zero segments down to the natural length
// (330106009000 → 330106009, 330106000000 → 330106, 330100 → 3301). Anything else is returned
// trimmed but otherwise unchanged. Does not validate: call division_level() on the result.
std::string normalize_division_code(std::string_view raw);

// The code of the level above, in natural form (330106009001 → 330106009, 330106009 → 330106,
// 330106 → 3301, 3301 → 33), or nullopt for a province or a code that is not natural
// (division_level() is nullopt).
std::optional<std::string> parent_division_code(std::string_view code);

}  // namespace lakeguard::standards
