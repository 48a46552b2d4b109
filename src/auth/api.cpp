#include "auth/api.h"

#include <fmt/format.h>

#include "auth/messages.h"
#include "http/json_body.h"
#include "http/schema.h"

namespace lakeguard::auth {
namespace {

namespace json = boost::json;
using http::Method;
using http::Reply;
using http::Request;
using http::Response;
using http::schema::nullable;
using http::schema::type;

inline constexpr std::string_view kSessionCookie = "lg_session";

// The credential a request presents: `Authorization: Bearer <token>`, else the session cookie.
// nullopt with *bad_scheme when an Authorization header of another scheme is sent.
std::optional<Credential> credential_of(const Request& req, http::Access access, bool* bad_scheme) {
  Credential c;
  c.unsafe = access == http::Access::kWrite;
  c.csrf_header = req.header("x-requested-with") == "lakeguard";
  std::string_view authz = req.header("authorization");
  *bad_scheme = false;
  if (!authz.empty()) {
    if (!authz.starts_with("Bearer ")) {
      *bad_scheme = true;
      return std::nullopt;
    }
    c.token = std::string(authz.substr(7));
    return c;
  }
  auto cookie = req.cookie(kSessionCookie);
  if (!cookie) return std::nullopt;
  c.token = std::move(*cookie);
  c.via_cookie = true;
  return c;
}

class HttpAuthenticator final : public http::Authenticator {
 public:
  explicit HttpAuthenticator(AuthService& auth) : auth_(auth) {}
  Result<Principal> authenticate(const Request& req, http::Access access) override {
    auto c = credential_or_refusal(req, access);
    if (!c) return c.error();
    return auth_.authenticate(*c);
  }
  std::optional<Error> refuse_from_headers(const Request& req) override {
    auto c = credential_or_refusal(req, http::access_of(req.method));
    if (!c) return c.error();
    return std::nullopt;
  }
  std::optional<Principal> authenticate_cached(const Request& req, http::Access access) override {
    bool bad = false;
    auto c = credential_of(req, access, &bad);
    if (!c) return std::nullopt;
    return auth_.authenticate_cached(*c);
  }

 private:
  // The credential the request carries, or what its headers alone refuse (none, or not Bearer).
  static Result<Credential> credential_or_refusal(const Request& req, http::Access access) {
    bool bad = false;
    auto c = credential_of(req, access, &bad);
    if (bad) return Error::unauthenticated("Use 'Authorization: Bearer <token>'.");
    if (!c) return Error::unauthenticated();
    return std::move(*c);
  }

