#pragma once
// The one outbound HTTP webhook poster (plain HTTP POST of a JSON body, Boost.Beast client) that
// the notification channels share: alarms' WebhookChannel (src/alarms/channels.h) and incidents'
// 一键通 WebhookNotifier (src/incidents/channels.h). A target is parsed once; `post_with_retries`
// makes at most `max_attempts` attempts, each bounded by `timeout` (connect + write + read), with
// a backoff from `first_backoff` doubling between attempts. TLS is a relay's job.

#include <chrono>
#include <functional>
#include <string>

namespace lakeguard::platform {

struct WebhookTarget {
  std::string host;
  std::string port;
  std::string path;
};

// "http://host[:port][/path]" (port 80 by default). Throws std::invalid_argument for anything
// else (another scheme, no host, credentials in the URL).
WebhookTarget parse_webhook_url(const std::string& url);

struct PostPolicy {
  int max_attempts = 4;                          // 1 to 20
  std::chrono::milliseconds first_backoff{200};  // doubled after every failed attempt
  std::chrono::milliseconds timeout{2000};       // per attempt
  std::string user_agent = "lakeguard";
};

// One POST of `json_body` with Content-Type application/json: the HTTP status, or 0 when there
// was no answer (refused, timed out, malformed).
int post_json_once(const WebhookTarget& t, const std::string& json_body,
                   std::chrono::milliseconds timeout, const std::string& user_agent);

struct PostOutcome {
  bool delivered = false;  // a 2xx answer
  int attempts = 0;
  int last_status = 0;  // of the last attempt; 0: no answer
};

// Attempts until a 2xx answer or policy.max_attempts. `wait(d)` sleeps for the backoff d and
// returns false to give up early (a shutdown); by default it sleeps.
PostOutcome post_with_retries(const WebhookTarget& t, const std::string& json_body,
                              const PostPolicy& policy,
                              const std::function<bool(std::chrono::milliseconds)>& wait = {});

}  // namespace lakeguard::platform
