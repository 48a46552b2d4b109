#include "registry/jurisdiction_rules.h"

#include <fmt/format.h>

#include "standards/division_code.h"

namespace lakeguard::registry {

namespace json = boost::json;
using standards::DivisionLevel;

Status complete_jurisdiction(Object& obj, const JurisdictionIndex& /*idx*/) {
  // town_code/community_code are derived from the code so scope filters apply uniformly.
  std::string code(obj.at("code").as_string());
  std::string level(obj.at("level").as_string());
  const DivisionLevel want = level == "district" ? DivisionLevel::kDistrict
                             : level == "town"   ? DivisionLevel::kTown
                                                 : DivisionLevel::kCommunity;
  // The natural length tells the level (codes-and-coordinates.md, GB/T 2260 + 统计用区划代码).
  if (standards::division_level(code) != want)
    return Error::validation("code", fmt::format("A {} code has {} digits.", level,
                                                 standards::division_code_length(want)));
  const std::size_t town_len = standards::division_code_length(DivisionLevel::kTown);
  obj["town_code"] = want != DivisionLevel::kDistrict ? json::value(code.substr(0, town_len))
                                                      : json::value(nullptr);
  obj["community_code"] =
      want == DivisionLevel::kCommunity ? json::value(code) : json::value(nullptr);
  auto parent = obj.if_contains("parent_code");
  if (want != DivisionLevel::kDistrict) {
    std::string expect = *standards::parent_division_code(code);
    if (!parent || parent->is_null())
      obj["parent_code"] = expect;
    else if (parent->as_string() != expect)
      return Error::validation("parent_code",
                               fmt::format("The parent of {} must be {}.", code, expect));
  }
  return ok_status();
}

}  // namespace lakeguard::registry
