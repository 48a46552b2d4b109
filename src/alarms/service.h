#pragma once
// The alarms' use cases: evaluate the rules over committed readings (the ReadingFeed sink) and on
// the clock, turn level changes into deduplicated alarms (one per non-terminal fingerprint
// device+metric+rule: a new occurrence counts, a higher level escalates), the lifecycle actions,
// and the rules' CRUD. Every write is one transaction with its history rows and audit
// (platform::ChangeSet); live events on topic `alarms` after the commit, then the notification
// channels. No HTTP, no SQL. Thread-safe.

#include <atomic>
#include <boost/json.hpp>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "alarms/channels.h"
#include "alarms/engine.h"
#include "alarms/model.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/events.h"
#include "core/principal.h"
#include "core/telemetry.h"
#include "db/database.h"
#include "platform/changes.h"

namespace lakeguard::alarms {

struct AlarmsOptions {
  int64_t tick_ms = 10'000;  // how often the clock evaluates offline rules and clear periods
};

struct AlarmPage {
  std::vector<boost::json::object> items;
  int64_t total = 0;
  int64_t page = 1;
  int64_t page_size = 50;
};

class AlarmsService {
 public:
  // `events` may be null (no live updates); `history` may be null (no monitor context).
  AlarmsService(db::Database& db, const Clock& clock, platform::AuditSink& audit, EventSink* events,
                const ReadingHistory* history, AlarmsOptions opts = {});

  // Seeds the built-in rainstorm rule, loads the rules and their persisted states.
  void start();
  // The ReadingFeed sink: evaluates the batch, writes the alarms and states in one transaction.
  void on_readings(std::span<const Reading> batch);
  // The clock (offline rules, rainstorm clear periods), at the service clock's now.
  void tick();
  void add_channel(std::shared_ptr<Channel> ch);

  // GET /alarms (device_id, status, level, rule, sort, page, page_size; 400 naming a bad one).
  Result<AlarmPage> list(const Principal& p,
                         const std::vector<std::pair<std::string, std::string>>& params);
  // GET /alarms/{id}: with `actions` (oldest first) and `allowed_actions`; 404 outside scope.
  Result<boost::json::object> get(const Principal& p, int64_t id);
  // POST /alarms/{id}/actions {"action", "note"?}: 422 bad body, 403 role, 404 scope, 409 state.
  Result<boost::json::object> act(const Principal& p, int64_t id, const boost::json::object& body,
                                  std::optional<int64_t> if_match, const platform::Actor& who);

  // For incident command (docs/alarms.md "Conversion"): the alarm as `p` sees it (404 outside
  // the scope).
  Result<Alarm> find(const Principal& p, int64_t id);
  // The one way an alarm becomes converted: inside the caller's transaction on `c` (incidents
  // opening an incident from it), with the caller's ChangeSet (which it commits). 404 outside the
  // scope, 403 for a role that does not act on alarms, 409 (field alarm_id) unless verified —
  // the message names the state. Sets incident_ref, writes the history row, audits the change.
  Result<Alarm> convert_in(db::Connection& c, platform::ChangeSet& ch, const Principal& p,
                           int64_t id, const std::string& incident_ref, const platform::Actor& who);

  Result<boost::json::array> rules(const Principal& p);
  Result<boost::json::object> rule(const Principal& p, int64_t id);
  Result<boost::json::object> create_rule(const Principal& p, const boost::json::object& body,
                                          const platform::Actor& who);
  Result<boost::json::object> update_rule(const Principal& p, int64_t id,
                                          const boost::json::object& body,
                                          std::optional<int64_t> if_match,
                                          const platform::Actor& who);

  int64_t failures() const { return failures_.load(); }
  int64_t evaluated() const { return evaluated_.load(); }
  // Alarm writes run again because another instance opened the same alarm first.
  int64_t conflict_retries() const { return conflict_retries_.load(); }

 private:
  void reload_rules(db::Connection& c);
  void commit_signals(std::vector<Signal>& signals);
  void apply(db::Connection& c, const Signal& s, platform::ChangeSet& ch,
             std::vector<Notification>& out);
  boost::json::object detail(db::Connection& c, const Principal& p, const Alarm& a);
  Event event_of(std::string_view type, const Alarm& a) const;

  db::Database& db_;
  const Clock& clock_;
  platform::AuditSink& audit_;
  EventSink* events_;
  const ReadingHistory* history_;
  const AlarmsOptions opts_;
  std::mutex mu_;  // the engine, and the order of alarm writes
  Engine engine_;
  std::mutex channels_mu_;
  std::vector<std::shared_ptr<Channel>> channels_;
  std::atomic<int64_t> failures_{0};
  std::atomic<int64_t> evaluated_{0};
  std::atomic<int64_t> conflict_retries_{0};
};

// The API form of an alarm.
boost::json::object to_json(const Alarm& a);
boost::json::object to_json(const ActionRecord& a);

}  // namespace lakeguard::alarms
