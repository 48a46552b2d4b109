#pragma once
// The plan centre's HTTP routes (/api/v1/plans…), OpenAPI schemas, live topic `plans` and
// permissions, as a platform::Module (docs/contexts.md).

#include <memory>

#include "plans/service.h"
#include "platform/module.h"

namespace lakeguard::plans {

std::unique_ptr<platform::Module> make_module(platform::Deps& deps, PlansOptions opts = {});

}  // namespace lakeguard::plans
