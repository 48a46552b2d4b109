#pragma once
// inspections as a module (platform/module.h): the 双随机一公开 draws under
// /api/v1/inspections/draws and their public page /public/inspections.

#include <memory>

#include "platform/module.h"

namespace lakeguard::inspections {

// REQUIRES: auth and registry were added before (their services are taken from deps.services).
std::unique_ptr<platform::Module> make_module(platform::Deps& deps);
// 掌上执法 (issue 10 item 4): checklist templates, tasks, items, findings, penalties and the
// printable record under /api/v1/inspections/{templates,tasks}. REQUIRES: hazards was added
// before (findings become hidden dangers through its service).
std::unique_ptr<platform::Module> make_tasks_module(platform::Deps& deps);

}  // namespace lakeguard::inspections
