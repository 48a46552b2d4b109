#pragma once
// The alarms as a module (platform/module.h): GET /api/v1/alarms, GET /api/v1/alarms/{id} (with
// its history), POST /api/v1/alarms/{id}/actions, GET/POST /api/v1/alarm-rules, GET/PATCH
// /api/v1/alarm-rules/{id}; their OpenAPI schemas, messages, the live topic `alarms`, the
// permissions for /auth/me, /metrics lines, and the notification channels. It subscribes to the
// reading feed (core/telemetry.h) in its constructor and ticks the rules' clock from start().

#include <memory>
#include <string>

#include "alarms/channels.h"
#include "alarms/service.h"
#include "platform/module.h"

namespace lakeguard::alarms {

struct ModuleOptions {
  AlarmsOptions service;
  bool log_channel = true;  // notify through the server log
  WebhookOptions webhook;   // notify by webhook when webhook.url is set
  bool run_clock = true;    // tick offline rules and clear periods every service.tick_ms
};

// Builds the AlarmsService (provided through deps.services).
// REQUIRES: auth's module was built first (it audits through auth).
std::unique_ptr<platform::Module> make_module(platform::Deps& deps, ModuleOptions opts = {});

}  // namespace lakeguard::alarms
