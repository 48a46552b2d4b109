#pragma once
// The registry's HTTP routes for every kind: list, get, create, patch, delete, .geojson, .csv,
// import; nested chemicals and stock; POST /api/v1/spatial/within.

#include <memory>
#include "auth/service.h"

#include "http/response_cache.h"
#include "http/router.h"
#include "registry/service.h"

namespace lakeguard::registry {

// Returns the read cache the routes share (for metrics).
std::shared_ptr<http::ResponseCache> register_routes(http::Router& router, auth::AuthService& auth,
                                                     RegistryService& registry);

}  // namespace lakeguard::registry
