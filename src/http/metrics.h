#pragma once
// Process metrics in the Prometheus text exposition format (version 0.0.4). Thread-safe: counters
// are atomics; labels are a small fixed set so there is no map on the hot path.

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

namespace lakeguard::http {

class Metrics {
 public:
  static constexpr std::array<double, 10> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,  0.1,    0.25,  0.5,  1.0};
  // status: the HTTP status code; seconds: handler + write time.
  void observe(int status, double seconds);
  void connection_opened() {
    connections_open_++;
    connections_total_++;
  }
  void connection_closed() { connections_open_--; }
  void in_flight(int delta) { in_flight_ += delta; }
  // Extra lines (complete, with HELP/TYPE) appended by other parts, e.g. store gauges.
  void set_extra(std::function<std::string()> f) { extra_ = std::move(f); }
  std::string render() const;

 private:
  std::array<std::atomic<uint64_t>, 6> by_class_{};  // 1xx..5xx, index = status/100
  std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets_{};
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_us_{0};
  std::atomic<int64_t> connections_open_{0};
  std::atomic<uint64_t> connections_total_{0};
  std::atomic<int64_t> in_flight_{0};
  std::function<std::string()> extra_;
};

}  // namespace lakeguard::http
