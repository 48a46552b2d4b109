#pragma once
// The safety codes as a module (platform/module.h): special-operations workers
// (/api/v1/enterprises/{id}/special-workers, /api/v1/special-workers/{id}), the enterprise and
// personnel codes with their QR images (…/code, …/code.svg, …/code.png), claiming
// (/api/v1/codes/{token}/claim), the claim rate (/api/v1/codes/stats) and the public page a scan
// opens (/public/codes/{token}); their OpenAPI schemas, messages, the live topic `codes` and the
// permissions reported by /auth/me.

#include <memory>

#include "codes/service.h"
#include "platform/module.h"

namespace lakeguard::codes {

// REQUIRES: auth's, registry's, hazards' and risk's modules were built first.
std::unique_ptr<platform::Module> make_module(platform::Deps& deps, CodesOptions opts = {});

}  // namespace lakeguard::codes