  AuthService& auth_;
};

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

Status require_admin(const Principal& p) {
  if (p.role != Role::kAdmin) return Error::forbidden();
  return ok_status();
}

platform::Actor actor(const Principal& p, const Request& req) {
  return platform::Actor::of(p, req.request_id);
}

// An optional string field: unset when absent, validation_failed when not a string.
Result<std::optional<std::string>> optional_string(const json::object& body,
                                                   std::string_view field) {
  auto v = body.if_contains(field);
  if (!v || v->is_null()) return std::optional<std::string>();
  if (!v->is_string()) return Error::validation(std::string(field), "Must be a string.");
  return std::optional<std::string>(std::string(v->as_string()));
}

Result<std::optional<int64_t>> optional_id(const json::object& body, std::string_view field) {
  auto v = body.if_contains(field);
  if (!v || v->is_null()) return std::optional<int64_t>();
  if (!v->is_int64() || v->as_int64() <= 0)
    return Error::validation(std::string(field), "Must be an id.");
  return std::optional<int64_t>(v->as_int64());
}

Result<std::optional<Role>> optional_role(const json::object& body) {
  auto v = body.if_contains("role");
  if (!v) return std::optional<Role>();
  auto role = v->is_string() ? parse_role(v->as_string()) : std::nullopt;
  if (!role) return Error::validation("role", "Unknown role.");
  return role;
}

Reply login(AuthService& auth, Request& req) {
  LG_TRY_ASSIGN(auto body, http::json_object_body(req));
  LG_TRY(http::reject_unknown_fields(body, {"username", "password"}));
  LG_TRY_ASSIGN(auto user, http::required_string(body, "username", kMaxUsernameChars));
  auto pw = body.if_contains("password");
  if (!pw || !pw->is_string() || pw->as_string().empty() ||
      pw->as_string().size() > kMaxPasswordChars)
    return Error::validation("password", "'password' is required.");
  int retry = 0;
  auto res = auth.login(user, pw->as_string(), req.client_address, &retry);
  if (!res) {
    auto out = http::error_response(res.error(), req.request_id);
    if (res.error().code == ErrorCode::kRateLimited)
      out.headers.emplace_back("Retry-After", std::to_string(retry));
    return out;
  }
  int64_t max_age = auth.options().session_ttl_ms / 1000;
  auto out = http::json_reply(200, json::object{{"token", res->token},
                                                {"user", user_json(res->user)},
                                                {"expires_at", iso_utc(res->expires_at_ms)}});
  out.headers.emplace_back(
      "Set-Cookie",
      fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}", kSessionCookie,
                  res->token, max_age, auth.options().cookie_secure ? "; Secure" : ""));
  out.headers.emplace_back("Cache-Control", "no-store");
  return out;
}

Reply create_user(AuthService& auth, const Principal& p, Request& req) {
  LG_TRY(require_admin(p));
  LG_TRY_ASSIGN(auto body, http::json_object_body(req));
  LG_TRY(http::reject_unknown_fields(
      body, {"username", "display_name", "password", "role", "scope_code", "enterprise_id"}));
  NewUser u;
  LG_TRY_ASSIGN(u.username, http::required_string(body, "username", kMaxUsernameChars));
  LG_TRY_ASSIGN(u.password, http::required_string(body, "password", kMaxPasswordChars));
  LG_TRY_ASSIGN(auto role, optional_role(body));
  if (!role) return Error::validation("role", "'role' is required.");
  u.role = *role;
  LG_TRY_ASSIGN(auto display, optional_string(body, "display_name"));
  u.display_name = display.value_or("");
  LG_TRY_ASSIGN(auto scope, optional_string(body, "scope_code"));
  u.scope_code = scope.value_or("");
  LG_TRY_ASSIGN(u.enterprise_id, optional_id(body, "enterprise_id"));
  LG_TRY_ASSIGN(User made, auth.add_user(u, actor(p, req)));
  return http::created_reply("/api/v1/users", user_json(made));
}

Reply patch_user(AuthService& auth, const Principal& p, Request& req) {
  LG_TRY(require_admin(p));
  LG_TRY_ASSIGN(int64_t id, http::path_id(req));
  LG_TRY_ASSIGN(auto body, http::json_object_body(req));
  LG_TRY(http::reject_unknown_fields(
      body, {"display_name", "password", "role", "scope_code", "enterprise_id", "disabled"}));
  UserPatch patch;
  LG_TRY_ASSIGN(patch.display_name, optional_string(body, "display_name"));
  LG_TRY_ASSIGN(patch.password, optional_string(body, "password"));
  LG_TRY_ASSIGN(patch.scope_code, optional_string(body, "scope_code"));
  LG_TRY_ASSIGN(patch.role, optional_role(body));
  LG_TRY_ASSIGN(patch.enterprise_id, optional_id(body, "enterprise_id"));
  if (auto v = body.if_contains("disabled")) {
    if (!v->is_bool()) return Error::validation("disabled", "Must be a boolean.");
    patch.disabled = v->as_bool();
  }
  LG_TRY_ASSIGN(User u, auth.update_user(id, patch, actor(p, req)));
  return http::json_reply(200, user_json(u));
}

