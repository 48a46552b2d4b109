// The notification channels' I/O (channels.h): the server log and an HTTP webhook (the POST itself
// is platform/webhook.h, shared with incidents' 一键通 webhook). Each webhook notification is
// delivered by one worker thread in order, with bounded retries and exponential backoff.

#include "alarms/channels.h"

#include <spdlog/spdlog.h>

#include "platform/webhook.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace lakeguard::alarms {
namespace {

class LogChannel final : public Channel {
 public:
  std::string_view name() const override { return "log"; }
  void notify(const Notification& n) override {
    spdlog::info("alarm {} #{}: {}", n.kind, n.alarm_id, n.text);
  }
};

class Webhook final : public WebhookChannel {
 public:
  explicit Webhook(WebhookOptions opts)
      : opts_(std::move(opts)), target_(platform::parse_webhook_url(opts_.url)) {
    if (opts_.max_attempts < 1 || opts_.max_attempts > 20)
      throw std::invalid_argument("webhook max_attempts must be 1 to 20");
    worker_ = std::thread([this] { run(); });
  }
  ~Webhook() override {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    worker_.join();
  }

  std::string_view name() const override { return "webhook"; }

  void notify(const Notification& n) override {
    {
      std::lock_guard lock(mu_);
      if (queue_.size() >= opts_.queue_limit) {
        ++stats_.dropped;
        return;
      }
      queue_.push_back(n.json);
    }
    cv_.notify_all();
  }

  ChannelStats stats() const override {
    std::lock_guard lock(mu_);
    return stats_;
  }

  bool drain(std::chrono::milliseconds wait) override {
    std::unique_lock lock(mu_);
    return idle_cv_.wait_for(lock, wait, [this] { return queue_.empty() && !busy_; });
  }

 private:
  void run() {
    std::unique_lock lock(mu_);
    for (;;) {
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      std::string body = std::move(queue_.front());
      queue_.pop_front();
      busy_ = true;
      lock.unlock();
      platform::PostPolicy policy{.max_attempts = opts_.max_attempts,
                                  .first_backoff = opts_.first_backoff,
                                  .timeout = opts_.timeout,
                                  .user_agent = "lakeguard-alarms"};
      auto outcome = platform::post_with_retries(target_, body, policy, [this](auto d) {
        std::unique_lock wait_lock(mu_);
        return !cv_.wait_for(wait_lock, d, [this] { return stopping_; });
      });
      bool ok = outcome.delivered;
      int attempts = outcome.attempts;
      lock.lock();
      stats_.retried += attempts - 1;
      if (ok) {
        ++stats_.delivered;
      } else {
        ++stats_.failed;
        spdlog::warn("alarm webhook: gave up after {} attempts", attempts);
      }
      busy_ = false;
      if (queue_.empty()) idle_cv_.notify_all();
    }
  }

  WebhookOptions opts_;
  platform::WebhookTarget target_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::condition_variable idle_cv_;
  std::deque<std::string> queue_;
  bool stopping_ = false;
  bool busy_ = false;
  ChannelStats stats_;
  std::thread worker_;
};

}  // namespace

std::unique_ptr<Channel> make_log_channel() { return std::make_unique<LogChannel>(); }

std::unique_ptr<WebhookChannel> make_webhook_channel(WebhookOptions opts) {
  return std::make_unique<Webhook>(std::move(opts));
}

}  // namespace lakeguard::alarms
