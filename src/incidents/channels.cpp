// 一键通's webhook (channels.h) over the shared poster (platform/webhook.h).

#include "incidents/channels.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <stdexcept>

#include "platform/webhook.h"

namespace lakeguard::incidents {
namespace {

class WebhookNotifier final : public Notifier {
 public:
  explicit WebhookNotifier(WebhookNotifierOptions opts)
      : opts_(std::move(opts)), target_(platform::parse_webhook_url(opts_.url)) {
    if (opts_.max_attempts < 1 || opts_.max_attempts > 20)
      throw std::invalid_argument("webhook max_attempts must be 1 to 20");
  }

  std::string_view name() const override { return "webhook"; }

  Status send(const Callout& c) override {
    std::string body =
        boost::json::serialize(boost::json::object{{"receipt_id", c.receipt_id},
                                                   {"incident_id", c.incident_id},
                                                   {"activation_id", c.activation_id},
                                                   {"user_id", c.user_id},
                                                   {"text", c.text}});
    platform::PostPolicy policy{.max_attempts = opts_.max_attempts,
                                .first_backoff = opts_.first_backoff,
                                .timeout = opts_.timeout,
                                .user_agent = "lakeguard-incidents"};
    auto out = platform::post_with_retries(target_, body, policy);
    if (out.delivered) return ok_status();
    spdlog::warn("一键通 webhook: receipt #{} failed after {} attempts", c.receipt_id,
                 out.attempts);
    return Error{
        ErrorCode::kInternal,
        out.last_status
            ? fmt::format("webhook answered {} after {} attempts", out.last_status, out.attempts)
            : fmt::format("webhook did not answer after {} attempts", out.attempts),
        {}};
  }

 private:
  WebhookNotifierOptions opts_;
  platform::WebhookTarget target_;
};

}  // namespace

std::unique_ptr<Notifier> make_webhook_notifier(WebhookNotifierOptions opts) {
  return std::make_unique<WebhookNotifier>(std::move(opts));
}

}  // namespace lakeguard::incidents
