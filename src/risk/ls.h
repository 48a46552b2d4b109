#pragma once
// LS risk matrix (风险矩阵法): R = L × S, L and S in 1–5, banded into the four risk levels by
// configuration (standards.md §3: no national standard; the default is the most common banding).
// Pure, thread-safe.

#include "core/error.h"
#include "risk/model.h"

namespace lakeguard::risk {

// R and its level (default: 20–25 重大, 15–16 较大, 9–12 一般, 1–8 低). validation_failed naming
// "L" or "S" when a factor is not a whole number from 1 to 5.
Result<LsResult> assess_ls(const LsInput& in, const Options& opts);

}  // namespace lakeguard::risk
