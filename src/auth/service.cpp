#include "auth/service.h"

#include <fmt/format.h>

#include "auth/store.h"

namespace lakeguard::auth {
namespace {

namespace json = boost::json;

constexpr std::string_view kCredentialTables[] = {"users", "tokens"};

}  // namespace

boost::json::object user_json(const User& u) {
  json::object o{{"id", u.id},
                 {"username", u.username},
                 {"display_name", u.display_name},
                 {"role", role_name(u.role)},
                 {"scope_type", scope_type_name(u.scope_type)},
                 {"disabled", u.disabled},
                 {"created_at", u.created_at}};
  o["scope_code"] = u.scope_code.empty() ? json::value(nullptr) : json::value(u.scope_code);
  o["enterprise_id"] = u.enterprise_id ? json::value(*u.enterprise_id) : json::value(nullptr);
  return o;
}

AuthService::AuthService(db::Database& db, const Clock& clock, AuthOptions opts)
    : db_(db), clock_(clock), opts_(opts) {
  dummy_hash_ = hash_password("lakeguard-dummy-password", opts_.argon2);
}

void AuthService::record(db::Connection& c, const platform::AuditRecord& r, int64_t now_ms) {
  store::insert_audit(c, iso_utc(now_ms), r.actor.user_id, r.actor.name, r.action, r.entity,
                      r.entity_id, r.before, r.after, r.actor.request_id);
}

int64_t AuthService::users_bound_to_scope(db::Connection& c, const std::string& code) {
  return store::count_users_with_scope(c, code);
}

int64_t AuthService::users_bound_to_enterprise(db::Connection& c, int64_t enterprise_id) {
  return store::count_users_of_enterprise(c, enterprise_id);
}

void AuthService::ended(SessionEnd e) {
  // Cached principals of ended credentials must not outlive them, even before the store's change
  // epoch is seen to move.
  {
    std::lock_guard lk(mu_);
    for (auto it = principals_.begin(); it != principals_.end();) {
      const Principal& p = it->second.principal;
      bool gone = (e.user_id && p.user_id == *e.user_id) ||
                  std::find(e.credentials.begin(), e.credentials.end(), p.credential) !=
                      e.credentials.end();
      it = gone ? principals_.erase(it) : std::next(it);
    }
  }
  if (on_end_) on_end_(e);
}

bool AuthService::throttled(const std::string& key, int64_t now, int* retry_after_s) {
  std::lock_guard lk(mu_);
  auto it = failures_.find(key);
  if (it == failures_.end()) return false;
  auto& q = it->second.times;
  while (!q.empty() && q.front() + opts_.failure_window_ms <= now) q.pop_front();
  if (static_cast<int>(q.size()) < opts_.max_failures) return false;
  // A throttled key that is still being tried stays among the remembered ones.
  failure_lru_.splice(failure_lru_.begin(), failure_lru_, it->second.lru);
  *retry_after_s = static_cast<int>((q.front() + opts_.failure_window_ms - now + 999) / 1000);
  return true;
}

void AuthService::note_failure(const std::string& key, int64_t now) {
  std::lock_guard lk(mu_);
  auto it = failures_.find(key);
  if (it == failures_.end()) {
    failure_lru_.push_front(key);
    it = failures_.emplace(key, Failures{{}, failure_lru_.begin()}).first;
  } else {
    failure_lru_.splice(failure_lru_.begin(), failure_lru_, it->second.lru);
  }
  auto& q = it->second.times;
  q.push_back(now);
  while (static_cast<int>(q.size()) > opts_.max_failures) q.pop_front();
  // Bounded memory under a spray of names: only the longest-quiet keys are forgotten.
  while (failures_.size() > opts_.max_throttle_keys) {
    failures_.erase(failure_lru_.back());
    failure_lru_.pop_back();
  }
}

Result<LoginResult> AuthService::login(std::string_view username, std::string_view password,
                                       std::string_view client_address, int* retry_after_s) {
  int64_t now = clock_.now_ms();
  std::string key = fmt::format("{}|{}", username, client_address);
  if (throttled(key, now, retry_after_s))
    return Error{ErrorCode::kRateLimited, "Too many failed logins; wait before trying again.",
                 "username"};
  std::optional<std::pair<User, std::string>> found;
  {
    auto c = db_.acquire();
    found = store::user_with_hash(*c, std::string(username));
  }
  bool ok = bounded_hashing(
      [&] { return verify_password(password, found ? found->second : dummy_hash_); });
  if (!found || !ok || found->first.disabled) {
    note_failure(key, now);
    return Error::unauthenticated("Wrong username or password.");
  }
  {
    std::lock_guard lk(mu_);
    if (auto it = failures_.find(key); it != failures_.end()) {
      failure_lru_.erase(it->second.lru);
      failures_.erase(it);
    }
  }
  const User& user = found->first;
  LoginResult res;
  res.token = random_token();
  res.user = user;
  res.expires_at_ms = now + opts_.session_ttl_ms;
  auto c = db_.acquire();
  db::Transaction tx(*c);
  store::insert_token(*c, sha256_hex(res.token), user.id, "session", std::nullopt, false,
                      iso_utc(now), res.expires_at_ms);
  record(*c,
         platform::AuditRecord{platform::Actor{user.id, user.username, ""}, "login", "sessions",
                               std::to_string(user.id), nullptr,
                               json::object{{"client", std::string(client_address)}}},
         now);
  tx.commit();
  return res;
}

Status AuthService::logout(const std::string& token) {
  if (token.empty()) return Error::unauthenticated();
  std::string hash = sha256_hex(token);
  {
    auto c = db_.acquire();
    store::revoke_token_hash(*c, hash);
  }
  ended(SessionEnd{std::nullopt, {hash}, "logout"});
  return ok_status();
}

std::optional<int64_t> AuthService::credential_epoch() {
  int64_t sum = 0;
  for (auto t : kCredentialTables) {
    auto e = db_.change_epoch(t);
    if (!e) return std::nullopt;
    sum += *e;
  }
  return sum;
}

Result<Principal> AuthService::principal_for_token(const std::string& token) {
  if (token.size() != 64) return Error::unauthenticated("The session or token is not valid.");
  std::optional<int64_t> epoch = credential_epoch();
  int64_t now = clock_.now_ms();
  if (epoch) {
    std::lock_guard lk(mu_);
    auto it = principals_.find(token);
    if (it != principals_.end() && it->second.epoch == *epoch) {
      const auto& exp = it->second.principal.expires_at_ms;
      if (exp && *exp <= now)
        return Error::unauthenticated("The session has expired; please log in again.");
      return it->second.principal;
    }
  }
  std::optional<store::TokenRow> row;
  {
    auto c = db_.acquire();
    row = store::principal_of_token(*c, sha256_hex(token));
  }
  if (!row) return Error::unauthenticated("The session has ended; please log in again.");
  Principal p = std::move(row->principal);
  if (p.expires_at_ms && *p.expires_at_ms <= now)
    return Error::unauthenticated("The session has expired; please log in again.");
  if (epoch) {
    std::lock_guard lk(mu_);
    if (principals_.size() > 10000) principals_.clear();  // bounded; refills on demand
    principals_[token] = CachedPrincipal{p, *epoch};
  }
  return p;
}

std::optional<Principal> AuthService::authenticate_cached(const Credential& cr) {
  if (cr.unsafe || cr.token.size() != 64) return std::nullopt;
  std::optional<int64_t> epoch = credential_epoch();
  if (!epoch) return std::nullopt;
  std::lock_guard lk(mu_);
  auto it = principals_.find(cr.token);
  if (it == principals_.end() || it->second.epoch != *epoch) return std::nullopt;
  const auto& exp = it->second.principal.expires_at_ms;
  if (exp && *exp <= clock_.now_ms()) return std::nullopt;
  Principal p = it->second.principal;
  p.via_cookie = cr.via_cookie;
  return p;
}

Result<Principal> AuthService::authenticate(const Credential& cr) {
  LG_TRY_ASSIGN(Principal p, principal_for_token(cr.token));
  p.via_cookie = cr.via_cookie;
  if (cr.via_cookie && cr.unsafe && !cr.csrf_header)
    return Error::forbidden("Missing X-Requested-With: lakeguard header (CSRF protection).");
  if (!cr.via_cookie && p.read_only && cr.unsafe)
    return Error::forbidden("This API token is read-only.");
  return p;
}

Status AuthService::check_scope_exists(db::Connection& c, const User& u, bool scope_given) {
  if (!directory_) return ok_status();
  if (u.enterprise_id) {
    if (!directory_->enterprise_exists(c, *u.enterprise_id))
      return Error::validation("enterprise_id", "No such enterprise.");
  } else if (scope_given && !directory_->jurisdiction_exists(c, u.scope_code)) {
    // A code that names no division of this district — a 6-digit code other than the district's
    // own among them — would otherwise read as "the whole district".
    return Error::validation("scope_code", "No such jurisdiction.");
  }
  return ok_status();
}

Result<User> AuthService::add_user(const NewUser& nu, const platform::Actor& who) {
  LG_TRY(check_username(nu.username));
  User u;
  u.username = nu.username;
  u.display_name = nu.display_name.empty() ? nu.username : nu.display_name;
  LG_TRY(check_display_name(u.display_name));
  u.role = nu.role;
  if (nu.enterprise_id) {
    u.scope_type = ScopeType::kEnterprise;
    u.enterprise_id = nu.enterprise_id;
  } else {
    auto t = scope_type_of_code(nu.scope_code);
    if (!t) return Error::validation("scope_code", "The scope must be a 6, 9 or 12-digit code.");
    u.scope_type = *t;
    u.scope_code = nu.scope_code;
  }
  if (auto why = validate_role_scope(u.role, u.scope_type); !why.empty())
    return Error::validation("scope_code", why);
  if (nu.password_hash.empty()) LG_TRY(check_password(nu.password));
  std::string hash = nu.password_hash.empty()
                         ? bounded_hashing([&] { return hash_password(nu.password, opts_.argon2); })
                         : nu.password_hash;
  int64_t now = clock_.now_ms();
  auto c = db_.acquire();
  db::Transaction tx(*c);
  LG_TRY(check_scope_exists(*c, u, true));
  User made;
  try {
    made = store::insert_user(*c, u, hash, iso_utc(now));
  } catch (const db::ConstraintError&) {
    return Error::conflict("A user with this username exists.", "username");
  }
  platform::ChangeSet changes(*this, nullptr, clock_, who);
  changes.add("create", "users", std::to_string(made.id), nullptr, user_json(made));
  changes.commit(*c, tx);
  return made;
}

Result<User> AuthService::find_user(std::string_view username) {
  auto c = db_.acquire();
  auto u = store::user_by_name(*c, std::string(username));
  if (!u) return Error::not_found("No such user.");
  return std::move(*u);
}

Result<User> AuthService::get_user(int64_t id) {
  auto c = db_.acquire();
  auto u = store::user_by_id(*c, id);
  if (!u) return Error::not_found("No such user.");
  return std::move(*u);
}

Result<User> AuthService::update_user(int64_t id, const UserPatch& patch,
                                      const platform::Actor& who) {
  if (patch.display_name) LG_TRY(check_display_name(*patch.display_name));
  if (patch.password) LG_TRY(check_password(*patch.password));
  if (patch.scope_code && patch.enterprise_id)
    return Error::validation("scope_code", "Give a jurisdiction or an enterprise, not both.");
  LG_TRY_ASSIGN(User before, get_user(id));
  User after = before;
  if (patch.display_name) after.display_name = *patch.display_name;
  if (patch.role) after.role = *patch.role;
  if (patch.disabled) after.disabled = *patch.disabled;
  if (patch.scope_code) {
    auto t = scope_type_of_code(*patch.scope_code);
    if (!t) return Error::validation("scope_code", "The scope must be a 6, 9 or 12-digit code.");
    after.scope_type = *t;
    after.scope_code = *patch.scope_code;
    after.enterprise_id.reset();
  } else if (patch.enterprise_id) {
    after.scope_type = ScopeType::kEnterprise;
    after.scope_code.clear();
    after.enterprise_id = *patch.enterprise_id;
  }
  if (auto why = validate_role_scope(after.role, after.scope_type); !why.empty())
    return Error::validation(patch.role && !patch.scope_code && !patch.enterprise_id
                                 ? "role"
                                 : (patch.enterprise_id ? "enterprise_id" : "scope_code"),
                             why);
  // Hashing happens before the transaction: it takes tens of milliseconds.
  std::string hash;
  if (patch.password)
    hash = bounded_hashing([&] { return hash_password(*patch.password, opts_.argon2); });

  int64_t now = clock_.now_ms();
  auto c = db_.acquire();
  db::Transaction tx(*c);
  if (patch.scope_code || patch.enterprise_id) LG_TRY(check_scope_exists(*c, after, true));
  bool was_active_admin = before.role == Role::kAdmin && !before.disabled;
  bool is_active_admin = after.role == Role::kAdmin && !after.disabled;
  if (was_active_admin && !is_active_admin && store::count_other_active_admins(*c, id) == 0)
    return Error::conflict("This change would leave no active admin.",
                           patch.role ? "role" : "disabled");
  bool access_changed = after.role != before.role || after.scope_type != before.scope_type ||
                        after.scope_code != before.scope_code ||
                        after.enterprise_id != before.enterprise_id;
  bool locked_out = patch.password || (after.disabled && !before.disabled);
  if (!access_changed && !locked_out && after.display_name == before.display_name &&
      after.disabled == before.disabled)
    return after;  // nothing changes: no write, no audit
  store::update_user(*c, after, iso_utc(now));
  if (patch.password) store::set_password_hash(*c, id, hash);
  // A reset password or a disabled account ends every session and API token of the user; a new
  // role or scope ends its sessions (API tokens read the user's current rights).
  std::vector<std::string> revoked;
  if (locked_out || access_changed) revoked = store::revoke_user_tokens(*c, id, locked_out);
  json::object a = user_json(after);
  if (patch.password) a["password_changed"] = true;  // never the password or its hash
  if (!revoked.empty()) a["credentials_revoked"] = static_cast<int64_t>(revoked.size());
  platform::ChangeSet changes(*this, nullptr, clock_, who);
  changes.add("update", "users", std::to_string(id), user_json(before), std::move(a));
  changes.commit(*c, tx);
  if (locked_out || access_changed)
    ended(SessionEnd{id, std::move(revoked),
                     patch.password ? "password" : (after.disabled ? "disabled" : "access")});
  return after;
}

Status AuthService::set_password(std::string_view username, std::string_view password,
                                 const platform::Actor& who) {
  LG_TRY_ASSIGN(User user, find_user(username));
  LG_TRY(update_user(user.id, UserPatch{.password = std::string(password)}, who));
  return ok_status();
}

Status AuthService::set_disabled(std::string_view username, bool disabled,
                                 const platform::Actor& who) {
  LG_TRY_ASSIGN(User user, find_user(username));
  LG_TRY(update_user(user.id, UserPatch{.disabled = disabled}, who));
  return ok_status();
}

std::vector<User> AuthService::list_users() {
  auto c = db_.acquire();
  return store::users(*c);
}

Result<ApiToken> AuthService::create_token(const Principal& p, std::string_view name,
                                           bool read_only, std::optional<int64_t> ttl_ms,
                                           const platform::Actor& who) {
  // A leaked API token must not be able to mint more (and outlive its own revocation).
  if (p.via_api_token)
    return Error::forbidden("API tokens are created from a login session, not with a token.");
  LG_TRY(check_token_name(name));
  int64_t now = clock_.now_ms();
  ApiToken t;
  t.token = random_token();
  t.name = std::string(name);
  t.read_only = read_only || p.read_only;
  t.created_at = iso_utc(now);
  t.expires_at_ms = now + ttl_ms.value_or(opts_.api_token_ttl_ms);
  auto c = db_.acquire();
  db::Transaction tx(*c);
  t.id = store::insert_token(*c, sha256_hex(t.token), p.user_id, "api", t.name, t.read_only,
                             t.created_at, t.expires_at_ms);
  platform::ChangeSet changes(*this, nullptr, clock_, who);
  changes.add(
      "create", "tokens", std::to_string(t.id), nullptr,
      json::object{
          {"name", t.name}, {"read_only", t.read_only}, {"expires_at", iso_utc(*t.expires_at_ms)}});
  changes.commit(*c, tx);
  return t;
}

std::vector<ApiToken> AuthService::list_tokens(const Principal& p) {
  auto c = db_.acquire();
  return store::api_tokens(*c, p.user_id);
}

Status AuthService::revoke_token(const Principal& p, int64_t id, const platform::Actor& who) {
  auto c = db_.acquire();
  db::Transaction tx(*c);
  auto hash = store::revoke_api_token(
      *c, id, p.role == Role::kAdmin ? std::nullopt : std::optional<int64_t>(p.user_id));
  if (!hash) return Error::not_found("No such token.");
  platform::ChangeSet changes(*this, nullptr, clock_, who);
  changes.add("revoke", "tokens", std::to_string(id), nullptr, nullptr);
  changes.commit(*c, tx);
  ended(SessionEnd{std::nullopt, {*hash}, "revoked"});
  return ok_status();
}

AuthService::AuditPage AuthService::list_audit(std::string_view entity, std::string_view entity_id,
                                               std::string_view actor, int64_t page,
                                               int64_t page_size) {
  store::AuditFilter f{std::string(entity), std::string(entity_id), std::string(actor)};
  auto c = db_.acquire();
  AuditPage out;
  out.total = store::count_audit(*c, f);
  out.items = store::audit_page(*c, f, page_size, (page - 1) * page_size);
  return out;
}

}  // namespace lakeguard::auth
