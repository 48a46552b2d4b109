#include "risk/lec.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace lakeguard::risk {
namespace {

// standards.md §2, the tables repeated by several independent sources (its §12 "LEC").
constexpr double kL[] = {10, 6, 3, 1, 0.5, 0.2, 0.1};
constexpr double kE[] = {10, 6, 3, 2, 1, 0.5};
constexpr double kC[] = {100, 40, 15, 7, 3, 1};

std::string listed(std::span<const double> values) {
  std::string out;
  for (double v : values) out += (out.empty() ? "" : ", ") + fmt::format("{}", v);
  return out;
}

// The factor as tenths (0.1 → 1), when it is exactly one of `values` (a JSON 0.5 or 0.1 parses to
// the same double as the literal).
Result<int64_t> tenths(double v, std::span<const double> values, const char* field) {
  if (std::find(values.begin(), values.end(), v) == values.end())
    return Error::validation(
        field, fmt::format("{} must be one of {} (LEC table).", field, listed(values)));
  return std::llround(v * 10);
}

}  // namespace

std::span<const double> lec_l_values() { return kL; }
std::span<const double> lec_e_values() { return kE; }
std::span<const double> lec_c_values() { return kC; }

Result<LecResult> assess_lec(const LecInput& in, const Options& opts) {
  LG_TRY_ASSIGN(int64_t l10, tenths(in.L, kL, "L"));
  LG_TRY_ASSIGN(int64_t e10, tenths(in.E, kE, "E"));
  LG_TRY_ASSIGN(int64_t c10, tenths(in.C, kC, "C"));
  // D · 1000 is an integer: the bands are compared exactly (D = 20 is 稍有危险, not 一般危险).
  const int64_t d1000 = l10 * e10 * c10;
  LecResult r;
  r.D = static_cast<double>(d1000) / 1000;
  // standards.md §2 "D — danger bands": (lo, hi], a D on a boundary goes to the lower band.
  if (d1000 > 320'000)
    r.band = LecBand::kExtreme;
  else if (d1000 > 160'000)
    r.band = LecBand::kHigh;
  else if (d1000 > 70'000)
    r.band = LecBand::kSignificant;
  else if (d1000 > 20'000)
    r.band = LecBand::kGeneral;
  else
    r.band = LecBand::kSlight;
  // The four colours: configuration (Options; default variant A of standards.md §2), also (lo, hi].
  if (r.D > opts.lec_major_above)
    r.level = RiskLevel::kMajor;
  else if (r.D > opts.lec_larger_above)
    r.level = RiskLevel::kLarger;
  else if (r.D > opts.lec_general_above)
    r.level = RiskLevel::kGeneral;
  else
    r.level = RiskLevel::kLow;
  return r;
}

}  // namespace lakeguard::risk
