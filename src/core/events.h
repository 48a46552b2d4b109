#pragma once
// Domain events: what a service publishes after a commit, for live updates (API-CONVENTIONS.md
// "Live updates"). Services see only EventSink; the HTTP layer's LiveHub fans events out to the
// WebSocket clients whose topic filter admits them.

#include <optional>
#include <string>

#include "core/principal.h"

namespace lakeguard {

struct Event {
  std::string topic;  // a collection, e.g. "shelters" (later "alarms", "incidents")
  std::string type;   // created | updated | deleted | closed
  std::string data;   // JSON text subscribers receive: the object, or {"id"} when deleted
  Placement where;    // where the object is (after the change), for scope filtering
  // For an update that moved the object (another town, community or enterprise): where it was,
  // and the {"id"} JSON sent as `deleted` to subscribers who could see it there but not here
  // (those who see it only here get `created`).
  std::optional<Placement> was;
  std::string gone_data;
};

class EventSink {
 public:
  virtual ~EventSink() = default;
  // Thread-safe; never blocks on subscribers.
  virtual void publish(Event e) = 0;
};

}  // namespace lakeguard
