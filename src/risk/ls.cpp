#include "risk/ls.h"

namespace lakeguard::risk {

Result<LsResult> assess_ls(const LsInput& in, const Options& opts) {
  if (in.L < 1 || in.L > 5) return Error::validation("L", "L must be a whole number from 1 to 5.");
  if (in.S < 1 || in.S > 5) return Error::validation("S", "S must be a whole number from 1 to 5.");
  LsResult r;
  r.R = in.L * in.S;
  // standards.md §3: the bands are inclusive ranges of R (20–25, 15–16, 9–12, 1–8 by default);
  // Options::validate keeps every band reachable.
  if (r.R >= opts.ls_major_from)
    r.level = RiskLevel::kMajor;
  else if (r.R >= opts.ls_larger_from)
    r.level = RiskLevel::kLarger;
  else if (r.R >= opts.ls_general_from)
    r.level = RiskLevel::kGeneral;
  else
    r.level = RiskLevel::kLow;
  return r;
}

}  // namespace lakeguard::risk
