#pragma once
// auth's HTTP routes: /api/v1/auth/*, /api/v1/users, /api/v1/tokens, /api/v1/audit.

#include "auth/service.h"
#include "http/router.h"

namespace lakeguard::auth {

void register_routes(http::Router& router, AuthService& auth);

}  // namespace lakeguard::auth
