#include "http/response_cache.h"

namespace lakeguard::http {

void ResponseCache::erase_locked(std::list<Entry>::iterator it) {
  bytes_ -= it->bytes;
  index_.erase(it->key);
  lru_.erase(it);
}

std::optional<Response> ResponseCache::get(const std::string& key, int64_t epoch) {
  std::lock_guard lk(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) {
    ++misses_;
    return std::nullopt;
  }
  if (it->second->epoch != epoch) {
    // Stale (the tables it read have changed since): it can never be used again.
    if (it->second->epoch < epoch) erase_locked(it->second);
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
  if (auto it = index_.find(key); it != index_.end()) {
    if (it->second->epoch > epoch) return;  // made before a write that others have already seen
    erase_locked(it->second);
  }
  lru_.push_front(Entry{key, epoch, res.status, std::move(head), std::move(body), bytes});
  index_[key] = lru_.begin();
  bytes_ += bytes;
  while (bytes_ > max_bytes_ && !lru_.empty()) erase_locked(std::prev(lru_.end()));
}

}  // namespace lakeguard::http
