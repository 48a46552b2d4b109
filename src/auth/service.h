#pragma once
// auth's one door for other contexts and the app: logging in and out, turning a credential into
// a principal, users, API tokens and the audit log (every context's writes are audited here,
// through platform::AuditSink). No HTTP: auth/api.cpp reads credentials off requests.
// Thread-safety: all members are safe to call from the worker threads concurrently.

#include <boost/json.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <semaphore>
#include <string>
#include <unordered_map>
#include <vector>

#include "auth/crypto.h"
#include "auth/model.h"
#include "core/clock.h"
#include "core/error.h"
#include "db/database.h"
#include "platform/changes.h"

namespace lakeguard::auth {

struct AuthOptions {
  int64_t session_ttl_ms = 12LL * 3600 * 1000;          // absolute lifetime of a login session
  int64_t api_token_ttl_ms = 365LL * 24 * 3600 * 1000;  // default lifetime of an API token
  int max_failures = 5;                                 // failed logins per (username, address)…
  int64_t failure_window_ms = 15LL * 60 * 1000;         // …within this window → 429
  size_t max_throttle_keys = 100000;  // (username, address) pairs remembered; oldest go first
  bool cookie_secure = false;         // set with TLS in front
  Argon2Params argon2;
};

struct LoginResult {
  std::string token;  // shown once; only its SHA-256 is stored
  User user;
  int64_t expires_at_ms = 0;
};

// A credential as a request presents it (auth/api.cpp reads it off the request).
struct Credential {
  std::string token;         // the plaintext session or API token
  bool via_cookie = false;   // the console's session cookie (else a bearer token)
  bool unsafe = false;       // the request changes state (not GET/HEAD/OPTIONS)
  bool csrf_header = false;  // X-Requested-With: lakeguard was sent
};

// Credentials that stopped being valid, so live connections riding on them can be closed.
struct SessionEnd {
  std::optional<int64_t> user_id;        // every credential of this user (access changed)
  std::vector<std::string> credentials;  // these token hashes
  std::string reason;                    // "logout", "revoked", "disabled", "password", "access"
};

// What auth needs to know of the places a user is bound to, answered by the registry (auth does
// not read the registry's tables). Called inside auth's transaction, on its connection.
class ScopeDirectory {
 public:
  virtual ~ScopeDirectory() = default;
  // True for a jurisdiction of the district at any level (the district's own code included).
  virtual bool jurisdiction_exists(db::Connection& c, const std::string& code) = 0;
  virtual bool enterprise_exists(db::Connection& c, int64_t id) = 0;
};

class AuthService final : public platform::AuditSink {
 public:
  AuthService(db::Database& db, const Clock& clock, AuthOptions opts = {});

  // Set before serving.
  void set_directory(ScopeDirectory* d) { directory_ = d; }
  void set_session_observer(std::function<void(const SessionEnd&)> f) { on_end_ = std::move(f); }

  // Checks credentials (constant work for unknown users), throttles repeated failures per
  // (username, client address) with kRateLimited (retry_after_s set), creates a session.
  Result<LoginResult> login(std::string_view username, std::string_view password,
                            std::string_view client_address, int* retry_after_s);
  // Ends the session or revokes the token presented.
  Status logout(const std::string& token);

  // The principal of a credential. State-changing requests authenticated by cookie must carry
  // the CSRF header; read-only tokens may not change state (403).
  Result<Principal> authenticate(const Credential& c);
  // The same, from memory only: nullopt whenever the store would have to be asked. Reads only.
  std::optional<Principal> authenticate_cached(const Credential& c);

  Result<User> add_user(const NewUser& u, const platform::Actor& who);
  // Applies a patch in one audited transaction. Refuses (kConflict) to leave the platform without
  // an active admin. A new password or a disabled account ends the user's sessions and API
  // tokens; a new role or scope ends its sessions (API tokens follow the user's new rights).
  Result<User> update_user(int64_t id, const UserPatch& patch, const platform::Actor& who);
  Status set_password(std::string_view username, std::string_view password,
                      const platform::Actor& who);
  Status set_disabled(std::string_view username, bool disabled, const platform::Actor& who);
  std::vector<User> list_users();
  Result<User> find_user(std::string_view username);
  Result<User> get_user(int64_t id);

  // A new API token for p, expiring after ttl_ms (default: options().api_token_ttl_ms). Only a
  // login session may mint tokens (an API token may not: 403).
  Result<ApiToken> create_token(const Principal& p, std::string_view name, bool read_only,
                                std::optional<int64_t> ttl_ms, const platform::Actor& who);
  std::vector<ApiToken> list_tokens(const Principal& p);
  Status revoke_token(const Principal& p, int64_t id, const platform::Actor& who);

  // Audit log page, newest first; filters may be empty.
  struct AuditPage {
    boost::json::array items;
    int64_t total = 0;
  };
  AuditPage list_audit(std::string_view entity, std::string_view entity_id, std::string_view actor,
                       int64_t page, int64_t page_size);

  // platform::AuditSink: one audit row in the caller's transaction.
  void record(db::Connection& c, const platform::AuditRecord& r, int64_t now_ms) override;

  // For other contexts, on their connection (in their transaction): how many users are bound to a
  // jurisdiction code or to an enterprise (a division or enterprise in use cannot go).
  int64_t users_bound_to_scope(db::Connection& c, const std::string& code);
  int64_t users_bound_to_enterprise(db::Connection& c, int64_t enterprise_id);

  const AuthOptions& options() const { return opts_; }

 private:
  Result<Principal> principal_for_token(const std::string& token);
  std::optional<int64_t> credential_epoch();
  bool throttled(const std::string& key, int64_t now, int* retry_after_s);
  void note_failure(const std::string& key, int64_t now);
  Status check_scope_exists(db::Connection& c, const User& u, bool scope_given);
  void ended(SessionEnd e);
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

  db::Database& db_;
  const Clock& clock_;
  AuthOptions opts_;
  ScopeDirectory* directory_ = nullptr;
  std::function<void(const SessionEnd&)> on_end_;
  std::string dummy_hash_;  // verified against for unknown users so timing reveals nothing
  // Password hashing costs 19 MiB and tens of milliseconds each; at most this many run at once,
  // so a burst of logins neither exhausts memory nor takes every request worker.
  std::counting_semaphore<2> hashing_{2};
  std::mutex mu_;
  // Failed logins per "username|address", least recently failed last: a spray of usernames
  // pushes out the oldest entries only, never everyone's counters.
  struct Failures {
    std::deque<int64_t> times;
    std::list<std::string>::iterator lru;
  };
  std::unordered_map<std::string, Failures> failures_;  // GUARDED_BY(mu_)
  std::list<std::string> failure_lru_;                  // GUARDED_BY(mu_): front = latest
  // Token → principal (memory only; the store keeps hashes), valid while the users and tokens
  // tables have not changed (a logout, a revocation, a disabled user end every entry).
  struct CachedPrincipal {
    Principal principal;
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
