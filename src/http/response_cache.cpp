#include "http/response_cache.h"

namespace lakeguard::http {

void ResponseCache::clear_locked() {
  lru_.clear();
  index_.clear();
  bytes_ = 0;
}

std::optional<Response> ResponseCache::get(const std::string& key, int64_t epoch) {
  std::lock_guard lk(mu_);
  if (epoch != epoch_) {
    if (epoch > epoch_) {
      clear_locked();
      epoch_ = epoch;
    }
    ++misses_;
    return std::nullopt;
  }
  auto it = index_.find(key);
  if (it == index_.end()) {
    ++misses_;
    return std::nullopt;
  }
  lru_.splice(lru_.begin(), lru_, it->second);
  ++hits_;
  Response r;
  r.status = it->second->status;
  r.content_type.clear();
  r.shared_head = it->second->head;
  r.shared_body = it->second->body;
  return r;
}

void ResponseCache::put(const std::string& key, int64_t epoch, const Response& res) {
  if (res.status != 200) return;
  size_t body_size = res.shared_body ? res.shared_body->size() : res.body.size();
  size_t bytes = key.size() + body_size + 256;
  if (bytes > max_bytes_ / 4) return;
  // Rendered outside the lock.
  auto head = res.shared_head ? res.shared_head
                              : std::make_shared<const std::string>(render_head(res, body_size));
  auto body = res.shared_body ? res.shared_body : std::make_shared<const std::string>(res.body);
  std::lock_guard lk(mu_);
  if (epoch < epoch_) return;  // made before a write that others have already seen
  if (epoch > epoch_) {
    clear_locked();
    epoch_ = epoch;
  }
  if (auto it = index_.find(key); it != index_.end()) {
    bytes_ -= it->second->bytes;
    lru_.erase(it->second);
    index_.erase(it);
  }
  lru_.push_front(Entry{key, res.status, std::move(head), std::move(body), bytes});
  index_[key] = lru_.begin();
  bytes_ += bytes;
  while (bytes_ > max_bytes_ && !lru_.empty()) {
    bytes_ -= lru_.back().bytes;
    index_.erase(lru_.back().key);
    lru_.pop_back();
  }
}

}  // namespace lakeguard::http
