#pragma once
// The tail of every write, written once for all contexts: audit each change in the write's
// transaction (who, when, what, before/after), commit, then publish each change's live event.
// Services build a ChangeSet as they write and call commit() instead of tx.commit().

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/events.h"
#include "core/principal.h"
#include "db/database.h"

namespace lakeguard::platform {

// Who made a change: a user's request, or a system job (demo load, CLI).
struct Actor {
  std::optional<int64_t> user_id;
  std::string name;  // username, or "system", "cli", "demo"
  std::string request_id;

  static Actor of(const Principal& p, std::string request_id) {
    return Actor{p.user_id, p.username, std::move(request_id)};
  }
  static Actor system(std::string name, std::string request_id = {}) {
    return Actor{std::nullopt, std::move(name), std::move(request_id)};
  }
};

// One audited change.
struct AuditRecord {
  Actor actor;
  std::string action;  // create | update | delete | import | login | revoke | …
  std::string entity;  // the collection, e.g. "shelters"
  std::string entity_id;
  boost::json::value before;  // null when none
  boost::json::value after;
};

// Where audit records go (the auth context keeps the audit log). Thread-safe.
class AuditSink {
 public:
  virtual ~AuditSink() = default;
  // Writes r in c's current transaction, so the record and the change commit or roll back
  // together.
  virtual void record(db::Connection& c, const AuditRecord& r, int64_t now_ms) = 0;
};

class ChangeSet {
 public:
  // `events` may be null (no live updates, e.g. the CLI).
  ChangeSet(AuditSink& audit, EventSink* events, const Clock& clock, Actor who)
      : audit_(audit), events_(events), clock_(clock), who_(std::move(who)) {}

  // One change: audited with `who`, and `event` (if any) published after the commit.
  void add(std::string action, std::string entity, std::string entity_id, boost::json::value before,
           boost::json::value after, std::optional<Event> event = std::nullopt);
  bool empty() const { return changes_.empty(); }
  size_t size() const { return changes_.size(); }

  // Audits every change in tx's transaction on c, commits tx, then publishes the events in order.
  // REQUIRES: tx is the open transaction on c that made the changes.
  void commit(db::Connection& c, db::Transaction& tx);
  // Audits without committing (for callers that commit a larger transaction themselves, e.g. the
  // demo load); the events are dropped.
  void audit_only(db::Connection& c);

 private:
  struct Change {
    AuditRecord record;
    std::optional<Event> event;
  };
  AuditSink& audit_;
  EventSink* events_;
  const Clock& clock_;
  Actor who_;
  std::vector<Change> changes_;
};

}  // namespace lakeguard::platform
