#pragma once
// Notification channels: where a raised, re-occurring or escalated alarm is pushed besides the
// live topic. An interface, so the service knows none of them; the adapters are in
// channels.cpp (I/O): a log channel, a webhook channel that POSTs JSON with bounded retries and
// backoff. SMS and voice gateways are external systems: SmsGateway/VoiceGateway below are the
// interfaces an integration implements (docs/alarms.md "Channels"); none ships.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace lakeguard::alarms {

struct Notification {
  std::string kind;  // raise | occur | escalate
  int64_t alarm_id = 0;
  std::string json;  // the alarm as the API shows it, plus "kind"
  std::string text;  // one line for humans (the alarm's message)
};

class Channel {
 public:
  virtual ~Channel() = default;
  virtual std::string_view name() const = 0;
  // Called after the alarm's change committed, on the rule-evaluation thread: must not block
  // (queue and deliver on its own thread).
  virtual void notify(const Notification& n) = 0;
};

// SMS (短信) and voice (语音外呼) gateways: interfaces only. An implementation sends `text` to
// each duty number and returns whether the gateway accepted it.
class SmsGateway {
 public:
  virtual ~SmsGateway() = default;
  virtual bool send(const std::vector<std::string>& phones, const std::string& text) = 0;
};
class VoiceGateway {
 public:
  virtual ~VoiceGateway() = default;
  virtual bool call(const std::vector<std::string>& phones, const std::string& text) = 0;
};

struct WebhookOptions {
  std::string url;  // http://host:port/path (plain HTTP; put TLS in front with a relay)
  int max_attempts = 4;
  std::chrono::milliseconds first_backoff{200};  // doubled after every failed attempt
  std::chrono::milliseconds timeout{2000};       // per attempt (connect + write + read)
  size_t queue_limit = 10000;                    // dropped (and counted) beyond this
};

struct ChannelStats {
  int64_t delivered = 0;
  int64_t failed = 0;   // gave up after max_attempts
  int64_t retried = 0;  // attempts after the first
  int64_t dropped = 0;  // queue full
};

// Writes each notification to the server log (spdlog, info).
std::unique_ptr<Channel> make_log_channel();

class WebhookChannel : public Channel {
 public:
  virtual ChannelStats stats() const = 0;
  // Blocks until the queue is empty (tests, shutdown) or `wait` passed; returns whether empty.
  virtual bool drain(std::chrono::milliseconds wait) = 0;
};
// POSTs each notification's JSON to opts.url; a 2xx answer is delivered, anything else (or no
// answer in time) is retried with exponential backoff up to max_attempts. Throws
// std::invalid_argument for a URL it cannot use.
std::unique_ptr<WebhookChannel> make_webhook_channel(WebhookOptions opts);

}  // namespace lakeguard::alarms
