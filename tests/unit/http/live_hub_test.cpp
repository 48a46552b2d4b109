// LiveHub without sockets: ordering, scope filtering, resuming, and the limits.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "http/live.h"

namespace lakeguard::http {
namespace {

namespace json = boost::json;

Event shelter(int64_t id, const std::string& town) {
  Event e;
  e.topic = "shelters";
  e.type = "created";
  e.data = json::serialize(json::object{{"id", id}});
  e.where.town_code = town;
  return e;
}

std::vector<json::object> drain(LiveSubscription& s) {
  std::vector<json::object> out;
  for (const auto& m : s.take()) out.push_back(json::parse(*m).as_object());
  return out;
}

struct Hub {
  FakeClock clock{1'800'000'000'000};
  LiveHub hub;
  explicit Hub(LiveLimits limits = {}) : hub(clock, {"shelters", "teams"}, limits) {}
};

TEST(LiveHub, TimestampsStrictlyIncreaseWithinOneMillisecond) {
  Hub h;
  int wakes = 0;
  auto sub =
      h.hub.subscribe([](std::string_view, const Placement&) { return true; }, [&] { ++wakes; });
  sub->on_client_message(R"({"subscribe":["shelters"]})");
  EXPECT_EQ(drain(*sub).at(0).at("type").as_string(), "subscribed");
  for (int i = 0; i < 5; ++i) h.hub.publish(shelter(i, "330106009"));  // the clock stands still
  auto got = drain(*sub);
  ASSERT_EQ(got.size(), 5u);
  for (size_t i = 1; i < got.size(); ++i)
    EXPECT_LT(got[i - 1].at("ts").as_string(), got[i].at("ts").as_string());
  EXPECT_EQ(got[0].at("ts").as_string(), "2027-01-15T08:00:00.000Z");
  EXPECT_EQ(got[4].at("ts").as_string(), "2027-01-15T08:00:00.004Z");
  EXPECT_GE(wakes, 6);
}

TEST(LiveHub, FiltersByTopicAndByTheSubscribersScope) {
  Hub h;
  auto town = h.hub.subscribe(
      [](std::string_view, const Placement& w) { return w.town_code == "330106009"; }, [] {});
  town->on_client_message(R"({"subscribe":["shelters"]})");
  drain(*town);
  h.hub.publish(shelter(1, "330106002"));
  h.hub.publish(shelter(2, "330106009"));
  Event team = shelter(3, "330106009");
  team.topic = "teams";
  h.hub.publish(team);
  auto got = drain(*town);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].at("data").at("id").as_int64(), 2);
}

TEST(LiveHub, ResumesAfterSinceOrAsksForAReloadWhenHistoryIsGone) {
  Hub h(LiveLimits{.history = 3});
  auto all = [](std::string_view, const Placement&) { return true; };
  for (int i = 1; i <= 3; ++i) h.hub.publish(shelter(i, "330106009"));
  auto first = h.hub.subscribe(all, [] {});
  first->on_client_message(R"({"subscribe":["shelters"],"since":"2027-01-15T08:00:00.000Z"})");
  auto got = drain(*first);
  ASSERT_EQ(got.size(), 3u);  // subscribed, then ids 2 and 3
  EXPECT_EQ(got[1].at("data").at("id").as_int64(), 2);
  EXPECT_EQ(got[2].at("data").at("id").as_int64(), 3);
  h.hub.publish(shelter(4, "330106009"));  // drops id 1 (ts .000) from the history of 3
  auto late = h.hub.subscribe(all, [] {});
  late->on_client_message(R"({"subscribe":["shelters"],"since":"2027-01-14T00:00:00.000Z"})");
  got = drain(*late);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].at("type").as_string(), "reset");
}

TEST(LiveHub, ASlowClientIsResetInsteadOfGrowingWithoutBound) {
  Hub h(LiveLimits{.queue = 10});
  auto sub = h.hub.subscribe([](std::string_view, const Placement&) { return true; }, [] {});
  sub->on_client_message(R"({"subscribe":["shelters"]})");
  for (int i = 0; i < 25; ++i) h.hub.publish(shelter(i, "330106009"));
  auto got = drain(*sub);
  ASSERT_LE(got.size(), 11u);
  bool reset = false;
  for (const auto& m : got) reset = reset || m.at("type").as_string() == "reset";
  EXPECT_TRUE(reset);
  EXPECT_EQ(got.back().at("data").at("id").as_int64(), 24) << "the newest events survive";
}

