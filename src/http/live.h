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

// Whether a subscriber may see an object placed at `where` on `topic` (its role and scope; built
// by app from the contexts' topic filters and the caller's principal).
using EventFilter = std::function<bool(std::string_view topic, const Placement& where)>;

// Whose credential a subscription rides on, so it can end when that credential does (logout,
// revoked token, disabled account, changed rights, expiry).
struct LiveIdentity {
  int64_t user_id = 0;
  std::string credential;  // the session/token hash (Principal::credential)
  std::optional<int64_t> expires_at_ms;
};

struct LiveLimits {
  size_t history = 2000;            // events kept for resuming clients
  size_t queue = 1000;              // messages waiting for one client before it is reset
  size_t max_topics = 64;           // per subscription
  size_t max_message_bytes = 4096;  // a client message (the server closes on larger frames)
};

class LiveHub;
struct LiveStored;

class LiveSubscription {
 public:
  // Handles one text message from the client; replies and replayed events are queued.
  void on_client_message(std::string_view text);
  // The messages to send now, oldest first (empty when none).
  std::vector<std::shared_ptr<const std::string>> take();
  // Queues a heartbeat.
  void heartbeat();
  size_t topic_count() const;
  // Ends the subscription: a last {"topic":"system","type":"closed","data":{"reason"}} is queued,
  // then the connection closes (the server checks ended() after sending what take() returned).
  void end(std::string_view reason);
  bool ended() const;
  const LiveIdentity& identity() const { return identity_; }

 private:
  friend class LiveHub;
  LiveSubscription(LiveHub& hub, EventFilter allow, std::function<void()> wake,
                   std::string request_id, Lang lang, LiveIdentity identity)
      : hub_(hub),
        allow_(std::move(allow)),
        wake_(std::move(wake)),
        request_id_(std::move(request_id)),
        lang_(lang),
        identity_(std::move(identity)) {}
  // REQUIRES: mu_ held. The text of stored event s for this subscriber (nullptr: not for it).
  std::shared_ptr<const std::string> view_locked(const LiveStored& s) const;
  // REQUIRES: mu_ held. Queues text, resetting the client when it has fallen too far behind.
  void queue_locked(std::shared_ptr<const std::string> text);
  void queue_error(std::string_view message, std::string_view field);

  LiveHub& hub_;
  const EventFilter allow_;
  const std::function<void()> wake_;  // asks the connection to send (posted, never blocks)
  const std::string request_id_;      // of the upgrade request, for error messages
  const Lang lang_;
  const LiveIdentity identity_;
  mutable std::mutex mu_;
  std::set<std::string, std::less<>> topics_;             // GUARDED_BY(mu_)
  std::deque<std::shared_ptr<const std::string>> queue_;  // GUARDED_BY(mu_)
  bool ended_ = false;                                    // GUARDED_BY(mu_)
};

// An event as the hub keeps it: its ts, and its text as each kind of subscriber receives it
// (a move between scopes reads as `deleted` where the object left, `created` where it arrived).
struct LiveStored {
  std::string ts;
  Event event;
  std::shared_ptr<const std::string> text;        // type as published
  std::shared_ptr<const std::string> as_created;  // for moves only
  std::shared_ptr<const std::string> as_deleted;  // for moves only
};

class LiveHub final : public EventSink {
 public:
  LiveHub(const Clock& clock, std::set<std::string, std::less<>> topics, LiveLimits limits = {});

  // The topics clients may subscribe to (the contexts' topics); before serving.
  void set_topics(std::set<std::string, std::less<>> topics) { topics_ = std::move(topics); }

  void publish(Event e) override;
  // A new subscription; `wake` is called (from any thread) when it has messages to send. The hub
  // keeps a weak reference: dropping the subscription ends it.
  // `accept_language`: the upgrade request's, for the language of error messages.
  std::shared_ptr<LiveSubscription> subscribe(EventFilter allow, std::function<void()> wake,
                                              std::string request_id = {},
                                              std::string_view accept_language = {},
                                              LiveIdentity identity = {});
  size_t subscriber_count() const;
  // Ends every subscription whose identity matches (see LiveSubscription::end). Returns how many.
  size_t end_if(const std::function<bool(const LiveIdentity&)>& match, std::string_view reason);
  const LiveLimits& limits() const { return limits_; }

 private:
  friend class LiveSubscription;
  using Stored = LiveStored;
  // REQUIRES: mu_ held. A strictly increasing timestamp.
  std::string next_ts_locked();

  const Clock& clock_;
  std::set<std::string, std::less<>> topics_;  // set before serving, read-only afterwards
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
