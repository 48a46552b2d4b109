#pragma once
// LEC (作业条件危险性评价法, Graham–Kinney): D = L × E × C with the published value tables and
// D bands (standards.md §2; no national standard fixes the method). Pure, thread-safe.

#include <span>

#include "core/error.h"
#include "risk/model.h"

namespace lakeguard::risk {

// The values each factor may take (standards.md §2), highest first.
std::span<const double> lec_l_values();  // 10, 6, 3, 1, 0.5, 0.2, 0.1
std::span<const double> lec_e_values();  // 10, 6, 3, 2, 1, 0.5
std::span<const double> lec_c_values();  // 100, 40, 15, 7, 3, 1

// D, its band (极其危险 D > 320, 高度危险 160 < D ≤ 320, 显著危险 70 < D ≤ 160, 一般危险
// 20 < D ≤ 70, 稍有危险 D ≤ 20) and its risk level by opts. validation_failed naming "L", "E"
// or "C" when a factor is not one of its table's values.
Result<LecResult> assess_lec(const LecInput& in, const Options& opts);

}  // namespace lakeguard::risk
