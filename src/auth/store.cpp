#include "auth/store.h"
#include "core/json.h"

#include <fmt/format.h>

namespace lakeguard::auth::store {
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

db::Value scope_value(const User& u) {
  return u.scope_code.empty() ? db::Value(nullptr) : db::Value(u.scope_code);
}

// The WHERE clause of an audit filter; only fixed text, values bound.
std::string audit_where(const AuditFilter& f, std::vector<db::Value>& params) {
  std::string where = "1 = 1";
  auto add = [&](std::string_view col, const std::string& v) {
    if (v.empty()) return;
    where += fmt::format(" AND {} = ?", col);
    params.emplace_back(v);
  };
  add("entity", f.entity);
  add("entity_id", f.entity_id);
  add("actor", f.actor);
  return where;
}

}  // namespace

std::optional<User> user_by_name(db::Connection& c, const std::string& username) {
  auto rows =
      c.query(fmt::format("SELECT {} FROM users WHERE username = ?", kUserCols), {username});
  if (rows.empty()) return std::nullopt;
  return user_from_row(rows.rows[0]);
}

std::optional<std::pair<User, std::string>> user_with_hash(db::Connection& c,
                                                           const std::string& username) {
  auto rows = c.query(
      fmt::format("SELECT {}, password_hash FROM users WHERE username = ?", kUserCols), {username});
  if (rows.empty()) return std::nullopt;
  return std::pair{user_from_row(rows.rows[0]), rows.rows[0].str(9)};
}

std::optional<User> user_by_id(db::Connection& c, int64_t id) {
  auto rows = c.query(fmt::format("SELECT {} FROM users WHERE id = ?", kUserCols), {id});
  if (rows.empty()) return std::nullopt;
  return user_from_row(rows.rows[0]);
}

std::vector<User> users(db::Connection& c) {
  auto rows = c.query(fmt::format("SELECT {} FROM users ORDER BY id", kUserCols));
  std::vector<User> out;
  out.reserve(rows.size());
  for (const auto& r : rows.rows) out.push_back(user_from_row(r));
  return out;
}

User insert_user(db::Connection& c, const User& u, const std::string& password_hash,
                 const std::string& now) {
  auto rows = c.query(fmt::format("INSERT INTO users (username, display_name, password_hash, role, "
                                  "scope_type, scope_code, enterprise_id, disabled, created_at, "
                                  "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING {}",
                                  kUserCols),
                      {u.username, u.display_name, password_hash, std::string(role_name(u.role)),
                       std::string(scope_type_name(u.scope_type)), scope_value(u),
                       opt_value(u.enterprise_id), now, now});
  return user_from_row(rows.rows.at(0));
}

void update_user(db::Connection& c, const User& u, const std::string& now) {
  c.exec(
      "UPDATE users SET display_name = ?, role = ?, scope_type = ?, scope_code = ?, "
      "enterprise_id = ?, disabled = ?, updated_at = ? WHERE id = ?",
      {u.display_name, std::string(role_name(u.role)), std::string(scope_type_name(u.scope_type)),
       scope_value(u), opt_value(u.enterprise_id), int64_t{u.disabled}, now, u.id});
}

void set_password_hash(db::Connection& c, int64_t user_id, const std::string& hash) {
  c.exec("UPDATE users SET password_hash = ? WHERE id = ?", {hash, user_id});
}

int64_t count_other_active_admins(db::Connection& c, int64_t except_id) {
  return c
      .query("SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0 AND id <> ?",
             {except_id})
      .rows.at(0)
      .i64(0);
}

int64_t count_users_with_scope(db::Connection& c, const std::string& scope_code) {
  return c.query("SELECT COUNT(*) FROM users WHERE scope_code = ?", {scope_code}).rows.at(0).i64(0);
}

int64_t count_users_of_enterprise(db::Connection& c, int64_t enterprise_id) {
  return c.query("SELECT COUNT(*) FROM users WHERE enterprise_id = ?", {enterprise_id})
      .rows.at(0)
      .i64(0);
}

std::optional<TokenRow> principal_of_token(db::Connection& c, const std::string& token_hash) {
  auto rows = c.query(
      "SELECT u.id, u.username, u.display_name, u.role, u.scope_type, u.scope_code, "
      "u.enterprise_id, t.read_only, t.expires_at_ms, t.kind FROM tokens t JOIN users u ON "
      "u.id = t.user_id WHERE t.token_hash = ? AND t.revoked = 0 AND u.disabled = 0",
      {token_hash});
  if (rows.empty()) return std::nullopt;
  const auto& r = rows.rows[0];
  TokenRow t;
  Principal& p = t.principal;
  p.user_id = r.i64(0);
  p.username = r.str(1);
  p.display_name = r.str(2);
  p.role = parse_role(r.str(3)).value_or(Role::kViewer);
  p.scope_type = parse_scope_type(r.str(4)).value_or(ScopeType::kDistrict);
  p.scope_code = r.opt_str(5).value_or("");
  p.enterprise_id = r.opt_i64(6);
  p.read_only = r.i64(7) != 0;
  p.expires_at_ms = r.opt_i64(8);
  t.kind = r.str(9);
  p.via_api_token = t.kind == "api";
  p.credential = token_hash;
  return t;
}

