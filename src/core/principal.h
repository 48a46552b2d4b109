#pragma once
// Who is asking, and where they may look: the principal every request carries (ARCHITECTURE.md
// §3 "Identity and scope"), and the one scope rule that bounds both store queries and live events.
// Vocabulary shared by http/ (authenticating once per request), platform/ and every context. Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lakeguard {

// The roles of PRODUCT.md "Roles and what they may do".
enum class Role {
  kAdmin,
  kDistrictOfficer,
  kTownOfficer,
  kCommunityOfficer,
  kEnterpriseUser,
  kInspector,
  kViewer,
};

std::string_view role_name(Role r);
std::optional<Role> parse_role(std::string_view s);

// What a user's reads and writes are bounded by (差别化授权 differentiated authorisation): one
// jurisdiction (district ⊃ town/street 镇街 ⊃ community/village 社区/村) or one enterprise.
enum class ScopeType { kDistrict, kTown, kCommunity, kEnterprise };
std::string_view scope_type_name(ScopeType t);
std::optional<ScopeType> parse_scope_type(std::string_view s);

struct Principal {
  int64_t user_id = 0;
  std::string username;
  std::string display_name;
  Role role = Role::kViewer;
  ScopeType scope_type = ScopeType::kDistrict;
  std::string scope_code;                // 6/9/12-digit code; empty for enterprise scope
  std::optional<int64_t> enterprise_id;  // set for enterprise scope
  bool read_only = false;                // an API token limited to reads
  bool via_cookie = false;               // authenticated by the console's session cookie
  bool via_api_token = false;            // an API token (not a login session)
  // The credential's identity: the SHA-256 (hex) of the session or API token, as stored. Not a
  // secret, but not logged either. Lets live connections end when their credential does.
  std::string credential;
  std::optional<int64_t> expires_at_ms;  // when the credential expires, if it does
};

// Where an object belongs (its town, community and enterprise), for scope checks of rows and of
// live events alike. Empty / nullopt: the object has no such place.
struct Placement {
  std::string town_code;
  std::string community_code;
  std::optional<int64_t> enterprise_id;
  bool operator==(const Placement&) const = default;
};

// Which of an object's columns hold its placement (a collection's descriptor). An empty name: the
// collection has no such column, so callers of that scope see none of it.
struct ScopeColumns {
  std::string_view town;        // e.g. "town_code"
  std::string_view community;   // e.g. "community_code"
  std::string_view enterprise;  // e.g. "enterprise_id", or "id" for the enterprises themselves
};

// The scope of a principal over one collection, as data: everything, nothing, or the rows whose
// `column` equals `value`. One function makes it (scope_of); the store renders it as SQL and the
// live hub tests events with it, so the two can never disagree.
struct ScopeCondition {
  enum class Kind { kAll, kNone, kEquals } kind = Kind::kNone;
  std::string_view column;        // for kEquals: one of the ScopeColumns
  std::string text;               // for kEquals on a code column
  std::optional<int64_t> number;  // for kEquals on the enterprise column

  // Whether an object placed at `where` satisfies the condition.
  bool admits(const Placement& where, const ScopeColumns& cols) const;
};

// The rows of a collection with these columns that p may see (ARCHITECTURE.md §3: applied in the
// store query). District scope: all; town: its town's; community: its community's; enterprise: its
// own enterprise's. Roles are checked separately (which collections a role may read at all).
ScopeCondition scope_of(const Principal& p, const ScopeColumns& cols);

// Whether p may see an object placed at `where` in a collection with these columns.
inline bool in_scope(const Principal& p, const ScopeColumns& cols, const Placement& where) {
  return scope_of(p, cols).admits(where, cols);
}

}  // namespace lakeguard
