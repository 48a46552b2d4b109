#pragma once
// auth's HTTP routes: /api/v1/auth/*, /api/v1/users, /api/v1/tokens, /api/v1/audit.

#include "auth/service.h"
#include "http/router.h"

namespace lakeguard::auth {

void register_routes(http::Router& router, AuthService& auth);

// Wraps a POST handler with Idempotency-Key handling (API-CONVENTIONS.md "Writes that must not
// happen twice"; see IdempotencyClaim). Keys are per user, 1–255 visible ASCII characters.
http::Handler with_idempotency(AuthService& auth, http::Handler inner);
// Whether POSTs to a route pattern take Idempotency-Key: every API write except logging in and
// out and creating API tokens (whose plaintext must never be stored for a replay).
bool takes_idempotency_key(std::string_view pattern);

}  // namespace lakeguard::auth