TEST(LiveHub, ClientMistakesAreAnsweredInTheErrorContract) {
  Hub h(LiveLimits{.max_topics = 1});
  auto sub =
      h.hub.subscribe([](std::string_view, const Placement&) { return true; }, [] {}, "rid-1");
  auto error_of = [&](std::string_view text) {
    sub->on_client_message(text);
    auto got = drain(*sub);
    EXPECT_EQ(got.size(), 1u) << text;
    return got.empty() ? json::object{} : got[0].at("error").as_object();
  };
  EXPECT_EQ(error_of("[1,2]").at("code").as_string(), "bad_request");
  EXPECT_EQ(error_of("[1,2]").at("request_id").as_string(), "rid-1");
  EXPECT_EQ(error_of(R"({"subscribe":["alarms"]})").at("field").as_string(), "subscribe");
  EXPECT_EQ(error_of(R"({"since":"2027-01-15 08:00"})").at("field").as_string(), "since");
  EXPECT_EQ(error_of(R"({"subscribe":["shelters","teams"]})").at("field").as_string(), "subscribe");
  EXPECT_EQ(sub->topic_count(), 0u) << "a refused subscription changes nothing";
  sub->heartbeat();
  auto beat = drain(*sub);
  ASSERT_EQ(beat.size(), 1u);
  EXPECT_EQ(beat[0].at("topic").as_string(), "heartbeat");
}

TEST(LiveHub, DroppedSubscriptionsAreForgotten) {
  Hub h;
  auto sub = h.hub.subscribe([](std::string_view, const Placement&) { return true; }, [] {});
  EXPECT_EQ(h.hub.subscriber_count(), 1u);
  sub.reset();
  h.hub.publish(shelter(1, "330106009"));
  EXPECT_EQ(h.hub.subscriber_count(), 0u);
}

// Issue 7, defect 4: an object moved between towns is `deleted` for the old town's subscribers
// (who would otherwise keep a stale copy) and `created` for the new town's (who never saw it).
TEST(LiveHub, AMoveReadsAsDeletedWhereItLeftAndCreatedWhereItArrived) {
  Hub h;
  auto in_town = [](std::string town) {
    return [town](std::string_view, const Placement& w) { return w.town_code == town; };
  };
  auto old_town = h.hub.subscribe(in_town("330106002"), [] {});
  auto new_town = h.hub.subscribe(in_town("330106009"), [] {});
  auto district = h.hub.subscribe([](std::string_view, const Placement&) { return true; }, [] {});
  for (auto* s : {&old_town, &new_town, &district}) {
    (*s)->on_client_message(R"({"subscribe":["shelters"]})");
    drain(**s);
  }
  Event moved = shelter(5, "330106009");
  moved.type = "updated";
  moved.data = R"({"id":5,"town_code":"330106009"})";
  moved.was = Placement{"330106002", "", std::nullopt};
  moved.gone_data = R"({"id":5})";
  h.clock.advance_ms(10);
  h.hub.publish(moved);
  auto o = drain(*old_town), n = drain(*new_town), d = drain(*district);
  ASSERT_EQ(o.size(), 1u);
  EXPECT_EQ(o[0].at("type").as_string(), "deleted");
  EXPECT_EQ(json::serialize(o[0].at("data")), R"({"id":5})");
  ASSERT_EQ(n.size(), 1u);
  EXPECT_EQ(n[0].at("type").as_string(), "created");
  EXPECT_EQ(n[0].at("data").at("town_code").as_string(), "330106009");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].at("type").as_string(), "updated");
  // A resume replays the same view.
  auto late = h.hub.subscribe(in_town("330106002"), [] {});
  late->on_client_message(R"({"subscribe":["shelters"],"since":"2027-01-15T08:00:00.000Z"})");
  auto got = drain(*late);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].at("type").as_string(), "deleted");
}

// Issue 7, defect 1: a subscription ends when its credential does; nothing reaches it after.
TEST(LiveHub, EndedSubscriptionsGetAClosingMessageAndNothingMore) {
  Hub h;
  auto all = [](std::string_view, const Placement&) { return true; };
  auto alice = h.hub.subscribe(
      all, [] {}, "", "", LiveIdentity{1, "hash-a", std::nullopt});
  auto bob = h.hub.subscribe(
      all, [] {}, "", "", LiveIdentity{2, "hash-b", std::nullopt});
  for (auto* s : {&alice, &bob}) {
    (*s)->on_client_message(R"({"subscribe":["shelters"]})");
    drain(**s);
  }
  size_t n = h.hub.end_if([](const LiveIdentity& who) { return who.credential == "hash-a"; },
                          "session_ended");
  EXPECT_EQ(n, 1u);
  EXPECT_TRUE(alice->ended());
  EXPECT_FALSE(bob->ended());
  h.hub.publish(shelter(1, "330106009"));
  auto a = drain(*alice);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].at("type").as_string(), "closed");
  EXPECT_EQ(a[0].at("data").at("reason").as_string(), "session_ended");
  EXPECT_EQ(drain(*bob).size(), 1u);
  alice->on_client_message(R"({"subscribe":["teams"]})");
  EXPECT_TRUE(drain(*alice).empty());
}

}  // namespace
}  // namespace lakeguard::http
