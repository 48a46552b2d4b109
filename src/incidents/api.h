#pragma once
// Incident command's HTTP routes (/api/v1/incidents…, /api/v1/incident-tasks…), OpenAPI schemas,
// live topic `incidents`, permissions and the escalation thread, as a platform::Module
// (docs/contexts.md).

#include <memory>

#include "incidents/channels.h"
#include "incidents/service.h"
#include "platform/module.h"

namespace lakeguard::incidents {

struct ModuleOptions {
  IncidentsOptions service;
  // 一键通's channel: the webhook when `webhook.url` is set (incidents_webhook_url), else the log.
  WebhookNotifierOptions webhook;
};

// Needs the plans', alarms', registry's and hazards' services (added before it in app.cpp).
std::unique_ptr<platform::Module> make_module(platform::Deps& deps, ModuleOptions opts = {});

}  // namespace lakeguard::incidents
