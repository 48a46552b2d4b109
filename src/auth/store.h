#pragma once
// auth's SQL: users, their session and API tokens, the audit log. Every value is a bound
// parameter; functions run on the caller's connection (and so in its transaction, if any).
// Tables: users, tokens, audit_log

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/model.h"
#include "db/database.h"

namespace lakeguard::auth::store {

// Users.
std::optional<User> user_by_name(db::Connection& c, const std::string& username);
// The user and its password hash.
std::optional<std::pair<User, std::string>> user_with_hash(db::Connection& c,
                                                           const std::string& username);
std::optional<User> user_by_id(db::Connection& c, int64_t id);
std::vector<User> users(db::Connection& c);
// Inserts u (scope already resolved); throws db::ConstraintError on a duplicate username.
User insert_user(db::Connection& c, const User& u, const std::string& password_hash,
                 const std::string& now);
void update_user(db::Connection& c, const User& u, const std::string& now);
void set_password_hash(db::Connection& c, int64_t user_id, const std::string& hash);
// Active admins other than `except_id`.
int64_t count_other_active_admins(db::Connection& c, int64_t except_id);
// Users bound to a jurisdiction code (scope_code) or to an enterprise.
int64_t count_users_with_scope(db::Connection& c, const std::string& scope_code);
int64_t count_users_of_enterprise(db::Connection& c, int64_t enterprise_id);

// Tokens (kind "session" or "api"); only their SHA-256 is stored.
struct TokenRow {
  Principal principal;  // of the token's user, with read_only/credential/expiry of the token
  std::string kind;
};
// The token's principal, when the token exists, is not revoked and its user is not disabled.
std::optional<TokenRow> principal_of_token(db::Connection& c, const std::string& token_hash);
int64_t insert_token(db::Connection& c, const std::string& token_hash, int64_t user_id,
                     const std::string& kind, const std::optional<std::string>& name,
                     bool read_only, const std::string& now, std::optional<int64_t> expires_at_ms);
// Revokes one token by hash (any kind). Returns rows changed.
int64_t revoke_token_hash(db::Connection& c, const std::string& token_hash);
// Revokes an API token by id (only the owner's when owner is set); returns its hash if revoked.
std::optional<std::string> revoke_api_token(db::Connection& c, int64_t id,
                                            std::optional<int64_t> owner);
// Revokes all of a user's tokens (sessions only, or sessions and API tokens). Returns their
// hashes.
std::vector<std::string> revoke_user_tokens(db::Connection& c, int64_t user_id, bool api_too);
std::vector<ApiToken> api_tokens(db::Connection& c, int64_t user_id);

// The audit log.
void insert_audit(db::Connection& c, const std::string& at, std::optional<int64_t> actor_id,
                  const std::string& actor, const std::string& action, const std::string& entity,
                  const std::string& entity_id, const boost::json::value& before,
                  const boost::json::value& after, const std::string& request_id);
struct AuditFilter {
  std::string entity, entity_id, actor;
};
int64_t count_audit(db::Connection& c, const AuditFilter& f);
boost::json::array audit_page(db::Connection& c, const AuditFilter& f, int64_t limit,
                              int64_t offset);

}  // namespace lakeguard::auth::store