Reply create_token(AuthService& auth, const Principal& p, Request& req) {
  LG_TRY_ASSIGN(auto body, http::json_object_body(req));
  LG_TRY(http::reject_unknown_fields(body, {"name", "read_only", "ttl_s"}));
  LG_TRY_ASSIGN(auto name, http::required_string(body, "name", 100));
  bool ro = p.role == Role::kViewer;  // a viewer's tokens are always read-only
  if (auto v = body.if_contains("read_only")) {
    if (!v->is_bool()) return Error::validation("read_only", "Must be a boolean.");
    ro = ro || v->as_bool();
  }
  std::optional<int64_t> ttl;
  if (auto v = body.if_contains("ttl_s"); v && !v->is_null()) {
    if (!v->is_int64() || v->as_int64() < 60 || v->as_int64() > 10LL * 365 * 86400)
      return Error::validation("ttl_s", "'ttl_s' must be 60 s to 10 years.");
    ttl = v->as_int64() * 1000;
  }
  LG_TRY_ASSIGN(ApiToken t, auth.create_token(p, name, ro, ttl, actor(p, req)));
  auto out = http::created_reply("/api/v1/tokens", token_json(t));
  out.headers.emplace_back("Cache-Control", "no-store");
  return out;
}

Reply list_audit(AuthService& auth, const Principal& p, Request& req) {
  if (p.role != Role::kAdmin) return Error::forbidden("Only admins read the audit log.");
  LG_TRY(http::only_query_params(req, {"entity", "entity_id", "actor", "page", "page_size"}));
  LG_TRY_ASSIGN(auto paging, http::parse_paging(req));
  auto page = auth.list_audit(req.query_param("entity").value_or(""),
                              req.query_param("entity_id").value_or(""),
                              req.query_param("actor").value_or(""), paging.page, paging.page_size);
  return http::list_reply(std::move(page.items), page.total, paging.page, paging.page_size);
}

