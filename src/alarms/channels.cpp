// The notification channels' I/O (channels.h): the server log and an HTTP webhook (Boost.Beast
// client, as http/ uses Beast for the server). Each webhook notification is delivered by one
// worker thread in order, with bounded retries and exponential backoff.

#include "alarms/channels.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace lakeguard::alarms {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

class LogChannel final : public Channel {
 public:
  std::string_view name() const override { return "log"; }
  void notify(const Notification& n) override {
    spdlog::info("alarm {} #{}: {}", n.kind, n.alarm_id, n.text);
  }
};

struct Target {
  std::string host;
  std::string port;
  std::string path;
};

Target parse_url(const std::string& url) {
  const std::string scheme = "http://";
  if (url.rfind(scheme, 0) != 0)
    throw std::invalid_argument("webhook URL must start with http:// (got " + url + ")");
  std::string rest = url.substr(scheme.size());
  auto slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  Target t;
  t.path = slash == std::string::npos ? "/" : rest.substr(slash);
  auto colon = authority.rfind(':');
  if (colon == std::string::npos) {
    t.host = authority;
    t.port = "80";
  } else {
    t.host = authority.substr(0, colon);
    t.port = authority.substr(colon + 1);
  }
  if (t.host.empty() || t.port.empty() || authority.find('@') != std::string::npos)
    throw std::invalid_argument("webhook URL needs a host (and no credentials): " + url);
  return t;
}

class Webhook final : public WebhookChannel {
 public:
  explicit Webhook(WebhookOptions opts) : opts_(std::move(opts)), target_(parse_url(opts_.url)) {
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
  // One POST; true on a 2xx answer.
  bool post(const std::string& body) {
    try {
      asio::io_context ioc;
      beast::tcp_stream stream(ioc);
      tcp::resolver resolver(ioc);
      stream.expires_after(opts_.timeout);
      auto results = resolver.resolve(target_.host, target_.port);
      stream.connect(results);
      bhttp::request<bhttp::string_body> req{bhttp::verb::post, target_.path, 11};
      req.set(bhttp::field::host, target_.host + ":" + target_.port);
      req.set(bhttp::field::content_type, "application/json");
      req.set(bhttp::field::user_agent, "lakeguard-alarms");
      req.body() = body;
      req.prepare_payload();
      stream.expires_after(opts_.timeout);
      bhttp::write(stream, req);
      beast::flat_buffer buf;
      bhttp::response<bhttp::string_body> res;
      bhttp::read(stream, buf, res);
      beast::error_code ec;
      stream.socket().shutdown(tcp::socket::shutdown_both, ec);
      return res.result_int() >= 200 && res.result_int() < 300;
    } catch (const std::exception&) {
      return false;
    }
  }

  void run() {
    std::unique_lock lock(mu_);
    for (;;) {
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      std::string body = std::move(queue_.front());
      queue_.pop_front();
      busy_ = true;
      lock.unlock();
      bool ok = false;
      auto backoff = opts_.first_backoff;
      int attempts = 0;
      for (int i = 0; i < opts_.max_attempts; ++i) {
        ++attempts;
        if (post(body)) {
          ok = true;
          break;
        }
        if (i + 1 == opts_.max_attempts) break;
        std::unique_lock wait_lock(mu_);
        if (cv_.wait_for(wait_lock, backoff, [this] { return stopping_; })) break;
        backoff *= 2;
      }
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
  Target target_;
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
