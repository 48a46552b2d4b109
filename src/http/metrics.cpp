#include "http/metrics.h"

#include <fmt/format.h>

namespace lakeguard::http {

void Metrics::observe(int status, double seconds) {
  size_t cls = static_cast<size_t>(status / 100);
  if (cls < by_class_.size()) by_class_[cls]++;
  size_t i = 0;
  while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
  buckets_[i]++;
  count_++;
  sum_us_ += static_cast<uint64_t>(seconds * 1e6);
}

std::string Metrics::render() const {
  std::string out;
  out += "# HELP lakeguard_http_requests_total HTTP requests answered, by status class.\n";
  out += "# TYPE lakeguard_http_requests_total counter\n";
  for (size_t c = 1; c < by_class_.size(); ++c)
    out +=
        fmt::format("lakeguard_http_requests_total{{code=\"{}xx\"}} {}\n", c, by_class_[c].load());
  out +=
      "# HELP lakeguard_http_request_duration_seconds Time from request read to response "
      "written.\n";
  out += "# TYPE lakeguard_http_request_duration_seconds histogram\n";
  uint64_t cum = 0;
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    cum += buckets_[i].load();
    out += fmt::format("lakeguard_http_request_duration_seconds_bucket{{le=\"{}\"}} {}\n",
                       kBuckets[i], cum);
  }
  cum += buckets_[kBuckets.size()].load();
  out += fmt::format("lakeguard_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {}\n", cum);
  out += fmt::format("lakeguard_http_request_duration_seconds_sum {}\n", sum_us_.load() / 1e6);
  out += fmt::format("lakeguard_http_request_duration_seconds_count {}\n", count_.load());
  out += "# HELP lakeguard_http_connections_open Open client connections.\n";
  out += "# TYPE lakeguard_http_connections_open gauge\n";
  out += fmt::format("lakeguard_http_connections_open {}\n", connections_open_.load());
  out += "# HELP lakeguard_http_connections_total Client connections accepted.\n";
  out += "# TYPE lakeguard_http_connections_total counter\n";
  out += fmt::format("lakeguard_http_connections_total {}\n", connections_total_.load());
  out += "# HELP lakeguard_http_requests_in_flight Requests being handled now.\n";
  out += "# TYPE lakeguard_http_requests_in_flight gauge\n";
  out += fmt::format("lakeguard_http_requests_in_flight {}\n", in_flight_.load());
  if (extra_) out += extra_();
  return out;
}

}  // namespace lakeguard::http
