#pragma once
// A bounded cache of whole responses for read endpoints, keyed by the caller's scope and the
// request, and valid only under the store epoch (db::Database::change_epoch) it was made in: any
// committed write anywhere invalidates every entry. Thread-safe.

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
  // beyond max_bytes. Entries of older epochs are dropped as soon as a newer epoch is seen.
  void put(const std::string& key, int64_t epoch, const Response& res);

  uint64_t hits() const { return hits_.load(std::memory_order_relaxed); }
  uint64_t misses() const { return misses_.load(std::memory_order_relaxed); }

 private:
  struct Entry {
    std::string key;
    int status;
    std::shared_ptr<const std::string> head;  // render_head
    std::shared_ptr<const std::string> body;
    size_t bytes;
  };
  void clear_locked();

  const size_t max_bytes_;
  std::mutex mu_;
  int64_t epoch_ = -1;    // GUARDED_BY(mu_)
  std::list<Entry> lru_;  // GUARDED_BY(mu_): front = most recent
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;  // GUARDED_BY(mu_)
  size_t bytes_ = 0;                                                   // GUARDED_BY(mu_)
  std::atomic<uint64_t> hits_{0}, misses_{0};
};

}  // namespace lakeguard::http
