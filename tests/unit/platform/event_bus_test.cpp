// platform::EventBus: every event reaches the next sink; a topic's subscribers see its events
// (and only its), in order, before the next sink; a throwing subscriber loses nothing for the
// others.

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "platform/event_bus.h"

namespace lakeguard::platform {
namespace {

struct Recorder final : EventSink {
  std::vector<std::string> seen;
  void publish(Event e) override { seen.push_back(e.topic + ":" + e.type); }
};

Event event(std::string topic, std::string type) {
  Event e;
  e.topic = std::move(topic);
  e.type = std::move(type);
  return e;
}

TEST(EventBus, ForwardsEveryEventAndFansOutByTopic) {
  Recorder next;
  EventBus bus(&next);
  std::vector<std::string> order;
  bus.subscribe("chemicals", [&](const Event& e) { order.push_back("a " + e.type); });
  bus.subscribe("chemicals", [&](const Event& e) { order.push_back("b " + e.type); });
  bus.subscribe("hazards", [&](const Event& e) { order.push_back("h " + e.type); });
  bus.publish(event("chemicals", "created"));
  bus.publish(event("shelters", "updated"));
  bus.publish(event("hazards", "deleted"));
  EXPECT_EQ(order, (std::vector<std::string>{"a created", "b created", "h deleted"}));
  EXPECT_EQ(next.seen,
            (std::vector<std::string>{"chemicals:created", "shelters:updated", "hazards:deleted"}));
}

TEST(EventBus, AFailingSubscriberLosesNothingForTheOthers) {
  Recorder next;
  EventBus bus(&next);
  int after = 0;
  bus.subscribe("hazards", [](const Event&) { throw std::runtime_error("boom"); });
  bus.subscribe("hazards", [&](const Event&) { ++after; });
  bus.publish(event("hazards", "created"));
  EXPECT_EQ(after, 1);
  EXPECT_EQ(next.seen.size(), 1u);
}

TEST(EventBus, WorksWithoutANextSink) {
  EventBus bus(nullptr);
  int n = 0;
  bus.subscribe("risk", [&](const Event&) { ++n; });
  bus.publish(event("risk", "updated"));
  EXPECT_EQ(n, 1);
}

}  // namespace
}  // namespace lakeguard::platform
