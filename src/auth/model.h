#pragma once
// auth: users, roles, scopes (差别化授权 differentiated authorisation), sessions, API tokens,
// audit.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lakeguard::auth {

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

// What a user's reads and writes are bounded by: one jurisdiction (district ⊃ town/street 镇街 ⊃
// community/village 社区/村) or one enterprise.
enum class ScopeType { kDistrict, kTown, kCommunity, kEnterprise };
std::string_view scope_type_name(ScopeType t);
std::optional<ScopeType> parse_scope_type(std::string_view s);

// The scope type of an administrative code at its natural length (6, 9 or 12 digits), or nullopt.
std::optional<ScopeType> scope_type_of_code(std::string_view code);

// REQUIRES: role/scope combinations are checked by validate_role_scope before a user is stored.
// Returns an empty string when fine, otherwise what is wrong.
std::string validate_role_scope(Role role, ScopeType scope);

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
};

struct User {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  Role role = Role::kViewer;
  ScopeType scope_type = ScopeType::kDistrict;
  std::string scope_code;
  std::optional<int64_t> enterprise_id;
  bool disabled = false;
  std::string created_at;
};

}  // namespace lakeguard::auth
