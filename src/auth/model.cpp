#include "auth/model.h"

#include "core/text.h"
#include "standards/division_code.h"

namespace lakeguard::auth {

std::optional<ScopeType> scope_type_of_code(std::string_view code) {
  // The natural length tells the level (standards/division_code.h); a user's scope is a district,
  // a town/street or a community/village, never a padded code.
  switch (standards::division_level(code).value_or(standards::DivisionLevel::kProvince)) {
    case standards::DivisionLevel::kDistrict:
      return ScopeType::kDistrict;
    case standards::DivisionLevel::kTown:
      return ScopeType::kTown;
    case standards::DivisionLevel::kCommunity:
      return ScopeType::kCommunity;
    case standards::DivisionLevel::kProvince:
    case standards::DivisionLevel::kCity:
      return std::nullopt;
  }
  return std::nullopt;
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

Status check_username(std::string_view username) {
  if (username.empty() || username.size() > kMaxUsernameChars)
    return Error::validation("username", "The username must be 1–64 characters.");
  for (char ch : username)
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_' && ch != '-' && ch != '.')
      return Error::validation("username", "Use letters, digits, '_', '-' and '.' only.");
  return ok_status();
}

Status check_display_name(std::string_view name) {
  size_t n = utf8_length(name);
  if (!valid_utf8(name) || n == 0 || n > kMaxDisplayNameChars)
    return Error::validation("display_name", "The display name must be 1–100 characters.");
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f)
      return Error::validation("display_name", "'display_name' contains a control character.");
  // Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) make a name read
  // differently from what it is.
  for (size_t i = 0; i + 2 < name.size(); ++i) {
    auto b0 = static_cast<unsigned char>(name[i]), b1 = static_cast<unsigned char>(name[i + 1]),
         b2 = static_cast<unsigned char>(name[i + 2]);
    if (b0 == 0xE2 &&
        ((b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE) || (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9)))
      return Error::validation("display_name", "'display_name' contains a control character.");
  }
  return ok_status();
}

Status check_password(std::string_view password) {
  if (password.size() < kMinPasswordChars)
    return Error::validation("password", "The password must have at least 8 characters.");
  if (password.size() > kMaxPasswordChars)
    return Error::validation("password", "The password is longer than 1024 characters.");
  return ok_status();
}

}  // namespace lakeguard::auth
