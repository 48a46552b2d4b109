#pragma once
// The registry as a module (platform/module.h): its routes for every kind (list, get, create,
// patch, delete, .geojson, .csv, import; nested chemicals and stock) and /spatial/within, the
// kinds' OpenAPI schemas, its messages, one live topic per collection, and its permissions.

#include <memory>

#include "platform/module.h"
#include "registry/service.h"

namespace lakeguard::registry {

// Builds the RegistryService (provided through deps.services) and the module around it.
// REQUIRES: auth's module was built first (the registry audits through it and answers its
// ScopeDirectory questions).
std::unique_ptr<platform::Module> make_module(platform::Deps& deps, RegistryOptions opts = {});

}  // namespace lakeguard::registry
