#include "auth/api.h"

#include <fmt/format.h>

#include <algorithm>

#include "http/json_body.h"

namespace lakeguard::auth {
namespace {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

Response err(const Error& e, const Request& req) { return http::error_response(e, req.request_id); }

json::object principal_json(const Principal& p) {
  json::object o{{"id", p.user_id},
                 {"username", p.username},
                 {"display_name", p.display_name},
                 {"role", role_name(p.role)},
                 {"scope_type", scope_type_name(p.scope_type)},
                 {"read_only", p.read_only}};
  o["scope_code"] = p.scope_code.empty() ? json::value(nullptr) : json::value(p.scope_code);
  o["enterprise_id"] = p.enterprise_id ? json::value(*p.enterprise_id) : json::value(nullptr);
  return o;
}

json::object token_json(const ApiToken& t) {
  json::object o{{"id", t.id},
                 {"name", t.name},
                 {"read_only", t.read_only},
                 {"created_at", t.created_at},
                 {"revoked", t.revoked}};
  o["expires_at"] = t.expires_at_ms ? json::value(iso_utc(*t.expires_at_ms)) : json::value(nullptr);
  if (!t.token.empty()) o["token"] = t.token;
  return o;
}

// The caller, when an admin: 401 without a session or token, 403 for every other role.
Result<Principal> require_admin(AuthService& auth, const Request& req) {
  auto p = auth.authenticate(req);
  if (!p) return p;
  if (p->role != Role::kAdmin) return Error::forbidden();
  return p;
}

// What p may do with auth's own collections (users and the audit log: admins; own API tokens:
// everyone but read-only tokens, and only from a session — a token cannot mint tokens).
json::object permissions_json(const Principal& p, const PermissionsFn& more) {
  auto entry = [](bool read, bool create, bool update, bool del) {
    return json::object{{"read", read}, {"create", create}, {"update", update}, {"delete", del}};
  };
  bool admin = p.role == Role::kAdmin;
  bool write = !p.read_only;
  json::object out;
  if (more) more(p, out);
  out["users"] = entry(admin, admin && write, admin && write, false);
  out["audit"] = entry(admin, false, false, false);
  out["tokens"] = entry(true, write, false, write);
  return out;
}

}  // namespace

void register_routes(http::Router& r, AuthService& auth, PermissionsFn more) {
  r.add(Method::kPost, "/api/v1/auth/login",
        [&auth](Request& req) -> Response {
          auto body = http::json_object_body(req);
          if (!body) return err(body.error(), req);
          if (auto s = http::reject_unknown_fields(*body, {"username", "password"}); !s)
            return err(s.error(), req);
          auto user = http::required_string(*body, "username", 64);
          if (!user) return err(user.error(), req);
          auto pw = body->if_contains("password");
          if (!pw || !pw->is_string() || pw->as_string().empty() || pw->as_string().size() > 1024)
            return err(Error::validation("password", "'password' is required."), req);
          int retry = 0;
          auto res = auth.login(*user, pw->as_string(), req.client_address, &retry);
          if (!res) {
            auto out = err(res.error(), req);
            if (res.error().code == ErrorCode::kRateLimited)
              out.headers.emplace_back("Retry-After", std::to_string(retry));
            return out;
          }
          int64_t max_age = auth.options().session_ttl_ms / 1000;
          auto out =
              http::json_response(200, json::object{{"token", res->token},
                                                    {"user", user_json(res->user)},
                                                    {"expires_at", iso_utc(res->expires_at_ms)}});
          out.headers.emplace_back(
              "Set-Cookie",
              fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}", kSessionCookie,
                          res->token, max_age, auth.options().cookie_secure ? "; Secure" : ""));
          out.headers.emplace_back("Cache-Control", "no-store");
          return out;
        },
        {.summary = "Log in; returns a bearer token and sets the session cookie",
         .tag = "auth",
         .request_schema = "LoginRequest",
         .response_schema = "LoginResponse",
         .authenticated = false});

  r.add(Method::kPost, "/api/v1/auth/logout",
        [&auth](Request& req) -> Response {
          auto p = auth.authenticate(req);
          if (!p) return err(p.error(), req);
          if (auto s = auth.logout(req); !s) return err(s.error(), req);
          auto out = Response::no_content();
          out.headers.emplace_back(
              "Set-Cookie",
              fmt::format("{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0", kSessionCookie));
          return out;
        },
        {.summary = "End the current session", .tag = "auth", .success_status = 204});

  r.add(Method::kGet, "/api/v1/auth/me",
        [&auth, more](Request& req) -> Response {
          auto p = auth.authenticate(req);
          if (!p) return err(p.error(), req);
          return http::json_response(200,
                                     json::object{{"user", principal_json(*p)},
                                                  {"permissions", permissions_json(*p, more)}});
        },
        {.summary = "The logged-in user, role and scope, and what they may do per collection",
         .tag = "auth",
         .response_schema = "Me"});

  r.add(Method::kGet, "/api/v1/users",
        [&auth](Request& req) -> Response {
          auto p = require_admin(auth, req);
          if (!p) return err(p.error(), req);
          json::array items;
          for (const auto& u : auth.list_users()) items.push_back(user_json(u));
          int64_t n = static_cast<int64_t>(items.size());
          return http::json_response(
              200, json::object{
                       {"items", std::move(items)}, {"total", n}, {"page", 1}, {"page_size", n}});
        },
        {.summary = "List users (admin)", .tag = "auth", .response_schema = "User", .list = true});

  r.add(Method::kPost, "/api/v1/users",
        [&auth](Request& req) -> Response {
          auto p = require_admin(auth, req);
          if (!p) return err(p.error(), req);
          auto body = http::json_object_body(req);
          if (!body) return err(body.error(), req);
          if (auto s = http::reject_unknown_fields(*body, {"username", "display_name", "password",
                                                           "role", "scope_code", "enterprise_id"});
              !s)
            return err(s.error(), req);
          NewUser u;
          auto name = http::required_string(*body, "username", 64);
          if (!name) return err(name.error(), req);
          u.username = *name;
          auto pw = http::required_string(*body, "password", 1024);
          if (!pw) return err(pw.error(), req);
          u.password = *pw;
          auto role = http::required_string(*body, "role", 40);
          if (!role) return err(role.error(), req);
          auto parsed = parse_role(*role);
          if (!parsed) return err(Error::validation("role", "Unknown role."), req);
          u.role = *parsed;
          if (auto d = body->if_contains("display_name"); d && d->is_string())
            u.display_name = std::string(d->as_string());
          if (auto s = body->if_contains("scope_code"); s && !s->is_null()) {
            if (!s->is_string())
              return err(Error::validation("scope_code", "Must be a string."), req);
            u.scope_code = std::string(s->as_string());
          }
          if (auto e = body->if_contains("enterprise_id"); e && !e->is_null()) {
            if (!e->is_int64())
              return err(Error::validation("enterprise_id", "Must be an id."), req);
            u.enterprise_id = e->as_int64();
          }
          auto made = auth.add_user(u, audit_by(*p, req));
          if (!made) return err(made.error(), req);
          auto out = http::json_response(201, user_json(*made));
          out.headers.emplace_back("Location", fmt::format("/api/v1/users/{}", made->id));
          return out;
        },
        {.summary = "Create a user (admin)",
         .tag = "auth",
         .request_schema = "NewUser",
         .response_schema = "User",
         .success_status = 201});

  r.add(Method::kGet, "/api/v1/users/{id}",
        [&auth](Request& req) -> Response {
          auto p = require_admin(auth, req);
          if (!p) return err(p.error(), req);
          auto id = http::parse_id(req.path_params["id"]);
          if (!id) return err(id.error(), req);
          auto u = auth.get_user(*id);
          if (!u) return err(u.error(), req);
          return http::json_response(200, user_json(*u));
        },
        {.summary = "One user (admin)", .tag = "auth", .response_schema = "User"});

  r.add(Method::kPatch, "/api/v1/users/{id}",
        [&auth](Request& req) -> Response {
          auto p = require_admin(auth, req);
          if (!p) return err(p.error(), req);
          auto id = http::parse_id(req.path_params["id"]);
          if (!id) return err(id.error(), req);
          auto body = http::json_object_body(req);
          if (!body) return err(body.error(), req);
          if (auto s = http::reject_unknown_fields(
                  *body,
                  {"display_name", "password", "role", "scope_code", "enterprise_id", "disabled"});
              !s)
            return err(s.error(), req);
          UserPatch patch;
          for (const char* f : {"display_name", "password", "scope_code"}) {
            auto v = body->if_contains(f);
            if (!v) continue;
            if (!v->is_string()) return err(Error::validation(f, "Must be a string."), req);
            std::string text(v->as_string());
            if (std::string_view(f) == "display_name")
              patch.display_name = text;
            else if (std::string_view(f) == "password")
              patch.password = text;
            else
              patch.scope_code = text;
          }
          if (auto v = body->if_contains("role")) {
            auto role = v->is_string() ? parse_role(v->as_string()) : std::nullopt;
            if (!role) return err(Error::validation("role", "Unknown role."), req);
            patch.role = *role;
          }
          if (auto v = body->if_contains("enterprise_id")) {
            if (!v->is_int64() || v->as_int64() <= 0)
              return err(Error::validation("enterprise_id", "Must be an id."), req);
            patch.enterprise_id = v->as_int64();
          }
          if (auto v = body->if_contains("disabled")) {
            if (!v->is_bool()) return err(Error::validation("disabled", "Must be a boolean."), req);
            patch.disabled = v->as_bool();
          }
          auto u = auth.update_user(*id, patch, audit_by(*p, req));
          if (!u) return err(u.error(), req);
          return http::json_response(200, user_json(*u));
        },
        {.summary = "Change a user (admin): name, role, scope, disabled, password",
         .tag = "auth",
         .request_schema = "UserPatch",
         .response_schema = "User"});

  r.add(Method::kGet, "/api/v1/tokens",
        [&auth](Request& req) -> Response {
          auto p = auth.authenticate(req);
          if (!p) return err(p.error(), req);
          json::array items;
          for (const auto& t : auth.list_tokens(*p)) items.push_back(token_json(t));
          int64_t n = static_cast<int64_t>(items.size());
          return http::json_response(
              200, json::object{
                       {"items", std::move(items)}, {"total", n}, {"page", 1}, {"page_size", n}});
        },
        {.summary = "My API tokens", .tag = "auth", .response_schema = "ApiToken", .list = true});

  r.add(Method::kPost, "/api/v1/tokens",
        [&auth](Request& req) -> Response {
          auto p = auth.authenticate(req);
          if (!p) return err(p.error(), req);
          auto body = http::json_object_body(req);
          if (!body) return err(body.error(), req);
          if (auto s = http::reject_unknown_fields(*body, {"name", "read_only", "ttl_s"}); !s)
            return err(s.error(), req);
          auto name = http::required_string(*body, "name", 100);
          if (!name) return err(name.error(), req);
          bool ro = p->role == Role::kViewer;  // a viewer's tokens are always read-only
          if (auto v = body->if_contains("read_only")) {
            if (!v->is_bool())
              return err(Error::validation("read_only", "Must be a boolean."), req);
            ro = ro || v->as_bool();
          }
          std::optional<int64_t> ttl;
          if (auto v = body->if_contains("ttl_s"); v && !v->is_null()) {
            if (!v->is_int64() || v->as_int64() < 60 || v->as_int64() > 10LL * 365 * 86400)
              return err(Error::validation("ttl_s", "'ttl_s' must be 60 s to 10 years."), req);
            ttl = v->as_int64() * 1000;
          }
          auto t = auth.create_token(*p, *name, ro, ttl, req.request_id);
          if (!t) return err(t.error(), req);
          auto out = http::json_response(201, token_json(*t));
          out.headers.emplace_back("Location", fmt::format("/api/v1/tokens/{}", t->id));
          out.headers.emplace_back("Cache-Control", "no-store");
          return out;
        },
        {.summary = "Create an API token (shown once)",
         .tag = "auth",
         .request_schema = "NewApiToken",
         .response_schema = "ApiToken",
         .success_status = 201});

  r.add(Method::kDelete, "/api/v1/tokens/{id}",
        [&auth](Request& req) -> Response {
          auto p = auth.authenticate(req);
          if (!p) return err(p.error(), req);
          auto id = http::parse_id(req.path_params["id"]);
          if (!id) return err(id.error(), req);
          if (auto s = auth.revoke_token(*p, *id, req.request_id); !s) return err(s.error(), req);
          return Response::no_content();
        },
        {.summary = "Revoke an API token", .tag = "auth", .success_status = 204});

  r.add(
      Method::kGet, "/api/v1/audit",
      [&auth](Request& req) -> Response {
        auto p = auth.authenticate(req);
        if (!p) return err(p.error(), req);
        if (p->role != Role::kAdmin)
          return err(Error::forbidden("Only admins read the audit log."), req);
        for (const auto& [k, v] : req.query)
          if (k != "entity" && k != "entity_id" && k != "actor" && k != "page" && k != "page_size")
            return err(Error::bad_request(fmt::format("Unknown query parameter '{}'.", k), k), req);
        auto paging = http::parse_paging(req);
        if (!paging) return err(paging.error(), req);
        return http::json_response(200, auth.list_audit(req.query_param("entity").value_or(""),
                                                        req.query_param("entity_id").value_or(""),
                                                        req.query_param("actor").value_or(""),
                                                        paging->page, paging->page_size));
      },
      {.summary = "The audit log (admin), newest first",
       .tag = "auth",
       .response_schema = "AuditEntry",
       .list = true,
       .query_params = {"entity", "entity_id", "actor", "page", "page_size"}});
}