int64_t insert_token(db::Connection& c, const std::string& token_hash, int64_t user_id,
                     const std::string& kind, const std::optional<std::string>& name,
                     bool read_only, const std::string& now, std::optional<int64_t> expires_at_ms) {
  auto rows = c.query(
      "INSERT INTO tokens (token_hash, user_id, kind, name, read_only, created_at, expires_at_ms) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {token_hash, user_id, kind, name ? db::Value(*name) : db::Value(nullptr), int64_t{read_only},
       now, opt_value(expires_at_ms)});
  return rows.rows.at(0).i64(0);
}

int64_t revoke_token_hash(db::Connection& c, const std::string& token_hash) {
  return c.exec("UPDATE tokens SET revoked = 1 WHERE token_hash = ? AND revoked = 0", {token_hash});
}

std::optional<std::string> revoke_api_token(db::Connection& c, int64_t id,
                                            std::optional<int64_t> owner) {
  // Scope in the query: a user revokes only its own tokens; an admin any.
  auto rows = owner ? c.query(
                          "UPDATE tokens SET revoked = 1 WHERE id = ? AND kind = 'api' AND "
                          "user_id = ? RETURNING token_hash",
                          {id, *owner})
                    : c.query(
                          "UPDATE tokens SET revoked = 1 WHERE id = ? AND kind = 'api' "
                          "RETURNING token_hash",
                          {id});
  if (rows.empty()) return std::nullopt;
  return rows.rows[0].str(0);
}

std::vector<std::string> revoke_user_tokens(db::Connection& c, int64_t user_id, bool api_too) {
  auto rows = api_too ? c.query(
                            "UPDATE tokens SET revoked = 1 WHERE user_id = ? AND revoked = 0 "
                            "RETURNING token_hash",
                            {user_id})
                      : c.query(
                            "UPDATE tokens SET revoked = 1 WHERE user_id = ? AND revoked = 0 AND "
                            "kind = 'session' RETURNING token_hash",
                            {user_id});
  std::vector<std::string> out;
  for (const auto& r : rows.rows) out.push_back(r.str(0));
  return out;
}

std::vector<ApiToken> api_tokens(db::Connection& c, int64_t user_id) {
  auto rows = c.query(
      "SELECT id, name, read_only, created_at, expires_at_ms, revoked FROM tokens WHERE user_id "
      "= ? AND kind = 'api' ORDER BY id",
      {user_id});
  std::vector<ApiToken> out;
  for (const auto& r : rows.rows)
    out.push_back(ApiToken{r.i64(0), r.opt_str(1).value_or(""), r.i64(2) != 0, r.str(3),
                           r.opt_i64(4), r.i64(5) != 0, ""});
  return out;
}

void insert_audit(db::Connection& c, const std::string& at, std::optional<int64_t> actor_id,
                  const std::string& actor, const std::string& action, const std::string& entity,
                  const std::string& entity_id, const json::value& before, const json::value& after,
                  const std::string& request_id) {
  auto text = [](const json::value& v) {
    return v.is_null() ? db::Value(nullptr) : db::Value(json_text(v));
  };
  c.exec(
      "INSERT INTO audit_log (at, actor_id, actor, action, entity, entity_id, before_json, "
      "after_json, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {at, opt_value(actor_id), actor, action, entity, entity_id, text(before), text(after),
       request_id});
}

int64_t count_audit(db::Connection& c, const AuditFilter& f) {
  std::vector<db::Value> params;
  std::string where = audit_where(f, params);
  return c.query("SELECT COUNT(*) FROM audit_log WHERE " + where, params).rows.at(0).i64(0);
}

json::array audit_page(db::Connection& c, const AuditFilter& f, int64_t limit, int64_t offset) {
  std::vector<db::Value> params;
  std::string where = audit_where(f, params);
  params.emplace_back(limit);
  params.emplace_back(offset);
  auto rows = c.query(
      "SELECT id, at, actor_id, actor, action, entity, entity_id, before_json, after_json, "
      "request_id FROM audit_log WHERE " +
          where + " ORDER BY id DESC LIMIT ? OFFSET ?",
      params);
  auto parse = [](const std::optional<std::string>& s) -> json::value {
    if (!s) return nullptr;
    boost::system::error_code ec;
    auto v = json::parse(*s, ec);
    return ec ? json::value(nullptr) : v;
  };
  json::array items;
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
  return items;
}

}  // namespace lakeguard::auth::store