void register_routes(http::Api& api, AuthService& auth, platform::Deps& deps) {
  api.open(Method::kPost, "/api/v1/auth/login", [&auth](Request& req) { return login(auth, req); },
           {.summary = "Log in; returns a bearer token and sets the session cookie",
            .tag = "auth",
            .request_schema = "LoginRequest",
            .response_schema = "LoginResponse"});

  api.route(Method::kPost, "/api/v1/auth/logout",
            [&auth](const Principal&, Request& req) -> Reply {
              bool bad = false;
              auto c = credential_of(req, http::access_of(req.method), &bad);
              LG_TRY(auth.logout(c ? c->token : std::string()));
              auto out = Response::no_content();
              out.headers.emplace_back(
                  "Set-Cookie",
                  fmt::format("{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0", kSessionCookie));
              return out;
            },
            {.summary = "End the current session (or revoke the API token presented)",
             .tag = "auth",
             .success_status = 204,
             .idempotent = false});

  api.route(Method::kGet, "/api/v1/auth/me",
            [&deps](const Principal& p, Request&) -> Reply {
              json::object perms;
              if (deps.permissions) deps.permissions(p, perms);
              return http::json_reply(200, json::object{{"user", principal_json(p)},
                                                        {"permissions", std::move(perms)}});
            },
            {.summary = "The logged-in user, role and scope, and what they may do per collection",
             .tag = "auth",
             .response_schema = "Me"});

  api.route(
      Method::kGet, "/api/v1/users",
      [&auth](const Principal& p, Request&) -> Reply {
        LG_TRY(require_admin(p));
        json::array items;
        for (const auto& u : auth.list_users()) items.push_back(user_json(u));
        int64_t n = static_cast<int64_t>(items.size());
        return http::list_reply(std::move(items), n, 1, n);
      },
      {.summary = "List users (admin)", .tag = "auth", .response_schema = "User", .list = true});

  api.route(Method::kPost, "/api/v1/users",
            [&auth](const Principal& p, Request& req) { return create_user(auth, p, req); },
            {.summary = "Create a user (admin)",
             .tag = "auth",
             .request_schema = "NewUser",
             .response_schema = "User",
             .success_status = 201});

  api.route(Method::kGet, "/api/v1/users/{id}",
            [&auth](const Principal& p, Request& req) -> Reply {
              LG_TRY(require_admin(p));
              LG_TRY_ASSIGN(int64_t id, http::path_id(req));
              LG_TRY_ASSIGN(User u, auth.get_user(id));
              return http::json_reply(200, user_json(u));
            },
            {.summary = "One user (admin)", .tag = "auth", .response_schema = "User"});

  api.route(Method::kPatch, "/api/v1/users/{id}",
            [&auth](const Principal& p, Request& req) { return patch_user(auth, p, req); },
            {.summary = "Change a user (admin): name, role, scope, disabled, password",
             .tag = "auth",
             .request_schema = "UserPatch",
             .response_schema = "User"});

  api.route(
      Method::kGet, "/api/v1/tokens",
      [&auth](const Principal& p, Request&) -> Reply {
        json::array items;
        for (const auto& t : auth.list_tokens(p)) items.push_back(token_json(t));
        int64_t n = static_cast<int64_t>(items.size());
        return http::list_reply(std::move(items), n, 1, n);
      },
      {.summary = "My API tokens", .tag = "auth", .response_schema = "ApiToken", .list = true});

  api.route(Method::kPost, "/api/v1/tokens",
            [&auth](const Principal& p, Request& req) { return create_token(auth, p, req); },
            {.summary = "Create an API token (shown once; from a login session only)",
             .tag = "auth",
             .request_schema = "NewApiToken",
             .response_schema = "ApiToken",
             .success_status = 201,
             .idempotent = false});

  api.route(Method::kDelete, "/api/v1/tokens/{id}",
            [&auth](const Principal& p, Request& req) -> Reply {
              LG_TRY_ASSIGN(int64_t id, http::path_id(req));
              LG_TRY(auth.revoke_token(p, id, actor(p, req)));
              return Response::no_content();
            },
            {.summary = "Revoke an API token", .tag = "auth", .success_status = 204});

  api.route(Method::kGet, "/api/v1/audit",
            [&auth](const Principal& p, Request& req) { return list_audit(auth, p, req); },
            {.summary = "The audit log (admin), newest first",
             .tag = "auth",
             .response_schema = "AuditEntry",
             .list = true,
             .query_params = {"entity", "entity_id", "actor", "page", "page_size"}});
}

json::object obj(std::initializer_list<std::pair<std::string_view, json::value>> props,
                 std::initializer_list<std::string_view> required = {}) {
  json::object p;
  for (const auto& [k, v] : props) p[k] = v;
  json::object s{{"type", "object"}, {"properties", std::move(p)}};
  if (required.size()) {
    json::array r;
    for (auto x : required) r.emplace_back(x);
    s["required"] = std::move(r);
  }
  return s;
}

class AuthModule final : public platform::Module {
 public:
  AuthModule(platform::Deps& deps, AuthOptions opts)
      : deps_(deps), auth_(deps.db, deps.clock, opts), authenticator_(auth_) {
    deps.services.provide(auth_);
    deps.audit = &auth_;
    if (http::LiveHub* live = deps.live)
      auth_.set_session_observer([live](const SessionEnd& e) {
        live->end_if(
            [&e](const http::LiveIdentity& who) {
              return (e.user_id && who.user_id == *e.user_id) ||
                     std::find(e.credentials.begin(), e.credentials.end(), who.credential) !=
                         e.credentials.end();
            },
            "session_ended");
      });
  }

  std::string_view name() const override { return "auth"; }
  void register_routes(http::Api& api) override { auth::register_routes(api, auth_, deps_); }
  std::span<const MessageTemplate> messages() const override { return auth::messages(); }
  http::Authenticator* authenticator() override { return &authenticator_; }

