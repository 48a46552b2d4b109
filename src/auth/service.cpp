#include "auth/service.h"

#include <fmt/format.h>

namespace lakeguard::auth {
namespace {

namespace json = boost::json;
constexpr std::string_view kUserCols =
    "id, username, display_name, role, scope_type, scope_code, enterprise_id, disabled, "
    "created_at";

User user_from_row(const db::Row& r) {
  User u;
  u.id = r.i64(0);
  u.username = r.str(1);
  u.display_name = r.str(2);
  u.role = parse_role(r.str(3)).value_or(Role::kViewer);
  u.scope_type = parse_scope_type(r.str(4)).value_or(ScopeType::kDistrict);
  u.scope_code = r.opt_str(5).value_or("");
  u.enterprise_id = r.opt_i64(6);
  u.disabled = r.i64(7) != 0;
  u.created_at = r.str(8);
  return u;
}

db::Value opt_value(const std::optional<int64_t>& v) {
  return v ? db::Value(*v) : db::Value(nullptr);
}

bool is_unsafe(http::Method m) {
  return m != http::Method::kGet && m != http::Method::kHead && m != http::Method::kOptions;
}

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

std::string request_fingerprint(const http::Request& req) {
  std::string all(http::method_name(req.method));
  all += '\n';
  all += req.path;
  for (const auto& [k, v] : req.query) {
    all += '\n';
    all += std::to_string(k.size()) + ':' + k + '=' + std::to_string(v.size()) + ':' + v;
  }
  all += "\n\n";
  all += req.body;
  return sha256_hex(all);
}

void record_audit(db::Connection& c, const AuditEntry& e, int64_t now_ms) {
  if (e.idempotency && e.actor_id) {
    // The claim: once per request (an import audits many rows in one transaction).
    auto held =
        c.query("SELECT request_id FROM idempotency_keys WHERE user_id = ? AND idem_key = ?",
                {*e.actor_id, e.idempotency->key});
    if (held.empty()) {
      c.exec(
          "INSERT INTO idempotency_keys (user_id, idem_key, request_hash, request_id, "
          "created_at_ms) VALUES (?, ?, ?, ?, ?)",
          {*e.actor_id, e.idempotency->key, e.idempotency->request_hash, e.request_id, now_ms});
    } else if (held.rows[0].str(0) != e.request_id) {
      throw IdempotencyReplay();
    }
  }
  auto text = [](const json::value& v) {
    return v.is_null() ? db::Value(nullptr) : db::Value(json::serialize(v));
  };
  c.exec(
      "INSERT INTO audit_log (at, actor_id, actor, action, entity, entity_id, before_json, "
      "after_json, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {iso_utc(now_ms), opt_value(e.actor_id), e.actor, e.action, e.entity, e.entity_id,
       text(e.before), text(e.after), e.request_id});
}

AuditEntry audit_by(const Principal& p, const http::Request& req) {
  AuditEntry e;
  e.actor_id = p.user_id;
  e.actor = p.username;
  e.request_id = req.request_id;
  if (req.method == http::Method::kPost) {
    std::string_view key = req.header("idempotency-key");
    if (!key.empty()) e.idempotency = IdempotencyClaim{std::string(key), request_fingerprint(req)};
  }
  return e;
}

AuthService::AuthService(db::Database& db, const Clock& clock, AuthOptions opts)
    : db_(db), clock_(clock), opts_(opts) {
  dummy_hash_ = hash_password("lakeguard-dummy-password", opts_.argon2);
}

bool AuthService::throttled(const std::string& key, int64_t now, int* retry_after_s) {
  std::lock_guard lk(mu_);
  auto it = failures_.find(key);
  if (it == failures_.end()) return false;
  auto& q = it->second;
  while (!q.empty() && q.front() + opts_.failure_window_ms <= now) q.pop_front();
  if (static_cast<int>(q.size()) < opts_.max_failures) return false;
  *retry_after_s = static_cast<int>((q.front() + opts_.failure_window_ms - now + 999) / 1000);
  return true;
}

void AuthService::note_failure(const std::string& key, int64_t now) {
  std::lock_guard lk(mu_);
  if (failures_.size() > 100000) failures_.clear();  // bound memory under a spray of names
  auto& q = failures_[key];
  q.push_back(now);
  while (static_cast<int>(q.size()) > opts_.max_failures) q.pop_front();
}

Result<LoginResult> AuthService::login(std::string_view username, std::string_view password,
                                       std::string_view client_address, int* retry_after_s) {
  int64_t now = clock_.now_ms();
  std::string key = fmt::format("{}|{}", username, client_address);
  if (throttled(key, now, retry_after_s))
    return Error{ErrorCode::kRateLimited, "Too many failed logins; wait before trying again.",
                 "username"};
  std::optional<User> user;
  std::string hash;
  {
    auto c = db_.acquire();
    auto rows =
        c->query(fmt::format("SELECT {}, password_hash FROM users WHERE username = ?", kUserCols),
                 {std::string(username)});
    if (!rows.empty()) {
      user = user_from_row(rows.rows[0]);
      hash = rows.rows[0].str(9);
    }
  }
  bool ok = bounded_hashing([&] { return verify_password(password, user ? hash : dummy_hash_); });
  if (!user || !ok || user->disabled) {
    note_failure(key, now);
    return Error::unauthenticated("Wrong username or password.");
  }
  {
    std::lock_guard lk(mu_);
    failures_.erase(key);
  }
  LoginResult res;
  res.token = random_token();
  res.user = *user;
  res.expires_at_ms = now + opts_.session_ttl_ms;
  auto c = db_.acquire();
  db::Transaction tx(*c);
  c->exec(
      "INSERT INTO tokens (token_hash, user_id, kind, name, read_only, created_at, "
      "expires_at_ms) VALUES (?, ?, 'session', NULL, 0, ?, ?)",
      {sha256_hex(res.token), user->id, iso_utc(now), res.expires_at_ms});
  record_audit(*c,
               AuditEntry{user->id, user->username, "login", "sessions", std::to_string(user->id),
                          nullptr, json::object{{"client", std::string(client_address)}}, ""},
               now);
  tx.commit();
  return res;
}

Status AuthService::logout(const http::Request& req) {
  std::string token;
  if (auto c = req.cookie(kSessionCookie)) token = *c;
  std::string authz(req.header("authorization"));
  if (token.empty() && authz.rfind("Bearer ", 0) == 0) token = authz.substr(7);
  if (token.empty()) return Error::unauthenticated();
  auto c = db_.acquire();
  c->exec("UPDATE tokens SET revoked = 1 WHERE token_hash = ? AND kind = 'session'",
          {sha256_hex(token)});
  return ok_status();
}

Result<Principal> AuthService::principal_for_token(const std::string& token) {
  if (token.size() != 64) return Error::unauthenticated("The session or token is not valid.");
  std::optional<int64_t> epoch = db_.change_epoch();
  if (epoch) {
    std::lock_guard lk(mu_);
    auto it = principals_.find(token);
    if (it != principals_.end() && it->second.epoch == *epoch) {
      if (it->second.expires_at_ms && *it->second.expires_at_ms <= clock_.now_ms())
        return Error::unauthenticated("The session has expired; please log in again.");
      return it->second.principal;
    }
  }
  auto c = db_.acquire();
  auto rows = c->query(
      "SELECT u.id, u.username, u.display_name, u.role, u.scope_type, u.scope_code, "
      "u.enterprise_id, t.read_only, t.expires_at_ms, t.kind FROM tokens t JOIN users u ON "
      "u.id = t.user_id WHERE t.token_hash = ? AND t.revoked = 0 AND u.disabled = 0",
      {sha256_hex(token)});
  if (rows.empty()) return Error::unauthenticated("The session has ended; please log in again.");
  const auto& r = rows.rows[0];
  auto exp = r.opt_i64(8);
  if (exp && *exp <= clock_.now_ms())
    return Error::unauthenticated("The session has expired; please log in again.");
  Principal p;
  p.user_id = r.i64(0);
  p.username = r.str(1);
  p.display_name = r.str(2);
  p.role = parse_role(r.str(3)).value_or(Role::kViewer);
  p.scope_type = parse_scope_type(r.str(4)).value_or(ScopeType::kDistrict);
  p.scope_code = r.opt_str(5).value_or("");
  p.enterprise_id = r.opt_i64(6);
  p.read_only = r.i64(7) != 0;
  if (epoch) {
    std::lock_guard lk(mu_);
    if (principals_.size() > 10000) principals_.clear();  // bounded; refills on demand
    principals_[token] = CachedPrincipal{p, exp, *epoch};
  }
  return p;
}

std::optional<Principal> AuthService::authenticate_cached(const http::Request& req, int64_t epoch) {
  if (is_unsafe(req.method)) return std::nullopt;
  std::string_view token;
  std::optional<std::string> cookie;
  bool via_cookie = false;
  std::string_view authz = req.header("authorization");
  if (authz.starts_with("Bearer ")) {
    token = authz.substr(7);
  } else if (authz.empty()) {
    cookie = req.cookie(kSessionCookie);
    if (!cookie) return std::nullopt;
    token = *cookie;
    via_cookie = true;
  } else {
    return std::nullopt;
  }
  if (token.size() != 64) return std::nullopt;
  std::lock_guard lk(mu_);
  auto it = principals_.find(token);
  if (it == principals_.end() || it->second.epoch != epoch) return std::nullopt;
  if (it->second.expires_at_ms && *it->second.expires_at_ms <= clock_.now_ms()) return std::nullopt;
  Principal p = it->second.principal;
  p.via_cookie = via_cookie;
  return p;
}

Result<Principal> AuthService::authenticate(const http::Request& req) {
  std::string authz(req.header("authorization"));
  if (!authz.empty()) {
    if (authz.rfind("Bearer ", 0) != 0)
      return Error::unauthenticated("Use 'Authorization: Bearer <token>'.");
    auto p = principal_for_token(authz.substr(7));
    if (p && p->read_only && is_unsafe(req.method))
      return Error::forbidden("This API token is read-only.");
    return p;
  }
  auto cookie = req.cookie(kSessionCookie);
  if (!cookie) return Error::unauthenticated();
  auto p = principal_for_token(*cookie);
  if (!p) return p;
  p->via_cookie = true;
  if (is_unsafe(req.method) && req.header("x-requested-with") != "lakeguard")
    return Error::forbidden("Missing X-Requested-With: lakeguard header (CSRF protection).");
  return p;
}

Result<User> AuthService::add_user(const NewUser& u, const AuditEntry& who) {
  if (u.username.empty() || u.username.size() > 64)
    return Error::validation("username", "The username must be 1–64 characters.");
  for (char ch : u.username)
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_' && ch != '-' && ch != '.')
      return Error::validation("username", "Use letters, digits, '_', '-' and '.' only.");
  ScopeType st;
  if (u.enterprise_id) {
    st = ScopeType::kEnterprise;
  } else {
    auto t = scope_type_of_code(u.scope_code);
    if (!t) return Error::validation("scope_code", "The scope must be a 6, 9 or 12-digit code.");
    st = *t;
  }
  if (auto why = validate_role_scope(u.role, st); !why.empty())
    return Error::validation("scope_code", why);
  if (u.password_hash.empty() && u.password.size() < 8)
    return Error::validation("password", "The password must have at least 8 characters.");
  std::string hash = u.password_hash.empty()
                         ? bounded_hashing([&] { return hash_password(u.password, opts_.argon2); })
                         : u.password_hash;
  int64_t now = clock_.now_ms();
  auto c = db_.acquire();
  db::Transaction tx(*c);
  if (u.enterprise_id) {
    auto e = c->query("SELECT id FROM enterprises WHERE id = ?", {*u.enterprise_id});
    if (e.empty()) return Error::validation("enterprise_id", "No such enterprise.");
  } else if (st != ScopeType::kDistrict) {
    auto j = c->query("SELECT id FROM jurisdictions WHERE code = ?", {u.scope_code});
    if (j.empty()) return Error::validation("scope_code", "No such jurisdiction.");
  }
  db::Rows rows;
  try {
    rows = c->query(fmt::format("INSERT INTO users (username, display_name, password_hash, role, "
                                "scope_type, scope_code, enterprise_id, disabled, created_at, "
                                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING {}",
                                kUserCols),
                    {u.username, u.display_name.empty() ? u.username : u.display_name, hash,
                     std::string(role_name(u.role)), std::string(scope_type_name(st)),
                     u.enterprise_id ? db::Value(nullptr) : db::Value(u.scope_code),
                     opt_value(u.enterprise_id), iso_utc(now), iso_utc(now)});
  } catch (const db::ConstraintError&) {
    return Error::conflict("A user with this username exists.", "username");
  }
  User made = user_from_row(rows.rows.at(0));
  AuditEntry e = who;
  e.action = "create";
  e.entity = "users";
  e.entity_id = std::to_string(made.id);
  e.after = user_json(made);
  record_audit(*c, e, now);
  tx.commit();
  return made;
}

Result<User> AuthService::find_user(std::string_view username) {
  auto c = db_.acquire();
  auto rows = c->query(fmt::format("SELECT {} FROM users WHERE username = ?", kUserCols),
                       {std::string(username)});
  if (rows.empty()) return Error::not_found("No such user.");
  return user_from_row(rows.rows[0]);
}

Result<User> AuthService::get_user(int64_t id) {
  auto c = db_.acquire();
  auto rows = c->query(fmt::format("SELECT {} FROM users WHERE id = ?", kUserCols), {id});
  if (rows.empty()) return Error::not_found("No such user.");
  return user_from_row(rows.rows[0]);
}

Result<User> AuthService::update_user(int64_t id, const UserPatch& patch, const AuditEntry& who) {
  if (patch.display_name && (patch.display_name->empty() || patch.display_name->size() > 100))
    return Error::validation("display_name", "The display name must be 1–100 characters.");
  if (patch.password && patch.password->size() < 8)
    return Error::validation("password", "The password must have at least 8 characters.");
  if (patch.password && patch.password->size() > 1024)
    return Error::validation("password", "The password is longer than 1024 characters.");
  if (patch.scope_code && patch.enterprise_id)
    return Error::validation("scope_code", "Give a jurisdiction or an enterprise, not both.");
  auto before = get_user(id);
  if (!before) return before.error();
  User after = *before;
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
  if (patch.enterprise_id) {
    if (c->query("SELECT id FROM enterprises WHERE id = ?", {*patch.enterprise_id}).empty())
      return Error::validation("enterprise_id", "No such enterprise.");
  } else if (patch.scope_code && after.scope_type != ScopeType::kDistrict) {
    if (c->query("SELECT id FROM jurisdictions WHERE code = ?", {after.scope_code}).empty())
      return Error::validation("scope_code", "No such jurisdiction.");
  }
  bool was_active_admin = before->role == Role::kAdmin && !before->disabled;
  bool is_active_admin = after.role == Role::kAdmin && !after.disabled;
  if (was_active_admin && !is_active_admin) {
    auto n = c->query(
        "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0 AND id <> ?", {id});
    if (n.rows.at(0).i64(0) == 0)
      return Error::conflict("This change would leave no active admin.",
                             patch.role ? "role" : "disabled");
  }
  c->exec(
      "UPDATE users SET display_name = ?, role = ?, scope_type = ?, scope_code = ?, "
      "enterprise_id = ?, disabled = ?, updated_at = ? WHERE id = ?",
      {after.display_name, std::string(role_name(after.role)),
       std::string(scope_type_name(after.scope_type)),
       after.scope_code.empty() ? db::Value(nullptr) : db::Value(after.scope_code),
       opt_value(after.enterprise_id), int64_t{after.disabled}, iso_utc(now), id});
  if (patch.password) c->exec("UPDATE users SET password_hash = ? WHERE id = ?", {hash, id});
  bool access_changed = after.role != before->role || after.scope_type != before->scope_type ||
                        after.scope_code != before->scope_code ||
                        after.enterprise_id != before->enterprise_id;
  if (patch.password || (after.disabled && !before->disabled) || access_changed)
    c->exec("UPDATE tokens SET revoked = 1 WHERE user_id = ? AND kind = 'session'", {id});
  AuditEntry e = who;
  e.action = "update";
  e.entity = "users";
  e.entity_id = std::to_string(id);
  e.before = user_json(*before);
  json::object a = user_json(after);
  if (patch.password) a["password_changed"] = true;  // never the password or its hash
  e.after = std::move(a);
  record_audit(*c, e, now);
  tx.commit();
  return after;
}

Status AuthService::set_password(std::string_view username, std::string_view password,
                                 const AuditEntry& who) {
  auto user = find_user(username);
  if (!user) return user.error();
  auto r = update_user(user->id, UserPatch{.password = std::string(password)}, who);
  if (!r) return r.error();
  return ok_status();
}

Status AuthService::set_disabled(std::string_view username, bool disabled, const AuditEntry& who) {
  auto user = find_user(username);
  if (!user) return user.error();
  auto r = update_user(user->id, UserPatch{.disabled = disabled}, who);
  if (!r) return r.error();
  return ok_status();
}

std::vector<User> AuthService::list_users() {
  auto c = db_.acquire();
  auto rows = c->query(fmt::format("SELECT {} FROM users ORDER BY id", kUserCols));
  std::vector<User> out;
  for (const auto& r : rows.rows) out.push_back(user_from_row(r));
  return out;
}

Result<ApiToken> AuthService::create_token(const Principal& p, std::string_view name,
                                           bool read_only, std::optional<int64_t> ttl_ms,
                                           const std::string& request_id) {
  if (name.empty() || name.size() > 100)
    return Error::validation("name", "Give the token a name of 1–100 characters.");
  int64_t now = clock_.now_ms();
  ApiToken t;
  t.token = random_token();
  t.name = std::string(name);
  t.read_only = read_only || p.read_only;
  t.created_at = iso_utc(now);
  if (ttl_ms) t.expires_at_ms = now + *ttl_ms;
  auto c = db_.acquire();
  db::Transaction tx(*c);
  auto rows = c->query(
      "INSERT INTO tokens (token_hash, user_id, kind, name, read_only, created_at, expires_at_ms) "
      "VALUES (?, ?, 'api', ?, ?, ?, ?) RETURNING id",
      {sha256_hex(t.token), p.user_id, t.name, int64_t{t.read_only}, t.created_at,
       opt_value(t.expires_at_ms)});
  t.id = rows.rows.at(0).i64(0);
  record_audit(*c,
               AuditEntry{p.user_id, p.username, "create", "tokens", std::to_string(t.id), nullptr,
                          json::object{{"name", t.name}, {"read_only", t.read_only}}, request_id},
               now);
  tx.commit();
  return t;
}

std::vector<ApiToken> AuthService::list_tokens(const Principal& p) {
  auto c = db_.acquire();
  auto rows = c->query(
      "SELECT id, name, read_only, created_at, expires_at_ms, revoked FROM tokens WHERE user_id "
      "= ? AND kind = 'api' ORDER BY id",
      {p.user_id});
  std::vector<ApiToken> out;
  for (const auto& r : rows.rows)
    out.push_back(ApiToken{r.i64(0), r.opt_str(1).value_or(""), r.i64(2) != 0, r.str(3),
                           r.opt_i64(4), r.i64(5) != 0, ""});
  return out;
}

Status AuthService::revoke_token(const Principal& p, int64_t id, const std::string& request_id) {
  int64_t now = clock_.now_ms();
  auto c = db_.acquire();
  db::Transaction tx(*c);
  // Scope in the query: a user revokes only its own tokens; an admin any.
  int64_t n = p.role == Role::kAdmin
                  ? c->exec("UPDATE tokens SET revoked = 1 WHERE id = ? AND kind = 'api'", {id})
                  : c->exec(
                        "UPDATE tokens SET revoked = 1 WHERE id = ? AND kind = 'api' AND "
                        "user_id = ?",
                        {id, p.user_id});
  if (n == 0) return Error::not_found("No such token.");
  record_audit(*c,
               AuditEntry{p.user_id, p.username, "revoke", "tokens", std::to_string(id), nullptr,
                          nullptr, request_id},
               now);
  tx.commit();
  return ok_status();
}

json::object AuthService::list_audit(std::string_view entity, std::string_view entity_id,
                                     std::string_view actor, int64_t page, int64_t page_size) {
  std::string where = "1 = 1";
  std::vector<db::Value> params;
  if (!entity.empty()) {
    where += " AND entity = ?";
    params.emplace_back(std::string(entity));
  }
  if (!entity_id.empty()) {
    where += " AND entity_id = ?";
    params.emplace_back(std::string(entity_id));
  }
  if (!actor.empty()) {
    where += " AND actor = ?";
    params.emplace_back(std::string(actor));
  }
  auto c = db_.acquire();
  int64_t total = c->query("SELECT COUNT(*) FROM audit_log WHERE " + where, params).rows[0].i64(0);
  auto pp = params;
  pp.emplace_back(page_size);
  pp.emplace_back((page - 1) * page_size);
  auto rows = c->query(
      "SELECT id, at, actor_id, actor, action, entity, entity_id, before_json, after_json, "
      "request_id FROM audit_log WHERE " +
          where + " ORDER BY id DESC LIMIT ? OFFSET ?",
      pp);
  json::array items;
  auto parse = [](const std::optional<std::string>& s) -> json::value {
    if (!s) return nullptr;
    boost::system::error_code ec;
    auto v = json::parse(*s, ec);
    return ec ? json::value(nullptr) : v;
  };
  for (const auto& r : rows.rows) {
    json::object o{{"id", r.i64(0)},
                   {"at", r.str(1)},
                   {"actor", r.str(3)},
                   {"action", r.str(4)},
                   {"entity", r.str(5)},
                   {"entity_id", r.opt_str(6).value_or("")},
                   {"before", parse(r.opt_str(7))},
                   {"after", parse(r.opt_str(8))},
                   {"request_id", r.opt_str(9).value_or("")}};
    o["actor_id"] = r.opt_i64(2) ? json::value(*r.opt_i64(2)) : json::value(nullptr);
    items.push_back(std::move(o));
  }
  return json::object{
      {"items", std::move(items)}, {"total", total}, {"page", page}, {"page_size", page_size}};
}

namespace {

http::Response replay_of(const db::Row& r) {
  http::Response res;
  res.status = static_cast<int>(r.i64(0));
  res.body = r.str(1);
  res.content_type.clear();
  auto headers = json::parse(r.str(2)).as_array();
  for (const auto& h : headers) {
    const auto& pair = h.as_array();
    std::string name(pair.at(0).as_string()), value(pair.at(1).as_string());
    if (name == "Content-Type")
      res.content_type = value;
    else
      res.headers.emplace_back(std::move(name), std::move(value));
  }
  res.headers.emplace_back("Idempotent-Replayed", "true");
  return res;
}

}  // namespace

Result<std::optional<http::Response>> AuthService::idempotent_answer(
    int64_t user_id, std::string_view key, std::string_view request_hash) {
  int64_t now = clock_.now_ms();
  auto c = db_.acquire();
  // Expired keys go, all of them at most once a minute, this one always.
  int64_t purged = idempotency_purged_ms_.load(std::memory_order_relaxed);
  if (now - purged > 60'000 && idempotency_purged_ms_.compare_exchange_strong(purged, now))
    c->exec("DELETE FROM idempotency_keys WHERE created_at_ms < ?", {now - kIdempotencyTtlMs});
  c->exec("DELETE FROM idempotency_keys WHERE user_id = ? AND idem_key = ? AND created_at_ms < ?",
          {user_id, std::string(key), now - kIdempotencyTtlMs});
  auto rows = c->query(
      "SELECT status, response_body, response_headers, request_hash, created_at_ms FROM "
      "idempotency_keys WHERE user_id = ? AND idem_key = ?",
      {user_id, std::string(key)});
  if (rows.empty()) return std::optional<http::Response>();
  const auto& r = rows.rows[0];
  if (r.str(3) != request_hash)
    return Error::validation(
        "Idempotency-Key", "This Idempotency-Key was used for a different request; use a new key.");
  if (r.opt_i64(0)) return std::optional<http::Response>(replay_of(r));
  if (now - r.i64(4) < 60'000)
    return Error::conflict(
        "A request with this Idempotency-Key is still being processed; retry in a moment.",
        "Idempotency-Key");
  // The write committed but its answer was not stored (the server stopped in between).
  return Error::conflict(
      "A request with this Idempotency-Key was applied, but its answer was lost; read the object "
      "to see the result.",
      "Idempotency-Key");
}

Result<std::optional<http::Response>> AuthService::finish_idempotent(int64_t user_id,
                                                                     std::string_view key,
                                                                     std::string_view request_hash,
                                                                     const std::string& request_id,
                                                                     const http::Response& res) {
  json::array headers;
  if (!res.content_type.empty()) headers.push_back(json::array{"Content-Type", res.content_type});
  for (const auto& [k, v] : res.headers) headers.push_back(json::array{k, v});
  auto c = db_.acquire();
  int64_t stored = c->exec(
      "UPDATE idempotency_keys SET status = ?, response_body = ?, response_headers = ? WHERE "
      "user_id = ? AND idem_key = ? AND request_id = ? AND status IS NULL",
      {int64_t{res.status}, res.shared_body ? *res.shared_body : res.body, json::serialize(headers),
       user_id, std::string(key), request_id});
  if (stored > 0 || res.status < 400) return std::optional<http::Response>();
  // This request failed; if a concurrent repeat claimed the key, answer as it did.
  return idempotent_answer(user_id, key, request_hash);
}

}  // namespace lakeguard::auth
