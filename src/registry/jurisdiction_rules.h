#pragma once
// The jurisdictions kind's own rules (its KindSpec::complete): a division's code, level and parent
// agree, by the division code rules of standards/division_code.h (GB/T 2260 and the statistical
// division codes). Pure, no I/O.

#include "core/error.h"
#include "registry/model.h"

namespace lakeguard::registry {

// Checks that `code` has the natural length of `level` (district 6, town 9, community 12 digits)
// and that `parent_code`, when given, is the code of the level above (defaulted when absent; a
// district has none); fills the derived town_code and community_code so scope filters apply to
// divisions as to any located object. REQUIRES: obj holds string `code` and `level` (validated).
Status complete_jurisdiction(Object& obj, const JurisdictionIndex& idx);

}  // namespace lakeguard::registry
