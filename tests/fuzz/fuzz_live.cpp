// libFuzzer target: what a live-updates client may send, and the language header of any request.
//
// Input: byte 0 selects the entry point (0: LiveSubscription::on_client_message, 1:
// preferred_lang, 2: the message catalog's to_zh_cn); the rest is the text.
//
// Properties beyond "no crash, no leak, no UB, no escaping exception":
//   * every message the subscription queues is a JSON object: an error in the error contract's
//     shape (code bad_request) or a {"topic": …} message;
//   * a subscription never holds a topic the hub does not have;
//   * translating never returns an empty text for a non-empty message.

#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/clock.h"
#include "fuzz_common.h"
#include "http/live.h"
#include "http/messages.h"

using namespace lakeguard;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto [sel, text] = fuzz::split(data, size);
  switch (sel % 3) {
    case 0: {
      static FakeClock clock(1'800'000'000'000);
      http::LiveHub hub(clock, {"shelters", "teams"}, http::LiveLimits{.history = 4, .queue = 8});
      for (int i = 0; i < 3; ++i) {
        Event e;
        e.topic = i % 2 ? "teams" : "shelters";
        e.type = "created";
        e.data = "{\"id\":" + std::to_string(i) + "}";
        e.where.town_code = "330106009";
        hub.publish(std::move(e));
      }
      auto sub = hub.subscribe(
          [](std::string_view, const Placement& w) { return w.town_code == "330106009"; }, [] {},
          "rid", "zh-CN");
      sub->on_client_message(text);
      LG_FUZZ_CHECK(sub->topic_count() <= 2, "a subscription holds a topic the hub lacks");
      for (const auto& m : sub->take()) {
        boost::system::error_code ec;
        auto v = boost::json::parse(*m, ec);
        LG_FUZZ_CHECK(!ec && v.is_object(), "a queued message is not a JSON object");
        const auto& o = v.as_object();
        if (auto e = o.if_contains("error")) {
          if (!e->is_object() || e->as_object().at("code") != "bad_request")
            LG_FUZZ_CHECK(false, "an error message outside the error contract");
        } else if (!o.contains("topic")) {
          LG_FUZZ_CHECK(false, "a message that is neither an error nor a topic message");
        }
      }
      break;
    }
    case 1:
      (void)http::preferred_lang(text);
      break;
    default:
      if (auto zh = http::builtin_catalog().to_zh_cn(text); zh && zh->empty() && !text.empty())
        LG_FUZZ_CHECK(false, "an empty translation");
      break;
  }
  return 0;
}
