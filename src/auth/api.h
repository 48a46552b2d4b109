#pragma once
// auth's HTTP routes: /api/v1/auth/*, /api/v1/users, /api/v1/tokens, /api/v1/audit.

#include <functional>

#include "auth/service.h"
#include "http/router.h"

namespace lakeguard::auth {

// Adds what a caller may do with other contexts' collections to GET /auth/me's "permissions".
using PermissionsFn = std::function<void(const Principal&, boost::json::object&)>;

void register_routes(http::Router& router, AuthService& auth, PermissionsFn more = nullptr);

// Wraps a POST handler with Idempotency-Key handling (API-CONVENTIONS.md "Writes that must not
// happen twice"; see IdempotencyClaim). Keys are per user, 1–255 visible ASCII characters.
http::Handler with_idempotency(AuthService& auth, http::Handler inner);
// Whether POSTs to a route pattern take Idempotency-Key: every API write except logging in and
// out and creating API tokens (whose plaintext must never be stored for a replay).
bool takes_idempotency_key(std::string_view pattern);

}  // namespace lakeguard::auth
