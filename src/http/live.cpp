#include "http/live.h"
#include "core/json.h"

#include <fmt/format.h>

#include <boost/json.hpp>

#include <algorithm>

#include "http/messages.h"

namespace lakeguard::http {
namespace {

namespace json = boost::json;

std::shared_ptr<const std::string> render(const json::object& o) {
  return std::make_shared<const std::string>(json_text(o));
}

// {"topic","type","data","ts"} around the event's data, which is JSON text already.
std::shared_ptr<const std::string> render_event(const Event& e, std::string_view type,
                                                std::string_view data, std::string_view ts) {
  std::string out = R"({"topic":)";
  out += json_text(json::string(e.topic));
  out += R"(,"type":)";
  out += json_text(json::string(type));
  out += R"(,"data":)";
  out += data.empty() ? std::string_view("{}") : data;
  out += R"(,"ts":")";
  out += ts;
  out += "\"}";
  return std::make_shared<const std::string>(std::move(out));
}

}  // namespace

bool is_live_ts(std::string_view s) {
  constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd.dddZ";
  if (s.size() != kShape.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool digit = s[i] >= '0' && s[i] <= '9';
    if (kShape[i] == 'd' ? !digit : s[i] != kShape[i]) return false;
  }
  return true;
}

LiveHub::LiveHub(const Clock& clock, std::set<std::string, std::less<>> topics, LiveLimits limits)
    : clock_(clock),
      topics_(std::move(topics)),
      limits_(limits),
      // Nothing before the hub started is known (a restart loses the history): resuming from
      // earlier gets "reset".
      dropped_ts_(iso_utc(clock.now_ms())) {}

std::string LiveHub::next_ts_locked() {
  // Strictly increasing, so "since" never skips an event published in the same millisecond.
  last_ms_ = std::max(clock_.now_ms(), last_ms_ + 1);
  return iso_utc(last_ms_);
}

std::shared_ptr<const std::string> LiveSubscription::view_locked(const LiveStored& s) const {
  if (!topics_.contains(s.event.topic)) return nullptr;
  bool now = allow_(s.event.topic, s.event.where);
  if (!s.event.was) return now ? s.text : nullptr;
  bool before = allow_(s.event.topic, *s.event.was);
  if (now && before) return s.text;
  if (now) return s.as_created;     // it arrived in this subscriber's scope
  if (before) return s.as_deleted;  // it left this subscriber's scope
  return nullptr;
}

void LiveHub::publish(Event e) {
  std::vector<std::function<void()>> wakes;
  {
    std::lock_guard lk(mu_);
    Stored s;
    s.ts = next_ts_locked();
    s.text = render_event(e, e.type, e.data, s.ts);
    if (e.was) {
      s.as_created = render_event(e, "created", e.data, s.ts);
      s.as_deleted = render_event(e, "deleted", e.gone_data, s.ts);
    }
    s.event = std::move(e);
    // Delivery happens under the hub lock so that a client resuming at this moment gets every
    // event exactly once and in order (on_client_message takes the same lock).
    std::erase_if(subs_, [](const auto& w) { return w.expired(); });
    for (const auto& w : subs_) {
      auto sub = w.lock();
      if (!sub) continue;
      std::lock_guard sl(sub->mu_);
      if (sub->ended_) continue;
      auto text = sub->view_locked(s);
      if (!text) continue;
      sub->queue_locked(std::move(text));
      wakes.push_back(sub->wake_);
    }
    history_.push_back(std::move(s));
    while (history_.size() > limits_.history) {
      dropped_ts_ = history_.front().ts;
      history_.pop_front();
    }
  }
  for (auto& w : wakes) w();
}

std::shared_ptr<LiveSubscription> LiveHub::subscribe(EventFilter allow, std::function<void()> wake,
                                                     std::string request_id,
                                                     std::string_view accept_language,
                                                     LiveIdentity identity) {
  std::shared_ptr<LiveSubscription> sub(
      new LiveSubscription(*this, std::move(allow), std::move(wake), std::move(request_id),
                           preferred_lang(accept_language), std::move(identity)));
  std::lock_guard lk(mu_);
  std::erase_if(subs_, [](const auto& w) { return w.expired(); });
  subs_.push_back(sub);
  return sub;
}

size_t LiveHub::end_if(const std::function<bool(const LiveIdentity&)>& match,
                       std::string_view reason) {
  std::vector<std::shared_ptr<LiveSubscription>> hit;
  {
    std::lock_guard lk(mu_);
    for (const auto& w : subs_)
      if (auto sub = w.lock(); sub && match(sub->identity_)) hit.push_back(std::move(sub));
  }
  for (auto& sub : hit) sub->end(reason);
  return hit.size();
}

size_t LiveHub::subscriber_count() const {
  std::lock_guard lk(mu_);
  return static_cast<size_t>(
      std::count_if(subs_.begin(), subs_.end(), [](const auto& w) { return !w.expired(); }));
}

