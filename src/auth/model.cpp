#include "auth/model.h"

#include <array>
#include <utility>

namespace lakeguard::auth {
namespace {
constexpr std::array<std::pair<Role, std::string_view>, 7> kRoles = {{
    {Role::kAdmin, "admin"},
    {Role::kDistrictOfficer, "district_officer"},
    {Role::kTownOfficer, "town_officer"},
    {Role::kCommunityOfficer, "community_officer"},
    {Role::kEnterpriseUser, "enterprise_user"},
    {Role::kInspector, "inspector"},
    {Role::kViewer, "viewer"},
}};
}  // namespace

std::string_view role_name(Role r) {
  for (auto& [role, name] : kRoles)
    if (role == r) return name;
  return "viewer";
}

std::optional<Role> parse_role(std::string_view s) {
  for (auto& [role, name] : kRoles)
    if (name == s) return role;
  return std::nullopt;
}

std::string_view scope_type_name(ScopeType t) {
  switch (t) {
    case ScopeType::kDistrict:
      return "district";
    case ScopeType::kTown:
      return "town";
    case ScopeType::kCommunity:
      return "community";
    case ScopeType::kEnterprise:
      return "enterprise";
  }
  return "district";
}

std::optional<ScopeType> parse_scope_type(std::string_view s) {
  for (ScopeType t :
       {ScopeType::kDistrict, ScopeType::kTown, ScopeType::kCommunity, ScopeType::kEnterprise})
    if (scope_type_name(t) == s) return t;
  return std::nullopt;
}

std::optional<ScopeType> scope_type_of_code(std::string_view code) {
  for (char c : code)
    if (c < '0' || c > '9') return std::nullopt;
  switch (code.size()) {
    case 6:
      return ScopeType::kDistrict;
    case 9:
      return ScopeType::kTown;
    case 12:
      return ScopeType::kCommunity;
    default:
      return std::nullopt;
  }
}

std::string validate_role_scope(Role role, ScopeType scope) {
  switch (role) {
    case Role::kAdmin:
    case Role::kDistrictOfficer:
    case Role::kInspector:
      return scope == ScopeType::kDistrict ? "" : "This role needs the district scope.";
    case Role::kTownOfficer:
      return scope == ScopeType::kTown ? "" : "A town officer needs a town (9-digit) scope.";
    case Role::kCommunityOfficer:
      return scope == ScopeType::kCommunity
                 ? ""
                 : "A community officer needs a community (12-digit) scope.";
    case Role::kEnterpriseUser:
      return scope == ScopeType::kEnterprise ? "" : "An enterprise user needs an enterprise.";
    case Role::kViewer:
      return scope == ScopeType::kEnterprise ? "A viewer needs a jurisdiction scope." : "";
  }
  return "Unknown role.";
}

}  // namespace lakeguard::auth
