#pragma once
// The duty rota as a module (platform/module.h): units (/api/v1/duty/units), shifts
// (/api/v1/duty/shifts, /api/v1/duty/shifts/{id}), who is on duty now (/api/v1/duty/now),
// handovers (/api/v1/duty/shifts/{id}/handover, /api/v1/duty/handovers,
// /api/v1/duty/handovers/{id}/acknowledge), the duty log (/api/v1/duty/shifts/{id}/log) and the
// address book (/api/v1/duty/contacts); their OpenAPI schemas, messages, the live topic `duty`
// and the permissions reported by /auth/me.

#include <memory>

#include "duty/service.h"
#include "platform/module.h"

namespace lakeguard::duty {

// REQUIRES: auth's and registry's modules were built first.
std::unique_ptr<platform::Module> make_module(platform::Deps& deps);

}  // namespace lakeguard::duty
