#include "risk/model.h"

#include <fmt/format.h>

namespace lakeguard::risk {

std::string_view grade_name(int grade) {
  switch (grade) {
    case 1:
      return "一级";
    case 2:
      return "二级";
    case 3:
      return "三级";
    case 4:
      return "四级";
    default:
      return "";
  }
}

std::string_view risk_level_name(RiskLevel l) {
  switch (l) {
    case RiskLevel::kMajor:
      return "重大风险";
    case RiskLevel::kLarger:
      return "较大风险";
    case RiskLevel::kGeneral:
      return "一般风险";
    case RiskLevel::kLow:
      return "低风险";
  }
  return "";
}

// 安委办〔2016〕11号 as quoted in standards.md §4: 重大 红, 较大 橙, 一般 黄, 低 蓝.
std::string_view colour_name(RiskLevel l) {
  switch (l) {
    case RiskLevel::kMajor:
      return "red";
    case RiskLevel::kLarger:
      return "orange";
    case RiskLevel::kGeneral:
      return "yellow";
    case RiskLevel::kLow:
      return "blue";
  }
  return "";
}

std::string_view lec_band_name(LecBand b) {
  switch (b) {
    case LecBand::kExtreme:
      return "极其危险";
    case LecBand::kHigh:
      return "高度危险";
    case LecBand::kSignificant:
      return "显著危险";
    case LecBand::kGeneral:
      return "一般危险";
    case LecBand::kSlight:
      return "稍有危险";
  }
  return "";
}

std::string_view lec_band_measure(LecBand b) {
  switch (b) {
    case LecBand::kExtreme:
      return "不能继续作业";
    case LecBand::kHigh:
      return "需立即整改";
    case LecBand::kSignificant:
      return "需要整改";
    case LecBand::kGeneral:
      return "需要注意";
    case LecBand::kSlight:
      return "可以接受";
  }
  return "";
}

std::string_view accident_grade_name(AccidentGrade g) {
  switch (g) {
    case AccidentGrade::kGeneral:
      return "一般";
    case AccidentGrade::kLarger:
      return "较大";
    case AccidentGrade::kMajor:
      return "重大";
    case AccidentGrade::kExtraordinary:
      return "特别重大";
  }
  return "";
}

namespace {

// Whether some L × S with L, S in 1–5 lies in [lo, hi).
bool ls_product_in(int lo, int hi) {
  for (int l = 1; l <= 5; ++l)
    for (int s = 1; s <= 5; ++s)
      if (l * s >= lo && l * s < hi) return true;
  return false;
}

}  // namespace

std::string Options::validate() const {
  if (!(lec_general_above >= 0))
    return fmt::format("lec_general_above: must be ≥ 0, not {}", lec_general_above);
  if (!(lec_larger_above > lec_general_above))
    return fmt::format("lec_larger_above: must be above lec_general_above ({})", lec_general_above);
  if (!(lec_major_above > lec_larger_above))
    return fmt::format("lec_major_above: must be above lec_larger_above ({})", lec_larger_above);
  if (ls_general_from < 2 || ls_general_from > 25)
    return fmt::format("ls_general_from: must be 2–25, not {}", ls_general_from);
  if (ls_larger_from <= ls_general_from || ls_larger_from > 25)
    return fmt::format("ls_larger_from: must be above ls_general_from ({}) and ≤ 25",
                       ls_general_from);
  if (ls_major_from <= ls_larger_from || ls_major_from > 25)
    return fmt::format("ls_major_from: must be above ls_larger_from ({}) and ≤ 25", ls_larger_from);
  // A band no L × S can reach (13, 14, 17–19 and 21–24 are never products) is a banding error.
  if (!ls_product_in(1, ls_general_from)) return "ls_general_from: no L × S is below it";
  if (!ls_product_in(ls_general_from, ls_larger_from))
    return "ls_larger_from: no L × S falls in the 一般 band";
  if (!ls_product_in(ls_larger_from, ls_major_from))
    return "ls_major_from: no L × S falls in the 较大 band";
  if (!ls_product_in(ls_major_from, 26)) return "ls_major_from: no L × S reaches it";
  return "";
}

}  // namespace lakeguard::risk