void LiveSubscription::queue_locked(std::shared_ptr<const std::string> text) {
  if (queue_.size() >= hub_.limits_.queue) {
    // Too slow to keep up: drop what waits and tell the client to reload.
    queue_.clear();
    queue_.push_back(render(json::object{{"topic", "system"},
                                         {"type", "reset"},
                                         {"ts", iso_utc(hub_.last_ms_)},
                                         {"data", json::object{{"reason", "too_slow"}}}}));
  }
  queue_.push_back(std::move(text));
}

void LiveSubscription::queue_error(std::string_view message, std::string_view field) {
  // In the language of the upgrade request's Accept-Language, as HTTP errors are.
  std::string text(message);
  if (lang_ == Lang::kZhCn)
    if (auto zh = builtin_catalog().to_zh_cn(message)) text = std::move(*zh);
  json::object err{{"code", "bad_request"}, {"message", text}};
  if (!field.empty()) err["field"] = field;
  if (!request_id_.empty()) err["request_id"] = request_id_;
  {
    std::lock_guard lk(mu_);
    queue_.push_back(render(json::object{{"error", std::move(err)}}));
  }
  wake_();
}

void LiveSubscription::on_client_message(std::string_view text) {
  if (ended()) return;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object())
    return queue_error("Send a JSON object such as {\"subscribe\": [\"shelters\"]}.", "");
  const auto& o = v.as_object();
  for (const auto& kv : o)
    if (kv.key() != "subscribe" && kv.key() != "since")
      return queue_error(fmt::format("Unknown field '{}'.", std::string_view(kv.key())), kv.key());
  std::vector<std::string> topics;
  if (auto s = o.if_contains("subscribe")) {
    if (!s->is_array()) return queue_error("'subscribe' must be a list of topics.", "subscribe");
    for (const auto& t : s->as_array()) {
      if (!t.is_string()) return queue_error("'subscribe' must be a list of topics.", "subscribe");
      if (!hub_.topics_.contains(std::string_view(t.as_string())))
        return queue_error(fmt::format("There is no topic '{}'.", std::string_view(t.as_string())),
                           "subscribe");
      topics.emplace_back(t.as_string());
    }
  }
  std::optional<std::string> since;
  if (auto s = o.if_contains("since")) {
    if (!s->is_string() || !is_live_ts(s->as_string()))
      return queue_error("'since' must be the ts of an event, e.g. 2026-01-01T00:00:00.000Z.",
                         "since");
    since = std::string(s->as_string());
  }
  bool too_many = false;
  {
    std::lock_guard hk(hub_.mu_);
    std::lock_guard lk(mu_);
    std::set<std::string, std::less<>> all = topics_;
    all.insert(topics.begin(), topics.end());
    too_many = all.size() > hub_.limits_.max_topics;
    if (!too_many) {
      topics_ = std::move(all);
      json::array names;
      for (const auto& t : topics_) names.emplace_back(t);
      std::string ts = iso_utc(hub_.last_ms_);
      queue_.push_back(render(json::object{{"topic", "system"},
                                           {"type", "subscribed"},
                                           {"ts", ts},
                                           {"data", json::object{{"topics", std::move(names)}}}}));
      if (since && !hub_.dropped_ts_.empty() && *since < hub_.dropped_ts_) {
        // Events after `since` are no longer kept: the client must reload.
        queue_locked(render(json::object{{"topic", "system"},
                                         {"type", "reset"},
                                         {"ts", ts},
                                         {"data", json::object{{"reason", "history"}}}}));
      } else if (since) {
        for (const auto& s : hub_.history_)
          if (s.ts > *since)
            if (auto text = view_locked(s)) queue_locked(std::move(text));
      }
    }
  }
  if (too_many) return queue_error("Too many topics for one connection.", "subscribe");
  wake_();
}

std::vector<std::shared_ptr<const std::string>> LiveSubscription::take() {
  std::lock_guard lk(mu_);
  std::vector<std::shared_ptr<const std::string>> out(queue_.begin(), queue_.end());
  queue_.clear();
  return out;
}

void LiveSubscription::heartbeat() {
  {
    std::lock_guard lk(mu_);
    queue_.push_back(render(json::object{
        {"topic", "heartbeat"}, {"type", "heartbeat"}, {"ts", iso_utc(hub_.clock_.now_ms())}}));
  }
}

void LiveSubscription::end(std::string_view reason) {
  {
    std::lock_guard lk(mu_);
    if (ended_) return;
    ended_ = true;
    queue_.push_back(render(json::object{{"topic", "system"},
                                         {"type", "closed"},
                                         {"ts", iso_utc(hub_.clock_.now_ms())},
                                         {"data", json::object{{"reason", reason}}}}));
  }
  wake_();
}

bool LiveSubscription::ended() const {
  std::lock_guard lk(mu_);
  return ended_;
}

size_t LiveSubscription::topic_count() const {
  std::lock_guard lk(mu_);
  return topics_.size();
}

}  // namespace lakeguard::http
