#pragma once
// Incident command's HTTP routes (/api/v1/incidents…, /api/v1/incident-tasks…), OpenAPI schemas,
// live topic `incidents`, permissions and the escalation thread, as a platform::Module
// (docs/contexts.md).

#include <memory>

#include "incidents/service.h"
#include "platform/module.h"

namespace lakeguard::incidents {

std::unique_ptr<platform::Module> make_module(platform::Deps& deps, IncidentsOptions opts = {});

}  // namespace lakeguard::incidents
