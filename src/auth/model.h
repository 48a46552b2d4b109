#pragma once
// auth: users, roles, scopes (差别化授权 differentiated authorisation), sessions, API tokens,
// the audit log. The principal vocabulary itself (Role, ScopeType, Principal) is core's.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/principal.h"

namespace lakeguard::auth {

using lakeguard::parse_role;
using lakeguard::parse_scope_type;
using lakeguard::Principal;
using lakeguard::Role;
using lakeguard::role_name;
using lakeguard::scope_type_name;
using lakeguard::ScopeType;

// The scope type of an administrative code at its natural length (6, 9 or 12 digits), or nullopt.
std::optional<ScopeType> scope_type_of_code(std::string_view code);

// Returns an empty string when `role` may have a scope of type `scope`, otherwise what is wrong.
std::string validate_role_scope(Role role, ScopeType scope);

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

struct NewUser {
  std::string username;
  std::string display_name;   // the username when empty
  std::string password;       // hashed by the service unless password_hash is given
  std::string password_hash;  // a precomputed argon2id hash (demo: one hash for all users)
  Role role = Role::kViewer;
  std::string scope_code;  // jurisdiction code (6/9/12 digits), empty for enterprise users
  std::optional<int64_t> enterprise_id;
};

// A change to a user (PATCH /api/v1/users/{id}); unset members stay as they are. Setting
// scope_code makes the user jurisdiction-bound; setting enterprise_id binds it to an enterprise.
struct UserPatch {
  std::optional<std::string> display_name;
  std::optional<Role> role;
  std::optional<std::string> scope_code;
  std::optional<int64_t> enterprise_id;
  std::optional<bool> disabled;
  std::optional<std::string>
      password;  // hashed by the service; ends the user's sessions and tokens
};

// The limits of user fields, one validation for creating and changing users (pure).
inline constexpr size_t kMaxUsernameChars = 64;
inline constexpr size_t kMaxDisplayNameChars = 100;
inline constexpr size_t kMinPasswordChars = 8;
inline constexpr size_t kMaxPasswordChars = 1024;
// Each returns ok, or validation_failed naming its field.
Status check_username(std::string_view username);
Status check_display_name(std::string_view name);
Status check_password(std::string_view password);
// An API token's name: 1–100 characters, single-line text (core/text.h find_forbidden_char).
inline constexpr size_t kMaxTokenNameChars = 100;
Status check_token_name(std::string_view name);

struct ApiToken {
  int64_t id = 0;
  std::string name;
  bool read_only = false;
  std::string created_at;
  std::optional<int64_t> expires_at_ms;
  bool revoked = false;
  std::string token;  // plaintext, only when just created
};

}  // namespace lakeguard::auth
