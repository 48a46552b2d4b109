#pragma once
// The warnings as a module (platform/module.h): GET/POST /api/v1/warnings, GET/PATCH
// /api/v1/warnings/{id}, POST /api/v1/warnings/{id}/actions; the public GET /public/alerts.atom
// and GET /public/alerts/{identifier}.xml; OpenAPI schemas, messages, the live topic `warnings`
// and the permissions reported by /auth/me.

#include <memory>

#include "alerts/service.h"
#include "platform/module.h"

namespace lakeguard::alerts {

// Builds the AlertsService (provided through deps.services) and the module around it.
// REQUIRES: auth's module was built first (it audits through auth).
std::unique_ptr<platform::Module> make_module(platform::Deps& deps, AlertsOptions opts = {});

}  // namespace lakeguard::alerts
