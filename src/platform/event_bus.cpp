#include "platform/event_bus.h"

#include <spdlog/spdlog.h>

namespace lakeguard::platform {

void EventBus::publish(Event e) {
  if (auto it = handlers_.find(e.topic); it != handlers_.end()) {
    for (const auto& h : it->second) {
      // A subscriber's failure must not lose the event for the others (or the live clients).
      try {
        h(e);
      } catch (const std::exception& ex) {
        spdlog::error("event handler for topic {} failed: {}", e.topic, ex.what());
      }
    }
  }
  if (next_) next_->publish(std::move(e));
}

}  // namespace lakeguard::platform
