#pragma once
// The risk context as a module (platform/module.h). So far: the stateless calculations
// (POST /api/v1/calc/major-hazard, /calc/lec, /calc/ls, /calc/accident-grade; docs/api.md
// "Calculations"), their OpenAPI schemas and messages. They read no store and write nothing, so
// they are http::Api::compute routes: any signed-in caller, read-only API tokens included.

#include <memory>

#include "platform/module.h"
#include "risk/index.h"
#include "risk/model.h"

namespace lakeguard::risk {

// REQUIRES: opts.validate() and index.validate() are "" (throws std::invalid_argument naming the
// setting otherwise); auth's module was built first (it authenticates the routes).
std::unique_ptr<platform::Module> make_module(platform::Deps& deps, Options opts = {},
                                              IndexOptions index = {});

}  // namespace lakeguard::risk
