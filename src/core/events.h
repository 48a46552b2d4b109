#pragma once
// Domain events: what a service publishes after a commit, for live updates (API-CONVENTIONS.md
// "Live updates"). Services see only EventSink; the HTTP layer's LiveHub fans events out to the
// WebSocket clients allowed to see them.

#include <cstdint>
#include <optional>
#include <string>

namespace lakeguard {

struct Event {
  std::string topic;  // a collection, e.g. "shelters" (later "alarms", "incidents")
  std::string type;   // created | updated | deleted | closed
  std::string data;   // JSON text subscribers receive: the object, or {"id"} when deleted
  // Where the object belongs, for scope filtering (empty / nullopt when it has no such place).
  std::string town_code;
  std::string community_code;
  std::optional<int64_t> enterprise_id;
};

class EventSink {
 public:
  virtual ~EventSink() = default;
  // Thread-safe; never blocks on subscribers.
  virtual void publish(Event e) = 0;
};

}  // namespace lakeguard
