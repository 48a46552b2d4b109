#include "auth/model.h"

#include <fmt/format.h>

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

namespace {

// Names people read must read as what they are: no control characters, no bidirectional
// overrides or marks, no invalid UTF-8 (core/text.h find_forbidden_char; issue 7 defect 13).
Status check_chars(std::string_view field, std::string_view s) {
  auto fc = find_forbidden_char(s, TextLines::kSingle);
  if (!fc) return ok_status();
  if (fc->invalid_utf8())
    return Error::validation(std::string(field), fmt::format("'{}' is not valid UTF-8.", field));
  return Error::validation(
      std::string(field),
      fmt::format("'{}' contains U+{:04X} (a control or invisible formatting character) at "
                  "character {}; remove it.",
                  field, static_cast<uint32_t>(fc->code_point), fc->index + 1));
}

}  // namespace

Status check_display_name(std::string_view name) {
  LG_TRY(check_chars("display_name", name));
  size_t n = utf8_length(name);
  if (n == 0 || n > kMaxDisplayNameChars)
    return Error::validation("display_name", "The display name must be 1–100 characters.");
  return ok_status();
}

Status check_token_name(std::string_view name) {
  LG_TRY(check_chars("name", name));
  size_t n = utf8_length(name);
  if (n == 0 || n > kMaxTokenNameChars)
    return Error::validation("name", "Give the token a name of 1–100 characters.");
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
