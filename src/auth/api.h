#pragma once
// auth's HTTP routes: /api/v1/auth/*, /api/v1/users, /api/v1/tokens, /api/v1/audit.

#include "auth/service.h"
#include "http/router.h"

namespace lakeguard::auth {

void register_routes(http::Router& router, AuthService& auth);

// Authenticates `req`, returning the error response to send when it fails.
Result<Principal> require_principal(AuthService& auth, const http::Request& req);

// The audit identity of a principal for a request.
AuditEntry audit_by(const Principal& p, const http::Request& req);

}  // namespace lakeguard::auth
