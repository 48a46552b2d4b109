#pragma once
// An in-process fan-out of domain events: every event goes on to the next sink (the live hub) and
// to the handlers subscribed to its topic, so one context can react to another's changes (the
// risk index is recomputed when an enterprise's chemicals or hidden dangers change) without
// knowing its internals. Handlers run on the publishing thread, after the publisher's commit:
// they must be cheap and must not block (e.g. note the work and let a worker do it).

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/events.h"

namespace lakeguard::platform {

class EventBus final : public EventSink {
 public:
  using Handler = std::function<void(const Event&)>;

  // `next` receives every event after the handlers (may be null).
  explicit EventBus(EventSink* next) : next_(next) {}

  // REQUIRES: called while the modules are built, before any publish (the handlers are then
  // read-only, so publish takes no lock).
  void subscribe(std::string topic, Handler h) {
    handlers_[std::move(topic)].push_back(std::move(h));
  }

  // Thread-safe (handlers must be too); never blocks on subscribers.
  void publish(Event e) override;

 private:
  EventSink* next_;
  std::map<std::string, std::vector<Handler>, std::less<>> handlers_;
};

}  // namespace lakeguard::platform
