#pragma once
// auth's one door for other contexts and the app: login/logout, authenticating requests (session
// cookie or bearer token), users, API tokens and the audit log.
// Thread-safety: all members are safe to call from the worker threads concurrently.

#include <atomic>
#include <boost/json.hpp>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <semaphore>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "auth/crypto.h"
#include "auth/model.h"
#include "core/clock.h"
#include "core/error.h"
#include "db/database.h"
#include "http/request.h"

namespace lakeguard::auth {

inline constexpr std::string_view kSessionCookie = "lg_session";

struct AuthOptions {
  int64_t session_ttl_ms = 12LL * 3600 * 1000;   // absolute lifetime of a console session
  int max_failures = 5;                          // failed logins per (username, address)…
  int64_t failure_window_ms = 15LL * 60 * 1000;  // …within this window → 429
  bool cookie_secure = false;                    // set with TLS in front
  Argon2Params argon2;
};

struct LoginResult {
  std::string token;  // shown once; only its SHA-256 is stored
  User user;
  int64_t expires_at_ms = 0;
};

struct NewUser {
  std::string username;
  std::string display_name;
  std::string password;       // hashed here unless password_hash is given
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
  std::optional<std::string> password;  // hashed here; ends the user's sessions
};

struct ApiToken {
  int64_t id = 0;
  std::string name;
  bool read_only = false;
  std::string created_at;
  std::optional<int64_t> expires_at_ms;
  bool revoked = false;
  std::string token;  // plaintext, only when just created
};

// Idempotency-Key (API-CONVENTIONS.md "Writes that must not happen twice"). A POST carrying the
// key claims (user, key) with its first audited write, in the same transaction, so the claim and
// the write commit or roll back together; the answer is stored after the commit and replayed to
// repeats for 24 h. A request that writes nothing (it failed) claims nothing: a retry runs again.
struct IdempotencyClaim {
  std::string key;
  std::string request_hash;  // request_fingerprint: a repeat must be the same request
};
inline constexpr int64_t kIdempotencyTtlMs = 24LL * 3600 * 1000;
// SHA-256 of the method, path, query and body.
std::string request_fingerprint(const http::Request& req);

// Thrown by record_audit when another request already holds the claim: the caller's transaction
// rolls back, and with_idempotency answers with the first request's result.
class IdempotencyReplay : public std::runtime_error {
 public:
  IdempotencyReplay() : std::runtime_error("idempotency key held by another request") {}
};

// One audited write (who, when, entity, id, before/after). Written in the caller's transaction
// so the audit row and the change commit or roll back together.
struct AuditEntry {
  std::optional<int64_t> actor_id;
  std::string actor;   // username, or "system"/"cli"
  std::string action;  // create | update | delete | import | login | …
  std::string entity;  // collection name
  std::string entity_id;
  boost::json::value before;  // null when none
  boost::json::value after;
  std::string request_id;
  std::optional<IdempotencyClaim> idempotency;  // set by audit_by for POSTs carrying a key
};
void record_audit(db::Connection& c, const AuditEntry& e, int64_t now_ms);

// The audit identity (actor and request id) of a principal's request; action/entity are filled
// by the service that writes.
AuditEntry audit_by(const Principal& p, const http::Request& req);

class AuthService {
 public:
  AuthService(db::Database& db, const Clock& clock, AuthOptions opts = {});

  // Checks credentials (constant work for unknown users), throttles repeated failures per
  // (username, client address) with kRateLimited (retry_after_s set), creates a session.
  Result<LoginResult> login(std::string_view username, std::string_view password,
                            std::string_view client_address, int* retry_after_s);
  Status logout(const http::Request& req);

  // The principal of a request: session cookie or `Authorization: Bearer`. State-changing
  // requests authenticated by cookie must carry `X-Requested-With: lakeguard` (CSRF defence).
  Result<Principal> authenticate(const http::Request& req);
  // The same, from memory only: the principal when its token is cached under store epoch
  // `epoch` (db::Database::change_epoch, read by the caller), else nullopt (then call
  // authenticate). Never touches the store. Reads only.
  std::optional<Principal> authenticate_cached(const http::Request& req, int64_t epoch);

  Result<User> add_user(const NewUser& u, const AuditEntry& who);
  // Applies a patch in one audited transaction. Refuses (kConflict) to leave the platform without
  // an active admin; a new password, a disabled account or a new role/scope end the user's
  // sessions (API tokens of a disabled user stop working through the users join).
  Result<User> update_user(int64_t id, const UserPatch& patch, const AuditEntry& who);
  Status set_password(std::string_view username, std::string_view password, const AuditEntry& who);
  Status set_disabled(std::string_view username, bool disabled, const AuditEntry& who);
  std::vector<User> list_users();
  Result<User> find_user(std::string_view username);
  Result<User> get_user(int64_t id);

  Result<ApiToken> create_token(const Principal& p, std::string_view name, bool read_only,
                                std::optional<int64_t> ttl_ms, const std::string& request_id);
  std::vector<ApiToken> list_tokens(const Principal& p);
  Status revoke_token(const Principal& p, int64_t id, const std::string& request_id);

  // Audit log page, newest first; filters may be empty.
  boost::json::object list_audit(std::string_view entity, std::string_view entity_id,
                                 std::string_view actor, int64_t page, int64_t page_size);

  // Idempotency-Key, before a request runs: the stored answer of an earlier request with this
  // user's key (marked Idempotent-Replayed), 422 when the key was used for another request, 409
  // while the first request is still running; nullopt when the key is new (or expired).
  Result<std::optional<http::Response>> idempotent_answer(int64_t user_id, std::string_view key,
                                                          std::string_view request_hash);
  // After it ran: stores res when this request claimed the key (its write committed). When
  // another request holds the claim (a concurrent repeat), returns that request's answer to use
  // instead of res.
  Result<std::optional<http::Response>> finish_idempotent(int64_t user_id, std::string_view key,
                                                          std::string_view request_hash,
                                                          const std::string& request_id,
                                                          const http::Response& res);

  const AuthOptions& options() const { return opts_; }

 private:
  Result<Principal> principal_for_token(const std::string& token);
  bool throttled(const std::string& key, int64_t now, int* retry_after_s);
  // Runs f (an argon2 hash or verification) while holding one of the hashing permits.
  template <class F>
  auto bounded_hashing(F&& f) {
    hashing_.acquire();
    struct Release {
      std::counting_semaphore<2>& s;
      ~Release() { s.release(); }
    } release{hashing_};
    return f();
  }
  void note_failure(const std::string& key, int64_t now);

  db::Database& db_;
  const Clock& clock_;
  AuthOptions opts_;
  std::string dummy_hash_;  // verified against for unknown users so timing reveals nothing
  // Password hashing costs 19 MiB and tens of milliseconds each; at most this many run at once,
  // so a burst of logins neither exhausts memory nor takes every request worker.
  std::counting_semaphore<2> hashing_{2};
  std::mutex mu_;
  std::map<std::string, std::deque<int64_t>> failures_;  // GUARDED_BY(mu_)
  std::atomic<int64_t> idempotency_purged_ms_{0};        // last purge of expired keys
  // Token → principal (memory only; the store keeps hashes), valid while the store's change epoch
  // holds (any committed write — a logout, a revocation, a disabled user — ends every entry).
  struct CachedPrincipal {
    Principal principal;
    std::optional<int64_t> expires_at_ms;
    int64_t epoch;
  };
  struct TokenHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, CachedPrincipal, TokenHash, std::equal_to<>>
      principals_;  // GUARDED_BY(mu_)
};

boost::json::object user_json(const User& u);

}  // namespace lakeguard::auth
