#pragma once
// The OpenAPI 3.1 document, generated from the registered routes and the contexts' schemas
// (platform::Module::add_schemas), so it cannot drift from what the server does.

#include <boost/json.hpp>

#include "http/router.h"

namespace lakeguard::app {

boost::json::object build_openapi(const http::Router& router, boost::json::object schemas);

}  // namespace lakeguard::app
