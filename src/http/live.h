#pragma once
// Live updates (API-CONVENTIONS.md "Live updates"): the hub that fans domain events out to
// WebSocket clients. Transport-neutral: the server feeds a subscription the client's messages and
// sends what it queues; this file knows nothing of sockets or of the domain (a subscriber's
// EventFilter, built by the contexts from the caller's principal, decides what it may see).
//
// Client → server: {"subscribe": ["shelters", …], "since": "<ts of the last event seen>"} (either
//   key may be left out; topics add up). Unknown topics or fields get an error message in the
//   error contract's shape; the connection stays open.
// Server → client: {"topic", "type", "data", "ts"} per event, already filtered by scope, in
//   publication order; ts is ISO 8601 UTC with milliseconds and strictly increasing, so a client
//   resumes with the last ts it saw. Also {"topic":"system","type":"subscribed"|"reset"} and a
//   {"topic":"heartbeat"} every 30 s. "reset" means events were lost (a resume older than the
//   history kept, or a client too slow to keep up): reload, then carry on.
// Thread-safety: every member is safe to call from any thread. Lock order: hub, then subscription.

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/events.h"
#include "http/messages.h"

namespace lakeguard::http {

using EventFilter = std::function<bool(const Event&)>;

struct LiveLimits {
  size_t history = 2000;            // events kept for resuming clients
  size_t queue = 1000;              // messages waiting for one client before it is reset
  size_t max_topics = 64;           // per subscription
  size_t max_message_bytes = 4096;  // a client message (the server closes on larger frames)
};

class LiveHub;

class LiveSubscription {
 public:
  // Handles one text message from the client; replies and replayed events are queued.
  void on_client_message(std::string_view text);
  // The messages to send now, oldest first (empty when none).
  std::vector<std::shared_ptr<const std::string>> take();
  // Queues a heartbeat.
  void heartbeat();
  size_t topic_count() const;

 private:
  friend class LiveHub;
  LiveSubscription(LiveHub& hub, EventFilter allow, std::function<void()> wake,
                   std::string request_id, Lang lang)
      : hub_(hub),
        allow_(std::move(allow)),
        wake_(std::move(wake)),
        request_id_(std::move(request_id)),
        lang_(lang) {}
  // REQUIRES: mu_ held. Queues text, resetting the client when it has fallen too far behind.
  void queue_locked(std::shared_ptr<const std::string> text);
  void queue_error(std::string_view message, std::string_view field);

  LiveHub& hub_;
  const EventFilter allow_;
  const std::function<void()> wake_;  // asks the connection to send (posted, never blocks)
  const std::string request_id_;      // of the upgrade request, for error messages
  const Lang lang_;
  mutable std::mutex mu_;
  std::set<std::string, std::less<>> topics_;             // GUARDED_BY(mu_)
  std::deque<std::shared_ptr<const std::string>> queue_;  // GUARDED_BY(mu_)
};

class LiveHub final : public EventSink {
 public:
  LiveHub(const Clock& clock, std::set<std::string, std::less<>> topics, LiveLimits limits = {});

  void publish(Event e) override;
  // A new subscription; `wake` is called (from any thread) when it has messages to send. The hub
  // keeps a weak reference: dropping the subscription ends it.
  // `accept_language`: the upgrade request's, for the language of error messages.
  std::shared_ptr<LiveSubscription> subscribe(EventFilter allow, std::function<void()> wake,
                                              std::string request_id = {},
                                              std::string_view accept_language = {});
  size_t subscriber_count() const;
  const LiveLimits& limits() const { return limits_; }

 private:
  friend class LiveSubscription;
  struct Stored {
    std::string ts;
    Event event;
    std::shared_ptr<const std::string> text;
  };
  // REQUIRES: mu_ held. A strictly increasing timestamp.
  std::string next_ts_locked();

  const Clock& clock_;
  const std::set<std::string, std::less<>> topics_;
  const LiveLimits limits_;
  mutable std::mutex mu_;
  int64_t last_ms_ = 0;         // GUARDED_BY(mu_)
  std::deque<Stored> history_;  // GUARDED_BY(mu_)
  std::string dropped_ts_;      // GUARDED_BY(mu_): newest ts not kept (at first: the hub's start)
  std::vector<std::weak_ptr<LiveSubscription>> subs_;  // GUARDED_BY(mu_)
};

// True for "YYYY-MM-DDTHH:MM:SS.mmmZ", the hub's ts format (ordered as text).
bool is_live_ts(std::string_view s);

}  // namespace lakeguard::http
