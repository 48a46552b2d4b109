#pragma once
// 一键通's outbound channels (notify.h's Notifier): the webhook. It POSTs each callout as JSON
// ({"receipt_id", "incident_id", "activation_id", "user_id", "text"}) to the configured URL
// through the shared poster (platform/webhook.h, also alarms' WebhookChannel): a 2xx answer is
// `sent`, anything else is retried with backoff up to `max_attempts`, each attempt bounded by
// `timeout`; then the receipt is `failed` with the last answer. The call blocks the notify
// request for at most max_attempts × timeout plus the backoffs, per person (docs/incidents.md).

#include <chrono>
#include <memory>
#include <string>

#include "incidents/notify.h"

namespace lakeguard::incidents {

struct WebhookNotifierOptions {
  std::string url;  // http://host:port/path
  int max_attempts = 3;
  std::chrono::milliseconds first_backoff{200};
  std::chrono::milliseconds timeout{2000};
};

// Throws std::invalid_argument for a URL it cannot use or max_attempts outside 1 to 20.
std::unique_ptr<Notifier> make_webhook_notifier(WebhookNotifierOptions opts);

}  // namespace lakeguard::incidents
