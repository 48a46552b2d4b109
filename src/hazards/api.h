#pragma once
// The hidden dangers as a module (platform/module.h): POST/GET /api/v1/hazards, GET
// /api/v1/hazards/stats, GET /api/v1/hazards/{id} (with its action history), POST
// /api/v1/hazards/{id}/actions; their OpenAPI schemas, messages, the live topic `hazards` and
// the permissions reported by /auth/me.

#include <memory>

#include "hazards/service.h"
#include "platform/module.h"

namespace lakeguard::hazards {

// Builds the HazardsService (provided through deps.services) and the module around it.
// REQUIRES: auth's and registry's modules were built first (it audits through auth and reaches
// enterprises through the registry's service).
std::unique_ptr<platform::Module> make_module(platform::Deps& deps, HazardsOptions opts = {});

}  // namespace lakeguard::hazards
