#include "registry/chemical_rules.h"

#include <optional>
#include <string>
#include <vector>

#include "standards/gb18218.h"

namespace lakeguard::registry {

using standards::Table1Row;

Status complete_chemical(Object& obj, const JurisdictionIndex& /*idx*/) {
  // GB 18218-2018 §4.1 / Table 1: a named substance is identified by name, alias or CAS; its
  // hazard class (Table 2 symbol) is defaulted only where unambiguous (see gb18218.h).
  const Table1Row* row = nullptr;
  if (auto seq = obj.if_contains("table1_seq"); seq && seq->is_int64()) {
    for (const auto& r : standards::table1())
      if (r.seq == seq->as_int64()) row = &r;
    if (!row) return Error::validation("table1_seq", "No such GB 18218 Table 1 row.");
  } else {
    std::vector<const Table1Row*> found;
    if (auto name = obj.if_contains("name"); name && name->is_string())
      found = standards::find_table1(name->as_string());
    if (found.empty())
      if (auto cas = obj.if_contains("cas"); cas && cas->is_string())
        found = standards::find_table1(cas->as_string());
    if (found.size() == 1) {
      row = found.front();
      obj["table1_seq"] = row->seq;
    } else if (found.size() > 1) {
      return Error::validation(
          "table1_seq",
          "This CAS number matches several GB 18218 Table 1 rows (composition-dependent); "
          "give table1_seq.");
    }
  }
  auto cls = obj.if_contains("hazard_class");
  if (!cls || cls->is_null()) {
    std::optional<std::string> def = row ? standards::default_hazard_class(*row) : std::nullopt;
    if (!def)
      return Error::validation("hazard_class",
                               "The hazard class (GB 18218-2018 Table 2, J1…W11) is required "
                               "for this substance.");
    obj["hazard_class"] = *def;
  }
  return ok_status();
}

}  // namespace lakeguard::registry