bool takes_idempotency_key(std::string_view pattern) {
  return pattern.starts_with("/api/v1/") && !pattern.starts_with("/api/v1/auth/") &&
         pattern != "/api/v1/tokens";
}

http::Handler with_idempotency(AuthService& auth, http::Handler inner) {
  return [&auth, inner = std::move(inner)](Request& req) -> Response {
    std::string key(req.header("idempotency-key"));
    if (key.empty()) return inner(req);
    bool visible = std::all_of(key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7f; });
    if (key.size() > 255 || !visible)
      return err(Error::bad_request("Idempotency-Key must be 1–255 visible ASCII characters.",
                                    "Idempotency-Key"),
                 req);
    auto p = auth.authenticate(req);
    if (!p) return inner(req);  // the handler answers 401/403 itself
    std::string hash = request_fingerprint(req);
    auto prior = auth.idempotent_answer(p->user_id, key, hash);
    if (!prior) return err(prior.error(), req);
    if (*prior) return std::move(**prior);
    Response res;
    try {
      res = inner(req);
    } catch (const IdempotencyReplay&) {
      // A concurrent repeat claimed the key first; this request's writes were rolled back.
      auto first = auth.idempotent_answer(p->user_id, key, hash);
      if (!first) return err(first.error(), req);
      if (*first) return std::move(**first);
      return err(Error::conflict("A request with this Idempotency-Key is still being processed; "
                                 "retry in a moment.",
                                 "Idempotency-Key"),
                 req);
    }
    auto other = auth.finish_idempotent(p->user_id, key, hash, req.request_id, res);
    if (!other) return err(other.error(), req);
    if (*other) return std::move(**other);
    return res;
  };
}

}  // namespace lakeguard::auth
