#pragma once
// GB 18218-2018《危险化学品重大危险源辨识》: identification (辨识, formula 1: S = Σ q/Q, a
// major hazard installation 重大危险源 iff S ≥ 1) and grading (分级, §4.3, formula 2:
// R = α Σ β q/Q, graded by Table 6) of one unit. The tables are standards/gb18218.h; the choices
// where our sources leave the standard open are in docs/risk.md. Pure, thread-safe.

#include <cstdint>

#include "core/error.h"
#include "risk/model.h"

namespace lakeguard::risk {

// Identifies and grades the unit. Each substance is resolved to a Table 1 row (table1_seq, else
// its name or alias, else its CAS number) or, when it is none, to a Table 2 chemical by its
// hazard_classes; Q is the Table 1 Q, else the lowest Table 2 Q of its classes; β is the Table 3 β
// of a named toxic gas, else the highest Table 4 β of its classes (given, or lakeguard's default
// for the Table 1 row where it is unambiguous). S and R are summed exactly (integer grams over
// the exact decimal Q, β and α), so S = 1 and R = 10, 50, 100 fall on the right side.
// Errors: validation_failed naming "substances[i]" or "substances[i].<field>" (i from 0): an
// unknown or ambiguous substance, a CAS or name that contradicts the row, an unknown hazard
// class, a missing hazard_class where it is needed, a quantity out of range.
Result<MajorHazardResult> assess_major_hazard(const MajorHazardInput& in);

// Table 5 α for the number of people possibly exposed outside the site (people ≥ 0).
double alpha_for(int64_t people);

}  // namespace lakeguard::risk
