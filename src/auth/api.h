#pragma once
// auth as a module (platform/module.h): its routes (/api/v1/auth/*, /users, /tokens, /audit),
// schemas, messages and the authenticator of every API request.

#include <memory>

#include "auth/service.h"
#include "platform/module.h"

namespace lakeguard::auth {

// Builds the AuthService (provided to other contexts through deps.services, and as deps.audit)
// and the module around it. Build it first: every other context audits through it.
std::unique_ptr<platform::Module> make_module(platform::Deps& deps, AuthOptions opts);

}  // namespace lakeguard::auth
