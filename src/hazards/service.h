#pragma once
// The hidden dangers' use cases: report, list, read with the action history, act (the state
// machine of lifecycle.h), statistics. Each write is one transaction with its action record and
// its audit row (platform::ChangeSet), and its live event on topic `hazards` after the commit.
// Enterprises are reached through the registry's service (their existence, scope and town),
// never its tables. The one door other contexts use. No HTTP, no SQL. Thread-safe.

#include <boost/json.hpp>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "core/events.h"
#include "core/principal.h"
#include "db/database.h"
#include "hazards/model.h"
#include "hazards/notices.h"
#include "hazards/schedule.h"
#include "platform/changes.h"
#include "registry/service.h"

namespace lakeguard::hazards {

// The scheduler of reminders and supervision orders (督办) over the store (docs/hazards.md "The
// scheduler pass").
struct SchedulerOptions {
  ScheduleConfig schedule;  // reminder days and hour, escalation interval, top level
  // A background pass every this many seconds (the first at start); 0: none (tests, and
  // instances that leave the pass to another one — passes are safe on several instances).
  int64_t interval_s = 0;
  // A notice recorded more than this after it was due is marked `late` (a pass after a downtime).
  int64_t late_grace_ms = 3600LL * 1000;
  int max_attempts = 5;                       // deliveries tried per notice before it stays failed
  int64_t claim_timeout_ms = 10 * 60 * 1000;  // a claim older than this is taken over
  int64_t delivery_batch = 1000;              // notices handed to the sender per pass, at most
};

struct HazardsOptions {
  // The rectification deadline confirm and reopen give when none is sent: calendar days from
  // today (Asia/Shanghai). 30 for 一般 (issue 10; a 重大 one takes its plan's deadline).
  int64_t default_deadline_days = 30;
  // How far ahead any deadline may lie (a typo such as 2206 is refused).
  int64_t max_deadline_days = 1095;
  // The largest photo accepted, bytes (413 above it). Below the server's body_limit.
  int64_t max_photo_bytes = 5 * 1024 * 1024;
  SchedulerOptions scheduler;
};

// What one scheduler pass did.
struct PassCounts {
  int64_t now_ms = 0;
  int64_t followed = 0;      // hidden dangers under a deadline
  int64_t recorded = 0;      // notices this pass recorded (none that another pass had)
  int64_t reminders = 0;     // of them, reminders
  int64_t supervisions = 0;  // of them, supervision orders
  int64_t superseded = 0;    // of them, reminders recorded only (the hazard was overdue)
  int64_t late = 0;          // of them, recorded after their grace (after a downtime)
  int64_t delivered = 0;     // notices the sender took this pass
  int64_t failed = 0;        // notices the sender refused this pass (retried later)
};
boost::json::object to_json(const PassCounts& c);

// The in-app channel: writes each notice's text to the log (spdlog, level info) and takes it.
// An SMS gateway is an external service behind the same interface (not part of lakeguard).
class LogNoticeSender final : public NoticeSender {
 public:
  std::string_view name() const override { return "log"; }
  Status send(const OutgoingNotice& n) override;
};

// The scheduler pass: from the stored hidden dangers, the stored notices and the clock, records
// every notice of the schedule that is due and not yet recorded (each once: the table's unique
// key and INSERT … ON CONFLICT DO NOTHING, so a second pass or a second instance records
// nothing twice), audited, in one transaction; after the commit hands each deliverable notice
// to the sender (claimed first, so two passes never send the same one) and records the outcome.
// Thread-safe; passes of one instance run one at a time.
class NoticeScheduler {
 public:
  // `events` may be null. `sender` must outlive the scheduler.
  NoticeScheduler(db::Database& db, const Clock& clock, platform::AuditSink& audit,
                  EventSink* events, NoticeSender& sender, SchedulerOptions opts);
  ~NoticeScheduler();

  // One pass now (a system job).
  PassCounts run_pass();
  // POST /hazards/scheduler/run: a district officer or an admin only (403 otherwise).
  Result<PassCounts> run(const Principal& p);

  // Runs a pass every opts.interval_s seconds on a thread of its own (the first at once), until
  // stop(); nothing when interval_s is 0. A failing pass is logged and retried at the next tick.
  void start();
  void stop();
  const SchedulerOptions& options() const { return opts_; }

 private:
  void deliver(PassCounts& counts);

