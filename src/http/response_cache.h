#pragma once
// A bounded cache of whole responses for read endpoints, keyed by the caller's scope and the
// request. Each entry is valid only under the epoch it was made in: the change epoch of the store
// tables its route depends on (http::Api::cached_get), so a write to one collection invalidates
// only the answers that read it. Least recently used entries go first. Thread-safe.

#include <atomic>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "http/request.h"

namespace lakeguard::http {

class ResponseCache {
 public:
  explicit ResponseCache(size_t max_bytes = 32 * 1024 * 1024) : max_bytes_(max_bytes) {}

  // The cached response for key if it was stored under `epoch`: status, shared_head and
  // shared_body only (two reference counts, no copies).
  std::optional<Response> get(const std::string& key, int64_t epoch);
  // Stores res (only 200s are worth keeping) under epoch, evicting least recently used entries
  // beyond max_bytes. An entry of a newer epoch is never replaced by an older one.
  void put(const std::string& key, int64_t epoch, const Response& res);

  uint64_t hits() const { return hits_.load(std::memory_order_relaxed); }
  uint64_t misses() const { return misses_.load(std::memory_order_relaxed); }

 private:
  struct Entry {
    std::string key;
    int64_t epoch;
    int status;
    std::shared_ptr<const std::string> head;  // render_head
    std::shared_ptr<const std::string> body;
    size_t bytes;
  };
  void erase_locked(std::list<Entry>::iterator it);

  const size_t max_bytes_;
  std::mutex mu_;
  std::list<Entry> lru_;  // GUARDED_BY(mu_): front = most recent
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;  // GUARDED_BY(mu_)
  size_t bytes_ = 0;                                                   // GUARDED_BY(mu_)
  std::atomic<uint64_t> hits_{0}, misses_{0};
};

}  // namespace lakeguard::http
