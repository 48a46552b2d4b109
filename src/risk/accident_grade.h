#pragma once
// Production-safety accident grade (生产安全事故等级): 《生产安全事故报告和调查处理条例》
// (国务院令第493号) 第三条, standards.md §5. Pure, thread-safe.

#include "core/error.h"
#include "risk/model.h"

namespace lakeguard::risk {

// The most of each count and of the loss one calculation takes.
inline constexpr int64_t kMaxAccidentCount = 1'000'000'000;
inline constexpr double kMaxLossYuan = 1e15;

// The grade reached by each criterion and the highest of them (the criteria of a grade are joined
// by 或者). "N以上" includes N and "N以下" excludes it (第三条 itself):
//   特别重大 d ≥ 30 or s ≥ 100 or m ≥ 1亿元;  重大 d ≥ 10 or s ≥ 50 or m ≥ 5000万元;
//   较大 d ≥ 3 or s ≥ 10 or m ≥ 1000万元;      一般 otherwise.
// validation_failed naming "deaths", "serious_injuries" or "direct_loss_yuan" when negative or
// beyond the limits above.
Result<AccidentResult> grade_accident(const AccidentInput& in);

}  // namespace lakeguard::risk
