#include "platform/idempotency.h"
#include "core/json.h"

#include <boost/json.hpp>

namespace lakeguard::platform {
namespace {

namespace json = boost::json;

http::Response replay_of(const db::Row& r) {
  http::Response res;
  res.status = static_cast<int>(r.i64(0));
  res.body = r.str(1);
  res.content_type.clear();
  auto headers = json::parse(r.str(2)).as_array();
  for (const auto& h : headers) {
    const auto& pair = h.as_array();
    std::string name(pair.at(0).as_string()), value(pair.at(1).as_string());
    if (name == "Content-Type")
      res.content_type = value;
    else
      res.headers.emplace_back(std::move(name), std::move(value));
  }
  res.headers.emplace_back("Idempotent-Replayed", "true");
  return res;
}

// Claims the key in the first transaction of the request that wrote something.
class ClaimHook final : public db::CommitHook {
 public:
  ClaimHook(const http::IdempotencyStore::Key& k, int64_t now_ms) : k_(k), now_ms_(now_ms) {}

  void after_begin(db::Connection& c) override {
    if (!claimed_ && c.dialect() == db::Dialect::kSqlite)
      changes_at_begin_ = c.query("SELECT total_changes()").rows.at(0).i64(0);
  }

  void before_commit(db::Connection& c) override {
    if (claimed_ || !wrote(c)) return;
    auto held =
        c.query("SELECT request_id FROM idempotency_keys WHERE user_id = ? AND idem_key = ?",
                {k_.user_id, k_.key});
    if (!held.empty()) {
      if (held.rows[0].str(0) != k_.request_id) throw http::IdempotencyKeyHeld();
      claimed_ = true;
      return;
    }
    try {
      c.exec(
          "INSERT INTO idempotency_keys (user_id, idem_key, request_hash, request_id, "
          "created_at_ms) VALUES (?, ?, ?, ?, ?)",
          {k_.user_id, k_.key, k_.request_hash, k_.request_id, now_ms_});
    } catch (const db::ConstraintError&) {
      throw http::IdempotencyKeyHeld();  // a concurrent repeat inserted it first
    }
    claimed_ = true;
  }

 private:
  // Whether the transaction about to commit changed anything: read-only transactions of a request
  // claim nothing, so a request that failed before writing may be retried with its key.
  bool wrote(db::Connection& c) const {
    if (c.dialect() == db::Dialect::kPostgres)
      return c.query("SELECT CASE WHEN pg_current_xact_id_if_assigned() IS NULL THEN 0 ELSE 1 END")
                 .rows.at(0)
                 .i64(0) != 0;
    return c.query("SELECT total_changes()").rows.at(0).i64(0) != changes_at_begin_;
  }

  const http::IdempotencyStore::Key& k_;
  const int64_t now_ms_;
  int64_t changes_at_begin_ = 0;
  bool claimed_ = false;
};

}  // namespace

Result<std::optional<http::Response>> SqlIdempotencyStore::answer(const Key& k) {
  int64_t now = clock_.now_ms();
  auto c = db_.acquire();
  // Expired keys go, all of them at most once a minute.
  int64_t purged = purged_ms_.load(std::memory_order_relaxed);
  if (now - purged > 60'000 && purged_ms_.compare_exchange_strong(purged, now))
    c->exec("DELETE FROM idempotency_keys WHERE created_at_ms < ?", {now - kIdempotencyTtlMs});
  auto rows = c->query(
      "SELECT status, response_body, response_headers, request_hash, created_at_ms FROM "
      "idempotency_keys WHERE user_id = ? AND idem_key = ?",
      {k.user_id, k.key});
  if (rows.empty()) return std::optional<http::Response>();
  const auto& r = rows.rows[0];
  if (r.i64(4) < now - kIdempotencyTtlMs) {
    // Expired (not purged yet): the key is new again.
    c->exec("DELETE FROM idempotency_keys WHERE user_id = ? AND idem_key = ? AND created_at_ms < ?",
            {k.user_id, k.key, now - kIdempotencyTtlMs});
    return std::optional<http::Response>();
  }
  if (r.str(3) != k.request_hash)
    return Error::validation(
        "Idempotency-Key", "This Idempotency-Key was used for a different request; use a new key.");
  if (r.opt_i64(0)) return std::optional<http::Response>(replay_of(r));
  if (now - r.i64(4) < 60'000)
    return Error::conflict(
        "A request with this Idempotency-Key is still being processed; retry in a moment.",
        "Idempotency-Key");
  // The write committed but its answer was not stored (the server stopped in between).
  return Error::conflict(
      "A request with this Idempotency-Key was applied, but its answer was lost; read the object "
      "to see the result.",
      "Idempotency-Key");
}

http::Response SqlIdempotencyStore::run_claiming(const Key& k,
                                                 const std::function<http::Response()>& handler) {
  ClaimHook hook(k, clock_.now_ms());
  db::ScopedCommitHook scoped(&hook);
  return handler();
}

Result<std::optional<http::Response>> SqlIdempotencyStore::finish(const Key& k,
                                                                  const http::Response& res) {
  json::array headers;
  if (!res.content_type.empty()) headers.push_back(json::array{"Content-Type", res.content_type});
  for (const auto& [name, v] : res.headers) headers.push_back(json::array{name, v});
  auto c = db_.acquire();
  int64_t stored = c->exec(
      "UPDATE idempotency_keys SET status = ?, response_body = ?, response_headers = ? WHERE "
      "user_id = ? AND idem_key = ? AND request_id = ? AND status IS NULL",
      {int64_t{res.status}, res.shared_body ? *res.shared_body : res.body, json_text(headers),
       k.user_id, k.key, k.request_id});
  if (stored > 0 || res.status < 400) return std::optional<http::Response>();
  // This request failed; if a concurrent repeat claimed the key, answer as it did.
  return answer(k);
}

}  // namespace lakeguard::platform