  // users and the audit log: admins; own API tokens: everyone but read-only tokens, and only from
  // a login session (a token cannot mint tokens).
  void add_permissions(const Principal& p, json::object& out) const override {
    auto entry = [](bool read, bool create, bool update, bool del) {
      return json::object{{"read", read}, {"create", create}, {"update", update}, {"delete", del}};
    };
    bool admin = p.role == Role::kAdmin;
    bool write = !p.read_only;
    out["users"] = entry(admin, admin && write, admin && write, false);
    out["audit"] = entry(admin, false, false, false);
    out["tokens"] = entry(true, write && !p.via_api_token, false, write);
  }

  void add_schemas(json::object& s) const override {
    json::object user = obj({{"id", type("integer")},
                             {"username", type("string")},
                             {"display_name", type("string")},
                             {"role", type("string")},
                             {"scope_type", type("string")},
                             {"scope_code", nullable("string")},
                             {"enterprise_id", nullable("integer")},
                             {"disabled", type("boolean")},
                             {"created_at", type("string")}});
    s["User"] = user;
    json::object allowed =
        obj({{"read", type("boolean")},
             {"create", type("boolean")},
             {"update", type("boolean")},
             {"delete", type("boolean")},
             {"fields", json::object{{"type", "array"}, {"items", type("string")}}},
             {"values", type("object")}},
            {"read", "create", "update", "delete"});
    s["Me"] =
        obj({{"user", user},
             {"permissions",
              json::object{
                  {"type", "object"},
                  {"description",
                   "What the caller may do per collection (import = create); `fields`: the "
                   "only fields it may update; `values`: the only values of a closed-set field "
                   "it may write"},
                  {"additionalProperties", allowed}}}});
    s["LoginRequest"] =
        obj({{"username", type("string")}, {"password", type("string")}}, {"username", "password"});
    s["LoginRequest"].as_object()["additionalProperties"] = false;
    s["LoginResponse"] =
        obj({{"token", type("string")}, {"user", user}, {"expires_at", type("string")}});
    s["NewUser"] = obj({{"username", type("string")},
                        {"display_name", type("string")},
                        {"password", type("string")},
                        {"role", type("string")},
                        {"scope_code", type("string")},
                        {"enterprise_id", type("integer")}},
                       {"username", "password", "role"});
    s["UserPatch"] = obj({{"display_name", type("string")},
                          {"password", type("string")},
                          {"role", type("string")},
                          {"scope_code", type("string")},
                          {"enterprise_id", type("integer")},
                          {"disabled", type("boolean")}});
    s["UserPatch"].as_object()["additionalProperties"] = false;
    s["ApiToken"] = obj({{"id", type("integer")},
                         {"name", type("string")},
                         {"read_only", type("boolean")},
                         {"token", type("string")},
                         {"created_at", type("string")},
                         {"expires_at", nullable("string")},
                         {"revoked", type("boolean")}});
    s["NewApiToken"] =
        obj({{"name", type("string")}, {"read_only", type("boolean")}, {"ttl_s", type("integer")}},
            {"name"});
    s["AuditEntry"] = obj({{"id", type("integer")},
                           {"at", type("string")},
                           {"actor", type("string")},
                           {"actor_id", nullable("integer")},
                           {"action", type("string")},
                           {"entity", type("string")},
                           {"entity_id", type("string")},
                           {"before", json::object{}},
                           {"after", json::object{}},
                           {"request_id", type("string")}});
  }

 private:
  platform::Deps& deps_;
  AuthService auth_;
  HttpAuthenticator authenticator_;
};

}  // namespace

std::unique_ptr<platform::Module> make_module(platform::Deps& deps, AuthOptions opts) {
  return std::make_unique<AuthModule>(deps, opts);
}

}  // namespace lakeguard::auth
