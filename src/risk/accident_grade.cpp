#include "risk/accident_grade.h"

#include <algorithm>
#include <cmath>

namespace lakeguard::risk {
namespace {

// 第三条: the lower bound of 特别重大, 重大 and 较大 for one criterion ("以上" includes it).
template <class T>
AccidentGrade by_thresholds(T value, T extraordinary, T major, T larger) {
  if (value >= extraordinary) return AccidentGrade::kExtraordinary;
  if (value >= major) return AccidentGrade::kMajor;
  if (value >= larger) return AccidentGrade::kLarger;
  return AccidentGrade::kGeneral;
}

}  // namespace

Result<AccidentResult> grade_accident(const AccidentInput& in) {
  if (in.deaths < 0 || in.deaths > kMaxAccidentCount)
    return Error::validation("deaths", "The number must be a whole number from 0 to 1000000000.");
  if (in.serious_injuries < 0 || in.serious_injuries > kMaxAccidentCount)
    return Error::validation("serious_injuries",
                             "The number must be a whole number from 0 to 1000000000.");
  if (!std::isfinite(in.direct_loss_yuan) || in.direct_loss_yuan < 0 ||
      in.direct_loss_yuan > kMaxLossYuan)
    return Error::validation("direct_loss_yuan",
                             "The direct economic loss must be from 0 to 10^15 yuan.");
  AccidentResult r;
  r.by_deaths = by_thresholds<int64_t>(in.deaths, 30, 10, 3);
  // 重伤 includes 急性工业中毒 (第三条).
  r.by_serious_injuries = by_thresholds<int64_t>(in.serious_injuries, 100, 50, 10);
  // 1亿元, 5000万元, 1000万元 (doubles hold these and every yuan below 2^53 exactly).
  r.by_direct_loss = by_thresholds<double>(in.direct_loss_yuan, 1e8, 5e7, 1e7);
  r.grade = std::max({r.by_deaths, r.by_serious_injuries, r.by_direct_loss});
  return r;
}

}  // namespace lakeguard::risk
