#pragma once
// The chemicals kind's own rules (its KindSpec::complete): a chemical's GB 18218-2018 Table 1 row
// and Table 2 hazard class (standards/gb18218.h). Pure, no I/O.

#include "core/error.h"
#include "registry/model.h"

namespace lakeguard::registry {

// GB 18218-2018 §4.1 / Table 1: identifies a named substance by `table1_seq`, else by `name` or
// alias, else by `cas` (filling table1_seq; several matching rows ask for table1_seq); defaults
// `hazard_class` (Table 2 symbol) only where default_hazard_class() is unambiguous, and requires
// it otherwise.
Status complete_chemical(Object& obj, const JurisdictionIndex& idx);

}  // namespace lakeguard::registry
