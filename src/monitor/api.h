#pragma once
// The monitor context as a module (platform/module.h): telemetry ingest over HTTP (POST
// /api/v1/telemetry, NDJSON) and MQTT (monitor/mqtt.h, when a broker is configured), a device's
// reading series and status, telemetry tokens and the retention pass (docs/monitor.md). Provides
// MonitorService and ReadingHistory in platform::Services; publishes committed readings to
// deps.readings.

#include <memory>

#include "monitor/mqtt.h"
#include "monitor/service.h"
#include "platform/module.h"

namespace lakeguard::monitor {

struct ModuleOptions {
  MonitorOptions monitor;
  MqttOptions mqtt;  // mqtt.url empty: no MQTT ingest
};

// REQUIRES: opts.monitor.validate() is "" (throws std::invalid_argument naming the setting
// otherwise); auth and registry were built first.
std::unique_ptr<platform::Module> make_module(platform::Deps& deps, ModuleOptions opts = {});

}  // namespace lakeguard::monitor