  db::Database& db_;
  const Clock& clock_;
  platform::AuditSink& audit_;
  EventSink* events_;
  NoticeSender& sender_;
  const SchedulerOptions opts_;
  std::mutex pass_mu_;
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::thread thread_;
};

struct HazardPage {
  std::vector<boost::json::object> items;
  int64_t total = 0;
  int64_t page = 1;
  int64_t page_size = 50;
};

class HazardsService {
 public:
  // `events` may be null (no live updates).
  HazardsService(db::Database& db, const Clock& clock, platform::AuditSink& audit,
                 EventSink* events, registry::RegistryService& registry, HazardsOptions opts = {});

  // POST /hazards: 403 for a viewer (and an enterprise user reporting anything but a
  // self-check, field `source`); 422 for bad fields, or an enterprise the caller cannot see
  // (field `enterprise_id`). Returns the hazard as the API shows it, with its history.
  Result<boost::json::object> report(const Principal& p, const boost::json::object& body,
                                     const platform::Actor& who);
  // GET /hazards: the page of the caller's scope that matches the query parameters (400 naming a
  // bad parameter).
  Result<HazardPage> list(const Principal& p,
                          const std::vector<std::pair<std::string, std::string>>& params);
  // GET /hazards/{id}: the hazard, its `actions` (oldest first) and the `allowed_actions` the
  // caller may take now; 404 outside the scope.
  Result<boost::json::object> get(const Principal& p, int64_t id);
  // POST /hazards/{id}/actions: 422 for a bad body (unknown action: field `action`), 404 outside
  // the scope, then the state machine's 403/409; `if_match` a stale version → 409.
  Result<boost::json::object> act(const Principal& p, int64_t id, const boost::json::object& body,
                                  std::optional<int64_t> if_match, const platform::Actor& who);
  // GET /hazards/stats: counts by status, class, town, industry and source, the overdue count,
  // the on-time closure rate and the mean days to close, over the caller's scope and the list's
  // filters.
  Result<boost::json::object> stats(const Principal& p,
                                    const std::vector<std::pair<std::string, std::string>>& params);
  // Per enterprise in the caller's scope (only `enterprise_id` when given): its open, overdue and
  // open 重大 hidden dangers as of today (Asia/Shanghai), in one query — what the risk index
  // counts (risk's recompute of one enterprise or of all of them). Absent: none.
  std::map<int64_t, EnterpriseCounts> counts_by_enterprise(
      const Principal& p, std::optional<int64_t> enterprise_id = std::nullopt);

  // GET /hazards/supervisions: the hidden dangers with supervision orders (督办) for their
  // current deadline, in the caller's scope (in the SQL), with the escalation count and the
  // level the latest order went to; `status` open (default: still rectifying or submitted),
  // closed or all; `town`; paged. 400 naming a bad parameter.
  Result<HazardPage> supervisions(const Principal& p,
                                  const std::vector<std::pair<std::string, std::string>>& params);

  // POST /hazards/{id}/photos: `bytes` as uploaded, `media_type` as declared. 413 over
  // max_photo_bytes; 415 unless the declared type may carry a photo and the bytes are JPEG, PNG
  // or WebP; 404 outside the scope; a finding while reported (who may report), evidence while
  // rectifying (who may submit), else 403/409. Stored once per SHA-256; `created` tells whether
  // the hidden danger did not show it before.
  struct PhotoAdded {
    boost::json::object photo;
    bool created = false;
  };
  Result<PhotoAdded> add_photo(const Principal& p, int64_t id, const std::string& media_type,
                               const std::string& bytes, const platform::Actor& who);
  // GET /hazards/photos/{hash}: the bytes and their media type, when a hidden danger in the
  // caller's scope shows the photo (404 otherwise).
  struct PhotoBytes {
    std::string media_type;
    std::string bytes;
  };
  Result<PhotoBytes> photo(const Principal& p, const std::string& hash);

  // For another context's records (an inspection task's item, issue 10 item 4): the same checks
  // as add_photo (413, 415) and the same store, without linking the photo to a hidden danger;
  // returns its hash. The caller keeps the hash and checks its own scope before stored_photo.
  Result<std::string> store_photo(const std::string& media_type, const std::string& bytes);
  // The photo by its hash (404 when none is stored), for a caller that checked its scope.
  Result<PhotoBytes> stored_photo(const std::string& hash);

  const HazardsOptions& options() const { return opts_; }

 private:
  boost::json::object detail(db::Connection& c, const Principal& p, const Hazard& h,
                             const std::string& today);
  Event event_of(std::string_view type, const Hazard& h, const std::string& today) const;

  db::Database& db_;
  const Clock& clock_;
  platform::AuditSink& audit_;
  EventSink* events_;
  registry::RegistryService& registry_;
  const HazardsOptions opts_;
};

}  // namespace lakeguard::hazards
