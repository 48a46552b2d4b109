#include "core/principal.h"

#include <array>
#include <utility>

namespace lakeguard {
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

ScopeCondition scope_of(const Principal& p, const ScopeColumns& cols) {
  ScopeCondition c;
  using K = ScopeCondition::Kind;
  auto equals = [&](std::string_view column, std::string text) {
    if (column.empty()) return c;  // the collection has no such place: nothing to see
    c.kind = K::kEquals;
    c.column = column;
    c.text = std::move(text);
    return c;
  };
  switch (p.scope_type) {
    case ScopeType::kDistrict:
      c.kind = K::kAll;
      return c;
    case ScopeType::kTown:
      return equals(cols.town, p.scope_code);
    case ScopeType::kCommunity:
      return equals(cols.community, p.scope_code);
    case ScopeType::kEnterprise:
      if (cols.enterprise.empty() || !p.enterprise_id) return c;
      c.kind = K::kEquals;
      c.column = cols.enterprise;
      c.number = p.enterprise_id;
      return c;
  }
  return c;
}

bool ScopeCondition::admits(const Placement& where, const ScopeColumns& cols) const {
  switch (kind) {
    case Kind::kAll:
      return true;
    case Kind::kNone:
      return false;
    case Kind::kEquals:
      if (number) return column == cols.enterprise && where.enterprise_id == number;
      if (column == cols.town) return !where.town_code.empty() && where.town_code == text;
      if (column == cols.community)
        return !where.community_code.empty() && where.community_code == text;
      return false;
  }
  return false;
}

}  // namespace lakeguard
