#pragma once
// The registry's HTTP routes for every kind: list, get, create, patch, delete, .geojson, .csv,
// import; nested chemicals and stock; POST /api/v1/spatial/within.

#include "auth/service.h"
#include "http/router.h"
#include "registry/service.h"

namespace lakeguard::registry {

void register_routes(http::Router& router, auth::AuthService& auth, RegistryService& registry);

}  // namespace lakeguard::registry
