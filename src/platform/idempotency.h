#pragma once
// Idempotency-Key storage in the platform's own table (migrations/0003_idempotency.sql): the SQL
// behind http::IdempotencyStore. The claim rides on the request's first write through a
// db::CommitHook, so no service knows about idempotency at all.

#include <atomic>
#include <cstdint>

#include "core/clock.h"
#include "db/database.h"
#include "http/api.h"

namespace lakeguard::platform {

inline constexpr int64_t kIdempotencyTtlMs = 24LL * 3600 * 1000;

class SqlIdempotencyStore final : public http::IdempotencyStore {
 public:
  SqlIdempotencyStore(db::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Result<std::optional<http::Response>> answer(const Key& k) override;
  http::Response run_claiming(const Key& k,
                              const std::function<http::Response()>& handler) override;
  Result<std::optional<http::Response>> finish(const Key& k, const http::Response& res) override;

 private:
  db::Database& db_;
  const Clock& clock_;
  std::atomic<int64_t> purged_ms_{0};  // last purge of expired keys
};

}  // namespace lakeguard::platform
