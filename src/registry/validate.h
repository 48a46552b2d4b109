#pragma once
// Pure validation and normalisation of registry objects (no I/O). The service passes a snapshot
// of the district's jurisdictions so codes and coordinates are checked against the real data.

#include <map>
#include <set>
#include <string>

#include "core/error.h"
#include "registry/model.h"

namespace lakeguard::registry {

// A read-only snapshot of the jurisdictions, for cross-checks.
struct JurisdictionIndex {
  std::string district_code;                                       // 6 digits, e.g. 330106
  std::set<std::string, std::less<>> towns;                        // 9-digit codes
  std::map<std::string, std::string, std::less<>> community_town;  // 12-digit → its town
  // Bounding box of the district outline (WGS-84); objects must lie inside it, with a margin.
  double min_lon = 73, max_lon = 136, min_lat = 3, max_lat = 54;
  static constexpr double kMarginDeg = 0.05;  // ≈ 5 km: sites just over the boundary still count
};

struct ValidateOptions {
  bool partial = false;          // PATCH: only the given fields, no required check
  bool allow_synthetic = false;  // the demo loader may set "synthetic"
};

// Checks types, ranges, closed sets and official codes of `in` against kind's fields; rejects
// unknown and read-only fields; converts `crs: "gcj02"|"bd09"` coordinates to WGS-84. Returns the
// normalised object (only fields present in `in`, strings trimmed, codes upper-cased, empty
// strings and empty lists as null). Text holding a character core/text.h find_forbidden_char
// refuses (controls, bidirectional formatting, invalid UTF-8) is a validation error naming the
// field. Errors name the first bad field.
Result<Object> validate_object(const KindSpec& kind, const Object& in, const ValidateOptions& opt,
                               const JurisdictionIndex& idx);

// Cross-field rules on a complete object (after a PATCH is merged): the community lies in the
// town; then the kind's own KindSpec::complete (a division's code, level and parent agree;
// chemicals get their GB 18218 Table 1 row and default hazard class). May fill fields.
Status complete_object(const KindSpec& kind, Object& obj, const JurisdictionIndex& idx);

// Parses a text cell (CSV import) into the JSON value the field's type expects. Empty → null.
Result<boost::json::value> parse_cell(const FieldSpec& f, std::string_view text);

// The text form of a value for CSV export (lists as "a;b", booleans true/false).
std::string cell_text(const FieldSpec& f, const boost::json::value& v);

// True for YYYY-MM-DD optionally followed by an ISO 8601 time (range filters on timestamps).
bool is_valid_timestamp_prefix(std::string_view s);

}  // namespace lakeguard::registry
