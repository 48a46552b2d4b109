#pragma once
// registry (一库 one database): the descriptor of each registry kind. One generic store, service
// and API drive every kind from these descriptors, so a new kind is a table, a migration and a
// KindSpec — not another copy of CRUD code.

#include <boost/json.hpp>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/principal.h"

namespace lakeguard::registry {

// Objects travel as JSON objects with the API's field names.
using Object = boost::json::object;

struct JurisdictionIndex;  // validate.h

// A kind's own cross-field rules on a complete object (after a PATCH is merged), run by
// complete_object() after the generic ones; may fill derived fields. Pure (no I/O).
using CompleteFn = Status (*)(Object& obj, const JurisdictionIndex& idx);

enum class FieldType {
  kText,
  kInt,
  kReal,
  kBool,
  kDate,        // YYYY-MM-DD
  kStringList,  // JSON array of strings, stored as JSON text
  kGeometry,    // GeoJSON Polygon/MultiPolygon object, stored as JSON text
};

// Extra checks beyond the type, each implemented once in validate.cpp.
enum class Check {
  kNone,
  kCreditCode,     // 统一社会信用代码, GB 32100-2015 check character
  kTownCode,       // a 9-digit town/street code of the district
  kCommunityCode,  // a 12-digit community/village code of the district (in town_code's town)
  kJurisdictionCode,
  kLon,  // WGS-84 longitude inside the district's bounds (with margin)
  kLat,
  kHazardClass,  // GB 18218-2018 Table 2 symbol J1…W11
  kUrl,          // http(s):// or rtsp(s)://
  kPhone,        // digits, '-', '+', spaces; 5–20 characters
  kCas,          // CAS registry number with a valid check digit
};

struct FieldSpec {
  std::string_view name;
  FieldType type = FieldType::kText;
  bool required = false;  // on create
  bool filter = false;    // `?name=value` (and `_from`/`_to` for numbers and dates)
  bool sort = false;      // `sort=name|-name`
  bool search = false;    // part of the free-text `q`
  Check check = Check::kNone;
  std::vector<std::string_view> allowed = {};  // closed set of values (text or list items)
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  size_t max_len = 200;    // characters for text; items for lists
  bool read_only = false;  // server-managed; rejected in requests
  // Text that may span lines (notes, descriptions: TAB, LF and CR allowed); names, codes and
  // addresses are single-line (core/text.h TextLines).
  bool multi_line = false;
};

// What, outside a kind's own rows, names one of its objects: such an object may not be deleted
// (or, for a division, re-coded) while anything still does. Children (nested kinds) are not
// referrers: they go with their parent, each audited and published.
struct Referrers {
  bool placements = false;        // located objects' town_code/community_code hold its code
  bool sub_divisions = false;     // divisions whose parent_code is its code
  bool scoped_users = false;      // users whose scope is its code (auth)
  bool enterprise_users = false;  // users bound to it as their enterprise (auth)
};

struct KindSpec {
  std::string_view name;   // collection name in the URL: "enterprises"
  std::string_view table;  // SQL table
  std::string_view title;  // schema name in OpenAPI: "Enterprise"
  std::vector<FieldSpec> fields;
  bool located = true;         // has town_code/community_code/lon/lat: a map layer
  std::string_view parent;     // for nested kinds: the parent collection ("enterprises")
  std::string_view parent_fk;  // the column holding the parent id ("enterprise_id")
  std::string_view label_field = "name";
  std::string_view unique_field = "";  // a unique official code ("credit_code", "code"), if any
  // Where an object belongs, for scope (core/principal.h): the columns of its town, community and
  // enterprise. Nested kinds are scoped by their parent instead.
  ScopeColumns scope = {.town = "town_code", .community = "community_code"};
  Referrers referrers;
  // The field other objects refer to it by (a division's code), when referrers say they do.
  std::string_view code_field = "";
  // Writes reload the jurisdiction index that validation checks codes and places against.
  bool refreshes_index = false;
  // The kind's own cross-field rules (jurisdiction_rules.h, chemical_rules.h), or nullptr.
  CompleteFn complete = nullptr;

  const FieldSpec* field(std::string_view n) const {
    for (const auto& f : fields)
      if (f.name == n) return &f;
    return nullptr;
  }
};

// Every registry kind. Stable order (used by the OpenAPI document and the console).
const std::vector<KindSpec>& kinds();
const KindSpec* find_kind(std::string_view name);

// Columns every row has besides the spec's fields.
inline constexpr std::string_view kCommonColumns[] = {"id", "synthetic", "created_at", "updated_at",
                                                      "version"};

}  // namespace lakeguard::registry
